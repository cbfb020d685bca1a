"""Table cells of the report: numbers, spreads and latencies as text."""

from __future__ import annotations

import math

from benchmarks.measure import Latency, Spread


def num(value: float | None, digits: int = 1) -> str:
    """A number for a table cell; n/a when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def spread(s: Spread, digits: int = 1, unit: str = "") -> str:
    """'median (min–max, n=N)'."""
    if not s.n:
        return "n/a"
    unit = f" {unit}" if unit else ""
    if s.n == 1:
        return f"{num(s.median, digits)}{unit} (n=1)"
    return f"{num(s.median, digits)}{unit} ({num(s.low, digits)}–{num(s.high, digits)}, n={s.n})"


def latency(samples: list[list[float]]) -> Latency:
    """The p50/p95 of timings given per pass."""
    return Latency.of(samples)


def lat_cell(lat: Latency, which: str) -> str:
    """'p50 ms (per-pass min–max)'."""
    value, s = (lat.p50, lat.p50_spread) if which == "p50" else (lat.p95, lat.p95_spread)
    if not lat.samples:
        return "n/a"
    return f"{num(value)} ms ({num(s.low)}–{num(s.high)})"
