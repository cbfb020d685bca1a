# ruff: noqa: E501  (HTML templates read better with their lines whole)
"""Renders blog posts as a WordPress-like site (pages, nested sitemaps, robots.txt) and a WXR export.

`python tests/blog_render.py` rewrites tests/fixtures/blog/ from posts.yaml; the benchmark renders
generated posts with the same functions. `__BASE__` in the files is replaced by the serving address.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "blog"
BASE = "__BASE__"
WXR_SITE = "https://posture-studio.example"


@dataclass
class Post:
    """One post as the fixture describes it."""

    slug: str
    title: str
    date: str
    lastmod: str
    categories: list[str]
    tags: list[str]
    question: str
    body: str

    @property
    def path(self) -> str:
        """WordPress's /yyyy/mm/slug/ permalink."""
        return f"/{self.date[:4]}/{self.date[5:7]}/{self.slug}/"


def load_posts(path: Path = FIXTURE / "posts.yaml") -> list[Post]:
    """The fixture's posts."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Post(**{k: (str(v) if k in ("date", "lastmod") else v) for k, v in row.items()}) for row in rows]


def question_html(post: Post, n: int) -> str:
    """The reader's email, quoted the two ways studio blogs do it."""
    email = html.escape(post.question.strip())
    if n % 2 == 0:
        return f"<p>An email arrived this week that I want to share:</p>\n<blockquote><p>{email}</p></blockquote>"
    return f"<p><strong>Question:</strong> &ldquo;{email}&rdquo;</p>\n<p><strong>Answer:</strong></p>"


def entry_html(post: Post, n: int) -> str:
    """The post's content as WordPress stores it (what goes into content:encoded)."""
    return question_html(post, n) + "\n" + post.body


def page_html(post: Post, n: int, others: list[Post]) -> str:
    """A full post page with the clutter around a real WordPress post."""
    cats = ", ".join(f'<a href="{BASE}/category/{c.lower().replace(" ", "-")}/" rel="category tag">{html.escape(c)}</a>'
                     for c in post.categories)
    tags = ", ".join(f'<a href="{BASE}/tag/{t.replace(" ", "-")}/" rel="tag">{html.escape(t)}</a>' for t in post.tags)
    recent = "\n".join(f'<li><a href="{BASE}{o.path}">{html.escape(o.title)}</a></li>' for o in others[:5])
    title = html.escape(post.title)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<title>{title} &#8211; The Posture Studio Blog</title>
