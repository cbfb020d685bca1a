"""Deps: the real clients a turn needs, built in one place (tests build Deps from fakes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answer.llm import make_chat_model
from assistant.config import Settings
from assistant.index.embedding import Embedder, embedder_for
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store
from assistant.triage.semantic import keep_vectors_in


@dataclass
class Deps:
    """Settings plus the loaded embedder, retriever and optional chat model."""

    settings: Settings
    embedder: Embedder
    retriever: Retriever
    llm: Any | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def build_deps(settings: Settings, embedder: Embedder | None = None) -> Deps:
    """Open the index and load the model; raises IndexMissing or StoreUnavailable."""
    embedder = embedder or embedder_for(settings)
    keep_vectors_in(settings.data_dir / "models")
    store = open_store(settings, create=False)
    retriever = Retriever(store, embedder)
    llm = None
    if settings.llm != "none":
        llm = make_chat_model(settings)
    return Deps(settings=settings, embedder=embedder, retriever=retriever, llm=llm)
