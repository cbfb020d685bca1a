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
from assistant.errors import AssistantError, IndexDamaged, IndexMissing, InputRejected, StoreNotWritable
from assistant.index import versions
from assistant.index.articles import Article, Problem, load_library
from assistant.index.chunking import article_hash
from assistant.index.curated import FOLDER, answers_folder, load_curated, sync_curated
from assistant.index.embedding import Embedder
from assistant.index.lock import ingest_lock
from assistant.index.records import Record, records_for, summary_text
from assistant.index.sources import merge_articles
from assistant.index.store import Store, client_for, forget_client, get_all, open_store, translate_error

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
    library = load_library(source or settings.knowledge_dir, settings.studio_fields, settings.max_article_bytes,
                           settings.max_html_depth)
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
    wait: bool = True,
    on_wait: Callable[[int | None], None] | None = None,
    allow_mass_removal: bool = False,
    extra: Sequence[Article] = (),
) -> IngestReport:
    """Bring the index up to date with the articles (and extra ones, e.g. blog posts) in a new version.

    The new version is switched in at the end.

    One ingest at a time (a lock on the data folder). A kill at any moment leaves the served
    version whole; the next ingest removes what the killed one left behind.
    """
    if dry_run:
        return _dry_run(settings, source, extra)
    try:
        with ingest_lock(settings.data_dir, wait=wait, on_wait=on_wait):
            return _ingest(settings, embedder, source, rebuild, progress, on_commit, allow_mass_removal, extra)
    except AssistantError:
        raise
    except Exception as exc:
        error = translate_error(exc, settings)
        if error is exc:
            raise
        raise error from exc


def _dry_run(settings: Settings, source: Path | None, extra: Sequence[Article]) -> IngestReport:
    started = time.perf_counter()
    store = _open_for_plan(settings)
    plan = plan_ingest(settings, store, source, extra) if store else _plan_without_index(settings, source, extra)
    return _report(plan, 0, started, dry_run=True)


def _ingest(
    settings: Settings,
    embedder: Embedder,
    source: Path | None,
    rebuild: bool,
    progress: Callable[[int, int], None] | None,
    on_commit: Callable[[str], None] | None,
    allow_mass_removal: bool,
    extra: Sequence[Article],
) -> IngestReport:
    started = time.perf_counter()
    served = _served_store(settings, rebuild)
    if served is not None:
        plan = plan_ingest(settings, served, source, extra)
        _refuse_mass_removal(plan, served, source or settings.knowledge_dir, allow_mass_removal)
        if not plan.to_write and not plan.removed_slugs and not plan.stale_ids:
            # Articles unchanged: no new version; the curated answers are synced in place, as the
            # staff editor's "publish" does (each upsert is atomic).
            embedded = _sync_curated(settings, served, embedder, source, plan)
            versions.cleanup(settings, client_for(settings) if settings.uses_chroma_server else None)
            return _report(plan, embedded, started)
    _check_space(settings, served)
    version = versions.new_version_name()
    fresh_root = not settings.uses_chroma_server and not Path(settings.chroma_dir).exists()
    try:
        store = _begin_version(settings, served, version)
        plan = plan_ingest(settings, store, source, extra)
        embedded = _fill(store, plan, embedder, progress, on_commit)
        embedded += _sync_curated(settings, store, embedder, source, plan)
        _check_complete(store, plan)
    except BaseException:
        _discard(settings, version)
        if fresh_root:
            # A first ingest that could not finish leaves no half-made store behind.
            shutil.rmtree(settings.chroma_dir, ignore_errors=True)
            forget_client(settings)
        raise
    # The one step that makes the new version the served one.
    versions.switch(settings, version, client_for(settings) if settings.uses_chroma_server else None)
    removed = versions.cleanup(settings, client_for(settings) if settings.uses_chroma_server else None)
    for old in removed:
        forget_client(settings, old)
    return _report(plan, embedded, started)


def _served_store(settings: Settings, rebuild: bool) -> Store | None:
    """The served version to build on, or None for a first ingest or --rebuild (damaged ones moved aside)."""
    try:
        store = open_store(settings, create=False)
    except IndexMissing:
        return None
    except IndexDamaged as exc:
        if not rebuild:
            raise
        log.warning("%s", exc)
        forget_client(settings)
        moved = versions.quarantine(settings, "")
        if moved:
            log.warning("the damaged index was moved aside to %s; building afresh", moved)
        return None
    return None if rebuild else store


