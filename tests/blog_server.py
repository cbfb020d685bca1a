"""A real HTTP server on 127.0.0.1 serving a blog (the fixture, or generated posts), counting requests.

Tests edit `site.files` to change or delete pages and `site.special` to make a path misbehave (404,
500, slow, redirect loop, non-HTML, too large). ETag and Last-Modified make conditional requests work.
`python tests/blog_server.py [PORT]` serves the fixture blog by hand.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blog_render import BASE, load_posts, site_files  # noqa: E402

Special = Callable[[BaseHTTPRequestHandler], None]


class BlogSite:
    """The served site: files by path, misbehaving paths, and a count of requests per path."""

    def __init__(self, files: dict[str, str] | None = None, port: int = 0) -> None:
        self.files = dict(files if files is not None else site_files(load_posts()))
        self.special: dict[str, Special] = {}
        self.requests: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.arrivals: list[float] = []  # time.monotonic() of each request, for the politeness delay
        self.modified: dict[str, float] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> BlogSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base + path

    def edit(self, path: str, text: str) -> None:
        """Change a page (its ETag and Last-Modified change with it)."""
        self.files[path] = text
        self.modified[path] = time.time() + 1

    def page_requests(self) -> int:
        """Requests for pages (not robots.txt or sitemaps)."""
        return sum(n for p, n in self.requests.items() if not p.endswith((".xml", ".txt")))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                path = self.path.split("?", 1)[0]
                site.requests[path] += 1
                site.arrivals.append(time.monotonic())
                site.user_agents.add(self.headers.get("User-Agent", ""))
                if path in site.special:
                    site.special[path](self)
                    return
                text = site.files.get(path)
                if text is None:
                    self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")
                    return
                body = text.replace(BASE, site.base).encode("utf-8")
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                modified = formatdate(site.modified.get(path, 1_700_000_000), usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, "", b"", {"ETag": etag, "Last-Modified": modified})
                    return
                kind = "application/xml" if path.endswith(".xml") else "text/plain" if path.endswith(".txt") \
                    else "text/html; charset=utf-8"
                self._send(200, kind, body, {"ETag": etag, "Last-Modified": modified})

            def _send(self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


if __name__ == "__main__":
    site = BlogSite(port=int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(f"Serving the fixture blog at {site.base}/sitemap.xml (Ctrl-C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        site._server.serve_forever()
