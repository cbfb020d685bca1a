"""A blog page's HTML -> a Post: the main text as Markdown-ish structure, its metadata, and the reader's question apart.

trafilatura (a maintained main-text extractor) drops navigation, sidebars, comments, share widgets, cookie
banners and footers; its XML output keeps headings, lists and quotes, which become '## ' headings and
'- ' items for the chunker. A reader's email quoted at the top of a post is split off as `question`,
so it can be found by search but never quoted as the studio's advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura
from lxml import etree

from assistant.index.topics import TOPICS

# A post shorter than this after extraction is a listing, a stub or an error page, not an article.
MIN_WORDS = 40
# The reader's question is looked for among the first few blocks only, before the first heading.
QUESTION_WINDOW = 4
_QUESTION_LABEL = re.compile(r"^\s*(question|q|reader'?s? (question|email)|the email)\s*[:\-–]\s*", re.IGNORECASE)
_ANSWER_LABEL = re.compile(r"^\s*(answer|a|my answer|deb'?s answer)\s*[:\-–]?\s*$", re.IGNORECASE)
_OPEN_QUOTES = ('"', "“", "«")
_CLOSE_QUOTES = ('"', "”", "»")
# Category and tag names that mean one of the topics without being spelled like it.
_TOPIC_NAMES = {
    "back-pain": "low-back-pain", "lower-back-pain": "low-back-pain", "smr": "self-myofascial-release",
    "foam-rolling": "self-myofascial-release", "foam-roller": "self-myofascial-release",
    "hip-hike": "hip-disparity", "elevated-hip": "hip-disparity", "uneven-hips": "hip-disparity",
    "flare-up": "flare-ups", "discs": "disc", "disc-bulge": "disc", "si-joint": "sacroiliac-joint",
    "posture-analysis": "posture-assessment", "muscle-imbalances": "muscle-imbalance",
}


class ExtractError(ValueError):
    """A page with no article text in it."""


@dataclass(frozen=True)
class Post:
    """One blog post, ready to become an Article."""

    url: str
    title: str
    body: str
    question: str = ""
    published: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = field(default=())


def extract_post(html: str, url: str = "", title: str = "", published: str = "",
                 categories: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> Post:
    """The main text and metadata of one page (or one WXR content fragment); ExtractError if it has none."""
    xml = trafilatura.extract(html, url=url or None, output_format="xml", include_formatting=True,
                              include_comments=False, include_links=False, include_images=False,
                              include_tables=True, with_metadata=True, favor_precision=True)
    if not xml:
        raise ExtractError("no main text found (trafilatura extracted nothing)")
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    if main is None:
        raise ExtractError("no main text found")
    title = title or _attr(doc, "title")
    if not title:
        raise ExtractError("page has no title")
    # A heading that repeats the title (the post's <h1> inside its content) is not a section.
    blocks = [b for b in main if not (b.tag == "head" and _text(b).lower() == title.lower())]
    question, body = _split_question(blocks)
    if len(body.split()) < MIN_WORDS:
        raise ExtractError(f"too little text for a post ({len(body.split())} words after extraction)")
    categories = categories or _listed(_attr(doc, "categories"))
    tags = tags or _listed(_attr(doc, "tags"))
    return Post(url=url or _attr(doc, "url"), title=title, body=body, question=question,
                published=published or _attr(doc, "date"), categories=categories, tags=tags,
                topics=topic_tags(categories + tags))


def topic_tags(names: tuple[str, ...]) -> tuple[str, ...]:
    """The topic-list tags (assistant/index/topics.py) that the post's categories and tags name."""
    by_label = {_slug(label): key for key, label in TOPICS.items()}
    out: list[str] = []
    for name in names:
        slug = _slug(name)
        key = slug if slug in TOPICS else by_label.get(slug) or _TOPIC_NAMES.get(slug)
        if key and key not in out:
            out.append(key)
    return tuple(out)


def _split_question(blocks: list[etree._Element]) -> tuple[str, str]:
    """(the reader's question, the rest as Markdown-ish text)."""
    question: list[str] = []
    rest: list[str] = []
    in_quote = False
    for n, block in enumerate(blocks):
        text = _text(block)
        if not text:
            continue
        early = n < QUESTION_WINDOW and not any(b.tag == "head" for b in blocks[:n])
        if in_quote:
            question.append(text)
            in_quote = not text.rstrip().endswith(_CLOSE_QUOTES)
            continue
        if early and not question and block.tag == "quote":
            question.append(text)
            _drop_lead_in(rest)
            continue
        opens = bool(_QUESTION_LABEL.match(text)) or text.startswith(_OPEN_QUOTES)
        if early and not question and block.tag == "p" and opens:
            text = _QUESTION_LABEL.sub("", text)
            question.append(text)
            _drop_lead_in(rest)
            in_quote = text.startswith(_OPEN_QUOTES) and not text.rstrip().endswith(_CLOSE_QUOTES)
            continue
        if question and block.tag == "p" and _ANSWER_LABEL.match(text):
            continue
        rest.append(_markdown(block, text))
    asked = "\n\n".join(question).strip()
    return asked.strip("".join(_OPEN_QUOTES + _CLOSE_QUOTES) + " \n"), "\n\n".join(rest).strip()


def _drop_lead_in(rest: list[str]) -> None:
    """Drop a short line that only introduces the quoted email ("I got this email last week:")."""
    if rest and rest[-1].rstrip().endswith(":") and len(rest[-1].split()) <= 25:
        rest.pop()


def _markdown(block: etree._Element, text: str) -> str:
    if block.tag == "head":
        level = {"h1": 2, "h2": 2, "h3": 3}.get(str(block.get("rend", "h2")), 3)
        return f"{'#' * level} {text}"
    if block.tag == "list":
        return "\n".join(f"- {_text(item)}" for item in block.iter("item") if _text(item))
    if block.tag == "quote":
        return "\n".join(f"> {line}" for line in text.splitlines())
    return text


def _text(element: etree._Element) -> str:
    # Emphasis (<hi>) is kept as the words themselves: answers quote sentences verbatim into plain-text
    # email drafts, where Markdown asterisks would be noise; the blog's CAPITALS survive as they are.
    text = " ".join("".join(element.itertext()).split())
    return text


def _attr(doc: etree._Element, name: str) -> str:
    return str(doc.get(name) or "").strip()


def _listed(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in re.split(r"[;,]", value) if v.strip())


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
