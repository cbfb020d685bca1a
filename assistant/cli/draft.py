"""The `draft` subcommand: an email (.eml, .txt or stdin) -> a reply draft, JSON, or a .eml; never sends."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.cli.io import deps_for
from assistant.config import get_settings
from assistant.email.draft import EmailDraft
from assistant.errors import InputRejected

_STATUS = {"reported": "REPORTED", "denied": "answered (no)", "mentioned": "mentioned, check", "open": "not said"}


def register_draft(sub: Any) -> None:
    """Add `draft FILE|- [--json] [--eml OUT]` to the parser."""
    draft = sub.add_parser("draft", help="draft a reply to an email for the specialist to edit (never sends)")
    draft.add_argument("file", help="a .eml or .txt file, or '-' to read standard input")
    draft.add_argument("--json", action="store_true", help="print one JSON object")
    draft.add_argument("--eml", type=Path, metavar="OUT", help="also write the reply as a .eml draft to OUT")
    draft.set_defaults(run=run_draft)


def run_draft(args: argparse.Namespace) -> int:
    """Read the email, draft the reply, print it and optionally write the .eml."""
    from assistant.email.draft import draft_email
    from assistant.email.parse import parse_email

    data = _read(args.file)
    parsed = parse_email(data)
    if args.file.lower().endswith(".eml") and not parsed.is_eml:
        print(f"note: {args.file} has no email headers; reading it as pasted text", file=sys.stderr)
    settings = get_settings()
    draft = draft_email(parsed, deps_for(settings))
    if args.eml is not None:
        try:
            args.eml.write_bytes(draft.to_eml(settings, parsed))
        except OSError as exc:
            print(f"error: cannot write the reply to {args.eml}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"Wrote the reply draft to {args.eml} (not sent).", file=sys.stderr)
    print(json.dumps(draft.to_dict(), ensure_ascii=False) if args.json else format_draft(draft))
    return 0


def _read(name: str) -> bytes:
    if name == "-":
        stream = getattr(sys.stdin, "buffer", None)
        return stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    path = Path(name)
    if not path.exists():
        raise InputRejected(f"no file at {path} (expected a .eml or .txt file, or '-' for standard input)")
    if not path.is_file():
        raise InputRejected(f"{path} is not a file (expected a .eml or .txt file, or '-' for standard input)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputRejected(f"cannot read {path}: {exc.strerror or exc}") from exc


def format_draft(draft: EmailDraft) -> str:
    """The reply, then the sections for the specialist alone."""
    intake = draft.intake
    imaging = "; ".join(f'{t} — "{f}"' if f else t for t, f in intake.scans)
    below = ", ".join(intake.below_knee_parts) or {True: "yes", False: "no", None: "not said"}[intake.below_knee]
    lines = [draft.to_text().rstrip(), "", "=" * 24 + " For the specialist only (not part of the reply) " + "=" * 24,
             "", "Intake",
             f"  How long:        {intake.duration or 'not said'}",
             f"  Side:            {intake.side or 'not said'}",
             f"  Below the knee:  {below}",
             f"  Imaging:         {imaging or 'none mentioned'}",
             f"  Tried:           {', '.join(intake.treatments) or 'not said'}",
             f"  Activities:      {', '.join(intake.activities) or 'not said'}",
             f"  Goals:           {'; '.join(f'“{g}”' for g in intake.goal_phrases) or 'not said'}",
             f"  Availability:    {'; '.join(f'“{a}”' for a in intake.availability) or 'not said'}",
             f"  Their questions: {len(intake.questions)}"
             + (f" ({len(draft.by_hand)} to answer by hand)" if draft.by_hand else ""),
             "", f"Red-flag screen (triage: {draft.triage.level})"]
    for item in draft.screen:
        said = f' — "{item.evidence}"' if item.evidence else ""
        lines.append(f"  {_STATUS.get(item.status, item.status):<17} {item.label}{said}")
    lines += ["", "Questions for the sender"]
    lines += [f"  - {q}" for q in draft.questions_for_sender] or ["  (none)"]
    if draft.citations:
        lines += ["", "Articles cited"] + [f"  [{c.n}] {c.title} — {c.url}" for c in draft.citations]
    return "\n".join(lines)
