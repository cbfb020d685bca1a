"""Who wrote an email: first names from sign-offs, self-introductions and From display names."""

from __future__ import annotations

import re

_NAME = r"([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+)"
_SIGN_OFF = re.compile(
    r"^[ \t]*(?i:many thanks|thanks so much|thanks again|thank you(?: so much)?|thanks|cheers|best wishes|"
    r"warm(?:est)? (?:regards|wishes)|kind(?:est)? regards|best regards|regards|all the best|best|take care|"
    r"love|sincerely|yours(?: sincerely| truly)?|many thanks in advance|thanks in advance|gracias|muchas gracias|"
    r"saludos|un saludo|un abrazo|atentamente|cordialement|merci|mit freundlichen grüßen|viele grüße)"
    r"[ \t]*[,.!]*[ \t]*(?:\n[ \t]*)*" + _NAME + r"(?:[ \t]+[A-ZÀ-Þ][\w'’-]+)?[ \t,.]*(?:x+)?[ \t]*$",
    re.MULTILINE,
)
_SELF_INTRO = re.compile(r"\b(?i:my name is|my name's|i am|i'm|me llamo|soy|je m'appelle|ich bin)\s+" + _NAME)
# Capitalised words that start a sign-off line but are not names.
_NOT_NAMES = frozenset({
    "I", "Im", "I'm", "The", "A", "An", "And", "But", "So", "Sent", "Get", "My", "Thanks", "Thank", "Hi", "Hello",
    "Dear", "Best", "Regards", "Kind", "Warm", "Yours", "Love", "Cheers", "Please", "Sorry", "Hope", "Just", "Also",
    "Sciatica", "Back", "Pain", "Mr", "Mrs", "Ms", "Dr", "Miss", "Sir", "Madam", "Team", "Help", "Urgent", "Desperate",
    "Anyway"})


def split_sign_off(body: str) -> tuple[str, str]:
    """Cut a sign-off the library does not know ("Best wishes / Tom", "Cheers, Sarah x") off the end."""
    found = None
    for m in _SIGN_OFF.finditer(body):
        found = m
    if found is None:
        lines = body.rstrip().splitlines()
        if len(lines) > 1 and _lone_name(lines[-1]):
            return "\n".join(lines[:-1]).rstrip(), lines[-1].strip()
        return body, ""
    tail = body[found.start():]
    if "?" in tail or len(tail.strip().splitlines()) > 6:
        return body, ""
    return body[: found.start()].rstrip(), tail.strip()


def _lone_name(line: str) -> str:
    """The name on a line holding only a name ("Tom", "- Tom", "Sarah x")."""
    m = re.fullmatch(r"[-–—~ ]*" + _NAME + r"(?:\s+[A-ZÀ-Þ][\w'’-]+)?(?:\s+x+)?\s*", line.strip())
    return m.group(1) if m and m.group(1) not in _NOT_NAMES else ""


def first_name(display_name: str) -> str:
    """The first name in a From display name: 'Zoë Müller' -> 'Zoë', 'Müller, Zoë' -> 'Zoë'."""
    name = display_name.strip().strip('"')
    if not name or "@" in name:
        return ""
    if "," in name:
        name = name.split(",", 1)[1]
    titles = ("mr", "mrs", "ms", "miss", "dr", "prof")
    words = [w for w in name.split() if w.rstrip(".").lower() not in titles]
    first = words[0] if words else ""
    if len(first) < 2 or not first.replace("-", "").replace("'", "").isalpha():
        return ""
    return first.capitalize() if first.islower() or first.isupper() else first


def sign_off_name(text: str) -> str:
    """The first name a sign-off gives ("Thanks, Jo" -> "Jo"), or ''."""
    if not text:
        return ""
    matches = [m.group(1) for m in _SIGN_OFF.finditer(text) if m.group(1) not in _NOT_NAMES]
    if matches:
        return matches[0]
    lines = [line for line in text.strip().splitlines() if line.strip(" -_")]
    return _lone_name(lines[0]) if lines else ""


def intro_name(text: str) -> str:
    """The name in a self-introduction ("my name is Sam" -> "Sam"), or ''."""
    for m in _SELF_INTRO.finditer(text):
        if m.group(1) not in _NOT_NAMES:
            return m.group(1)
    return ""
