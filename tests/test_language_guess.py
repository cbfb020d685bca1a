"""The language guess on short English messages (tests/data/short_english.txt, written blind to the code).

First run before the fix: 107 of 280 lines were read as another language. Now a regression table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.triage import assess
from assistant.triage.context import normalise
from assistant.triage.lang import detect_language

LINES = [line.strip() for line in (Path(__file__).parent / "data" / "short_english.txt").read_text().splitlines()
         if line.strip()]


def test_the_table_is_big_enough() -> None:
    assert len(LINES) >= 200


@pytest.mark.parametrize("line", LINES)
def test_short_english_is_english(line: str) -> None:
    assert detect_language(normalise(line)) == "en"


def test_a_short_english_question_gets_the_ordinary_reply() -> None:
    result = assess("does sitting make sciatica worse?")
    assert result.level == "none" and result.language == "en"
    assert "couldn't fully read" not in result.message


@pytest.mark.parametrize("text,lang", [
    ("me duele la espalda y no siento las piernas", "es"),
    ("mal au dos depuis trois jours", "fr"),
    ("Quiero suicidarme.", "es"),
])
def test_other_languages_are_still_recognised(text: str, lang: str) -> None:
    assert assess(text).language == lang


def test_a_longer_message_in_an_unknown_language_gets_the_safety_net() -> None:
    text = "dolore alla schiena e formicolio alle gambe da una settimana"
    assert detect_language(normalise(text)) == "other"
    assert "couldn't fully read" in assess(text).message
