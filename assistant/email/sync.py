"""`mail sync`: each new message in the mailbox -> one draft reply in Drafts, once; never sends anything.

Order per message, chosen so that a connection lost at any point loses nothing and doubles nothing:
the Drafts folder is read first (a draft there carries the X-Posture-Source of the message it answers),
so a message drafted by a run that died before marking it is only marked, never drafted again. Then
draft (triage and retrieval, once) -> note it in the local queue -> APPEND the draft -> mark the message.
A message whose drafting fails is left as it was (unread, unmarked) and is tried again next time.
"""

from __future__ import annotations

import email
import email.policy
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid

from assistant.answer.deps import Deps
from assistant.email.draft import EmailDraft, draft_email
from assistant.email.incoming import skip_reason
from assistant.email.mailbox import DRAFTED, SKIPPED, SOURCE_HEADER, Mailbox, open_mailbox
from assistant.email.parse import ParsedEmail, parse_email
from assistant.email.queue import QueueItem, load_item, save_item
from assistant.errors import InputRejected

log = logging.getLogger(__name__)

Drafter = Callable[[ParsedEmail, Deps], EmailDraft]
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class SyncReport:
    """What one sync did: drafts filed, messages skipped (with reasons), failures to retry, earlier drafts found."""

    drafted: tuple[QueueItem, ...] = ()
    skipped: tuple[QueueItem, ...] = ()
    failed: tuple[tuple[int, str], ...] = ()  # (UID, reason): left unread and unmarked, retried next time
    recovered: int = 0  # drafted by an interrupted run, now only marked
    keywords: bool = True  # False: processed messages are recorded locally instead

    def summary(self) -> str:
        """One line: 'Drafted 3 replies (1 emergency), skipped 1, 0 failed.'"""
        urgent = sum(i.is_emergency for i in self.drafted)
        line = f"Drafted {len(self.drafted)} repl{'y' if len(self.drafted) == 1 else 'ies'}"
        line += f" ({urgent} emergency, flagged)" if urgent else ""
        line += f", skipped {len(self.skipped)}, {len(self.failed)} failed (left unread, retried next time)"
        return line + (f", {self.recovered} found already drafted" if self.recovered else "") + "."

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `mail sync --json`."""
        return {"drafted": [i.to_dict() for i in self.drafted], "skipped": [i.to_dict() for i in self.skipped],
                "failed": [{"uid": u, "reason": r} for u, r in self.failed], "recovered": self.recovered,
                "keywords": self.keywords}


def is_emergency(draft: EmailDraft) -> bool:
    """Whether a draft carries the safety advice alone (emergency or crisis): flagged in Drafts and on the desk."""
    return draft.mode == "safety" or draft.triage.is_emergency


def sync_mailbox(deps: Deps, drafter: Drafter = draft_email, progress: Progress | None = None) -> SyncReport:
    """Draft a reply to each new message and file it in Drafts; MailboxUnavailable when the link is lost."""
    settings = deps.settings
    own = [a for a in (settings.studio_email, settings.imap_user or "") if "@" in a]
    drafted: list[QueueItem] = []
    skipped: list[QueueItem] = []
    failed: list[tuple[int, str]] = []
    recovered = 0
    with open_mailbox(settings) as box:
        box.ensure_drafts()
        existing = box.drafted_sources()
        box.open_inbox()
        if not box.keywords_allowed:
            log.info("the folder %s keeps no keywords: processed messages are recorded in %s", box.inbox,
                     settings.mailbox_dir)
        todo = []
        for uid in box.new_messages():
            stored = load_item(settings, box.source_key(uid))
            if not box.keywords_allowed and stored is not None and stored.status in ("drafted", "skipped"):
                continue  # the local record stands in for the keyword
            todo.append((uid, stored))
        for uid, stored in todo[: settings.imap_max_per_sync]:
            source = box.source_key(uid)
            if source in existing:
                recovered += 1
                if stored is not None and stored.status == "drafting":
                    save_item(settings, replace(stored, status="drafted", draft_uid=existing[source]))
                box.mark(uid, DRAFTED)
                continue
            header, size = box.headers(uid)
            meta = _meta(header)
            reason = skip_reason(header, own)
            if not reason:
                raw = box.message(uid, header, size)
                try:
                    parsed = parse_email(raw)
                except InputRejected as exc:
                    reason = f"nothing to answer: {exc}"
            if reason:
                log.info("skipping message %s (%s): %s", uid, meta[1][:60], reason)
                item = QueueItem(source, uid, "skipped", *meta, reason=reason)
                save_item(settings, item)
                box.mark(uid, SKIPPED)
                skipped.append(item)
                continue
            try:
                draft = drafter(parsed, deps)
            except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others; retried next run
                log.exception("drafting message %s failed; it stays unread and is retried next time", uid)
                failed.append((uid, f"{type(exc).__name__}: {exc}"[:200]))
                continue
            drafted.append(_file(box, deps, uid, source, meta, parsed, draft, progress))
    return SyncReport(tuple(drafted), tuple(skipped), tuple(failed), recovered, box.keywords_allowed)


def _file(box: Mailbox, deps: Deps, uid: int, source: str, meta: tuple[str, str, str],
          parsed: ParsedEmail, draft: EmailDraft, progress: Progress | None) -> QueueItem:
    urgent = is_emergency(draft)
    eml = draft.to_eml(deps.settings, parsed, headers={SOURCE_HEADER: source})
    draft_id = str(email.message_from_bytes(eml, policy=email.policy.default).get("Message-ID", ""))
    item = QueueItem(source, uid, "drafting", *meta, is_emergency=urgent, draft_subject=draft.subject,
                     draft_body=draft.body, draft_message_id=draft_id, details=draft.to_dict())
    save_item(deps.settings, item)
    draft_uid = box.append_draft(eml, flagged=urgent)
    if progress:
        progress("appended", uid)
    item = replace(item, status="drafted", draft_uid=draft_uid)
    save_item(deps.settings, item)
    box.mark(uid, DRAFTED)
    if progress:
        progress("marked", uid)
    log.info("drafted a reply to message %s%s", uid, " (EMERGENCY, flagged)" if urgent else "")
    return item


def _meta(header: bytes) -> tuple[str, str, str]:
    """Sender, subject and Message-ID, in QueueItem's order."""
    msg = email.message_from_bytes(header, policy=email.policy.default)

    def get(name: str) -> str:
        try:
            return " ".join(str(msg.get(name, "")).split())
        except (ValueError, IndexError, TypeError):
            return ""

    return get("From"), get("Subject"), get("Message-ID")


def save_edited_draft(deps: Deps, item: QueueItem, subject: str, body: str) -> QueueItem:
    """File the specialist's edited draft in Drafts in place of the one the sync made (that one is deleted)."""
    settings = deps.settings
    msg = EmailMessage()
    msg["From"] = Address(settings.studio_name, addr_spec=settings.studio_email)
    name, address = getaddresses([item.sender])[0] if item.sender else ("", "")
    if "@" in address:
        msg["To"] = Address(name, addr_spec=address)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=settings.studio_email.rsplit("@", 1)[-1])
    if item.message_id:
        msg["In-Reply-To"] = item.message_id
        msg["References"] = item.message_id
    msg["X-Unsent"] = "1"
    msg[SOURCE_HEADER] = item.source
    msg.set_content(body)
    with open_mailbox(settings) as box:
        box.ensure_drafts()
        old = box.drafted_sources().get(item.source)
        new_uid = box.append_draft(msg.as_bytes(policy=email.policy.default), flagged=item.is_emergency)
        if old is not None:
            box.remove_draft(old)
    updated = replace(item, draft_subject=subject, draft_body=body, draft_uid=new_uid,
                      draft_message_id=str(msg["Message-ID"]))
    save_item(settings, updated)
    return updated
