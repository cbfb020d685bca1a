"""Email: parse a message, read the intake, draft a reply."""

from assistant.email.draft import EmailDraft, draft_email
from assistant.email.parse import ParsedEmail, parse_email

__all__ = ["EmailDraft", "ParsedEmail", "draft_email", "parse_email"]
