"""python -m benchmarks.intake PATH: field-level precision and recall of the email intake on a labelled table.

PATH is a JSONL table in the schema of tests/data/intake_dev.jsonl (see assistant/email/intake_eval.py for
how each field is matched). Prints a Markdown table; --misses lists what was missed, email by email.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.email.intake import read_intake
from assistant.email.intake_eval import evaluate, load_table
from assistant.email.parse import parse_email
from assistant.errors import InputRejected


def email_text(row: dict[str, object]) -> str:
    """The sender's new text, as the Email desk and the mail sync read it (quotes and signature removed)."""
    raw = f"From: {row.get('from', '')}\nSubject: {row.get('subject', '')}\n\n{row.get('body', '')}"
    try:
        return parse_email(raw).body
    except InputRejected:
        return str(row.get("body", ""))


def record(row: dict[str, object]) -> dict[str, object]:
    """The intake of one row's email in the table's schema, red-flag screen included (as the draft reads it)."""
    from assistant.email.draft import read_screen
    from assistant.triage.engine import assess

    text = email_text(row)
    intake = read_intake(text)
    return intake.to_record(read_screen(text, assess(text), intake))


def main(argv: list[str] | None = None) -> int:
    """Score the intake on PATH and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake", description=__doc__)
    parser.add_argument("path", type=Path, help="a labelled JSONL table")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"error: no table at {args.path}", file=sys.stderr)
        return 2
    rows = load_table(args.path)
    result = evaluate(rows, record)
    print(f"Intake on {args.path.name}: {result.emails} emails\n\n{result.table()}")
    if args.misses:
        print("\n" + "\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
