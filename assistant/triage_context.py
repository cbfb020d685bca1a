"""Scope around a red-flag match: normalised text, clauses, negation, who, when, hypotheticals, idioms."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from assistant import triage_cues as cues


def _fold_table() -> dict[int, str]:
    """Per-character lower-casing and accent folding that never changes the text's length."""
    table: dict[int, str] = {}
    for cp in range(0x250):
        ch = chr(cp)
        if unicodedata.category(ch) == "Cc":
            table[cp] = "\n" if ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85" else " "
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        low = base.lower()
        table[cp] = low if len(low) == 1 else base
    table.update({ord(c): f for c, f in zip("łŁøØđĐı", "llooddi", strict=True)})
    table.update({ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u02bc\u2032\u00b4`"})
    table.update({ord(c): '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"})
    table.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
    table.update({ord(c): " " for c in "\u00a0\u2007\u202f\u200b\ufeff"})
    table.update({0x2026: ".", 0x2028: "\n", 0x2029: "\n"})
    return table


_FOLD = _fold_table()


def normalise(text: str) -> str:
    """Lower-case, accent-folded copy of text with the same length, so spans map back 1:1."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Rule:
    """One reviewed pattern and the context checks a match must pass to count."""

    key: str
    pattern: re.Pattern[str]
    who: str = "person"  # "person": anyone human; "subject": whoever the message is about; "self_harm"
    negation: bool = True
    hypothetical: bool = True
    temporal: bool = True  # reject symptoms that came and went long ago
    chronic: bool = False  # reject long-standing, known, unchanged symptoms
    positional: bool = False  # reject brief numbness from sitting, cycling or crossed legs
    needs_new: bool = False  # count only when the sentence says it is new or worse
    veto: re.Pattern[str] | None = None  # anything in the sentence that explains the match away


@dataclass(frozen=True)
class Finding:
    """A match that passed its rule's context checks."""

    key: str
    start: int
    end: int


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


class Context:
    """Indexes of sentences, clauses and cue words in one normalised message."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = [0] + [m.end() for m in cues.SENTENCE_END.finditer(text)]
        self.clauses = sorted(set(self.sentences + [m.end() for m in cues.CLAUSE_END.finditer(text)]))
        self.negations = _spans(cues.NEGATION, text)
        self.hypotheticals = _spans(cues.HYPOTHETICAL, text)
        self.idioms = _spans(cues.IDIOM, text)
        self.who = [(m.start(), m.lastgroup or "self") for m in cues.WHO.finditer(text)]
        self.who_starts = [pos for pos, _ in self.who]
        self.subject = "third" if cues.THIRD_PARTY_SUBJECT.search(text) and not cues.SELF_SUBJECT.search(
            text) else "self"
        self.raw: list[tuple[int, int]] = []

    def sentence(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding pos."""
        i = bisect_right(self.sentences, pos) - 1
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return self.sentences[max(i, 0)], end

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Start of the clause holding start, and end of the clause holding end."""
        i = bisect_right(self.clauses, start) - 1
        j = bisect_right(self.clauses, max(end - 1, start))
        stop = self.clauses[j] if j < len(self.clauses) else len(self.text)
        return self.clauses[max(i, 0)], stop

    def _inside_raw(self, pos: int) -> bool:
        # A negative word inside another symptom ("can't control my bladder") is not a negation.
        i = bisect_right(self.raw, (pos, len(self.text) + 1)) - 1
        return any(s <= pos < e for s, e in self.raw[max(0, i - 3): i + 1])

    def is_negated(self, start: int, end: int) -> bool:
        """True when a negation in the same clause governs the match, or a 'fine/none' follows it."""
        clause_start, clause_end = self.clause(start, end)
        lo = max(clause_start, start - 110)
        i = bisect_left(self.negations, (lo, 0))
        for cue_start, cue_end in self.negations[i:]:
            if cue_start >= start:
                break
            if cue_end > start or self._inside_raw(cue_start):
                continue
            if all(w in cues.NEGATION_GAP_WORDS for w in cues.WORD.findall(self.text[cue_end:start])):
                return True
        sentence_end = self.sentence(start)[1]
        after = self.text[end:min(max(clause_end, sentence_end), end + 60)]
        return bool(cues.POST_NEGATION.match(after))

    def is_hypothetical(self, start: int) -> bool:
        """True when the match sits in an 'if I get…', 'what should I watch for' or 'signs of' clause."""
        lo = max(self.clause(start, start + 1)[0], start - 150)
        i = bisect_left(self.hypotheticals, (lo, 0))
        return any(s < start for s, _ in self.hypotheticals[i:i + 4] if s >= lo)

    def in_idiom(self, start: int, end: int) -> bool:
        """True when the match overlaps an idiom such as 'wet myself laughing'."""
        i = bisect_left(self.idioms, (start, 0))
        return any(s < end and start < e for s, e in self.idioms[max(0, i - 2): i + 2])

    def experiencer(self, start: int) -> str:
        """'self', 'third' (a person), or 'other' (pet, character, news, someone the writer cares for)."""
        sentence_start = self.sentence(start)[0]
        prev = self.sentence(max(sentence_start - 1, 0))[0]
        lo = max(self.sentence(max(prev - 1, 0))[0], start - 300)
        i = bisect_left(self.who_starts, start) - 1
        pronoun_seen = False
        while i >= 0 and self.who[i][0] >= lo:
            kind = self.who[i][1]
            if kind == "media" and self.who[i][0] >= sentence_start:
                return "other"
            if kind == "pronoun":
                pronoun_seen = True
            elif kind in ("third", "other"):
                return kind
            elif kind == "self" and not pronoun_seen:
                return "self"
            i -= 1
        return "third" if pronoun_seen else "self"

    def _sentence_has(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        s, e = self.sentence(start)
        return pattern.search(self.text, s, max(e, end)) is not None

    def is_historical(self, start: int, end: int) -> bool:
        """True for a symptom that came and went ('years ago', 'long gone') and is not back now."""
        c_start, c_end = self.clause(start, end)
        if cues.CURRENT.search(self.text, c_start, c_end):
            return False
        if cues.DISTANT_PAST.search(self.text, c_start, c_end):
            return True
        s_end = self.sentence(start)[1]
        for window in ((end, s_end), (s_end, min(self.sentence(s_end)[1], s_end + 90))):
            for m in cues.RESOLVED.finditer(self.text, *window):
                if not cues.NOT_BEFORE.search(self.text[max(m.start() - 12, 0):m.start()]):
                    return True
        return False

    def is_chronic(self, start: int, end: int) -> bool:
        """True for a long-standing, known symptom that the sentence does not call new or worse."""
        return self._sentence_has(cues.CHRONIC, start, end) and not self._sentence_has(cues.CHANGED, start, end)

    def is_positional(self, start: int, end: int) -> bool:
        """True for brief numbness from sitting, cycling or crossed legs that wears off."""
        return self._sentence_has(cues.POSITIONAL, start, end) and not self._sentence_has(
            cues.PERSISTS, start, end)

    def is_new(self, start: int, end: int) -> bool:
        """True when the sentence says the symptom is new, recent or worse."""
        return self._sentence_has(cues.CHANGED, start, end)

    def accepts(self, rule: Rule, start: int, end: int) -> bool:
        """Whether a raw match of rule counts as a current finding."""
        if self.in_idiom(start, end):
            return False
        if rule.veto is not None and self._sentence_has(rule.veto, start, end):
            return False
        if rule.negation and self.is_negated(start, end):
            return False
        if rule.hypothetical and self.is_hypothetical(start):
            return False
        who = self.experiencer(start)
        if rule.who == "person" and who == "other":
            return False
        if rule.who == "subject" and who != self.subject:
            return False
        if rule.who == "self_harm" and self._sentence_has(cues.MEDIA, start, end):
            return False
        if rule.temporal and self.is_historical(start, end):
            return False
        if rule.chronic and self.is_chronic(start, end):
            return False
        if rule.positional and self.is_positional(start, end):
            return False
        return not (rule.needs_new and not self.is_new(start, end))


def find(rules: tuple[Rule, ...], ctx: Context) -> list[Finding]:
    """Every match of rules in ctx that passes its context checks."""
    text = ctx.text
    raw = [(rule, m.start(), m.end()) for rule in rules for m in rule.pattern.finditer(text)]
    ctx.raw = sorted((s, e) for _, s, e in raw)
    return [Finding(rule.key, s, e) for rule, s, e in raw if e > s and ctx.accepts(rule, s, e)]
