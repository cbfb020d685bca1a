"""Writing a plan into a version's store: vectors (reused where the content is unchanged), records, the manifest."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.index.articles import Article, Problem
from assistant.index.chunking import article_hash
from assistant.index.embedding import Embedder
from assistant.index.records import Record, summary_text
from assistant.index.store import Store

BATCH = 128
SENTENCE_ID = re.compile(r":s\d+$")


@dataclass
class Plan:
    """What an ingest will do, decided before any model is loaded."""

    articles: list[Article]
    records: dict[str, list[Record]]
    to_write: dict[str, list[Record]]
    stale_ids: list[str]
    removed_slugs: list[str]
    changed_slugs: list[str]
    total_chunks: int
    unchanged_chunks: int
    problems: list[Problem] = field(default_factory=list)
    # content hash -> an id already stored with that content (read once, for vector reuse)
    stored_by_hash: dict[str, str] = field(default_factory=dict)
    curated: int = 0  # curated answers synced (set after the articles)


def _collection(store: Store, record_id: str) -> Any:
    return store.sentences if SENTENCE_ID.search(record_id) else store.chunks


def fill(store: Store, plan: Plan, embedder: Embedder, progress: Callable[[int, int], None] | None,
         on_commit: Callable[[str], None] | None) -> int:
    """Embed and write what the plan says, a group of articles at a time; returns how many texts were embedded."""
    embedded = 0
    total_texts = sum(len(recs) + 1 for recs in plan.to_write.values())
    done = 0
    for group in _groups([a for a in plan.articles if a.slug in plan.to_write]):
        vectors = _vectors_for(group, plan, store, embedder)
        embedded += sum(1 for key in vectors if key.startswith("new:"))
        for article in group:
            _upsert(store, plan.to_write[article.slug], vectors)
            _commit_article(store, article, plan.records[article.slug], vectors)
            done += len(plan.to_write[article.slug]) + 1
            if progress:
                progress(done, total_texts)
            if on_commit:
                on_commit(article.slug)
    for slug in plan.removed_slugs:
        store.manifest.delete(ids=[slug])
    for collection in (store.chunks, store.sentences):
        stale = [i for i in plan.stale_ids if _collection(store, i) is collection]
        for start in range(0, len(stale), BATCH):
            collection.delete(ids=stale[start : start + BATCH])
    return embedded


def _groups(articles: list[Article], size: int = 8) -> list[list[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _vectors_for(group: list[Article], plan: Plan, store: Store, embedder: Embedder) -> dict[str, np.ndarray]:
    """Vectors for a group's records, reusing stored ones whose content is unchanged."""
    needed = [r for a in group for r in plan.to_write[a.slug]]
    by_hash = _reusable(store, {r.content_hash for r in needed}, plan.stored_by_hash)
    vectors: dict[str, np.ndarray] = {}
    to_embed: list[tuple[str, str]] = []
    for r in needed:
        if r.content_hash in by_hash:
            vectors["old:" + r.id] = by_hash[r.content_hash]
        else:
            to_embed.append(("new:" + r.id, r.embed_text))
    for a in group:
        to_embed.append(("new:manifest:" + a.slug, summary_text(a)))
    if to_embed:
        embedded = embedder.embed_documents([t for _, t in to_embed])
        for (key, _), vec in zip(to_embed, embedded):
            vectors[key] = vec
    return vectors


def _reusable(store: Store, hashes: set[str], stored_by_hash: dict[str, str]) -> dict[str, np.ndarray]:
    """Stored vectors for content that is already in the index under another id."""
    ids = sorted({stored_by_hash[h] for h in hashes if h in stored_by_hash})
    out: dict[str, np.ndarray] = {}
    for collection in (store.chunks, store.sentences):
        mine = [i for i in ids if _collection(store, i) is collection]
        for start in range(0, len(mine), BATCH):
            part = collection.get(ids=mine[start : start + BATCH], include=["metadatas", "embeddings"])
            vectors = part["embeddings"] if part["embeddings"] is not None else []
            for m, e in zip(part["metadatas"] or [], vectors):
                out[str(m["content_hash"])] = np.asarray(e, dtype=np.float32)
    return out


def _vector(vectors: dict[str, np.ndarray], record_id: str) -> np.ndarray:
    return vectors.get("new:" + record_id, vectors.get("old:" + record_id))  # type: ignore[return-value]


def _upsert(store: Store, recs: list[Record], vectors: dict[str, np.ndarray]) -> None:
    for collection in (store.chunks, store.sentences):
        mine = [r for r in recs if _collection(store, r.id) is collection]
        for start in range(0, len(mine), BATCH):
            _upsert_batch(collection, mine[start : start + BATCH], vectors)


def _upsert_batch(collection: Any, part: list[Record], vectors: dict[str, np.ndarray]) -> None:
    if part:
        collection.upsert(
            ids=[r.id for r in part],
            documents=[r.text for r in part],
            metadatas=[r.metadata for r in part],  # type: ignore[misc]
            embeddings=[_vector(vectors, r.id).tolist() for r in part],
        )


def _commit_article(store: Store, article: Article, recs: list[Record], vectors: dict[str, np.ndarray]) -> None:
    vector = vectors["new:manifest:" + article.slug]
    version = str(recs[0].metadata["version"]) if recs else article_hash(article)[:10]
    store.manifest.upsert(
        ids=[article.slug],
        documents=[article.summary or article.title],
        embeddings=[vector.tolist()],
        metadatas=[{
            "version": version,
            "title": article.title,
            "url": article.url,
            "tags": ",".join(article.tags),
            "summary": article.summary,
            "published": article.published,
            "faq": "\n".join(article.faq),
            "chunks": sum(1 for r in recs if r.metadata["kind"] == "chunk"),
        }],
    )
