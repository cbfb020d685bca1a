"""The studio's IMAP mailbox (imapclient): connect, list new messages, read them without marking them read, file drafts.

It never sends, and never changes an incoming message beyond adding the keyword that says it was drafted:
every read is BODY.PEEK (the \\Seen flag is untouched) and nothing is deleted or moved. The only messages
it removes are its own earlier drafts, when the specialist saves an edited one in their place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import ipaddress
import logging
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from imapclient import IMAPClient

from assistant.config import Settings
from assistant.email.incoming import rebuild, text_sections
from assistant.errors import ConfigError, MailboxUnavailable

log = logging.getLogger(__name__)

DRAFTED = "$PostureDrafted"  # the keyword on an incoming message that has a draft
SKIPPED = "$PostureSkipped"  # the keyword on one that needs none (an auto-reply, a bounce)
SOURCE_HEADER = "X-Posture-Source"  # on each draft: which incoming message it answers
MAX_FETCH_BYTES = 5_000_000  # a bigger message is read through its text parts alone (parse.MAX_INPUT_BYTES)
_IMAP_ERRORS = (OSError, imaplib.IMAP4.error)
_APPENDUID = re.compile(rb"APPENDUID \d+ (\d+)")


def is_loopback(host: str) -> bool:
    """Whether host is this machine (the only place an unencrypted IMAP connection is allowed)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_settings(settings: Settings) -> tuple[str, int, str, str]:
    """Host, port, user and password of the mailbox; ConfigError names what is missing or unsafe."""
    missing = [f"ASSISTANT_IMAP_{name.upper()}" for name in ("host", "user", "password")
               if not getattr(settings, f"imap_{name}")]
    if missing:
        raise ConfigError(f"the mailbox is not configured: set {', '.join(missing)} (see README, "
                          "'Connect your mailbox')", tuple(missing))
    host = str(settings.imap_host)
    if settings.imap_security == "plain" and not is_loopback(host):
        raise ConfigError(f"ASSISTANT_IMAP_SECURITY=plain is only allowed for a loopback host, not {host!r} "
                          "(expected one of: ssl, starttls)", ("ASSISTANT_IMAP_SECURITY",))
    port = settings.imap_port or (993 if settings.imap_security == "ssl" else 143)
    password = settings.imap_password.get_secret_value() if settings.imap_password else ""
    return host, port, str(settings.imap_user), password


