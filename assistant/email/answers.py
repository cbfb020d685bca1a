"""The sender's questions -> the reply's answer paragraphs: one direct, cited answer each, or "answer by hand"."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.compose import Citation
from assistant.answer.turn import Answer
from assistant.answer.types import Direct

BY_HAND = "[Answer by hand: no article covers this one. Please write your reply here before sending.]"


Paragraph = tuple[str, tuple[Citation, ...]]  # text with [n] markers, and the citations those n refer to
MAX_ASKED_ALONE = 5  # questions re-asked on their own per email (each one more retrieval)


def answer_paragraphs(answer: Answer, asked: tuple[str, ...] = (),
                       alone: Callable[[str], Answer] | None = None) -> tuple[list[Paragraph], tuple[str, ...]]:
    """ask()'s answer laid out for an email: each question the sender asked, with its own direct, cited answer.

    A question the combined answer missed, or answered with the same section as an earlier question (the
    story pulled both the same way), is asked again on its own. One no article answers is quoted with a
    marker to answer it by hand (returned too), never with a passage about something else. Safety and
    booking parts are left out: the draft writes its own, asking only what the email leaves open.
    """
    cites = answer.citations
    parts = answer.parts
    answered_ok = answer.mode in ("extractive", "llm")
    if not asked and not answered_ok:
        return [("I'd rather not guess at an answer by email, so could you tell me a little more about what "
                 "you're feeling and what you'd like to get back to?", ())], ()
    if answered_ok and not parts.direct:  # a language model's reply is one piece of text
        return [(p.strip(), cites) for p in answer.text.split("\n\n")
                if p.strip() and p.strip() not in (answer.triage.message, answer.booking.text)], ()
    directs = list(parts.direct) if answered_ok else []
    questions = list(asked) or [d.question for d in directs] + list(parts.unanswered)
    many = len(questions) > 1
    out: list[Paragraph] = [("You asked a few things, so I'll take them one at a time.", ())] if many else []
    out += [(parts.acknowledgement, ())] if parts.acknowledgement and answered_ok else []
    by_hand: list[str] = []
    used: set[tuple[str, str]] = set()
    retries = 0
    for q in questions:
        d = next((d for d in directs if _same_question(d.question, q)), None)
        found: tuple[Direct, tuple[Citation, ...]] | None = None
        if d is not None:
            directs.remove(d)
            if (d.slug, d.section) not in used and _on_topic(q, d):
                found = (d, cites)
        if found is None and alone is not None and retries < MAX_ASKED_ALONE:
            retries += 1
            single = alone(q)
            if single.mode in ("extractive", "llm") and single.parts.direct:
                first = single.parts.direct[0]
                if (first.slug, first.section) not in used:
                    found = (first, single.citations)
        if found is None:
            by_hand.append(q)
            out.append((f"You asked: “{q}”\n{BY_HAND}", ()))
            continue
        direct, its_cites = found
        used.add((direct.slug, direct.section))
        out.append(((f"You asked: “{q}”\n" if many else "") + f"{direct.text} [{direct.n}]", its_cites))
    for d in directs:  # answered, though the intake did not list it as a question
        if (d.slug, d.section) not in used:
            out.append(((f"You asked: “{d.question}”\n" if many else "") + f"{d.text} [{d.n}]", cites))
    return out + [(n, cites) for n in parts.notes], tuple(by_hand)


_STOP = frozenset(re.findall(r"\w+", """a an the and or but of to in on at for with from by is are was were be been am
do does did i me my
you your it its this that these those what which who how why when where will would can could should has have had not
no so if as than then there their they we our us he she his her them about into up out any anything something
thing things ok okay just really much more get got"""))


def _words(text: str) -> set[str]:
    return {re.sub(r"(?:ing|s)$", "", w) for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP}


def _on_topic(question: str, direct: Direct) -> bool:
    """Whether an answer found through the email's story shares a content word with the question itself.

    "Should I change anything?" pulled to the x-ray section by the story around it is the wrong subject;
    such a question is asked again on its own, and marked to answer by hand when nothing covers it.
    """
    asked = _words(question)
    return not asked or bool(asked & _words(f"{direct.title} {direct.section} {direct.text}"))


def _same_question(a: str, b: str) -> bool:
    """Whether two wordings are the same question: most of the shorter one's words are in the other."""
    ta, tb = set(re.findall(r"[a-z0-9']+", a.lower())), set(re.findall(r"[a-z0-9']+", b.lower()))
    return bool(ta and tb) and len(ta & tb) >= 0.6 * min(len(ta), len(tb))
