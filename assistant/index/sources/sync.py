"""Blog sources -> Articles, kept in sync: only changed pages are fetched, gone pages removed, failures skipped.

A sitemap page is fetched only when its lastmod moved (or the sitemap gives none); the request then
carries the ETag / Last-Modified we saw, and a 304 costs nothing more. A fetched page whose content hash
is unchanged keeps its Article as it was, so the index embeds nothing for it either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.index.articles import Article
from assistant.index.sources.extract import ExtractError, Post, extract_post
from assistant.index.sources.fetch import Fetcher, FetchError, Politeness
from assistant.index.sources.pages import read_pages
from assistant.index.sources.sitemap import SitemapError, read_sitemap
from assistant.index.sources.state import PageState, SourceState, load_states, save_states
from assistant.index.sources.wxr import WxrError, read_wxr

log = logging.getLogger(__name__)

KINDS = ("sitemap", "wxr", "pages")
Progress = Callable[[str, int, int], None]  # (source, done, total)


class SourceError(ConfigError):
    """A source setting that cannot be understood; str() names it and the allowed forms."""


@dataclass(frozen=True)
class Source:
    """Where a blog's posts come from: a sitemap URL, a WXR export file or a folder of saved pages."""

    kind: str
    location: str

    @property
    def spec(self) -> str:
        """The source as configured: kind:location."""
        return f"{self.kind}:{self.location}"


def parse_source(spec: str) -> Source:
    """'sitemap:URL', 'wxr:PATH' or 'pages:DIR' -> Source."""
    kind, _, location = spec.strip().partition(":")
    if kind not in KINDS or not location.strip():
        raise SourceError(f"unknown source {spec!r} (expected sitemap:URL, wxr:FILE or pages:DIR)")
    location = location.strip()
    if kind == "sitemap" and not location.startswith(("http://", "https://")):
        raise SourceError(f"sitemap source {location!r} is not an http(s) URL")
    if kind != "sitemap":
        location = str(Path(location).expanduser().resolve())
    return Source(kind, location)


@dataclass
class SyncReport:
    """What one source's sync did, for the progress line and the staff view."""

    source: str
    pages: int = 0
    fetched: int = 0
    unchanged: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    requests: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""

    def summary(self) -> str:
        """One line: what changed and what failed."""
        if self.error:
            return f"{self.source}: not synced ({self.error}); kept {self.pages} pages from the last sync"
        return (f"{self.source}: {self.pages} pages ({self.added} new, {self.changed} changed, {self.removed} removed, "
                f"{self.unchanged} unchanged; {self.requests} requests, {len(self.failures)} failed) "
                f"in {self.seconds:.1f} s")


def politeness(settings: Settings) -> Politeness:
    """The fetcher's manners, from the settings."""
    return Politeness(user_agent=settings.fetch_user_agent, delay_s=settings.fetch_delay_s,
                      timeout_s=settings.fetch_timeout_s, retries=settings.fetch_retries,
                      backoff_s=settings.fetch_backoff_s, max_bytes=settings.fetch_max_bytes)


def sync_sources(settings: Settings, sources: list[Source] | None = None, fetch: bool = True,
                 progress: Progress | None = None) -> tuple[list[Article], list[SyncReport]]:
    """Sync every source (the given ones, the configured ones and those synced before); their Articles."""
    states = load_states(settings.data_dir)
    wanted: dict[str, Source] = {}
    for source in [*(sources or []), *(parse_source(s) for s in [*settings.blog_sources, *states])]:
        wanted.setdefault(source.spec, source)
    reports = []
    for spec, source in wanted.items():
        state = states.setdefault(spec, SourceState(spec))
        if fetch:
            reports.append(sync_one(source, state, settings, progress))
            save_states(settings.data_dir, states)
    return articles_of(states), reports


def sync_one(source: Source, state: SourceState, settings: Settings, progress: Progress | None = None) -> SyncReport:
    """Bring one source's state up to date; never raises for a page, only records why it failed."""
    started = time.perf_counter()
    report = SyncReport(source.spec)
    state.failures = []
    state.error = ""
    try:
        if source.kind == "sitemap":
            _sync_sitemap(source, state, settings, report, progress)
        elif source.kind == "wxr":
            _sync_posts(state, [(i.url, i.modified, i.post, i.problem) for i in read_wxr(Path(source.location))],
                        report, progress)
        else:
            pages = read_pages(Path(source.location), settings.site_url)
            _sync_posts(state, [(p.post.url if p.post else str(p.path), "", p.post, p.problem) for p in pages],
                        report, progress)
    except (SitemapError, WxrError, FileNotFoundError) as exc:
        state.error = report.error = str(exc)
    state.last_sync = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    state.failures = report.failures
    report.pages = len(state.pages)
    report.seconds = time.perf_counter() - started
    state.requests = report.requests
    return report


