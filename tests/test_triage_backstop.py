"""The semantic backstop: wordings the rules miss still get the safety net first; it never escalates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.triage.backstop import with_backstop
from assistant.triage.engine import assess

HOLDOUT = Path(__file__).parent / "data" / "triage_holdout.jsonl"


@pytest.mark.real_model
def test_every_emergency_the_rules_miss_gets_the_safety_message_first(real_embedder) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in HOLDOUT.read_text().splitlines() if line.strip()]
    for row in rows:
        if row["level"] != "emergency" or not {"cauda_equina", "self_harm"} & set(row["flags"]):
            continue
        triage = assess(row["text"])
        if triage.is_emergency or triage.has_self_harm:
            continue
        result = with_backstop(triage, row["text"], real_embedder, "uk")
        assert result.safety_first, row["id"]
        assert result.triage.level == triage.level, "the backstop never changes the level"
        if "self_harm" in row["flags"]:
            assert result.crisis and "116 123" in result.triage.message


@pytest.mark.real_model
@pytest.mark.parametrize("text", [
    "How should I set up my desk chair so my hips are level?",
    "My right hip sits higher than my left and my belt is crooked.",
    "Is foam rolling my calves a good idea before a run?",
])
def test_ordinary_questions_are_left_alone(real_embedder, text: str) -> None:  # type: ignore[no-untyped-def]
    result = with_backstop(assess(text), text, real_embedder, "uk")
    assert not result.safety_first and not result.crisis


@pytest.mark.real_model
def test_us_region_gets_us_numbers(real_embedder) -> None:  # type: ignore[no-untyped-def]
    text = "Can't feel myself when I go to the toilet, like the area is numb. Back pain for a week."
    result = with_backstop(assess(text, region="us"), text, real_embedder, "us")
    assert result.safety_first and "911" in result.triage.message and "999" not in result.triage.message
