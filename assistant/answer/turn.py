"""ask(): one turn, top to bottom. Triage first; then retrieve; then compose (extractive or LLM)."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from assistant.answer.booking import NO_BOOKING, Booking, decide_booking
from assistant.answer.compose import Citations, cite, pick_sentences
from assistant.answer.deps import Deps
from assistant.answer.llm import LLMFailed, llm_answer
from assistant.answer.questions import in_story, split_questions, with_context
from assistant.answer.scope import DIAGNOSIS_NOTE, FINDING_NOTE, INJECTION_REPLY, MEDICATION_NOTE, read_scope
from assistant.answer.types import Answer, Covered, Turn
from assistant.config import Settings
from assistant.index.retrieval import tokenize
from assistant.inputs import clean_text, looks_like_text
from assistant.triage.backstop import with_backstop
from assistant.triage.engine import Triage, assess

log = logging.getLogger(__name__)


def ask(
    question: str,
    deps: Deps,
    history: Sequence[Turn] = (),
    on_token: Callable[[str], None] | None = None,
) -> Answer:
    """Answer one message in the light of the conversation so far."""
    settings = deps.settings
    text = clean_text(question).strip()
    user_turns = [t.text for t in history if t.role == "user"]
    # Triage reads the whole conversation, so a sign mentioned earlier is never forgotten,
    # and it reads the message whole even when the message is too long to answer.
    conversation = "\n\n".join([*user_turns, text])
    triage = assess(conversation, region=settings.region)
    if triage.is_emergency or triage.has_self_harm:
        return _only(text or " ", triage, "safety", triage.message)
    backstop = with_backstop(triage, text, deps.embedder, settings.region)
    triage, safety_first = backstop.triage, backstop.safety_first
    if not text:
        return _only(text, triage, "empty", "Please type your question about posture, back pain or sciatica.")
    if len(text) > settings.max_message_chars:
        return _only(text, triage, "too_long", _prefix(triage, _too_long(settings)))
    if not looks_like_text(text):
        return _only(text, triage, "empty", "I couldn't read that message as text. Please type your question in words.")
    scope = read_scope(text)
    if scope.is_injection:
        return _only(text, triage, "declined", INJECTION_REPLY)
    if scope.is_about_an_animal:
        return _only(text, triage, "out_of_scope", _prefix(triage, _not_covered(settings)))
    previous = user_turns[-1] if user_turns else None
    covered = [_retrieve(q, text, previous, deps) for q in split_questions(text)]
    in_scope = any(c.is_covered for c in covered)
    if not in_scope:
        return _only(text, triage, "out_of_scope", _prefix(triage, _not_covered(settings), safety_first))
    booking = decide_booking(settings, True, triage.level, is_self_harm=backstop.crisis)
    if scope.asks_medication and booking.suggested:
        # A medication question belongs with the GP or pharmacist; no sales pitch beside it.
        booking = NO_BOOKING
    if deps.llm is not None:
        try:
            return llm_answer(deps.settings, deps.llm, text, covered, triage, booking, history, on_token)
        except LLMFailed as exc:
            log.warning("language model failed, using the extractive answer: %s", exc)
            answer = _extractive(text, covered, triage, booking, scope, deps, safety_first)
            note = "The language model did not answer, so this reply is quoted straight from the articles."
            return _with_note(answer, note)
    return _extractive(text, covered, triage, booking, scope, deps, safety_first)


def _retrieve(question: str, message: str, previous: str | None, deps: Deps) -> Covered:
    """Passages for one question: asked alone first, then with the story around it if that helps."""
    queries = [with_context(question, previous)]
    storied = with_context(in_story(question, message), previous)
    if storied != queries[0]:
        queries.append(storied)
    # A question like "can you help me?" says nothing alone: the story around it does.
    if len(tokenize([question])[0]) < 3 and message != question:
        queries.append(f"{question} {message}")
    best: Covered | None = None
    for query in queries:
        vector = deps.embedder.embed_query(query)
        passages = deps.retriever.search_vector(query, vector, k=deps.settings.top_k)
        similarity = passages[0].similarity if passages else -1.0
        candidate = Covered(question, query, passages, similarity >= deps.settings.relevance_threshold, vector)
        # The question as asked wins when it is covered: a clear question should not be
        # pulled toward the rest of its story. The story is for questions that lean on it.
        if candidate.is_covered:
            return candidate
        if best is None or similarity > (best.passages[0].similarity if best.passages else -1.0):
            best = candidate
    assert best is not None
    return best


def _extractive(  # type: ignore[no-untyped-def]
    text: str, covered: list[Covered], triage: Triage, booking: Booking, scope, deps: Deps, safety_first: bool = False
) -> Answer:
    settings = deps.settings
    citations = Citations()
    parts: list[str] = []
    if safety_first:
        parts.append(_safety_net(triage))
    elif triage.level in ("urgent", "routine") and triage.message:
        parts.append(triage.message)
    if scope.findings:
        parts.append(FINDING_NOTE.format(finding=scope.findings[0].rstrip(".")))
    answered = [c for c in covered if c.is_covered]
    used: set[str] = set()
    many = len(covered) > 1
    parts.append("Here is what the studio's articles say." if not many else
                 "You asked a few things; here is what the studio's articles say about each.")
    for c in covered:
        if not c.is_covered:
            parts.append(f"**“{c.question}”**\nThe articles don't cover that, so I'd rather not guess. "
                         f"{_contact(settings)}")
            continue
        sentences = deps.retriever.sentences_for([p.chunk_id for p in c.passages])
        picked = pick_sentences(c.vector, c.passages, sentences, question=c.question, skip=used)  # type: ignore[arg-type]
        used.update(p.text for p in picked)
        paragraph = cite(picked, c.passages, citations)
        parts.append(f"**“{c.question}”**\n{paragraph}" if many else paragraph)
    if scope.findings and answered:
        parts.append(assessment_view(deps, citations))
    if scope.asks_medication:
        parts.append(MEDICATION_NOTE)
    if scope.asks_diagnosis:
        parts.append(DIAGNOSIS_NOTE)
    if triage.level == "none" and triage.questions and not safety_first:
        parts.append(_safety_net(triage))
    if booking.text:
        parts.append(booking.text)
    passages = tuple(p for c in covered for p in c.passages)
    return Answer(
        text="\n\n".join(p for p in parts if p),
        citations=citations.listed(),
        triage=triage,
        booking=booking,
        in_scope=True,
        mode="extractive",
        questions=tuple(c.question for c in covered),
        passages=passages,
        thoughts="\n".join(f"{c.question!r} -> query {c.query!r}: "
                           + ", ".join(f"{p.slug}#{p.section} ({p.similarity:.2f})" for p in c.passages)
                           for c in covered),
    )


ASSESSMENT_QUERY = "what a posture assessment looks at: hips, pelvis, knees, feet, shoulders, how you stand and move"
_assessment_vectors: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def assessment_view(deps: Deps, citations: Citations) -> str:
    """What an assessment would look at, quoted from the studio's own assessment article."""
    query = ASSESSMENT_QUERY
    # The query never changes: embed it once per embedder rather than on every answer.
    vector = _assessment_vectors.get(deps.embedder)
    if vector is None:
        vector = _assessment_vectors[deps.embedder] = deps.embedder.embed_query(query)
    passages = deps.retriever.search_vector(query, vector, k=2, tags=("posture-assessment",))
    if not passages:
        return ""
    sentences = deps.retriever.sentences_for([p.chunk_id for p in passages])
    return cite(pick_sentences(vector, passages, sentences, limit=2, question=query), passages, citations)


