"""Chunker: headings stay with their text, chunks fit the model, ids are stable."""

from __future__ import annotations

from assistant.index.articles import Article
from assistant.index.chunking import TARGET_PIECES, chunk_article, count_pieces


def _article(body: str) -> Article:
    return Article(slug="demo", title="Demo", url="https://x/demo", body=body)


def test_each_section_keeps_its_heading() -> None:
    body = "Intro line.\n\n## First part\n\nAlpha text.\n\n## Second part\n\nBeta text.\n\n### Detail\n\nGamma."
    chunks = chunk_article(_article(body))
    by_text = {c.text: c.section for c in chunks}
    assert by_text == {"Intro line.": "", "Alpha text.": "First part", "Beta text.": "Second part",
                       "Gamma.": "Second part / Detail"}
    for c in chunks:
        if c.section:
            assert c.embed_text.startswith(f"Demo — {c.section}\n")


def test_long_section_splits_under_the_budget_and_repeats_heading() -> None:
    sentence = "The pelvis moves where the muscles around it pull it over many months. "
    body = "## Long section\n\n" + sentence * 60
    chunks = chunk_article(_article(body))
    assert len(chunks) > 3
    for c in chunks:
        assert count_pieces(c.text) <= TARGET_PIECES
        assert c.section == "Long section"


def test_a_giant_word_is_still_split() -> None:
    chunks = chunk_article(_article("## Odd\n\n" + "x" * 5000))
    assert chunks and all(count_pieces(c.embed_text) <= 254 for c in chunks)


def test_chunks_fit_the_models_256_word_pieces(real_embedder) -> None:  # type: ignore[no-untyped-def]
    sentence = "Sacroiliac dysfunction, hypermobility and piriformis-related radiculopathy differ. "
    chunks = chunk_article(_article("## Section with long words\n\n" + sentence * 80))
    tokenizer = real_embedder._load().tokenizer
    for c in chunks:
        assert len(tokenizer(c.embed_text)["input_ids"]) <= 256


def test_ids_change_with_the_article_version_and_not_otherwise() -> None:
    a = chunk_article(_article("## A\n\nSame text."))
    b = chunk_article(_article("## A\n\nSame text."))
    c = chunk_article(_article("## A\n\nEdited text."))
    assert [x.id for x in a] == [x.id for x in b]
    assert a[0].id != c[0].id
    assert a[0].id.startswith("demo:")
    assert a[0].content_hash == b[0].content_hash != c[0].content_hash
