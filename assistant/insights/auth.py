"""The insights password: a salted PBKDF2 hash in configuration, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

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
