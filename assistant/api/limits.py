"""Per-client rate limit for the API, over the chat's sliding window (assistant.answer.ratelimit)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from assistant.answer.ratelimit import allow, recent, retry_after

# Clients remembered at most; the least recently seen are forgotten first (their window is long over).
MAX_CLIENTS = 10_000


class RateLimiter:
    """At most `per_minute` requests per client key in any 60 s; 0 or less means no limit."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._sent: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str, now: float | None = None) -> float:
        """Count one request and return 0, or return the seconds to wait (the request is not counted)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            sent = recent(self._sent.get(client, []), now)
            if not allow(sent, now, self.per_minute):
                return max(1.0, retry_after(sent, now, self.per_minute))
            self._sent[client] = [*sent, now]
            self._sent.move_to_end(client)
            while len(self._sent) > MAX_CLIENTS:
                self._sent.popitem(last=False)
            return 0.0
