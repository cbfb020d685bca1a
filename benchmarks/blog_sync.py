"""Blog sync over loopback (issue 18): `python -m benchmarks.blog_sync` rewrites its section of BENCHMARKS.md.

A generated blog of 300 posts (the fixture's eight, varied and renumbered, in the same WordPress-like
pages) is served by the tests' HTTP server on 127.0.0.1. Measured: the first sync (fetch + extract)
in pages per second, a re-sync with nothing changed (sitemap lastmod), a re-sync of a sitemap without
lastmod (every page asked with its ETag, answered 304), and with --embed the first ingest and an
ingest with nothing changed. The politeness delay is 0 here: with the default 1 s, a first sync of
N pages takes at least N seconds whatever the code does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.measure import write_section

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- blog-sync:start -->", "<!-- blog-sync:end -->"
# The fixture's renderer and server live with the tests (tests/blog_render.py, tests/blog_server.py).
TESTS = str(ROOT / "tests")


def generated_posts(n: int) -> list[Any]:
    """n posts made from the fixture's eight: renumbered, re-dated, each with a sentence of its own."""
    from blog_render import load_posts

    base = load_posts()
    out = []
    for i in range(n):
        p = base[i % len(base)]
        day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
        extra = f"<p>Note {i} in this series: readers keep asking about this, so the post is updated now and then.</p>"
        out.append(replace(p, slug=f"{p.slug}-{i}", title=f"{p.title} (part {i})", date=day, lastmod=day,
                           body=p.body + extra))
    return out


def measure(posts: int = 300, embed: bool = False) -> dict[str, Any]:
    """The figures of one run."""
    if TESTS not in sys.path:
        sys.path.insert(0, TESTS)
    from blog_render import site_files, urlset
    from blog_server import BlogSite

    from assistant.config import Settings
    from assistant.index.sources import parse_source, sync_sources

    generated = generated_posts(posts)
    results: dict[str, Any] = {"posts": posts}
    with tempfile.TemporaryDirectory() as tmp, BlogSite(site_files(generated)) as site:
        (Path(tmp) / "knowledge").mkdir()
        settings = Settings(data_dir=Path(tmp) / "data", knowledge_dir=Path(tmp) / "knowledge",
                            fetch_delay_s=0.0, collection="bench_blog")
        source = [parse_source(f"sitemap:{site.url('/sitemap.xml')}")]
        started = time.perf_counter()
        articles, [first] = sync_sources(settings, source)
        results["first_s"] = time.perf_counter() - started
        results["first_requests"] = sum(site.requests.values())
        results["pages"], results["failures"] = first.pages, len(first.failures)
        before = dict(site.requests)
        started = time.perf_counter()
        articles, [again] = sync_sources(settings)
        results["resync_s"] = time.perf_counter() - started
        results["resync_page_requests"] = sum(site.requests.values()) - sum(before.values())
        site.files["/post-sitemap1.xml"] = urlset([(p.path, "") for p in generated]).replace("<lastmod></lastmod>", "")
        before = dict(site.requests)
        started = time.perf_counter()
        sync_sources(settings)
        results["conditional_s"] = time.perf_counter() - started
        results["conditional_requests"] = sum(site.requests.values()) - sum(before.values())
        if embed:
            results.update(_ingest(settings, articles))
    return results


def _ingest(settings: Any, articles: list[Any]) -> dict[str, Any]:
    from assistant.index.embedding import get_embedder
    from assistant.index.ingest import ingest
    from assistant.index.sources import sync_sources

    onnx = ROOT / "data" / "models" / "all-MiniLM-L6-v2.onnx"
    embedder = get_embedder("onnx" if onnx.is_file() else "torch", onnx if onnx.is_file() else None)
    started = time.perf_counter()
    first = ingest(settings, embedder, extra=articles)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    articles, _ = sync_sources(settings)
    again = ingest(settings, embedder, extra=articles)
    return {"ingest_s": first_s, "chunks": first.total_chunks, "embedded": first.embedded,
            "runtime": "onnx" if onnx.is_file() else "torch",
            "reingest_s": time.perf_counter() - started, "reingest_embedded": again.embedded}


def section(r: dict[str, Any]) -> str:
    """The Markdown section."""
    lines = [START, "## Blog sync (issue 18)", "",
             f"A generated blog of {r['posts']} WordPress-like posts served on 127.0.0.1 by the tests' server; "
             "politeness delay 0 (the default 1 s between requests would make a first sync take at least one "
             "second a page). `python -m benchmarks.blog_sync --embed` rewrites this section.", "",
             "| step | time | pages/s | HTTP requests |", "| --- | --- | --- | --- |",
             f"| first sync (fetch + extract, {r['pages']} pages, {r['failures']} failed) | {r['first_s']:.1f} s | "
             f"{r['pages'] / r['first_s']:.1f} | {r['first_requests']} |",
             f"| re-sync, nothing changed (sitemap lastmod) | {r['resync_s']:.2f} s | n/a | "
             f"{r['resync_page_requests']} (robots.txt and sitemaps only) |",
             f"| re-sync, sitemap without lastmod (ETag, all 304) | {r['conditional_s']:.1f} s | "
             f"{r['pages'] / r['conditional_s']:.1f} | {r['conditional_requests']} |"]
    if "ingest_s" in r:
        lines += [f"| first ingest of the posts ({r['chunks']} chunks, {r['embedded']:,} texts embedded, "
                  f"{r['runtime']}) | {r['ingest_s']:.1f} s | {r['pages'] / r['ingest_s']:.1f} | 0 |",
                  f"| re-sync + ingest, nothing changed ({r['reingest_embedded']} embedded) | {r['reingest_s']:.1f} s "
                  "| n/a | (as above) |"]
    lines += ["", "Measured on the shared 2-core machine, other engineers' work running; one run each.", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and rewrite the blog-sync section of BENCHMARKS.md."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.blog_sync", description=__doc__)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--embed", action="store_true", help="also time the first ingest and an unchanged one")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    results = measure(args.posts, args.embed)
    block = section(results)
    print(block)
    write_section(args.out, START, END, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
