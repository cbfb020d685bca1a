"""The answer as parts: small talk, passage runs, declines, and safety and booking in proportion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_fake_deps

from assistant.answer import Deps, Turn, ask
from assistant.answer.small_talk import small_talk_kind


@pytest.fixture
def deps(tmp_path: Path) -> Deps:
    return make_fake_deps(tmp_path)  # type: ignore[no-any-return]


@pytest.mark.parametrize("text,kind", [
    ("hi", "greeting"), ("Hello there!", "greeting"), ("good morning", "greeting"), ("thanks!", "thanks"),
    ("thank you so much", "thanks"), ("bye for now", "goodbye"), ("are you a bot?", "who"), ("who are you?", "who"),
    ("hi, why is one hip higher?", ""), ("thanks, but does sitting make sciatica worse?", ""),
])
def test_small_talk_is_recognised_only_when_it_is_the_whole_message(text: str, kind: str) -> None:
    assert small_talk_kind(text) == kind


def test_hi_gets_a_greeting_that_says_what_we_help_with(deps: Deps) -> None:
    answer = ask("hi", deps)
    assert answer.kind == "small_talk" and answer.text.startswith("Hello!")
    assert "posture" in answer.text and not answer.booking.suggested and not answer.citations


def test_a_passage_answer_is_one_contiguous_run_under_its_heading(deps: Deps) -> None:
    answer = ask("How should I roll on the tender spots with a foam roller?", deps)
    assert answer.kind == "passage" and len(answer.direct) == 1
    d = answer.direct[0]
    chunk = next(p.text for p in answer.passages if p.slug == d.slug and p.section == d.section)
    flat = " ".join(chunk.split())
    assert " ".join(d.text.split()) in flat  # the sentences as written, in order, from one place
    assert answer.text.startswith(f"From *{d.title}*")


def test_the_screening_block_comes_once_and_only_for_the_writers_own_symptoms(deps: Deps) -> None:
    first = ask("My back aches and my right hip sits higher. Why is one hip higher?", deps)
    assert first.parts.safety_kind == "screening" and first.parts.screening_questions
    assert "Nothing you describe" not in first.text
    history = [Turn("user", "My back aches and my right hip sits higher. Why is one hip higher?"), first.as_turn()]
    second = ask("My back still aches. What does a raised hip look like?", deps, history=history)
    assert second.parts.safety_kind == ""
    general = ask("Why does one hip sit higher than the other?", deps)
    assert general.parts.safety_kind != "screening"


def test_a_general_sciatica_question_gets_at_most_one_line(deps: Deps) -> None:
    answer = ask("What is sciatica?", deps)
    assert answer.parts.safety_kind in ("", "line")
    assert not answer.parts.screening_questions


def test_booking_once_a_conversation_unless_asked(deps: Deps) -> None:
    message = "My right hip sits higher than my left and my back aches. Why?"
    first = ask(message, deps)
    assert first.booking.suggested
    history = [Turn("user", message), first.as_turn()]
    again = ask("My back aches when I stand. What does a raised hip look like?", deps, history=history)
    assert not again.booking.suggested
    asked = ask("How do I book an assessment for my back ache?", deps, history=history)
    assert asked.booking.suggested


@pytest.mark.parametrize("text", [
    "My baby's hips click when I change her nappy. What exercises should we do?",
    "my son has flat feet, what exercises?",
    "my dachshund has a bad back, any exercises for dogs?",
    "Should I take ibuprofen before I foam roll?",
    "How do I become a professional footballer?",
])
def test_declines_are_honest_with_the_contact_and_no_booking(deps: Deps, text: str) -> None:
    answer = ask(text, deps)
    assert answer.kind == "declined" and not answer.in_scope
    assert not answer.booking.suggested and not answer.parts.booking and not answer.citations
    assert deps.settings.studio_email in answer.text or "GP or pharmacist" in answer.text


def test_carrying_a_toddler_is_not_a_question_about_a_child(deps: Deps) -> None:
    answer = ask("I always carry my toddler on my left hip. Could that be why one hip sits higher?", deps)
    assert answer.kind != "declined"


def test_ask_json_keeps_its_fields_and_adds_parts(deps: Deps) -> None:
    shape = json.loads(json.dumps(ask("Why is one of my hips higher than the other?", deps).to_dict()))
    assert {"answer", "citations", "triage", "booking", "mode", "in_scope", "note", "kind", "parts"} <= set(shape)
    assert shape["parts"]["direct"][0]["slug"] == "hip-higher"


def test_an_emergency_is_the_safety_message_alone(deps: Deps) -> None:
    answer = ask("I can't feel anything when I wipe and I can't tell when my bladder is full. Foam rolling?", deps)
    assert answer.kind == "safety" and answer.parts.safety_kind == "triage"
    assert not answer.parts.direct and not answer.booking.suggested and answer.text == answer.triage.message
