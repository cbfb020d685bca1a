"""`assistant insights`: the report, purge, export or delete one conversation, and hash-password."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.config import Settings, get_settings

if TYPE_CHECKING:
    from assistant.index.embedding import Embedder
    from assistant.insights.report import Table
    from assistant.insights.store import InsightsStore

CLIP = 80


def register_insights(sub: Any) -> None:
    """Add `insights` and its actions to the parser."""
    insights = sub.add_parser(
        "insights", help="what people ask and what the articles miss; purge, export, delete",
        description="Print the insights tables, or manage the stored questions and feedback.",
    )
    insights.add_argument("--since", type=_day, default=None, metavar="YYYY-MM-DD",
                          help="only questions and feedback from this day on")
    insights.add_argument("--json", action="store_true", help="print one JSON object")
    insights.set_defaults(run=_run_report)
    actions = insights.add_subparsers(dest="action", metavar="{purge,export,delete,hash-password}")

    purge = actions.add_parser("purge", help="delete everything older than the retention period")
    purge.add_argument("--days", type=int, default=None, help="keep this many days (default: ASSISTANT_RETENTION_DAYS)")
    purge.add_argument("--json", action="store_true", help="print one JSON object")
    purge.set_defaults(run=_run_purge)

    export = actions.add_parser("export", help="print everything stored for one conversation id (JSON)")
    export.add_argument("conversation_id")
    export.set_defaults(run=_run_export)

    remove = actions.add_parser("delete", help="delete everything stored for one conversation id")
    remove.add_argument("conversation_id")
    remove.add_argument("--json", action="store_true", help="print one JSON object")
    remove.set_defaults(run=_run_delete)

    password = actions.add_parser("hash-password", help="make ASSISTANT_INSIGHTS_PASSWORD_HASH for the page")
    password.add_argument("--stdin", action="store_true", help="read the password from standard input")
    password.set_defaults(run=_run_hash_password)


def load_embedder(settings: Settings) -> Embedder:
    """The embedder that groups uncovered questions into themes."""
    from assistant.index.embedding import embedder_for

    return embedder_for(settings)


def _store(settings: Settings) -> InsightsStore:
    from assistant.insights.store import InsightsStore

    return InsightsStore.from_settings(settings)


def _run_report(args: argparse.Namespace) -> int:
    from assistant.insights.report import build_report

    settings = get_settings()
    report = build_report(_store(settings), lambda: load_embedder(settings), args.since)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    if not report.is_logging:
        print("Question logging is off (ASSISTANT_LOG_QUESTIONS=false): only feedback is stored.\n")
    print("\n\n".join(format_table(t) for t in report.tables))
    return 0


def _run_purge(args: argparse.Namespace) -> int:
    settings = get_settings()
    days = settings.retention_days if args.days is None else args.days
    if days < 0:
        print(f"error: --days must be 0 or more, not {days}", file=sys.stderr)
        return 2
    deleted = _store(settings).purge(days)
    print(json.dumps({"deleted": deleted, "older_than_days": days}) if args.json
          else f"Deleted {deleted} rows older than {days} days.")
    return 0


def _run_export(args: argparse.Namespace) -> int:
    store = _store(get_settings())
    print(json.dumps(store.export_conversation(args.conversation_id), ensure_ascii=False, indent=2))
    return 0


def _run_delete(args: argparse.Namespace) -> int:
    deleted = _store(get_settings()).delete_conversation(args.conversation_id)
    print(json.dumps({"conversation_id": args.conversation_id, "deleted": deleted}) if args.json
          else f"Deleted {deleted} rows for conversation {args.conversation_id}.")
    return 0


def _run_hash_password(args: argparse.Namespace) -> int:
    from assistant.insights.auth import hash_password

    if args.stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Insights password: ")
        if getpass.getpass("Again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    if not password:
        print("error: the password is empty", file=sys.stderr)
        return 2
    hashed = hash_password(password)
    print(hashed)
    print(f"\nPut it in .env or the environment, in single quotes:\nASSISTANT_INSIGHTS_PASSWORD_HASH='{hashed}'",
          file=sys.stderr)
    return 0


def format_table(table: Table) -> str:
    """A table as aligned text columns under its title."""
    lines = [table.title, "-" * len(table.title)]
    if not table.rows:
        return "\n".join([*lines, "(none)"])
    cells = [list(table.columns)] + [[_clip(str(v)) for v in row] for row in table.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(table.columns))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def _clip(text: str) -> str:
    return text if len(text) <= CLIP else text[: CLIP - 1] + "…"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from exc
