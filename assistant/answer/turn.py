"""ask(): one turn, top to bottom. Triage first; then retrieve; then compose (extractive or LLM)."""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from assistant.answer.booking import NO_BOOKING, Booking, decide_booking
from assistant.answer.compose import Citations
from assistant.answer.deps import Deps
from assistant.answer.direct import RED_FLAG_ARTICLE, RELATED, direct_answer, more_in, rescued
from assistant.answer.llm import LLMFailed, llm_answer
from assistant.answer.passage import best_run
from assistant.answer.proportion import (
    booking_in_proportion,
    describes_own_symptoms,
    is_about_a_child,
    near_symptoms,
    shown_before,
)
from assistant.answer.questions import in_story, split_questions, with_context
from assistant.answer.render import render
from assistant.answer.scope import (
    DIAGNOSIS_NOTE,
    INJECTION_REPLY,
    MEDICATION_NOTE,
    finding_note,
    is_medication_question,
    read_scope,
)
from assistant.answer.small_talk import small_talk_kind, small_talk_reply
from assistant.answer.types import Answer, Covered, Direct, Parts, Turn
from assistant.config import Settings
from assistant.errors import AssistantError, IndexDamaged
from assistant.index.retrieval import tokenize
from assistant.index.store import guard
from assistant.inputs import clean_text, looks_like_text
from assistant.triage import SCREENING_QUESTIONS, Triage, assess, watch_for
from assistant.triage.backstop import with_backstop

log = logging.getLogger(__name__)


def ask(
    question: str,
    deps: Deps,
    history: Sequence[Turn] = (),
    on_token: Callable[[str], None] | None = None,
    llm_timeout_s: float | None = None,
) -> Answer:
    """Answer one message in the light of the conversation so far (a language model, if any, within the bound).

    Raises IndexDamaged for an empty index and StoreUnavailable when a Chroma server stalls or
    is gone (after triage, which needs neither): never "the articles don't cover that".
    """
    try:
        return _ask(question, deps, history, on_token, llm_timeout_s)
    except AssistantError:
        raise
    except Exception as exc:
        error = guard(deps.settings, exc)
        if error is exc:
            raise
        raise error from exc


