"""Server mode: the same code indexes and searches through a real `chroma run` on loopback."""

from __future__ import annotations

import shutil
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
        yield port
    finally:
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
