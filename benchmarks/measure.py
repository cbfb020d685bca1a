"""Measuring for the benchmark: repeated timings and their spread, memory, disk, the machine, embedder specs."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.embedding import Embedder

LIBRARIES = ("torch", "sentence-transformers", "onnxruntime", "chromadb", "langchain-core", "streamlit")
# The embedder spec that means "the packaged model, as the app would load it".
MODEL = "model"


@dataclass(frozen=True)
class Spread:
    """The median of repeated measurements with their min and max."""

    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """Median, min and max of the values (all NaN when there are none)."""
        if not values:
            return cls(float("nan"), float("nan"), float("nan"), 0)
        return cls(statistics.median(values), min(values), max(values), len(values))

    def to_dict(self) -> dict[str, float]:
        """JSON-ready form."""
        return {"median": self.median, "low": self.low, "high": self.high, "n": self.n}


@dataclass(frozen=True)
class Latency:
    """p50 and p95 over all samples, with the min-max of each across passes."""

    p50: float
    p95: float
    p50_spread: Spread
    p95_spread: Spread
    samples: int

    @classmethod
    def of(cls, passes: Sequence[Sequence[float]]) -> Latency:
        """Percentiles of samples given pass by pass (in any unit)."""
        pooled = [x for p in passes for x in p]
        if not pooled:
            nan = float("nan")
            return cls(nan, nan, Spread.of([]), Spread.of([]), 0)
        per_pass = [p for p in passes if p]
        return cls(
            percentile(pooled, 50), percentile(pooled, 95),
            Spread.of([percentile(p, 50) for p in per_pass]), Spread.of([percentile(p, 95) for p in per_pass]),
            len(pooled),
        )


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile, linearly interpolated."""
    return float(np.percentile(np.asarray(values, dtype=float), q))


def repeat(fn: Callable[[], Any], times: int) -> tuple[list[float], Any]:
    """Seconds taken by each of several calls, and the last call's result."""
    seconds: list[float] = []
    result: Any = None
    for _ in range(times):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def peak_rss_mb() -> float:
    """This process's peak resident memory so far.

    VmHWM, not ru_maxrss: Python starts subprocesses with vfork, and Linux carries the
    parent's high-water mark into ru_maxrss across the exec, so a child started by a big
    parent reports the parent's peak (measured here: 1,171 MB for both sides, identical).
    """
    return _status_mb("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident memory now."""
    return _status_mb("VmRSS:") or peak_rss_mb()


def _status_mb(field: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_age_s() -> float:
    """Seconds since this process started (Linux, 10 ms resolution; NaN elsewhere)."""
    try:
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def dir_mb(path: Path) -> float:
    """Size on disk of every file under path, in MB."""
    if not path.exists():
        return 0.0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def machine() -> dict[str, str]:
    """CPU, cores, RAM, Python and library versions, the date and the load average."""
    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count() or 1),
        "ram": ram or "unknown",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (zeros where the system has none)."""
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used since boot by the whole machine, and by this process with its finished children.

    The load average cannot tell the benchmark's own work from other processes'; these can.
    """
    own = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    try:
        ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError):
        return float("nan"), own
    idle = ticks[3] + ticks[4]  # idle and iowait; the rest (user, nice, system, irq, softirq, steal) is busy
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK"), own


def cpu_share(before: tuple[float, float], after: tuple[float, float], wall_s: float) -> dict[str, float]:
    """How much CPU other processes used while the benchmark ran, in core-seconds and as a share of the machine."""
    others = max(0.0, (after[0] - before[0]) - (after[1] - before[1]))
    capacity = wall_s * (os.cpu_count() or 1)
    return {"others_s": others, "own_s": after[1] - before[1], "others_share": others / capacity if capacity else 0.0}


def load_embedder(spec: str, onnx_path: Path | None = None) -> Embedder:
    """'model' is the packaged model (ONNX export when given); 'path/to/file.py:Class' builds a stand-in."""
    if spec == MODEL:
        from assistant.index.embedding import get_embedder

        if onnx_path is not None and onnx_path.is_file():
            return get_embedder("onnx", onnx_path)
        return get_embedder("torch")
    path, _, name = spec.rpartition(":")
    loader = importlib.util.spec_from_file_location(f"bench_embedder_{Path(path).stem}", path)
    if not path or loader is None or loader.loader is None:
        raise ValueError(f"embedder spec {spec!r} is neither 'model' nor 'path/to/file.py:ClassName'")
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return getattr(module, name)()  # type: ignore[no-any-return]


class TimedEmbedder:
    """Wraps an embedder and adds up the time spent inside it, to split ingest into embedding and the rest."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0
        self.texts = 0

    def embed_documents(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        start = time.perf_counter()
        try:
            return self.inner.embed_documents(texts, progress)
        finally:
            self.seconds += time.perf_counter() - start
            self.texts += len(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a JSONL file."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def time_passes(op: Callable[[str], object], questions: list[str], passes: int,
                 seen: list[str] | None = None) -> tuple[list[list[float]], int]:
    """Milliseconds per call, pass by pass, and how many calls raised (their messages go to seen)."""
    out: list[list[float]] = []
    errors = 0
    for _ in range(passes):
        times: list[float] = []
        for q in questions:
            start = time.perf_counter()
            try:
                op(q)
            except Exception as exc:  # a failure is counted, and its time is not a latency sample
                errors += 1
                if seen is not None and len(seen) < 3:
                    seen.append(f"{type(exc).__name__}: {exc} (on {q[:60]!r})"[:300])
                continue
            times.append((time.perf_counter() - start) * 1000)
        out.append(times)
    return out, errors


def write_section(path: Path, start: str, end: str, block: str) -> None:
    """Replace the report's section between two marker lines with block (appended when it is not there yet)."""
    report = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if start in report and end in report:
        report = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, report, flags=re.S)
    else:
        report = report.rstrip() + "\n\n" + block + "\n"
    path.write_text(report, encoding="utf-8")
