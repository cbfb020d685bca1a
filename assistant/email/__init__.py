"""Email: parse a message, read the intake, draft a reply; sync the studio's IMAP mailbox into Drafts."""

from assistant.email.draft import EmailDraft, draft_email
from assistant.email.parse import ParsedEmail, parse_email
from assistant.email.queue import QueueItem, load_queue
from assistant.email.sync import SyncReport, save_edited_draft, sync_mailbox

__all__ = ["EmailDraft", "ParsedEmail", "QueueItem", "SyncReport", "draft_email", "load_queue", "parse_email",
           "save_edited_draft", "sync_mailbox"]
