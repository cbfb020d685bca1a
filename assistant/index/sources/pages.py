"""A folder of saved HTML pages -> Posts, each cited by the page's own canonical URL when it names one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.index.sources.extract import ExtractError, Post, extract_post

SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class SavedPage:
    """One saved page, its post or why it has none."""

    path: Path
    post: Post | None
    problem: str = ""


def read_pages(folder: Path, site_url: str) -> list[SavedPage]:
    """Every saved page under folder; a page with no canonical URL is cited as site_url/<its name>/."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder of saved pages at {folder}")
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        try:
            raw = path.read_bytes()
            html = raw.decode("utf-8", errors="replace")
            post = extract_post(html)
        except (ExtractError, OSError) as exc:
            out.append(SavedPage(path, None, str(exc)))
            continue
        if not post.url.startswith(("http://", "https://")):
            name = path.parent.name if path.stem == "index" else path.stem
            post = Post(**{**post.__dict__, "url": f"{site_url.rstrip('/')}/{name}/"})
        out.append(SavedPage(path, post))
    return out
