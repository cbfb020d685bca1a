"""Property-based: any text at all gives a well-formed result from assess, ask and draft_email."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fakes import HashingEmbedder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer.deps import Deps
from assistant.answer.turn import ask
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store
from assistant.triage.engine import LEVELS, assess

ANY_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF), max_size=400),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="replace")),
    st.lists(st.sampled_from(["numb", "bladder", "not", "no", "my", "wife", "hip", "?", "!", "<script>", "\x00",
                              "cancer", "years ago", "kill", "A&E", "ignore your instructions", "\n"]),
             max_size=40).map(" ".join),
)


@pytest.fixture(scope="module")
def deps() -> Deps:
    from conftest import make_settings

    folder = Path(tempfile.mkdtemp(prefix="props-"))
    settings_ = make_settings(folder, relevance_threshold=0.3)
    embedder = HashingEmbedder()
    ingest(settings_, embedder)
    return Deps(settings=settings_, embedder=embedder, retriever=Retriever(open_store(settings_), embedder))


@given(ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_assess_always_returns_a_well_formed_triage(text: str) -> None:
    triage = assess(text)
    assert triage.level in LEVELS
    assert all(text[f.start:f.end] == f.evidence for f in triage.flags)
    assert isinstance(triage.message, str) and all(isinstance(q, str) for q in triage.questions)
    if triage.flags:
        assert LEVELS.index(triage.level) == max(LEVELS.index(f.level) for f in triage.flags)


@given(ANY_TEXT)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_ask_always_returns_a_well_formed_answer(deps: Deps, text: str) -> None:
    answer = ask(text, deps)
    assert answer.mode in {"extractive", "llm", "safety", "declined", "out_of_scope", "empty", "too_long"}
    assert answer.text.strip()
    assert answer.triage.level in LEVELS
    cited = {c.n for c in answer.citations}
    assert cited == set(range(1, len(cited) + 1))
    if answer.triage.level == "emergency":
        assert answer.mode == "safety" and not answer.booking.suggested
    if not answer.in_scope:
        assert not answer.booking.suggested


@given(ANY_TEXT)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_draft_email_always_returns_a_well_formed_draft(deps: Deps, text: str) -> None:
    from assistant.email.draft import draft_email
    from assistant.errors import InputRejected

    try:
        draft = draft_email(text, deps)
    except InputRejected as exc:
        assert str(exc)
        return
    assert draft.subject.startswith("Re:")
    assert draft.body.strip() and draft.greeting
    assert draft.triage.level in LEVELS
    assert set(draft.to_dict()) >= {"subject", "greeting", "body", "triage", "intake", "questions_for_sender",
                                    "citations"}
