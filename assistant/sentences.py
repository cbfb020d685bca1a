"""Plain-text sentence splitting for articles and messages; bullet lists stay with their lead-in."""

from __future__ import annotations

import re

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "vs.", "approx.", "No.")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage; a list introduced by a colon is kept as one sentence."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        prose: list[str] = []
        bullets: list[str] = []
        for line in lines:
            if _BULLET.match(line):
                bullets.append(_BULLET.sub("", line).rstrip(".;"))
            else:
                if bullets:
                    units.extend(_flush(prose, bullets))
                    prose, bullets = [], []
                prose.append(line)
        units.extend(_flush(prose, bullets))
    return [u for u in units if u]


def _flush(prose: list[str], bullets: list[str]) -> list[str]:
    sentences = _split_prose(" ".join(prose)) if prose else []
    if bullets:
        listed = "; ".join(bullets) + "."
        if sentences and sentences[-1].endswith(":"):
            sentences[-1] = f"{sentences[-1]} {listed}"
        else:
            sentences.append(listed[0].upper() + listed[1:])
    return sentences


def _split_prose(text: str) -> list[str]:
    protected = text
    for n, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, f"\x00{n}\x00")
    parts = _BOUNDARY.split(protected)
    out = []
    for part in parts:
        for n, abbr in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{n}\x00", abbr)
        part = re.sub(r"\s+", " ", part).strip()
        if part:
            out.append(part)
    return out
