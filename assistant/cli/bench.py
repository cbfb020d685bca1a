"""`assistant bench`: runs the benchmark harness (`python -m benchmarks`) from the project folder.

The harness lives outside the product package and is never imported from here: this command
starts it as its own process, so `make bench`, `python -m benchmarks` and this are the same run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]


def register_bench(sub: Any) -> None:
    """Add `bench` to the command line; its options are the harness's own (see `python -m benchmarks -h`)."""
    bench = sub.add_parser("bench", add_help=False,
                           help="measure speed, memory and quality beside a plain LangChain pipeline")
    bench.set_defaults(run=run_bench, options=[])  # main() hands it every option it does not know


def run_bench(args: argparse.Namespace) -> int:
    """Run the harness in the project folder with the given options; its exit code is ours."""
    if not (PROJECT / "benchmarks" / "__main__.py").is_file():
        print(f"error: the benchmark harness is not here ({PROJECT / 'benchmarks'}); "
              "run it from a clone of the project", file=sys.stderr)
        return 2
    return subprocess.run([sys.executable, "-m", "benchmarks", *args.options], cwd=PROJECT).returncode
