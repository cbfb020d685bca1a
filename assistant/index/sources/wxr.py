"""A WordPress export file (WXR) -> its published posts as Posts, each with its permalink, date and terms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from assistant.index.sources.extract import ExtractError, Post, extract_post

_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wp": "http://wordpress.org/export/1.2/",
}
# Exports reach tens of megabytes; entities are never resolved (no XXE), the network never used.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class WxrError(Exception):
    """A file that is not a readable WordPress export; str() says why."""


@dataclass(frozen=True)
class WxrItem:
    """One published post of the export, with the date it last changed."""

    url: str
    modified: str
    post: Post | None
    problem: str = ""


def read_wxr(path: Path) -> list[WxrItem]:
    """Every published post in the export (drafts, pages and attachments are left out)."""
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except OSError as exc:
        raise WxrError(f"cannot read {path}: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise WxrError(f"{path} is not valid XML ({exc})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not any(n == _NS["wp"] for n in root.nsmap.values()):
        raise WxrError(f"{path} is not a WordPress export (WXR): no <rss> with the wp: namespace")
    items = []
    for item in channel.iter("item"):
        if _text(item, "wp:post_type") != "post" or _text(item, "wp:status") != "publish":
            continue
        url = _text(item, "link")
        if not url:
            continue
        modified = _text(item, "wp:post_modified_gmt") or _text(item, "wp:post_date")
        categories = tuple(_terms(item, "category"))
        tags = tuple(_terms(item, "post_tag"))
        content = _text(item, "content:encoded")
        try:
            post = extract_post(f"<html><body><article>{content}</article></body></html>", url=url,
                                title=_text(item, "title"), published=_text(item, "wp:post_date")[:10],
                                categories=categories, tags=tags)
        except ExtractError as exc:
            items.append(WxrItem(url, modified, None, str(exc)))
            continue
        items.append(WxrItem(url, modified, post))
    return items


def _text(item: etree._Element, name: str) -> str:
    node = item.find(name, _NS)
    return (node.text or "").strip() if node is not None else ""


def _terms(item: etree._Element, domain: str) -> list[str]:
    return [(c.text or "").strip() for c in item.findall("category") if c.get("domain") == domain and c.text]
