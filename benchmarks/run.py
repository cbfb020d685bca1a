"""The benchmark run: speed, memory and quality beside the plain LangChain + Chroma pipeline, in one go.

Everything happens in a temporary folder (the developer's data/ is never touched): the articles
are copied there, indexes built there, and each serving or baseline measurement runs in a
process of its own. The result is BENCHMARKS.md and docs/bench/scaling.png beside it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.measure import MODEL, write_section

if TYPE_CHECKING:
    from assistant.config import Settings

ROOT = Path(__file__).resolve().parent.parent
EMAIL_WORDS = 1000


@dataclass
class BenchConfig:
    """What one benchmark run measures and how often; the defaults are the full run."""

    knowledge: Path = Path("knowledge")
    questions: Path = ROOT / "tests" / "data" / "questions.jsonl"
    triage_cases: Path = ROOT / "tests" / "data" / "triage_cases.jsonl"
    out: Path = Path("BENCHMARKS.md")
    scales: tuple[int, ...] = (1, 10, 100)
    baseline_scales: tuple[int, ...] = (1, 10)
    embedder: str = MODEL  # or "path/to/file.py:Class", a stand-in for tests
    load_seconds: float = 60.0
    conversations: int = 20
    min_samples: int = 200
    ingest_runs: int = 3
    reingest_runs: int = 5
    cold_runs: int = 5
    email_runs: int = 30
    budget_s: float = 25 * 60.0  # a full ingest projected to take longer is estimated, not run
    seed: int = 8
    command: str = "python -m benchmarks"
    notes: list[str] = field(default_factory=list)


def quick(config: BenchConfig) -> BenchConfig:
    """A few minutes instead of most of an hour: 1x only, fewer repeats, a short load test."""
    config.scales, config.baseline_scales = (1,), (1,)
    config.ingest_runs, config.reingest_runs, config.cold_runs, config.email_runs = 1, 2, 2, 10
    config.min_samples, config.load_seconds = 1, min(config.load_seconds, 10.0)
    return config


def long_email(rows: list[dict[str, Any]], words: int = EMAIL_WORDS) -> str:
    """A long rambling email made of the dev questions, cut at about the given number of words."""
    out: list[str] = []
    for row in rows:
        out += str(row["text"]).split()
        if len(out) >= words:
            break
    return "Hi Deb,\n\n" + " ".join(out[:words]) + "\n\nThanks, Sam"


def measure_quality(config: BenchConfig, settings: Settings, embedder: Any) -> dict[str, Any]:
    """Retrieval and answer quality on the dev questions, triage on its table, and a long email's triage time."""
    from assistant.answer.deps import build_deps
    from assistant.answer.evaluation import evaluate_answers
    from assistant.triage.engine import assess
    from assistant.triage.evaluation import evaluate
    from benchmarks.measure import read_rows, repeat

    rows = read_rows(config.questions)
    answers = evaluate_answers(rows, build_deps(settings, embedder))
    answers["misses"] = len(answers["misses"])
    triage = evaluate(read_rows(config.triage_cases)).to_dict()
    summary = {k: triage[k] for k in ("total", "emergency_recall", "urgent_or_higher_recall", "under_triage",
                                      "over_triage", "false_alarm_rate")}
    email = long_email(rows)
    assess(email)
    seconds, _ = repeat(lambda: assess(email), config.email_runs)
    from benchmarks.quality import answer_quality

    return {"answers": answers, "triage": summary, "answer_quality": answer_quality(settings, embedder),
            "email_triage": {"words": len(email.split()), "ms": [1000 * s for s in seconds]}}


