"""The `mail` command group: `mail sync` drafts replies to new mail into the IMAP Drafts folder (never sends)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.cli.io import deps_for
from assistant.config import get_settings


def register_mail(sub: Any) -> None:
    """Add `mail sync [--json]` to the parser."""
    mail = sub.add_parser("mail", help="the studio's mailbox over IMAP (drafts only; never sends)")
    actions = mail.add_subparsers(dest="action", required=True)
    sync = actions.add_parser("sync", help="draft a reply to each new message and file it in Drafts")
    sync.add_argument("--json", action="store_true", help="print one JSON object")
    sync.set_defaults(run=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    """Connect, draft, file the drafts; print what was done. Exit 1 when a message failed (it is retried next run)."""
    from assistant.email.mailbox import check_settings
    from assistant.email.sync import sync_mailbox

    settings = get_settings()
    check_settings(settings)  # a missing or unsafe setting is reported before the model loads
    report = sync_mailbox(deps_for(settings))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        for item in report.drafted:
            mark = "EMERGENCY " if item.is_emergency else ""
            print(f"{mark}drafted: {item.draft_subject}  (from {item.sender or 'unknown sender'})")
        for item in report.skipped:
            print(f"skipped: {item.subject or '(no subject)'}: {item.reason}")
        for uid, reason in report.failed:
            print(f"failed: message {uid}: {reason} (left unread; retried next time)", file=sys.stderr)
        print(report.summary())
    return 1 if report.failed else 0
