"""Load: concurrent conversations against one shared Deps from threads, bounded in time, stopping by themselves.

Runs inside a benchmark process of its own (benchmarks.child), so the memory it reports is
the memory of serving: one model, one index, however many conversations.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import MODEL, load_embedder, peak_rss_mb, percentile, rss_mb

# A conversation is this many user turns; then its history starts again, as a new visitor's would.
TURNS_PER_CONVERSATION = 6
# Threads get this long past the deadline to finish the answer they are on.
GRACE_S = 30.0


@dataclass
class Conversation:
    """What one thread did."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    embedder_ids: set[int] = field(default_factory=set)


def _converse(deps: Any, questions: list[str], offset: int, deadline: float, out: Conversation) -> None:
    from assistant.answer.turn import Turn, ask

    history: list[Turn] = []
    n = offset
    while time.perf_counter() < deadline:
        question = questions[n % len(questions)]
        n += 1
        out.embedder_ids.add(id(deps.embedder))
        out.embedder_ids.add(id(deps.retriever.embedder))
        start = time.perf_counter()
        try:
            answer = ask(question, deps, history=history)
        except Exception as exc:  # counted and reported: the load test must not stop on one
            out.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        out.latencies_ms.append((time.perf_counter() - start) * 1000)
        history += [Turn("user", question), Turn("assistant", answer.text)]
        if len(history) >= 2 * TURNS_PER_CONVERSATION:
            history = []


def _run_threads(deps: Any, questions: list[str], count: int, seconds: float,
                 samples: list[float]) -> tuple[list[Conversation], int]:
    """Run count conversations for seconds; sample RSS meanwhile; return them and how many overran."""
    deadline = time.perf_counter() + seconds
    convs = [Conversation() for _ in range(count)]
    step = max(1, len(questions) // max(1, count))
    threads = [threading.Thread(target=_converse, args=(deps, questions, i * step, deadline, c), daemon=True)
               for i, c in enumerate(convs)]
    for t in threads:
        t.start()
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads):
        samples.append(rss_mb())
        time.sleep(0.25)
    for t in threads:
        t.join(timeout=max(0.0, deadline + GRACE_S - time.perf_counter()))
    samples.append(rss_mb())
    return convs, sum(t.is_alive() for t in threads)


def _embedders_alive() -> int:
    from assistant.index.embedding import _Batched

    return sum(1 for o in gc.get_objects() if isinstance(o, _Batched))


def run_load(cfg: dict[str, Any]) -> dict[str, Any]:
    """One conversation alone (for a memory baseline), then N at once for the given time."""
    from assistant.answer.deps import build_deps
    from assistant.answer.turn import ask
    from assistant.config import Settings
    from benchmarks.measure import read_rows

    settings = Settings(data_dir=Path(cfg["data_dir"]), knowledge_dir=Path(cfg["knowledge_dir"]),
                        collection=cfg["collection"], llm="none", chroma_host=None)
    embedder = None if cfg["embedder"] == MODEL else load_embedder(cfg["embedder"])
    deps = build_deps(settings, embedder)
    questions = [str(r["text"]) for r in read_rows(cfg["questions"])]
    ask(questions[0], deps)
    rss_ready = rss_mb()
    one: list[float] = []
    _run_threads(deps, questions, 1, float(cfg["solo_seconds"]), one)
    many: list[float] = []
    started = time.perf_counter()
    convs, stuck = _run_threads(deps, questions, int(cfg["conversations"]), float(cfg["seconds"]), many)
    wall = time.perf_counter() - started
    latencies = [x for c in convs for x in c.latencies_ms]
    errors = [e for c in convs for e in c.errors]
    ids = set().union(*(c.embedder_ids for c in convs)) if convs else set()
    rss_one, rss_many = max(one), max(many)
    n = int(cfg["conversations"])
    return {
        "conversations": n,
        "seconds": float(cfg["seconds"]),
        "wall_s": wall,
        "answers": len(latencies),
        "answers_per_s": len(latencies) / wall if wall else 0.0,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "stuck_threads": stuck,
        "p50_ms": percentile(latencies, 50) if latencies else float("nan"),
        "p95_ms": percentile(latencies, 95) if latencies else float("nan"),
        "max_ms": max(latencies) if latencies else float("nan"),
        "answers_per_conversation_min": min((len(c.latencies_ms) for c in convs), default=0),
        "distinct_embedder_ids": len(ids),
        "embedders_in_memory": _embedders_alive(),
        "rss_ready_mb": rss_ready,
        "rss_one_conversation_mb": rss_one,
        "rss_all_conversations_mb": rss_many,
        "rss_growth_per_extra_conversation_mb": (rss_many - rss_one) / (n - 1) if n > 1 else 0.0,
        "peak_rss_mb": peak_rss_mb(),
    }
