"""The app's pages through streamlit.testing.v1.AppTest, with fake dependencies.

How the fakes get in: every page calls `app_pages.common.load_deps()` (and the chat calls
`app_pages.common.insights_store(settings)`), so a test monkeypatches those two functions on the
module; AppTest runs the pages in this process, so they see the replacements. The deps are built
as in test_pipeline.py: the fixture knowledge indexed with the HashingEmbedder under tmp_path.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import time
from pathlib import Path

import pytest
from fakes import HashingEmbedder
from pydantic import SecretStr
from streamlit.testing.v1 import AppTest

from assistant.answer.deps import Deps
from assistant.answer.ratelimit import allow, retry_after
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `streamlit run` puts the app's folder on sys.path; AppTest does not

from app_pages import common  # noqa: E402
from assistant.insights.auth import hash_password  # noqa: E402

EMERGENCY = "My sciatica is bad and since this morning I can't feel it when I wipe and I can't pee."
TIMEOUT = 30
STAFF_HASH = hash_password("staff password", iterations=1000)


class FakeInsights:
    """Records what the chat would store."""

    def __init__(self) -> None:
        self.turns: list[tuple[str, str, object]] = []
        self.feedback: list[tuple[str, bool, list[str]]] = []

    def log_turn(self, conversation_id: str, question: str, answer: object) -> None:
        self.turns.append((conversation_id, question, answer))

    def record_feedback(self, conversation_id: str, helpful: bool, cited_slugs: list[str]) -> None:
        self.feedback.append((conversation_id, helpful, cited_slugs))


@pytest.fixture(scope="module")
def fake_deps(tmp_path_factory: pytest.TempPathFactory) -> Deps:
    from conftest import make_settings

    # The hashing embedder's similarities run lower than the real model's.
    settings = make_settings(tmp_path_factory.mktemp("app"), relevance_threshold=0.3)
    embedder = HashingEmbedder()
    ingest(settings, embedder)
    return Deps(settings=settings, embedder=embedder, retriever=Retriever(open_store(settings), embedder))


@pytest.fixture
def insights() -> FakeInsights:
    return FakeInsights()


@pytest.fixture
def app(fake_deps: Deps, insights: FakeInsights, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return _app(fake_deps, insights, monkeypatch)


def _app(deps: Deps, insights: FakeInsights, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app with a staff member signed in (the chat preview and the email desk are staff pages)."""
    monkeypatch.setattr(common, "load_deps", lambda: deps)
    monkeypatch.setattr(common, "insights_store", lambda settings: insights)
    return signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT), deps, monkeypatch).run()