<link rel="canonical" href="{BASE}{post.path}">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{BASE}{post.path}">
<meta property="article:published_time" content="{post.date}T09:00:00+00:00">
{''.join(f'<meta property="article:tag" content="{html.escape(t)}">' for t in post.tags)}
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.cookie-notice {{ position: fixed; bottom: 0; }}</style>
</head>
<body class="post-template-default single single-post">
<div id="cookie-notice" class="cookie-notice" role="dialog"><p>We use cookies to improve your experience on our
website. By browsing this website, you agree to our use of cookies. <a href="{BASE}/privacy/">Privacy policy</a></p>
<button class="cn-accept">Accept all cookies</button></div>
<header id="masthead" class="site-header">
<p class="site-title"><a href="{BASE}/">The Posture Studio</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{BASE}/">Home</a></li><li><a href="{BASE}/about/">About Deb</a></li>
<li><a href="{BASE}/services/">Services and prices</a></li><li><a href="{BASE}/blog/">Blog</a></li>
<li><a href="{BASE}/contact/">Contact us</a></li></ul></nav>
</header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-{100 + n}" class="post-{100 + n} post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published"
datetime="{post.date}T09:00:00+00:00">{post.date}</time></span> <span class="byline">by Deb</span></div>
</header>
<div class="entry-content">
{entry_html(post, n)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>
<li class="share-facebook"><a href="https://facebook.example/share">Share on Facebook</a></li>
<li class="share-twitter"><a href="https://x.example/share">Share on X</a></li>
<li class="share-email"><a href="mailto:?subject=post">Email a friend</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in {cats}</span> <span class="tags-links">Tagged {tags}</span>
</footer>
</article>
<nav class="navigation post-navigation"><h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links"><a href="{BASE}/" rel="prev">Previous post</a> <a href="{BASE}/" rel="next">Next post</a></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on &ldquo;{title}&rdquo;</h2>
<ol class="comment-list">
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Sandra</b> says:</footer>
<div class="comment-content"><p>Thank you Deb, I tried a hot water bottle and magnesium tablets and my pain vanished overnight!</p></div>
</article></li>
<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">Mike R</b> says:</footer>
<div class="comment-content"><p>My osteopath cracked my back twice a week for a year, best money I ever spent.</p></div>
</article></li></ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3>
<form class="comment-form"><p>Your email address will not be published.</p><textarea name="comment"></textarea>
<input type="submit" value="Post Comment"></form></div></div>
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_search"><form role="search"><input type="search" placeholder="Search &hellip;"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>
<section class="widget widget_text"><h2 class="widget-title">Book a posture assessment</h2>
<div class="textwidget"><p>Limited spaces this month. Sign up for our newsletter and get 10% off your first session!</p></div></section>
</aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2024 The Posture Studio. All rights reserved.
Proudly powered by WordPress. <a href="{BASE}/privacy/">Privacy</a> | <a href="{BASE}/terms/">Terms</a></div></footer>
</body>
</html>
"""


def urlset(entries: list[tuple[str, str]]) -> str:
    """A sitemap of (path, lastmod)."""
    rows = "\n".join(f"  <url><loc>{BASE}{p}</loc><lastmod>{m}</lastmod></url>" for p, m in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</urlset>\n')


def sitemap_index(children: list[str]) -> str:
    """A sitemap index pointing at child sitemaps."""
    rows = "\n".join(f"  <sitemap><loc>{BASE}/{c}</loc></sitemap>" for c in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</sitemapindex>\n')


def wxr(posts: list[Post], site: str = WXR_SITE) -> str:
    """A WordPress eXtended RSS export of the posts (plus an attachment and a draft, which are not posts to index)."""
    items = []
    for n, post in enumerate(posts):
        terms = "".join(f'<category domain="category" nicename="{c.lower().replace(" ", "-")}"><![CDATA[{c}]]></category>'
                        for c in post.categories)
        terms += "".join(f'<category domain="post_tag" nicename="{t.replace(" ", "-")}"><![CDATA[{t}]]></category>'
                         for t in post.tags)
        items.append(f"""<item>
<title><![CDATA[{post.title}]]></title>
<link>{site}{post.path}</link>
<dc:creator><![CDATA[deb]]></dc:creator>
<content:encoded><![CDATA[{entry_html(post, n)}]]></content:encoded>
<wp:post_id>{100 + n}</wp:post_id>
<wp:post_date><![CDATA[{post.date} 09:00:00]]></wp:post_date>
<wp:post_modified_gmt><![CDATA[{post.lastmod} 09:00:00]]></wp:post_modified_gmt>
<wp:post_name><![CDATA[{post.slug}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
{terms}
</item>""")
    items.append("""<item><title><![CDATA[studio-photo]]></title><link>https://posture-studio.example/studio-photo/</link>
<content:encoded><![CDATA[]]></content:encoded><wp:post_id>900</wp:post_id><wp:status><![CDATA[inherit]]></wp:status>
<wp:post_type><![CDATA[attachment]]></wp:post_type></item>
<item><title><![CDATA[Unfinished draft about knees]]></title><link>https://posture-studio.example/?p=901</link>
<content:encoded><![CDATA[<p>Notes to self: finish this one.</p>]]></content:encoded><wp:post_id>901</wp:post_id>
<wp:status><![CDATA[draft]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>""")
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>The Posture Studio Blog</title>
<link>{site}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url>
{body}
</channel>
</rss>
"""


def site_files(posts: list[Post]) -> dict[str, str]:
    """Every file of the served site, by URL path."""
    files: dict[str, str] = {}
    for n, post in enumerate(posts):
        others = [o for o in posts if o.slug != post.slug]
        files[post.path] = page_html(post, n, others)
    files["/sitemap.xml"] = sitemap_index(["post-sitemap.xml", "page-sitemap.xml"])
    files["/post-sitemap.xml"] = sitemap_index(["post-sitemap1.xml"])  # nested one level deeper
    files["/post-sitemap1.xml"] = urlset([(p.path, p.lastmod) for p in posts])
    files["/page-sitemap.xml"] = urlset([])
    files["/robots.txt"] = f"User-agent: *\nDisallow: /wp-admin/\nDisallow: /private/\n\nSitemap: {BASE}/sitemap.xml\n"
    return files


def write_fixture(out: Path = FIXTURE) -> None:
    """Rewrite the fixture's site/ folder and export.xml from posts.yaml."""
    posts = load_posts()
    for path, text in site_files(posts).items():
        target = out / "site" / (path.strip("/") + ("/index.html" if path.endswith("/") else ""))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (out / "export.xml").write_text(wxr(posts), encoding="utf-8")


if __name__ == "__main__":
    write_fixture()
    sys.exit(0)
