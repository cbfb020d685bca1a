"""The real app in a real browser: `streamlit run app.py` on a loopback port, driven by headless Chromium.

The app runs against a small index built here from tests/fixtures/knowledge with the real
embedding model. Chromium is Debian's (/usr/bin/chromium, installed by `make test`); Playwright
never downloads a browser. Screenshots of each page go to screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "screenshots"
FIXTURE_KNOWLEDGE = ROOT / "tests" / "fixtures" / "knowledge"
# Flags these machines need: no sandbox (containers), no GPU, and no background traffic.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
START_TIMEOUT_S = 90
STEP_TIMEOUT_MS = 60_000
STAFF_PASSWORD = "staff password for the browser test"
STAFF_HASH = "pbkdf2_sha256$1000$browsertest$" + __import__("hashlib").pbkdf2_hmac(
    "sha256", STAFF_PASSWORD.encode(), b"browsertest", 1000).hex()
EMERGENCY = "My sciatica is bad and since this morning I can't feel it when I wipe and I can't pee."


def _unavailable(reason: str) -> None:
    """Skip on a developer machine; in CI the browser test must run, so fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test: `make test` installs it)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k not in
           ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")}
    env.update(ASSISTANT_DATA_DIR=str(tmp / "data"), ASSISTANT_KNOWLEDGE_DIR=str(FIXTURE_KNOWLEDGE),
               ASSISTANT_COLLECTION="browser_articles", ASSISTANT_LLM="none", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1", ASSISTANT_STAFF_PASSWORD_HASH=STAFF_HASH)
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, against a fresh test index; always stopped afterwards."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    tmp = tmp_path_factory.mktemp("browser")
    env = _env(tmp)
    built = subprocess.run([sys.executable, "ingest.py", "--source", str(FIXTURE_KNOWLEDGE), "--quiet"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    port = _free_port()
    log_path = tmp / "streamlit.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start in {START_TIMEOUT_S} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield base
        log_text = log_path.read_text()
        assert "Traceback" not in log_text, log_text[-3000:]
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def browser_context(server: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, timeout=STEP_TIMEOUT_MS,
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):  # type: ignore[no-untyped-def]
    """A new tab (a new Streamlit session); a script dialog such as alert() fails the test."""
    tab = browser_context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield tab
    tab.close()
    assert not dialogs, f"the page ran a script: {dialogs}"


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Screenshot the whole page: Streamlit scrolls inside its own container, so grow the window to fit."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)  # let the last delta paint
    size = page.viewport_size
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
                           "[data-testid=\"stAppViewContainer\"]')].map(e => e.scrollHeight), 0)")
    page.set_viewport_size({"width": size["width"], "height": min(max(int(height), size["height"]), 4000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def _sign_in(page, server: str, then: str = "Chat preview") -> None:  # type: ignore[no-untyped-def]
    """Sign in as staff on /staff, then open a staff page from the sidebar (a new URL would be a new session)."""
    from playwright.sync_api import expect

    page.goto(f"{server}/staff")
    page.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Open the staff pages").click()
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=then)
    expect(link).to_be_visible()
    link.click()


def _send(page, message: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_placeholder("Ask about posture, back pain or sciatica")
    box.click()
    box.fill(message)
    box.press("Enter")  # the keyboard alone sends a message


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run is over (Streamlit shows a status widget while it runs)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=STEP_TIMEOUT_MS)


def test_a_question_gets_an_answer_with_a_citation_link(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _sign_in(page, server)
    expect(page.get_by_text("not medical advice")).to_be_visible()
    _send(page, "My right hip sits higher than my left and my back aches. Why does one hip sit higher?")
    link = page.get_by_role("link", name="When one hip sits higher")
    expect(link).to_be_visible(timeout=20_000)  # the first answer loads the model
    assert link.first.get_attribute("href").endswith("/articles/hip-higher")
    expect(page.get_by_role("link", name="Book a posture assessment")).to_be_visible()
    expect(page.get_by_text("Running without a language model")).to_be_visible()
    _idle(page)
    _shot(page, "chat")


def test_an_emergency_shows_the_banner_and_no_booking_button(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _sign_in(page, server)
    _send(page, EMERGENCY)
    banner = page.locator('[data-testid="stAlertContentError"]')
    expect(banner).to_be_visible(timeout=20_000)
    expect(banner).to_contain_text("999")
    _idle(page)
    expect(page.get_by_role("link", name="Book a posture assessment")).to_have_count(0)
    _shot(page, "chat-emergency")


def test_html_in_a_message_is_shown_as_text(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _sign_in(page, server)
    attack = "<img src=x onerror=alert(1)> <b>bold?</b> how long should I foam roll?"
    _send(page, attack)
    expect(page.get_by_text(attack)).to_be_visible()
    _idle(page)
    assert page.locator('[data-testid="stChatMessage"] img[src="x"]').count() == 0


def test_faq_search(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(server)  # the FAQ search is the start page for visitors
    page.get_by_label("Search the articles").fill("how long should I foam roll")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_role("link", name="Foam rolling without fear").first
    expect(result).to_be_visible()
    expect(page.locator("strong", has_text="roll").first).to_be_visible()  # the query's words in bold
    _idle(page)
    _shot(page, "faq")


def test_email_desk_drafts_a_reply(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _sign_in(page, server, "Email desk")
    email = (ROOT / "tests" / "data" / "emails" / "seed-chiropractor.txt").read_text()
    page.get_by_label("Paste the email").fill(email)
    page.get_by_role("button", name="Draft a reply").click()
    draft = page.get_by_label("Draft reply (edit before sending)")
    expect(draft).to_be_visible()
    expect(draft).to_have_value(_starts_with("Hi Sarah,"))
    expect(page.get_by_text("Intake summary")).to_be_visible()
    expect(page.get_by_role("button", name="Download .eml")).to_be_visible()
    _idle(page)
    _shot(page, "email-desk")


def test_staff_pages_do_not_open_by_url_while_signed_out(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    for path in ("email_desk?embed=true", "email_desk", "insights", "answers", "chat?embed=true"):
        page.goto(f"{server}/{path}")
        expect(page.get_by_label("Search the articles")).to_be_visible()  # the public FAQ search instead
        _idle(page)
        expect(page.get_by_label("Paste the email")).to_have_count(0)
        expect(page.get_by_placeholder("Ask about posture, back pain or sciatica")).to_have_count(0)
        expect(page.get_by_text("Questions per week")).to_have_count(0)
    _shot(page, "staff-url-signed-out")


def test_the_staff_login_opens_the_staff_pages_and_signs_out(server: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(f"{server}/staff")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Open the staff pages").click()
    expect(page.get_by_text("That password is not right.")).to_be_visible()
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_role("link", name="Email desk")).to_have_count(0)
    _shot(page, "staff-login-refused")
    _sign_in(page, server, "Insights")
    expect(page.get_by_role("heading", name="Insights")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(nav.get_by_role("link", name="Email desk")).to_have_count(0)
    expect(nav.get_by_role("link", name="Staff sign-in")).to_be_visible()


def _starts_with(prefix: str):  # type: ignore[no-untyped-def]
    import re

    return re.compile("^" + re.escape(prefix))
