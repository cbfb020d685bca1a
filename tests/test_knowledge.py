"""Loader: Markdown with front matter, .txt and .html; malformed files skipped with a warning."""

from __future__ import annotations

import logging
from pathlib import Path

from conftest import FIXTURE_KNOWLEDGE

from assistant.index.articles import load_library

FIELDS = {"site_url": "https://studio.test", "booking_url": "https://studio.test/book", "studio_phone": "0100"}


def test_loads_all_kinds_and_skips_readme() -> None:
    library = load_library(FIXTURE_KNOWLEDGE, FIELDS)
    slugs = sorted(a.slug for a in library.articles)
    assert slugs == ["assessment", "booking", "desk-sitting", "foam-rolling", "hip-higher", "sciatica-basics"]
    assert library.problems == []


def test_markdown_front_matter_fields_and_placeholders() -> None:
    hip = {a.slug: a for a in load_library(FIXTURE_KNOWLEDGE, FIELDS).articles}["hip-higher"]
    assert hip.title == "When one hip sits higher"
    assert hip.url == "https://studio.test/articles/hip-higher"
    assert hip.tags == ("hip-disparity", "pelvic-tilt")
    assert hip.published == "2026-01-10"
    assert hip.faq[0].endswith("?")
    assert "## What a raised hip looks like" in hip.body


def test_html_keeps_headings_and_drops_scripts() -> None:
    booking = {a.slug: a for a in load_library(FIXTURE_KNOWLEDGE, FIELDS).articles}["booking"]
    assert booking.title == "Booking a posture assessment"
    assert "## What to wear" in booking.body
    assert "alert" not in booking.body
    assert "https://studio.test/book" in booking.body


def test_txt_first_line_is_title() -> None:
    desk = {a.slug: a for a in load_library(FIXTURE_KNOWLEDGE, FIELDS).articles}["desk-sitting"]
    assert desk.title == "Sitting at a desk all day"
    assert desk.body.startswith("Set the chair")


def test_malformed_files_are_skipped_with_a_warning_naming_them(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\nBody text here.\n")
    (tmp_path / "no-front.md").write_text("Just text, no front matter.\n")
    (tmp_path / "bad-yaml.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    (tmp_path / "no-title.md").write_text("---\nslug: no-title\n---\nBody\n")
    (tmp_path / "empty-body.md").write_text("---\ntitle: Empty\n---\n\n")
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe\x00\x01garbage")
    (tmp_path / "bad-slug.md").write_text("---\ntitle: X\nslug: Not A Slug\n---\nBody\n")
    (tmp_path / "zz-dupe.md").write_text("---\ntitle: Dupe\nslug: good\n---\nBody\n")
    with caplog.at_level(logging.WARNING):
        library = load_library(tmp_path, {})
    assert [a.slug for a in library.articles] == ["good"]
    reasons = {Path(p.path).name: p.reason for p in library.problems}
    assert set(reasons) == {"no-front.md", "bad-yaml.md", "no-title.md", "empty-body.md", "binary.md",
                            "bad-slug.md", "zz-dupe.md"}
    assert "front matter" in reasons["no-front.md"]
    assert "YAML" in reasons["bad-yaml.md"]
    assert "title" in reasons["no-title.md"]
    assert "UTF-8" in reasons["binary.md"]
    assert "duplicate slug" in reasons["zz-dupe.md"]
    assert "empty" in reasons["empty-body.md"]
    for name in reasons:
        assert name in caplog.text
