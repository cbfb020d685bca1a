"""Chaos: ingest in a loop (an edit, then --rebuild, alternating) while conversations ask, for BENCHMARKS.md.

`python -m benchmarks.chaos [--seconds 60] [--conversations 10] [--out BENCHMARKS.md]` copies the
articles to a temporary folder, indexes them with the packaged model, and asks every question once
to learn its answer. Then real `ingest.py` processes run one after another (an incremental ingest
after an edit to an article no question cites, then a `--rebuild`), while the conversations ask
from threads against one shared `Deps`. An answer is wrong if its kind or its first cited article
differs from the one learned before the chaos; a partial version is one that serves fewer
articles than were indexed. Everything stops by itself at the deadline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import percentile, read_rows, rss_mb, write_section

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "data" / "answer_dev.jsonl"
START, END = "<!-- chaos:start -->", "<!-- chaos:end -->"
# An answer counts as "during a switch" when it started within this long of one.
NEAR_SWITCH_S = 2.0


@dataclass
class Outcome:
    """What the conversations and the ingest loop saw."""

    latencies: list[tuple[float, float]] = field(default_factory=list)  # (started at, ms)
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    partial: int = 0
    switches: list[float] = field(default_factory=list)
    ingests: list[tuple[str, int, float]] = field(default_factory=list)  # (kind, exit code, seconds)
    lock = threading.Lock()


def _signature(answer: Any) -> tuple[str, str]:
    return answer.kind, answer.citations[0].slug if answer.citations else ""


def _converse(deps: Any, questions: list[str], expected: dict[str, tuple[str, str]], articles: int,
              offset: int, stop: threading.Event, out: Outcome) -> None:
    from assistant.answer import ask

    n = offset
    while not stop.is_set():
        q = questions[n % len(questions)]
        n += 1
        started = time.perf_counter()
        try:
            answer = ask(q, deps)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            with out.lock:
                out.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        ms = 1000 * (time.perf_counter() - started)
        served = len(deps.retriever.articles)
        with out.lock:
            out.latencies.append((started, ms))
            if served < articles:
                out.partial += 1
            if _signature(answer) != expected[q]:
                out.wrong.append(f"{q[:60]!r}: {expected[q]} -> {_signature(answer)}")


def _ingest_loop(settings: Any, target: Path, deadline: float, out: Outcome) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir),
           "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir), "ASSISTANT_COLLECTION": settings.collection,
           "ASSISTANT_LLM": "none", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    n = 0
    while time.perf_counter() < deadline - 5:
        rebuild = n % 2 == 1
        if not rebuild:
            target.write_text(target.read_text(encoding="utf-8") + f"\n\nA note added by chaos run {n}.\n",
                              encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "ingest.py"), "--quiet"] + (["--rebuild"] if rebuild else []),
                              env=env, capture_output=True, text=True, timeout=600)
        with out.lock:
            out.ingests.append(("rebuild" if rebuild else "edit", done.returncode, time.perf_counter() - started))
            if done.returncode != 0:
                out.errors.append(f"ingest exit {done.returncode}: {done.stderr[-200:]}")
        n += 1


def _watch_switches(pointer: Path, stop: threading.Event, out: Outcome) -> None:
    last = pointer.read_text() if pointer.exists() else ""
    while not stop.is_set():
        now = pointer.read_text() if pointer.exists() else ""
        if now != last:
            with out.lock:
                out.switches.append(time.perf_counter())
            last = now
        time.sleep(0.02)


def run(seconds: float, conversations: int) -> dict[str, Any]:
    """Build, learn the answers, run the chaos; the figures for the report."""
    from assistant.answer import ask, build_deps
    from assistant.config import Settings, get_settings
    from assistant.index import ingest
    from assistant.index.articles import load_library
    from assistant.index.embedding import embedder_for, export_onnx

    base = get_settings()
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(base.knowledge_dir, knowledge)
        settings = Settings(data_dir=Path(tmp) / "data", knowledge_dir=knowledge, collection="chaos", llm="none",
                            chroma_host=None)
        settings.onnx_model_path.parent.mkdir(parents=True, exist_ok=True)
        if base.onnx_model_path.is_file():
            shutil.copy(base.onnx_model_path, settings.onnx_model_path)
        else:
            export_onnx(settings.onnx_model_path)
        embedder = embedder_for(settings)
        ingest(settings, embedder)
        deps = build_deps(settings, embedder)
        articles = len(deps.retriever.articles)
        questions = [str(r["text"]) for r in read_rows(QUESTIONS)][:40]
        expected = {q: _signature(ask(q, deps)) for q in questions}
        cited = {slug for _, slug in expected.values()}
        library = load_library(knowledge)
        target = next(Path(a.path) for a in library.articles if a.slug not in cited and str(a.path).endswith(".md"))
        out = Outcome()
        rss_before = rss_mb()
        started = time.perf_counter()
        deadline = started + seconds
        # The conversations go on until the last ingest started before the deadline has finished,
        # so that every switch happens under load.
        stop = threading.Event()
        threads = [threading.Thread(target=_converse, args=(deps, questions, expected, articles, i * 7, stop, out))
                   for i in range(conversations)]
        threads.append(threading.Thread(target=_watch_switches, args=(settings.chroma_dir / "CURRENT", stop, out)))
        ingester = threading.Thread(target=_ingest_loop, args=(settings, target, deadline, out))
        for t in [*threads, ingester]:
            t.start()
        ingester.join(timeout=seconds + 900)
        time.sleep(max(0.0, deadline - time.perf_counter()) + 2 * NEAR_SWITCH_S)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        seconds = time.perf_counter() - started
        final_version = deps.retriever.store.version
        served = (settings.chroma_dir / "CURRENT").read_text()
    near = [ms for at, ms in out.latencies if any(abs(at - s) <= NEAR_SWITCH_S for s in out.switches)]
    calm = [ms for at, ms in out.latencies if not any(abs(at - s) <= NEAR_SWITCH_S for s in out.switches)]
    return {
        "seconds": seconds, "conversations": conversations, "articles": articles, "questions": len(questions),
        "answers": len(out.latencies), "errors": out.errors, "wrong": out.wrong, "partial": out.partial,
        "switches": len(out.switches), "ingests": out.ingests,
        "near": (len(near), percentile(near, 50) if near else 0.0, percentile(near, 95) if near else 0.0),
        "calm": (len(calm), percentile(calm, 50) if calm else 0.0, percentile(calm, 95) if calm else 0.0),
        "follows_last_switch": final_version in served, "rss_mb": (rss_before, rss_mb()),
        "target": target.name,
    }


def lines(r: dict[str, Any]) -> list[str]:
    """The BENCHMARKS.md section."""
    edits = [s for kind, code, s in r["ingests"] if kind == "edit"]
    rebuilds = [s for kind, code, s in r["ingests"] if kind == "rebuild"]
    failed = sum(1 for _, code, _ in r["ingests"] if code != 0)
    out = [START, "## Chaos: ingest and --rebuild while conversations ask (issue 19)", "",
           f"`python -m benchmarks.chaos`: {r['conversations']} conversations asked for {r['seconds']:.0f} s "
           "(the requested time, and on until the last ingest had finished) from threads "
           f"against one shared `Deps` ({r['articles']} articles, the first {r['questions']} dev questions in turn), "
           "while real `ingest.py` processes ran one after another: an edit to an article no question cites and an "
           "incremental ingest, then a `--rebuild`, alternating. An answer is wrong if its kind or first cited article "
           "differs from the answer before the chaos; partial if the version it read served fewer articles.", "",
           "| answers | errors | wrong answers | answers from a partial version | ingests (edit / rebuild) | "
           "failed ingests | switches seen |",
           "| --- | --- | --- | --- | --- | --- | --- |",
           f"| {r['answers']:,} | {len(r['errors'])} | {len(r['wrong'])} | {r['partial']} "
           f"| {len(edits)} / {len(rebuilds)} "
           f"| {failed} | {r['switches']} |", "",
           "| answer latency | answers | p50 | p95 |", "| --- | --- | --- | --- |",
           f"| within {NEAR_SWITCH_S:.0f} s of a switch | {r['near'][0]:,} | {r['near'][1]:.0f} ms "
           f"| {r['near'][2]:.0f} ms |",
           f"| otherwise | {r['calm'][0]:,} | {r['calm'][1]:.0f} ms | {r['calm'][2]:.0f} ms |", "",
           f"Ingest times: edits {', '.join(f'{s:.1f} s' for s in edits) or '-'}; rebuilds "
           f"{', '.join(f'{s:.1f} s' for s in rebuilds) or '-'} (each process loads the model; the machine's two "
           "cores are shared with the conversations). "
           f"After the run the conversations served the last version switched in: {r['follows_last_switch']}. "
           f"RSS {r['rss_mb'][0]:.0f} MB before, {r['rss_mb'][1]:.0f} MB after."]
    for problem in (r["errors"] + r["wrong"])[:5]:
        out.append(f"- {problem}")
    out += ["", END]
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the chaos benchmark and rewrite its section of BENCHMARKS.md."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.chaos", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--conversations", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    results = run(args.seconds, args.conversations)
    write_section(args.out, START, END, "\n".join(lines(results)))
    print("\n".join(lines(results)))
    return 0 if not results["errors"] and not results["wrong"] and not results["partial"] else 1


if __name__ == "__main__":
    sys.exit(main())
