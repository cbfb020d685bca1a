"""Per-source sync state, kept as one small JSON file in the data folder (data/sources.json).

For each page: what was extracted (so an unchanged page is never fetched or extracted again), the
validators that make the next request conditional (lastmod, ETag, Last-Modified) and a content hash.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

FILE = "sources.json"
VERSION = 1


@dataclass
class PageState:
    """One indexed page of a source."""

    url: str
    title: str
    body: str
    question: str = ""
    published: str = ""
    topics: list[str] = field(default_factory=list)
    slug: str = ""
    lastmod: str = ""
    etag: str = ""
    last_modified: str = ""
    hash: str = ""
    synced: str = ""


@dataclass
class SourceState:
    """One source: its pages, when it last synced, and what failed then."""

    spec: str
    pages: dict[str, PageState] = field(default_factory=dict)
    last_sync: str = ""
    failures: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    error: str = ""  # the whole source failed (sitemap unreachable, export unreadable)


def state_path(data_dir: Path) -> Path:
    """Where the sync state lives."""
    return data_dir / FILE


def load_states(data_dir: Path) -> dict[str, SourceState]:
    """Every source's state; an unreadable file counts as none (the next sync fetches everything)."""
    path = state_path(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("version") != VERSION:
        return {}
    out = {}
    for spec, row in raw.get("sources", {}).items():
        pages = {u: PageState(**p) for u, p in row.get("pages", {}).items()}
        failures = [(str(u), str(r)) for u, r in row.get("failures", [])]
        out[spec] = SourceState(spec, pages, row.get("last_sync", ""), failures, int(row.get("requests", 0)),
                                row.get("error", ""))
    return out


def save_states(data_dir: Path, states: dict[str, SourceState]) -> None:
    """Write the state atomically: a crash mid-write leaves the previous file whole."""
    data_dir.mkdir(parents=True, exist_ok=True)
    payload = {"version": VERSION, "sources": {s: asdict(st) for s, st in states.items()}}
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".sources-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False)
        os.replace(tmp, state_path(data_dir))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
