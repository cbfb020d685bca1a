"""The text commands: search, triage, ask; and eval over a JSONL file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.cli.io import clip, run_text_command
from assistant.config import get_settings


def register(sub: Any, text_command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add the subcommands to the parser."""
    triage = text_command("triage", "check a message for red-flag symptoms (rules, plus the semantic layer "
                                     "when the embedding model is available)")
    triage.add_argument("--rules-only", action="store_true", help="the reviewed rules alone, no embedding model")
    triage.set_defaults(run=_run_triage)

    ask = text_command("ask", "answer a question from the articles, red-flag triage first")
    ask.set_defaults(run=_run_ask)

    evaluate = sub.add_parser("eval", help="measure triage or answers on a JSONL file")
    evaluate.add_argument("what", choices=["triage", "answers"])
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="print the report as one JSON object")
    evaluate.add_argument("--rules-only", action="store_true", help="triage: the rules alone, no semantic layer")
    evaluate.set_defaults(run=_run_eval)

    search = text_command("search", "find the passages that best answer a query")
    search.add_argument("--k", type=int, default=5, help="how many passages (default 5)")
    search.set_defaults(run=_run_search)


def _run_triage(args: argparse.Namespace) -> int:
    from assistant.triage import assess

    settings = get_settings()
    region = settings.region
    embedder = None if args.rules_only else _embedder_or_none(settings)

    def handle(text: str, _args: argparse.Namespace, _deps: Any) -> dict[str, Any]:
        return assess(text, region=region, embedder=embedder).to_dict()

    def show(result: dict[str, Any]) -> str:
        lines = [f"level: {result['level']}"]
        lines += [f"flag: {f['id']} ({f['evidence']!r})" for f in result["flags"]]
        if result["message"]:
            lines.append(result["message"])
        lines += [f"ask: {q}" for q in result["questions"]]
        return "\n".join(lines)

    _need_text(args)
    return run_text_command(args, handle, show, needs_deps=False)


def _embedder_or_none(settings: Any) -> Any:
    """The embedding model for triage's semantic layer, or None (with a note) when it cannot load."""
    from assistant.index.embedding import embedder_for
    from assistant.triage.semantic import keep_vectors_in

    keep_vectors_in(settings.data_dir / "models")
    try:
        return embedder_for(settings)
    except Exception as exc:  # noqa: BLE001 - any load failure leaves the rules, which need no model
        print(f"note: the embedding model is not available ({type(exc).__name__}), so triage ran the rules "
              "alone", file=sys.stderr)
        return None


def _run_ask(args: argparse.Namespace) -> int:
    from assistant.answer import ask

    def handle(text: str, _args: argparse.Namespace, deps: Any) -> dict[str, Any]:
        return ask(text, deps).to_dict()

    def show(result: dict[str, Any]) -> str:
        lines = [result["answer"]]
        if result["citations"]:
            lines.append("")
            lines += [f"[{c['n']}] {c['title']} — {c['url']}" for c in result["citations"]]
        if result["booking"]["suggested"]:
            lines.append(f"\nBook: {result['booking']['url']}")
        if result["note"]:
            lines.append(f"\n({result['note']})")
        lines.append(f"\n[mode: {result['mode']}; triage: {result['triage']['level']}]")
        return "\n".join(lines)

    _need_text(args)
    return run_text_command(args, handle, show)


def _run_eval(args: argparse.Namespace) -> int:
    rows = _read_jsonl(args.file)
    if args.what == "triage":
        from assistant.triage.evaluation import evaluate, format_report

        embedder = None if args.rules_only else _embedder_or_none(get_settings())
        report = evaluate(rows, embedder=embedder)
        print(json.dumps(report.to_dict()) if args.json else format_report(report))
        return 0
    from assistant.answer.deps import build_deps
    from assistant.answer.evaluation import evaluate_answers, format_answers_report

    answers_report = evaluate_answers(rows, build_deps(get_settings()))
    print(json.dumps(answers_report) if args.json else format_answers_report(answers_report))
    return 0


def _need_text(args: argparse.Namespace) -> None:
    if args.text is None and not args.jsonl:
        print(f"error: {args.command} needs TEXT, '-' for standard input, or --jsonl", file=sys.stderr)
        raise SystemExit(2)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        print(f"error: no file at {path}", file=sys.stderr)
        raise SystemExit(2)
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                print(f"error: {path}:{n} is not JSON ({exc.msg})", file=sys.stderr)
                raise SystemExit(2) from exc
    return rows


def _search(text: str, args: argparse.Namespace, deps: Any) -> dict[str, Any]:
    passages = deps.retriever.search(text, k=args.k)
    return {"query": text, "results": [p.to_dict() for p in passages]}


def _show_search(result: dict[str, Any]) -> str:
    lines = [f"Results for: {result['query']}"]
    for n, r in enumerate(result["results"], 1):
        where = f" — {r['section']}" if r["section"] else ""
        lines.append(f"\n{n}. {r['title']}{where}  ({r['score']:.4f})\n   {r['url']}\n   {clip(r['text'])}")
    if not result["results"]:
        lines.append("(nothing found)")
    return "\n".join(lines)


def _run_search(args: argparse.Namespace) -> int:
    if args.text is None and not args.jsonl:
        print("error: search needs a query (or --jsonl)", file=sys.stderr)
        return 2
    return run_text_command(args, _search, _show_search)
