"""Server mode: the same code indexes and searches through a real `chroma run` on loopback."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from assistant.errors import StoreUnavailable
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    for port, _proc in _serve(tmp_path):
        yield port


@pytest.fixture
def chroma_process(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """The server and its process, for tests that stop or kill it."""
    yield from _serve(tmp_path)


def _serve(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    proc = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.terminate()
            proc.wait(timeout=10)


def test_index_and_search_through_a_chroma_server(tmp_path: Path, chroma_server: int) -> None:
    from conftest import make_settings

    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    embedder = HashingEmbedder()
    report = ingest(settings, embedder)
    assert report.articles == 6
    assert not (settings.data_dir / "chroma").exists(), "server mode must not write the local store"
    again = HashingEmbedder()
    ingest(settings, again)
    assert again.embedded == 0
    results = Retriever(open_store(settings), embedder).search("one hip sits higher", k=2)
    assert results[0].slug == "hip-higher"


def test_unreachable_server_is_a_clear_error_after_bounded_retries(tmp_path: Path) -> None:
    from conftest import make_settings

    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=_free_port(), chroma_retries=3)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        open_store(settings)
    elapsed = time.monotonic() - started
    assert "after 3 attempts" in str(info.value) and "ASSISTANT_CHROMA_HOST" in str(info.value)
    assert 1.0 <= elapsed < 20  # backoff 0.5 s + 1 s between the three attempts


def test_a_stalled_server_is_a_clear_message_within_the_bound(
        tmp_path: Path, chroma_process: tuple[int, subprocess.Popen[bytes]]) -> None:
    """SIGSTOP: the server accepts connections and never answers; a visitor waits the read timeout, not forever."""
    from conftest import make_settings

    from assistant.answer.deps import Deps
    from assistant.answer.turn import ask

    port, proc = chroma_process
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=port, chroma_read_timeout_s=2.0,
                             chroma_connect_timeout_s=1.0, relevance_threshold=0.3)
    embedder = HashingEmbedder()
    ingest(settings, embedder)
    deps = Deps(settings=settings, embedder=embedder, retriever=Retriever(open_store(settings), embedder))
    assert ask("How do I foam roll my IT band?", deps).kind != "declined"
    proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable) as info:
            ask("Why does one hip sit higher than the other?", deps)
        elapsed = time.monotonic() - started
        assert "can't be reached right now" in str(info.value)
        assert elapsed < 2.0 * 3 + 5, f"waited {elapsed:.1f} s"
        # Triage needs no store: an emergency is still answered while the server is stalled.
        assert ask("I can't feel it when I wipe and I can't pee", deps).kind == "safety"
    finally:
        proc.send_signal(signal.SIGCONT)
    assert ask("How do I foam roll my IT band?", deps).kind != "declined"


def test_a_server_killed_mid_batch_gives_those_lines_errors_and_the_batch_goes_on(
        tmp_path: Path, chroma_process: tuple[int, subprocess.Popen[bytes]],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import make_settings

    import assistant.cli.io as cli_io
    from assistant.answer.deps import Deps
    from assistant.cli.main import main

    port, proc = chroma_process
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=port, chroma_read_timeout_s=2.0,
                             chroma_connect_timeout_s=1.0, chroma_retries=1, relevance_threshold=0.3)
    embedder = HashingEmbedder()
    ingest(settings, embedder)
    deps = Deps(settings=settings, embedder=embedder, retriever=Retriever(open_store(settings), embedder))
    monkeypatch.setattr(cli_io, "get_settings", lambda: settings)
    monkeypatch.setattr(cli_io, "deps_for", lambda _settings: deps)
    questions = ["How do I foam roll my IT band?", "Why does one hip sit higher?", "Is sitting bad for my back?"]

    def lines() -> Iterator[bytes]:
        for n, q in enumerate(questions):
            if n == 1:
                proc.kill()  # the server dies between the first and second line
                proc.wait(timeout=10)
            yield (json.dumps({"id": n, "text": q}) + "\n").encode()

    class Stdin:
        buffer = lines()

    monkeypatch.setattr(sys, "stdin", Stdin())
    assert main(["ask", "--jsonl"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert [o["id"] for o in out] == [0, 1, 2]
    assert "error" not in out[0]
    for row in out[1:]:
        assert "can't be reached right now" in row["error"], row
