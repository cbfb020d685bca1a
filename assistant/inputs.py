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


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th"})


def html_depth(raw: str) -> int:
    """How deep the HTML's tags nest, by one linear scan (elements that may go unclosed don't count)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(raw):
        if name.lower() in _VOID or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest
