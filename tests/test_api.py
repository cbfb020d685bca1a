"""The website API: limits and errors through httpx on the ASGI app (fake embedder), one real uvicorn for the stream."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_server import build_index, running_api, server_env, sse_events
from conftest import make_fake_deps

from assistant.api import create_app
from assistant.errors import IndexMissing
from assistant.insights import InsightsStore

STUDIO = "https://studio.example"
HIP = "Why does one hip sit higher than the other?"
EMERGENCY = "My sciatica is bad and since this morning I can't feel it when I wipe and I can't pee."


@pytest.fixture(scope="module")
def fake_deps(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_fake_deps(tmp_path_factory.mktemp("api"))


def _app(deps: Any, **settings: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"allowed_origins": STUDIO, "rate_limit_per_minute": 100}
    values.update(settings)
    s = deps.settings.model_copy(update=values)
    return create_app(s, load=lambda _: deps, insights=InsightsStore.from_settings(s))


def _run(app: Any, calls: Any, client: tuple[str, int] = ("203.0.113.7", 5000)) -> Any:
    async def go() -> Any:
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as c:
            return await calls(c)
    return asyncio.run(go())


def _error(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/json"), response.text
    assert "Traceback" not in response.text
    return response.json()["error"]  # type: ignore[no-any-return]


def test_an_unlisted_origin_is_refused_and_a_listed_one_allowed(fake_deps) -> None:  # type: ignore[no-untyped-def]
    async def calls(c: httpx.AsyncClient) -> tuple[httpx.Response, ...]:
        preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
        return (await c.options("/api/chat", headers={"Origin": "https://evil.example", **preflight}),
                await c.post("/api/chat", json={"message": HIP}, headers={"Origin": "https://evil.example"}),
                await c.options("/api/chat", headers={"Origin": STUDIO, **preflight}),
                await c.post("/api/chat", json={"message": HIP}, headers={"Origin": STUDIO}),
                await c.post("/api/chat", json={"message": HIP}))  # no Origin: not a browser, allowed

    evil_preflight, evil, ok_preflight, ok, no_origin = _run(_app(fake_deps), calls)
    assert evil_preflight.status_code == 403 and _error(evil_preflight)["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in evil_preflight.headers
    assert evil.status_code == 403 and _error(evil)["code"] == "origin_not_allowed"
    assert ok_preflight.status_code == 200 and ok_preflight.headers["access-control-allow-origin"] == STUDIO
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == STUDIO
    assert no_origin.status_code == 200


def test_the_rate_limit_is_per_client_with_a_clear_message_and_retry_after(fake_deps) -> None:  # type: ignore[no-untyped-def]
    app = _app(fake_deps, rate_limit_per_minute=2)

    async def calls(c: httpx.AsyncClient) -> list[httpx.Response]:
        return [await c.post("/api/chat", json={"message": HIP}) for _ in range(3)]

    first, second, third = _run(app, calls)
    assert first.status_code == second.status_code == 200
    assert third.status_code == 429
    error = _error(third)
    assert error["code"] == "rate_limited" and "wait about" in error["message"]
    assert 1 <= int(third.headers["retry-after"]) <= 60 and error["retry_after_s"] == int(third.headers["retry-after"])
    # Another visitor is not held back by the first one.
    other = _run(app, lambda c: c.post("/api/chat", json={"message": HIP}), client=("198.51.100.9", 6000))
    assert other.status_code == 200


def test_an_oversize_body_gets_413_json_whether_declared_or_streamed(fake_deps) -> None:  # type: ignore[no-untyped-def]
    app = _app(fake_deps, api_max_body_bytes=2000)

    async def chunks() -> Any:
        for _ in range(10):
            yield b"x" * 500

    async def calls(c: httpx.AsyncClient) -> tuple[httpx.Response, ...]:
        return (await c.post("/api/chat", json={"message": "a" * 5000}),
                await c.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"}),
                await c.post("/api/chat", json={"message": "a" * 1500}))

    declared, streamed, under = _run(app, calls)
    for response in (declared, streamed):
        assert response.status_code == 413 and _error(response)["code"] == "too_large"
        assert "2,000 bytes" in _error(response)["message"]
    assert under.status_code == 200


@pytest.mark.parametrize(("body", "status", "code"), [
    (b'{"message": "hip', 400, "malformed_json"),
    (b"not json at all", 400, "malformed_json"),
    (b'{"message": "hip \xff\xfe higher"}', 400, "invalid_utf8"),
    (b'{"message": 42}', 422, "invalid_request"),
    (b"{}", 422, "invalid_request"),
])
def test_bad_bodies_get_clear_json_errors(fake_deps, body: bytes, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    response = _run(_app(fake_deps), lambda c: c.post("/api/chat", content=body,
                                                      headers={"Content-Type": "application/json"}))
    assert response.status_code == status
    assert _error(response)["code"] == code


def test_an_unknown_conversation_starts_a_new_one_and_says_so(fake_deps) -> None:  # type: ignore[no-untyped-def]
    async def calls(c: httpx.AsyncClient) -> tuple[list[Any], list[Any], list[Any]]:
        first = sse_events((await c.post("/api/chat", json={"message": HIP})).text)
        cid = first[0][1]["conversation_id"]
        again = sse_events((await c.post("/api/chat", json={"message": "How long should I foam roll?",
                                                            "conversation_id": cid})).text)
        lost = sse_events((await c.post("/api/chat", json={"message": HIP, "conversation_id": "f" * 32})).text)
        return first, again, lost

    first, again, lost = _run(_app(fake_deps), calls)
    assert first[0][0] == "start" and first[0][1]["is_new"] and not first[0][1]["restarted"]
    assert first[-1][0] == "final" and first[-1][1]["turn"] == 0
    assert again[0][1]["conversation_id"] == first[0][1]["conversation_id"] and not again[0][1]["is_new"]
    assert again[-1][1]["turn"] == 1
    start = lost[0][1]
    assert start["restarted"] and start["is_new"] and start["conversation_id"] != "f" * 32
    assert "starts a new one" in start["notice"]


def test_feedback_and_handoff_are_stored_by_conversation(fake_deps) -> None:  # type: ignore[no-untyped-def]
    app = _app(fake_deps)

    async def calls(c: httpx.AsyncClient) -> tuple[Any, ...]:
        cid = sse_events((await c.post("/api/chat", json={"message": HIP})).text)[0][1]["conversation_id"]
        return (cid,
                await c.post("/api/feedback", json={"conversation_id": cid, "turn": 0, "helpful": True}),
                await c.post("/api/feedback", json={"conversation_id": "nope", "turn": 0, "helpful": True}),
                await c.post("/api/handoff", json={"conversation_id": cid, "email": "not-an-email"}),
                await c.post("/api/handoff", json={"conversation_id": cid, "email": "sam@example.com",
                                                   "note": "Is the hip thing fixable?"}))

    cid, voted, unknown, bad_email, handed = _run(app, calls)
    assert voted.status_code == 200 and voted.json()["saved"]
    assert unknown.status_code == 404 and _error(unknown)["code"] == "unknown_conversation"
    assert bad_email.status_code == 422 and _error(bad_email)["fields"][0]["field"] == "email"
    assert handed.status_code == 200 and "sam@example.com" in handed.json()["message"]
    stored = app.state.runtime.insights().export_conversation(cid)
    assert [f["helpful"] for f in stored["feedback"]] == [True]
    assert stored["feedback"][0]["cited_slugs"] == ["hip-higher"]
    assert [(h["email"], h["note"]) for h in stored["handoffs"]] == [("sam@example.com", "Is the hip thing fixable?")]


def test_a_missing_index_or_a_crash_is_a_json_error_not_a_traceback(fake_deps) -> None:  # type: ignore[no-untyped-def]
    def missing(_: Any) -> Any:
        raise IndexMissing("./index")

    def broken(_: Any) -> Any:
        raise RuntimeError("secret internals")

    s = fake_deps.settings
    for load, status, code in ((missing, 503, "index_missing"), (broken, 503, "unavailable")):
        app = create_app(s, load=load)

        async def calls(c: httpx.AsyncClient) -> tuple[httpx.Response, httpx.Response]:
            return await c.post("/api/chat", json={"message": HIP}), await c.get("/healthz")

        chat, health = _run(app, calls)
        assert chat.status_code == status and _error(chat)["code"] == code
        assert "secret internals" not in chat.text
        assert health.status_code == 503 and health.json()["status"] == "degraded"


def test_the_event_loop_stays_free_while_an_answer_is_worked_out(fake_deps) -> None:  # type: ignore[no-untyped-def]
    embedder = fake_deps.embedder
    slow = threading.Event()

    class SlowEmbedder:
        name = "slow"

        def embed_query(self, text: str) -> Any:
            slow.set()
            time.sleep(1.5)
            return embedder.embed_query(text)

        def embed_documents(self, texts: Any, progress: Any = None) -> Any:
            return embedder.embed_documents(texts, progress)

    from assistant.answer import Deps
    deps = Deps(settings=fake_deps.settings, embedder=SlowEmbedder(), retriever=fake_deps.retriever)  # type: ignore[arg-type]
    app = _app(deps)

    async def calls(c: httpx.AsyncClient) -> tuple[float, float]:
        started = time.perf_counter()
        chat = asyncio.ensure_future(c.post("/api/chat", json={"message": HIP}))
        while not slow.is_set():
            await asyncio.sleep(0.01)
        health = await c.get("/healthz")
        assert health.status_code == 200
        health_s = time.perf_counter() - started
        await chat
        return health_s, time.perf_counter() - started

    health_s, chat_s = _run(app, calls)
    assert health_s < 1.0 < chat_s


def test_the_openapi_page_lists_the_endpoints(fake_deps) -> None:  # type: ignore[no-untyped-def]
    async def calls(c: httpx.AsyncClient) -> tuple[httpx.Response, httpx.Response]:
        return await c.get("/docs"), await c.get("/openapi.json")

    docs, spec = _run(_app(fake_deps), calls)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert {"/api/chat", "/api/search", "/api/feedback", "/api/handoff", "/healthz"} <= set(spec.json()["paths"])


# ---------------------------------------------------------------- the real server


@pytest.fixture(scope="module")
def real_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("api-real")
    env = server_env(tmp, allowed_origins=STUDIO, rate_limit_per_minute="100")
    build_index(env)
    log = tmp / "api.log"
    with running_api(env, log) as base:
        yield base
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def _stream(base: str, message: str, conversation_id: str | None = None) -> list[tuple[str, float, Any]]:
    """(event, seconds since the request, data) for each event, read as it arrives."""
    out = []
    started = time.perf_counter()
    body = {"message": message, "conversation_id": conversation_id}
    with httpx.stream("POST", f"{base}/api/chat", json=body, headers={"Origin": STUDIO}, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        assert r.headers["access-control-allow-origin"] == STUDIO
        buffer = ""
        for text in r.iter_text():
            buffer += text
            while "\n\n" in buffer:
                block, buffer = buffer.split("\n\n", 1)
                for name, data in sse_events(block + "\n\n"):
                    out.append((name, time.perf_counter() - started, data))
    return out


@pytest.mark.real_model
def test_a_real_server_streams_start_parts_and_the_final_answer(real_api: str) -> None:
    events = _stream(real_api, HIP)
    names = [e[0] for e in events]
    assert names[0] == "start" and names[-1] == "final" and "part" in names
    final = events[-1][2]
    assert final["citations"][0]["url"].endswith("/articles/hip-higher")
    assert events[0][1] <= events[-1][1]
    follow = _stream(real_api, EMERGENCY, events[0][2]["conversation_id"])
    names = [e[0] for e in follow]
    assert names[:2] == ["start", "safety"], names
    safety, final = follow[1][2], follow[-1][2]
    assert safety["is_emergency"] and "999" in safety["text"] and "999" in safety["phone_numbers"]
    assert final["is_emergency"] and not final["show_booking"] and final["turn"] == 1


@pytest.mark.real_model
def test_a_real_server_refuses_bad_input_with_json(real_api: str) -> None:
    bad = httpx.post(f"{real_api}/api/chat", content=b'{"message": "\xff"}',
                     headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_utf8"
    huge = httpx.post(f"{real_api}/api/chat", json={"message": "a" * 100_000})
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"
    evil = httpx.post(f"{real_api}/api/chat", json={"message": HIP}, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    found = httpx.get(f"{real_api}/api/search", params={"q": "how long should I foam roll"}).json()
    assert found["is_covered"] and found["hits"][0]["title"] == "Foam rolling without fear"
    assert httpx.get(f"{real_api}/healthz").json()["status"] == "ok"




def test_conversations_are_forgotten_when_idle_or_beyond_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.api import conversations as module

    clock = [100.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    kept = module.Conversations(idle_s=60.0, limit=2)
    a, b = kept.start(), kept.start()
    assert kept.get(a.id) is a and len(a.id) == 32
    c = kept.start()  # over the limit: the least recently used (b) goes
    assert kept.get(b.id) is None and kept.get(a.id) is a and kept.get(c.id) is c
    clock[0] += 61
    assert kept.get(a.id) is None and len(kept) == 0


def test_the_rate_limiter_forgets_old_requests() -> None:
    from assistant.api.limits import RateLimiter

    limiter = RateLimiter(2)
    assert limiter.check("a", now=0.0) == 0 and limiter.check("a", now=1.0) == 0
    assert limiter.check("a", now=2.0) == 58.0  # the first leaves the window at 60 s
    assert limiter.check("b", now=2.0) == 0
    assert limiter.check("a", now=60.5) == 0
    assert RateLimiter(0).check("a", now=0.0) == 0  # 0 means no limit


def test_citations_point_at_the_section_when_the_site_has_heading_anchors(fake_deps) -> None:  # type: ignore[no-untyped-def]
    def parts(app: Any) -> list[Any]:
        events = sse_events(_run(app, lambda c: c.post("/api/chat", json={"message": HIP})).text)
        return [data for name, data in events if name == "part"] + events[-1][1]["parts"]["direct"]

    plain = parts(_app(fake_deps))
    assert plain and all(p["section_url"] == p["url"] for p in plain)
    anchored = parts(_app(fake_deps, site_section_anchors=True))
    assert anchored[0]["section_url"] == anchored[0]["url"] + "#why-the-pelvis-tilts-sideways"


def test_only_advice_that_must_come_first_streams_ahead_of_the_answer(fake_deps) -> None:  # type: ignore[no-untyped-def]
    """ANSWERS.md §5: an emergency streams its safety message first; a general question gets no safety event
    (its final answer carries at most a one-line link), so "nothing you describe sounds urgent" is never streamed."""
    from assistant.answer import ask
    from assistant.api.chat import answer_events

    emergency = ask("My sciatica is bad and since this morning I can't feel it when I wipe and I can't pee.", fake_deps)
    names = [e.event for e in answer_events("c", 1, emergency, "uk")]
    assert names[0] == "safety"
    general = ask("How long should I foam roll for?", fake_deps)
    events = answer_events("c", 1, general, "uk")
    assert "safety" not in [e.event for e in events]
    assert all("Nothing you describe" not in str(e.data) for e in events if e.event != "final")
