"""Citations: the articles an answer cites, numbered [n] in the order they are first cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.index.retrieval import Passage

# Sentences about the article itself ("In this article I explain...") answer nothing alone.
META = re.compile(r"\b(this|the next|the following|a later) (article|post|piece|section)\b|\bbelow\b|\babove\b",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """An article cited as [n]."""

    n: int
    slug: str
    title: str
    url: str

    def to_dict(self) -> dict[str, object]:
        return {"n": self.n, "slug": self.slug, "title": self.title, "url": self.url}


@dataclass
class Citations:
    """Numbers articles in the order they are first cited."""

    passages: dict[str, Passage] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def number(self, passage: Passage) -> int:
        """The [n] of the passage's article."""
        if passage.slug not in self.passages:
            self.passages[passage.slug] = passage
            self.order.append(passage.slug)
        return self.order.index(passage.slug) + 1

    def listed(self) -> tuple[Citation, ...]:
        """Every cited article, by number."""
        return tuple(
            Citation(n, slug, self.passages[slug].title, self.passages[slug].url)
            for n, slug in enumerate(self.order, 1)
        )
