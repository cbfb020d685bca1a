"""POST /api/chat: one message, answered as server-sent events (start, tokens, safety, parts, final)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent

from assistant.answer import Answer, Deps, Turn, ask
from assistant.api.conversations import Conversation
from assistant.api.errors import ApiError
from assistant.api.models import ChatRequest
from assistant.api.runtime import Runtime
from assistant.errors import AssistantError, IndexDamaged, StoreUnavailable

log = logging.getLogger(__name__)
router = APIRouter()

# Numbers the widget turns into tel: links wherever a safety message names them.
PHONE_NUMBERS = {"uk": ("999", "111", "116 123"), "us": ("911", "988")}
RESTARTED = ("That conversation is no longer on the server (it was idle too long, or the server restarted), "
             "so this message starts a new one.")


def runtime(request: Request) -> Runtime:
    """The process's Runtime (set by create_app)."""
    return request.app.state.runtime  # type: ignore[no-any-return]


def client_key(request: Request) -> str:
    """Who a request comes from, for rate limits: the peer address (`--behind-proxy` makes it the visitor's)."""
    return request.client.host if request.client else "unknown"


def limited(limit_name: str):  # type: ignore[no-untyped-def]
    """A dependency that counts the request against a rate limit and refuses it with 429 + Retry-After."""

    async def check(request: Request) -> None:  # async: a sync dependency would wait for a pool thread
        rt = runtime(request)
        wait = getattr(rt, limit_name).check(client_key(request))
        if wait:
            seconds = max(1, round(wait))
            raise ApiError(429, "rate_limited", f"You're sending messages faster than I can answer well. Please wait "
                           f"about {seconds} seconds and send it again.", {"Retry-After": str(seconds)},
                           retry_after_s=seconds)

    return check


async def loaded(request: Request) -> Deps:
    """The Deps, loaded off the event loop; 503 JSON before any stream starts when they can't be."""
    return await runtime(request).deps()


@router.post("/api/chat", response_class=EventSourceResponse, tags=["chat"],
             dependencies=[Depends(limited("chat_limit"))],
             responses={429: {"description": "Rate limited (Retry-After says when to send again)"},
                        413: {"description": "Body too large"}, 400: {"description": "Malformed JSON or UTF-8"}})
async def chat(body: ChatRequest, request: Request, deps: Annotated[Deps, Depends(loaded)]
               ) -> AsyncIterator[ServerSentEvent]:
    """Answer one message. Events: `start` (at once), `token` (with a language model), `safety`, `part`, `final`.

    The client keeps `conversation_id` from `start` and sends it with the next message. An unknown or
    expired id starts a new conversation and `start` says so (`restarted: true`, with a new id).
    """
    rt = runtime(request)
    conversation = rt.conversations.get(body.conversation_id) if body.conversation_id else None
    restarted = bool(body.conversation_id) and conversation is None
    if conversation is None:
        conversation = rt.conversations.start()
    yield ServerSentEvent(event="start", data={"conversation_id": conversation.id, "is_new": not conversation.turns,
                                               "restarted": restarted, "notice": RESTARTED if restarted else ""})
    loop = asyncio.get_running_loop()
    tokens: asyncio.Queue[str] = asyncio.Queue()

    def on_token(token: str) -> None:
        loop.call_soon_threadsafe(tokens.put_nowait, token)

    work = asyncio.ensure_future(rt.run(_answer, rt, deps, conversation, body.message,
                                        on_token if deps.llm is not None else None))
    while not work.done():
        waiter = asyncio.ensure_future(tokens.get())
        done, _ = await asyncio.wait({work, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            yield ServerSentEvent(event="token", data={"text": waiter.result()})
        else:
            waiter.cancel()
    try:
        turn, answer = work.result()
    except StoreUnavailable as exc:
        log.error("article store unavailable: %s", exc)
        yield ServerSentEvent(event="error", data={"code": "store_unavailable", "message": "The studio's articles "
                              "can't be reached just now. Please try again in a minute."})
        return
    except IndexDamaged as exc:
        log.error("the index cannot be used: %s", exc)  # the visitor is not told how to rebuild it
        yield ServerSentEvent(event="error", data={"code": "index_unavailable", "message": "The studio's articles "
                              "can't be used just now. Please try again later."})
        return
    except AssistantError as exc:
        yield ServerSentEvent(event="error", data={"code": "cannot_answer", "message": str(exc)})
        return
    except Exception:
        log.exception("the chat failed on a %d-character message", len(body.message))
        yield ServerSentEvent(event="error", data={"code": "internal", "message": "Sorry, something went wrong on "
                              "our side. Please try again in a moment."})
        return
    for event in answer_events(conversation.id, turn, answer, rt.settings.region, rt.settings.site_section_anchors):
        yield event


def _answer(rt: Runtime, deps: Deps, conversation: Conversation, message: str, on_token) -> tuple[int, Answer]:  # type: ignore[no-untyped-def]
    """Run one turn in a worker thread (embedding and Chroma never block the event loop)."""
    with conversation.lock:
        answer = ask(message, deps, list(conversation.turns), on_token=on_token,
                     llm_timeout_s=deps.settings.chat_llm_timeout_s)
        conversation.turns += [Turn("user", message), answer.as_turn()]
        conversation.answers.append(answer)
        turn = len(conversation.answers) - 1
    store = rt.insights()
    if store is not None:
        try:
            store.log_turn(conversation.id, message, answer)
        except Exception:
            log.exception("could not log the turn")
    return turn, answer


def section_url(url: str, section: str, anchors: bool) -> str:
    """The article's URL, at the section's heading when the site has heading anchors."""
    anchor = re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-")
    return f"{url}#{anchor}" if anchors and anchor and "#" not in url else url


def answer_events(conversation_id: str, turn: int, answer: Answer, region: str, anchors: bool = False
                  ) -> list[ServerSentEvent]:
    """The answer as events: the safety part first, each direct answer, then the whole structured answer."""
    events: list[ServerSentEvent] = []
    parts = answer.parts
    emergency = answer.triage.is_emergency or answer.triage.has_self_harm
    # Only advice that must come first streams ahead of the answer: an emergency, or an urgent sign.
    # At other levels the final answer carries the safety in proportion (a one-line link, or the
    # screening questions once), never "nothing you describe sounds urgent" on every reply.
    if emergency or parts.safety_kind == "triage":
        events.append(ServerSentEvent(event="safety", data={
            "level": answer.triage.level, "is_emergency": emergency, "text": parts.safety or answer.triage.message,
            "phone_numbers": list(PHONE_NUMBERS.get(region, ()))}))
    for d in parts.direct:
        events.append(ServerSentEvent(event="part", data={"question": d.question, "text": d.text, "n": d.n,
                                                          "title": d.title, "url": d.url, "section": d.section,
                                                          "source": d.source,
                                                          "section_url": section_url(d.url, d.section, anchors)}))
    final = answer.to_dict()
    for d in final["parts"]["direct"]:  # type: ignore[index]
        d["section_url"] = section_url(d["url"], d["section"], anchors)
    final.update(conversation_id=conversation_id, turn=turn, is_emergency=emergency,
                 show_booking=bool(answer.booking.suggested and answer.booking.url and not emergency),
                 phone_numbers=list(PHONE_NUMBERS.get(region, ())))
    events.append(ServerSentEvent(event="final", data=final))
    return events
