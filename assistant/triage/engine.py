"""Red-flag triage of a member's message: reviewed rules (no LLM), checked before anything else.

The rules implement ../shared/red-flags.md. Patterns: triage_rules (cauda equina, neurological
deficit), triage_crisis (self-harm), triage_features (cancer, infection, systemic), triage_features_spine
(fracture, aorta, SpA), triage_lang and triage_lang_features (Spanish, French, German, Polish).
triage_context (with the cue words in triage_cues) decides whether a match is a current symptom of a
person: negation, who, when, hypotheticals, idioms. triage_gate only makes the scan fast.
triage_levels turns findings into flags and levels; triage_messages and triage_lang_text word the reply.

If anything inside goes wrong, assess() still returns: level "none" with the generic safety-net
message and questions (and logs the error), so a bug can never silence the advice on what to watch for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.seams import Embedder
from assistant.triage.context import Context, find, normalise
from assistant.triage.crisis import SELF_HARM_RULES
from assistant.triage.features import FEATURE_RULES, age_of
from assistant.triage.features_spine import SPINE_RULES
from assistant.triage.lang import ALL_RULES, HYPOTHETICAL, MEDICAL, NEGATION, detect_language
from assistant.triage.lang_text import FALLBACK_EN, TEXTS
from assistant.triage.levels import FLAG_IDS, LEVELS, Flag, Level, grade, rank
from assistant.triage.messages import QUESTIONS, english_message, english_questions
from assistant.triage.neuro import NEURO_RULES
from assistant.triage.phrasings import PHRASING_RULES
from assistant.triage.rules import CES_RULES
from assistant.triage.semantic import is_calibrated, semantic_flags

__all__ = ["FLAG_IDS", "LEVELS", "REGIONS", "Flag", "Level", "Triage", "assess"]

log = logging.getLogger(__name__)

REGIONS = ("uk", "us")
ENGLISH_RULES = CES_RULES + PHRASING_RULES + NEURO_RULES + SELF_HARM_RULES + FEATURE_RULES + SPINE_RULES
_LEG_KEYS = {"leg_symptoms", "ces_bilateral", "ces_bilateral_weak", "neuro_deficit"}


@dataclass(frozen=True)
class Triage:
    """The most urgent level any flag implies, the flags, and what to tell the person."""

    level: Level
    flags: tuple[Flag, ...]
    message: str
    questions: tuple[str, ...]
    language: str = "en"
    semantic: bool = False  # whether the semantic layer read the message too (False: the rules alone)

    @property
    def is_emergency(self) -> bool:
        """True when the person should go to A&E/ER or call 999/911 now."""
        return self.level == "emergency"

    @property
    def is_urgent_or_higher(self) -> bool:
        """True for urgent or emergency: see a doctor before any exercise."""
        return rank(self.level) >= rank("urgent")

    @property
    def has_self_harm(self) -> bool:
        """True when the message needs crisis routing."""
        return any(f.id == "self_harm" for f in self.flags)

    @property
    def flag_ids(self) -> tuple[str, ...]:
        """Distinct flag ids, most urgent first."""
        return tuple(dict.fromkeys(f.id for f in self.flags))

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: level, flags (id, evidence, start, end), message, questions."""
        return {
            "level": self.level,
            "flags": [{"id": f.id, "evidence": f.evidence, "start": f.start, "end": f.end} for f in self.flags],
            "message": self.message,
            "questions": list(self.questions),
            "semantic": self.semantic,
        }


def assess(text: str, *, region: str = "uk", embedder: Embedder | None = None) -> Triage:
    """Triage one message; never raises on any str, however long or odd.

    With an embedder, the semantic layer (assistant/triage/semantic.py) reads every clause as well and
    may raise the level; without one, the reviewed rules alone decide (Triage.semantic is False).
    """
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r} (expected one of: {', '.join(REGIONS)})")
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _assess(text, region, embedder)
    except Exception:  # a crash must not silence the safety net; log it and give the generic one
        log.exception("triage failed on a %d-character message", len(text))
        return Triage("none", (), FALLBACK_EN[region], QUESTIONS)


def _assess(text: str, region: str, embedder: Embedder | None = None) -> Triage:
    norm = normalise(text)
    ctx = Context(norm, NEGATION, HYPOTHETICAL)
    findings = find(ENGLISH_RULES + ALL_RULES, ctx)
    flags = tuple(grade(findings, text, norm, age_of(ctx)))
    semantic = is_calibrated(embedder)
    if semantic:
        flags = _raised(flags, semantic_flags(ctx, text, embedder))  # type: ignore[arg-type]
    level: Level = max((f.level for f in flags), key=rank, default="none")
    legs = any(f.key in _LEG_KEYS for f in findings)
    lang = detect_language(norm)
    if lang == "other" or not any(f.lang == "en" for f in findings):
        # A short foreign sentence ("Quiero suicidarme") is too short to guess; the rule that fired tells.
        lang = next((f.lang for f in findings if f.lang != "en"), lang)
    english = english_message(level, flags, region, legs)
    medical = bool(MEDICAL.search(norm))
    if lang in TEXTS:
        message, questions = _foreign_reply(lang, level, flags, region, legs, english, medical)
        return Triage(level, flags, message, questions, lang, semantic)
    if lang == "other" and level == "none" and medical:
        return Triage(level, flags, FALLBACK_EN[region], QUESTIONS, semantic=semantic)
    return Triage(level, flags, english, english_questions(level, legs), semantic=semantic)


def _raised(flags: tuple[Flag, ...], semantic: list[Flag]) -> tuple[Flag, ...]:
    """The rules' flags plus each semantic flag that is more urgent than the rules found for that flag."""
    best = {f.id: rank(f.level) for f in flags}
    extra: list[Flag] = []
    for f in sorted(semantic, key=lambda f: -rank(f.level)):
        if rank(f.level) > best.get(f.id, -1):
            best[f.id] = rank(f.level)
            extra.append(f)
    return tuple(sorted(flags + tuple(extra), key=lambda f: (-rank(f.level), f.start, f.id)))


def _foreign_reply(lang: str, level: Level, flags: tuple[Flag, ...], region: str, legs: bool, english: str,
                   medical: bool) -> tuple[str, tuple[str, ...]]:
    """The reply in the person's language, then the English one (the studio's staff read it too)."""
    texts = TEXTS[lang]
    self_harm = any(f.id == "self_harm" for f in flags)
    lines: list[str] = []
    if level == "emergency":
        physical = {f.id for f in flags if f.level == "emergency"} - {"self_harm"}
        why = texts["why_ces"] if "cauda_equina" in physical else texts["why_other"] if physical else texts[
            "safety_first"]
        lines += [texts["emergency"][region], why]
    if self_harm:
        lines.append(texts["crisis"][region])
    elif level == "urgent":
        lines.append(texts["urgent"])
    if level != "emergency" and not self_harm and medical:
        # Only emergencies are read in this language, so anything medical gets the safety net.
        lines.append(texts["fallback"][region])
        english = english or FALLBACK_EN[region]
    if not lines:
        return english, english_questions(level, legs)
    questions = texts["questions"] if level != "emergency" else ()
    return "\n".join(lines) + ("\n\n" + english if english else ""), questions
