"""Answer quality on the fixture blog with the real model: answers quote the post's own words, never the reader's email.

One index, built once for the module from the blog served on 127.0.0.1 (no knowledge/ articles, so
every answer must come from the posts). Each question's gold passage is in one post.
"""

from __future__ import annotations

import re

import pytest
from blog_render import load_posts
from blog_server import BlogSite
from conftest import make_settings

from assistant.answer import Deps, ask
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.sources import extract_post, parse_source, sync_sources
from assistant.index.store import open_store
from assistant.sentences import split_sentences

pytestmark = pytest.mark.real_model

POSTS = {p.slug: p for p in load_posts()}
# (question, the post whose own words hold the answer, words the quoted run must contain)
GOLD = [
    ("Should I foam roll before or after my exercises?", "foam-rolling-before-or-after", "roll FIRST"),
    ("How long should I stay on a tender spot with the foam roller?", "foam-rolling-before-or-after", "thirty seconds"),
    ("Is a heel lift a good idea if one leg measures shorter?", "is-one-leg-really-shorter", "heel lift"),
    ("What is the best sleeping position with sciatica?", "best-sleeping-position-for-sciatica", "pillow"),
    ("Should I stop my exercises during a sciatica flare-up?", "exercising-through-a-sciatica-flare", "gentle"),
    ("Why does my low back pain keep coming back every few months?", "low-back-pain-keeps-coming-back", "CAUSE"),
    ("Why does sitting make my sciatica worse?", "why-does-my-sciatica-flare-when-i-sit", "pelvis"),
    ("Why hasn't stretching my hip flexors fixed my anterior pelvic tilt?",
     "anterior-pelvic-tilt-and-tight-hip-flexors",
     "weak side"),
    ("Can a hip that sits higher than the other be fixed?", "one-hip-higher-than-the-other", "level"),
]
# Questions worded like a reader's email, so search finds the email first: the answer must still quote the post.
LIKE_THE_EMAIL = [
    pytest.param("I work from home at the kitchen table and the pain runs from my buttock to the back of my knee. "
                 "Do I need a better chair?", "why-does-my-sciatica-flare-when-i-sit",
                 marks=pytest.mark.xfail(strict=True, reason="declined: the turn checks coverage for 'Do I need a "
                                         "better chair?' alone, then with its story (answer/turn.py _retrieve), "
                                         "and neither reaches relevance_threshold; the whole message does (0.74)")),
    ("I rest, take painkillers and see a massage therapist, then my lower back goes again. "
     "Is this just getting older?", "low-back-pain-keeps-coming-back"),
    ("I sleep on my front with one knee pulled up and wake three times a night with leg pain. "
     "What position should I sleep in?", "best-sleeping-position-for-sciatica"),
]


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory, real_embedder):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("blog")
    (base / "knowledge").mkdir()  # the blog alone
    settings = make_settings(base, fetch_delay_s=0.0)
    with BlogSite() as site:
        articles, _ = sync_sources(settings, [parse_source(f"sitemap:{site.url('/sitemap.xml')}")])
        ingest(settings, real_embedder, extra=articles)
        pages = {slug: extract_post(site.files[p.path].replace("__BASE__", site.base)) for slug, p in POSTS.items()}
        urls = {slug: site.url(p.path) for slug, p in POSTS.items()}
    deps = Deps(settings=settings, embedder=real_embedder, retriever=Retriever(open_store(settings), real_embedder))
    return deps, pages, urls


def _norm(text: str) -> str:
    return " ".join(re.sub(r"^- ", "", line.strip()) for line in text.splitlines()).strip()


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _check(answer, slug: str, pages, urls) -> str:  # type: ignore[no-untyped-def]
    """The answer's one direct part: from the post, in its own words, with none of any reader's email."""
    assert answer.parts.direct, f"no direct answer: {answer.text}"
    direct = answer.parts.direct[0]
    assert direct.source == "passage"
    assert direct.url == urls[slug], f"answered from {direct.url}"
    body = _norm(pages[slug].body)
    for sentence in split_sentences(direct.text):
        # A bullet list is quoted as one sentence, its items joined by "; " (assistant/sentences.py).
        for part in sentence.split("; "):
            assert _norm(part).rstrip(".") in body, f"not the post's own words: {part!r}"
    emails = set().union(*(_shingles(p.question) for p in pages.values()))
    assert not _shingles(direct.text) & emails, "quoted a reader's email"
    assert urls[slug] in {c.url for c in answer.citations}
    return str(direct.text)


@pytest.mark.parametrize(("question", "slug", "words"), GOLD, ids=[g[1] + str(n) for n, g in enumerate(GOLD)])
def test_answers_quote_the_posts_own_words(blog, question: str, slug: str, words: str) -> None:  # type: ignore[no-untyped-def]
    deps, pages, urls = blog
    _check(ask(question, deps), slug, pages, urls)


# The run holds the gold passage's words (not only some passage of the right post). First run: 5 of 9,
# and still 5 of 9 after a reader's question gave its search place to its post's next-best passage (the
# flare-up answer moved to the right section, but to its last paragraph). The floor is the measured
# figure, so a regression fails; raising it is the composer's work (assistant/answer/passage.py).
GOLD_RUNS_FLOOR = 5


def test_runs_hold_the_gold_passage(blog) -> None:  # type: ignore[no-untyped-def]
    deps, _, _ = blog
    missed = []
    for question, _, words in GOLD:
        directs = ask(question, deps).parts.direct
        if not directs or words not in directs[0].text:
            missed.append(question)
    assert len(GOLD) - len(missed) >= GOLD_RUNS_FLOOR, missed


@pytest.mark.parametrize(("question", "slug"), LIKE_THE_EMAIL, ids=["chair", "recurring", "sleep"])
def test_a_question_like_the_readers_email_finds_the_post_but_quotes_the_answer(blog, question: str,  # type: ignore[no-untyped-def]
                                                                                 slug: str) -> None:
    deps, pages, urls = blog
    _check(ask(question, deps), slug, pages, urls)


def test_search_still_finds_posts_by_their_readers_question(blog) -> None:  # type: ignore[no-untyped-def]
    deps, _, urls = blog
    found = deps.retriever.search("my husband says I need a better chair for working at the kitchen table", k=3)
    assert found[0].url == urls["why-does-my-sciatica-flare-when-i-sit"]
    assert any(p.is_question for p in found)

