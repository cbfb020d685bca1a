"""An incoming email (pasted text or a .eml) -> ParsedEmail: who wrote it, the subject and only the new text."""

from __future__ import annotations

import email
import email.policy
import logging
import re
from dataclasses import asdict, dataclass, field, replace
from email.message import EmailMessage, Message
from email.utils import getaddresses

from bs4 import BeautifulSoup
from mailparser_reply.parser import EmailMessage as ReplyText

from assistant.email.names import first_name, intro_name, sign_off_name, split_sign_off
from assistant.errors import InputRejected
from assistant.inputs import html_depth

log = logging.getLogger(__name__)

# The languages whose "On ... wrote:" headers and sign-offs mail-parser-reply should recognise.
REPLY_LANGUAGES = ["en", "es", "fr", "de"]
MAX_INPUT_BYTES = 5_000_000
# Only the start of a very long text is read. mail-parser-reply's quote detection is quadratic
# in the number of lines (8,000 lines took 3.5 s, 100,000 would take minutes and hold the GIL
# against every other visitor); 2,000 lines take ~0.2 s. A real email's new text is far shorter.
MAX_TEXT_CHARS = 60_000
MAX_LINES = 2_000
MAX_HTML_DEPTH = 200

_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_EMAIL_HEADERS = ("from", "subject", "message-id", "date", "to", "mime-version", "received", "return-path")
_FORWARD_MARKER = re.compile(
    r"^[ >]*(?:-{2,}\s*(?:Forwarded message|Mensaje reenviado|Message transféré|Weitergeleitete Nachricht)"
    r"\s*-{2,}|Begin forwarded message:|-{3,}\s*Original Message\s*-{3,})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_HEADER = re.compile(r"^[ >*]*(From|De|Von|Date|Fecha|Sent|Enviado|Subject|Asunto|To|Para|Cc):\s*(.*)$",
                             re.IGNORECASE)
_PASTED_SUBJECT = re.compile(r"\A\s*(?:Subject|Asunto|Objet|Betreff|Oggetto):[ \t]*(.*)\n", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|tr|wg|rv|enc)\s*:", re.IGNORECASE)

