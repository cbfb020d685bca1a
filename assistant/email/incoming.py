"""What the mail sync decides from a message's headers and structure: skip it (auto-reply, bounce, list) or read it.

Also rebuilds a readable message from only the text parts of one too big to fetch whole
(a 20 MB attachment is never downloaded: its BODYSTRUCTURE says where the text is).
"""

from __future__ import annotations

import email
import email.header
import email.policy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import getaddresses

# RFC 3834 (Auto-Submitted) and the headers the common autoresponders set instead.
_AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply")
_BULK_PRECEDENCE = ("bulk", "junk", "list", "auto_reply")
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:(?:automatic|auto)[ -]?reply|autoreply|auto:|out of (?:the )?office|ooo\b|i am (?:out|away)|"
    r"away from (?:the |my )?office|abwesenheit|respuesta autom[aá]tica|r[ée]ponse automatique|"
    r"undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail)",
    re.IGNORECASE,
)
_ROBOT_SENDERS = re.compile(r"^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.IGNORECASE)


@dataclass(frozen=True)
class TextSection:
    """One readable body part of a message: its IMAP section number, subtype and size in bytes."""

    section: str
    subtype: str  # plain or html
    size: int


def skip_reason(header_bytes: bytes, own_addresses: Sequence[str] = ()) -> str:
    """Why a message should not get a draft ('' when it should): auto-reply, bounce, mailing list, our own."""
    msg = email.message_from_bytes(header_bytes, policy=email.policy.compat32)
    auto = (msg.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return f"auto-submitted message (Auto-Submitted: {auto})"
    for name in _AUTO_HEADERS:
        if msg.get(name) is not None:
            return f"auto-reply ({name} header)"
    precedence = (msg.get("Precedence") or "").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return f"bulk or automatic mail (Precedence: {precedence})"
    if msg.get("List-Id") is not None or msg.get("List-Unsubscribe") is not None:
        return "mailing list or newsletter (List-Id/List-Unsubscribe header)"
    content_type = (msg.get("Content-Type") or "").lower()
    if content_type.startswith("multipart/report"):
        return "delivery report (multipart/report)"
    if (msg.get("Return-Path") or "").strip() == "<>":
        return "bounce (empty Return-Path)"
    subject = " ".join(str(msg.get("Subject") or "").split())
    if _AUTO_SUBJECT.match(_decoded_header(subject)):
        return f"auto-reply (subject {subject[:60]!r})"
    senders = [address.lower() for _, address in getaddresses([str(msg.get("From") or "")]) if "@" in address]
    if senders and _ROBOT_SENDERS.match(senders[0]):
        return f"automatic sender ({senders[0]})"
    own = {a.lower() for a in own_addresses if a}
    if senders and senders[0] in own:
        return "sent from the studio's own address"
    return ""


def _decoded_header(value: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return value


def text_sections(structure: object, prefix: str = "") -> list[TextSection]:
    """The text/plain and text/html parts in an IMAP BODYSTRUCTURE (imapclient's BodyData), attachments aside."""
    if getattr(structure, "is_multipart", False):
        parts = structure[0] if isinstance(structure, tuple) else []  # type: ignore[index]
        found: list[TextSection] = []
        for n, part in enumerate(parts, 1):
            found += text_sections(part, f"{prefix}{n}.")
        return found
    if not isinstance(structure, tuple) or len(structure) < 7:
        return []
    maintype, subtype = (_text(structure[0]).lower(), _text(structure[1]).lower())
    if maintype != "text" or subtype not in ("plain", "html"):
        return []
    disposition = structure[9] if len(structure) > 9 else None
    if isinstance(disposition, tuple) and disposition and _text(disposition[0]).lower() == "attachment":
        return []
    size = structure[6] if isinstance(structure[6], int) else 0
    return [TextSection((prefix.rstrip(".") or "1"), subtype, size)]


def _text(value: object) -> str:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value or "")


def rebuild(header: bytes, part_header: bytes, part_body: bytes) -> bytes:
    """A message of the original headers (its Content-* ones swapped for the part's) and one text part."""
    kept: list[bytes] = []
    skipping = False
    for line in header.replace(b"\r\n", b"\n").split(b"\n"):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower()
        skipping = name.startswith(b"content-") or name == b"mime-version"
        if not skipping:
            kept.append(line)
    part_lines = [line for line in part_header.replace(b"\r\n", b"\n").split(b"\n") if line.strip()]
    return b"\r\n".join([*kept, b"MIME-Version: 1.0", *part_lines, b"", part_body.replace(b"\r\n", b"\n")
                         .replace(b"\n", b"\r\n")])
