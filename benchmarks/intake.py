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


_TREATMENTS = {"physio": "physiotherapy", "injections": "injection", "chiropractor": "chiropractor",
               "osteopath": "osteopath", "painkillers": "painkillers"}
_SCREEN = {"saddle": "saddle_numbness", "bladder": "bladder", "bowel": "bowel", "both_legs": "both_legs",
           "weakness": "leg_weakness", "sexual": "sexual_function"}


def first_run_record(row: dict[str, object]) -> dict[str, object]:
    """The extractor as it was before this table (Intake + the draft's screen), mapped onto the table's schema."""
    from assistant.email.draft import read_screen
    from assistant.triage.engine import assess

    text = email_text(row)
    intake = read_intake(text)
    screen = read_screen(text, assess(text), intake)
    return {
        "duration": intake.duration, "side": intake.side,
        "below_knee": ["lower leg"] if intake.below_knee else [],
        "imaging": [{"type": intake.imaging, "finding": intake.imaging_findings}] if intake.imaging else [],
        "treatments": [_TREATMENTS.get(t, t) for t in intake.treatments_tried],
        "activities": [], "goals": list(intake.goals), "availability": [], "questions": [],
        "red_flags": {_SCREEN[s.key]: s.status for s in screen},
        "quotes": [s.evidence for s in screen if s.evidence],
    }


def main(argv: list[str] | None = None) -> int:
    """Score the intake on PATH and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake", description=__doc__)
    parser.add_argument("path", type=Path, help="a labelled JSONL table")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--first-run", action="store_true", help="score the extractor as it was before the table")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"error: no table at {args.path}", file=sys.stderr)
        return 2
    rows = load_table(args.path)
    result = evaluate(rows, first_run_record)
    print(f"Intake on {args.path.name}: {result.emails} emails\n\n{result.table()}")
    if args.misses:
        print("\n" + "\n".join(result.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
