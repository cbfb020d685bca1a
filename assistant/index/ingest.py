"""knowledge/ -> Chroma, incremental and idempotent: content hashes decide what is embedded."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError, IndexDamaged, IndexMissing, InputRejected
from assistant.index import versions
from assistant.index.articles import Article, Problem, load_library
from assistant.index.building import begin_version, check_space, discard, served_store
from assistant.index.curated import FOLDER, answers_folder, load_curated, sync_curated
from assistant.index.embedding import Embedder
from assistant.index.lock import ingest_lock
from assistant.index.records import Record, records_for
from assistant.index.sources import merge_articles
from assistant.index.store import Store, client_for, forget_client, get_all, open_store, translate_error
from assistant.index.writing import Plan, fill

log = logging.getLogger(__name__)



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
    served = served_store(settings, rebuild)
    if served is not None:
        plan = plan_ingest(settings, served, source, extra)
        _refuse_mass_removal(plan, served, source or settings.knowledge_dir, allow_mass_removal)
        if not plan.to_write and not plan.removed_slugs and not plan.stale_ids:
            # Articles unchanged: no new version; the curated answers are synced in place, as the
            # staff editor's "publish" does (each upsert is atomic).
            embedded = _sync_curated(settings, served, embedder, source, plan)
            versions.cleanup(settings, client_for(settings) if settings.uses_chroma_server else None)
            return _report(plan, embedded, started)
    check_space(settings, served)
    version = versions.new_version_name()
    fresh_root = not settings.uses_chroma_server and not Path(settings.chroma_dir).exists()
    try:
        store = begin_version(settings, served, version)
        plan = plan_ingest(settings, store, source, extra)
        embedded = fill(store, plan, embedder, progress, on_commit)
        embedded += _sync_curated(settings, store, embedder, source, plan)
        _check_complete(store, plan)
    except BaseException:
        discard(settings, version)
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


def _check_complete(store: Store, plan: Plan) -> None:
    """Never switch to a version that would serve fewer articles than were planned."""
    committed = _committed_versions(store)
    missing = [slug for slug, recs in plan.records.items()
               if recs and committed.get(slug) != str(recs[0].metadata["version"])]
    if missing:
        raise IndexDamaged(f"The new index version is missing {len(missing)} article(s) ({', '.join(missing[:3])}); "
                           "the served index is unchanged. Run python ingest.py again.")


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


