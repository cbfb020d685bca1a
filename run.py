"""`make run`: the website API (widget, /demo, /docs) and the Streamlit staff app together; Ctrl-C stops both."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Start both servers, wait until one stops or Ctrl-C, then stop the other; exit with the first failure's code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-port", type=int, default=8000)
    parser.add_argument("--staff-port", type=int, default=8501)
    args = parser.parse_args(argv)
    commands = {
        "api": [sys.executable, "-m", "assistant.api", "--host", args.host, "--port", str(args.api_port)],
        "staff app": [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", args.host,
                      "--server.port", str(args.staff_port), "--browser.gatherUsageStats", "false",
                      "--server.headless", "true"],
    }
    procs = {name: subprocess.Popen(cmd, cwd=ROOT, start_new_session=True) for name, cmd in commands.items()}
    print(f"Website API and widget: http://{args.host}:{args.api_port}/demo  (API docs: /docs)\n"
          f"FAQ search and staff pages: http://{args.host}:{args.staff_port}\nPress Ctrl-C to stop both.",
          flush=True)
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        ended = {name: p.returncode for name, p in procs.items() if p.poll() is not None}
        if ended:
            name, code = next(iter(ended.items()))
            print(f"The {name} stopped (exit code {code}); stopping the other.", file=sys.stderr, flush=True)
            break
        time.sleep(0.3)
    for p in procs.values():
        _stop(p)
    return code


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
