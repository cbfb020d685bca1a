"""Index versions: each ingest builds a new version beside the served one and switches in one step.

Local store: every version is its own Chroma folder, `data/chroma/v-<stamp>`, and the file
`data/chroma/CURRENT` names the served one. The file is replaced with os.replace, which is
atomic on POSIX, so a reader sees the old version or the new one, never half of either, and an
ingest killed at any moment leaves the old version serving, whole.

Chroma server: every version is a set of collections named `<collection>_<version>...`, and a
one-record pointer collection `<collection>_current` names the served one (one upsert).

A folder of the layout before versions (chroma.sqlite3 straight in data/chroma) is read as
the version "" until the next ingest migrates it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import IndexDamaged
from assistant.index.refuse import RefuseToEmbed

log = logging.getLogger(__name__)

POINTER = "CURRENT"
PREFIX = "v-"
LEGACY = ""  # the unversioned folder of earlier releases
_POINTER_ID = "current"


@dataclass(frozen=True)
class Pointer:
    """What CURRENT says: the served version and the one before it (kept for readers mid-switch)."""

    version: str
    previous: str | None = None
    switched_at: float = 0.0


def new_version_name() -> str:
    """A name that sorts by creation time and is unique per process."""
    return f"{PREFIX}{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"


def version_dir(settings: Settings, version: str) -> Path:
    """The Chroma folder of a local version ("" is the legacy folder itself)."""
    root = Path(settings.chroma_dir)
    return root / version if version else root


def collection_prefix(settings: Settings, version: str) -> str:
    """Collection names of a version: plain inside a local version folder, prefixed on a server."""
    if settings.uses_chroma_server and version:
        return f"{settings.collection}_{version.replace('-', '_')}"
    return settings.collection


def read_pointer(settings: Settings, client: Any = None) -> Pointer | None:
    """The served version, or None when no index was ever built; raises IndexDamaged if unreadable."""
    if settings.uses_chroma_server:
        return _read_server_pointer(settings, client)
    root = Path(settings.chroma_dir)
    path = root / POINTER
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Pointer(LEGACY) if (root / "chroma.sqlite3").is_file() else None
    except OSError as exc:
        raise _damaged(settings, f"{path} cannot be read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw)
        pointer = Pointer(str(data["version"]), data.get("previous"), float(data.get("switched_at", 0)))
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged(settings, f"{path} is damaged") from exc
    if not pointer.version.startswith(PREFIX) or not (root / pointer.version).is_dir():
        raise _damaged(settings, f"{path} names a version that is not there ({pointer.version!r})")
    return pointer


def switch(settings: Settings, version: str, client: Any = None) -> Pointer:
    """Make `version` the served one, in one atomic step."""
    old = _safe_pointer(settings, client)
    pointer = Pointer(version, old.version if old else None, time.time())
    if settings.uses_chroma_server:
        _write_server_pointer(settings, client, pointer)
        return pointer
    root = Path(settings.chroma_dir)
    tmp = root / f".{POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(pointer.__dict__, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / POINTER)
    _fsync_dir(root)
    return pointer


def seed_from(settings: Settings, base: str | None, target: str) -> None:
    """Start a local version as a copy of `base` (None: empty). The served folder is only read."""
    destination = version_dir(settings, target)
    if base is None:
        destination.mkdir(parents=True, exist_ok=False)
        return
    source = version_dir(settings, base)
    ignore = shutil.ignore_patterns(f"{PREFIX}*", POINTER, f".{POINTER}*", "quarantine-*") if base == LEGACY else None
    shutil.copytree(source, destination, ignore=ignore)


def cleanup(settings: Settings, client: Any = None) -> list[str]:
    """Remove versions that are neither served nor the one before; returns what was removed."""
    pointer = _safe_pointer(settings, client)
    if pointer is None:
        return []
    keep = {pointer.version, pointer.previous}
    if settings.uses_chroma_server:
        return _cleanup_server(settings, client, keep)
    root = Path(settings.chroma_dir)
    removed = []
    for folder in sorted(root.glob(f"{PREFIX}*")):
        if folder.name not in keep and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    if LEGACY not in keep:
        # The migrated legacy layout: Chroma's files straight in the root.
        for entry in root.iterdir():
            if entry.name == "chroma.sqlite3" or (entry.is_dir() and _is_segment_dir(entry.name)):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed.append(entry.name)
    return removed


def quarantine(settings: Settings, version: str) -> Path | None:
    """Rename a local version that cannot be opened aside, so a rebuild starts clean; returns where."""
    if settings.uses_chroma_server:
        return None
    root = Path(settings.chroma_dir)
    target = root.parent / f"chroma-quarantine-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}"
    root.rename(target)
    root.mkdir(parents=True)
    log.warning("moved the damaged index %s (version %r) aside to %s", root, version, target)
    return target


def _safe_pointer(settings: Settings, client: Any) -> Pointer | None:
    try:
        return read_pointer(settings, client)
    except IndexDamaged:
        return None


def _is_segment_dir(name: str) -> bool:
    parts = name.split("-")
    return len(parts) == 5 and all(p.isalnum() for p in parts)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _damaged(settings: Settings, what: str) -> IndexDamaged:
    return IndexDamaged(f"The index is damaged: {what}. Rebuild it with: python ingest.py --rebuild")


def _pointer_collection(settings: Settings, client: Any, create: bool) -> Any:
    name = f"{settings.collection}_current"
    if create:
        return client.get_or_create_collection(name, embedding_function=RefuseToEmbed())
    return client.get_collection(name, embedding_function=RefuseToEmbed())


def _read_server_pointer(settings: Settings, client: Any) -> Pointer | None:
    try:
        got = _pointer_collection(settings, client, create=False).get(ids=[_POINTER_ID], include=["metadatas"])
    except Exception as exc:  # no pointer collection: no versioned index on this server yet
        if "does not exist" in str(exc).lower() or "not found" in str(exc).lower():
            return None
        raise
    metas = got.get("metadatas") or []
    if not metas or not metas[0]:
        return None
    m = metas[0]
    return Pointer(str(m["version"]), str(m.get("previous") or "") or None, float(m.get("switched_at", 0)))


def _write_server_pointer(settings: Settings, client: Any, pointer: Pointer) -> None:
    meta = {"version": pointer.version, "previous": pointer.previous or "", "switched_at": pointer.switched_at}
    _pointer_collection(settings, client, create=True).upsert(ids=[_POINTER_ID], embeddings=[[1.0]],
                                                              metadatas=[meta], documents=[pointer.version])


def _cleanup_server(settings: Settings, client: Any, keep: set[str | None]) -> list[str]:
    keep_prefixes = {collection_prefix(settings, v) for v in keep if v}
    removed = []
    base = f"{settings.collection}_{PREFIX.replace('-', '_')}"
    for entry in client.list_collections():
        name = entry if isinstance(entry, str) else entry.name
        if name.startswith(base) and not any(name.startswith(p) for p in keep_prefixes):
            client.delete_collection(name)
            removed.append(name)
    return removed
