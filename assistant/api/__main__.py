"""python -m assistant.api [--host 127.0.0.1] [--port 8000]: serve the API, the widget and /demo with uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn

from assistant.api.app import create_app
from assistant.config import get_settings
from assistant.errors import ConfigError


def main(argv: list[str] | None = None) -> int:
    """Run the server until Ctrl-C; a bad setting exits 2 with its name."""
    parser = argparse.ArgumentParser(prog="python -m assistant.api", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--behind-proxy", action="store_true",
                        help="trust X-Forwarded-For from a reverse proxy on this machine (rate limits per visitor)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = create_app(get_settings())
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # Without --behind-proxy, every visitor behind a proxy would share the proxy's address and one rate limit.
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", proxy_headers=args.behind_proxy,
                forwarded_allow_ips="127.0.0.1" if args.behind_proxy else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
