"""`assistant sources`: the blog sources, their page counts, last sync and failures; and the sync step of ingest."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tqdm import tqdm

from assistant.config import Settings, get_settings
from assistant.index.articles import Article
from assistant.index.sources import Source, SyncReport, forget_source, parse_source, source_status, sync_sources

# Failures listed per source before "... and N more" (all of them with --json).
SHOWN_FAILURES = 10


def register_sources(sub: Any) -> None:
    """Add `sources` to the command line."""
    p = sub.add_parser("sources", help="list the blog sources: pages, last sync and failures")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--forget", metavar="SOURCE", help="stop syncing a source (its posts leave at the next ingest)")
    p.set_defaults(run=run_sources)


def run_sources(args: argparse.Namespace) -> int:
    """Print each source's status."""
    settings = get_settings()
    if args.forget:
        if not forget_source(settings, args.forget):
            print(f"error: no synced source {args.forget!r}; see: python -m assistant sources", file=sys.stderr)
            return 1
        print(f"Forgot {args.forget}; run python ingest.py to remove its posts from the index.")
        return 0
    rows = source_status(settings)
    if args.json:
        print(json.dumps({"sources": [r.to_dict() for r in rows]}, ensure_ascii=False))
        return 0
    if not rows:
        print("No blog sources yet. Add one: python ingest.py --sitemap URL | --wxr FILE | --pages DIR")
        return 0
    for r in rows:
        when = r.last_sync or "never synced"
        print(f"{r.source}\n  pages: {r.pages}   last sync: {when}   failures: {len(r.failures)}")
        if r.error:
            print(f"  error: {r.error}")
        for url, reason in r.failures[:SHOWN_FAILURES]:
            print(f"  - {url}: {reason}")
        if len(r.failures) > SHOWN_FAILURES:
            print(f"  ... and {len(r.failures) - SHOWN_FAILURES} more (--json lists all)")
    return 0


def sources_from(args: argparse.Namespace) -> list[Source]:
    """The sources named on the ingest command line."""
    named = [("wxr", args.wxr), ("sitemap", args.sitemap), ("pages", args.pages)]
    return [parse_source(f"{kind}:{value}") for kind, values in named for value in values or []]


def sync_with_progress(settings: Settings, sources: list[Source], fetch: bool, quiet: bool) -> list[Article]:
    """Sync the blog sources with a progress bar per source; print what each did; their Articles."""
    bars: dict[str, tqdm] = {}

    def progress(source: str, done: int, total: int) -> None:
        if quiet:
            return
        bar = bars.get(source)
        if bar is None:
            bar = bars[source] = tqdm(total=total, desc=f"Syncing {source}", unit="page", file=sys.stderr)
        bar.n = done
        bar.refresh()

    articles, reports = sync_sources(settings, sources, fetch=fetch, progress=progress)
    for bar in bars.values():
        bar.close()
    for report in reports:
        _print_report(report)
    return articles


def _print_report(report: SyncReport) -> None:
    print(report.summary(), file=sys.stderr)
    for url, reason in report.failures[:SHOWN_FAILURES]:
        print(f"warning: skipped {url}: {reason}", file=sys.stderr)
    if len(report.failures) > SHOWN_FAILURES:
        print(f"warning: ... and {len(report.failures) - SHOWN_FAILURES} more; see: python -m assistant sources",
              file=sys.stderr)
