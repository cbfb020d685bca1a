"""Our pipeline at one corpus size: ingest, re-ingest, serving (own process), cold start, size on disk.

The 1x ingest is the probe: its seconds per text say how long a larger corpus would take. One
projected past the time budget is measured on a real index of its size built as bench_large says,
and its full ingest time is estimated from measured parts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.index.articles import load_library
from assistant.index.embedding import Embedder
from assistant.index.ingest import ingest
from assistant.index.records import records_for
from benchmarks.child import BenchError, child_env, passes_for, run_child
from benchmarks.corpus import write_corpus
from benchmarks.large import attempt, bulk_index, derived_embedder, estimate, held_out
from benchmarks.measure import MODEL, TimedEmbedder, dir_mb


@dataclass
class Context:
    """What every scale shares: the work folder, the parent's embedder and the run's settings."""

    work: Path
    knowledge: Path
    questions: Path
    embedder_spec: str
    embedder: Embedder
    onnx_export: Path | None
    budget_s: float
    min_samples: int
    seed: int
    ingest_runs: int
    reingest_runs: int
    cold_runs: int
    log: Callable[[str], None]
    rate_per_text_s: float = 0.0  # real ingest seconds per embedded text, from the 1x runs
    index_1x: Settings | None = None
    results: dict[str, Any] = field(default_factory=dict)


def settings_for(ctx: Context, data_dir: Path, knowledge: Path) -> Settings:
    """Settings for a benchmark index, linked to the one ONNX export of this run."""
    if ctx.onnx_export is not None:
        link = Settings(data_dir=data_dir).onnx_model_path
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(ctx.onnx_export)
    return Settings(data_dir=data_dir, knowledge_dir=knowledge, collection="bench_articles", llm="none",
                    chroma_host=None)


def count_texts(folder: Path) -> tuple[int, int, int]:
    """Articles, chunks and texts to embed (chunks, sentences, FAQ questions, one summary per article)."""
    articles = load_library(folder).articles
    records = [r for a in articles for r in records_for(a)]
    chunks = sum(1 for r in records if r.metadata["kind"] == "chunk")
    return len(articles), chunks, len(records) + len(articles)


def _ingest(ctx: Context, settings: Settings, embedder: Embedder, source: Path) -> dict[str, Any]:
    timed = TimedEmbedder(embedder)
    report = ingest(settings, timed, source=source)
    return {"seconds": report.seconds, "embed_s": timed.seconds, "embedded": report.embedded,
            "chunks": report.total_chunks, "articles": report.articles, "problems": len(report.problems)}


def measure_scale(ctx: Context, scale: int, with_baseline: bool) -> dict[str, Any]:
    """Every figure of our pipeline on a corpus of scale x the shipped articles."""
    corpus = write_corpus(ctx.knowledge, ctx.work / f"knowledge_{scale}x", scale, ctx.seed)
    articles, chunks, texts = count_texts(corpus.folder)
    out: dict[str, Any] = {"scale": scale, "articles": articles, "chunks": chunks, "texts": texts, "mode": "measured"}
    ctx.log(f"{scale}x: {articles} articles, {chunks} chunks, {texts} texts to embed")
    if scale > 1 and ctx.rate_per_text_s:
        # The probe: the 1x ingest, a timed part of every larger corpus, says how long this one would take.
        projected = texts * ctx.rate_per_text_s
        out["projection_from_1x"] = {"texts": texts, "s_per_text": ctx.rate_per_text_s, "seconds": projected}
        if projected > ctx.budget_s:
            out["mode"] = "derived"
    reingests = ctx.reingest_runs if scale == 1 else 2
    if out["mode"] == "derived":
        settings = settings_for(ctx, ctx.work / f"data_{scale}x", corpus.folder)
        skip = held_out(corpus)
        out["held_out"] = len(skip)
        derived = derived_embedder(ctx.embedder, corpus, ctx.index_1x)
        ctx.log(f"{scale}x: over the budget; bulk-writing {articles - len(skip)} articles with derived vectors")
        out["bulk"] = bulk_index(settings, corpus.folder, derived, skip)
        out["fallbacks"] = derived.fallbacks
        ctx.log(f"{scale}x: ingest of the last {len(skip)} articles with the model, into the full-size index")
        out["tail"], out["tail_error"] = attempt(lambda: _ingest(ctx, settings, ctx.embedder, corpus.folder))
        if out["tail"] is None:
            ctx.log(f"{scale}x: ingest failed ({out['tail_error']}); writing those articles in bulk too")
            bulk_index(settings, corpus.folder, derived, only=skip)
        out["ingest"] = []
    else:
        runs = ctx.ingest_runs if scale == 1 else 1
        out["ingest"] = []
        for n in range(runs):
            settings = settings_for(ctx, ctx.work / f"data_{scale}x_run{n}", corpus.folder)
            ctx.log(f"{scale}x: full ingest {n + 1}/{runs}")
            out["ingest"].append(_ingest(ctx, settings, ctx.embedder, corpus.folder))
            if n < runs - 1:
                shutil.rmtree(settings.data_dir)
    if scale == 1:
        real = [r for r in out["ingest"] if r["embedded"]]
        ctx.rate_per_text_s = float(np.median([r["seconds"] / r["embedded"] for r in real])) if real else 0.0
        ctx.index_1x = settings
    ctx.log(f"{scale}x: re-ingest of the unchanged corpus x{reingests}")
    out["reingest"], out["reingest_error"] = [], ""
    for _ in range(reingests):
        done, out["reingest_error"] = attempt(lambda: _ingest(ctx, settings, ctx.embedder, corpus.folder))
        if done is None:
            break
        out["reingest"].append(done)
    if out["mode"] == "derived" and out["tail"] is not None and out["reingest"] and "1x" in ctx.results:
        out["estimate"] = estimate(out, ctx.results["1x"])
    out["index_mb"] = dir_mb(settings.chroma_dir)
    ctx.log(f"{scale}x: serving in its own process")
    out["serve"] = run_child("serve", {
        "data_dir": str(settings.data_dir), "knowledge_dir": str(corpus.folder), "collection": settings.collection,
        "embedder": ctx.embedder_spec, "questions": str(ctx.questions),
        "passes": passes_for(_count_rows(ctx.questions), ctx.min_samples)}, cwd=ctx.work)
    out["cold_start"] = cold_start(ctx, settings, ctx.cold_runs if scale == 1 else min(ctx.cold_runs, 3))
    out["settings"] = {"data_dir": str(settings.data_dir), "knowledge_dir": str(corpus.folder)}
    if with_baseline and out["mode"] == "measured":
        out["baseline"] = run_baseline(ctx, corpus.folder, ctx.work / f"baseline_{scale}x",
                                       runs=ctx.ingest_runs if scale == 1 else 1,
                                       rebuild_runs=ctx.ingest_runs if scale == 1 else 1)
    if scale == 1:
        ctx.results["1x"] = out
    return out


def _count_rows(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def cold_start(ctx: Context, settings: Settings, runs: int) -> dict[str, Any]:
    """Seconds from starting `python -m assistant ask ... --json` to its answer, each in a new process."""
    if ctx.embedder_spec != MODEL or runs <= 0:
        return {"seconds": [], "note": "not measured (the CLI loads the real model; this run uses a stand-in)"
                if ctx.embedder_spec != MODEL else "not measured"}
    question = json.loads(ctx.questions.read_text(encoding="utf-8").splitlines()[0])["text"]
    env = child_env({"ASSISTANT_DATA_DIR": str(settings.data_dir),
                     "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
                     "ASSISTANT_COLLECTION": settings.collection})
    seconds, exits = [], []
    for _ in range(runs):
        with tempfile.TemporaryFile("w+") as errors:
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "assistant", "ask", question, "--json"], env=env,
                                    cwd=ctx.work, stdout=subprocess.PIPE, stderr=errors, text=True)
            assert proc.stdout is not None
            answer = proc.stdout.readline()  # --json prints the answer as one line, then the process exits
            answered = time.perf_counter() - start
            proc.wait(timeout=300)
            exited = time.perf_counter() - start
            errors.seek(0)
            if proc.returncode != 0 or '"answer"' not in answer:
                raise BenchError(f"cold start: `assistant ask` failed (exit {proc.returncode}): {errors.read()[-500:]}")
        seconds.append(answered)
        exits.append(exited)
    return {"seconds": seconds, "exit_s": exits, "note": ""}


def run_baseline(ctx: Context, knowledge: Path, folder: Path, runs: int, rebuild_runs: int) -> dict[str, Any]:
    """The LangChain + Chroma baseline on the same corpus: build, rebuild and serve, each in its own process."""
    spec = ctx.embedder_spec
    ctx.log(f"baseline: build x{runs} and rebuild x{rebuild_runs} on {knowledge.name}")
    built = run_child("baseline_ingest", {"knowledge_dir": str(knowledge), "persist_dir": str(folder),
                                          "runs": runs, "rebuild_runs": rebuild_runs, "embeddings": spec}, cwd=ctx.work)
    ctx.log("baseline: serving in its own process")
    served = run_child("baseline_serve", {"persist_dir": built["persist_dir"], "questions": str(ctx.questions), "k": 5,
                                          "passes": passes_for(_count_rows(ctx.questions), ctx.min_samples),
                                          "embeddings": spec}, cwd=ctx.work)
    return {"ingest": built, "serve": served}
