"""The data a turn passes around: a conversation Turn, the retrieved Covered question, the Answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.booking import Booking
from assistant.answer.compose import Citation
from assistant.index.retrieval import Passage
from assistant.triage import Triage


@dataclass(frozen=True)
class Turn:
    """One message of a conversation."""

    role: str  # "user" or "assistant"
    text: str


@dataclass(frozen=True)
class Answer:
    """A reply: text with [n] markers, the cited articles, triage, booking and how it was made."""

    text: str
    citations: tuple[Citation, ...]
    triage: Triage
    booking: Booking
    in_scope: bool
    mode: str  # extractive | llm | safety | declined | out_of_scope | empty | too_long
    note: str = ""
    questions: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = field(default=(), repr=False)
    thoughts: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `assistant ask --json`."""
        return {
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "triage": self.triage.to_dict(),
            "booking": self.booking.to_dict(),
            "mode": self.mode,
            "in_scope": self.in_scope,
            "note": self.note,
        }


@dataclass(frozen=True)
class Covered:
    """One question with the passages retrieved for it and whether they are relevant enough."""

    question: str
    query: str
    passages: list[Passage]
    is_covered: bool
    vector: object
