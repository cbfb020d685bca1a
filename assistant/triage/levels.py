"""Findings -> flags with urgency levels: the cluster and combination logic of red-flags.md §2."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from assistant.triage.context import Finding
from assistant.triage.features import INTENTIONAL, UNINTENTIONAL

Level = Literal["emergency", "urgent", "routine", "none"]
LEVELS: tuple[Level, ...] = ("none", "routine", "urgent", "emergency")  # increasing urgency
FLAG_IDS = ("cauda_equina", "progressive_neuro_deficit", "malignancy", "infection", "fracture", "vascular",
            "inflammatory", "systemic", "self_harm")


def rank(level: str) -> int:
    """Position of level in LEVELS (0 = none); unknown levels raise ValueError."""
    return LEVELS.index(level)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Flag:
    """One red-flag finding: which flag, the level it implies, and the text that triggered it."""

    id: str
    level: Level
    evidence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"id": self.id, "level": self.level, "evidence": self.evidence, "start": self.start,
                "end": self.end}


CES = ("ces_saddle", "ces_sphincter", "ces_sexual", "ces_bilateral", "ces_bilateral_weak", "ces_named")
NEURO = ("neuro_deficit", "neuro_severe", "ces_bilateral_weak")
CONSTITUTIONAL = ("fever", "rigors", "night_sweats", "unwell", "very_unwell", "weight_loss")
INFECTION_RISKS = ("ivdu", "immunosuppressed", "diabetes", "recent_infection", "spinal_procedure", "wound", "tb",
                   "ca_current")
SPA_SPECIFIC = ("spa_morning", "spa_night", "spa_movement", "spa_alternating", "spa_nsaid", "spa_extra",
                "spa_family")


# Enough evidence to show why; a 200 KB message repeating a symptom should not list it 8,000 times.
MAX_EVIDENCE_PER_FLAG = 8


class _Found:
    """The findings of one message by key, and the flags being built from them."""

    def __init__(self, findings: list[Finding], text: str, age: tuple[int, int, int] | None) -> None:
        self.by: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            self.by[f.key].append(f)
        self.text = text
        self.age = age[0] if age else None
        self.flags: list[Flag] = []

    def has(self, *keys: str) -> bool:
        return any(self.by.get(k) for k in keys)

    def older(self, years: int) -> bool:
        return self.age is not None and self.age >= years

    def add(self, flag_id: str, level: Level, keys: tuple[str, ...]) -> None:
        spans = sorted({(f.start, f.end) for key in keys for f in self.by.get(key, ())}, key=lambda s: (s[0], -s[1]))
        kept: list[tuple[int, int]] = []
        for start, end in spans:  # drop spans inside one already kept (overlapping phrasings)
            if not any(s <= start and end <= e for s, e in kept[-3:]):
                kept.append((start, end))
        self.flags.extend(Flag(flag_id, level, self.text[s:e], s, e) for s, e in kept[:MAX_EVIDENCE_PER_FLAG])

    def flagged(self, flag_id: str) -> bool:
        return any(f.id == flag_id for f in self.flags)


def grade(findings: list[Finding], text: str, norm: str, age: tuple[int, int, int] | None) -> list[Flag]:
    """Turn the findings of one message into flags, each at the level red-flags.md gives it."""
    found = _Found(findings, text, age)
    if found.has("weight_loss") and not UNINTENTIONAL.search(norm) and INTENTIONAL.search(norm):
        del found.by["weight_loss"]  # §2.8: dieting or GLP-1 weight loss is not a flag
    _neurological(found)
    _infection(found)
    _malignancy(found)
    _systemic(found)
    _fracture(found)
    _vascular(found)
    _inflammatory(found)
    _self_harm(found)
    return sorted(found.flags, key=lambda f: (-rank(f.level), f.start, f.id))


def _neurological(found: _Found) -> None:
    has = found.has
    if has(*CES):
        found.add("cauda_equina", "emergency", CES)
    if has(*NEURO):
        # §2.2: emergency when bilateral or severe, or with CES, trauma, infection or cancer.
        severe = has("neuro_severe", "major_trauma", "ca_history", "ca_current", *CES) or _has_infection(found)
        found.add("progressive_neuro_deficit", "emergency" if severe else "urgent", NEURO)


def _has_infection(found: _Found) -> bool:
    # §2.4: fever with a risk factor, wound trouble after a spinal procedure, IV drug use, rigors, or
    # fever with being very unwell.
    has = found.has
    fever = has("fever", "rigors", "night_sweats")
    return (fever and has(*INFECTION_RISKS)) or (has("wound") and has("spinal_procedure")) or has(
        "ivdu", "rigors") or (has("fever") and has("very_unwell"))


def _infection(found: _Found) -> None:
    has = found.has
    if _has_infection(found):
        # §2.4: systemically unwell, rigors, fever during chemotherapy (neutropenic sepsis) or neuro signs.
        emergency = has("rigors", "very_unwell", *CES, *NEURO) or (
            has("fever", "night_sweats") and has("ca_current"))
        found.add("infection", "emergency" if emergency else "urgent",
                  ("fever", "rigors", "night_sweats", "very_unwell", "ivdu", "wound", "spinal_procedure",
                   "immunosuppressed", "diabetes", "recent_infection", "tb"))


def _malignancy(found: _Found) -> None:
    has = found.has
    features = [k for k in ("ca_night", "ca_constant", "ca_not_improving", "ca_thoracic", "weight_loss") if has(k)]
    neuro = has(*CES, *NEURO)
    if has("ca_history", "ca_current"):
        # §2.3: neuro symptoms -> emergency; active cancer or any other feature -> urgent; a clearly
        # improving strain with nothing else -> routine safety-netting.
        others = features or found.older(50) or has("ca_straining", "ca_current", "ca_not_improving")
        level: Level = "emergency" if neuro else "urgent" if others or not has("improving") else "routine"
        found.add("malignancy", level, ("ca_current", "ca_history", "ca_night", "ca_constant", "ca_not_improving",
                                        "ca_thoracic", "weight_loss", "night_sweats", "unwell"))
        return
    new_in_older = found.older(50) and has("new_onset")
    if new_in_older and features or len(features) >= 3 and has("ca_night", "ca_constant"):
        # §2.3 without a cancer history: only a cluster (new pain at 50+ with another feature, or three of
        # night pain, constant pain, not improving, thoracic pain, weight loss).
        found.add("malignancy", "emergency" if neuro else "urgent",
                  ("ca_night", "ca_constant", "ca_not_improving", "ca_thoracic", "weight_loss"))


def _systemic(found: _Found) -> None:
    # §2.8: constitutional symptoms with no more specific pointer: a cancer history or an infection
    # risk factor takes them over; a cancer cluster without a history does not.
    if found.has(*CONSTITUTIONAL) and not (found.has("ca_history", "ca_current") or found.flagged("infection")):
        very = found.has("very_unwell") and found.has("fever", "rigors", "night_sweats")
        found.add("systemic", "emergency" if very else "urgent", CONSTITUTIONAL)


def _fracture(found: _Found) -> None:
    has = found.has
    if has("major_trauma") or has("ankylosing") and has("minor_trauma", "minor_load"):
        # §2.5: significant trauma, or any trauma to a rigid (AS) spine.
        found.add("fracture", "emergency", ("major_trauma", "ankylosing", "minor_trauma"))
    elif has("osteoporosis", "long_term_steroids") and has("minor_trauma", "minor_load", "sudden_severe") or (
            found.older(70) and has("minor_trauma")):
        # §2.5: minor trauma, load or sudden pain with osteoporosis or long-term steroids; a fall at 70+.
        found.add("fracture", "urgent", ("osteoporosis", "long_term_steroids", "minor_trauma", "minor_load",
                                         "sudden_severe"))


def _vascular(found: _Found) -> None:
    has = found.has
    # §2.6 / NICE NG156: tearing pain, a known AAA, sudden severe pain with collapse or shock signs,
    # or in an older/hypertensive person with tummy pain; collapse with back pain at 60+.
    at_risk = has("hypertension") or found.older(60)
    if has("tearing", "known_aaa") or has("sudden_severe") and (
            has("collapse", "shock_signs") or at_risk and has("abdominal_pain", "hypertension")) or (
            has("collapse") and at_risk):
        found.add("vascular", "emergency", ("tearing", "known_aaa", "sudden_severe", "collapse", "shock_signs",
                                            "pulsatile", "abdominal_pain"))
    elif has("pulsatile"):
        found.add("vascular", "urgent", ("pulsatile",))


def _inflammatory(found: _Found) -> None:
    # §2.7 NICE NG65: a cluster of inflammatory features, never one alone.
    specific = sum(found.has(k) for k in SPA_SPECIFIC)
    young = found.age is not None and found.age < 45
    if specific >= 3 or (specific >= 2 and young and found.has("spa_duration")):
        found.add("inflammatory", "routine", SPA_SPECIFIC + ("spa_duration",))


def _self_harm(found: _Found) -> None:
    has = found.has
    # §2.9: letters to family are a farewell (emergency) when anything else is a crisis statement.
    if has("self_harm_emergency") or has("self_harm_letters") and has("self_harm_urgent"):
        found.add("self_harm", "emergency", ("self_harm_emergency", "self_harm_letters", "self_harm_urgent"))
    elif has("self_harm_urgent", "self_harm_letters"):
        found.add("self_harm", "urgent", ("self_harm_urgent", "self_harm_letters"))
