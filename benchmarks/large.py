"""A corpus too large to ingest with the model within the time budget: a real index, and an estimate from parts.

The index is written in bulk with derived vectors (each synthetic sentence takes the vector of the
shipped sentence it was made from), except one variant of every shipped article, which a real
`ingest()` then embeds with the model into the full-size index: that tail is a measured part of a
full ingest at full size. Latency, memory and size are then measured on a real index of the real
size; only the full ingest's time is estimated, from measured parts, with the arithmetic kept.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.index.articles import load_library
from assistant.index.embedding import DIM, Embedder
from assistant.index.records import records_for, summary_text
from assistant.index.store import open_store
from assistant.index.writing import _commit_article, _groups, _upsert
from assistant.sentences import split_sentences
from benchmarks.corpus import SYNTHETIC_DIR, Corpus

BULK_ARTICLES = 64
# A chunk that starts inside a sentence (the chunker's overlap) holds its tail; this many last
# words find the synthetic sentence it came from.
TAIL_WORDS = 6


def _tail(text: str) -> str:
    return " ".join(text.split()[-TAIL_WORDS:])


class DerivedEmbedder:
    """Vectors for synthetic texts from the shipped sentences they were made from; the model for anything else."""

    def __init__(self, real: Embedder, vectors: dict[str, np.ndarray], sources: dict[str, str]) -> None:
        self.name = real.name
        self.real = real
        self.vectors = vectors
        self.sources = sources
        self.by_tail = {_tail(text): source for text, source in sources.items()}
        self.fallbacks = 0

    def _source(self, unit: str) -> str:
        return self.sources.get(unit) or self.by_tail.get(_tail(unit)) or unit

    def _derive(self, text: str) -> np.ndarray | None:
        # A chunk's embed text starts with its "title — section" line; its sentences follow.
        units = split_sentences(text) + (split_sentences(text.split("\n", 1)[1]) if "\n" in text else [])
        found = [self.vectors[s] for s in map(self._source, units) if s in self.vectors]
        if not found:
            return None
        mean = np.mean(found, axis=0)
        return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)

    def embed_documents(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        out: list[np.ndarray | None] = [self._derive(t) for t in texts]
        missing = [i for i, v in enumerate(out) if v is None]
        if missing:
            self.fallbacks += len(missing)
            for i, v in zip(missing, self.real.embed_documents([texts[i] for i in missing])):
                out[i] = v
        if progress:
            progress(len(texts))
        return np.vstack(out) if out else np.zeros((0, DIM), dtype=np.float32)  # type: ignore[arg-type]

    def embed_query(self, text: str) -> np.ndarray:
        return self.real.embed_query(text)


def derived_embedder(real: Embedder, corpus: Corpus, index_1x: Settings | None) -> DerivedEmbedder:
    """The shipped texts' vectors, read from the 1x index (the model embeds the few it lacks)."""
    wanted = set(corpus.sources.values())
    vectors: dict[str, np.ndarray] = {}
    if index_1x is not None:
        store = open_store(index_1x)
        for collection in (store.sentences, store.chunks):
            got = collection.get(include=["documents", "embeddings"])
            embeddings = got["embeddings"] if got["embeddings"] is not None else []
            for doc, vec in zip(got["documents"] or [], embeddings):
                vectors[str(doc)] = np.asarray(vec, dtype=np.float32)
    missing = sorted(wanted - vectors.keys(), key=len)
    if missing:
        for text, vec in zip(missing, real.embed_documents(missing)):
            vectors[text] = vec
    return DerivedEmbedder(real, vectors, corpus.sources)


def held_out(corpus: Corpus) -> set[str]:
    """Slugs of the last variant of every shipped article: the part ingested with the model."""
    last = corpus.scale - 1
    return {p.stem for p in (corpus.folder / SYNTHETIC_DIR).glob(f"*-v{last:03d}.md")}


def bulk_index(settings: Settings, folder: Path, embedder: Embedder, skip: AbstractSet[str] = frozenset(),
               only: set[str] | None = None) -> dict[str, Any]:
    """Write the articles (all but skip, or only those in only) in large batches, committed as ingest does."""
    start = time.perf_counter()
    store = open_store(settings, create=True)
    articles = [a for a in load_library(folder).articles
                if a.slug not in skip and (only is None or a.slug in only)]
    records = 0
    for i in range(0, len(articles), BULK_ARTICLES):
        batch = articles[i : i + BULK_ARTICLES]
        recs = {a.slug: records_for(a) for a in batch}
        keys = [(f"new:{r.id}", r.embed_text) for a in batch for r in recs[a.slug]]
        keys += [(f"new:manifest:{a.slug}", summary_text(a)) for a in batch]
        vectors = dict(zip((k for k, _ in keys), embedder.embed_documents([t for _, t in keys])))
        _upsert(store, [r for a in batch for r in recs[a.slug]], vectors)
        for a in batch:
            _commit_article(store, a, recs[a.slug], vectors)
        records += len(keys)
    return {"seconds": time.perf_counter() - start, "articles": len(articles), "records": records}


def estimate(scale: dict[str, Any], one: dict[str, Any]) -> dict[str, Any]:
    """A full ingest's time at this size, from measured parts, each term kept for the report.

    fixed: planning and scanning the index once (the re-ingest of the unchanged corpus, here);
    model: every text at the seconds per text the model took in the tail ingest;
    per-group overhead (ingest commits 8 articles at a time and rescans the index for reusable
    vectors each time): from the 1x ingest at the start and the tail at full size, taken to grow
    linearly with the index in between.
    """
    tail = scale["tail"]
    fixed = statistics.median(r["seconds"] for r in scale["reingest"])
    rate = tail["embed_s"] / max(1, tail["embedded"])
    groups = len(_groups([None] * scale["articles"]))  # type: ignore[list-item]
    tail_groups = len(_groups([None] * scale["held_out"]))  # type: ignore[list-item]
    one_groups = len(_groups([None] * one["articles"]))  # type: ignore[list-item]
    one_rest = (statistics.median(r["seconds"] - r["embed_s"] for r in one["ingest"])
                - statistics.median(r["seconds"] for r in one["reingest"]))
    start = max(0.0, one_rest) / one_groups
    end = max(0.0, tail["seconds"] - tail["embed_s"] - fixed) / max(1, tail_groups)
    model = scale["texts"] * rate
    overhead = groups * (start + end) / 2
    return {"fixed_s": fixed, "s_per_text": rate, "texts": scale["texts"], "model_s": model, "groups": groups,
            "group_start_s": start, "group_end_s": end, "overhead_s": overhead, "seconds": fixed + model + overhead}


def attempt(step: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    """Run a step that may fail at this size; return its result, or None and what went wrong."""
    try:
        return step(), ""
    except Exception as exc:  # recorded in the report: a failure at scale is a finding, not a crash
        return None, f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