def _begin_version(settings: Settings, served: Store | None, version: str) -> Store:
    if not settings.uses_chroma_server:
        versions.seed_from(settings, served.version if served else None, version)
        return open_store(settings, create=True, version=version)
    store = open_store(settings, create=True, version=version)
    if served is not None:
        for source, target in ((served.chunks, store.chunks), (served.manifest, store.manifest),
                               (served.sentences, store.sentences), (served.curated, store.curated)):
            _copy_collection(source, target)
    return store


def _copy_collection(source: Any, target: Any) -> None:
    got = get_all(source, include=["documents", "metadatas", "embeddings"])
    ids = got["ids"]
    for start in range(0, len(ids), BATCH):
        target.upsert(ids=ids[start : start + BATCH], documents=got["documents"][start : start + BATCH],
                      metadatas=got["metadatas"][start : start + BATCH],
                      embeddings=[list(map(float, e)) for e in got["embeddings"][start : start + BATCH]])


def _fill(store: Store, plan: Plan, embedder: Embedder, progress: Callable[[int, int], None] | None,
          on_commit: Callable[[str], None] | None) -> int:
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


def _sync_curated(settings: Settings, store: Store, embedder: Embedder, source: Path | None, plan: Plan) -> int:
    curated, curated_problems = load_curated(answers_folder(source or settings.knowledge_dir))
    embedded = sync_curated(store, embedder, curated)
    plan.curated = len(curated)
    plan.problems.extend(Problem(f"{FOLDER}/{p.split(':', 1)[0]}", p.split(":", 1)[-1].strip())
                         for p in curated_problems)
    return embedded


def _refuse_mass_removal(plan: Plan, served: Store, source: Path, allowed: bool) -> None:
    indexed = served.manifest.count()
    if allowed or indexed < 4 or len(plan.removed_slugs) * 2 <= indexed:
        return
    raise InputRejected(
        f"This ingest would remove {len(plan.removed_slugs)} of the {indexed} indexed articles "
        f"(is {source} the right folder?). Nothing was changed. Run again with --yes to go ahead."
    )


def _check_space(settings: Settings, served: Store | None) -> None:
    """Refuse to start on a nearly full disk: Chroma can hang for minutes when a write fails."""
    if settings.uses_chroma_server:
        return
    root = Path(settings.chroma_dir)
    existing = next(p for p in (root, *root.parents) if p.exists())
    need = 8_000_000
    if served is not None:
        folder = versions.version_dir(settings, served.version)
        files = folder.rglob("*") if served.version else (p for p in folder.rglob("*")
                                                          if versions.PREFIX not in str(p.relative_to(folder)))
        need += int(sum(p.stat().st_size for p in files if p.is_file()) * 1.5)
    free = shutil.disk_usage(existing).free
    if free < need:
        raise StoreNotWritable(
            f"The data folder {settings.data_dir} cannot be written: it has {free // 1_000_000} MB free, and this "
            f"ingest needs about "
            f"{need // 1_000_000} MB (it builds the new index beside the served one). Free some space, or point "
            "ASSISTANT_DATA_DIR at another folder. The served index is unchanged."
        )


def _check_complete(store: Store, plan: Plan) -> None:
    """Never switch to a version that would serve fewer articles than were planned."""
    committed = _committed_versions(store)
    missing = [a.slug for a in plan.articles
               if committed.get(a.slug) != (str(plan.records[a.slug][0].metadata["version"])
                                            if plan.records.get(a.slug) else committed.get(a.slug))]
    if missing:
        raise IndexDamaged(f"The new index version is missing {len(missing)} article(s) ({', '.join(missing[:3])}); "
                           "the served index is unchanged. Run python ingest.py again.")


def _discard(settings: Settings, version: str) -> None:
    forget_client(settings, version)
    if settings.uses_chroma_server:
        return
    shutil.rmtree(versions.version_dir(settings, version), ignore_errors=True)


def _groups(articles: list[Article], size: int = 8) -> list[list[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _open_for_plan(settings: Settings) -> Store | None:
    try:
        return open_store(settings, create=False)
    except IndexMissing:
        return None


def _plan_without_index(settings: Settings, source: Path | None, extra: Sequence[Article] = ()) -> Plan:
    library = load_library(source or settings.knowledge_dir, settings.studio_fields, settings.max_article_bytes,
                           settings.max_html_depth)
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
