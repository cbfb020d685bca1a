"""The scaling plot: warm latency and ingest time against corpus size, as a small PNG (matplotlib, Agg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.measure import Latency, Spread


def plot_scaling(results: dict[str, Any], png: Path) -> bool:
    """Warm latency and ingest time against corpus size (log-log), as a small PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    scales = results["scales"]
    sizes = [s["articles"] for s in scales]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    for op, color in (("search", "tab:blue"), ("ask", "tab:orange")):
        lats = [Latency.of(s["serve"]["samples_ms"][op]) for s in scales]
        left.plot(sizes, [x.p50 for x in lats], "o-", color=color, label=f"{op} p50")
        left.plot(sizes, [x.p95 for x in lats], "s--", color=color, label=f"{op} p95")
    left.set(xscale="log", yscale="log", xlabel="articles", ylabel="warm latency (ms)", title="Warm latency")
    _sizes_axis(left, sizes)
    left.legend(fontsize=7)
    measured = [(s["articles"], Spread.of([r["seconds"] for r in s["ingest"]]).median)
                for s in scales if s["ingest"]]
    estimated = [(s["articles"], s["estimate"]["seconds"]) for s in scales if "estimate" in s]
    right.plot(*zip(*measured), "o-", color="tab:green", label="ours, measured")
    if estimated:
        right.plot(*zip(*estimated), "o", mfc="none", color="tab:green", label="ours, estimated")
    base = [(s["articles"], Spread.of(s["baseline"]["ingest"]["ingest_s"]).median) for s in scales if "baseline" in s]
    if base:
        right.plot(*zip(*base), "^-", color="tab:gray", label="baseline")
    right.set(xscale="log", yscale="log", xlabel="articles", ylabel="full ingest (s)", title="Ingest time")
    _sizes_axis(right, sizes)
    for s in scales:
        if s.get("tail_error") and "estimate" not in s:
            right.annotate(f"{s['scale']}x: ingest fails", (s["articles"], right.get_ylim()[1]), fontsize=7,
                           ha="right", va="top")
    right.legend(fontsize=7)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=90)
    plt.close(fig)
    return True


def _sizes_axis(axis: Any, sizes: list[int]) -> None:
    """Ticks at the corpus sizes measured, as plain numbers."""
    from matplotlib.ticker import NullFormatter, NullLocator

    axis.set_xticks(sizes, [f"{n:,}" for n in sizes])
    axis.xaxis.set_minor_locator(NullLocator())
    axis.xaxis.set_minor_formatter(NullFormatter())
    axis.set_xlim(min(sizes) / 1.5, max(sizes) * 1.5)
