"""One ingest at a time per data folder: a file lock (filelock) with the holder's pid beside it."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.errors import IngestBusy

log = logging.getLogger(__name__)

LOCK = ".ingest.lock"
HOLDER = ".ingest.pid"


def holder(data_dir: Path) -> int | None:
    """The pid of the process that holds the lock, if it wrote one."""
    try:
        return int((Path(data_dir) / HOLDER).read_text().strip())
    except (OSError, ValueError):
        return None


@contextmanager
def ingest_lock(
    data_dir: Path, wait: bool = True, timeout_s: float = -1, on_wait: Callable[[int | None], None] | None = None
) -> Iterator[None]:
    """Hold the data folder's ingest lock; without `wait`, raise IngestBusy at once if it is taken.

    The lock is an OS file lock (flock), so a killed ingest releases it: no stale lock files.
    """
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        pid = holder(folder)
        if not wait:
            raise IngestBusy(f"another ingest is running (pid {pid if pid else 'unknown'}); "
                             "wait for it to finish, or run again without --no-wait to wait") from None
        if on_wait:
            on_wait(pid)
        try:
            lock.acquire(timeout=timeout_s)
        except Timeout:
            raise IngestBusy(f"another ingest (pid {pid if pid else 'unknown'}) still holds {folder / LOCK} "
                             f"after {timeout_s:.0f} s; try again when it has finished") from None
    try:
        (folder / HOLDER).write_text(str(os.getpid()))
        yield
    finally:
        try:
            (folder / HOLDER).unlink(missing_ok=True)
        finally:
            lock.release()
