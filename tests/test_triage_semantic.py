"""The semantic layer of triage with the real model: clause context, the rules alone without it, the fresh tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from assistant.triage import assess
from assistant.triage.evaluation import evaluate
from assistant.triage.semantic import exemplars

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.real_model


def _rows(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_library_is_reviewed_data_with_signs_and_near_misses_for_every_flag() -> None:
    lib = exemplars()
    assert len(lib.names) >= 10 and len(lib.positive) >= 500 and len(lib.negative) >= 300
    assert set(lib.levels) <= {"emergency", "urgent"}


@pytest.mark.parametrize("text", [
    "I can't tell any more when my bladder is full and my back is killing me",
    "my sciatca gone into both legs now and i keep wettin myself without realisin",
    "My dad can't feel when he needs the toilet since his fall on the back step last week.",
])
def test_signs_in_wording_nobody_here_wrote_are_emergencies(real_embedder, text: str) -> None:  # type: ignore[no-untyped-def]
    result = assess(text, embedder=real_embedder)
    assert result.level == "emergency" and result.semantic


@pytest.mark.parametrize("text", [
    "I have no numbness down below and my bladder is fine, just one-sided sciatica.",  # negated
    "Years ago I couldn't feel it when I wiped after a long ride, but it went away within a day.",  # past
    "My friend once had numbness when she wiped; I just have a stiff lower back.",  # someone else, in passing
    "What should I do if I ever can't feel it when I wipe?",  # hypothetical
    "I can feel everything when I wipe and both my legs are fine.",  # intact
    "does sitting make sciatica worse?",
])
def test_the_rules_context_holds_on_the_matched_clause(real_embedder, text: str) -> None:  # type: ignore[no-untyped-def]
    assert assess(text, embedder=real_embedder).level == "none"


def test_without_the_model_the_rules_still_run_and_say_so() -> None:
    result = assess("I can't tell any more when my bladder is full and my back is killing me")
    assert result.level == "emergency" and not result.semantic and result.to_dict()["semantic"] is False


def test_an_uncalibrated_embedder_leaves_the_layer_off() -> None:
    text = "I keep wetting myself without realising and my back hurts"
    assert assess(text, embedder=HashingEmbedder()).semantic is False


@pytest.mark.parametrize("name,floors", [
    # Measured first on each table (BENCHMARKS.md); round 2 was then used to set the threshold.
    ("triage_round2.jsonl", {"emergency_recall": 0.79, "urgent_or_higher_recall": 0.82}),
    ("triage_round3.jsonl", {"emergency_recall": 0.89, "urgent_or_higher_recall": 0.89}),
    # Round 4's first run: 75.6 % / 80.0 %; its misses then gave exemplars and triage/phrasings.py.
    ("triage_round4.jsonl", {"emergency_recall": 0.85, "urgent_or_higher_recall": 0.85}),
])
def test_the_fresh_tables_as_regression_floors(real_embedder, name: str, floors: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    report = evaluate(_rows(name), embedder=real_embedder).to_dict()
    for key, floor in floors.items():
        assert report[key] >= floor, (key, report[key])
    assert report["false_alarm_rate"] <= 0.17


def test_the_older_tables_lose_nothing(real_embedder) -> None:  # type: ignore[no-untyped-def]
    rows = _rows("triage_cases.jsonl") + _rows("triage_holdout.jsonl")
    rules, both = evaluate(rows).to_dict(), evaluate(rows, embedder=real_embedder).to_dict()
    assert both["emergency_recall"] >= rules["emergency_recall"]
    assert both["false_alarm_rate"] <= 0.07


def test_the_library_vectors_are_kept_on_disk_and_reused(tmp_path: Path) -> None:
    from assistant.triage import semantic

    class Counting(HashingEmbedder):
        name = semantic.CALIBRATED_FOR  # stands in for the packaged model: only the caching is tested here
        calls = 0

        def embed_documents(self, texts, progress=None):  # type: ignore[no-untyped-def]
            Counting.calls += len(texts)
            return super().embed_documents(texts)

    semantic.keep_vectors_in(tmp_path)
    try:
        semantic.warm_up(Counting())
        first = Counting.calls
        assert first > 500 and list(tmp_path.glob("triage-exemplars-*.npz"))
        semantic.warm_up(Counting())  # a new process would hold a new embedder object
        assert Counting.calls == first
    finally:
        semantic._cache_dir.clear()
