"""Command-line interface: search, triage, ask, draft, mail, eval, bench, insights, sources; --json, --jsonl."""

from __future__ import annotations

import argparse
import logging
import sys

from assistant.cli import bench, commands, draft, insights, mail, sources
from assistant.cli.exits import error_exit
from assistant.errors import AssistantError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    def text_command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("text", nargs="?", default=None, help="the text ('-' reads standard input)")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument("--jsonl", action="store_true",
                       help='read {"id","text"} lines from stdin, write one result line each')
        return p

    commands.register(sub, text_command)
    draft.register_draft(sub)
    bench.register_bench(sub)
    insights.register_insights(sub)
    sources.register_sources(sub)
    mail.register_mail(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m assistant` and the `assistant` command."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "bench":
        args.options = extra  # the harness's own options, checked by its own parser
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.run(args))
    except AssistantError as exc:
        return error_exit(exc)
    except BrokenPipeError:
        return 0
