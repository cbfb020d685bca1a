"""python -m benchmarks.intake PATH: field-level precision and recall of the email intake on a labelled table.

PATH is a JSONL table in the schema of tests/data/intake_dev.jsonl (see assistant/email/intake_eval.py for
how each field is matched). Prints a Markdown table; --misses lists what was missed, email by email.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.email.intake_eval import evaluate, intake_record, load_table


def main(argv: list[str] | None = None) -> int:
    """Score the intake on PATH and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake", description=__doc__)
    parser.add_argument("path", type=Path, help="a labelled JSONL table")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"error: no table at {args.path}", file=sys.stderr)
        return 2
    result = evaluate(load_table(args.path), intake_record)
    without = result.overall_without("quotes")
    print(f"Intake on {args.path.name}: {result.emails} emails\n\n{result.table()}\n\n"
          f"All fields but quotes: precision {without.precision:.0%}, recall {without.recall:.0%}")
    if args.misses:
        print("\n" + "\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
