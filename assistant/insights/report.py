"""The insights tables: questions per week, topics, uncovered themes, red flags, unhelpful answers.

Each table is plain rows with CSV and JSON forms, so the page, the CLI and a spreadsheet read the same thing.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from assistant.index.embedding import Embedder
from assistant.index.topics import TOPICS
from assistant.insights.rows import ArticleMeta, FeedbackRow, QuestionRow
from assistant.insights.store import InsightsStore
from assistant.triage.levels import rank

# Two groups of uncovered questions merge while their average cosine similarity is at least this.
# Checked with all-MiniLM-L6-v2 on 16 made-up studio questions: rewordings of one need scored 0.44-0.90
# (gift vouchers 0.75, parking 0.81, jaw pain 0.53, insurance 0.44), different needs mostly 0.0-0.36
# (two back-pain questions about different things reached 0.54, kept apart by the average).
# At 0.35 mattresses merged with pregnancy back ache; at 0.45 the two insurance questions split.
THEME_SIMILARITY = 0.40
EXAMPLES_PER_THEME = 3
LABEL_WORDS = 3
NO_ARTICLE = "(none cited)"

_STOPWORD_TEXT = (
    "a about after again all also am an and any anything are as at be because been before being but by can "
    "could did do does doing don't for from get got had has have having he her here him his how i i'm i've if "
    "in into is it it's its just like me more most my no not now of off on once one only or other our out over "
    "own really same she should so some such than that the their them then there these they this those through "
    "to too under up very was we were what when where which while who why will with would you your yours "
    "there's what's can't won't isn't doesn't didn't ok okay please thanks thank hi hello dear deb help "
    "know want need anyone someone something"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z][a-z'’-]+")
_MARKER = re.compile(r"\{\{[A-Z_+]+\}\}")


@dataclass(frozen=True)
class Table:
    """A named table of rows, as shown on the page and printed by the CLI."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def to_records(self) -> list[dict[str, object]]:
        """The rows as dicts keyed by column (the JSON form)."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_csv(self) -> str:
        """The table as CSV text with a header line."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_cell(c) for c in self.columns])
        writer.writerows([csv_cell(c) for c in row] for row in self.rows)
        return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula ("=cmd|' /C calc'!A0"):
# OWASP's advice is to lead such text with a single quote, which shows it as plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell safe to open in a spreadsheet: text that could run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Report:
    """Every insights table for one period."""

    since: date | None
    is_logging: bool
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        """The table called name."""
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(f"no table {name!r} (expected one of: {', '.join(t.name for t in self.tables)})")

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `assistant insights --json`."""
        return {"since": self.since.isoformat() if self.since else None, "question_logging": self.is_logging,
                "tables": {t.name: t.to_records() for t in self.tables}}


@dataclass(frozen=True)
class Theme:
    """Uncovered questions that ask for the same thing."""

    label: str
    count: int
    examples: tuple[str, ...]


def build_report(store: InsightsStore, load_embedder: Callable[[], Embedder], since: date | None = None) -> Report:
    """All tables from the store; the embedder is loaded only if there are uncovered questions to group."""
    start = datetime(since.year, since.month, since.day) if since else None
    asked = store.question_rows(since=start)
    votes = store.feedback_rows(since=start)
    articles = store.articles()
    uncovered = [r.question for r in asked if is_uncovered(r)]
    themes = group_themes(uncovered, load_embedder().embed_documents(uncovered)) if uncovered else []
    return Report(since, store.is_logging, (
        questions_per_week(asked),
        top_topics(asked),
        themes_table(themes),
        red_flags(asked),
        unhelpful_answers(votes, articles),
    ))


def is_uncovered(row: QuestionRow) -> bool:
    """A question the articles did not answer (not one that was declined, empty or a safety reply)."""
    return not row.in_scope and row.mode == "out_of_scope"


def questions_per_week(rows: Sequence[QuestionRow]) -> Table:
    """Questions per ISO week (Monday), with how many the articles did not cover."""
    asked: Counter[date] = Counter()
    missed: Counter[date] = Counter()
    for r in rows:
        monday = r.created_at.date() - timedelta(days=r.created_at.weekday())
        asked[monday] += 1
        missed[monday] += is_uncovered(r)
    return Table("questions_per_week", "Questions per week", ("week", "questions", "not_covered"),
                 tuple((w.isoformat(), asked[w], missed[w]) for w in sorted(asked)))


def top_topics(rows: Sequence[QuestionRow]) -> Table:
    """Topic tags of the cited articles, by how many questions cited them."""
    counts = Counter(t for r in rows for t in r.topics)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Table("top_topics", "Most asked topics", ("topic", "tag", "questions"),
                 tuple((TOPICS.get(tag, tag), tag, n) for tag, n in ordered))


def themes_table(themes: Sequence[Theme]) -> Table:
    """The uncovered themes: the articles to write next."""
    return Table("uncovered_themes", "Questions the articles did not cover", ("theme", "questions", "examples"),
                 tuple((t.label, t.count, " | ".join(t.examples)) for t in themes))


def red_flags(rows: Sequence[QuestionRow]) -> Table:
    """Questions by triage level and flag, most urgent first (level 'none' left out)."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in rows:
        if r.triage_level != "none":
            for flag in r.flags or ("(no flag id)",):
                counts[(r.triage_level, flag)] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-rank(kv[0][0]), -kv[1], kv[0][1]))
    return Table("red_flags", "Red flags by level", ("level", "flag", "questions"),
                 tuple((level, flag, n) for (level, flag), n in ordered))


