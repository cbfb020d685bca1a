"""The insights page through AppTest: locked without a password, the tables with it.

As in test_app.py, the page gets settings, the store and the embedder from `app_pages.common`,
which the test monkeypatches (AppTest runs the page in this process).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import make_settings
from fakes import HashingEmbedder
from streamlit.testing.v1 import AppTest

from assistant.answer.booking import NO_BOOKING
from assistant.answer.compose import Citation
from assistant.answer.turn import Answer
from assistant.insights.auth import hash_password
from assistant.insights.store import InsightsStore
from assistant.triage.engine import assess

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_pages import common  # noqa: E402

PAGE = str(ROOT / "app_pages" / "insights.py")
PASSWORD = "studio-secret"
UNCOVERED = [
    "Do you offer pregnancy massage?",
    "Is pregnancy massage something you do?",
    "Pregnancy massage for back ache, is that available?",
    "Pregnancy massage, do you offer it? Thanks, Sarah",
    "Can I buy gift vouchers?",
    "Do you sell gift vouchers for birthdays?",
    "Where can I park my car?",
]


def _answer(question: str, slugs: tuple[str, ...], mode: str) -> Answer:
    citations = tuple(Citation(n, s, s, f"https://example.test/{s}") for n, s in enumerate(slugs, 1))
    return Answer(text="…", citations=citations, triage=assess(question), booking=NO_BOOKING,
                  in_scope=mode == "extractive", mode=mode)


def _page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password_hash: str | None) -> AppTest:
    settings = make_settings(tmp_path, log_questions=True, insights_password_hash=password_hash)
    store = InsightsStore.from_settings(settings)
    for n, question in enumerate(UNCOVERED):
        store.log_turn(f"u{n}", question, _answer(question, (), "out_of_scope"))
    store.log_turn("h1", "Why is one hip higher?", _answer("hips", ("hip-higher",), "extractive"))
    store.record_feedback("h1", False, ["hip-higher"])
    monkeypatch.setattr(common, "load_settings", lambda: settings)
    monkeypatch.setattr(common, "insights_store", lambda s: store)
    monkeypatch.setattr(common, "load_deps", lambda: SimpleNamespace(embedder=HashingEmbedder()))
    return AppTest.from_file(PAGE, default_timeout=30).run()


def _text(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("info", "error", "caption", "markdown") for e in at.get(kind))


def test_without_a_configured_password_the_page_says_how_and_shows_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page(tmp_path, monkeypatch, None)
    assert not at.exception
    assert "hash-password" in _text(at) and "ASSISTANT_INSIGHTS_PASSWORD_HASH" in _text(at)
    assert len(at.dataframe) == 0 and len(at.text_input) == 0


def test_the_page_refuses_a_wrong_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(tmp_path, monkeypatch, hash_password(PASSWORD, iterations=1000))
    assert len(at.dataframe) == 0
    at.text_input[0].input("guess")
    at.button[0].click().run()
    assert "not right" in _text(at)
    assert len(at.dataframe) == 0
    assert "pregnancy" not in _text(at)


def test_the_page_shows_the_tables_with_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(tmp_path, monkeypatch, hash_password(PASSWORD, iterations=1000))
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Questions per week", "Most asked topics",
                                              "Questions the articles did not cover", "Red flags by level",
                                              "Answers with the most negative feedback",
                                              "Emails left for the specialist",
                                              "Recent questions and the answers given"]
    assert len(at.dataframe) == 5  # no red flags in this log, no emails left; the recent questions
    themes = at.dataframe[2].value
    assert list(themes["questions"]) == [4, 2, 1]
    assert "Sarah" not in themes.to_csv()
    assert len(at.get("download_button")) == 4
    recent = at.dataframe[4].value
    assert list(recent["conversation_id"])[0] == "h1" and "answer" in recent.columns
    at.run()  # the session stays unlocked
    assert len(at.dataframe) == 5


def test_the_page_exports_and_deletes_one_conversation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(tmp_path, monkeypatch, hash_password(PASSWORD, iterations=1000))
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    at.text_input(key="conversation-id").input("h1").run()
    assert "2 stored rows" in _text(at)
    at.checkbox(key="confirm-delete").check().run()
    at.button(key="delete-conversation").click().run()
    assert "Deleted 2 rows" in " ".join(str(e.value) for e in at.success)
