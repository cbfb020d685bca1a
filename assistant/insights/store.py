"""The insights store: logged questions (off by default, redacted) and answer feedback, in SQL.

SQLite in the data folder by default; `ASSISTANT_DATABASE_URL` points the same code at PostgreSQL
(portable SQLAlchemy Core only, no dialect-specific SQL). Every timestamp is naive UTC.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from assistant.config import Settings
from assistant.insights.rows import ArticleMeta, FeedbackRow, QuestionRow

if TYPE_CHECKING:
    from assistant.answer.turn import Answer

log = logging.getLogger(__name__)

# Bump when the tables change, and migrate from the stored version in _ready(): create_all only
# adds missing tables, it never alters existing ones. (Version 1 is the first schema.)
SCHEMA_VERSION = 1
# A rambling email can be 8,000 characters; the insights need the question, not the life story.
MAX_STORED_CHARS = 2000
MAX_ID_CHARS = 64

metadata = MetaData()
questions = Table(
    "questions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(MAX_ID_CHARS), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("question_redacted", Text, nullable=False),
    Column("triage_level", String(16), nullable=False),
    Column("flags", Text, nullable=False, default=""),
    Column("cited_slugs", Text, nullable=False, default=""),
    Column("topics", Text, nullable=False, default=""),
    Column("in_scope", Boolean, nullable=False),
    Column("mode", String(16), nullable=False),
)
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(MAX_ID_CHARS), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("helpful", Boolean, nullable=False),
    Column("cited_slugs", Text, nullable=False, default=""),
)
# The answer given to a logged question (redacted like the question), for the staff's "recent questions".
replies = Table(
    "replies", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, nullable=False, index=True),
    Column("conversation_id", String(MAX_ID_CHARS), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("answer_redacted", Text, nullable=False),
)
# A visitor who leaves an email for the specialist: stored whatever log_questions says (they asked
# to be contacted), purged, exported and deleted with the conversation like feedback.
handoffs = Table(
    "handoffs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(MAX_ID_CHARS), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("email", String(320), nullable=False),
    Column("note", Text, nullable=False, default=""),
)
schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)


class InsightsStore:
    """Owns the database engine; tables are created on first use."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        articles: Callable[[], dict[str, ArticleMeta]] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self._load_articles = articles or (lambda: _articles_from(settings))
        self._articles: dict[str, ArticleMeta] | None = None
        self._now = now or (lambda: datetime.now(UTC).replace(tzinfo=None))
        self._lock = threading.Lock()
        self._is_ready = False

    @classmethod
    def from_settings(cls, settings: Settings) -> InsightsStore:
        """The store at settings.database_location (nothing is created until it is used)."""
        url = make_url(settings.database_location)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        if settings.log_questions:
            # Loading the redaction library takes a second or two: do it before the first question.
            from assistant.insights.redaction import warm_up

            threading.Thread(target=warm_up, name="insights-redaction-warm-up", daemon=True).start()
        return cls(create_engine(url), settings)

    @property
    def is_logging(self) -> bool:
        """Whether questions are logged (feedback always is)."""
        return self.settings.log_questions

    def log_turn(self, conversation_id: str, question: str, answer: Answer) -> None:
        """Store one turn, redacted, if question logging is on; otherwise do nothing."""
        if not self.settings.log_questions:
            return
        from assistant.insights.redaction import redact

        slugs = tuple(dict.fromkeys(c.slug for c in answer.citations))
        articles = self.articles()
        topics = tuple(dict.fromkeys(t for s in slugs for t in (articles[s].tags if s in articles else ())))
        row = {
            "conversation_id": _checked_id(conversation_id),
            "created_at": self._now(),
            "question_redacted": redact(question)[:MAX_STORED_CHARS],
            "triage_level": answer.triage.level,
            "flags": _joined(answer.triage.flag_ids),
            "cited_slugs": _joined(slugs),
            "topics": _joined(topics),
            "in_scope": answer.in_scope,
            "mode": answer.mode,
        }
        try:
            self._ready()
            with self.engine.begin() as conn:
                inserted = conn.execute(insert(questions), row).inserted_primary_key
                question_id = inserted[0] if inserted else None
                conn.execute(insert(replies), {"question_id": question_id, "conversation_id": row["conversation_id"],
                                               "created_at": row["created_at"],
                                               "answer_redacted": redact(answer.text)[:MAX_STORED_CHARS * 2]})
        except SQLAlchemyError as exc:  # insights must never break a chat
            log.warning("could not write to the insights store (questions): %s", exc)

    def recent_turns(self, limit: int = 50, conversation_id: str | None = None) -> list[dict[str, object]]:
        """The latest logged questions with the answers given, newest first (one conversation's, if given)."""
        query = (select(questions, replies.c.answer_redacted)
                 .join(replies, replies.c.question_id == questions.c.id, isouter=True)
                 .order_by(questions.c.created_at.desc(), questions.c.id.desc()).limit(limit))
        if conversation_id is not None:
            query = query.where(questions.c.conversation_id == _checked_id(conversation_id))
        self._ready()
        with self.engine.connect() as conn:
            return [{"when": r.created_at.isoformat(sep=" ", timespec="minutes"), "conversation_id": r.conversation_id,
                     "question": r.question_redacted, "answer": r.answer_redacted or "", "triage": r.triage_level,
                     "mode": r.mode} for r in conn.execute(query)]

    def record_feedback(self, conversation_id: str, helpful: bool, cited_slugs: Sequence[str]) -> None:
        """Store a thumbs up or down with the cited slugs only (never text), whatever log_questions says."""
        row = {"conversation_id": _checked_id(conversation_id), "created_at": self._now(), "helpful": bool(helpful),
               "cited_slugs": _joined(dict.fromkeys(cited_slugs))}
        self._write(feedback, row)

    def record_handoff(self, conversation_id: str, email: str, note: str = "") -> None:
        """Store a visitor's email for the specialist, with their note (cut to MAX_STORED_CHARS); raises on failure."""
        row = {"conversation_id": _checked_id(conversation_id), "created_at": self._now(),
               "email": email.strip()[:320], "note": note.strip()[:MAX_STORED_CHARS]}
        self._ready()
        with self.engine.begin() as conn:  # unlike a log row, a lost handoff must be reported to the visitor
            conn.execute(insert(handoffs), row)

    def handoff_rows(self, since: datetime | None = None) -> list[dict[str, object]]:
        """Handoffs, newest first: conversation id, time, email and note."""
        query = _rows_of(handoffs, since, None)
        self._ready()
        with self.engine.connect() as conn:
            rows = [{"conversation_id": r.conversation_id, "created_at": r.created_at.isoformat(timespec="seconds"),
                     "email": r.email, "note": r.note} for r in conn.execute(query)]
        return rows[::-1]

    def purge(self, older_than_days: int | None = None) -> int:
        """Delete questions and feedback older than the retention period; returns the rows deleted."""
        days = self.settings.retention_days if older_than_days is None else older_than_days
        if days < 0:
            raise ValueError(f"older_than_days must be 0 or more, not {days}")
        cutoff = self._now() - timedelta(days=days)
        self._ready()
        with self.engine.begin() as conn:
            conn.execute(delete(replies).where(replies.c.created_at < cutoff))  # counted with their questions
            deleted = sum(conn.execute(delete(t).where(t.c.created_at < cutoff)).rowcount
                          for t in (questions, feedback, handoffs))
        log.info("purged %d insights rows older than %d days", deleted, days)
        return deleted

    def export_conversation(self, conversation_id: str) -> dict[str, object]:
        """Everything stored for one conversation id, for a visitor who asks."""
        cid = _checked_id(conversation_id)
        return {
            "conversation_id": cid,
            "questions": [r.to_dict() for r in self.question_rows(conversation_id=cid)],
            "feedback": [r.to_dict() for r in self.feedback_rows(conversation_id=cid)],
            "answers": [{"when": t["when"], "answer": t["answer"]} for t in self.recent_turns(10_000, cid)][::-1],
            "handoffs": [h for h in self.handoff_rows() if h["conversation_id"] == cid],
        }

    def delete_conversation(self, conversation_id: str) -> int:
        """Delete everything stored for one conversation id; returns the rows deleted."""
        cid = _checked_id(conversation_id)
        self._ready()
        with self.engine.begin() as conn:
            conn.execute(delete(replies).where(replies.c.conversation_id == cid))  # counted with their questions
            return sum(conn.execute(delete(t).where(t.c.conversation_id == cid)).rowcount
                       for t in (questions, feedback, handoffs))

    def question_rows(self, since: datetime | None = None, conversation_id: str | None = None) -> list[QuestionRow]:
        """Logged questions, oldest first."""
        query = _rows_of(questions, since, conversation_id)
        self._ready()
        with self.engine.connect() as conn:
            return [QuestionRow(r.conversation_id, r.created_at, r.question_redacted, r.triage_level, _split(r.flags),
                                _split(r.cited_slugs), _split(r.topics), bool(r.in_scope), r.mode)
                    for r in conn.execute(query)]

    def feedback_rows(self, since: datetime | None = None, conversation_id: str | None = None) -> list[FeedbackRow]:
        """Feedback, oldest first."""
        query = _rows_of(feedback, since, conversation_id)
        self._ready()
        with self.engine.connect() as conn:
            return [FeedbackRow(r.conversation_id, r.created_at, bool(r.helpful), _split(r.cited_slugs))
                    for r in conn.execute(query)]

    def articles(self) -> dict[str, ArticleMeta]:
        """Title and topic tags of each article, by slug (read once from the knowledge folder)."""
        if self._articles is None:
            self._articles = self._load_articles()
        return self._articles

    def _write(self, table: Table, row: dict[str, object]) -> None:
        # Insights must never break a chat: a failed write is logged and the turn goes on.
        try:
            self._ready()
            with self.engine.begin() as conn:
                conn.execute(insert(table), row)
        except SQLAlchemyError as exc:
            log.warning("could not write to the insights store (%s): %s", table.name, exc)

    def _ready(self) -> None:
        """Create the tables and record the schema version, once per store."""
        with self._lock:
            if self._is_ready:
                return
            metadata.create_all(self.engine)
            with self.engine.begin() as conn:
                stored = conn.execute(select(schema_version.c.version)).scalars().all()
                if not stored:
                    conn.execute(insert(schema_version), {"version": SCHEMA_VERSION, "applied_at": self._now()})
                elif max(stored) > SCHEMA_VERSION:
                    raise RuntimeError(f"insights database schema {max(stored)} is newer than this code "
                                       f"({SCHEMA_VERSION}); update the assistant")
            self._restrict_file()
            self._is_ready = True

    def _restrict_file(self) -> None:
        # Health questions: only the owner may read the SQLite file.
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            try:
                os.chmod(url.database, 0o600)
            except OSError as exc:
                log.debug("could not restrict %s: %s", url.database, exc)


def _articles_from(settings: Settings) -> dict[str, ArticleMeta]:
    from assistant.index.articles import load_library

    try:
        library = load_library(settings.knowledge_dir, settings.studio_fields)
    except FileNotFoundError:
        log.warning("no knowledge folder at %s: insights will show no topics", settings.knowledge_dir)
        return {}
    return {a.slug: ArticleMeta(a.title, a.tags) for a in library.articles}


def _checked_id(conversation_id: str) -> str:
    cid = str(conversation_id).strip()
    if not cid or len(cid) > MAX_ID_CHARS:
        raise ValueError(f"conversation id must be 1 to {MAX_ID_CHARS} characters, got {len(cid)}")
    return cid


def _joined(values: Iterable[object]) -> str:
    return ",".join(str(v) for v in values)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(v for v in (text or "").split(",") if v)


def _rows_of(table: Table, since: datetime | None, conversation_id: str | None) -> Select[Any]:
    """A table's rows, oldest first, optionally since a time and for one conversation."""
    query = select(table).order_by(table.c.created_at, table.c.id)
    if since is not None:
        query = query.where(table.c.created_at >= since)
    if conversation_id is not None:
        query = query.where(table.c.conversation_id == conversation_id)
    return query
