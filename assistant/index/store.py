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
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from assistant.config import Settings
from assistant.errors import IndexMissing, StoreNotWritable, StoreUnavailable

log = logging.getLogger(__name__)

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


class RefuseToEmbed(EmbeddingFunction[Documents]):
    """Stands in for Chroma's default embedding function, which would download a model."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        raise RuntimeError("Chroma tried to embed text itself; posture-assistant always passes vectors")

    @staticmethod
    def name() -> str:
        return "posture-assistant-refuse"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> RefuseToEmbed:
        return RefuseToEmbed()

    def is_legacy(self) -> bool:
        return False


SUFFIXES = ("", "_manifest", "_sentences", "_curated")


@dataclass
class Store:
    """The collections of one index: chunks and FAQ questions, article manifest, chunk sentences, curated answers."""

    chunks: Any
    manifest: Any
    sentences: Any
    where: str
    curated: Any = None  # the studio's curated answers: question vectors, answer in the metadata

    def count(self) -> int:
        """Number of records in the chunk collection."""
        return int(self.chunks.count())


def open_store(settings: Settings, create: bool = False) -> Store:
    """Open the index; with create=False a missing index raises IndexMissing."""
    client = _client(settings)
    where = _describe(settings)
    names = [settings.collection + suffix for suffix in SUFFIXES]
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
                raise IndexMissing(where)
            found = [client.get_collection(name, embedding_function=RefuseToEmbed()) for name in names]
    except (IndexMissing, StoreUnavailable):
        raise
    except Exception as exc:  # chromadb raises many types; translate the ones about I/O
        raise _translate(exc, settings) from exc
    chunks, manifest, sentences, curated = found
    return Store(chunks=chunks, manifest=manifest, sentences=sentences, where=where, curated=curated)


def drop_index(settings: Settings) -> None:
    """Delete both collections (for --rebuild)."""
    client = _client(settings)
    for name in (settings.collection + suffix for suffix in SUFFIXES):
        try:
            client.delete_collection(name)
        except Exception:  # not there: nothing to drop
            log.debug("no collection %s to drop", name)


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


def forget_client(settings: Settings) -> None:
    """Drop the cached client of a data folder (after its files were removed)."""
    with _clients_lock:
        _clients.pop(str(Path(settings.chroma_dir).resolve()), None)
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # older or newer chromadb without the cache: nothing to clear
        log.debug("no chroma system cache to clear")


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


def _client(settings: Settings) -> Any:
    key = (
        f"http://{settings.chroma_host}:{settings.chroma_port}"
        if settings.uses_chroma_server
        else str(Path(settings.chroma_dir).resolve())
    )
    with _clients_lock:
        if key in _clients:
            return _clients[key]
        client = _connect(settings)
        _clients[key] = client
        return client


def _connect(settings: Settings) -> Any:
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if not settings.uses_chroma_server:
        folder = Path(settings.chroma_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(folder), settings=chroma_settings)
        except Exception as exc:
            raise _translate(exc, settings) from exc
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


def _describe(settings: Settings) -> str:
    if settings.uses_chroma_server:
        return f"{'https' if settings.chroma_ssl else 'http'}://{settings.chroma_host}:{settings.chroma_port}"
    return str(settings.chroma_dir)


def _translate(exc: Exception, settings: Settings) -> Exception:
    text = str(exc).lower()
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
