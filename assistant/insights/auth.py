"""The staff password: a salted PBKDF2 (or bcrypt) hash in configuration, checked in constant time; the lockout."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 advice for PBKDF2-HMAC-SHA256; about half a second per check here, once per login.
ITERATIONS = 600_000


def hash_password(password: str, iterations: int | None = None, salt: str | None = None) -> str:
    """'pbkdf2_sha256$iterations$salt$hexdigest' for ASSISTANT_INSIGHTS_PASSWORD_HASH."""
    if not password:
        raise ValueError("the password is empty")
    iterations = iterations or ITERATIONS
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"{ALGORITHM}${iterations}${salt}${digest}"


def verify_password(password: str, stored: str) -> bool:
    """Whether password matches the stored hash; a malformed hash never matches."""
    try:
        algorithm, iterations, salt, digest = stored.strip().split("$")
        rounds = int(iterations)
    except ValueError:
        return False
    if algorithm != ALGORITHM or rounds < 1 or not password:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), rounds).hex()
    return hmac.compare_digest(candidate, digest)


def verify_staff_password(password: str, stored: str) -> bool:
    """Like verify_password, also accepting a bcrypt hash ($2b$…, as streamlit-authenticator and htpasswd make)."""
    stored = stored.strip()
    if stored.startswith(("$2a$", "$2b$", "$2y$")):
        import bcrypt

        try:
            return bool(password) and bcrypt.checkpw(password.encode(), stored.encode())
        except ValueError:
            return False
    return verify_password(password, stored)


class Lockout:
    """Wrong passwords in a row per client; after `max_failures` the login refuses that client for `lock_s` seconds.

    Kept for the whole process (not the browser session), so opening a new tab does not reset it.
    """

    def __init__(self, max_failures: int, lock_s: float, now: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.lock_s, self._now = max(1, max_failures), lock_s, now
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def seconds_left(self, client: str) -> float:
        """How long this client must wait before trying again (0 when it may try now)."""
        with self._lock:
            failures = self._failures.get(client, [])
            if len(failures) < self.max_failures:
                return 0.0
            left = failures[-1] + self.lock_s - self._now()
            if left <= 0:
                self._failures.pop(client, None)  # the lock is over: a fresh count
                return 0.0
            return left

    def failed(self, client: str) -> int:
        """Count a wrong password; returns the tries left before the lock."""
        with self._lock:
            failures = self._failures.setdefault(client, [])
            failures.append(self._now())
            return max(0, self.max_failures - len(failures))

    def succeeded(self, client: str) -> None:
        """A right password clears the count."""
        with self._lock:
            self._failures.pop(client, None)
