"""The API's request and response bodies (they make the OpenAPI page at /docs)."""

from __future__ import annotations

from pydantic import BaseModel, Field

# An id the server made (32 hex digits); anything up to the insights store's limit is accepted and looked up.
CONVERSATION_ID = Field(default=None, max_length=64, description="The id from the `start` event; omit to start.")


class ChatRequest(BaseModel):
    """One visitor message, in a conversation the client keeps by its id."""

    message: str = Field(description="What the visitor typed (the API answers the too-long case politely).")
    conversation_id: str | None = CONVERSATION_ID


class FeedbackRequest(BaseModel):
    """Thumbs up or down on one answer of a conversation."""

    conversation_id: str = Field(max_length=64)
    turn: int = Field(ge=0, description="The answer's `turn` from its `final` event.")
    helpful: bool


class HandoffRequest(BaseModel):
    """A visitor leaves an email so the specialist can reply in person."""

    conversation_id: str = Field(max_length=64)
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    note: str = Field(default="", max_length=2000, description="What the specialist should know (optional).")


class Saved(BaseModel):
    """A write that was stored."""

    saved: bool = True
    message: str


class SearchHit(BaseModel):
    """One passage of an article."""

    title: str
    url: str
    section: str
    text: str
    similarity: float


class SearchResult(BaseModel):
    """Passages for a query, best first, and whether the articles cover it well."""

    query: str
    is_covered: bool
    hits: list[SearchHit]


class Health(BaseModel):
    """Whether the API can answer."""

    status: str  # "ok" | "loading" | "degraded"
    problem: str = ""
    conversations: int = 0