def _sync_sitemap(source: Source, state: SourceState, settings: Settings, report: SyncReport,
                  progress: Progress | None) -> None:
    with Fetcher(politeness(settings)) as fetcher:
        try:
            entries, failures = read_sitemap(fetcher, source.location)
        finally:
            report.requests = fetcher.requests
        report.failures.extend(failures)
        listed = {e.url for e in entries}
        _remove_gone(state, listed, report)
        for n, entry in enumerate(entries, 1):
            prior = state.pages.get(entry.url)
            if prior is not None and entry.lastmod and prior.lastmod == entry.lastmod:
                report.unchanged += 1
            else:
                _fetch_page(fetcher, entry.url, entry.lastmod, prior, state, report)
            report.requests = fetcher.requests
            if progress:
                progress(source.spec, n, len(entries))


def _fetch_page(fetcher: Fetcher, url: str, lastmod: str, prior: PageState | None, state: SourceState,
                report: SyncReport) -> None:
    try:
        got = fetcher.get(url, prior.etag if prior else "", prior.last_modified if prior else "")
        report.fetched += 1
        if got.is_unchanged and prior is not None:
            prior.lastmod = lastmod
            report.unchanged += 1
            return
        post = extract_post(got.text, url=url)
    except (FetchError, ExtractError) as exc:
        log.warning("skipped %s: %s", url, exc)
        report.failures.append((url, str(exc)))
        # A timeout or server error may pass, so the last good copy stays; a page that is now
        # missing, disallowed or not a post any more is dropped.
        if prior is not None and not getattr(exc, "is_transient", False):
            del state.pages[url]
            report.removed += 1
        return
    page = _page(post, lastmod)
    page.etag, page.last_modified = got.etag, got.last_modified
    _store(state, page, prior, report)


def _sync_posts(state: SourceState, items: list[tuple[str, str, Post | None, str]], report: SyncReport,
                progress: Progress | None) -> None:
    """A source read whole (export file, folder): compare each post with what was indexed."""
    _remove_gone(state, {url for url, _, post, _ in items if post is not None}, report)
    for n, (url, modified, post, problem) in enumerate(items, 1):
        if post is None:
            report.failures.append((url, problem))
        else:
            _store(state, _page(post, modified), state.pages.get(post.url), report)
        if progress:
            progress(state.spec, n, len(items))


def _store(state: SourceState, page: PageState, prior: PageState | None, report: SyncReport) -> None:
    if prior is not None and prior.hash == page.hash:
        prior.lastmod, prior.etag, prior.last_modified = page.lastmod, page.etag, page.last_modified
        report.unchanged += 1
        return
    if prior is None:
        report.added += 1
    else:
        report.changed += 1
    state.pages[page.url] = page


def _remove_gone(state: SourceState, listed: set[str], report: SyncReport) -> None:
    for url in [u for u in state.pages if u not in listed]:
        del state.pages[url]
        report.removed += 1


def _page(post: Post, lastmod: str) -> PageState:
    digest = hashlib.sha256("\x1f".join([post.title, post.body, post.question, post.published,
                                         *post.topics]).encode("utf-8")).hexdigest()
    return PageState(url=post.url, title=post.title, body=post.body, question=post.question,
                     published=post.published, topics=list(post.topics), slug=_slug_of(post.url), lastmod=lastmod,
                     hash=digest, synced=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


def articles_of(states: dict[str, SourceState]) -> list[Article]:
    """The Articles of every synced page, cited by their own URLs."""
    out = []
    for state in states.values():
        for page in state.pages.values():
            out.append(Article(slug=page.slug or _slug_of(page.url), title=page.title, url=page.url, body=page.body,
                               tags=tuple(page.topics), published=page.published, path=state.spec,
                               question=page.question))
    return out


def merge_articles(articles: list[Article], extra: list[Article]) -> list[Article]:
    """articles followed by extra, an extra article whose slug is taken getting its URL's hash appended."""
    taken = {a.slug for a in articles}
    out = list(articles)
    for article in sorted(extra, key=lambda a: a.url):
        slug = article.slug
        if slug in taken:
            slug = f"{slug}-{hashlib.sha1(article.url.encode()).hexdigest()[:6]}"
        taken.add(slug)
        out.append(Article(**{**article.__dict__, "slug": slug}))
    return out


def forget_source(settings: Settings, spec: str) -> bool:
    """Stop syncing a source; its posts leave the index at the next ingest. False if it was not known."""
    states = load_states(settings.data_dir)
    key = spec if spec in states else parse_source(spec).spec
    if key not in states:
        return False
    del states[key]
    save_states(settings.data_dir, states)
    return True


def _slug_of(url: str) -> str:
    path = re.sub(r"[?#].*$", "", url).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.html?$", "", last)
    slug = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-")
    return slug or "post-" + hashlib.sha1(url.encode()).hexdigest()[:8]
