"""The targets of issue 8 (and issue 9's load test), each checked against one benchmark run's results."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from benchmarks.measure import Latency, Spread

RSS_LIMIT_MB = 1024
COLD_START_S = 3.0
ASK_P95_MS = 100.0
REINGEST_SPEEDUP = 20.0
HIT3_POINTS = 10.0
SCALE_FACTOR = 2.0


@dataclass(frozen=True)
class Target:
    """One target: what it asks, the figure measured, and whether it is met (None: not measured)."""

    name: str
    figure: str
    met: bool | None


def _f(x: float, digits: int = 1) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:,.{digits}f}"


def targets(results: dict[str, Any]) -> list[Target]:
    """Every target, in the order the issue lists them."""
    one = results["scales"][0]
    serve = one["serve"]
    search = Latency.of(serve["samples_ms"]["search"])
    ask = Latency.of(serve["samples_ms"]["ask"])
    out: list[Target] = []
    base = one.get("baseline")
    ours_hit = results["quality"]["answers"]["hit@3"]
    if base:
        base_hit = base["serve"]["hit3"]
        points = 100 * (ours_hit - base_hit)
        out.append(Target("hit@3 at least 10 points above the baseline",
                          f"{_f(100 * ours_hit)} % vs {_f(100 * base_hit)} % ({points:+.1f} points)",
                          points >= HIT3_POINTS))
        base_q = Latency.of(base["serve"]["samples_ms"]["search"])
        out.append(Target("warm search p95 no slower than the baseline's query p95",
                          f"{_f(search.p95)} ms vs {_f(base_q.p95)} ms", search.p95 <= base_q.p95))
    else:
        out.append(Target("hit@3 at least 10 points above the baseline", "baseline not run", None))
        out.append(Target("warm search p95 no slower than the baseline's", "baseline not run", None))
    out.append(Target("ask p95 under 100 ms", f"{_f(ask.p95)} ms", ask.p95 < ASK_P95_MS))
    ours_re = Spread.of([r["seconds"] for r in one["reingest"]]).median
    if base:
        base_re = Spread.of(base["ingest"]["rebuild_s"]).median
        speedup = base_re / ours_re if ours_re else float("inf")
        out.append(Target("re-ingest of an unchanged corpus at least 20x faster than the baseline's rebuild",
                          f"{_f(ours_re, 2)} s vs {_f(base_re, 1)} s ({_f(speedup)}x faster)",
                          speedup >= REINGEST_SPEEDUP))
    else:
        out.append(Target("re-ingest at least 20x faster than the baseline's rebuild", "baseline not run", None))
    rss = max(s["serve"]["peak_rss_mb"] for s in results["scales"] if s["scale"] == 1)
    out.append(Target("peak RSS under 1 GB while serving", f"{_f(rss, 0)} MB", rss < RSS_LIMIT_MB))
    cold = Spread.of(one["cold_start"]["seconds"])
    out.append(Target("cold start, new process to first answer, under 3 s",
                      f"{_f(cold.median, 2)} s (median of {cold.n})" if cold.n else "not measured",
                      cold.median < COLD_START_S if cold.n else None))
    out.append(_scaling_target(results))
    load = results.get("load")
    if load:
        one_model = load["distinct_embedder_ids"] == 1 and load["embedders_in_memory"] <= 1
        out.append(Target(f"load: {load['conversations']} conversations for {_f(load['seconds'], 0)} s, no errors, "
                          "one shared model (issue 9)",
                          f"{load['answers']:,} answers, {load['errors']} errors, p50 {_f(load['p50_ms'])} ms / "
                          f"p95 {_f(load['p95_ms'])} ms, {load['distinct_embedder_ids']} embedder id(s)",
                          load["errors"] == 0 and load["stuck_threads"] == 0 and one_model))
    return out


def _scaling_target(results: dict[str, Any]) -> Target:
    scales = results["scales"]
    largest = max(scales, key=lambda s: s["scale"])
    name = "latency at 100x the corpus within 2x of latency at 1x"
    if largest["scale"] == 1:
        return Target(name, "only 1x was run", None)
    one = scales[0]
    parts, met = [], True
    for op in ("search", "ask"):
        small = Latency.of(one["serve"]["samples_ms"][op]).p95
        big = Latency.of(largest["serve"]["samples_ms"][op]).p95
        ratio = big / small if small else float("nan")
        parts.append(f"{op} p95 {_f(small)} → {_f(big)} ms ({_f(ratio, 2)}x)")
        met = met and ratio <= SCALE_FACTOR
    at = f"at {largest['scale']}x: " + "; ".join(parts)
    if largest["scale"] != 100:
        return Target(name, at + " (100x not run)", None if largest["scale"] < 100 else met)
    return Target(name, at, met)
