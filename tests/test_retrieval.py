"""Hybrid search: the right article first, diversified results, and the real model on paraphrases."""

from __future__ import annotations

import pytest
from fakes import HashingEmbedder

from assistant.config import Settings
from assistant.index.ingest import ingest
from assistant.index.retrieval import Passage, Retriever, diversify
from assistant.index.store import open_store


@pytest.fixture
def retriever(settings: Settings, embedder: HashingEmbedder) -> Retriever:
    ingest(settings, embedder)
    return Retriever(open_store(settings), embedder)


def test_shared_words_retrieve_the_hip_article_first(retriever: Retriever) -> None:
    results = retriever.search("one hip sits higher than the other", k=3)
    assert results[0].slug == "hip-higher"
    assert results[0].url.endswith("/articles/hip-higher")
    assert results[0].section in {"What a raised hip looks like", "Why the pelvis tilts sideways", ""}


def test_passages_carry_title_url_section_text_and_score(retriever: Retriever) -> None:
    p = retriever.search("foam roller pressure", k=1)[0]
    assert set(p.to_dict()) == {"slug", "title", "url", "section", "text", "score"}
    assert p.title == "Foam rolling without fear" and p.text and p.score > 0


def test_no_article_fills_the_list_when_others_exist(retriever: Retriever) -> None:
    results = retriever.search("hip pelvis muscles sciatic nerve foam desk", k=5)
    slugs = [p.slug for p in results]
    assert max(slugs.count(s) for s in set(slugs)) <= 2


def test_tag_filter(retriever: Retriever) -> None:
    results = retriever.search("hip", k=5, tags=("sciatica",))
    assert results and {p.slug for p in results} == {"sciatica-basics"}


def test_empty_query_returns_nothing(retriever: Retriever) -> None:
    assert retriever.search("   ") == []


def test_diversify_keeps_order_and_caps_per_article() -> None:
    def p(slug: str, score: float) -> Passage:
        return Passage(slug, slug, "u", "", "t", score, 0.5)

    got = diversify([p("a", 5), p("a", 4), p("a", 3), p("b", 2), p("c", 1)], k=4)
    assert [x.slug for x in got] == ["a", "a", "b", "c"]
    got = diversify([p("a", 5), p("a", 4), p("a", 3)], k=3)
    assert [x.slug for x in got] == ["a", "a", "a"]


@pytest.mark.real_model
@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("my pelvis is lopsided and my belt sits crooked", "hip-higher"),
        ("shooting pain from my buttock down the back of my thigh", "sciatica-basics"),
        ("how many seconds should I stay on a sore spot with the roller", "foam-rolling"),
        ("what should I put on for my appointment", "booking"),
        ("I work at a computer all day, how should my chair be", "desk-sitting"),
    ],
)
def test_real_model_ranks_paraphrases(real_index: Settings, real_embedder, query: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    retriever = Retriever(open_store(real_index), real_embedder)
    assert retriever.search(query, k=3)[0].slug == slug


def test_sentences_by_id_match_the_metadata_filter(retriever: Retriever) -> None:
    from assistant.index.retrieval import sentences_of

    ids = retriever.ids[:3]
    by_id = retriever.sentences_for(ids)
    by_filter = sentences_of(retriever.store, ids)
    assert all("sentences" in retriever.metas[retriever.index_of[i]] for i in ids)
    assert [(s.chunk_id, s.position, s.text) for s in by_id] == [(s.chunk_id, s.position, s.text) for s in by_filter]
    assert by_id
