"""Optional language model through langchain's chat-model interface; validated, or we fall back."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

from assistant.answer.render import render
from assistant.answer.types import Answer, Direct, Turn
from assistant.config import Settings
from assistant.errors import LLMUnavailable
from assistant.triage import Triage

log = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d+)\]")


class LLMFailed(Exception):
    """The model errored, timed out, or gave an answer we cannot accept."""


def make_chat_model(settings: Settings) -> Any:
    """A langchain chat model for ASSISTANT_LLM=provider:model."""
    provider, _, model = settings.llm.partition(":")
    provider = provider.strip().lower()
    model = model.strip()
    if not model:
        raise LLMUnavailable(f"ASSISTANT_LLM={settings.llm!r} names no model (e.g. ollama:llama3.1)")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            kwargs: dict[str, Any] = {"model": model, "temperature": 0.2}
            if settings.llm_base_url:
                kwargs["base_url"] = settings.llm_base_url
            return ChatOllama(**kwargs, client_kwargs={"timeout": settings.llm_timeout_s})
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(model=model, temperature=0.2, timeout=settings.llm_timeout_s, max_retries=0,
                              base_url=settings.llm_base_url, api_key=key or "not-needed")  # type: ignore[arg-type]
    except ImportError as exc:
        raise LLMUnavailable(f"the {provider} integration is not installed: pip install -e '.[llm]' ({exc})") from exc
    raise LLMUnavailable(f"unknown llm provider {provider!r} (expected one of: ollama, openai)")


def render_prompt(
    settings: Settings, question: str, articles: Sequence[tuple[int, str, str]], triage: Triage,
    history: Sequence[Turn],
) -> str:
    """The prompt file with its named slots filled."""
    template = resources.files("assistant.answer").joinpath("prompts/answer.txt").read_text(encoding="utf-8")
    listed = "\n\n".join(f"[{n}] {title}\n{text}" for n, title, text in articles)
    turns = "\n".join(f"{t.role}: {t.text}" for t in history[-6:]) or "(none)"
    safety = triage.message if triage.level != "none" else "No red flags found."
    return template.format(studio_name=settings.studio_name, triage=safety, history=turns, articles=listed,
                           question=question)


def llm_answer(
    settings: Settings, model: Any, text: str, extractive: Answer, history: Sequence[Turn],
    on_token: Callable[[str], None] | None = None, timeout_s: float | None = None,
) -> Answer:
    """Ask the model to write the reply from the extractive answer's own sources (curated answers or passages).

    Accepted only when every citation points at a source it was given; the answer's other parts (safety,
    notes, booking) are kept as they were.
    """
    sources = extractive.parts.direct
    by_n = {c.n: c for c in extractive.citations}
    articles = [(d.n, f"{d.title}" + (f" — {d.section}" if d.section else ""), d.text) for d in sources]
    prompt = render_prompt(settings, text, articles, extractive.triage, history)
    log.debug("prompt:\n%s", prompt)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    bound = settings.llm_timeout_s if timeout_s is None else timeout_s
    reply = _call(model, prompt, bound, min(settings.llm_first_token_s, bound), on_token, key).strip()
    used = {int(n) for n in _MARKER.findall(reply)}
    if not used:
        raise LLMFailed("the answer cites no article")
    if not used <= {d.n for d in sources}:
        raise LLMFailed(f"the answer cites articles it was not given: {sorted(used)}")
    first = next(d for d in sources if d.n == min(used))
    written = Direct(text, reply, first.n, first.slug, first.title, first.url, first.section, "llm")
    parts = replace(extractive.parts, direct=(written,), unanswered=())
    citations = tuple(by_n[n] for n in sorted(used) if n in by_n)
    return replace(extractive, text=render(parts), citations=citations, parts=parts, mode="llm", thoughts=prompt)


def scrub(text: str, secret: str | None) -> str:
    """The text with the API key blanked out, for logs (provider errors sometimes echo it)."""
    return text.replace(secret, "***") if secret else text


def _call(model: Any, prompt: str, timeout_s: float, first_token_s: float,
          on_token: Callable[[str], None] | None, secret: str | None = None) -> str:
    """The model's reply within the bound: the first token within first_token_s, the whole within timeout_s.

    The request runs on an event loop of its own; past the bound the task is cancelled, which closes
    the HTTP request, and nothing is left running behind the caller.
    """
    async def run() -> str:
        pieces: list[str] = []
        stream = model.astream(prompt)
        try:
            first = await asyncio.wait_for(anext(stream), timeout=first_token_s)
            pieces.append(str(first.content))
            if on_token is not None:
                on_token(pieces[0])
            async for chunk in stream:
                piece = str(chunk.content)
                pieces.append(piece)
                if on_token is not None:
                    on_token(piece)
        finally:
            await stream.aclose()
        return "".join(pieces)

    started = time.monotonic()
    try:
        return asyncio.run(asyncio.wait_for(run(), timeout=timeout_s))
    except TimeoutError as exc:
        raise LLMFailed(f"no answer within {time.monotonic() - started:.1f} s (bound {timeout_s:.0f} s)") from exc
    except StopAsyncIteration as exc:
        raise LLMFailed("the model returned nothing") from exc
    except Exception as exc:  # any provider error: connection, auth, rate limit
        raise LLMFailed(f"{type(exc).__name__}: {scrub(str(exc), secret)}") from exc
