"""Section 2 of BENCHMARKS.md: our pipeline at every corpus size, the estimates' arithmetic, the plot."""

from __future__ import annotations

from typing import Any

from benchmarks.cells import latency, num, spread
from benchmarks.measure import Spread


def _ingest_cell(s: dict[str, Any]) -> str:
    if "estimate" in s:
        seconds = s["estimate"]["seconds"]
        return f"**estimated {num(seconds, 0)} s** ({num(seconds / 60)} min; see below)"
    if s["mode"] == "derived":
        return "**fails** at this size (see below)" if s.get("tail_error") else "not estimated (see below)"
    return f"{spread(Spread.of([r['seconds'] for r in s['ingest']]))} s"


def _reingest_cell(s: dict[str, Any]) -> str:
    if not s["reingest"] and s.get("reingest_error"):
        return "**fails** (see below)"
    return f"{spread(Spread.of([r['seconds'] for r in s['reingest']]), 2)} s"


def _scale_row(s: dict[str, Any]) -> str:
    search = latency(s["serve"]["samples_ms"]["search"])
    ask = latency(s["serve"]["samples_ms"]["ask"])
    cold = Spread.of(s["cold_start"]["seconds"])
    hit3 = num(100 * s["serve"]["hit3"]) + " %" if s["mode"] == "measured" else "n/a (derived vectors)"
    return (f"| {s['scale']}x | {s['articles']:,} | {s['chunks']:,} | {s['texts']:,} | {_ingest_cell(s)} | "
            f"{_reingest_cell(s)} | {num(search.p50)} / {num(search.p95)} | "
            f"{num(ask.p50)} / {num(ask.p95)} | {num(s['serve']['peak_rss_mb'], 0)} | {num(s['index_mb'])} | "
            f"{spread(cold, 2)} | {hit3} |")


def _estimate_lines(s: dict[str, Any], budget_min: float) -> list[str]:
    lines = []
    if "projection_from_1x" in s:
        p = s["projection_from_1x"]
        verdict = "over" if s["mode"] == "derived" else "within"
        lines.append(f"- **{s['scale']}x probe**, from the 1x ingest: {p['texts']:,} texts × {p['s_per_text']:.4f} s "
                     f"per text = {num(p['seconds'], 0)} s ({num(p['seconds'] / 60)} min), {verdict} the "
                     f"{num(budget_min, 0)} min budget for a full ingest with the model.")
    if s["mode"] == "derived" and s.get("tail_error"):
        b, p = s["bulk"], s.get("projection_from_1x", {})
        lines += [
            f"- **{s['scale']}x index**: {b['articles']:,} articles written in bulk in {num(b['seconds'])} s with "
            "derived vectors (each synthetic sentence takes the vector of the shipped sentence it was made from; "
            f"{s['fallbacks']:,} texts without a source went through the model). Then `ingest()` with the model, "
            f"asked to add the last {s['held_out']} articles, **failed at this size**: `{s['tail_error']}`; "
            "those articles were written in bulk too, so the index is complete. Latency, memory, size and cold "
            "start at this size are measured on that index; its retrieval quality is not meaningful.",
            f"- **{s['scale']}x full ingest: not possible as the code stands**, so no time is given; the model's "
            f"share alone would be {p.get('texts', 0):,} texts × {p.get('s_per_text', 0):.4f} s = "
            f"{num(p.get('seconds'), 0)} s (a lower bound).",
        ]
    if s.get("reingest_error") and not s["reingest"]:
        lines.append(f"- **{s['scale']}x re-ingest failed**: `{s['reingest_error']}`.")
    if "estimate" in s:
        e, b, t = s["estimate"], s["bulk"], s["tail"]
        lines += [
            f"- **{s['scale']}x index**: {b['articles']:,} articles written in bulk in {num(b['seconds'])} s with "
            "derived vectors (each synthetic sentence takes the vector of the shipped sentence it was made from; "
            f"{s['fallbacks']:,} texts without a source went through the model), then `ingest()` with the model "
            f"added the last {s['held_out']} articles ({t['embedded']:,} texts) into the full-size index in "
            f"{num(t['seconds'])} s, {num(t['embed_s'])} s of it inside the model. Latency, memory, size and cold "
            "start at this size are measured on that index; its retrieval quality is not meaningful.",
            f"- **{s['scale']}x full ingest, estimated** from those measured parts: planning and scanning once "
            f"{num(e['fixed_s'])} s (the re-ingest) + the model, {e['texts']:,} texts × {e['s_per_text']:.4f} s "
            f"(the tail's rate) = {num(e['model_s'], 0)} s + the per-group overhead (ingest commits 8 articles at a "
            f"time and rescans the index each time), {e['groups']:,} groups × ({e['group_start_s']:.3f} s at 1x + "
            f"{e['group_end_s']:.3f} s at full size) / 2 = {num(e['overhead_s'], 0)} s; total "
            f"**{num(e['seconds'], 0)} s ({num(e['seconds'] / 60)} min)**, taking the overhead to grow linearly "
            "with the index.",
        ]
    return lines


def scaling_section(results: dict[str, Any], plot_link: str | None) -> list[str]:
    """Section 2: every scale, the estimates' arithmetic and the plot."""
    lines = ["## 2. Scaling", "",
             "Synthetic corpora of n × the shipped articles: the originals plus n − 1 seeded variants of each, "
             "whose sentences are sampled from the article and across the corpus with about one word in eight "
             "swapped, so every text is new and must be embedded (`benchmarks/corpus.py`). hit@3 counts only "
             "the shipped articles the dev questions name, so the variants are distractors.", "",
             "| corpus | articles | chunks | texts | full ingest | re-ingest | search p50 / p95 ms | "
             "ask p50 / p95 ms | peak RSS MB | index MB | cold start s | hit@3, shipped articles |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    lines += [_scale_row(s) for s in results["scales"]]
    for failed in results.get("failed_scales", []):
        error = " ".join(failed["error"].split())[:300].replace("|", "/")
        lines.append(f"| {failed['scale']}x | failed: {error} |")
    budget = results["config"]["budget_s"] / 60
    notes = [line for s in results["scales"] for line in _estimate_lines(s, budget)]
    if notes:
        lines += ["", *notes]
    base = [s for s in results["scales"] if "baseline" in s]
    if len(base) > 1:
        lines += ["", "The baseline at the same sizes:", "",
                  "| corpus | chunks | build | query p50 / p95 ms | peak RSS MB | hit@3 |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for s in base:
            b = s["baseline"]
            q = latency(b["serve"]["samples_ms"]["search"])
            lines.append(f"| {s['scale']}x | {b['ingest']['chunks']:,} | "
                         f"{spread(Spread.of(b['ingest']['ingest_s']))} s | {num(q.p50)} / {num(q.p95)} | "
                         f"{num(b['serve']['peak_rss_mb'], 0)} | "
                         f"{num(100 * b['serve']['hit3'])} % |")
    if plot_link:
        lines += ["", f"![Warm latency and ingest time against corpus size]({plot_link})"]
    return lines


