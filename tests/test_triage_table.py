"""The team's table of 312 messages (tests/data/triage_cases.jsonl), run through assess()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.triage.engine import assess
from assistant.triage.evaluation import evaluate

ROWS = [json.loads(line) for line in (Path(__file__).parent / "data" / "triage_cases.jsonl").read_text().splitlines()
        if line.strip()]


def test_the_table_meets_the_safety_targets() -> None:
    report = evaluate(ROWS).to_dict()
    assert report["emergency_recall"] == 1.0
    assert report["urgent_or_higher_recall"] >= 0.98
    assert report["false_alarm_rate"] <= 0.05


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_each_row_is_never_under_triaged(row: dict) -> None:  # type: ignore[type-arg]
    order = ["none", "routine", "urgent", "emergency"]
    got = assess(row["text"]).level
    assert order.index(got) >= order.index(row["level"]), f"{row['id']}: expected {row['level']}, got {got}"
