"""Blog sources against a real HTTP server on 127.0.0.1: extraction, sync, failures, robots.txt, WXR and saved pages."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from blog_render import BASE, FIXTURE, load_posts, site_files, urlset
from blog_server import BlogSite
from conftest import make_settings
from fakes import HashingEmbedder

from assistant.config import Settings
from assistant.index.ingest import ingest
from assistant.index.sources import extract_post, parse_source, source_status, sync_sources
from assistant.index.store import get_all, open_store

POSTS = load_posts()
BOILERPLATE = ["cookie", "Share on", "Leave a Reply", "Recent Posts", "powered by WordPress", "magnesium",
               "osteopath cracked", "newsletter", "Privacy", "Post navigation", "About Deb", "Posted in", "Search"]


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"fetch_delay_s": 0.0, "fetch_timeout_s": 2.0, "fetch_retries": 1,
                                 "fetch_backoff_s": 0.0}
    values.update(overrides)
    return make_settings(tmp_path, **values)


def _sitemap(site: BlogSite) -> list:  # type: ignore[type-arg]
    return [parse_source(f"sitemap:{site.url('/sitemap.xml')}")]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("post", POSTS, ids=[p.slug for p in POSTS])
def test_extracted_text_has_no_boilerplate_and_keeps_the_question_apart(post) -> None:  # type: ignore[no-untyped-def]
    page = (FIXTURE / "site" / post.path.strip("/") / "index.html").read_text(encoding="utf-8")
    got = extract_post(page.replace(BASE, "http://blog.test"))
    for junk in BOILERPLATE:
        assert junk.lower() not in got.body.lower(), junk
        assert junk.lower() not in got.question.lower(), junk
    assert _words(got.question) == _words(post.question)
    assert _words(post.question)[:40] not in _words(got.body)  # the reader's email is not in the post's text
    assert got.title == post.title and got.published == post.date
    assert got.url == f"http://blog.test{post.path}"
    assert re.search(r"^## \S", got.body, re.MULTILINE)  # headings kept as structure
    assert re.search(r"^- \S", got.body, re.MULTILINE)  # and list items
    assert re.search(r"\b[A-Z]{3,}\b", got.body)  # CAPITALS for emphasis survive
    assert "Answer:" not in got.body and "email arrived" not in got.body


SEED_STYLE = """<html><head><title>Does Foam Rolling Help a Stiff Back?</title></head><body>
<nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav>
<article><h1>Does Foam Rolling Help a Stiff Back?</h1>
<p>Does foam rolling help a stiff back?</p>
<p>People ask me this every week. Only yesterday a reader wrote:</p>
<p>"Deb - a friend at work swears by her foam roller.</p>
<p>My back is STIFF every morning and loosens up by lunch. I have tried yoga twice and it hurt.</p>
<p>Would rolling help me or make it worse?"</p>
<p>The short answer is YES, rolling can help, but WHERE you roll matters far more than how long you roll.
Rolling straight on the lower back presses on joints that are already irritated, so I never ask clients
to do that. Instead we release the muscles that pull on the back from above and below: the glutes, the
outer hips and the muscles along the side of the ribs.</p>
<h2>How to start</h2>
<ul><li>Roll the glutes and outer hips for a minute each side.</li><li>Rest on tender spots and breathe.</li></ul>
<p>Give it two weeks of short daily sessions before you judge it.</p>
</article><div class="comments"><p>Great post! Rolling fixed everything for me in one day.</p></div>
<footer>Copyright The Studio</footer></body></html>"""


def test_a_readers_email_over_several_paragraphs_in_quotes_is_kept_apart() -> None:
    got = extract_post(SEED_STYLE, url="https://blog.test/foam-rolling-stiff-back/")
    assert got.question.startswith("Deb - a friend at work") and got.question.endswith("make it worse?")
    assert "STIFF every morning" in got.question
    assert "friend at work" not in got.body and "STIFF" not in got.body and "reader wrote" not in got.body
    assert got.body.startswith("Does foam rolling help a stiff back?")
    assert "WHERE you roll" in got.body and "- Roll the glutes" in got.body
    assert "fixed everything" not in got.body and "Copyright" not in got.body


def test_categories_and_tags_map_to_topics() -> None:
    page = (FIXTURE / "site" / POSTS[1].path.strip("/") / "index.html").read_text(encoding="utf-8")
    got = extract_post(page)
    assert got.categories == ("Hip Disparity",)
    assert got.topics == ("hip-disparity", "pelvic-tilt", "leg-length")


def test_resync_fetches_only_changed_pages_and_replaces_edits_and_removes_deletions(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    embedder = HashingEmbedder()
    with BlogSite() as site:
        articles, [report] = sync_sources(settings, _sitemap(site))
        assert (report.added, report.failures) == (8, [])
        assert site.page_requests() == 8
        assert {a.url for a in articles} == {site.url(p.path) for p in POSTS}
        assert any("posture-assistant" in ua for ua in site.user_agents)
        ingest(settings, embedder, extra=articles)

        # Nothing changed: the sitemap's lastmod says so, and no page is requested.
        articles, [report] = sync_sources(settings)  # a source synced before is remembered
        assert site.page_requests() == 8 and report.unchanged == 8

        # One post edited (its lastmod moves), one deleted from the sitemap.
        edited, deleted = POSTS[2], POSTS[5]
        site.edit(edited.path, site.files[edited.path].replace("roll FIRST and exercise second",
                                                               "roll FIRST, then do the exercises"))
        rows = [(p.path, "2025-01-01" if p is edited else p.lastmod) for p in POSTS if p is not deleted]
        site.files["/post-sitemap1.xml"] = urlset(rows)
        articles, [report] = sync_sources(settings)
        assert site.page_requests() == 9 and site.requests[edited.path] == 2
        assert (report.changed, report.removed, report.unchanged) == (1, 1, 6)
        summary = ingest(settings, embedder, extra=articles)
        assert summary.removed_articles == 1
        store = open_store(settings)
        assert deleted.slug not in get_all(store.manifest)["ids"]
        docs = get_all(store.chunks, where={"slug": edited.slug}, include=["documents"])["documents"]
        text = " ".join(docs)
        assert "then do the exercises" in text and "exercise second" not in text


def test_without_lastmod_requests_are_conditional_and_an_unchanged_hash_changes_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with BlogSite() as site:
        site.files["/post-sitemap1.xml"] = urlset([(p.path, "") for p in POSTS]).replace("<lastmod></lastmod>", "")
        sync_sources(settings, _sitemap(site))
        _, [report] = sync_sources(settings)
        # Each page asked again, with its ETag: all answered 304, nothing re-extracted.
        assert site.page_requests() == 16 and (report.fetched, report.unchanged, report.changed) == (8, 8, 0)
        # A new ETag but the same post (only a comment changed): fetched, hash equal, nothing to embed.
        p = POSTS[0]
        site.edit(p.path, site.files[p.path].replace("Sandra", "Sandra P"))
        _, [report] = sync_sources(settings)
        assert (report.unchanged, report.changed) == (8, 0)


def _bad_routes(site: BlogSite) -> dict[str, str]:
    def status(code: int):  # type: ignore[no-untyped-def]
        return lambda h: h._send(code, "text/html", b"<html><body>oops</body></html>")

    def slow(h) -> None:  # type: ignore[no-untyped-def]
        time.sleep(3)
        h._send(200, "text/html", site.files[POSTS[0].path].replace(BASE, site.base).encode())

    def loop(h) -> None:  # type: ignore[no-untyped-def]
        h._send(302, "", b"", {"Location": "/bad/loop/"})

    site.special.update({
        "/bad/missing/": status(404), "/bad/error/": status(500), "/bad/slow/": slow, "/bad/loop/": loop,
        "/bad/pdf/": lambda h: h._send(200, "application/pdf", b"%PDF-1.4 not a web page"),
        "/bad/huge/": lambda h: h._send(200, "text/html", b"<p>" + b"word " * 60_000 + b"</p>"),
    })
    return {"/bad/missing/": "not found (HTTP 404)", "/bad/error/": "server error (HTTP 500) (after 2 tries)",
            "/bad/slow/": "timed out", "/bad/loop/": "redirect loop", "/bad/pdf/": "not a web page",
            "/bad/huge/": "too large for a blog post"}


def test_each_failing_page_is_skipped_with_its_reason_and_the_rest_goes_on(tmp_path: Path) -> None:
    settings = _settings(tmp_path, fetch_timeout_s=0.5, fetch_max_bytes=100_000)
    with BlogSite() as site:
        expected = _bad_routes(site)
        site.files["/post-sitemap1.xml"] = urlset([(p.path, p.lastmod) for p in POSTS] + [(b, "") for b in expected])
        articles, [report] = sync_sources(settings, _sitemap(site))
        assert len(articles) == 8 and report.added == 8
        reasons = {url.removeprefix(site.base): reason for url, reason in report.failures}
        assert set(reasons) == set(expected)
        for path, words in expected.items():
            assert words in reasons[path], (path, reasons[path])
        assert site.requests["/bad/error/"] == 2  # bounded retries: one try and one retry
        [status] = source_status(settings)
        assert status.pages == 8 and len(status.failures) == 6


def test_robots_txt_is_obeyed(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with BlogSite() as site:
        site.files["/private/members-only/"] = site.files[POSTS[0].path]
        listed = [(p.path, p.lastmod) for p in POSTS] + [("/private/members-only/", "")]
        site.files["/post-sitemap1.xml"] = urlset(listed)
        articles, [report] = sync_sources(settings, _sitemap(site))
        assert len(articles) == 8
        assert site.requests["/private/members-only/"] == 0 and site.requests["/robots.txt"] == 1
        assert (site.url("/private/members-only/"), "disallowed by robots.txt") in report.failures


def test_requests_are_spaced_by_the_politeness_delay(tmp_path: Path) -> None:
    settings = _settings(tmp_path, fetch_delay_s=0.2)
    with BlogSite() as site:
        sync_sources(settings, _sitemap(site))
    gaps = [b - a for a, b in zip(site.arrivals, site.arrivals[1:])]
    # Arrival times jitter by some milliseconds; without the delay the gaps are a few milliseconds.
    assert len(gaps) == 12 and min(gaps) >= 0.15  # robots.txt, 4 sitemaps, 8 pages


def test_robots_crawl_delay_wins_when_longer(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    post = POSTS[0]
    files = {"/robots.txt": "User-agent: *\nCrawl-delay: 1\n", "/sitemap.xml": urlset([(post.path, "")]),
             post.path: site_files(POSTS)[post.path]}
    with BlogSite(files) as site:
        articles, _ = sync_sources(settings, _sitemap(site))
    gaps = [b - a for a, b in zip(site.arrivals, site.arrivals[1:])]
    assert len(articles) == 1 and len(gaps) == 2 and min(gaps) >= 0.9


def test_an_unreachable_sitemap_keeps_the_last_sync(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with BlogSite() as site:
        sync_sources(settings, _sitemap(site))
        site.special["/sitemap.xml"] = lambda h: h._send(500, "text/html", b"down")
        articles, [report] = sync_sources(settings)
        assert len(articles) == 8 and "HTTP 500" in report.error


def test_wxr_export_indexes_published_posts_and_drops_removed_ones(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    export = tmp_path / "export.xml"
    shutil.copy(FIXTURE / "export.xml", export)
    articles, [report] = sync_sources(settings, [parse_source(f"wxr:{export}")])
    assert report.added == 8 and not report.failures  # the draft and the attachment are not posts
    by_url = {a.url: a for a in articles}
    hip = by_url["https://posture-studio.example/2024/03/one-hip-higher-than-the-other/"]
    assert hip.question.startswith("Deb, my yoga teacher") and "yoga teacher" not in hip.body
    assert hip.tags == ("hip-disparity", "pelvic-tilt", "leg-length") and hip.published == "2024-03-04"
    text = export.read_text(encoding="utf-8")
    first_item = text.index("<item>")
    export.write_text(text[:first_item] + text[text.index("</item>") + len("</item>"):], encoding="utf-8")
    articles, [report] = sync_sources(settings)
    assert (report.removed, report.unchanged, len(articles)) == (1, 7, 7)


def test_saved_pages_are_cited_by_their_canonical_url(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    folder = tmp_path / "saved"
    for page in (FIXTURE / "site").rglob("index.html"):
        target = folder / page.relative_to(FIXTURE / "site")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.read_text(encoding="utf-8").replace(BASE, "https://blog.studio.example"))
    (folder / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    articles, [report] = sync_sources(settings, [parse_source(f"pages:{folder}")])
    assert {a.url for a in articles} == {f"https://blog.studio.example{p.path}" for p in POSTS}
    assert len(report.failures) == 1 and report.failures[0][0].endswith("empty.html")


def test_bad_source_settings_name_the_allowed_forms(tmp_path: Path) -> None:
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="expected sitemap:URL, wxr:FILE or pages:DIR"):
        parse_source("rss:https://x.example/feed")
    with pytest.raises(ConfigError, match="not an http"):
        parse_source("sitemap:ftp://x.example/sitemap.xml")


def test_sources_command_lists_pages_last_sync_and_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli.main import main
    from assistant.config import get_settings

    settings = _settings(tmp_path)
    with BlogSite() as site:
        site.files["/post-sitemap1.xml"] = urlset([(p.path, p.lastmod) for p in POSTS] + [("/gone/", "")])
        sync_sources(settings, _sitemap(site))
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
        get_settings.cache_clear()
        try:
            assert main(["sources"]) == 0
        finally:
            get_settings.cache_clear()
    out = capsys.readouterr().out
    assert f"sitemap:{site.url('/sitemap.xml')}" in out and "pages: 8" in out and "failures: 1" in out
    assert f"{site.url('/gone/')}: page not found (HTTP 404)" in out


def test_ingest_command_indexes_a_sitemap_and_names_a_bad_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import assistant.cli.ingest as cli_ingest
    from assistant.config import get_settings

    settings = _settings(tmp_path)
    for name, value in {"DATA_DIR": settings.data_dir, "KNOWLEDGE_DIR": settings.knowledge_dir,
                        "COLLECTION": "test_articles", "FETCH_DELAY_S": 0, "EMBEDDING_RUNTIME": "torch"}.items():
        monkeypatch.setenv(f"ASSISTANT_{name}", str(value))
    monkeypatch.setattr(cli_ingest, "embedder_for", lambda s: HashingEmbedder())
    monkeypatch.setattr(cli_ingest, "keep_vectors_in", lambda folder: None)
    monkeypatch.setattr(cli_ingest, "warm_up", lambda embedder: None)
    get_settings.cache_clear()
    try:
        with BlogSite() as site:
            assert cli_ingest.main(["--quiet", "--sitemap", site.url("/sitemap.xml")]) == 0
        assert cli_ingest.main(["--quiet", "--sitemap", "ftp://blog.example/sitemap.xml"]) == 2
    finally:
        get_settings.cache_clear()
    out, err = capsys.readouterr()
    assert "8 pages (8 new" in err and "Indexed" in out
    assert "error: sitemap source 'ftp://blog.example/sitemap.xml' is not an http(s) URL" in err
    manifest = get_all(open_store(settings).manifest, include=["metadatas"])
    urls = {str(m["url"]) for m in manifest["metadatas"]}
    assert {site.url(p.path) for p in POSTS} <= urls
