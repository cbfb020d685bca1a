"""Bounded inputs: huge emails, deep HTML, oversized articles and links out of knowledge/ are refused or trimmed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from conftest import make_fake_deps
from fakes import HashingEmbedder

from assistant.answer.turn import ask
from assistant.email import draft_email, parse_email
from assistant.email.parse import MAX_LINES
from assistant.index.articles import load_library
from assistant.index.ingest import ingest
from assistant.index.store import open_store
from assistant.inputs import html_depth

# The fault probe's email: 100,000 short lines (about 100 KB) froze every visitor for minutes.
HUGE_EMAIL = "Hi Deb,\n" + "my back hurts when I sit\n" * 100_000 + "Thanks,\nAnn"


def test_a_100000_line_email_is_drafted_quickly_while_a_chat_still_answers(tmp_path: Path) -> None:
    deps = make_fake_deps(tmp_path)
    chat: dict[str, float] = {}

    def visitor() -> None:
        started = time.monotonic()
        answer = ask("How long should I foam roll for?", deps)
        chat["seconds"] = time.monotonic() - started
        chat["kind"] = answer.kind  # type: ignore[assignment]

    started = time.monotonic()
    thread = threading.Thread(target=visitor)
    thread.start()
    draft = draft_email(HUGE_EMAIL, deps)
    took = time.monotonic() - started
    thread.join(30)
    # The bound: answered or refused within 5 s (it took minutes before), with another visitor served.
    assert took < 5, f"the huge email took {took:.1f} s"
    assert "seconds" in chat and chat["kind"] != "declined"
    assert draft.body


def test_a_long_paste_is_read_from_its_start_and_says_so() -> None:
    parsed = parse_email(HUGE_EMAIL)
    assert parsed.truncated and parsed.body.startswith("Hi Deb")
    assert parsed.body.count("\n") < MAX_LINES
    short = parse_email("Hi Deb, my back hurts. Can you help?\n\nThanks,\nAnn")
    assert not short.truncated


def test_deep_html_is_skipped_with_a_reason_and_fast(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "deep.html").write_text("<html><title>Deep</title><body>" + "<div>" * 50_000 + "hips"
                                      + "</div>" * 50_000 + "</body></html>")
    (folder / "fine.html").write_text("<html><title>Fine</title><body><h1>Fine</h1><p>Hips and posture.</p>"
                                      "<ul><li>one<li>two</ul><br><img src=x></body></html>")
    started = time.monotonic()
    library = load_library(folder)
    assert time.monotonic() - started < 5
    assert [a.title for a in library.articles] == ["Fine"]
    assert "nests 50002 levels deep" in str(library.problems[0])
    assert html_depth("<p>a<p>b<br><div><span>x</span></div>") == 2


def test_an_oversized_article_is_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "big.md").write_text("---\ntitle: Big\n---\n" + "word " * 500_000)
    (folder / "small.md").write_text("---\ntitle: Small\n---\nHips.\n")
    library = load_library(folder, max_bytes=1_000_000)
    assert [a.title for a in library.articles] == ["Small"]
    assert "an article can be at most 1,000,000 bytes" in str(library.problems[0])


def test_links_out_of_the_knowledge_folder_are_not_followed(tmp_path: Path) -> None:
    from conftest import make_settings

    settings = make_settings(tmp_path)
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("---\ntitle: Private notes\n---\nThe zebrapassword is kept here.\n")
    (settings.knowledge_dir / "linked.md").symlink_to(secret)
    (settings.knowledge_dir / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    inside = settings.knowledge_dir / "sub"
    inside.mkdir()
    (inside / "alias.md").symlink_to(settings.knowledge_dir / "foam-rolling.md")
    report = ingest(settings, HashingEmbedder())
    store = open_store(settings)
    documents = " ".join(store.chunks.get(include=["documents"])["documents"])
    assert "zebrapassword" not in documents
    assert any("outside the knowledge folder" in str(p) for p in report.problems)


def test_a_deeply_nested_html_email_is_read_as_text_quickly() -> None:
    html = "<html><body>" + "<div>" * 50_000 + "My back hurts when I sit. Can you help?" + "</div>" * 50_000
    message = ("From: Ann <ann@example.com>\nSubject: Back\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8"
               "\n\n" + html + "</body></html>")
    started = time.monotonic()
    parsed = parse_email(message)
    assert time.monotonic() - started < 5
    assert "My back hurts when I sit" in parsed.body
