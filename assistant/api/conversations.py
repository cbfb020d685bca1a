"""Conversations the API remembers between requests: the turns so far, by an id the client keeps."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from assistant.answer import Answer, Turn


@dataclass
class Conversation:
    """One visitor's conversation: its turns (for triage and context) and the answers given (for feedback)."""

    id: str
    turns: list[Turn] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    used_at: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one answer at a time per conversation


class Conversations:
    """In memory, bounded: idle conversations are forgotten after `idle_s`, the oldest first beyond `limit`."""

    def __init__(self, idle_s: float, limit: int) -> None:
        self.idle_s = idle_s
        self.limit = max(1, limit)
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str) -> Conversation | None:
        """The conversation with this id, or None when it is unknown or was forgotten."""
        now = time.monotonic()
        with self._lock:
            self._forget(now)
            found = self._items.get(conversation_id)
            if found is not None:
                found.used_at = now
                self._items.move_to_end(conversation_id)
            return found

    def start(self) -> Conversation:
        """A new conversation with a fresh random id (never one the client chose)."""
        conversation = Conversation(secrets.token_hex(16))
        with self._lock:
            self._forget(time.monotonic())
            self._items[conversation.id] = conversation
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return conversation

    def __len__(self) -> int:
        return len(self._items)

    def _forget(self, now: float) -> None:
        while self._items:
            oldest = next(iter(self._items.values()))
            if now - oldest.used_at <= self.idle_s:
                break
            self._items.popitem(last=False)