def run_bench(config: BenchConfig, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run every measurement, write the report, and return the results."""
    # Imported here so that the command line, which registers `bench`, stays quick to start.
    from benchmarks.child import run_child
    from benchmarks.measure import cpu_seconds, cpu_share, load_average, load_embedder, machine
    from benchmarks.report import write_report
    from benchmarks.scale import Context, measure_scale, settings_for

    say = log or (lambda text: print(f"[bench] {text}", file=sys.stderr, flush=True))
    started = time.perf_counter()
    results: dict[str, Any] = {"load_before": list(load_average()), "command": config.command}
    cpu_before = cpu_seconds()
    scales = sorted({1, *config.scales})
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        work = Path(tmp)
        export = None
        if config.embedder == MODEL:
            from assistant.index.embedding import export_onnx

            say("exporting the model to ONNX (as a first ingest does)")
            begin = time.perf_counter()
            export = export_onnx(work / "models" / "all-MiniLM-L6-v2.onnx")
            results["export_s"] = time.perf_counter() - begin
            results["export_mb"] = export.stat().st_size / 1e6
        knowledge = work / "knowledge"
        shutil.copytree(config.knowledge, knowledge)
        ctx = Context(work=work, knowledge=knowledge, questions=config.questions, embedder_spec=config.embedder,
                      embedder=load_embedder(config.embedder, export), onnx_export=export, budget_s=config.budget_s,
                      min_samples=config.min_samples, seed=config.seed, ingest_runs=config.ingest_runs,
                      reingest_runs=config.reingest_runs, cold_runs=config.cold_runs, log=say)
        results["scales"] = [measure_scale(ctx, 1, 1 in config.baseline_scales)]
        one = results["scales"][0]["settings"]
        settings = settings_for(ctx, Path(one["data_dir"]), Path(one["knowledge_dir"]))
        say("quality: dev questions and triage cases")
        results["quality"] = measure_quality(config, settings, ctx.embedder)
        say(f"load: {config.conversations} conversations for {config.load_seconds:.0f} s")
        results["load"] = run_child("load", {
            "data_dir": one["data_dir"], "knowledge_dir": one["knowledge_dir"], "collection": settings.collection,
            "embedder": config.embedder, "questions": str(config.questions), "conversations": config.conversations,
            "seconds": config.load_seconds, "solo_seconds": min(5.0, config.load_seconds)}, cwd=work,
            timeout=config.load_seconds + 600)
        for scale in scales[1:]:
            try:
                results["scales"].append(measure_scale(ctx, scale, scale in config.baseline_scales))
            except Exception as exc:  # a larger corpus that breaks something is a finding for the report
                say(f"{scale}x failed: {exc}")
                results["failed_scales"] = [*results.get("failed_scales", []),
                                            {"scale": scale, "error": f"{type(exc).__name__}: {exc}"[:600]}]
    results["load_after"] = list(load_average())
    results["cpu"] = cpu_share(cpu_before, cpu_seconds(), time.perf_counter() - started)
    results["machine"] = machine()
    results["duration_s"] = time.perf_counter() - started
    results["config"] = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}
    config.out.parent.mkdir(parents=True, exist_ok=True)
    plot = write_report(results, config.out)
    say(f"wrote {config.out}" + (f" and {plot}" if plot else ""))
    return results


def _api_load(config: BenchConfig, conversations: int) -> int:
    from benchmarks import http_load

    print(f"api load: {conversations} conversations for {config.load_seconds:.0f} s over HTTP", file=sys.stderr)
    try:
        results = http_load.run(Path(config.knowledge), config.questions, conversations, config.load_seconds)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = http_load.section(results)
    write_section(config.out, http_load.START, http_load.END, text.rstrip("\n"))
    print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The harness's options (`python -m benchmarks -h`)."""
    bench = argparse.ArgumentParser(prog="python -m benchmarks",
                                    description="measure speed, memory and quality beside a plain LangChain pipeline")
    bench.add_argument("--quick", action="store_true", help="1x only, fewer repeats, a 10 s load test")
    bench.add_argument("--scales", default=None, help="corpus sizes as multiples of the articles (default 1,10,100)")
    bench.add_argument("--load-seconds", type=float, default=60.0, help="length of the load test (default 60)")
    bench.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"), help="report file (default BENCHMARKS.md)")
    bench.add_argument("--api-load", action="store_true",
                       help="only the website API under load: concurrent conversations over HTTP against the real "
                            "server (its own section of the report)")
    bench.add_argument("--conversations", type=int, default=50, help="concurrent conversations for --api-load")
    return bench


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m benchmarks` and `make bench`."""
    args = build_parser().parse_args(argv)
    from assistant.config import get_settings
    from benchmarks.child import BenchError

    config = BenchConfig(knowledge=get_settings().knowledge_dir, out=args.out, load_seconds=args.load_seconds)
    if args.api_load:
        return _api_load(config, args.conversations)
    if args.quick:
        quick(config)
    if args.scales:
        try:
            config.scales = tuple(int(x) for x in args.scales.split(",") if x.strip())
        except ValueError:
            print(f"error: --scales {args.scales!r} should be whole numbers separated by commas, e.g. 1,10,100",
                  file=sys.stderr)
            return 2
        if any(s < 1 for s in config.scales):
            print(f"error: --scales {args.scales!r}: every scale must be 1 or more", file=sys.stderr)
            return 2
        config.baseline_scales = tuple(s for s in config.baseline_scales if s in config.scales) or (1,)
    config.command = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    if not Path(config.knowledge).is_dir():
        print(f"error: no article folder at {config.knowledge}", file=sys.stderr)
        return 1
    try:
        run_bench(config)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
