"""How the command line reports an error it can explain: one line, and the exit code that says what kind."""

from __future__ import annotations

import sys

from assistant.errors import AssistantError, ConfigError, IngestBusy


def error_exit(exc: AssistantError) -> int:
    """Print the error on one line; 2 for a bad setting or a busy ingest lock (--no-wait), 1 for anything else."""
    print(f"error: {exc}", file=sys.stderr)
    return 2 if isinstance(exc, (ConfigError, IngestBusy)) else 1
