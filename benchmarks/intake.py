"""python -m benchmarks.intake PATH: field-level precision and recall of the email intake on a labelled table.

PATH is a JSONL table in the schema of tests/data/intake_dev.jsonl (see assistant/email/intake_eval.py for
how each field is matched). Prints a Markdown table; --misses lists what was missed, email by email;
--write BENCHMARKS.md records the figures (benchmarks/intake_results.json) and rewrites the intake section.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.email.intake_eval import FIELDS, Evaluation, evaluate, intake_record, load_table
from benchmarks.measure import write_section

RESULTS = Path(__file__).with_name("intake_results.json")
FIRST_RUNS = Path(__file__).with_name("first_runs.json")
START, END = "<!-- intake-quality:start -->", "<!-- intake-quality:end -->"


def summary(result: Evaluation) -> dict[str, Any]:
    """The figures kept for the report, in percent."""
    without = result.overall_without("quotes")
    return {"emails": result.emails,
            "precision": round(100 * result.overall.precision, 1), "recall": round(100 * result.overall.recall, 1),
            "precision_without_quotes": round(100 * without.precision, 1),
            "recall_without_quotes": round(100 * without.recall, 1),
            "fields": {n: [round(100 * s.precision), round(100 * s.recall)] for n, s in result.fields.items()}}


def section(results: dict[str, dict[str, Any]]) -> list[str]:
    """The intake section of BENCHMARKS.md from the recorded figures."""
    lines = [START, "## Email intake: field-level precision and recall (issue 17)", "",
             "Run: `python -m benchmarks.intake PATH`. Each field is a set of items per email, summed over the table; "
             "spans match by normalised token overlap (at least half the tokens of the longer span; "
             "`assistant/email/intake_eval.py`). Quotes: precision = share verbatim in the email, recall = share of "
             "the labeller's chosen quotes matched (a soft figure: many quotes are possible). The dev table was "
             "tuned on; the holdout is the honest figure.", "",
             "| table | emails | all fields P / R | all but quotes P / R | " + " | ".join(FIELDS) + " |",
             "| --- | --- | --- | --- | " + " | ".join("---" for _ in FIELDS) + " |"]
    for table, r in sorted(results.items()):
        cells = " | ".join(f"{p}/{rc}" for p, rc in (r["fields"][n] for n in FIELDS))
        lines.append(f"| `{table}` | {r['emails']} | {r['precision']} % / {r['recall']} % | "
                     f"{r['precision_without_quotes']} % / {r['recall_without_quotes']} % | {cells} |")
    first = json.loads(FIRST_RUNS.read_text(encoding="utf-8")).get("intake", [])
    if first:
        lines += ["", "First runs, recorded before anything was tuned on the table:", ""]
        lines += [f"- `{f['table']}`, {f['system']}: precision {f['precision_all_fields']} %, "
                  f"recall {f['recall_all_fields']} % over all fields" for f in first]
    return [*lines, END]


def write(report_path: Path, table: Path, result: Evaluation) -> None:
    """Record this table's figures and rewrite the intake section of the report."""
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    results[str(table)] = summary(result)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    write_section(report_path, START, END, "\n".join(section(results)))


def main(argv: list[str] | None = None) -> int:
    """Score the intake on PATH and print the table (and record it with --write)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake", description=__doc__)
    parser.add_argument("path", type=Path, help="a labelled JSONL table")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--write", type=Path, metavar="REPORT", help="record the figures in REPORT (BENCHMARKS.md)")
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
    if args.write:
        write(args.write, args.path, result)
        print(f"wrote the intake section of {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