def unhelpful_answers(votes: Sequence[FeedbackRow], articles: dict[str, ArticleMeta]) -> Table:
    """Feedback by cited article, most thumbs-down first."""
    down: Counter[str] = Counter()
    up: Counter[str] = Counter()
    for v in votes:
        for slug in v.cited_slugs or (NO_ARTICLE,):
            (up if v.is_helpful else down)[slug] += 1
    slugs = sorted(set(down) | set(up), key=lambda s: (-down[s], -down[s] / (down[s] + up[s]), s))
    return Table("unhelpful_answers", "Answers with the most negative feedback",
                 ("slug", "title", "unhelpful", "helpful", "unhelpful_share"),
                 tuple((s, articles[s].title if s in articles else "", down[s], up[s],
                        round(down[s] / (down[s] + up[s]), 2)) for s in slugs))


def group_themes(texts: Sequence[str], vectors: np.ndarray, threshold: float = THEME_SIMILARITY) -> list[Theme]:
    """Group questions by similarity (average-linkage on cosine, deterministic), biggest theme first."""
    if not texts:
        return []
    vectors = np.asarray(vectors, dtype=np.float64)
    labels = _clusters(vectors, threshold)
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[int(label)].append(i)
    themes = []
    for indices in sorted(members.values(), key=lambda ix: (-len(ix), ix[0])):
        centre = vectors[indices].mean(axis=0)
        closest = sorted(indices, key=lambda i: (-float(vectors[i] @ centre), i))
        examples = tuple(dict.fromkeys(texts[i] for i in closest))[:EXAMPLES_PER_THEME]
        themes.append(Theme(theme_label([texts[i] for i in indices]), len(indices), examples))
    return themes


def _clusters(vectors: np.ndarray, threshold: float) -> np.ndarray:
    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=1.0 - threshold)
    return model.fit_predict(vectors)


def theme_label(texts: Sequence[str]) -> str:
    """The most common content words of a theme: in most questions first, then most often."""
    in_questions: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text in texts:
        words = [w.strip("'’-") for w in _WORD.findall(_MARKER.sub(" ", text).lower())]
        words = [w for w in words if len(w) > 2 and w not in _STOPWORDS]
        total.update(words)
        in_questions.update(set(words))
    ranked = sorted(in_questions, key=lambda w: (-in_questions[w], -total[w], w))
    return " ".join(ranked[:LABEL_WORDS]) or "(no words)"