def _ask(
    question: str,
    deps: Deps,
    history: Sequence[Turn],
    on_token: Callable[[str], None] | None,
    llm_timeout_s: float | None,
) -> Answer:
    settings = deps.settings
    text = clean_text(question).strip()
    user_turns = [t.text for t in history if t.role == "user"]
    # Triage reads the whole conversation, so a sign mentioned earlier is never forgotten,
    # and it reads the message whole even when the message is too long to answer.
    conversation = "\n\n".join([*user_turns, text])
    triage = assess(conversation, region=settings.region, embedder=deps.embedder)
    if triage.is_emergency or triage.has_self_harm:
        return _only(text or " ", triage, "safety", triage.message, Parts(safety=triage.message, safety_kind="triage"))
    backstop = with_backstop(triage, text, deps.embedder, settings.region)
    triage, safety_first = backstop.triage, backstop.safety_first
    if not text:
        return _only(text, triage, "empty", "Please type your question about posture, back pain or sciatica.")
    if len(text) > settings.max_message_chars:
        return _only(text, triage, "too_long", _prefix(triage, _too_long(settings)))
    if not looks_like_text(text):
        return _only(text, triage, "empty", "I couldn't read that message as text. Please type your question in words.")
    chat = small_talk_kind(text)
    if chat and not safety_first and triage.level == "none":
        reply = small_talk_reply(chat, settings)
        return _only(text, triage, "small_talk", reply, Parts(small_talk=reply))
    scope = read_scope(text)
    if scope.is_injection:
        return _only(text, triage, "declined", INJECTION_REPLY)
    if scope.is_about_an_animal or is_about_a_child(text):
        return _declined(text, triage, settings, safety_first, child=not scope.is_about_an_animal)
    previous = user_turns[-1] if user_turns else None
    asked = split_questions(text)
    if all(is_medication_question(q) for q in asked):
        # Medicines and doses belong with the GP or pharmacist: say so plainly, quote nothing.
        return _declined(text, triage, settings, safety_first, reason=MEDICATION_NOTE)
    if deps.retriever.is_empty:
        raise IndexDamaged("The index is empty: no article is indexed, so no question can be answered. "
                           "Run: python ingest.py (or: make index)")
    covered = [rescued(_retrieve(q, text, previous, deps), deps) for q in asked]
    if not any(c.is_covered for c in covered):
        return _declined(text, triage, settings, safety_first, covered=covered, deps=deps)
    booking = decide_booking(settings, True, triage.level, is_self_harm=backstop.crisis)
    if scope.asks_medication and booking.suggested:
        # A medication question belongs with the GP or pharmacist; no sales pitch beside it.
        booking = NO_BOOKING
    answer = _extractive(text, covered, triage, booking, scope, deps, history, safety_first)
    if deps.llm is None or not answer.parts.direct or answer.kind == "logistics":
        return answer
    try:
        return llm_answer(settings, deps.llm, text, answer, history, on_token, llm_timeout_s)
    except LLMFailed as exc:
        log.warning("language model failed, using the extractive answer: %s", exc)
        return _with_note(answer, "The language model did not answer in time, so this reply is quoted straight "
                                  "from the articles.")


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
    text: str, covered: list[Covered], triage: Triage, booking: Booking, scope, deps: Deps,
    history: Sequence[Turn] = (), safety_first: bool = False,
) -> Answer:
    settings = deps.settings
    citations = Citations()
    directs: list[Direct] = []
    unanswered: list[str] = []
    for c in covered:
        direct = direct_answer(c, deps, citations) if c.is_covered else None
        if direct is None:
            unanswered.append(c.question)
        else:
            directs.append(direct)
    if not directs:
        return _declined(text, triage, settings, safety_first, covered=covered, deps=deps)
    logistics = all(d.source == "logistics" for d in directs)
    if not logistics:  # a practical answer about the studio needs no reading list
        more_in(covered, directs, deps, citations)
    shown = shown_before(history)
    personal = describes_own_symptoms(text)
    notes: list[str] = []
    if scope.asks_medication:
        notes.append(MEDICATION_NOTE)
    if scope.asks_diagnosis:
        notes.append(DIAGNOSIS_NOTE)
    safety, kind, questions, link = _safety(triage, text, shown, personal, safety_first, deps)
    booking = booking_in_proportion(booking, text, shown, personal=personal, findings=bool(scope.findings))
    parts = Parts(
        safety=safety, safety_kind=kind, screening_questions=questions, safety_link=link,
        acknowledgement=finding_note(scope.findings[0]) if scope.findings else "",
        direct=tuple(directs), unanswered=tuple(unanswered), more=citations.listed(),
        notes=tuple(n for n in notes if n),
        booking=booking.text if (booking.suggested or triage.level == "urgent") else "",
    )
    passages = tuple(p for c in covered for p in c.passages)
    return Answer(
        text=render(parts), citations=citations.listed(), triage=triage, booking=booking, in_scope=True,
        mode="extractive", questions=tuple(c.question for c in covered), passages=passages,
        thoughts="\n".join(f"{c.question!r} -> query {c.query!r}: "
                           + ", ".join(f"{p.slug}#{p.section} ({p.similarity:.2f})" for p in c.passages)
                           for c in covered),
        parts=parts,
        kind="logistics" if logistics else ("curated" if directs[0].source == "curated" else "passage"),
    )


def _safety(triage: Triage, text: str, shown: frozenset[str], personal: bool, safety_first: bool,
            deps: Deps) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """The safety part in proportion: the triage message, the screening block once, or one line."""
    if safety_first:
        return _safety_net(triage), "triage", (), ()
    if triage.level in ("urgent", "routine") and triage.message:
        return triage.message, "triage", (), ()
    if personal and "screening" not in shown:
        return watch_for(deps.settings.region), "screening", tuple(triage.questions) or SCREENING_QUESTIONS, ()
    if near_symptoms(text) and not shown & {"screening", "line"}:
        info = deps.retriever.articles.get(RED_FLAG_ARTICLE)
        if info is not None:
            return "Some symptoms need a doctor first: see", "line", (), (info.title, info.url)
    return "", "", (), ()


