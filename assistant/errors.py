"""The few domain exceptions, each saying what happened and what to do."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: the message is safe to show to a person."""


class IndexMissing(AssistantError):
    """No index has been built yet."""

    def __init__(self, where: str) -> None:
        super().__init__(f"No index found in {where}. Build it with: python ingest.py (or: make index)")


class StoreUnavailable(AssistantError):
    """The Chroma store (usually a server) cannot be reached."""


class IndexDamaged(AssistantError):
    """The index exists but cannot be read, or is empty or incomplete; the message says what to run."""


class IngestBusy(AssistantError):
    """Another ingest holds the data folder's lock."""


class StoreNotWritable(AssistantError):
    """The data folder cannot be written (read-only or full)."""


class LLMUnavailable(AssistantError):
    """The configured language model failed or timed out."""


class InputRejected(AssistantError):
    """The input cannot be processed (empty, too long, not text)."""


class ConfigError(AssistantError):
    """An ASSISTANT_* variable has a value the assistant cannot use; the message names it and what is allowed."""

    def __init__(self, message: str, variables: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.variables = variables


class MailboxUnavailable(AssistantError):
    """The IMAP mailbox cannot be reached, refused the login, or dropped the connection."""
