"""Shared fixtures: tmp settings, the tiny knowledge fixture, fake and real embedders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import HashingEmbedder  # noqa: E402

from assistant.config import Settings  # noqa: E402

FIXTURE_KNOWLEDGE = Path(__file__).resolve().parent / "fixtures" / "knowledge"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No API keys and no model hub: a stray network call fails loudly."""
    for var in ("OPENAI_API_KEY", "ASSISTANT_LLM_API_KEY", "ASSISTANT_LLM", "ASSISTANT_CHROMA_HOST",
                "ANTHROPIC_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings whose data folder and knowledge live under tmp_path."""
    knowledge = tmp_path / "knowledge"
    if not knowledge.exists():
        shutil.copytree(FIXTURE_KNOWLEDGE, knowledge)
    values: dict[str, object] = {"data_dir": tmp_path / "data", "knowledge_dir": knowledge,
                                 "collection": "test_articles"}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    from assistant.index.embedding import get_embedder

    return get_embedder("torch")


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory, real_embedder):  # type: ignore[no-untyped-def]
    """The fixture knowledge indexed once with the real model, shared by the tests that read it."""
    from assistant.index.ingest import ingest

    base = tmp_path_factory.mktemp("real")
    settings = make_settings(base)
    ingest(settings, real_embedder)
    return settings


def make_fake_deps(tmp_path: Path, **overrides: object):  # type: ignore[no-untyped-def]
    """Deps over the fixture knowledge with the hashing embedder and no language model."""
    from assistant.answer.deps import Deps
    from assistant.index.ingest import ingest
    from assistant.index.retrieval import Retriever
    from assistant.index.store import open_store

    # The hashing embedder's similarities run lower than the real model's.
    values: dict[str, object] = {"relevance_threshold": 0.3, "llm_timeout_s": 1.0}
    values.update(overrides)
    settings = make_settings(tmp_path, **values)
    embedder = HashingEmbedder()
    ingest(settings, embedder)
    return Deps(settings=settings, embedder=embedder, retriever=Retriever(open_store(settings), embedder))
