"""The benchmark harness: `python -m benchmarks` (make bench) writes BENCHMARKS.md; never imported by assistant/."""
