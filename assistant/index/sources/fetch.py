"""Polite HTTP fetching for blog sources: robots.txt, a named user agent, a delay, timeouts, bounded retries.

httpx does the HTTP (timeouts, redirects, streaming); urllib.robotparser reads robots.txt. Every failure
becomes a FetchError whose reason says what happened, so a sync can skip the page and go on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from types import TracebackType
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "text/plain")
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Politeness:
    """How a fetcher behaves; built from Settings (fetch_*)."""

    user_agent: str
    delay_s: float = 1.0
    timeout_s: float = 15.0
    retries: int = 2
    backoff_s: float = 1.0
    max_bytes: int = 2_000_000


@dataclass(frozen=True)
class Fetched:
    """A response worth reading: 200 with its text, or 304 (unchanged since the validators we sent)."""

    url: str
    status: int
    text: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def is_unchanged(self) -> bool:
        """Whether the server said the page has not changed (304)."""
        return self.status == 304


class FetchError(Exception):
    """A page that could not be fetched; str() is the reason shown to staff."""

    def __init__(self, reason: str, is_transient: bool = False) -> None:
        super().__init__(reason)
        # A timeout or server error may pass: a sync keeps the page's last good copy meanwhile.
        self.is_transient = is_transient


class Fetcher:
    """Owns one HTTP client and the robots.txt rules of each site it visits."""

    def __init__(self, politeness: Politeness, transport: httpx.BaseTransport | None = None) -> None:
        self.politeness = politeness
        self.requests = 0
        self._robots: dict[str, RobotFileParser | None] = {}
        self._last = 0.0
        self._client = httpx.Client(
            headers={"User-Agent": politeness.user_agent},
            timeout=httpx.Timeout(politeness.timeout_s),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()

    def is_allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets our user agent fetch url."""
        rules = self._rules(url)
        return rules is not None and rules.can_fetch(self.politeness.user_agent, url)

    def get(self, url: str, etag: str = "", last_modified: str = "", kinds: tuple[str, ...] = HTML_TYPES) -> Fetched:
        """Fetch url (conditionally when validators are given); FetchError with the reason otherwise."""
        rules = self._rules(url)
        if rules is None:
            raise FetchError("robots.txt could not be read (site unreachable, server error or refused): "
                             "not fetching this site",
                             is_transient=True)
        if not rules.can_fetch(self.politeness.user_agent, url):
            raise FetchError("disallowed by robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = max(1, self.politeness.retries + 1)
        for attempt in range(1, attempts + 1):
            try:
                return self._get_once(url, headers, kinds)
            except _Retryable as exc:
                if attempt == attempts:
                    raise FetchError(f"{exc} (after {attempts} tries)", is_transient=True) from None
                log.info("retrying %s: %s", url, exc)
                time.sleep(self.politeness.backoff_s * attempt)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict[str, str], kinds: tuple[str, ...]) -> Fetched:
        self._wait()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, response, kinds)
        except httpx.TooManyRedirects:
            raise FetchError(f"redirect loop (more than {MAX_REDIRECTS} redirects)") from None
        except httpx.TimeoutException:
            raise _Retryable(f"timed out after {self.politeness.timeout_s:g} s") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"connection failed ({type(exc).__name__})") from None

    def _read(self, url: str, response: httpx.Response, kinds: tuple[str, ...]) -> Fetched:
        status = response.status_code
        if status == 304:
            return Fetched(url, 304, etag=response.headers.get("ETag", ""),
                           last_modified=response.headers.get("Last-Modified", ""))
        if status == 429 or status >= 500:
            raise _Retryable(f"server error (HTTP {status})")
        if status == 404 or status == 410:
            raise FetchError(f"page not found (HTTP {status})")
        if status != 200:
            raise FetchError(f"unexpected response (HTTP {status})")
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind and kind not in kinds:
            raise FetchError(f"not a web page (Content-Type {kind})")
        limit = self.politeness.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large for a blog post ({int(declared):,} bytes; limit {limit:,})")
        body = bytearray()
        for part in response.iter_bytes():
            body.extend(part)
            if len(body) > limit:
                raise FetchError(f"too large for a blog post (over {limit:,} bytes)")
        encoding = response.charset_encoding or "utf-8"
        return Fetched(str(response.url), 200, bytes(body).decode(encoding, errors="replace"),
                       response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""))

    def _wait(self) -> None:
        gap = time.monotonic() - self._last
        delay = self.politeness.delay_s
        if self._last and gap < delay:
            time.sleep(delay - gap)
        self._last = time.monotonic()
        self.requests += 1

    def _rules(self, url: str) -> RobotFileParser | None:
        """The robots.txt rules of url's site; None means "fetch nothing there"."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        rules: RobotFileParser | None = RobotFileParser(origin + "/robots.txt")
        try:
            self._wait()
            response = self._client.get(origin + "/robots.txt")
            # As RFC 9309 says: no robots.txt (4xx) allows everything, an unreachable one allows nothing.
            if response.status_code in (401, 403) or response.status_code >= 500:
                rules = None
            elif response.status_code >= 400:
                rules.parse([])  # type: ignore[union-attr]
            else:
                rules.parse(response.text.splitlines())  # type: ignore[union-attr]
        except httpx.HTTPError as exc:
            log.warning("robots.txt of %s unreachable (%s): fetching nothing there", origin, type(exc).__name__)
            rules = None
        self._robots[origin] = rules
        if rules is not None:
            crawl_delay = rules.crawl_delay(self.politeness.user_agent)
            if crawl_delay and float(crawl_delay) > self.politeness.delay_s:
                self.politeness = replace(self.politeness, delay_s=float(crawl_delay))
        return rules


class _Retryable(Exception):
    """A failure worth another try (timeout, connection, 5xx, 429)."""
