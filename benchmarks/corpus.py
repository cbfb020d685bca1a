"""Synthetic corpora for the scaling benchmark: n times the shipped articles, deterministic, every text distinct.

Each variant keeps its source article's headings and section sizes, but its sentences are sampled
(seeded) from the same article and from across the corpus, and every sentence has a few words swapped
for others from the corpus vocabulary. Every synthetic sentence, chunk and FAQ question is new text,
so ingest's content-hash reuse cannot skip the embedding and the timings mean something.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.index.articles import Article, load_library
from assistant.sentences import split_sentences

SYNTHETIC_DIR = "synthetic"
_WORD = re.compile(r"^[A-Za-z]{4,}$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


@dataclass(frozen=True)
class Section:
    """A heading ('' before the first) and its sentences."""

    heading: str
    sentences: tuple[str, ...]


@dataclass
class Corpus:
    """A corpus folder and, for every synthetic sentence, the shipped sentence it was made from."""

    folder: Path
    scale: int
    articles: int
    synthetic_articles: int
    sources: dict[str, str] = field(default_factory=dict)


def sections_of(body: str) -> list[Section]:
    """An article body cut at its Markdown headings, each part split into sentences."""
    sections: list[Section] = []
    heading, lines = "", list[str]()
    for line in body.splitlines():
        match = _HEADING.match(line.strip())
        if match:
            sections.append(Section(heading, tuple(split_sentences("\n".join(lines)))))
            heading, lines = match.group(1).strip(), []
        else:
            lines.append(line)
    sections.append(Section(heading, tuple(split_sentences("\n".join(lines)))))
    return [s for s in sections if s.sentences]


def synthetic_articles(
    articles: list[Article], scale: int, seed: int = 8
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(file name, Markdown) for (scale - 1) variants of each article, and each new sentence's source."""
    by_slug = {a.slug: sections_of(a.body) for a in articles}
    pool = [s for a in articles for sec in by_slug[a.slug] for s in sec.sentences]
    vocab = sorted({w.lower() for s in pool for w in s.split() if _WORD.match(w)})
    seen: set[str] = set(pool) | {q for a in articles for q in a.faq} | {a.summary for a in articles}
    sources: dict[str, str] = {}
    files: list[tuple[str, str]] = []
    for variant in range(1, scale):
        for article in articles:
            # A string seed is hashed with SHA-512 by random.seed: the same in every process.
            rng = random.Random(f"{seed}:{article.slug}:{variant}")
            own = [s for sec in by_slug[article.slug] for s in sec.sentences]

            def fresh(source: str, rng: random.Random = rng) -> str:
                text = _mutate(source, rng, vocab, seen)
                sources[text] = source
                return text

            parts: list[str] = []
            for sec in by_slug[article.slug]:
                picked = [fresh(rng.choice(own) if rng.random() < 0.5 else rng.choice(pool)) for _ in sec.sentences]
                paragraphs = [" ".join(picked[i : i + 4]) for i in range(0, len(picked), 4)]
                parts.append((f"## {sec.heading}\n\n" if sec.heading else "") + "\n\n".join(paragraphs))
            slug = f"{article.slug}-v{variant:03d}"
            meta = {
                "title": f"{article.title} (variant {variant})",
                "slug": slug,
                "url": f"https://bench.example/articles/{slug}",
                "tags": list(article.tags),
                "summary": fresh(article.summary) if article.summary else "",
                "published": article.published or "2025-01-01",
                "faq": [fresh(q) for q in article.faq],
            }
            front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
            files.append((f"{slug}.md", f"---\n{front}---\n\n" + "\n\n".join(parts) + "\n"))
    return files, sources


def _mutate(sentence: str, rng: random.Random, vocab: list[str], seen: set[str]) -> str:
    """The sentence with about one word in eight swapped for a corpus word, never a text seen before."""
    words = sentence.split(" ")
    slots = [i for i, w in enumerate(words) if _WORD.match(w)]
    for _ in range(20):
        out = list(words)
        for i in rng.sample(slots, min(len(slots), max(1, len(slots) // 8))) if slots else []:
            word = rng.choice(vocab)
            out[i] = word.capitalize() if words[i][0].isupper() else word
        text = " ".join(out)
        if text not in seen:
            seen.add(text)
            return text
    # A sentence with no swappable word (or a very short one) gets a numbered aside instead,
    # before its final punctuation so that it stays one sentence.
    body, end = (sentence[:-1], sentence[-1]) if sentence[-1:] in ".!?:;" else (sentence, "")
    n = 1
    while f"{body} (note {n}){end}" in seen:
        n += 1
    seen.add(f"{body} (note {n}){end}")
    return f"{body} (note {n}){end}"


def write_corpus(source: Path, target: Path, scale: int, seed: int = 8, fields: dict[str, str] | None = None) -> Corpus:
    """Copy the shipped articles to target and add their synthetic variants under target/synthetic/."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    articles = load_library(source, fields).articles
    files, sources = synthetic_articles(articles, scale, seed)
    if files:
        folder = target / SYNTHETIC_DIR
        folder.mkdir()
        for name, text in files:
            (folder / name).write_text(text, encoding="utf-8")
    return Corpus(target, scale, len(articles) + len(files), len(files), sources)
