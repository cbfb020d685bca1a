"""A semantic backstop behind the triage rules: a sentence that reads like an emergency sign the
rules did not recognise gets the safety net in the reply, so an unusual wording is never met
with silence.

It never raises the level. Sentence similarity to cauda-equina exemplars cannot tell "no
numbness down there" from "numb down there" (negated rows scored up to 0.83), so escalating on
it would put about a fifth of ordinary `none` messages on the emergency path (31 of 161 at 0.60).
What it adds instead is the "if any of these appear, go to A&E now" message with the safety-net
questions, or the crisis lines, which are right to show a person who wrote about those things
either way. Measured (tests/data/triage_cases.jsonl plus tests/data/triage_holdout.jsonl, which
was written after the rules): it put the safety message first for all 4 emergency messages the
rules missed (3 cauda equina, 1 self-harm), and for 15 of 161 `none` messages, all of which talk
about the same body parts or feelings.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from assistant.seams import Embedder
from assistant.sentences import split_sentences
from assistant.triage.engine import Triage
from assistant.triage.messages import _NUMBER, _WATCH_FOR, QUESTIONS, english_questions
from assistant.triage.semantic import sign_stems, stems

CES_EXEMPLARS = (
    "my bottom and genitals feel numb", "I can't feel it when I wipe", "numbness around my back passage",
    "I can't tell when my bladder is full", "I wet myself without noticing", "I can't control my bowels",
    "numbness between my legs", "my private parts are numb",
    "I can't feel myself on the toilet", "my bum has gone numb", "I can't pee properly since my back went",
)
CRISIS_EXEMPLARS = (
    "I want to end my life", "I've decided to kill myself tonight", "I have everything I need to end it",
    "I don't want to be alive anymore", "everyone would be better off without me", "I've been planning how to die",
)
CES_SIMILARITY = 0.60
CRISIS_SIMILARITY = 0.50
MAX_SENTENCES = 80

# Keyed by the embedder object itself (weakly): an id() can be reused by a later object.
_exemplars: weakref.WeakKeyDictionary[Any, np.ndarray] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _exemplar_vectors(embedder: Embedder) -> np.ndarray:
    with _lock:
        if embedder not in _exemplars:
            _exemplars[embedder] = embedder.embed_documents([*CES_EXEMPLARS, *CRISIS_EXEMPLARS])
        return _exemplars[embedder]


def closeness(text: str, embedder: Embedder) -> tuple[float, float]:
    """The highest similarity of any sentence to the cauda-equina and to the crisis exemplars."""
    # Only sentences that use a word some red-flag sign uses can come close; the rest are not embedded.
    signs = sign_stems()
    sentences = [s for s in split_sentences(text) if len(s.split()) >= 3 and stems(s) & signs][:MAX_SENTENCES]
    if not sentences:
        return 0.0, 0.0
    sims = embedder.embed_documents(sentences) @ _exemplar_vectors(embedder).T
    n = len(CES_EXEMPLARS)
    return float(sims[:, :n].max()), float(sims[:, n:].max())


@dataclass(frozen=True)
class Backstopped:
    """The triage after the backstop, and what it added."""

    triage: Triage
    safety_first: bool  # the reply opens with the safety message
    crisis: bool  # the crisis lines were added: no booking beside them


def with_backstop(triage: Triage, text: str, embedder: Embedder, region: str) -> Backstopped:
    """The triage with the safety net or crisis lines added when the wording comes close to an emergency."""
    if triage.is_emergency or triage.has_self_harm or triage.language != "en" or not text.strip():
        return Backstopped(triage, False, False)
    if triage.semantic:
        # The semantic layer has read every clause with the rules' context and raised the level where it
        # should; the backstop is for when it could not run (no calibrated model).
        return Backstopped(triage, False, False)
    ces, crisis = closeness(text, embedder)
    lines: list[str] = []
    questions = triage.questions
    # With the safety-net questions already there (sciatica was mentioned), the reply carries
    # them; the backstop is for wordings the rules did not tie to anything.
    if ces >= CES_SIMILARITY and not triage.questions:
        lines.append(CHECK_LEAD + _WATCH_FOR.format(number=_NUMBER[region]))
        questions = english_questions("none", True) or QUESTIONS
    is_crisis = crisis >= CRISIS_SIMILARITY
    if is_crisis:
        lines.insert(0, CRISIS_NOTE[region])
    if not lines:
        return Backstopped(triage, False, False)
    rest = triage.message if triage.level != "none" else ""
    message = "\n\n".join([*lines, rest] if rest else lines)
    return Backstopped(replace(triage, message=message, questions=questions), True, is_crisis)


CHECK_LEAD = "Some of what you describe can be a sign that needs a doctor straight away, so please check. "


CRISIS_NOTE = {
    "uk": "If you are having thoughts of ending your life or harming yourself, please talk to someone now: "
          "Samaritans on 116 123 (free, any time), NHS 111 option 2, or 999 if you are in danger.",
    "us": "If you are having thoughts of ending your life or harming yourself, please talk to someone now: "
          "call or text 988 (Suicide & Crisis Lifeline), or 911 if you are in danger.",
}
