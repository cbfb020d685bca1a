"""A sitemap URL -> the page URLs it lists with their lastmod, following nested sitemap indexes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree

from assistant.index.sources.fetch import XML_TYPES, Fetcher, FetchError

log = logging.getLogger(__name__)

# Sitemap indexes nest; a loop or an absurd tree stops here rather than crawling forever.
MAX_DEPTH = 4
MAX_SITEMAPS = 200
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


@dataclass(frozen=True)
class Entry:
    """One page a sitemap lists."""

    url: str
    lastmod: str = ""


class SitemapError(Exception):
    """A sitemap that could not be read at all; str() says why."""


def read_sitemap(fetcher: Fetcher, url: str) -> tuple[list[Entry], list[tuple[str, str]]]:
    """(every page listed under url, in order, without duplicates; (child sitemap, reason) for each that failed)."""
    entries: dict[str, Entry] = {}
    failures: list[tuple[str, str]] = []
    seen: set[str] = set()
    _read(fetcher, url, 0, entries, failures, seen, top=True)
    return list(entries.values()), failures


def _read(fetcher: Fetcher, url: str, depth: int, entries: dict[str, Entry], failures: list[tuple[str, str]],
          seen: set[str], top: bool = False) -> None:
    if url in seen or len(seen) >= MAX_SITEMAPS or depth > MAX_DEPTH:
        return
    seen.add(url)
    try:
        root = etree.fromstring(fetcher.get(url, kinds=XML_TYPES).text.encode("utf-8"), _PARSER)
    except FetchError as exc:
        if top:
            raise SitemapError(f"sitemap {url}: {exc}") from None
        failures.append((url, f"sitemap: {exc}"))
        return
    except etree.XMLSyntaxError as exc:
        if top:
            raise SitemapError(f"sitemap {url} is not valid XML ({exc})") from None
        failures.append((url, f"sitemap is not valid XML ({exc})"))
        return
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        for child in _locs(root, "sitemap"):
            _read(fetcher, child[0], depth + 1, entries, failures, seen)
    elif kind == "urlset":
        for loc, lastmod in _locs(root, "url"):
            entries.setdefault(loc, Entry(loc, lastmod))
    elif top:
        raise SitemapError(f"{url} is not a sitemap (root element <{kind}>)")
    else:
        failures.append((url, f"not a sitemap (root element <{kind}>)"))


def _locs(root: etree._Element, tag: str) -> list[tuple[str, str]]:
    out = []
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != tag:
            continue
        loc = lastmod = ""
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        if loc:
            out.append((loc, lastmod))
    return out
