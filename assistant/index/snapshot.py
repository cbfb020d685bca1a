"""The in-memory view of one index version (articles, chunks, vectors, BM25) and the passages read from it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import bm25s
import numpy as np
import Stemmer

from assistant.index.chunking import QUESTION
from assistant.index.store import Store, get_all

# bm25s sets its own logger to DEBUG and prints a line per index build; keep it quiet.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its article; score is the fused rank score, similarity the cosine."""

    slug: str
    title: str
    url: str
    section: str
    text: str
    score: float
    similarity: float
    chunk_id: str = ""
    is_question: bool = False  # a reader's question quoted in a blog post: finds the post, never quoted

    def to_dict(self) -> dict[str, str | float]:
        """The JSON shape of the search command."""
        return {"slug": self.slug, "title": self.title, "url": self.url, "section": self.section,
                "text": self.text, "score": round(self.score, 5)}


@dataclass(frozen=True)
class ArticleInfo:
    """What the manifest knows about an article that is fully indexed."""

    slug: str
    title: str
    url: str
    tags: tuple[str, ...]
    summary: str
    faq: tuple[str, ...]
    version: str


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens for BM25."""
    return bm25s.tokenize(texts, stopwords="en_plus", stemmer=_stemmer, return_ids=False,
                          show_progress=False)  # type: ignore[return-value]


@dataclass(frozen=True)
class Snapshot:
    """One version's in-memory view, swapped whole: a search reads one snapshot from start to end."""

    store: Store
    articles: dict[str, ArticleInfo]
    ids: list[str]
    docs: list[str]
    metas: list[dict[str, Any]]
    index_of: dict[str, int]
    rows_of: dict[str, list[int]]
    vectors: np.ndarray
    bm25: bm25s.BM25 | None


def manifest_signature(store: Store) -> tuple[tuple[str, str], ...]:
    """Which article versions the store's manifest commits (a cheap test for "anything changed?")."""
    got = get_all(store.manifest, include=["metadatas"])
    return tuple(sorted((i, str((m or {}).get("version", ""))) for i, m in zip(got["ids"], got["metadatas"] or [])))


def load_snapshot(store: Store) -> Snapshot:
    """Read a version's committed articles and chunks into memory, with their BM25 index."""
    got = get_all(store.manifest, include=["metadatas"])
    metas = got["metadatas"] or []
    articles = {
        i: ArticleInfo(
            slug=i,
            title=str(m.get("title", "")),
            url=str(m.get("url", "")),
            tags=tuple(t for t in str(m.get("tags", "")).split(",") if t),
            summary=str(m.get("summary", "")),
            faq=tuple(q for q in str(m.get("faq", "")).split("\n") if q),
            version=str(m.get("version", "")),
        )
        for i, m in zip(got["ids"], metas)
        if m
    }
    chunks = get_all(store.chunks, where={"kind": "chunk"}, include=["documents", "metadatas", "embeddings"])
    ids, docs, chunk_metas, vecs = [], [], [], []
    embeddings = chunks["embeddings"] if chunks["embeddings"] is not None else []
    for i, d, m, e in zip(chunks["ids"], chunks["documents"] or [], chunks["metadatas"] or [], embeddings):
        info = articles.get(str(m.get("slug")))
        # Serve only chunks of the version an ingest finished: never half an article.
        if info is None or str(m.get("version")) != info.version:
            continue
        ids.append(i)
        docs.append(d)
        chunk_metas.append(m)
        vecs.append(e)
    bm25 = bm25s.BM25()
    if docs:
        corpus = [f"{m.get('title', '')} {m.get('section', '')} {d}" for d, m in zip(docs, chunk_metas)]
        bm25.index(tokenize(corpus), show_progress=False)
    rows_of: dict[str, list[int]] = {}
    for n, m in enumerate(chunk_metas):
        rows_of.setdefault(str(m.get("slug")), []).append(n)
    snapshot = Snapshot(
        store=store, articles=articles, ids=ids, docs=docs, metas=chunk_metas,
        index_of={i: n for n, i in enumerate(ids)}, rows_of=rows_of,
        vectors=np.asarray(vecs, dtype=np.float32).reshape(len(ids), -1) if ids else np.zeros((0, 384)),
        bm25=bm25 if docs else None,
    )
    return snapshot


def best_chunk_of(snap: Snapshot, slug: str, vector: np.ndarray) -> int | None:
    """The row of an article's chunk closest to the vector."""
    rows = snap.rows_of.get(slug, [])
    if not rows:
        return None
    sims = snap.vectors[rows] @ vector
    return rows[int(np.argmax(sims))]


def passage_at(snap: Snapshot, idx: int, score: float, similarity: float) -> Passage:
    """The Passage of one snapshot row."""
    meta = snap.metas[idx]
    return Passage(slug=str(meta.get("slug")), title=str(meta.get("title")), url=str(meta.get("url")),
                   section=str(meta.get("section", "")), text=snap.docs[idx], score=score,
                   similarity=similarity, chunk_id=snap.ids[idx], is_question=is_question(meta))


def is_question(meta: dict[str, object]) -> bool:
    """Whether a chunk is a reader's quoted question (a blog post's), never the studio's advice."""
    return meta.get("role") == QUESTION


@dataclass(frozen=True)
class Sentence:
    """One sentence of an indexed passage, with its precomputed vector."""

    chunk_id: str
    position: int
    text: str
    vector: np.ndarray


def sentences_of(store: Store, chunk_ids: list[str], counts: dict[str, int] | None = None) -> list[Sentence]:
    """The stored sentences of the given chunks, in chunk and sentence order."""
    if not chunk_ids:
        return []
    include = ["documents", "metadatas", "embeddings"]
    if counts is not None and all(c in counts for c in chunk_ids):
        # By id: a primary-key lookup, where a metadata filter scans (slow at 100x the corpus).
        ids = [f"{c}:s{n:02d}" for c in chunk_ids for n in range(counts[c])]
        got = store.sentences.get(ids=ids, include=include)
    else:
        got = store.sentences.get(where={"chunk_id": {"$in": list(chunk_ids)}}, include=include)
    vectors = got["embeddings"] if got["embeddings"] is not None else []
    rows = [
        Sentence(str(m["chunk_id"]), int(m["position"]), str(d), np.asarray(v, dtype=np.float32))
        for d, m, v in zip(got["documents"] or [], got["metadatas"] or [], vectors)
    ]
    order = {c: n for n, c in enumerate(chunk_ids)}
    return sorted(rows, key=lambda s: (order.get(s.chunk_id, 0), s.position))
