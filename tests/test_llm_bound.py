"""The language model's reply is bounded, against a real OpenAI-compatible HTTP server on loopback.

The server streams like /v1/chat/completions does; the client is the real langchain ChatOpenAI.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import make_fake_deps

from assistant.answer import ask
from assistant.answer.llm import LLMFailed, _call, make_chat_model
from assistant.config import Settings

pytest.importorskip("langchain_openai")


class Script:
    """What the server does: wait before the first token, then send tokens with a gap between them."""

    first_delay = 0.0
    gap = 0.0
    tokens: tuple[str, ...] = ("Hello",)
    disconnected = threading.Event()


def _chunk(content: str) -> bytes:
    body = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "tiny",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": content}, "finish_reason": None}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            time.sleep(Script.first_delay)
            for token in Script.tokens:
                self.wfile.write(_chunk(token))
                self.wfile.flush()
                time.sleep(Script.gap)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            Script.disconnected.set()


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Script.first_delay, Script.gap, Script.tokens = 0.0, 0.0, ("Hello",)
    Script.disconnected.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _model(url: str, timeout_s: float = 5.0):  # type: ignore[no-untyped-def]
    return make_chat_model(Settings(llm="openai:tiny", llm_base_url=url, llm_timeout_s=timeout_s))


def test_a_streamed_reply_comes_back_whole(server: str) -> None:
    Script.tokens = ("Side lying ", "helps [1].")
    assert _call(_model(server), "hi", 5.0, 2.0, None) == "Side lying helps [1]."


def test_no_first_token_in_time_fails_at_that_bound_and_leaves_nothing_running(server: str) -> None:
    Script.first_delay = 3.0
    threads = threading.active_count()
    started = time.monotonic()
    with pytest.raises(LLMFailed):
        _call(_model(server), "hi", 5.0, 0.5, None)
    assert time.monotonic() - started < 1.5
    time.sleep(3.5)  # the server only notices the closed connection when it next writes
    assert Script.disconnected.is_set()
    assert threading.active_count() <= threads + 1  # the server's own handler thread may still be ending


def test_a_trickling_reply_fails_at_the_total_bound(server: str) -> None:
    Script.tokens, Script.gap = tuple(f"t{n} " for n in range(50)), 0.1
    started = time.monotonic()
    with pytest.raises(LLMFailed, match="bound 1 s"):
        _call(_model(server), "hi", 1.0, 0.5, None)
    assert time.monotonic() - started < 1.6


def test_the_chat_falls_back_to_the_extractive_answer_at_its_own_shorter_bound(server: str, tmp_path: Path) -> None:
    deps = make_fake_deps(tmp_path, llm="openai:tiny", llm_base_url=server, llm_timeout_s=30.0)
    deps.llm = _model(server)
    Script.first_delay = 5.0
    started = time.monotonic()
    answer = ask("Why is one of my hips higher than the other?", deps, llm_timeout_s=1.0)
    assert time.monotonic() - started < 2.5
    assert answer.mode == "extractive" and "did not answer in time" in answer.note
    assert answer.direct and answer.citations


def test_a_cited_model_answer_is_accepted_and_an_uncited_one_is_not(server: str, tmp_path: Path) -> None:
    deps = make_fake_deps(tmp_path)
    deps.llm = _model(server)
    Script.tokens = ("Muscles on one side pull tighter, so the pelvis follows [1].",)
    answer = ask("Why is one of my hips higher than the other?", deps)
    assert answer.mode == "llm" and answer.text.startswith("Muscles on one side") and answer.citations
    Script.tokens = ("Muscles pull the pelvis.",)
    assert ask("Why is one of my hips higher than the other?", deps).mode == "extractive"
