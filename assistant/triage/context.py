"""Scope around a red-flag match: normalised text, clauses, negation, who, when, hypotheticals, idioms."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from assistant.triage import cues
from assistant.triage.gate import gated_spans


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


# A run-on message with no full stops is read in windows of this many characters either side of a
# match; otherwise each check would rescan the whole text and a 200 KB message would take minutes.
SCOPE = 400
MAX_FINDINGS_PER_KEY = 20


@dataclass(frozen=True)
class Rule:
    """One reviewed pattern and the context checks a match must pass to count."""

    key: str
    patterns: tuple[re.Pattern[str], ...]  # alternative phrasings, each gated by its own literals
    who: str = "person"  # "person": any human; "subject": whom the message is about; "self_harm"; "any"
    negation: bool = True
    hypothetical: bool = True
    temporal: bool = True  # reject symptoms that came and went long ago
    chronic: bool = False  # reject long-standing, known, unchanged symptoms
    positional: re.Pattern[str] | None = None  # brief causes that explain it away (sitting, cycling, exercise)
    context: re.Pattern[str] | None = None  # words that must also occur nearby ("leg" for "the other one")
    needs_new: bool = False  # count only when the sentence says it is new or worse
    lang: str = "en"  # the language the pattern is written in
    veto: re.Pattern[str] | None = None  # anything in the sentence that explains the match away
    benign: re.Pattern[str] | None = None  # like veto, unless the sentence says it is new or worse


@dataclass(frozen=True)
class Finding:
    """A match that passed its rule's context checks."""

    key: str
    start: int
    end: int
    lang: str = "en"


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


