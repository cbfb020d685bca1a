"""Article files in knowledge/ (Markdown with front matter, .txt, .html) -> Article records."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from bs4 import BeautifulSoup

from assistant.config import fill_placeholders
from assistant.inputs import html_depth

log = logging.getLogger(__name__)

# Bounded inputs (the defaults of Settings.max_article_bytes and max_html_depth): a 50,000-deep
# <div> file took 100 s to parse on every ingest, even with nothing changed.
MAX_BYTES = 2_000_000
MAX_HTML_DEPTH = 200

SUFFIXES = (".md", ".txt", ".html", ".htm")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Files in knowledge/ that document the folder rather than being articles.
NOT_ARTICLES = {"readme.md", "readme.txt"}


@dataclass(frozen=True)
class Article:
    """One article, its body as Markdown-ish text with '## ' headings."""

    slug: str
    title: str
    url: str
    body: str
    tags: tuple[str, ...] = ()
    summary: str = ""
    published: str = ""
    faq: tuple[str, ...] = ()
    path: str = ""
    # A reader's question quoted at the top of a blog post: indexed so search finds the post,
    # marked so the answer side never quotes it as the studio's advice (see assistant/index/sources).
    question: str = ""


@dataclass(frozen=True)
class Problem:
    """A file that was skipped, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Library:
    """The articles that loaded and the files that did not."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class ArticleError(ValueError):
    """A file that cannot be read as an article."""


def load_library(folder: Path, fields: dict[str, str] | None = None, max_bytes: int = MAX_BYTES,
                 max_depth: int = MAX_HTML_DEPTH) -> Library:
    """Load every article file under folder; malformed, oversized or outside files become Problems, not errors."""
    fields = fields or {}
    library = Library()
    seen: dict[str, str] = {}
    if not folder.is_dir():
        raise FileNotFoundError(f"knowledge folder {folder} does not exist")
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        if not _is_article_file(path):
            continue
        try:
            _check_file(path, root, max_bytes)
            article = load_article(path, fields, max_depth)
        except (ArticleError, OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problem = Problem(str(path), _short(exc))
            log.warning("skipped %s", problem)
            library.problems.append(problem)
            continue
        if article.slug in seen:
            problem = Problem(str(path), f"duplicate slug {article.slug!r} (also in {seen[article.slug]})")
            log.warning("skipped %s", problem)
            library.problems.append(problem)
            continue
        seen[article.slug] = str(path)
        library.articles.append(article)
    return library


def load_article(path: Path, fields: dict[str, str], max_depth: int = MAX_HTML_DEPTH) -> Article:
    """Read one article file of any supported kind."""
    raw = path.read_bytes().decode("utf-8")
    if "\x00" in raw:
        raise ArticleError("file contains NUL bytes (binary, not text)")
    suffix = path.suffix.lower()
    if suffix == ".md":
        article = _from_markdown(path, raw)
    elif suffix == ".txt":
        article = _from_text(path, raw)
    else:
        depth = html_depth(raw)
        if depth > max_depth:
            raise ArticleError(f"its HTML nests {depth} levels deep (at most {max_depth}); "
                               "save the page's article text alone")
        article = _from_html(path, raw)
    return _filled(article, fields)


def _check_file(path: Path, root: Path, max_bytes: int) -> None:
    """Refuse links that lead outside the knowledge folder, and files too big to be an article."""
    real = path.resolve()
    if real != root and root not in real.parents:
        raise ArticleError(f"it is a link to {real}, outside the knowledge folder (not followed)")
    size = real.stat().st_size
    if size > max_bytes:
        raise ArticleError(f"it is {size:,} bytes; an article can be at most {max_bytes:,} bytes "
                           "(ASSISTANT_MAX_ARTICLE_BYTES)")




def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    return (
        path.is_file()
        and path.suffix.lower() in SUFFIXES
        and name not in NOT_ARTICLES
        and not name.startswith((".", "_"))
    )


def _from_markdown(path: Path, raw: str) -> Article:
    post = frontmatter.loads(raw)
    meta = post.metadata
    if not meta:
        raise ArticleError("missing YAML front matter (--- title: ... ---)")
    title = _text_field(meta, "title", required=True)
    slug = _text_field(meta, "slug") or path.stem
    if not SLUG_RE.match(slug):
        raise ArticleError(f"slug {slug!r} is not kebab-case (e.g. elevated-hip)")
    body = post.content.strip()
    if not body:
        raise ArticleError("article body is empty")
    published = meta.get("published", "")
    if isinstance(published, dt.date):
        published = published.isoformat()
    return Article(
        slug=slug,
        title=title,
        url=_text_field(meta, "url") or "{site_url}/articles/" + slug,
        body=body,
        tags=_list_field(meta, "tags"),
        summary=_text_field(meta, "summary"),
        published=str(published),
        faq=_list_field(meta, "faq"),
        path=str(path),
    )


def _from_text(path: Path, raw: str) -> Article:
    lines = [line.rstrip() for line in raw.strip().splitlines()]
    if not lines or not lines[0].strip():
        raise ArticleError("text file is empty")
    title = lines[0].strip().lstrip("# ").strip()
    body = "\n".join(lines[1:]).strip()
    if not body:
        raise ArticleError("text file has a title line but no body")
    return Article(slug=_slugify(path.stem), title=title, url="{site_url}/articles/" + _slugify(path.stem),
                   body=body, path=str(path))


def _from_html(path: Path, raw: str) -> Article:
    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript"]):
        tag.decompose()
    h1 = soup.find("h1")
    title_tag = soup.find("title")
    title = (h1.get_text(" ", strip=True) if h1 else "") or (
        title_tag.get_text(" ", strip=True) if title_tag else ""
    )
    if not title:
        raise ArticleError("HTML has neither <h1> nor <title>")
    if h1:
        h1.decompose()
    # Keep headings as Markdown headings so chunking can keep them with their text.
    for level in range(2, 7):
        for heading in soup.find_all(f"h{level}"):
            heading.replace_with(f"\n\n{'#' * min(level, 3)} {heading.get_text(' ', strip=True)}\n\n")
    for item in soup.find_all("li"):
        item.insert_before("\n- ")
    for block in soup.find_all(["p", "div", "br", "ul", "ol"]):
        block.insert_after("\n\n")
    body_root = soup.body or soup
    text = body_root.get_text()
    body = re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()
    if not body:
        raise ArticleError("HTML has no text")
    slug = _slugify(path.stem)
    return Article(slug=slug, title=title, url="{site_url}/articles/" + slug, body=body, path=str(path))


def _filled(article: Article, fields: dict[str, str]) -> Article:
    return Article(
        slug=article.slug,
        title=fill_placeholders(article.title, fields),
        url=fill_placeholders(article.url, fields),
        body=fill_placeholders(article.body, fields),
        tags=article.tags,
        summary=fill_placeholders(article.summary, fields),
        published=article.published,
        faq=article.faq,
        path=article.path,
        question=article.question,
    )


def _text_field(meta: dict[str, object], key: str, required: bool = False) -> str:
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ArticleError(f"front matter has no {key!r}")
        return ""
    if not isinstance(value, str | int | float):
        raise ArticleError(f"front matter {key!r} should be text, got {type(value).__name__}")
    return str(value).strip()


def _list_field(meta: dict[str, object], key: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ArticleError(f"front matter {key!r} should be a list of text")
    return tuple(v.strip() for v in value if v.strip())


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "article"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    if isinstance(exc, yaml.YAMLError):
        return f"front matter is not valid YAML ({first})"
    if isinstance(exc, UnicodeDecodeError):
        return "file is not valid UTF-8 text"
    return first
