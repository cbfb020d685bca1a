"""The one staff login through AppTest: wrong password, lockout, session expiry, sign-out, staff URLs signed out."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import bcrypt
import pytest
from pydantic import SecretStr
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_pages import common, staff  # noqa: E402
from assistant.insights.auth import Lockout, hash_password, verify_staff_password  # noqa: E402

PASSWORD = "correct horse battery"
STAFF_PAGES = ("app_pages/chat.py", "app_pages/email_desk.py", "app_pages/insights.py", "app_pages/answers.py")


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from conftest import make_fake_deps

    deps = make_fake_deps(tmp_path, staff_password_hash=hash_password(PASSWORD, iterations=1000),
                          staff_max_failures=3, staff_lockout_minutes=15, staff_session_minutes=30)
    monkeypatch.setattr(common, "load_settings", lambda: deps.settings)
    monkeypatch.setattr(common, "load_deps", lambda: deps)
    monkeypatch.setattr(common, "insights_store", lambda s: None)
    staff._lockout.clear()  # the lockout is per process: start each test with none
    yield deps.settings
    staff._lockout.clear()


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.switch_page("app_pages/staff_login.py").run()
    at.text_input[0].input(password)
    next(b for b in at.button if b.label == "Open the staff pages").click().run()
    assert not at.exception, at.exception
    return at


def _registered(at: AppTest, page: str) -> bool:
    try:
        at.switch_page(page)
    except ValueError:
        return False
    return True


def _text(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("error", "warning", "success", "info", "markdown") for e in at.get(kind))


def test_signed_out_only_the_faq_and_the_login_exist(settings) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Search the articles"]  # the FAQ is the start page
    for page in STAFF_PAGES:
        assert not _registered(at, page), page
    assert _registered(at, "app_pages/staff_login.py")


def test_a_staff_page_opened_directly_while_signed_out_shows_only_the_login(settings) -> None:  # type: ignore[no-untyped-def]
    for page, content in (("email_desk.py", "Paste the email"), ("insights.py", "Questions per week"),
                          ("answers.py", "Question")):
        at = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=30).run()
        assert not at.exception
        assert [t.label for t in at.text_input] == ["Password"], page
        assert not at.text_area and not at.selectbox and content not in _text(at)


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_staff_pages(settings) -> None:  # type: ignore[no-untyped-def]
    at = _sign_in(_app(), "guess")
    assert "not right" in _text(at) and "2 more tries" in _text(at)
    assert not _registered(at, "app_pages/email_desk.py")
    at = _sign_in(at, PASSWORD)
    for page in STAFF_PAGES:
        assert _registered(at, page), page
    at.switch_page("app_pages/email_desk.py").run()
    assert not at.exception and at.text_area(key="email_pasted")
    assert not any(t.label == "Password" for t in at.text_input)  # one login for every staff page
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert not _registered(at, "app_pages/email_desk.py")


def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(settings) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    for n in range(3):
        at = _sign_in(at, f"guess {n}")
    assert "locked for 15 minutes" in _text(at)
    at.run()
    assert "Too many wrong passwords" in _text(at) and not at.text_input  # no form to try again
    fresh = _app()  # a new session (a new tab) is locked too
    fresh.switch_page("app_pages/staff_login.py").run()
    assert "Too many wrong passwords" in _text(fresh) and not fresh.text_input


def test_an_idle_session_expires(settings) -> None:  # type: ignore[no-untyped-def]
    at = _sign_in(_app(), PASSWORD)
    assert _registered(at, "app_pages/insights.py")
    at.session_state["staff"] = {**at.session_state["staff"], "seen": time.monotonic() - 31 * 60}
    at.switch_page("app_pages/faq.py").run()
    assert not _registered(at, "app_pages/insights.py")
    at.switch_page("app_pages/staff_login.py").run()
    assert "signed out after 30 minutes without activity" in _text(at)


def test_a_new_password_signs_everyone_out(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    at = _sign_in(_app(), PASSWORD)
    changed = settings.model_copy(update={"staff_password_hash": SecretStr(hash_password("new one", iterations=1000))})
    monkeypatch.setattr(common, "load_settings", lambda: changed)
    at.run()
    assert not _registered(at, "app_pages/email_desk.py")


def test_the_lockout_counts_per_client_and_ends() -> None:
    clock = [1000.0]
    lockout = Lockout(3, 60.0, now=lambda: clock[0])
    assert [lockout.failed("a"), lockout.failed("a")] == [2, 1]
    assert lockout.seconds_left("a") == 0
    lockout.failed("a")
    assert lockout.seconds_left("a") == 60.0 and lockout.seconds_left("b") == 0
    clock[0] += 61
    assert lockout.seconds_left("a") == 0 and lockout.failed("a") == 2  # a fresh count after the lock
    lockout.succeeded("a")
    assert lockout.failed("a") == 2


def test_a_bcrypt_hash_works_as_the_staff_password() -> None:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    assert verify_staff_password(PASSWORD, hashed)
    assert not verify_staff_password("guess", hashed) and not verify_staff_password("", hashed)
    assert not verify_staff_password(PASSWORD, "$2b$broken")
    assert verify_staff_password(PASSWORD, hash_password(PASSWORD, iterations=1000))
