"""What the staff view shows for each blog source: its page count, last sync and failures."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.config import Settings
from assistant.index.sources.state import load_states
from assistant.index.sources.sync import parse_source


@dataclass(frozen=True)
class SourceStatus:
    """One source as of its last sync."""

    source: str
    pages: int
    last_sync: str
    failures: tuple[tuple[str, str], ...]
    error: str = ""
    is_configured: bool = False

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `python -m assistant sources --json`."""
        return {"source": self.source, "pages": self.pages, "last_sync": self.last_sync,
                "failures": [{"url": u, "reason": r} for u, r in self.failures], "error": self.error,
                "configured": self.is_configured}


def source_status(settings: Settings) -> list[SourceStatus]:
    """Every source synced so far, and configured ones not synced yet."""
    states = load_states(settings.data_dir)
    configured = [parse_source(s).spec for s in settings.blog_sources]
    out = [SourceStatus(spec, len(st.pages), st.last_sync, tuple(st.failures), st.error,
                        spec in configured) for spec, st in states.items()]
    out += [SourceStatus(spec, 0, "", (), "", True) for spec in configured if spec not in states]
    return out
