"""Every shipped article in knowledge/ is well formed (format rules in knowledge/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from assistant.index.articles import load_library
from assistant.index.chunking import chunk_article
from assistant.index.topics import TOPICS

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
FILES = sorted(p for p in KNOWLEDGE.glob("*.md") if p.name != "README.md")
PLACEHOLDERS = {"studio_name", "site_url", "booking_url", "studio_phone", "studio_email"}
REQUIRED = {"title", "slug", "url", "tags", "summary", "published", "faq"}


def test_there_are_at_least_25_articles_and_they_all_load() -> None:
    library = load_library(KNOWLEDGE, {})
    assert library.problems == []
    assert len(library.articles) >= 25
    slugs = [a.slug for a in library.articles]
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_article_is_well_formed(path: Path) -> None:
    post = frontmatter.load(path)
    meta = post.metadata
    assert set(meta) >= REQUIRED, f"missing {REQUIRED - set(meta)}"
    assert meta["slug"] == path.stem
    assert meta["url"] == "{site_url}/articles/" + path.stem
    assert meta["tags"] and set(meta["tags"]) <= set(TOPICS), f"unknown tags {set(meta['tags']) - set(TOPICS)}"
    summary = str(meta["summary"]).strip()
    assert summary and len(re.findall(r"[.!?](\s|$)", summary)) <= 2
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["published"]))
    assert 3 <= len(meta["faq"]) <= 8 and all(str(q).strip().endswith("?") for q in meta["faq"])
    words = len(re.sub(r"^#+ .*$", "", post.content, flags=re.M).split())
    assert 500 <= words <= 1000, f"{words} words"
    sections = re.split(r"^#{2,3} .*$", post.content, flags=re.M)
    assert all(s.strip() for s in sections[1:]), "a heading with no text under it"
    assert set(re.findall(r"\{(\w+)\}", post.content + str(meta))) <= PLACEHOLDERS
    assert "{" not in re.sub(r"\{(" + "|".join(PLACEHOLDERS) + r")\}", "", post.content)


def test_every_topic_has_an_article() -> None:
    library = load_library(KNOWLEDGE, {})
    used = {t for a in library.articles for t in a.tags}
    assert used == set(TOPICS)


def test_articles_chunk_cleanly() -> None:
    for article in load_library(KNOWLEDGE, {}).articles:
        chunks = chunk_article(article)
        assert 3 <= len(chunks) <= 20, article.slug
