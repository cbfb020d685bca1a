"""The real API on a loopback port for tests: a small index from tests/fixtures/knowledge, uvicorn in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_KNOWLEDGE = ROOT / "tests" / "fixtures" / "knowledge"
START_TIMEOUT_S = 90


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(tmp: Path, **settings: str) -> dict[str, str]:
    """The environment of a test server: no ASSISTANT_* of the developer's, the fixture articles, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k not in
           ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")}
    env.update(ASSISTANT_DATA_DIR=str(tmp / "data"), ASSISTANT_KNOWLEDGE_DIR=str(FIXTURE_KNOWLEDGE),
               ASSISTANT_COLLECTION="api_articles", ASSISTANT_LLM="none", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    env.update({f"ASSISTANT_{k.upper()}": v for k, v in settings.items()})
    return env


def build_index(env: dict[str, str]) -> None:
    """Index the fixture articles with the real embedding model (ingest.py, as a user would)."""
    built = subprocess.run([sys.executable, "ingest.py", "--source", str(FIXTURE_KNOWLEDGE), "--quiet"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr


@contextmanager
def running_api(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`python -m assistant.api` on a free loopback port, answering /healthz; always stopped afterwards."""
    port = free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.api", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the API exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                    json.loads(r.read())
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API did not start in {START_TIMEOUT_S} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)


def sse_events(text: str) -> list[tuple[str, dict[str, object]]]:
    """(event, data) pairs of a text/event-stream body; keep-alive comments are skipped."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events