def _safety_net(triage: Triage) -> str:
    asked = "\n".join(f"- {q}" for q in triage.questions)
    if not asked:
        return triage.message
    return f"{triage.message}\n{asked}" if triage.message else f"A few safety questions:\n{asked}"


def _only(text: str, triage: Triage, mode: str, reply: str) -> Answer:
    in_scope = mode == "safety"
    return Answer(text=reply, citations=(), triage=triage, booking=NO_BOOKING, in_scope=in_scope, mode=mode,
                  questions=(text,) if text else ())


def _prefix(triage: Triage, reply: str, safety_first: bool = False) -> str:
    if safety_first:
        return f"{_safety_net(triage)}\n\n{reply}"
    if triage.level in ("urgent", "routine") and triage.message:
        return f"{triage.message}\n\n{reply}"
    return reply


def _with_note(answer: Answer, note: str) -> Answer:
    return Answer(answer.text, answer.citations, answer.triage, answer.booking, answer.in_scope, answer.mode,
                  note, answer.questions, answer.passages, answer.thoughts)


def _contact(settings: Settings) -> str:
    return (f"You're welcome to ask {settings.studio_name} directly: {settings.studio_email} "
            f"or {settings.studio_phone}.")


def _not_covered(settings: Settings) -> str:
    return ("I'm sorry, the studio's articles don't cover that, and I only answer from them. "
            "I can help with posture, back pain, sciatica, hip and pelvis position, foam rolling and "
            f"what happens in an assessment. {_contact(settings)}")


def _too_long(settings: Settings) -> str:
    return (f"Your message is longer than I can answer here ({settings.max_message_chars:,} characters at "
            "most). Please send the main question on its own, or email the studio at "
            f"{settings.studio_email} and the specialist will read it all.")
