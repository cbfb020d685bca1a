"""Shared plumbing of the text commands: reading text or JSONL, printing results, building Deps."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

from assistant.answer import build_deps
from assistant.config import Settings, get_settings
from assistant.errors import AssistantError
from assistant.index.store import guard
from assistant.inputs import clean_text

log = logging.getLogger(__name__)

Handler = Callable[[str, argparse.Namespace, Any], dict[str, Any]]


def print_json(obj: dict[str, Any]) -> None:
    """One JSON object on a line of its own."""
    print(json.dumps(obj, ensure_ascii=False))


def deps_for(settings: Settings) -> Any:
    """The real Deps (model and index) for a command that needs them."""
    return build_deps(settings)


def clip(text: str, n: int = 220) -> str:
    """The text on one line, cut to n characters."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def run_text_command(
    args: argparse.Namespace, handler: Handler, show: Callable[[dict[str, Any]], str], needs_deps: bool = True
) -> int:
    """Run handler on the text argument, standard input or each --jsonl line; print text or JSON."""
    settings = get_settings()
    deps = deps_for(settings) if needs_deps else None
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
                print_json({"id": None, "line": line_no, "error": f"bad input line: {exc}"})
                continue
            try:
                print_json({"id": row_id, **handler(text, args, deps)})
            except AssistantError as exc:
                print_json({"id": row_id, "error": str(exc)})
            except Exception as exc:  # noqa: BLE001 - one bad line must not drop the rest of a batch
                error = guard(settings, exc)
                if error is exc:
                    log.exception("line %s failed", line_no)
                print_json({"id": row_id, "error": str(error) if error is not exc else
                            f"internal error ({type(exc).__name__}); the rest of the batch goes on"})
            sys.stdout.flush()
        return 0
    text = clean_text(args.text if args.text != "-" else sys.stdin.buffer.read())
    if not text.strip():
        print(f"error: {args.command} needs some text (got an empty message)", file=sys.stderr)
        return 2
    try:
        result = handler(text, args, deps)
    except AssistantError:
        raise
    except Exception as exc:
        error = guard(settings, exc)
        if error is exc:
            raise
        raise error from exc
    print(json.dumps(result, ensure_ascii=False) if args.json else show(result))
    return 0