# A question about a condition, treatment or test (not about the studio's own arrangements).
_MEDICAL = re.compile(r"\b(?:condition|diagnos\w*|disease|syndrome|disorder|arthritis|surgery|operation|op\b|"
                      r"replacement|injection|medic\w*|tablets?|pills?|drugs?|dose|scan|mri|x-?ray|doctor|gp|"
                      r"consultant|surgeon|physio\w*|treatment|therapy|pregnan\w*|infection|tendin\w*|"
                      r"fracture|itis\b|\w+itis)\b", re.IGNORECASE)


def _declined(text: str, triage: Triage, settings: Settings, safety_first: bool, *, child: bool = False,
              covered: list[Covered] | None = None, deps: Deps | None = None, reason: str = "") -> Answer:
    """An honest decline: one sentence, the closest article only if truly related, the studio's contact."""
    if reason:
        reply = reason
    elif child:
        reply = ("I'm sorry, the studio's articles are written for adults and don't cover babies' or children's "
                 "bodies; a health visitor, GP or your child's doctor can check them properly.")
    else:
        reply = "I'm sorry, the studio's articles don't cover that, so I'd rather not guess."
        if _MEDICAL.search(text):
            reply += (" For a medical condition, a medicine or an operation, your GP or the clinician treating you "
                      "is the best person to ask.")
    best = max((p for c in covered or [] for p in c.passages[:1]), key=lambda p: p.similarity, default=None)
    if not child and not reason and best is not None and best.similarity >= RELATED:
        reply += f" The closest article is *{best.title}*."
    reply += f" {_contact(settings)}"
    safety = _safety_net(triage) if safety_first else (triage.message if triage.level in ("urgent", "routine")
                                                          else "")
    parts = Parts(safety=safety, safety_kind="triage" if safety else "", decline=reply)
    return _only(text, triage, "out_of_scope", render(parts), parts)


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
    passages = deps.retriever.answerable(passages, vector)  # never a reader's quoted question
    if not passages:
        return ""
    sentences = deps.retriever.sentences_for([p.chunk_id for p in passages[:1]])
    run = best_run(query, vector, passages[:1], sentences, length=2)
    return f"{run.text} [{citations.number(run.passage)}]" if run else ""


def _safety_net(triage: Triage) -> str:
    asked = "\n".join(f"- {q}" for q in triage.questions)
    if not asked:
        return triage.message
    return f"{triage.message}\n{asked}" if triage.message else f"A few safety questions:\n{asked}"


def _only(text: str, triage: Triage, mode: str, reply: str, parts: Parts | None = None) -> Answer:
    in_scope = mode == "safety"
    kinds = {"safety": "safety", "small_talk": "small_talk", "out_of_scope": "declined", "declined": "declined"}
    return Answer(text=reply, citations=(), triage=triage, booking=NO_BOOKING, in_scope=in_scope, mode=mode,
                  questions=(text,) if text else (), parts=parts or Parts(decline=reply),
                  kind=kinds.get(mode, "other"))


def _prefix(triage: Triage, reply: str, safety_first: bool = False) -> str:
    if safety_first:
        return f"{_safety_net(triage)}\n\n{reply}"
    if triage.level in ("urgent", "routine") and triage.message:
        return f"{triage.message}\n\n{reply}"
    return reply


def _with_note(answer: Answer, note: str) -> Answer:
    return replace(answer, note=note)


def _contact(settings: Settings) -> str:
    return (f"You're welcome to ask {settings.studio_name} directly: {settings.studio_email} "
            f"or {settings.studio_phone}.")


def _too_long(settings: Settings) -> str:
    return (f"Your message is longer than I can answer here ({settings.max_message_chars:,} characters at "
            "most). Please send the main question on its own, or email the studio at "
            f"{settings.studio_email} and the specialist will read it all.")
