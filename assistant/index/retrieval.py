"""Question -> Passages: dense (Chroma) plus lexical (BM25) fused by reciprocal rank, diversified."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import numpy as np

from assistant.errors import AssistantError
from assistant.index.embedding import Embedder
from assistant.index.snapshot import (
    ArticleInfo,
    Passage,
    Sentence,
    Snapshot,
    best_chunk_of,
    is_question,
    load_snapshot,
    manifest_signature,
    passage_at,
    sentences_of,
    tokenize,
)
from assistant.index.store import Store, forget_clients_except, open_store, served_version

__all__ = ["ArticleInfo", "Passage", "Retriever", "Sentence", "diversify", "sentences_of", "tokenize"]

log = logging.getLogger(__name__)

# Reciprocal-rank fusion constant from Cormack et al. (2009); 60 is the usual choice.
RRF_K = 60
CANDIDATES = 40
PER_ARTICLE = 2
# Weight of the article-level list (best chunk or FAQ match) in the fusion. Chosen on the
# articles' own FAQ questions: at 1.0, 126/140 ranked their article first; at 2.0, 129/140.
ARTICLE_WEIGHT = 2.0
FOLLOW_EVERY_S = 1.0



class Retriever:
    """Owns the in-memory view of the committed index: BM25, chunk vectors and article list."""

    _snap: Snapshot

    def __init__(self, store: Store, embedder: Embedder) -> None:
        self._opened = store
        self.embedder = embedder
        self._lock = threading.Lock()
        self._switch_lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._signature: tuple[tuple[str, str], ...] | None = None
        self.refresh()

    # The current snapshot's parts, for callers that read one at a time.
    @property
    def store(self) -> Store:
        """The store of the version served now."""
        return self._snap.store if hasattr(self, "_snap") else self._opened

    @property
    def articles(self) -> dict[str, ArticleInfo]:
        """Articles of the served version."""
        return self._snap.articles

    @property
    def ids(self) -> list[str]:
        """Served chunk ids."""
        return self._snap.ids

    @property
    def docs(self) -> list[str]:
        """Served chunk texts."""
        return self._snap.docs

    @property
    def metas(self) -> list[dict[str, Any]]:
        """Served chunk metadata."""
        return self._snap.metas

    @property
    def index_of(self) -> dict[str, int]:
        """Row of each served chunk id."""
        return self._snap.index_of

    def refresh(self) -> None:
        """Follow a switch to a new index version, and reload the snapshot if its articles changed."""
        if not self._follow_switch():
            self._load(self.store)

    def _follow_switch(self) -> bool:
        """Serve the version an ingest switched to since this store was opened; whether it switched.

        The new version's snapshot is loaded in full before it replaces the old one, so a search
        running meanwhile reads the old version or the new one, never a mix.
        """
        settings = self.store.settings
        if settings is None:
            return False
        with self._switch_lock:
            self._checked_at = time.monotonic()
            try:
                current = served_version(settings)
            except AssistantError as exc:
                # Keep serving the version already open (it is whole); say why.
                log.warning("kept the open index version: %s", exc)
                return False
            if current is None or current == self.store.version:
                return False
            previous = self.store.version
            self._load(open_store(settings, version=current), force=True)
            log.info("index switched from version %r to %r", previous, current)
            forget_clients_except(settings, {current, previous})
            return True

    def _maybe_follow(self) -> None:
        # A cheap check (one small file read) at most every FOLLOW_EVERY_S, so every surface
        # (chat, API, FAQ, CLI batches) serves a new version within seconds of the switch.
        if time.monotonic() - self._checked_at >= FOLLOW_EVERY_S:
            self._follow_switch()

    def _load(self, store: Store, force: bool = False) -> None:
        signature = manifest_signature(store)
        if signature == self._signature and not force:
            return
        snapshot = load_snapshot(store)
        with self._lock:
            self._snap = snapshot
            self._signature = signature
        log.info("retriever ready: %d articles, %d chunks", len(snapshot.articles), len(snapshot.ids))

    def sentences_for(self, chunk_ids: list[str]) -> list[Sentence]:
        """The stored sentences of served chunks."""
        snap = self._snap
        counts = {}
        for cid in chunk_ids:
            row = snap.index_of.get(cid)
            if row is not None and "sentences" in snap.metas[row]:
                counts[cid] = int(snap.metas[row]["sentences"])
        return sentences_of(snap.store, chunk_ids, counts)

    @property
    def is_empty(self) -> bool:
        """Whether the committed index holds no chunk at all."""
        return not self.ids

    def search(self, query: str, k: int = 5, tags: tuple[str, ...] = ()) -> list[Passage]:
        """The k best passages for a query, at most two per article while others remain."""
        if self.is_empty or not query.strip():
            return []
        vector = self.embedder.embed_query(query)
        return self.search_vector(query, vector, k=k, tags=tags)

    def search_vector(self, query: str, vector: np.ndarray, k: int = 5, tags: tuple[str, ...] = ()) -> list[Passage]:
        """Like search, for a query already embedded."""
        self._maybe_follow()
        snap = self._snap  # one version from start to end, even if a switch lands meanwhile
        allowed = {s for s, a in snap.articles.items() if not tags or set(tags) & set(a.tags)}
        if not allowed:
            return []
        fused: dict[int, float] = {}
        article_sim: dict[str, float] = {}
        n = min(CANDIDATES, snap.store.count())
        dense = snap.store.chunks.query(query_embeddings=[vector.tolist()], n_results=max(n, 1),
                                        include=["metadatas", "distances"])
        rank = 0
        for cid, meta, dist in zip(dense["ids"][0], dense["metadatas"][0], dense["distances"][0]):
            slug = str(meta.get("slug"))
            info = snap.articles.get(slug)
            if info is None or slug not in allowed or str(meta.get("version")) != info.version:
                continue
            similarity = 1.0 - float(dist)
            article_sim[slug] = max(article_sim.get(slug, -1.0), similarity)
            if meta.get("kind") == "chunk" and cid in snap.index_of:
                rank += 1
                idx = snap.index_of[cid]
                fused[idx] = fused.get(idx, 0.0) + 1.0 / (RRF_K + rank)
        if snap.bm25 is not None:
            tokens = tokenize([query])
            if tokens and tokens[0]:
                docs, scores = snap.bm25.retrieve(tokens, k=min(CANDIDATES, len(snap.ids)), show_progress=False)
                lex_rank = 0
                for idx, score in zip(docs[0], scores[0]):
                    if score <= 0 or str(snap.metas[int(idx)].get("slug")) not in allowed:
                        continue
                    lex_rank += 1
                    fused[int(idx)] = fused.get(int(idx), 0.0) + 1.0 / (RRF_K + lex_rank)
        # A third ranked list, of articles by their best dense match among chunks and FAQ
        # questions: a visitor's question often matches an FAQ better than any passage.
        article_rank = {slug: r for r, slug in enumerate(sorted(article_sim, key=article_sim.__getitem__,
                                                                reverse=True), 1)}
        fused_slugs = {str(snap.metas[i].get("slug")) for i in fused}
        for slug in article_rank:
            if slug not in fused_slugs:
                best = best_chunk_of(snap, slug, vector)
                if best is not None:
                    fused[best] = 0.0
        for idx in list(fused):
            slug = str(snap.metas[idx].get("slug"))
            if slug in article_rank:
                fused[idx] += ARTICLE_WEIGHT / (RRF_K + article_rank[slug])
        ranked = sorted(fused, key=lambda i: fused[i], reverse=True)
        sims = snap.vectors[ranked] @ vector if ranked else np.zeros(0)
        passages = [
            passage_at(snap, i, fused[i], max(float(s), article_sim.get(str(snap.metas[i].get("slug")), -1.0)))
            for i, s in zip(ranked, sims)
        ]
        return diversify(passages, k)

    def section_passages(self, slug: str, section: str, vector: np.ndarray) -> list[Passage]:
        """The served chunks of one article section, best match to the vector first."""
        snap = self._snap
        rows = [n for n in snap.rows_of.get(slug, []) if str(snap.metas[n].get("section", "")) == section]
        scored = sorted(((float(snap.vectors[n] @ vector), n) for n in rows), reverse=True)
        return [passage_at(snap, n, sim, sim) for sim, n in scored]

    def answerable(self, passages: list[Passage], vector: np.ndarray) -> list[Passage]:
        """The passages the answer may quote: a reader's quoted question gives way to its post's best own passage.

        The question's place goes to a passage of the post not already listed: the question took one of
        the post's two places in the search, and the answer is often in the post's next-best passage.
        """
        snap = self._snap
        listed = {p.chunk_id for p in passages}
        out: list[Passage] = []
        for p in passages:
            if p.is_question:
                rows = [n for n in snap.rows_of.get(p.slug, [])
                        if not is_question(snap.metas[n]) and snap.ids[n] not in listed]
                if not rows:
                    continue
                best = rows[int(np.argmax(snap.vectors[rows] @ vector))]
                p = passage_at(snap, best, p.score, float(snap.vectors[best] @ vector))
                listed.add(p.chunk_id)
            out.append(p)
        return out


def diversify(passages: list[Passage], k: int, per_article: int = PER_ARTICLE) -> list[Passage]:
    """Keep rank order but let no article take more than per_article places while others wait."""
    chosen: list[Passage] = []
    held: list[Passage] = []
    counts: dict[str, int] = {}
    for p in passages:
        if counts.get(p.slug, 0) < per_article:
            chosen.append(p)
            counts[p.slug] = counts.get(p.slug, 0) + 1
        else:
            held.append(p)
        if len(chosen) == k:
            return chosen
    return (chosen + held)[:k]
