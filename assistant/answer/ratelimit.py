"""Per-conversation rate limit for the public chat: at most N messages in any 60 seconds."""

from __future__ import annotations

from collections.abc import Sequence

WINDOW_S = 60.0


def recent(timestamps: Sequence[float], now: float, window_s: float = WINDOW_S) -> list[float]:
    """The timestamps that still count at `now` (within the last window), oldest first."""
    return sorted(t for t in timestamps if now - window_s < t <= now)


def allow(timestamps: Sequence[float], now: float, per_minute: int) -> bool:
    """Whether one more message may be sent at `now`; a limit of 0 or less means no limit."""
    if per_minute <= 0:
        return True
    return len(recent(timestamps, now)) < per_minute


def retry_after(timestamps: Sequence[float], now: float, per_minute: int) -> float:
    """Seconds until one more message is allowed (0 when it is allowed now)."""
    counted = recent(timestamps, now)
    if per_minute <= 0 or len(counted) < per_minute:
        return 0.0
    # The oldest message that keeps the count at the limit has to leave the window first.
    oldest = counted[len(counted) - per_minute]
    return max(0.0, oldest + WINDOW_S - now)
