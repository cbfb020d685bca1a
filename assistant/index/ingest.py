"""knowledge/ -> Chroma, incremental and idempotent: content hashes decide what is embedded."""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.index.articles import Article, Problem, load_library
from assistant.index.chunking import article_hash
from assistant.index.curated import FOLDER, answers_folder, load_curated, sync_curated
from assistant.index.embedding import Embedder
from assistant.index.records import Record, records_for, summary_text
from assistant.index.sources import merge_articles
from assistant.index.store import Store, drop_index, forget_client, get_all, open_store, translate_error

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did, for the one summary line."""

    total_chunks: int
    articles: int
    unchanged_chunks: int
    removed_articles: int
    embedded: int
    seconds: float
    problems: tuple[Problem, ...]
    dry_run: bool = False
    curated: int = 0

    def summary(self) -> str:
        """The line ingest.py prints at the end."""
        verb = "Would index" if self.dry_run else "Indexed"
        line = (
            f"{verb} {self.total_chunks} chunks from {self.articles} articles "
            f"({self.unchanged_chunks} unchanged, {self.removed_articles} removed) in {self.seconds:.1f} s"
        )
        if self.curated:
            line += f"; {self.curated} curated answers"
        if self.problems:
            line += f"; skipped {len(self.problems)} file(s) with problems"
        return line


def _collection(store: Store, record_id: str) -> Any:
    return store.sentences if SENTENCE_ID.search(record_id) else store.chunks


def plan_ingest(settings: Settings, store: Store, source: Path | None = None, extra: Sequence[Article] = ()) -> Plan:
    """Compare the articles on disk (and extra ones, e.g. blog posts) with the index."""
    library = load_library(source or settings.knowledge_dir, settings.studio_fields)
    library.articles = merge_articles(library.articles, list(extra))  # issue 18: blog sources
    existing = _existing_ids(store)
    committed = _committed_versions(store)
    records: dict[str, list[Record]] = {}
    to_write: dict[str, list[Record]] = {}
    changed: list[str] = []
    total = unchanged = 0
    for article in library.articles:
        recs = records_for(article)
        records[article.slug] = recs
        missing = [r for r in recs if existing.get(r.id) != r.content_hash]
        n_chunks = sum(1 for r in recs if r.metadata["kind"] == "chunk")
        total += n_chunks
        version = str(recs[0].metadata["version"]) if recs else ""
        if missing or committed.get(article.slug) != version:
            to_write[article.slug] = missing
            changed.append(article.slug)
        unchanged += sum(1 for r in recs if r.metadata["kind"] == "chunk"
                         and existing.get(r.id) == r.content_hash and committed.get(article.slug) == version)
    wanted = {r.id for recs in records.values() for r in recs}
    stale = sorted(i for i in existing if i not in wanted)
    removed = sorted(s for s in committed if s not in records)
    return Plan(library.articles, records, to_write, stale, removed, changed, total, unchanged,
                library.problems,
                {h: i for i, h in existing.items()})


def ingest(
    settings: Settings,
    embedder: Embedder,
    source: Path | None = None,
    rebuild: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_commit: Callable[[str], None] | None = None,
    extra: Sequence[Article] = (),
) -> IngestReport:
    """Bring the index up to date with the articles (and extra ones, e.g. blog posts); safe to interrupt and re-run."""
    fresh = not settings.uses_chroma_server and not Path(settings.chroma_dir).exists()
    try:
        return _ingest(settings, embedder, source, rebuild, dry_run, progress, on_commit, extra)
    except AssistantError:
        raise
    except Exception as exc:
        error = translate_error(exc, settings)
        if error is exc:
            raise
        if fresh and not dry_run:
            # A first ingest that could not write leaves no half-made store behind.
            shutil.rmtree(settings.chroma_dir, ignore_errors=True)
            forget_client(settings)
        raise error from exc


def _ingest(
    settings: Settings,
    embedder: Embedder,
    source: Path | None,
    rebuild: bool,
    dry_run: bool,
    progress: Callable[[int, int], None] | None,
    on_commit: Callable[[str], None] | None,
    extra: Sequence[Article] = (),
) -> IngestReport:
    started = time.perf_counter()
    if dry_run:
        store = _open_for_plan(settings)
        plan = plan_ingest(settings, store, source, extra) if store else _plan_without_index(settings, source, extra)
        return _report(plan, 0, started, dry_run=True)
    if rebuild:
        drop_index(settings)
    store = open_store(settings, create=True)
    plan = plan_ingest(settings, store, source, extra)
    embedded = 0
    total_texts = sum(len(recs) + 1 for recs in plan.to_write.values())
    done = 0
    # Articles are embedded and committed a group at a time, so an interrupted ingest
    # keeps what it finished and the next run only does the rest.
    for group in _groups([a for a in plan.articles if a.slug in plan.to_write]):
        vectors = _vectors_for(group, plan, store, embedder)
        embedded += sum(1 for key in vectors if key.startswith("new:"))
        for article in group:
            _upsert(store, plan.to_write[article.slug], vectors)
            # Only now does the new version become visible to search: retrieval serves
            # chunks of the version named in the manifest, never a half-written one.
            _commit_article(store, article, plan.records[article.slug], vectors)
            done += len(plan.to_write[article.slug]) + 1
            if progress:
                progress(done, total_texts)
            if on_commit:
                on_commit(article.slug)
    for slug in plan.removed_slugs:
        store.manifest.delete(ids=[slug])
    curated, curated_problems = load_curated(answers_folder(source or settings.knowledge_dir))
    embedded += sync_curated(store, embedder, curated)
    plan.curated = len(curated)
    plan.problems.extend(Problem(f"{FOLDER}/{p.split(':', 1)[0]}", p.split(":", 1)[-1].strip())
                         for p in curated_problems)
    for collection in (store.chunks, store.sentences):
        stale = [i for i in plan.stale_ids if _collection(store, i) is collection]
        for start in range(0, len(stale), BATCH):
            collection.delete(ids=stale[start : start + BATCH])
    return _report(plan, embedded, started)


def _groups(articles: list[Article], size: int = 8) -> list[list[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _open_for_plan(settings: Settings) -> Store | None:
    from assistant.errors import IndexMissing

    try:
        return open_store(settings, create=False)
    except IndexMissing:
        return None


def _plan_without_index(settings: Settings, source: Path | None, extra: Sequence[Article] = ()) -> Plan:
    library = load_library(source or settings.knowledge_dir, settings.studio_fields)
    library.articles = merge_articles(library.articles, list(extra))  # issue 18: blog sources
    records = {a.slug: records_for(a) for a in library.articles}
    total = sum(1 for recs in records.values() for r in recs if r.metadata["kind"] == "chunk")
    return Plan(library.articles, records, dict(records), [], [], list(records), total, 0,
                library.problems)


def _report(plan: Plan, embedded: int, started: float, dry_run: bool = False) -> IngestReport:
    return IngestReport(
        total_chunks=plan.total_chunks,
        articles=len(plan.articles),
        unchanged_chunks=plan.unchanged_chunks,
        removed_articles=len(plan.removed_slugs),
        embedded=embedded,
        seconds=time.perf_counter() - started,
        problems=tuple(plan.problems),
        dry_run=dry_run,
        curated=plan.curated,
    )


def _existing_ids(store: Store) -> dict[str, str]:
    out: dict[str, str] = {}
    for collection in (store.chunks, store.sentences):
        got = get_all(collection, include=["metadatas"])
        out.update({i: str((m or {}).get("content_hash", "")) for i, m in zip(got["ids"], got["metadatas"] or [])})
    return out


def _committed_versions(store: Store) -> dict[str, str]:
    got = get_all(store.manifest, include=["metadatas"])
    return {i: str((m or {}).get("version", "")) for i, m in zip(got["ids"], got["metadatas"] or [])}


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