@dataclass(frozen=True)
class ParsedEmail:
    """An incoming email reduced to what a reply needs."""

    sender_name: str = ""
    sender_first_name: str = ""
    sender_address: str = ""
    subject: str = ""
    body: str = ""  # only the new text: no quoted earlier messages, no signature
    message_id: str = ""
    references: tuple[str, ...] = ()
    is_eml: bool = False
    truncated: bool = False  # only the start of a very long text was read (MAX_LINES / MAX_TEXT_CHARS)
    forwarded: bool = False
    forwarded_from: str = ""  # the name in the forwarded message's From line, when there is one
    signature: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (without the stripped signature)."""
        fields = asdict(self)
        del fields["signature"]
        return {**fields, "references": list(self.references)}


def parse_email(data: bytes | str) -> ParsedEmail:
    """Read a .eml or pasted text; raises InputRejected when it is neither."""
    if isinstance(data, bytes):
        if len(data) > MAX_INPUT_BYTES:
            raise InputRejected(f"the input is {len(data):,} bytes; an email here can be at most "
                                f"{MAX_INPUT_BYTES:,} bytes")
        sample = data[:4096]
        if b"\x00" in sample or sum(b < 32 and b not in (9, 10, 12, 13) for b in sample) > len(sample) / 20:
            raise InputRejected("the input looks like a binary file, not an email or text "
                                "(expected a .eml file or plain text)")
        if _looks_like_message(data.decode("ascii", errors="replace")):
            return _from_message(email.message_from_bytes(data, policy=email.policy.default))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputRejected(f"the input is not UTF-8 text (bad byte at position {exc.start}) and has no "
                                "email headers; save it as UTF-8 or export the message as a .eml file") from exc
    else:
        text = data
    if "\x00" in text:
        raise InputRejected("the input contains NUL characters; it looks like a binary file, not an email")
    if _looks_like_message(text):
        return _from_message(email.message_from_string(text, policy=email.policy.default))
    return _from_text(text)


def _looks_like_message(text: str) -> bool:
    """Whether text starts with an RFC 5322 header block naming at least a sender or a subject."""
    names: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        if not line.strip():
            break
        if line[:1] in " \t" and names:
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.append(line.split(":", 1)[0].lower())
    return any(n in ("from", "subject") for n in names) and sum(n in _EMAIL_HEADERS for n in names) >= 2


def _from_message(msg: Message) -> ParsedEmail:
    name, address = _sender(msg)
    subject = " ".join(_header(msg, "subject").split())
    text, attached = _body_text(msg)
    if attached is not None:
        # Forwarded as an attachment: the note, then the attached message.
        inner_text, _ = _body_text(attached)
        text = f"{text}\n\n---------- Forwarded message ----------\nFrom: {_header(attached, 'from')}\n\n{inner_text}"
    parsed = _from_text(text, subject=subject, is_eml=True)
    return replace(parsed, sender_name=name, sender_first_name=first_name(name) or parsed.sender_first_name,
                   sender_address=address, message_id=_header(msg, "message-id").strip(),
                   references=tuple(_header(msg, "references").split()))


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError) as exc:  # a malformed header should not stop the draft
        log.warning("could not read the %s header: %s", name, exc)
        return ""
    return str(value) if value is not None else ""


def _sender(msg: Message) -> tuple[str, str]:
    name, address = getaddresses([_header(msg, "from")])[0]
    return name.strip(), address if "@" in address else ""


def _body_text(msg: Message) -> tuple[str, Message | None]:
    """The readable text of a message (plain preferred over HTML) and a message attached to it, if any."""
    attached: Message | None = None
    for part in msg.walk() if msg.is_multipart() else ():
        payload = part.get_payload() if part.get_content_type() == "message/rfc822" else None
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            attached = payload[0]
            break
    body: Message | None = msg.get_body(("plain", "html")) if isinstance(msg, EmailMessage) else None
    if body is None and not msg.is_multipart() and msg.get_content_maintype() == "text":
        body = msg
    if body is None:
        return "", attached
    text = _decoded(body)
    if body.get_content_subtype() == "html":
        text = html_to_text(text)
    return text, attached


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        # A wrong or unknown charset label is common; UTF-8 then Latin-1 never loses the message.
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("latin-1")


_BLOCKS = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table", "ul", "ol"]


def html_to_text(html: str) -> str:
    """Readable text of an HTML email; quoted earlier messages are dropped unless it is a forward."""
    if html_depth(html) > MAX_HTML_DEPTH:
        # A pathological nesting would take the parser minutes: read the text between the tags.
        return re.sub(r"\n{3,}", "\n\n", re.sub(r"<[^>]*>", "\n", html)).strip()
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    is_forward = bool(_FORWARD_MARKER.search(soup.get_text("\n")))
    if not is_forward:
        for tag in soup.select("blockquote, .gmail_quote, #divRplyFwdMsg, #appendonsend, .yahoo_quoted"):
            tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _from_text(text: str, subject: str = "", is_eml: bool = False) -> ParsedEmail:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text, truncated = bounded(text)
    pasted_subject = _PASTED_SUBJECT.match(text)
    if pasted_subject and not is_eml:
        subject, text = pasted_subject.group(1).strip(), text[pasted_subject.end():]
    marker = _FORWARD_MARKER.search(text)
    if marker is None and _FORWARD_SUBJECT.match(subject):
        marker = _outlook_forward(text)
    if marker is not None:
        # The person forwarding is the one we reply to: their name comes from their note alone.
        note, signature = _new_text(text[: marker.start()])
        inner, forwarded_from = _forwarded_part(text[marker.end():])
        inner_body, _ = _new_text(inner)
        body = "\n\n".join(p for p in (note, inner_body) if p)
        first = sign_off_name(signature) or intro_name(note)
        forwarded = True
    else:
        body, signature = _new_text(text)
        first = sign_off_name(signature) or intro_name(body)
        forwarded_from = ""
        forwarded = False
    if not body.strip():
        raise InputRejected("the email has no new text to answer (only quoted earlier messages or a signature)")
    return ParsedEmail(sender_first_name=first, subject=subject, body=body.strip(), is_eml=is_eml,
                       truncated=truncated, forwarded=forwarded, forwarded_from=forwarded_from,
                       signature=signature)


def bounded(text: str) -> tuple[str, bool]:
    """The start of text within MAX_TEXT_CHARS and MAX_LINES (linear time), and whether it was cut."""
    cut = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    end = -1
    for _ in range(MAX_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            return text, cut
    if end + 1 < len(text):
        return text[:end], True
    return text, cut


def _outlook_forward(text: str) -> re.Match[str] | None:
    """Outlook forwards have no marker line, only a From:/Sent:/To: block: start at that block."""
    return re.search(r"^[ \t_]*$\n?(?=^[ *]*From:.*\n[ *]*(?:Sent|Date):)", text, re.MULTILINE)


def _forwarded_part(text: str) -> tuple[str, str]:
    """The forwarded message without its From/Date/Subject lines, and the name it was from."""
    lines = text.lstrip("\n").splitlines()
    n = 0
    while n < len(lines) and _FORWARD_HEADER.match(lines[n]):
        n += 1
    senders = [m.group(2) for line in lines[:n] if (m := _FORWARD_HEADER.match(line)) and m.group(1).lower() in
               ("from", "de", "von")]
    name, address = getaddresses([senders[0].replace("*", "")])[0] if senders else ("", "")
    return "\n".join(lines[n:]), (name or address).strip()


def _new_text(text: str) -> tuple[str, str]:
    """The newest reply in text, without quotes or signature (mail-parser-reply), and the signature."""
    message = ReplyText(text=text, languages=list(REPLY_LANGUAGES), keep_hyphen_lists=True).read()
    if not message.replies:
        return "", ""
    reply = message.replies[0]
    signature = reply.signatures
    # Not reply.body: it removes disclaimers before the signature that contains them, so neither goes.
    body = _without(reply.full_body, [signature, *reply.disclaimers])
    if "?" in _without(signature, reply.disclaimers):
        # The library cuts from a line such as "Thank you, ..." to the end; a question after it
        # means that was no signature, so keep the text and drop only the disclaimers.
        body, signature = _without(reply.full_body, reply.disclaimers), ""
    body = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith(">"))
    body, sign_off = split_sign_off(body)
    signature = f"{sign_off}\n{signature}".strip() if sign_off else signature
    return re.sub(r"\n{3,}", "\n\n", body).strip(), signature


def _without(text: str, parts: list[str]) -> str:
    for part in parts:
        text = text.replace(part, "")
    return text.strip()


