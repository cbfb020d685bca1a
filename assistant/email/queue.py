"""The local queue of synced messages (data_dir/mailbox/queue): each one's draft, intake and screen, or why skipped.

It lets the Email desk show the synced mail without drafting anything again, and it is the record
of what was processed on a server that does not keep IMAP keywords.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.config import Settings


@dataclass(frozen=True)
class QueueItem:
    """One synced incoming message and what the sync made of it."""

    source: str  # the mailbox's source key: folder, UIDVALIDITY, UID
    uid: int
    status: str  # drafting (draft made, not yet filed), drafted, skipped
    sender: str = ""
    subject: str = ""
    message_id: str = ""
    reason: str = ""  # why it was skipped
    is_emergency: bool = False
    draft_subject: str = ""
    draft_body: str = ""
    draft_uid: int | None = None  # in the Drafts folder, when the server said (UIDPLUS)
    draft_message_id: str = ""
    details: dict[str, object] = field(default_factory=dict)  # EmailDraft.to_dict(): triage, intake, screen

    def to_dict(self) -> dict[str, object]:
        """The JSON stored on disk and printed by `mail sync --json`."""
        return asdict(self)


def _path(settings: Settings, source: str) -> Path:
    return settings.mailbox_dir / "queue" / (hashlib.sha256(source.encode()).hexdigest()[:24] + ".json")


def save_item(settings: Settings, item: QueueItem) -> None:
    """Write one item atomically (a crash leaves the old file or the new one, never half of one)."""
    path = _path(settings, item.source)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(item.to_dict(), out, ensure_ascii=False)
    os.replace(tmp, path)


def load_item(settings: Settings, source: str) -> QueueItem | None:
    """The stored item for a source key, or None."""
    path = _path(settings, source)
    return _read(path) if path.exists() else None


def _read(path: Path) -> QueueItem | None:
    try:
        return QueueItem(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def load_queue(settings: Settings) -> list[QueueItem]:
    """Every synced message, emergencies first, then the newest first."""
    folder = settings.mailbox_dir / "queue"
    items = [i for p in folder.glob("*.json") if (i := _read(p)) is not None] if folder.exists() else []
    return sorted(items, key=lambda i: (not i.is_emergency, -i.uid))
