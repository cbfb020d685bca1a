"""Passages -> a grounded, extractive answer: the sentences that answer each question, each cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.index.retrieval import Passage, Sentence, tokenize

SENTENCES_PER_QUESTION = 3
PASSAGES_FOR_SENTENCES = 2
# Two sentences more similar than this say the same thing; keep the first.
REDUNDANT = 0.82
# Sentences that lean on the one before ("This means...", "But...") read badly alone.
_DEPENDENT = re.compile(r"^(this|that|these|those|it|they|he|she|but|and|so|or|also|then|here|there|which|"
                        r"such|both|another|instead|otherwise|however)\b", re.IGNORECASE)
MIN_WORDS = 6
# Sentences about the article itself ("In this article I explain...") answer nothing alone.
META = re.compile(r"\b(this|the next|the following|a later) (article|post|piece|section)\b|\bbelow\b|\babove\b",
                   re.IGNORECASE)
# A sentence less similar than this to the question is left out even if its passage ranked
# well, unless nothing better exists (then the single best sentence is kept).
MIN_SENTENCE_SIMILARITY = 0.30


@dataclass(frozen=True)
class Citation:
    """An article cited as [n]."""

    n: int
    slug: str
    title: str
    url: str

    def to_dict(self) -> dict[str, object]:
        return {"n": self.n, "slug": self.slug, "title": self.title, "url": self.url}


@dataclass(frozen=True)
class Picked:
    """A sentence chosen to answer a question, with where it came from."""

    text: str
    slug: str
    chunk_rank: int
    position: int
    score: float


@dataclass
class Citations:
    """Numbers articles in the order they are first cited."""

    passages: dict[str, Passage] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def number(self, passage: Passage) -> int:
        """The [n] of the passage's article."""
        if passage.slug not in self.passages:
            self.passages[passage.slug] = passage
            self.order.append(passage.slug)
        return self.order.index(passage.slug) + 1

    def listed(self) -> tuple[Citation, ...]:
        """Every cited article, by number."""
        return tuple(
            Citation(n, slug, self.passages[slug].title, self.passages[slug].url)
            for n, slug in enumerate(self.order, 1)
        )


def pick_sentences(
    question_vector: np.ndarray, passages: list[Passage], sentences: list[Sentence],
    limit: int = SENTENCES_PER_QUESTION, question: str = "", skip: set[str] | None = None,
) -> list[Picked]:
    """The sentences that best answer a question, without repeats, in reading order."""
    rank = {p.chunk_id: n for n, p in enumerate(passages[:PASSAGES_FOR_SENTENCES])}
    slug_of = {p.chunk_id: p.slug for p in passages}
    asked = set(tokenize([question])[0]) if question else set()
    candidates = []
    for s in sentences:
        if s.chunk_id not in rank or not _usable(s.text) or (skip and s.text in skip):
            continue
        # Sentence vectors alone over-reward a shared topic word ("sciatica"); the passage's
        # rank (hybrid search) and the question's own words keep the answer on the question.
        score = float(s.vector @ question_vector)
        score += 0.12 * (PASSAGES_FOR_SENTENCES - rank[s.chunk_id]) / PASSAGES_FOR_SENTENCES
        if asked:
            score += 0.2 * len(asked & set(tokenize([s.text])[0])) / len(asked)
        if _DEPENDENT.match(s.text):
            score -= 0.08
        candidates.append((score, s))
    candidates.sort(key=lambda c: c[0], reverse=True)
    chosen: list[tuple[float, Sentence]] = []
    for score, s in candidates:
        if chosen and float(s.vector @ question_vector) < MIN_SENTENCE_SIMILARITY:
            break
        if any(float(s.vector @ other.vector) > REDUNDANT for _, other in chosen):
            continue
        chosen.append((score, s))
        if len(chosen) == limit:
            break
    picked = [Picked(s.text, slug_of[s.chunk_id], rank[s.chunk_id], s.position, score) for score, s in chosen]
    # Reading order: the best passage's sentences first, each passage in its own order.
    return sorted(picked, key=lambda p: (p.chunk_rank, p.position))


def _usable(text: str) -> bool:
    words = text.split()
    # Quoted examples ("A typical message reads: ...") put words in a visitor's mouth.
    quoted = text.count('"') + text.count("“") + text.count("”") > 0
    return len(words) >= MIN_WORDS and not text.rstrip().endswith(("?", ":")) and not quoted and not META.search(text)


def cite(picked: list[Picked], passages: list[Passage], citations: Citations) -> str:
    """The picked sentences as a paragraph, [n] after each."""
    by_slug = {p.slug: p for p in passages}
    parts = []
    for p in picked:
        n = citations.number(by_slug[p.slug])
        parts.append(f"{p.text} [{n}]")
    return " ".join(parts)
