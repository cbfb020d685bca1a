"""The rows the insights reports read: logged questions, feedback, and what they show of an article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


def iso(moment: datetime) -> str:
    """A UTC time as ISO 8601 with a Z, to the second."""
    return moment.replace(microsecond=0).isoformat() + "Z"


@dataclass(frozen=True)
class QuestionRow:
    """One logged question, as the reports read it."""

    conversation_id: str
    created_at: datetime
    question: str
    triage_level: str
    flags: tuple[str, ...]
    cited_slugs: tuple[str, ...]
    topics: tuple[str, ...]
    in_scope: bool
    mode: str

    def to_dict(self) -> dict[str, object]:
        return {"created_at": iso(self.created_at), "question": self.question, "triage_level": self.triage_level,
                "flags": list(self.flags), "cited_slugs": list(self.cited_slugs), "topics": list(self.topics),
                "in_scope": self.in_scope, "mode": self.mode}


@dataclass(frozen=True)
class FeedbackRow:
    """One thumbs up or down, with the articles the answer cited."""

    conversation_id: str
    created_at: datetime
    is_helpful: bool
    cited_slugs: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"created_at": iso(self.created_at), "helpful": self.is_helpful, "cited_slugs": list(self.cited_slugs)}


@dataclass(frozen=True)
class ArticleMeta:
    """What the reports show about a cited article."""

    title: str
    tags: tuple[str, ...]
