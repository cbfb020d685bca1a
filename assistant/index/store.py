"""Thin Chroma wrapper: one client per data folder or server, chunk and manifest collections."""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb

from assistant.config import Settings
from assistant.errors import IndexDamaged, IndexMissing, StoreNotWritable, StoreUnavailable
from assistant.index.refuse import RefuseToEmbed
from assistant.index.versions import (
    LEGACY,
    PREFIX,
    collection_prefix,
    new_version_name,
    read_pointer,
    seed_from,
    switch,
    version_dir,
)

log = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


SUFFIXES = ("", "_manifest", "_sentences", "_curated")


@dataclass
class Store:
    """The collections of one index: chunks and FAQ questions, article manifest, chunk sentences, curated answers."""

    chunks: Any
    manifest: Any
    sentences: Any
    where: str
    curated: Any = None  # the studio's curated answers: question vectors, answer in the metadata
    version: str = ""  # which index version this is (see versions.py)
    settings: Settings | None = None

    def count(self) -> int:
        """Number of records in the chunk collection."""
        return int(self.chunks.count())


def open_store(settings: Settings, create: bool = False, version: str | None = None) -> Store:
    """Open the served version of the index (or `version`); with create=False a missing one raises IndexMissing.

    A store that exists but cannot be opened raises IndexDamaged, which says to rebuild.
    """
    if version is None:
        version = _served_version(settings, create)
    client = _client(settings, version)
    where = _describe(settings)
    prefix = collection_prefix(settings, version)
    names = [prefix + suffix for suffix in SUFFIXES]
    try:
        if create:
            found = [
                client.get_or_create_collection(
                    name, embedding_function=RefuseToEmbed(), metadata={"hnsw:space": "cosine"}
                )
                for name in names
            ]
        else:
            existing = {c if isinstance(c, str) else c.name for c in client.list_collections()}
            if not set(names) <= existing:
                if existing & set(names) or version:
                    # A version named as served must hold its collections: it was damaged since.
                    raise IndexDamaged(f"The index in {where} is incomplete (some collections are missing). "
                                       "Rebuild it with: python ingest.py --rebuild")
                raise IndexMissing(where)
            found = [client.get_collection(name, embedding_function=RefuseToEmbed()) for name in names]
    except (IndexMissing, StoreUnavailable, IndexDamaged):
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # chromadb raises many types (a damaged file can even panic in Rust)
        raise _unreadable(exc, settings) from exc
    chunks, manifest, sentences, curated = found
    return Store(chunks=chunks, manifest=manifest, sentences=sentences, where=where, curated=curated,
                 version=version, settings=settings)


def served_version(settings: Settings) -> str | None:
    """The version readers should use now, or None when there is no index (cheap: one small read)."""
    pointer = read_pointer(settings, _client(settings, LEGACY) if settings.uses_chroma_server else None)
    return pointer.version if pointer else None


def _served_version(settings: Settings, create: bool) -> str:
    try:
        version = served_version(settings)
    except (IndexDamaged, StoreUnavailable):
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise _unreadable(exc, settings) from exc
    if version is not None:
        return version
    if settings.uses_chroma_server and _has_plain_collections(settings):
        return LEGACY  # a server index from before versions
    if not create:
        raise IndexMissing(_describe(settings))
    # A first index made directly (benchmarks, tests): an empty version, served at once.
    version = new_version_name()
    if not settings.uses_chroma_server:
        seed_from(settings, None, version)
    switch(settings, version, _client(settings, LEGACY) if settings.uses_chroma_server else None)
    return version


def _has_plain_collections(settings: Settings) -> bool:
    existing = {c if isinstance(c, str) else c.name for c in _client(settings, LEGACY).list_collections()}
    return settings.collection in existing


def _unreadable(exc: BaseException, settings: Settings) -> Exception:
    if isinstance(exc, Exception):
        error = _translate(exc, settings)
        if error is not exc:
            return error
        if settings.uses_chroma_server and _is_transport_error(exc):
            return _unreachable(settings, exc)
    return IndexDamaged(
        f"The index in {_describe(settings)} cannot be read ({type(exc).__name__}: {str(exc)[:160]}). "
        "Rebuild it with: python ingest.py --rebuild"
    )


def _is_transport_error(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))


