"""run.py (`make run`): the API and the staff app start together, and Ctrl-C stops both."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from api_server import free_port, server_env

ROOT = Path(__file__).resolve().parent.parent


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status in (200, 503)
    except urllib.error.HTTPError as exc:
        return exc.code == 503  # up, without an index: /healthz says so
    except OSError:
        return False


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_run_starts_both_servers_and_ctrl_c_stops_both(tmp_path: Path) -> None:
    api, staff = free_port(), free_port()
    proc = subprocess.Popen([sys.executable, "run.py", "--api-port", str(api), "--staff-port", str(staff)],
                            cwd=ROOT, env=server_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not (_answers(f"http://127.0.0.1:{api}/healthz") and
                   _answers(f"http://127.0.0.1:{staff}/_stcore/health")):
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            if time.monotonic() > deadline:
                pytest.fail("the servers did not start in 90 s")
            time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{api}/demo", timeout=5) as r:
            assert b"widget.js" in r.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert _is_free(api) and _is_free(staff)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
