"""Text from the outside world made safe to process: decoded, control characters removed, bounded."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 control characters except tab, newline and carriage return; they carry no meaning in
# a message and upset terminals, logs and the browser.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(data: str | bytes) -> str:
    """Decode (replacing invalid UTF-8), normalise to NFC, and drop control characters."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text).replace("\r\n", "\n")


def looks_like_text(text: str) -> bool:
    """False for binary garbage: mostly replacement characters or no letters at all."""
    if not text.strip():
        return True
    letters = sum(ch.isalpha() for ch in text)
    junk = text.count("\ufffd")
    return letters >= max(1, len(text) // 20) and junk <= len(text) // 10
