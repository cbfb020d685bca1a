"""The data a turn passes around: a conversation Turn, the retrieved Covered question, the Answer and its parts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from assistant.answer.booking import Booking
from assistant.answer.compose import Citation
from assistant.index.retrieval import Passage
from assistant.triage import Triage


@dataclass(frozen=True)
class Turn:
    """One message of a conversation; an assistant turn remembers which once-only parts it showed."""

    role: str  # "user" or "assistant"
    text: str
    shown: frozenset[str] = frozenset()  # "screening", "safety_line", "booking"


@dataclass(frozen=True)
class Direct:
    """One direct answer to one question: a curated answer, or a contiguous run of one section."""

    question: str
    text: str
    n: int  # the citation number of its article
    slug: str
    title: str
    url: str
    section: str
    source: str  # "curated" | "logistics" | "passage"


@dataclass(frozen=True)
class Parts:
    """An answer as data; each surface (chat, widget, email, FAQ) renders these, never re-parses text."""

    safety: str = ""  # the triage message, or the screening block, or one line with a link
    safety_kind: str = ""  # "" | "triage" | "screening" | "line"
    screening_questions: tuple[str, ...] = ()
    safety_link: tuple[str, ...] = ()  # (title, url) of the article the one-line pointer links to
    acknowledgement: str = ""  # another practitioner's finding, acknowledged
    direct: tuple[Direct, ...] = ()
    unanswered: tuple[str, ...] = ()  # questions the articles don't cover (answer by hand in email)
    more: tuple[Citation, ...] = ()  # "More in:" links to other relevant articles
    notes: tuple[str, ...] = ()  # medication, diagnosis, what an assessment looks at
    decline: str = ""
    small_talk: str = ""
    booking: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `parts` in `ask --json`."""
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """A reply: its parts, the text they render to (with [n] markers), the cited articles, triage and booking."""

    text: str
    citations: tuple[Citation, ...]
    triage: Triage
    booking: Booking
    in_scope: bool
    mode: str  # extractive | llm | safety | declined | out_of_scope | empty | too_long | small_talk
    note: str = ""
    questions: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = field(default=(), repr=False)
    thoughts: str = ""
    parts: Parts = field(default_factory=Parts)
    kind: str = ""  # curated | passage | declined | logistics | small_talk | safety | other

    @property
    def direct(self) -> tuple[Direct, ...]:
        """The direct answers, in the order asked."""
        return self.parts.direct

    @property
    def shown(self) -> frozenset[str]:
        """The once-per-conversation parts this answer showed."""
        shown = set()
        if self.parts.safety_kind in ("screening", "line"):
            shown.add(self.parts.safety_kind)
        if self.booking.suggested:
            shown.add("booking")
        return frozenset(shown)

    def as_turn(self) -> Turn:
        """This answer as the assistant's turn in the conversation history."""
        return Turn("assistant", self.text, self.shown)

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
            "kind": self.kind,
            "parts": self.parts.to_dict(),
        }


@dataclass(frozen=True)
class Covered:
    """One question with the passages retrieved for it and whether they are relevant enough."""

    question: str
    query: str
    passages: list[Passage]
    is_covered: bool
    vector: object