def signed_in(at: AppTest, deps: Deps, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A session signed in as staff, as the login leaves it."""
    settings = deps.settings.model_copy(update={"staff_password_hash": SecretStr(STAFF_HASH)})
    monkeypatch.setattr(common, "load_settings", lambda: settings)
    at.session_state["staff"] = {"hash": STAFF_HASH, "seen": time.monotonic()}
    return at


def _plain(markdown: str) -> str:
    """What an escaped Markdown string shows: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _shown(at: AppTest) -> str:
    return "\n".join(_plain(m.value) for m in at.markdown)


def _send(at: AppTest, message: str) -> AppTest:
    at.chat_input[0].set_value(message).run()
    assert not at.exception, at.exception
    return at


def test_the_chat_opens_with_the_notice_and_the_no_model_sign(app: AppTest) -> None:
    assert not app.exception
    notice = app.info[0].value
    assert "not medical advice" in notice and "not stored" in notice
    assert any("without a language model" in c.value for c in app.caption)


def test_the_notice_says_questions_are_kept_when_logging_is_on(
    fake_deps: Deps, insights: FakeInsights, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = fake_deps.settings.model_copy(update={"log_questions": True, "retention_days": 30})
    at = _app(dataclasses.replace(fake_deps, settings=settings), insights, monkeypatch)
    assert "kept for 30 days" in at.info[0].value


def test_a_question_gets_an_answer_with_a_citation_link_a_booking_button_and_thumbs(
    app: AppTest, insights: FakeInsights
) -> None:
    _send(app, "My right hip sits higher than my left and my back aches. Why does one hip sit higher?")
    assert len(app.chat_message) == 2
    shown = "\n".join(m.value for m in app.markdown)
    assert "(<https://posture-studio.example/articles/hip-higher>)" in shown
    assert [b.proto.url for b in app.get("link_button")] == ["https://posture-studio.example/book"]
    assert not app.error
    assert len(insights.turns) == 1 and insights.turns[0][1].startswith("My right hip sits higher")
    # The thumbs go to the store with the cited slugs and the conversation id, never the text.
    app.feedback[0].set_value(1).run()
    conversation = app.session_state.conversation_id
    assert insights.feedback == [(conversation, True, ["hip-higher"])]
    assert not app.feedback and any("Thanks for your feedback" in c.value for c in app.caption)
    app.run()
    assert len(insights.feedback) == 1


def test_an_emergency_shows_the_error_banner_with_the_number_and_no_booking(app: AppTest) -> None:
    _send(app, EMERGENCY)
    assert len(app.error) == 1 and "999" in app.error[0].value
    assert not app.get("link_button")


def test_an_emergency_stays_in_the_conversation(app: AppTest) -> None:
    _send(app, EMERGENCY)
    _send(app, "Anyway, how long should I foam roll for?")
    assert len(app.error) == 2
    assert not app.get("link_button")


def test_html_and_javascript_in_a_message_are_shown_as_text(app: AppTest) -> None:
    attack = "<script>alert('x')</script><img src=x onerror=alert(1)> [click](javascript:alert(2)) $x^2$"
    _send(app, attack)
    assert attack in _shown(app)
    for element in app.markdown:
        assert not element.proto.allow_html
        assert "<script>" not in element.value and "](javascript" not in element.value


def test_the_rate_limit_says_to_wait(fake_deps: Deps, insights: FakeInsights, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = fake_deps.settings.model_copy(update={"rate_limit_per_minute": 2})
    at = _app(dataclasses.replace(fake_deps, settings=settings), insights, monkeypatch)
    _send(at, "How long should I foam roll for?")
    _send(at, "What is sciatica?")
    _send(at, "What happens at a posture assessment?")
    assert any("2 a minute" in w.value for w in at.warning)
    assert len(at.session_state.exchanges) == 2
    assert at.code[0].value == "What happens at a posture assessment?"  # shown back, ready to send again


def test_new_conversation_clears_the_messages_and_the_id(app: AppTest) -> None:
    _send(app, "How long should I foam roll for?")
    before = app.session_state.conversation_id
    next(b for b in app.button if b.label == "New conversation").click().run()
    assert not app.chat_message and app.session_state.exchanges == []
    assert app.session_state.conversation_id != before
    assert "not medical advice" in app.info[0].value


def test_a_package_error_is_shown_and_the_chat_stays_usable(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.answer.turn import ask as real_ask
    from assistant.errors import InputRejected, StoreUnavailable

    def rejected(*args: object, **kwargs: object) -> object:
        raise InputRejected("the message is not text")

    def unreachable(*args: object, **kwargs: object) -> object:
        raise StoreUnavailable("Chroma server at chroma.internal:8000 did not answer after 3 tries")

    monkeypatch.setattr("assistant.answer.turn.ask", rejected)
    _send(app, "How long should I foam roll for?")
    assert "the message is not text" in _plain(app.error[0].value)
    monkeypatch.setattr("assistant.answer.turn.ask", unreachable)
    _send(app, "What is sciatica?")
    assert "can't be reached" in app.error[1].value and "chroma.internal" not in app.error[1].value
    monkeypatch.setattr("assistant.answer.turn.ask", real_ask)
    _send(app, "Why is one of my hips higher than the other?")
    assert app.session_state.exchanges[-1].answer is not None


def test_an_unexpected_error_shows_no_traceback(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("ASSISTANT_LLM_API_KEY=sk-secret")

    monkeypatch.setattr("assistant.answer.turn.ask", broken)
    _send(app, "How long should I foam roll for?")
    assert _plain(app.error[0].value) == common.GENERIC_ERROR
    assert "sk-secret" not in "".join(e.value for e in app.error) and not app.exception
    assert app.chat_input[0]  # still there to try again


class BrokenInsights(FakeInsights):
    def log_turn(self, conversation_id: str, question: str, answer: object) -> None:
        raise OSError("database is locked")

    def record_feedback(self, conversation_id: str, helpful: bool, cited_slugs: list[str]) -> None:
        raise OSError("database is locked")


def test_a_failing_store_gives_a_small_warning_and_the_chat_goes_on(
    fake_deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _app(fake_deps, BrokenInsights(), monkeypatch)
    _send(at, "How long should I foam roll for?")
    assert any("couldn't be saved" in w.value for w in at.warning) and not at.error
    at.feedback[0].set_value(0).run()
    assert any("feedback couldn't be saved" in w.value for w in at.warning)
    _send(at, "What is sciatica?")
    assert len(at.session_state.exchanges) == 2 and all(ex.answer for ex in at.session_state.exchanges)


def test_a_missing_index_names_the_command_that_builds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.config import get_settings

    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("ASSISTANT_COLLECTION", "nothing_here")
    get_settings.cache_clear()
    common._deps.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
        assert not at.exception
        assert "python ingest.py" in at.error[0].value
        assert not at.chat_input
    finally:
        get_settings.cache_clear()
        common._deps.clear()


def test_an_unreachable_store_keeps_the_app_up_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.errors import StoreUnavailable

    def unreachable() -> Deps:
        raise StoreUnavailable("Chroma server at chroma.internal:8000 did not answer after 3 tries")

    monkeypatch.setattr(common, "_deps", unreachable)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "can't be reached" in at.error[0].value and "chroma.internal" not in at.error[0].value
    assert at.button(key="retry-deps")


def test_faq_search_shows_results_with_highlighted_words_and_links(app: AppTest) -> None:
    app.switch_page("app_pages/faq.py").run()
    app.text_input(key="faq_query").set_value("foam roll spine")
    app.button[0].click().run()
    assert not app.exception
    shown = "\n".join(m.value for m in app.markdown)
    assert "[Foam rolling without fear](<https://posture-studio.example/articles/foam-rolling>)" in shown
    assert "**spine**" in shown and "**roll**" in shown


def test_faq_tag_filter_keeps_to_the_topic(app: AppTest) -> None:
    app.switch_page("app_pages/faq.py").run()
    app.text_input(key="faq_query").set_value("hip pain back")
    app.multiselect(key="faq_tags").set_value(["sciatica"])
    app.button[0].click().run()
    results = [m.value for m in app.markdown if m.value.startswith("**[")]
    assert results and all("sciatica-basics" in r for r in results)


def test_faq_browse_by_topic_and_common_questions(app: AppTest) -> None:
    app.switch_page("app_pages/faq.py").run()
    labels = [e.label for e in app.expander]
    assert "Sciatica (1)" in labels and "Hip disparity (1)" in labels
    question = next(b for b in app.button if _plain(b.label) == "What is sciatica?")
    question.click().run()
    assert app.session_state.faq_query == "What is sciatica?"
    assert any("sciatica-basics" in m.value for m in app.markdown if m.value.startswith("**["))


def test_email_desk_drafts_a_pasted_email(app: AppTest) -> None:
    app.switch_page("app_pages/email_desk.py").run()
    email = (ROOT / "tests" / "data" / "emails" / "seed-chiropractor.txt").read_text()
    app.text_area(key="email_pasted").set_value(email)
    app.button[0].click().run()
    assert not app.exception and not app.error
    body = app.text_area(key="email_body").value
    assert body.startswith("Hi Sarah,") and "Warm regards" in body
    shown = _shown(app)
    assert "Intake summary" in shown and "Red-flag screen" in shown and "4 months" in shown
    assert [b.label for b in app.get("download_button")] == ["Download .eml", "Download .txt"]
    # The downloads carry the specialist's edits.
    app.text_area(key="email_body").set_value(body + "\nP.S. Edited.").run()
    assert not app.exception


def test_email_desk_rejects_binary_input_with_a_clear_error(app: AppTest) -> None:
    app.switch_page("app_pages/email_desk.py").run()
    app.text_area(key="email_pasted").set_value("\x00\x01\x02 not an email \x00")
    app.button[0].click().run()
    assert not app.exception
    assert "can't be drafted" in app.error[0].value


def test_embedded_hides_the_navigation(fake_deps: Deps, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "load_deps", lambda: fake_deps)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.context["is_embedded"] = True
    at.run()
    # Signed out, an embedded page is the public FAQ search: no chat, no staff page.
    assert not at.exception and not at.chat_input
    assert [t.label for t in at.text_input] == ["Search the articles"]
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT), fake_deps, monkeypatch)
    at.context["is_embedded"] = True
    at.run()
    assert not at.exception and at.chat_input


@pytest.mark.parametrize(
    ("sent", "now", "per_minute", "allowed"),
    [
        ([], 100.0, 2, True),
        ([90.0], 100.0, 2, True),
        ([90.0, 95.0], 100.0, 2, False),
        ([30.0, 95.0], 100.0, 2, True),  # 70 s ago no longer counts
        ([40.0, 95.0], 100.0, 2, True),  # exactly 60 s ago no longer counts
        ([90.0, 95.0], 100.0, 0, True),  # 0 means no limit
    ],
)
def test_rate_limit_allows(sent: list[float], now: float, per_minute: int, allowed: bool) -> None:
    assert allow(sent, now, per_minute) is allowed


def test_rate_limit_says_how_long_to_wait() -> None:
    assert retry_after([50.0, 70.0, 95.0], 100.0, 2) == pytest.approx(30.0)
    assert retry_after([95.0], 100.0, 2) == 0.0


def test_faq_search_shows_the_direct_answer_above_the_passages(app: AppTest) -> None:
    app.switch_page("app_pages/faq.py").run()
    app.text_input(key="faq_query").set_value("Why is one of my hips higher than the other?")
    app.button[0].click().run()
    shown = [m.value for m in app.markdown]
    answer_at = next(n for n, v in enumerate(shown) if v.startswith("**The studio's answer**"))
    passages_at = next(n for n, v in enumerate(shown) if "passages for" in v)
    assert answer_at < passages_at
    assert any("Usually because muscles on one side" in v for v in shown)


def test_faq_search_for_an_emergency_shows_the_safety_message(app: AppTest) -> None:
    app.switch_page("app_pages/faq.py").run()
    app.text_input(key="faq_query").set_value("numb when I wipe and can't feel when my bladder is full")
    app.button[0].click().run()
    assert app.error and "999" in app.error[0].value