class Context:
    """Indexes of sentences, clauses and cue words in one normalised message."""

    def __init__(self, text: str, negation: dict[str, re.Pattern[str]] | None = None,
                 hypothetical: re.Pattern[str] | None = None) -> None:
        """Index text; negation adds other languages' cues (each reaching 4 words), hypothetical theirs."""
        self.text = text
        self.sentences = [0] + [m.end() for m in cues.SENTENCE_END.finditer(text)]
        self.clauses = sorted(set(self.sentences + [m.end() for m in cues.CLAUSE_END.finditer(text)]))
        self.negations = _spans(cues.NEGATION, text)
        self.loose_negations = {lang: _spans(p, text) for lang, p in (negation or {}).items()}
        self.hypotheticals = sorted(_spans(cues.HYPOTHETICAL, text) + (
            _spans(hypothetical, text) if hypothetical else []))
        self.idioms = sorted((s, e) for _, s, e in gated_spans(cues.IDIOMS, text))
        self.who = sorted(self._who_words() + [
            (m.end() - 1, m.lastgroup or "other") for m in cues.WHO_PHRASES.finditer(text)])
        self.who_starts = [pos for pos, _ in self.who]
        self.subject = self._subject()
        # Someone else's symptom told in passing ("my friend still has bladder problems") while the
        # writer asks about their own back is not the person being triaged.
        self.third_is_incidental = bool(cues.SELF_SUBJECT.search(text)) and not (
            cues.THIRD_PARTY_SUBJECT.search(text) or cues.THIRD_PARTY_LOOSE.search(text))
        self.raw: list[tuple[int, int]] = []  # every rule's raw matches, set by find()

    def _who_words(self) -> list[tuple[int, str]]:
        """Single-word who cues; "my" counts only before a body word ("my bum"), not "my office"."""
        tokens = [(m.start(), m.group().removesuffix("'s")) for m in cues.WORD.finditer(self.text)]
        out: list[tuple[int, str]] = []
        for i, (pos, word) in enumerate(tokens):
            kind = cues.WHO_WORDS.get(word)
            if kind and word in cues.POSSESSIVES:
                following = tokens[i + 1][1] if i + 1 < len(tokens) else ""
                kind = kind if following in cues.BODY_WORDS else None
            if kind:
                out.append((pos, kind))
        return out

    def _subject(self) -> str:
        """'third' when the message is about someone else's back ("my dad is 78 and has…"), else 'self'."""
        if cues.THIRD_PARTY_SUBJECT.search(self.text):
            return "third"
        if cues.SELF_SUBJECT.search(self.text):
            return "self"
        if cues.THIRD_PARTY_LOOSE.search(self.text) or cues.THIRD_PARTY_BACK.search(self.text):
            return "third"
        # No "I" at all, a relative (or he/she) and some pain: writing about them ("My dad is 78 and…").
        third = any(kind in ("third", "pronoun") for _, kind in self.who) and cues.PAIN_WORD.search(self.text)
        return "third" if third and not cues.I_PRONOUN.search(self.text) else "self"

    def sentence(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding pos, at most SCOPE characters either side of it."""
        i = bisect_right(self.sentences, pos) - 1
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return max(self.sentences[max(i, 0)], pos - SCOPE), min(end, pos + SCOPE)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Start of the clause holding start, and end of the clause holding end (clipped like sentences)."""
        i = bisect_right(self.clauses, start) - 1
        j = bisect_right(self.clauses, max(end - 1, start))
        stop = self.clauses[j] if j < len(self.clauses) else len(self.text)
        return max(self.clauses[max(i, 0)], start - SCOPE), min(stop, end + SCOPE)

    def _inside_raw(self, pos: int) -> bool:
        # A negative word inside another symptom ("can't control my bladder") is not a negation.
        i = bisect_right(self.raw, (pos, len(self.text) + 1)) - 1
        while i >= 0 and self.raw[i][0] > pos - 250:
            if self.raw[i][0] <= pos < self.raw[i][1]:
                return True
            i -= 1
        return False

    def is_negated(self, start: int, end: int, lang: str = "en") -> bool:
        """True when a negation in the same clause governs the match, or a 'fine/none' follows it."""
        clause_start = self.clause(start, end)[0]
        lo = max(clause_start, start - 110)
        i = bisect_left(self.negations, (lo, 0))
        for cue_start, cue_end in self.negations[i:]:
            if cue_start >= start:
                break
            if cue_end > start or self._inside_raw(cue_start):
                continue
            if all(w in cues.NEGATION_GAP_WORDS or w.removesuffix("s") in cues.NEGATION_GAP_WORDS
                   for w in cues.WORD.findall(self.text[cue_end:start])):
                return True
        for cue_start, cue_end in self.loose_negations.get(lang, ()):
            if lo <= cue_start and cue_end <= start and not self._inside_raw(cue_start) and len(
                    self.text[cue_end:start].split()) <= 4:
                return True
        # The follow-up is read across '?' and ':' ("Numbness down there? No."); its own regex stops it.
        return bool(cues.POST_NEGATION.match(self.text, end, end + 60))

    def is_hypothetical(self, start: int, end: int) -> bool:
        """True when the match sits in an 'if I get…', 'what should I watch for' or 'signs of' clause."""
        lo = max(self.clause(start, start + 1)[0], start - 150)
        i = bisect_left(self.hypotheticals, (lo, 0))
        if any(s < start for s, _ in self.hypotheticals[i:i + 4] if s >= lo):
            return True
        s_start, s_end = self.sentence(start)
        sentence = self.text[s_start:s_end]
        if cues.GENERIC_QUESTION.match(sentence) and not cues.PERSON.search(sentence):
            return True  # "Is loss of bladder control always an emergency?" asks about people in general
        # A term in quotes is being mentioned, not reported: what does 'saddle anaesthesia' mean?
        quote = self.text[start - 1:start]
        return quote in ("'", '"') and self.text[end:end + 1] == quote

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
        c_start, c_end = self.clause(start, end)
        chronic = self._sentence_has(cues.CHRONIC_CONDITION, start, end) or bool(
            cues.CHRONIC_DURATION.search(self.text, c_start, c_end))
        return chronic and not self.is_new(start, end)

    def is_positional(self, start: int, end: int, causes: re.Pattern[str] = cues.POSITIONAL) -> bool:
        """True for brief numbness from sitting, cycling or crossed legs that wears off."""
        return self._sentence_has(causes, start, end) and not (
            self._sentence_has(cues.PERSISTS, start, end)
            or self._sentence_has(cues.POSITIONAL_UNDONE, start, end))

    def is_new(self, start: int, end: int) -> bool:
        """True when the sentence says the symptom is new, recent or worse ("nothing has changed" is not)."""
        s, e = self.sentence(start)
        return any(not cues.NOT_BEFORE.search(self.text[max(m.start() - 15, 0):m.start()])
                   for m in cues.CHANGED.finditer(self.text, s, max(e, end)))

    def accepts(self, rule: Rule, start: int, end: int) -> bool:
        """Whether a raw match of rule counts as a current finding."""
        if self.in_idiom(start, end):
            return False
        if rule.veto is not None and self._sentence_has(rule.veto, start, end):
            return False
        if rule.benign is not None and self._sentence_has(rule.benign, start, end) and not self.is_new(
                start, end):
            return False
        if rule.negation and self.is_negated(start, end, rule.lang):
            return False
        if rule.hypothetical and self.is_hypothetical(start, end):
            return False
        who = self.experiencer(start)
        if rule.who == "person" and (who == "other" or who == "third" and (
                self.third_is_incidental or self._sentence_has(cues.CARED_FOR, start, end))):
            return False
        if rule.who == "subject" and who != self.subject:
            return False
        if rule.who == "self_harm" and (self._sentence_has(cues.MEDIA, start, end) or (
                who == "other" and not cues.FIRST_PERSON.search(self.text, start, end))):
            return False
        if rule.temporal and self.is_historical(start, end):
            return False
        if rule.chronic and self.is_chronic(start, end):
            return False
        if rule.context is not None and not rule.context.search(self.text, max(start - SCOPE, 0), end + SCOPE):
            return False
        if rule.positional is not None and self.is_positional(start, end, rule.positional):
            return False
        return not (rule.needs_new and not self.is_new(start, end))


def find(rules: tuple[Rule, ...], ctx: Context) -> list[Finding]:
    """Every match of rules in ctx that passes its context checks."""
    owners: dict[re.Pattern[str], list[Rule]] = {}
    for rule in rules:
        for pattern in rule.patterns:  # re.compile caches, so two rules may share a pattern object
            owners.setdefault(pattern, []).append(rule)
    raw = [(rule, s, e) for p, s, e in gated_spans(tuple(owners), ctx.text) if e > s for rule in owners[p]]
    ctx.raw = sorted((s, e) for _, s, e in raw)
    findings: list[Finding] = []
    accepted: dict[str, int] = {}
    for rule, s, e in raw:
        # A few findings per rule are all the grading needs; a message repeating one phrase
        # thousands of times need not have every repeat checked.
        if accepted.get(rule.key, 0) < MAX_FINDINGS_PER_KEY and ctx.accepts(rule, s, e):
            accepted[rule.key] = accepted.get(rule.key, 0) + 1
            findings.append(Finding(rule.key, s, e, rule.lang))
    return findings
