"""Index health: is the served version whole, and does it match the article files?"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.index.articles import load_library
from assistant.index.records import records_for
from assistant.index.store import get_all, open_store


@dataclass
class Health:
    """What `ingest.py --check` found; `problems` empty means healthy."""

    version: str = ""
    articles: int = 0
    chunks: int = 0
    problems: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # article files newer than the index (not a fault)

    @property
    def is_healthy(self) -> bool:
        """Whether the served version can be trusted."""
        return not self.problems

    def summary(self) -> str:
        """One line, then one line per problem."""
        head = (f"Index version {self.version or '(legacy)'}: {self.articles} articles, {self.chunks} chunks"
                + ("; healthy" if self.is_healthy else f"; {len(self.problems)} problem(s)"))
        lines = [head, *(f"problem: {p}" for p in self.problems)]
        if self.stale:
            lines.append(f"out of date: {len(self.stale)} article(s) changed since the last ingest "
                         f"({', '.join(self.stale[:5])}); run python ingest.py")
        return "\n".join(lines)


def check_index(settings: Settings, source: Path | None = None) -> Health:
    """Verify the served version: every manifest article whole, no orphans, and compare with the files."""
    health = Health()
    try:
        store = open_store(settings, create=False)
    except AssistantError as exc:
        health.problems.append(str(exc))
        return health
    health.version = store.version
    manifest = get_all(store.manifest, include=["metadatas"])
    committed = {i: (m or {}) for i, m in zip(manifest["ids"], manifest["metadatas"] or [])}
    health.articles = len(committed)
    chunks = get_all(store.chunks, where={"kind": "chunk"}, include=["metadatas"])
    per_article: dict[str, int] = {}
    for m in chunks["metadatas"] or []:
        slug = str((m or {}).get("slug"))
        info = committed.get(slug)
        if info is not None and str((m or {}).get("version")) == str(info.get("version")):
            per_article[slug] = per_article.get(slug, 0) + 1
    health.chunks = sum(per_article.values())
    if not committed:
        health.problems.append("the index is empty: no article is indexed. Run: python ingest.py")
    for slug, info in committed.items():
        expected = int(info.get("chunks", 0) or 0)
        if per_article.get(slug, 0) != expected:
            health.problems.append(f"article {slug!r} has {per_article.get(slug, 0)} of its {expected} chunks; "
                                   "run: python ingest.py --rebuild")
    folder = source or settings.knowledge_dir
    if Path(folder).is_dir():
        library = load_library(folder, settings.studio_fields)
        on_disk = {}
        for article in library.articles:
            recs = records_for(article)
            on_disk[article.slug] = str(recs[0].metadata["version"]) if recs else ""
        health.stale = sorted(s for s, v in on_disk.items() if str(committed.get(s, {}).get("version")) != v)
        health.stale += sorted(s for s in committed if s not in on_disk)
    return health
