"""create_app(): the FastAPI app with the chat, search, feedback and handoff endpoints, the widget and /demo."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from importlib.resources import files
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool  # small database writes; answers use the answer threads

from assistant.answer import Deps
from assistant.api import chat, errors
from assistant.api.chat import limited, loaded, runtime
from assistant.api.errors import ApiError
from assistant.api.gate import BodyGate, OriginGate
from assistant.api.models import FeedbackRequest, HandoffRequest, Health, Saved, SearchHit, SearchResult
from assistant.api.runtime import Runtime
from assistant.config import Settings, get_settings
from assistant.errors import StoreUnavailable
from assistant.index.store import guard
from assistant.insights import InsightsStore

log = logging.getLogger(__name__)
STATIC = files("assistant.api") / "static"
SEARCH_RESULTS = 8


def create_app(settings: Settings | None = None, *, load: Callable[[Settings], Deps] | None = None,
               insights: InsightsStore | None = None) -> FastAPI:
    """The API for these settings; `load` builds the Deps on first use (tests pass fakes)."""
    settings = settings or get_settings()
    rt = Runtime(settings, load, insights)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the model and index in the background at start, so the first visitor does not wait for it;
        # requests that come sooner wait for the same load, and /healthz says "loading" meanwhile.
        warm = asyncio.create_task(_warm(rt))
        yield
        warm.cancel()
        rt.workers.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title=f"{settings.studio_name} assistant API", version="1", lifespan=lifespan,
                  description="Answers from the studio's own articles, red-flag triage first. Not medical advice. "
                              "Chat answers stream as server-sent events; every error is JSON with a code.")
    app.state.runtime = rt
    errors.install(app, settings.api_max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.origins), allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type"], max_age=600)
    app.add_middleware(BodyGate, limit=settings.api_max_body_bytes)
    app.add_middleware(OriginGate, allowed=settings.origins)  # outermost: refuses before CORS answers
    app.include_router(chat.router)
    _add_routes(app)
    return app


def _add_routes(app: FastAPI) -> None:
    @app.get("/healthz", response_model=Health, tags=["service"])
    async def healthz(request: Request) -> Health | JSONResponse:
        """`ok` once the model and index are loaded; `loading` before the first question; `degraded` on a problem."""
        rt = runtime(request)
        status = "degraded" if rt.problem else ("ok" if rt.is_ready else "loading")
        health = Health(status=status, problem=rt.problem, conversations=len(rt.conversations))
        return health if status != "degraded" else JSONResponse(health.model_dump(), status_code=503)

    @app.get("/api/config", tags=["widget"])
    async def widget_config(request: Request) -> dict[str, object]:
        """What the widget shows before the first answer: name, colour, greeting, suggestions, limits, privacy."""
        s = runtime(request).settings
        if s.log_questions:
            privacy = (f"Your questions are kept for {s.retention_days} days with names, emails, phone numbers and "
                       "addresses removed, under the conversation number below.")
        else:
            privacy = "Your messages are not stored. Thumbs up or down keep only the articles an answer cited."
        return {"studio_name": s.studio_name, "colour": s.widget_colour, "greeting": s.widget_greeting,
                "suggestions": list(s.suggestions), "max_message_chars": s.max_message_chars,
                "booking_url": s.booking_url, "studio_phone": s.studio_phone, "studio_email": s.studio_email,
                "specialist_name": s.specialist_name, "region": s.region, "privacy": privacy,
                "phone_numbers": list(chat.PHONE_NUMBERS.get(s.region, ()))}

    @app.get("/api/search", response_model=SearchResult, tags=["search"],
             dependencies=[Depends(limited("write_limit"))])
    async def search(request: Request, deps: Annotated[Deps, Depends(loaded)],
                     q: Annotated[str, Query(min_length=1, max_length=500, description="Words to search for")]
                     ) -> SearchResult:
        """The passages of the articles closest to the query (what the FAQ search page shows)."""
        try:
            passages = await runtime(request).run(deps.retriever.search, q, SEARCH_RESULTS)
        except Exception as exc:
            if isinstance(guard(deps.settings, exc), StoreUnavailable):
                raise ApiError(503, "store_unavailable", "The studio's articles can't be reached just now. "
                               "Please try again in a minute.", {"Retry-After": "60"}) from None
            raise
        hits = [SearchHit(title=p.title, url=p.url, section=p.section, text=p.text, similarity=round(p.similarity, 3))
                for p in passages]
        covered = bool(passages) and max(p.similarity for p in passages) >= deps.settings.relevance_threshold
        return SearchResult(query=q, is_covered=covered, hits=hits)

    @app.post("/api/feedback", response_model=Saved, tags=["chat"], dependencies=[Depends(limited("write_limit"))])
    async def feedback(body: FeedbackRequest, request: Request) -> Saved:
        """Thumbs up or down on an answer: only the vote and the articles it cited are kept."""
        rt = runtime(request)
        conversation = rt.conversations.get(body.conversation_id)
        if conversation is None or body.turn >= len(conversation.answers):
            raise ApiError(404, "unknown_conversation", "That answer is no longer on the server, so the vote can't "
                           "be matched to it. Thanks all the same.")
        slugs = [c.slug for c in conversation.answers[body.turn].citations]
        await run_in_threadpool(_store(rt).record_feedback, conversation.id, body.helpful, slugs)
        return Saved(message="Thanks for your feedback.")

    @app.post("/api/handoff", response_model=Saved, tags=["chat"], dependencies=[Depends(limited("write_limit"))])
    async def handoff(body: HandoffRequest, request: Request) -> Saved:
        """Leave an email for the specialist, kept like feedback (retention, export and deletion by conversation)."""
        rt = runtime(request)
        await run_in_threadpool(_store(rt).record_handoff, body.conversation_id, body.email, body.note)
        return Saved(message=f"Thanks: {rt.settings.specialist_name} will email you at {body.email.strip()}.")

    @app.get("/widget.js", include_in_schema=False)
    async def widget_js() -> Response:
        return _static("widget.js", "text/javascript; charset=utf-8")

    @app.get("/widget.css", include_in_schema=False)
    async def widget_css() -> Response:
        return _static("widget.css", "text/css; charset=utf-8")

    @app.get("/demo", include_in_schema=False)
    async def demo(request: Request) -> HTMLResponse:
        s = runtime(request).settings
        page = (STATIC / "demo.html").read_text(encoding="utf-8")
        return HTMLResponse(page.replace("{studio_name}", _html(s.studio_name)).replace("{colour}", s.widget_colour))


async def _warm(rt: Runtime) -> None:
    with suppress(ApiError):  # logged by Runtime; /healthz reports it and the next request tries again
        await rt.deps()


def _store(rt: Runtime) -> InsightsStore:
    store = rt.insights()
    if store is None:
        raise ApiError(503, "store_unavailable", "This can't be saved just now. Please try again later, or email "
                       f"the studio at {rt.settings.studio_email}.")
    return store


def _static(name: str, media_type: str) -> Response:
    # Cross-origin pages load these: cache briefly so a new version reaches the studio's site the same day.
    return Response((STATIC / name).read_bytes(), media_type=media_type,
                    headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"})


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