def _unreachable(settings: Settings, exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(
        f"The articles can't be reached right now: the Chroma server at {_describe(settings)} did not answer "
        f"({type(exc).__name__}). Try again in a moment; if it persists, check that the server is running."
    )


def guard(settings: Settings | None, exc: BaseException) -> BaseException:
    """The error to raise for a failure while reading the store: StoreUnavailable for a server that stalls."""
    if settings is not None and settings.uses_chroma_server and _is_transport_error(exc):
        return _unreachable(settings, exc)
    if settings is not None and settings.uses_chroma_server and "could not connect" in str(exc).lower():
        return _unreachable(settings, exc)
    return exc


# Chroma's SQLite backend fails with "too many SQL variables" past ~32,766 records in one
# get() (seen at 100x the shipped corpus), so whole-collection reads go in pages.
PAGE = 5000


def get_all(collection: Any, **kwargs: Any) -> dict[str, list[Any]]:
    """collection.get(...) for every matching record, read in pages."""
    out: dict[str, list[Any]] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    offset = 0
    while True:
        part = collection.get(limit=PAGE, offset=offset, **kwargs)
        ids = part["ids"]
        out["ids"].extend(ids)
        for key in ("documents", "metadatas", "embeddings"):
            values = part.get(key)
            if values is not None:
                out[key].extend(values)
        if len(ids) < PAGE:
            return out
        offset += PAGE


def forget_client(settings: Settings, version: str | None = None) -> None:
    """Drop cached clients of a data folder (all versions, or one) after its files were removed."""
    root = str(Path(settings.chroma_dir).resolve())
    with _clients_lock:
        for key in [k for k in _clients if k == root or k.startswith(root + os.sep)]:
            if version is None or key == str(Path(version_dir(settings, version)).resolve()):
                _clients.pop(key, None)
    try:
        from chromadb.api.client import SharedSystemClient

        if version is None:
            SharedSystemClient.clear_system_cache()
        else:
            system = SharedSystemClient._identifier_to_system.pop(str(version_dir(settings, version)), None)
            if system is not None:
                system.stop()
    except Exception:  # older or newer chromadb without the cache: nothing to clear
        log.debug("no chroma system cache to clear")


def forget_clients_except(settings: Settings, keep: set[str]) -> None:
    """Close this process's clients of local versions other than `keep` (after a switch)."""
    if settings.uses_chroma_server:
        return
    root = Path(settings.chroma_dir).resolve()
    with _clients_lock:
        cached = [Path(key).name for key in _clients if Path(key).parent == root and Path(key).name.startswith(PREFIX)]
    for name in cached:
        if name not in keep:
            forget_client(settings, name)


def translate_error(exc: Exception, settings: Settings) -> Exception:
    """A domain error for an I/O failure of the store, or the exception itself."""
    error = _translate(exc, settings)
    if error is exc and not settings.uses_chroma_server:
        # Chroma reports a full disk as e.g. "Error in compaction"; find out by trying to write.
        problem = _write_problem(Path(settings.data_dir))
        if problem:
            return StoreNotWritable(
                f"The data folder {settings.data_dir} cannot be written ({problem}). "
                "Free some space or fix its permissions, or point ASSISTANT_DATA_DIR at another folder."
            )
    return error


def _write_problem(folder: Path) -> str | None:
    probe = folder / ".write-probe"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(probe, "wb") as handle:
            handle.write(b"\0" * 262_144)
            handle.flush()
            os.fsync(handle.fileno())
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        probe.unlink(missing_ok=True)


def client_for(settings: Settings, version: str = LEGACY) -> Any:
    """The (cached) Chroma client of a local version folder, or of the server."""
    return _client(settings, version)


def _client(settings: Settings, version: str) -> Any:
    key = (
        f"http://{settings.chroma_host}:{settings.chroma_port}"
        if settings.uses_chroma_server
        else str(Path(version_dir(settings, version)).resolve())
    )
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        client = _connect(settings, version)
        _clients[key] = client
        return client


def _connect(settings: Settings, version: str) -> Any:
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if not settings.uses_chroma_server:
        folder = version_dir(settings, version)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(folder), settings=chroma_settings)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise _unreadable(exc, settings) from exc
    delay = 0.5
    last: Exception | None = None
    for attempt in range(1, settings.chroma_retries + 1):
        try:
            client = chromadb.HttpClient(
                host=str(settings.chroma_host),
                port=settings.chroma_port,
                ssl=settings.chroma_ssl,
                settings=chroma_settings,
            )
            _bound(client, settings)
            client.heartbeat()
            return client
        except Exception as exc:  # connection refused, DNS, timeouts
            last = exc
            log.warning("Chroma server %s not reachable (attempt %d): %s", _describe(settings), attempt, exc)
            if attempt < settings.chroma_retries:
                time.sleep(delay)
                delay *= 2
    raise StoreUnavailable(
        f"Cannot reach the Chroma server at {_describe(settings)} after {settings.chroma_retries} "
        f"attempts ({type(last).__name__}). Check that it is running (chroma run --path DIR "
        f"--port {settings.chroma_port}) or unset ASSISTANT_CHROMA_HOST to use the local index."
    )


def _bound(client: Any, settings: Settings) -> None:
    # Chroma's HTTP client waits forever by default (httpx timeout=None); a stalled server
    # would hang a visitor's chat. Its session is the documented httpx.Client, so set a bound.
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(settings.chroma_read_timeout_s, connect=settings.chroma_connect_timeout_s)


def _describe(settings: Settings) -> str:
    if settings.uses_chroma_server:
        return f"{'https' if settings.chroma_ssl else 'http'}://{settings.chroma_host}:{settings.chroma_port}"
    return str(settings.chroma_dir)


def _translate(exc: Exception, settings: Settings) -> Exception:
    text = str(exc).lower()
    if any(s in text for s in ("malformed", "not a database", "corrupt", "file is encrypted")):
        return IndexDamaged(f"The index in {_describe(settings)} is damaged ({str(exc)[:160]}). "
                            "Rebuild it with: python ingest.py --rebuild")
    if any(s in text for s in ("readonly", "read-only", "read only", "permission denied", "disk", "no space")):
        return StoreNotWritable(
            f"The data folder {settings.data_dir} cannot be written ({exc}). "
            "Free some space or fix its permissions, or point ASSISTANT_DATA_DIR at another folder."
        )
    if isinstance(exc, OSError):
        return StoreNotWritable(
            f"The data folder {settings.data_dir} cannot be used ({exc.strerror or exc}). "
            "Free some space or fix its permissions, or point ASSISTANT_DATA_DIR at another folder."
        )
    return exc
