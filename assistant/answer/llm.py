"""Optional language model through langchain's chat-model interface; validated, or we fall back."""

from __future__ import annotations

import concurrent.futures
import logging
import re
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from assistant.answer.booking import Booking
from assistant.answer.compose import Citation
from assistant.answer.types import Answer, Covered, Turn
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

            return ChatOpenAI(model=model, temperature=0.2, timeout=settings.llm_timeout_s, max_retries=1,
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
    settings: Settings, model: Any, text: str, covered: list[Covered], triage: Triage, booking: Booking,
    history: Sequence[Turn], on_token: Callable[[str], None] | None = None,
) -> Answer:
    """Ask the model; accept only an answer whose every citation points at an article it was given."""
    order: list[str] = []
    bodies: dict[str, list[str]] = {}
    first: dict[str, Any] = {}
    for c in covered:
        if not c.is_covered:
            continue
        for p in c.passages[:4]:
            if p.slug not in first:
                first[p.slug] = p
                order.append(p.slug)
            if p.text not in bodies.setdefault(p.slug, []):
                bodies[p.slug].append(p.text)
    articles = [(n, first[s].title, "\n".join(bodies[s])) for n, s in enumerate(order, 1)]
    prompt = render_prompt(settings, text, articles, triage, history)
    log.debug("prompt:\n%s", prompt)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    reply = _call(model, prompt, settings.llm_timeout_s, on_token, key)
    used = {int(n) for n in _MARKER.findall(reply)}
    if not used:
        raise LLMFailed("the answer cites no article")
    if not used <= set(range(1, len(order) + 1)):
        raise LLMFailed(f"the answer cites articles it was not given: {sorted(used)}")
    citations = tuple(Citation(n, s, first[s].title, first[s].url) for n, s in enumerate(order, 1) if n in used)
    parts = [triage.message] if triage.level in ("urgent", "routine") and triage.message else []
    parts.append(reply.strip())
    if booking.text:
        parts.append(booking.text)
    return Answer(text="\n\n".join(parts), citations=citations, triage=triage, booking=booking, in_scope=True,
                  mode="llm", questions=tuple(c.question for c in covered),
                  passages=tuple(p for c in covered for p in c.passages), thoughts=prompt)


def scrub(text: str, secret: str | None) -> str:
    """The text with the API key blanked out, for logs (provider errors sometimes echo it)."""
    return text.replace(secret, "***") if secret else text


def _call(model: Any, prompt: str, timeout_s: float, on_token: Callable[[str], None] | None,
          secret: str | None = None) -> str:
    def run() -> str:
        if on_token is None:
            return str(model.invoke(prompt).content)
        pieces = []
        for chunk in model.stream(prompt):
            piece = str(chunk.content)
            pieces.append(piece)
            on_token(piece)
        return "".join(pieces)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(run)
    try:
        return future.result(timeout=timeout_s)
    except concurrent.futures.TimeoutError as exc:
        raise LLMFailed(f"no answer within {timeout_s:.0f} s") from exc
    except Exception as exc:  # any provider error: connection, auth, rate limit
        raise LLMFailed(f"{type(exc).__name__}: {scrub(str(exc), secret)}") from exc
    finally:
        pool.shutdown(wait=False)