class Mailbox:
    """An open, logged-in IMAP connection and the folder operations the sync needs."""

    def __init__(self, client: IMAPClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.inbox = settings.imap_inbox_folder
        self.drafts = settings.imap_drafts_folder
        self.uidvalidity = 0
        self.keywords_allowed = False

    def open_inbox(self) -> None:
        """Select the incoming folder read-write (for the keyword only) and learn whether keywords stick."""
        info = self.client.select_folder(self.inbox)
        self.uidvalidity = int(info.get(b"UIDVALIDITY", 0))
        permanent = {bytes(f) for f in info.get(b"PERMANENTFLAGS", ())}
        self.keywords_allowed = self.settings.imap_use_keywords and (
            b"\\*" in permanent or {DRAFTED.encode(), SKIPPED.encode()} <= permanent)

    def source_key(self, uid: int) -> str:
        """The stable name of an incoming message: its folder, UIDVALIDITY and UID."""
        return f"<{self.inbox};UIDVALIDITY={self.uidvalidity};UID={uid}>"

    def new_messages(self) -> list[int]:
        """UIDs of recent messages not drafted or skipped yet (by keyword, where kept), oldest first."""
        since = dt.date.today() - dt.timedelta(days=self.settings.imap_since_days)
        criteria: list[object] = ["SINCE", since, "NOT", "DELETED"]
        if self.keywords_allowed:
            criteria += ["UNKEYWORD", DRAFTED, "UNKEYWORD", SKIPPED]
        return sorted(int(u) for u in self.client.search(criteria))

    def headers(self, uid: int) -> tuple[bytes, int]:
        """The header block and size of one message (BODY.PEEK: it stays unread)."""
        data = self.client.fetch([uid], ["BODY.PEEK[HEADER]", "RFC822.SIZE"]).get(uid, {})
        return bytes(data.get(b"BODY[HEADER]", b"")), int(data.get(b"RFC822.SIZE", 0))

    def message(self, uid: int, header: bytes, size: int) -> bytes:
        """The message as bytes; one over MAX_FETCH_BYTES is rebuilt from its text parts (attachments never fetched)."""
        if size <= MAX_FETCH_BYTES:
            data = self.client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {})
            return bytes(data.get(b"BODY[]", b""))
        structure = self.client.fetch([uid], ["BODYSTRUCTURE"]).get(uid, {}).get(b"BODYSTRUCTURE")
        sections = text_sections(structure)
        log.info("message %s is %d bytes: reading only its text parts %s", uid, size,
                 [s.section for s in sections])
        if not sections:
            return header
        best = next((s for s in sections if s.subtype == "plain"), sections[0])
        limit = MAX_FETCH_BYTES // 2
        if best.section == "1" and not getattr(structure, "is_multipart", False):
            body = self.client.fetch([uid], [f"BODY.PEEK[TEXT]<0.{limit}>"]).get(uid, {})
            return header + bytes(next((v for k, v in body.items() if k.startswith(b"BODY[TEXT]")), b""))
        wanted = [f"BODY.PEEK[{best.section}.MIME]", f"BODY.PEEK[{best.section}]<0.{limit}>"]
        data = self.client.fetch([uid], wanted).get(uid, {})
        part_header = bytes(data.get(f"BODY[{best.section}.MIME]".encode(), b""))
        part_body = bytes(next((v for k, v in data.items() if k.startswith(f"BODY[{best.section}]".encode())), b""))
        return rebuild(header, part_header, part_body)

    def mark(self, uid: int, keyword: str) -> None:
        """Add the drafted/skipped keyword (the only change ever made to an incoming message)."""
        if self.keywords_allowed:
            self.client.add_flags([uid], [keyword], silent=True)

    def ensure_drafts(self) -> None:
        """Use the configured Drafts folder, else the server's \\Drafts special-use folder, else create it."""
        if self.client.folder_exists(self.drafts):
            return
        special = self.client.find_special_folder(b"\\Drafts")
        if special:
            log.info("no folder %r: using the server's drafts folder %r", self.drafts, special)
            self.drafts = special
            return
        log.info("creating the drafts folder %r", self.drafts)
        self.client.create_folder(self.drafts)

    def drafted_sources(self) -> dict[str, int]:
        """Which incoming messages have a draft in Drafts (source key -> draft UID), whatever the keywords say."""
        self.client.select_folder(self.drafts, readonly=True)
        try:
            uids = self.client.search(["HEADER", SOURCE_HEADER, ""])
            found: dict[str, int] = {}
            if uids:
                field = f"BODY.PEEK[HEADER.FIELDS ({SOURCE_HEADER.upper()})]"
                for uid, data in self.client.fetch(uids, [field]).items():
                    raw = next((bytes(v) for k, v in data.items() if k.startswith(b"BODY[HEADER.FIELDS")), b"")
                    m = re.search(rb"<[^>]+>", raw)
                    if m:
                        found[m.group(0).decode("ascii", "replace")] = int(uid)
            return found
        finally:
            self.client.unselect_folder()

    def append_draft(self, eml: bytes, flagged: bool) -> int | None:
        """File a draft (\\Draft, and \\Flagged for an emergency) in Drafts; its UID when the server says (UIDPLUS)."""
        flags = ["\\Draft", "\\Seen"] + (["\\Flagged"] if flagged else [])
        response = self.client.append(self.drafts, eml, flags=flags)
        m = _APPENDUID.search(response if isinstance(response, bytes) else b"")
        return int(m.group(1)) if m else None

    def remove_draft(self, uid: int) -> None:
        """Delete one of our own drafts (replaced by an edited one); never used on an incoming message."""
        self.client.select_folder(self.drafts)
        try:
            self.client.delete_messages([uid])
            if self.client.has_capability("UIDPLUS"):
                self.client.uid_expunge([uid])
            else:
                self.client.expunge()
        finally:
            self.client.unselect_folder()


@contextmanager
def open_mailbox(settings: Settings) -> Iterator[Mailbox]:
    """Connect (IMAPS, or STARTTLS; plain only on loopback) and log in; MailboxUnavailable names what failed."""
    host, port, user, password = check_settings(settings)
    try:
        context = ssl.create_default_context(cafile=str(settings.imap_ca_file) if settings.imap_ca_file else None)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"ASSISTANT_IMAP_CA_FILE={settings.imap_ca_file} cannot be read as a certificate: "
                          f"{_reason(exc)}", ("ASSISTANT_IMAP_CA_FILE",)) from None
    where = f"{host}:{port}"
    try:
        client = IMAPClient(host, port=port, ssl=settings.imap_security == "ssl", ssl_context=context,
                            timeout=settings.imap_timeout_s)
    except _IMAP_ERRORS as exc:
        raise MailboxUnavailable(f"cannot connect to the mailbox at {where} ({settings.imap_security}): "
                                 f"{_reason(exc)}; check ASSISTANT_IMAP_HOST/PORT/SECURITY{_ca_hint(exc)}") from None
    if settings.imap_security == "starttls":
        try:
            client.starttls(context)
        except _IMAP_ERRORS as exc:
            _close(client)
            raise MailboxUnavailable(f"STARTTLS with the mailbox at {where} failed: {_reason(exc)}; check "
                                     f"ASSISTANT_IMAP_SECURITY{_ca_hint(exc)}") from None
    try:
        client.login(user, password)
    except _IMAP_ERRORS as exc:
        _close(client)
        raise MailboxUnavailable(f"the mailbox at {where} refused the login for {user}: {_reason(exc)}; "
                                 "check ASSISTANT_IMAP_USER and the app password") from None
    try:
        yield Mailbox(client, settings)
    except _IMAP_ERRORS as exc:
        raise MailboxUnavailable(f"the connection to the mailbox at {where} failed: {_reason(exc)}; "
                                 "run the sync again (nothing is lost or drafted twice)") from None
    finally:
        _close(client)


def _ca_hint(exc: BaseException) -> str:
    return " (a self-signed certificate: set ASSISTANT_IMAP_CA_FILE)" if "certificate" in str(exc).lower() else ""


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the connection may already be gone; nothing to do about it
        with contextlib.suppress(Exception):
            client.shutdown()
