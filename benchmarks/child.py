"""Benchmark work that runs in its own process (so its memory is its own): serving, load, the baseline.

Run as `python -m benchmarks.child TASK` with a JSON config on standard input; the last
line of standard output is RESULT_MARK followed by one JSON object.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import MODEL, load_embedder, peak_rss_mb, process_age_s, read_rows, time_passes

RESULT_MARK = "BENCH_RESULT "


class BenchError(RuntimeError):
    """A benchmark step failed; the message says which and why."""


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a benchmark process: offline, no telemetry, no ASSISTANT_* from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "TOKENIZERS_PARALLELISM": "false", "ASSISTANT_LLM": "none"})
    # The harness is not installed with the product: let the child import it from this folder.
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(x for x in (root, env.get("PYTHONPATH", "")) if x)
    env.update(extra or {})
    return env


def run_child(task: str, config: dict[str, Any], cwd: Path, timeout: float = 3600) -> dict[str, Any]:
    """Run one task in a fresh Python process and return its result."""
    try:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.child", task], input=json.dumps(config),
                              capture_output=True, text=True, cwd=cwd, env=child_env(), timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"benchmark task {task!r} did not finish within {timeout:.0f} s") from exc
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise BenchError(f"benchmark task {task!r} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(lines[-1][len(RESULT_MARK):])  # type: ignore[no-any-return]


def passes_for(n_questions: int, min_samples: int) -> int:
    """How many passes over the questions give at least min_samples timings."""
    return max(1, math.ceil(min_samples / max(1, n_questions)))


def serve(cfg: dict[str, Any]) -> dict[str, Any]:
    """Build deps on an index, answer once, then time search, triage, ask and draft over the questions."""
    age = process_age_s()
    started = time.perf_counter()
    from assistant.answer.deps import build_deps
    from assistant.answer.evaluation import ranked_slugs
    from assistant.answer.turn import ask
    from assistant.config import Settings
    from assistant.triage.engine import assess

    imported = time.perf_counter() - started
    settings = Settings(data_dir=Path(cfg["data_dir"]), knowledge_dir=Path(cfg["knowledge_dir"]),
                        collection=cfg["collection"], llm="none", chroma_host=None)
    embedder = None if cfg["embedder"] == MODEL else load_embedder(cfg["embedder"])
    start = time.perf_counter()
    deps = build_deps(settings, embedder)
    deps_s = time.perf_counter() - start
    rows = read_rows(cfg["questions"])
    questions = [str(r["text"]) for r in rows]
    start = time.perf_counter()
    ask(questions[0], deps)
    first_s = time.perf_counter() - start
    ops: dict[str, Callable[[str], object]] = {
        "search": lambda q: deps.retriever.search(q, k=settings.top_k),
        "triage": lambda q: assess(q, region=settings.region),
        "ask": lambda q: ask(q, deps),
    }
    draft_note = ""
    try:
        from assistant.email.draft import draft_email

        ops["draft"] = lambda q: draft_email(q, deps)
    except ImportError as exc:
        draft_note = f"not available ({exc})"
    samples: dict[str, list[list[float]]] = {}
    errors: dict[str, int] = {}
    examples: dict[str, list[str]] = {}
    for name, op in ops.items():
        examples[name] = []
        samples[name], errors[name] = time_passes(op, questions, int(cfg["passes"]), examples[name])
    scored = [r for r in rows if r.get("slugs")]
    hits = 0
    for row in scored:
        hits += any(s in row["slugs"] for s in ranked_slugs(deps, str(row["text"]))[:3])
    return {
        "process_start_s": age, "import_s": imported, "build_deps_s": deps_s, "first_answer_s": first_s,
        "samples_ms": samples, "errors": errors, "error_examples": examples, "draft_note": draft_note,
        "hit3": hits / len(scored) if scored else float("nan"),
        "chunks": len(deps.retriever.ids), "peak_rss_mb": peak_rss_mb(),
    }


def main() -> int:
    """Entry point of a benchmark process."""
    task = sys.argv[1]
    cfg = json.loads(sys.stdin.read())
    if task == "serve":
        result = serve(cfg)
    elif task == "load":
        from benchmarks.load import run_load

        result = run_load(cfg)
    elif task in ("baseline_ingest", "baseline_serve"):
        from benchmarks import baseline as bench_baseline

        result = getattr(bench_baseline, task)(cfg)
    else:
        print(f"unknown benchmark task {task!r}", file=sys.stderr)
        return 2
    print(RESULT_MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
