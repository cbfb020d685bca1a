"""The widget in a real browser, across origins: a static page on one loopback port embeds widget.js from the real
API on another, and headless Debian Chromium drives it. Screenshots go to screenshots/ (git-ignored)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_server import build_index, free_port, running_api, server_env

pytestmark = [pytest.mark.browser, pytest.mark.real_model]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
STEP_TIMEOUT_MS = 60_000
HIP = "My right hip sits higher than my left and my back aches. Why does one hip sit higher?"
EMERGENCY = "My sciatica is bad and since this morning I can't feel it when I wipe and I can't pee."
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>A studio's own site</title></head>
<body style="font-family: serif; color: #f00"><h1>Welcome to the studio</h1><p>Our articles.</p>
<script src="{api}/widget.js" data-studio="Test Posture Studio"></script></body></html>"""


def _unavailable(reason: str) -> None:
    """Skip on a developer machine; in CI the browser test must run, so fail instead."""
    import os

    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test: `make test` installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(site, api): the studio's static page on one port and the real API on another, allowed for that page only."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    tmp = tmp_path_factory.mktemp("widget")
    site_port = free_port()
    site_origin = f"http://127.0.0.1:{site_port}"
    env = server_env(tmp, allowed_origins=site_origin, rate_limit_per_minute="60")
    build_index(env)
    log = tmp / "api.log"
    with running_api(env, log) as api:
        docs = tmp / "site"
        docs.mkdir()
        (docs / "index.html").write_text(PAGE.format(api=api))
        handler = functools.partial(_Quiet, directory=str(docs))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield site_origin, api
        finally:
            httpd.shutdown()
            httpd.server_close()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser(site: tuple[str, str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                      timeout=STEP_TIMEOUT_MS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context (its own sessionStorage) and tab; a script dialog or a page error fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert not problems, problems


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _open(page: Any, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_role("button", name="Chat with Test Posture Studio").click()
    expect(page.get_by_role("dialog", name="Test Posture Studio assistant")).to_be_visible()


def _send(page: Any, text: str) -> None:
    box = page.get_by_label("Your question")
    box.fill(text)
    box.press("Enter")


def _answers(page: Any) -> Any:
    return page.locator(".pa-assistant:not(.pa-greeting):not(.pa-inflight)")


def test_a_question_streams_an_answer_with_clickable_citations(site: tuple[str, str], page: Any) -> None:
    from playwright.sync_api import expect

    origin, api = site
    _open(page, origin)
    expect(page.get_by_text("Why does one hip sit higher than the other?")).to_be_visible()  # a suggestion
    _send(page, HIP)
    answer = _answers(page).last
    cite = answer.get_by_role("link", name="Source 1: When one hip sits higher")
    expect(cite).to_be_visible(timeout=30_000)
    assert cite.get_attribute("href").endswith("/articles/hip-higher")
    assert cite.get_attribute("target") == "_blank"
    expect(answer.get_by_role("link", name="When one hip sits higher").first).to_be_visible()
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_be_visible()
    book = answer.get_by_role("link", name="Book a posture assessment")
    expect(book).to_be_visible()
    assert book.get_attribute("href") == "https://posture-studio.example/book"
    # The view shows the START of the answer, not its end.
    top = page.evaluate("""() => { const r = document.querySelector('#posture-assistant-widget').shadowRoot;
        const log = r.querySelector('.pa-log'); const a = [...r.querySelectorAll('.pa-assistant')].pop();
        return a.offsetTop - log.scrollTop; }""")
    at_end = page.evaluate("""() => { const log = document.querySelector('#posture-assistant-widget')
        .shadowRoot.querySelector('.pa-log'); return log.scrollTop >= log.scrollHeight - log.clientHeight - 1; }""")
    assert 0 <= top <= 40 or (top >= 0 and at_end), top  # a short answer can't scroll further up
    _shot(page, "widget-answer")
    # The click opens the article in a new tab; the studio's site is answered here, so nothing leaves loopback.
    page.context.route("https://posture-studio.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<h1>When one hip sits higher</h1>"))
    with page.expect_popup() as popup:
        cite.click()
    popup.value.wait_for_load_state()
    assert popup.value.url == "https://posture-studio.example/articles/hip-higher"


def test_an_emergency_shows_the_banner_with_tel_links_and_no_booking(site: tuple[str, str], page: Any) -> None:
    from playwright.sync_api import expect

    origin, _ = site
    _open(page, origin)
    _send(page, EMERGENCY)
    banner = page.get_by_role("alert")
    expect(banner).to_be_visible(timeout=30_000)
    expect(banner).to_contain_text("999")
    assert banner.locator('a[href="tel:999"]').count() >= 1
    expect(_answers(page).last.locator(".pa-tools")).to_be_attached()  # the answer is complete
    expect(page.get_by_role("link", name="Book a posture assessment")).to_have_count(0)
    expect(page.get_by_role("button", name="Leave your email for Deb")).to_have_count(0)
    _shot(page, "widget-emergency")


def test_a_reload_keeps_the_conversation_and_queued_messages_are_all_answered(site: tuple[str, str],
                                                                              page: Any) -> None:
    from playwright.sync_api import expect

    origin, _ = site
    _open(page, origin)
    questions = ["How long should I foam roll?", "Why does one hip sit higher?", "Is sitting bad for sciatica?"]
    for q in questions:  # sent faster than they are answered: queued, never dropped
        _send(page, q)
    expect(_answers(page)).to_have_count(3, timeout=60_000)
    expect(page.locator(".pa-user")).to_have_count(3)
    number = page.locator(".pa-id").text_content()
    assert number and "Your data: conversation number" in number
    page.reload()
    expect(page.get_by_role("dialog", name="Test Posture Studio assistant")).to_be_visible()  # still open
    for q in questions:
        expect(page.locator(".pa-user", has_text=q)).to_have_count(1)
    expect(_answers(page)).to_have_count(3)
    assert page.locator(".pa-id").text_content() == number
    _send(page, "And how often should I do it?")
    expect(_answers(page)).to_have_count(4, timeout=30_000)
    assert page.locator(".pa-id").text_content() == number  # the same conversation on the server


def test_a_phone_gets_the_chat_full_screen(site: tuple[str, str], browser: Any) -> None:
    from playwright.sync_api import expect

    origin, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        _open(page, origin)
        box = page.get_by_role("dialog").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 390, "height": 844}, box
        _send(page, "How long should I foam roll?")
        expect(_answers(page)).to_have_count(1, timeout=30_000)
        _shot(page, "widget-phone")
    finally:
        context.close()


def test_keyboard_only_with_answers_announced(site: tuple[str, str], page: Any) -> None:
    from playwright.sync_api import expect

    origin, _ = site
    page.goto(origin)
    launcher = page.get_by_role("button", name="Chat with Test Posture Studio")
    expect(launcher).to_be_visible()
    for _ in range(10):  # Tab from the top of the page to the launcher
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id === 'posture-assistant-widget'"):
            break
    page.keyboard.press("Enter")
    box = page.get_by_label("Your question")
    expect(box).to_be_focused()
    page.keyboard.type("How long should I foam roll?")
    page.keyboard.press("Enter")
    live = page.locator(".pa-panel > .pa-sr[aria-live=assertive]")
    expect(live).to_contain_text("New answer:", timeout=30_000)
    assert page.locator(".pa-log").get_attribute("aria-live") == "polite"
    # Tab moves on to the answer's links and buttons; Escape closes and gives focus back to the launcher.
    cite = _answers(page).last.locator(".pa-cite").first
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if cite.evaluate("e => e.getRootNode().activeElement === e"):
            break
    assert cite.evaluate("e => e.getRootNode().activeElement === e")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
    # No icon name is read aloud: every icon is hidden from assistive technology.
    assert page.locator("svg:not([aria-hidden=true])").count() == 0
    _shot(page, "widget-closed")


def test_the_demo_page_embeds_the_widget(site: tuple[str, str], page: Any) -> None:
    from playwright.sync_api import expect

    _, api = site
    page.goto(f"{api}/demo")
    expect(page.get_by_role("heading", name="Stand taller, move easier")).to_be_visible()
    page.get_by_role("button", name="Chat with The Posture Studio").click()  # the studio name from settings
    _send(page, "Why does one hip sit higher?")
    expect(_answers(page).last.locator(".pa-cite").first).to_be_visible(timeout=30_000)
    _shot(page, "widget-demo")


def test_a_page_on_an_unlisted_site_gets_no_widget(site: tuple[str, str], page: Any, tmp_path: Path) -> None:
    _, api = site
    port = free_port()
    (tmp_path / "index.html").write_text(PAGE.format(api=api))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_timeout(1500)
        assert page.locator("#posture-assistant-widget").count() == 0
    finally:
        httpd.shutdown()
        httpd.server_close()
    shutil.rmtree(tmp_path, ignore_errors=True)


CONTRAST = """() => {
  const root = document.querySelector('#posture-assistant-widget').shadowRoot;
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const v = c.slice(0, 3).map(x => {
                       x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = el => { for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c; }
    return [255, 255, 255]; };
  const low = [];
  for (const el of root.querySelectorAll('*')) {
    if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
    if (!text || el.closest('.pa-sr')) continue;
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) low.push(text.slice(0, 40) + ' ' + ratio.toFixed(2));
  }
  return low;
}"""


def test_thumbs_handoff_and_contrast(site: tuple[str, str], page: Any) -> None:
    from playwright.sync_api import expect

    origin, _ = site
    _open(page, origin)
    _send(page, HIP)
    answer = _answers(page).last
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_be_visible(timeout=30_000)
    answer.get_by_role("button", name="Helpful", exact=True).click()
    expect(answer.get_by_text("Thanks for your feedback.")).to_be_visible()
    answer.get_by_role("button", name="Leave your email for Deb").click()
    answer.get_by_label("Your email").fill("not an email")
    answer.get_by_role("button", name="Send to the studio").click()
    expect(answer.get_by_label("Your email")).to_be_visible()  # the browser's own check keeps the form
    answer.get_by_label("Your email").fill("sam@example.com")
    assert "hip" in answer.get_by_label("What should Deb know?").input_value()  # their question, editable
    answer.get_by_role("button", name="Send to the studio").click()
    expect(answer.get_by_text("Deb will email you at sam@example.com")).to_be_visible()
    page.get_by_label("Your question").fill("x" * 7000)  # the counter shows near the limit
    expect(page.get_by_text("7,000 / 8,000 characters")).to_be_visible()
    _shot(page, "widget-handoff")
    assert page.evaluate(CONTRAST) == []
