"""Building a new index version beside the served one: where it starts from, room for it, and its clean-up."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import IndexDamaged, IndexMissing, StoreNotWritable
from assistant.index import versions
from assistant.index.store import Store, forget_client, get_all, open_store

log = logging.getLogger(__name__)
BATCH = 128


def served_store(settings: Settings, rebuild: bool) -> Store | None:
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


def begin_version(settings: Settings, served: Store | None, version: str) -> Store:
    """The new version's store: a copy of the served one (or empty), never the served one itself."""
    if not settings.uses_chroma_server:
        versions.seed_from(settings, served.version if served else None, version)
        return open_store(settings, create=True, version=version)
    store = open_store(settings, create=True, version=version)
    if served is not None:
        for source, target in ((served.chunks, store.chunks), (served.manifest, store.manifest),
                               (served.sentences, store.sentences), (served.curated, store.curated)):
            copy_collection(source, target)
    return store


def copy_collection(source: Any, target: Any) -> None:
    """Every record of one collection into another, vectors included (a server has no folder to copy)."""
    got = get_all(source, include=["documents", "metadatas", "embeddings"])
    ids = got["ids"]
    for start in range(0, len(ids), BATCH):
        target.upsert(ids=ids[start : start + BATCH], documents=got["documents"][start : start + BATCH],
                      metadatas=got["metadatas"][start : start + BATCH],
                      embeddings=[list(map(float, e)) for e in got["embeddings"][start : start + BATCH]])


def check_space(settings: Settings, served: Store | None) -> None:
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


def discard(settings: Settings, version: str) -> None:
    """Remove a version that was never switched in."""
    forget_client(settings, version)
    if settings.uses_chroma_server:
        return
    shutil.rmtree(versions.version_dir(settings, version), ignore_errors=True)
