"""Command-line interface: search, triage, ask, draft, eval, bench, insights; --json and --jsonl modes."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from assistant.config import Settings, get_settings
from assistant.errors import AssistantError
from assistant.inputs import clean_text

Handler = Callable[[str, argparse.Namespace, Any], dict[str, Any]]


def _print_json(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def _deps(settings: Settings) -> Any:
    from assistant.deps import build_deps

    return build_deps(settings)


def _search(text: str, args: argparse.Namespace, deps: Any) -> dict[str, Any]:
    passages = deps.retriever.search(text, k=args.k)
    return {"query": text, "results": [p.to_dict() for p in passages]}


def _show_search(result: dict[str, Any]) -> str:
    lines = [f"Results for: {result['query']}"]
    for n, r in enumerate(result["results"], 1):
        where = f" — {r['section']}" if r["section"] else ""
        lines.append(f"\n{n}. {r['title']}{where}  ({r['score']:.4f})\n   {r['url']}\n   {_clip(r['text'])}")
    if not result["results"]:
        lines.append("(nothing found)")
    return "\n".join(lines)


def _clip(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _run_text_command(
    args: argparse.Namespace, handler: Handler, show: Callable[[dict[str, Any]], str], needs_deps: bool = True
) -> int:
    settings = get_settings()
    deps = _deps(settings) if needs_deps else None
    if args.jsonl:
        for line_no, raw in enumerate(sys.stdin.buffer, 1):
            line = clean_text(raw)
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = clean_text(str(item["text"]))
                row_id = item.get("id", line_no)
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                _print_json({"id": None, "line": line_no, "error": f"bad input line: {exc}"})
                continue
            try:
                _print_json({"id": row_id, **handler(text, args, deps)})
            except AssistantError as exc:
                _print_json({"id": row_id, "error": str(exc)})
            sys.stdout.flush()
        return 0
    text = clean_text(args.text if args.text != "-" else sys.stdin.buffer.read())
    if not text.strip():
        print(f"error: {args.command} needs some text (got an empty message)", file=sys.stderr)
        return 2
    result = handler(text, args, deps)
    print(json.dumps(result, ensure_ascii=False) if args.json else show(result))
    return 0


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

    search = text_command("search", "find the passages that best answer a query")
    search.add_argument("--k", type=int, default=5, help="how many passages (default 5)")
    _extend_parser(sub, text_command)
    return parser


def _extend_parser(sub: Any, text_command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Subcommands added by later modules register here."""
    from assistant import cli_commands

    cli_commands.register(sub, text_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m assistant` and the `assistant` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        if args.command == "search":
            if args.text is None and not args.jsonl:
                parser.error("search needs a query (or --jsonl)")
            return _run_text_command(args, _search, _show_search)
        return int(args.run(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
