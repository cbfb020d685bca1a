"""The language-model seam: provider parsing, secrets kept out of errors, and an opt-in real Ollama run."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from fakes import HashingEmbedder
from pydantic import SecretStr, ValidationError

from assistant.answer.deps import Deps
from assistant.answer.llm import LLMFailed, _call, make_chat_model, scrub
from assistant.answer.turn import ask
from assistant.config import Settings
from assistant.errors import LLMUnavailable
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store


def test_unknown_provider_names_the_allowed_ones() -> None:
    with pytest.raises(ValidationError, match="expected one of: none, ollama, openai"):
        Settings(llm="opnai:gpt-4o-mini")


def test_provider_without_model_is_a_clear_error() -> None:
    with pytest.raises(LLMUnavailable, match="names no model"):
        make_chat_model(Settings(llm="ollama"))


def test_openai_compatible_model_is_built_without_calling_anything() -> None:
    model = make_chat_model(Settings(llm="openai:gpt-4o-mini", llm_base_url="http://127.0.0.1:9/v1",
                                     llm_api_key=SecretStr("sk-test")))
    assert type(model).__name__ == "ChatOpenAI"


def test_api_key_never_appears_in_the_error() -> None:
    class Leaky:
        async def astream(self, prompt: str):  # type: ignore[no-untyped-def]
            raise RuntimeError("401 for key sk-secret-123")
            yield  # pragma: no cover

    with pytest.raises(LLMFailed) as info:
        _call(Leaky(), "hi", 1.0, 1.0, None, "sk-secret-123")
    assert "sk-secret-123" not in str(info.value) and "***" in str(info.value)
    assert scrub("a sk-1 b", None) == "a sk-1 b"


def _ollama_running() -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", 11434)) == 0


@pytest.mark.ollama
@pytest.mark.skipif(not _ollama_running(), reason="no Ollama server on 127.0.0.1:11434")
def test_real_ollama_answer_is_cited_or_falls_back(tmp_path: Path) -> None:
    from conftest import make_settings

    model = os.environ.get("OLLAMA_MODEL", "llama3.1")
    settings = make_settings(tmp_path, relevance_threshold=0.3, llm=f"ollama:{model}", llm_timeout_s=120)
    embedder = HashingEmbedder()
    ingest(settings, embedder)
    deps = Deps(settings, embedder, Retriever(open_store(settings), embedder), make_chat_model(settings))
    answer = ask("Why does one hip sit higher than the other?", deps)
    assert answer.mode in {"llm", "extractive"} and answer.citations
