"""Find the actual questions in a message: people write long stories with a few questions inside."""

from __future__ import annotations

import re

from assistant.sentences import split_sentences

MAX_QUESTIONS = 3

_ASKING = re.compile(
    r"^(can|could|would|will|should|is|are|am|do|does|did|how|what|why|when|where|which|who|has|have|"
    r"any|anything|is there|tips|advice|help|please|i('d| would) (like|love) to know|i (want|need) to know|"
    r"i('m| am) (wondering|curious)|i wonder|wondering|tell me|explain)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(and|also|what about|how about|and what about|and how|same for|what if|is that|does that|would that|"
    r"is it|does it|can it|ok(ay)?,? (and|so|what))\b",
    re.IGNORECASE,
)
_GREETING = re.compile(r"^(hi|hello|hey|dear|good (morning|afternoon|evening))\b[^.?!]*[,!.]?\s*$", re.IGNORECASE)


def split_questions(text: str) -> list[str]:
    """Up to three questions asked in the message; the whole message when none stands out."""
    sentences = [s for s in split_sentences(text) if not _GREETING.match(s)]
    asked: list[str] = []
    for sentence in sentences:
        for part in re.split(r"(?<=\?)\s+", sentence):
            part = part.strip()
            if (part.endswith("?") or _ASKING.match(part)) and len(part.split()) >= 2 and part not in asked:
                asked.append(part)
    if not asked:
        clean = " ".join(sentences).strip() or text.strip()
        return [clean] if clean else []
    if len(asked) > MAX_QUESTIONS:
        # Keep the most substantial ones, in the order they were asked.
        keep = sorted(sorted(asked, key=len, reverse=True)[:MAX_QUESTIONS], key=asked.index)
        asked = keep
    return asked


def is_follow_up(question: str) -> bool:
    """Whether a short question leans on the previous one ("and what about sitting?")."""
    words = question.split()
    return len(words) <= 10 and bool(_FOLLOW_UP.match(question.strip()))


def with_context(question: str, previous: str | None) -> str:
    """The retrieval query for a question, combined with the previous question when it follows up."""
    if previous and is_follow_up(question):
        return f"{previous} {question}"
    return question


_ANAPHORA = re.compile(r"\b(it|this|that|these|those|him|her|them|they|he|she|one|such|there)\b", re.IGNORECASE)


def in_story(question: str, message: str, sentences_before: int = 2) -> str:
    """The question with the sentences just before it, for questions that point back ("is it normal?")."""
    if not _ANAPHORA.search(question):
        return question
    sentences = [s for s in split_sentences(message) if not _GREETING.match(s)]
    for n, sentence in enumerate(sentences):
        if question in sentence:
            before = sentences[max(0, n - sentences_before) : n]
            return " ".join([*before, question])
    return question


def context_sentences(text: str, questions: list[str]) -> list[str]:
    """The story around the questions (what they tried, how long), for a short acknowledgement."""
    return [s for s in split_sentences(text) if s not in questions and not _GREETING.match(s)]
