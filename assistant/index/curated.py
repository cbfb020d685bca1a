"""The studio's curated (standard) answers: knowledge/answers/*.yaml -> question vectors in Chroma.

Each entry is a question, a few other ways of asking it, the article and section it is cited to,
and the answer, returned verbatim when a visitor's question matches closely. Logistics entries
(prices, hours, ...) take a value from configuration and say to ask the studio when it is unset.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.index.embedding import Embedder
from assistant.index.store import Store, get_all

log = logging.getLogger(__name__)

FOLDER = "answers"
MIN_WORDS, MAX_WORDS = 5, 200  # a sanity bound; the 40-120 word house rule is checked in tests


@dataclass(frozen=True)
class Curated:
    """One standard answer."""

    id: str
    question: str
    also: tuple[str, ...]
    slug: str
    section: str
    answer: str
    setting: str = ""  # logistics: the Settings field whose value fills {value}
    unset: str = ""  # logistics: the answer when that setting is empty

    @property
    def is_logistics(self) -> bool:
        """Whether the answer comes from the studio's configured details rather than an article."""
        return bool(self.setting)

    def text(self, values: dict[str, str]) -> str:
        """The answer with the studio's details filled in (a logistics answer falls back to `unset`)."""
        body = self.answer
        if self.setting:
            value = values.get(self.setting, "")
            body = self.answer.replace("{value}", value) if value else self.unset
        for key, val in values.items():
            body = body.replace("{" + key + "}", val)
        return " ".join(body.split())


def answers_folder(knowledge_dir: Path) -> Path:
    """Where the curated answers live beside the articles."""
    return Path(knowledge_dir) / FOLDER


def load_curated(folder: Path) -> tuple[list[Curated], list[str]]:
    """Every entry of every YAML file in the folder, and the problems found (file: reason)."""
    entries: list[Curated] = []
    problems: list[str] = []
    if not folder.is_dir():
        return entries, problems
    for path in sorted(folder.glob("*.yaml")):
        if path.is_symlink():
            problems.append(f"{path.name}: a link, not read")
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            entries.extend(_entries(path.stem, data))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError, KeyError) as exc:
            problems.append(f"{path.name}: {exc}")
    for problem in problems:
        log.warning("curated answers: skipped %s", problem)
    return entries, problems


def _entries(stem: str, data: dict[str, Any]) -> list[Curated]:
    slug = str(data["article"])
    out = []
    for n, item in enumerate(data.get("answers") or []):
        question = str(item["question"]).strip()
        answer = " ".join(str(item["answer"]).split())
        words = len(answer.split())
        if not question or not MIN_WORDS <= words <= MAX_WORDS:
            raise ValueError(f"entry {n + 1} ({question[:40]!r}): the answer has {words} words "
                             f"(expected {MIN_WORDS} to {MAX_WORDS})")
        out.append(Curated(
            id=f"{stem}:{n:03d}", question=question, also=tuple(str(a).strip() for a in item.get("also") or ()),
            slug=str(item.get("article") or slug), section=str(item.get("section") or ""), answer=answer,
            setting=str(item.get("setting") or ""), unset=" ".join(str(item.get("unset") or "").split()),
        ))
    return out


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sync_curated(store: Store, embedder: Embedder, entries: list[Curated]) -> int:
    """Make the curated collection hold exactly these entries; embeds only new question texts. Returns that count."""
    wanted: dict[str, tuple[str, dict[str, str | int]]] = {}
    for e in entries:
        for k, q in enumerate((e.question, *e.also)):
            meta: dict[str, str | int] = {
                "entry": e.id, "question": e.question, "slug": e.slug, "section": e.section, "answer": e.answer,
                "setting": e.setting, "unset": e.unset, "text_hash": _hash(q),
            }
            wanted[f"{e.id}:q{k}"] = (q, meta)
    got = get_all(store.curated, include=["metadatas", "embeddings", "documents"])
    stored = {i: (d, m, v) for i, d, m, v in zip(got["ids"], got["documents"] or [], got["metadatas"] or [],
                                                   got["embeddings"] if got["embeddings"] is not None else [])}
    by_hash = {str(m.get("text_hash")): v for _, m, v in stored.values() if m}
    new_texts = sorted({q for q, m in wanted.values() if str(m["text_hash"]) not in by_hash})
    if new_texts:
        for text, vector in zip(new_texts, embedder.embed_documents(new_texts)):
            by_hash[_hash(text)] = vector
    changed = [i for i, (q, m) in wanted.items() if i not in stored or stored[i][0] != q or stored[i][1] != m]
    for start in range(0, len(changed), 128):
        ids = changed[start:start + 128]
        store.curated.upsert(
            ids=ids, documents=[wanted[i][0] for i in ids], metadatas=[wanted[i][1] for i in ids],  # type: ignore[misc]
            embeddings=[np.asarray(by_hash[str(wanted[i][1]["text_hash"])]).tolist() for i in ids],
        )
    stale = [i for i in stored if i not in wanted]
    if stale:
        store.curated.delete(ids=stale)
    return len(new_texts)


@dataclass(frozen=True)
class Match:
    """The closest curated question to a visitor's question."""

    entry: Curated
    similarity: float
    matched: str


def closest(store: Store, vector: np.ndarray, logistics: bool = False) -> Match | None:
    """The curated entry whose question (or other wording) is most similar to the vector (logistics ones only)."""
    if store.curated.count() == 0:
        return None
    where = {"setting": {"$ne": ""}} if logistics else None
    try:
        got = store.curated.query(query_embeddings=[np.asarray(vector).tolist()], n_results=1, where=where,
                                  include=["metadatas", "distances", "documents"])
    except Exception:  # noqa: BLE001 - chroma raises when a filter matches nothing
        return None
    if not got["ids"] or not got["ids"][0]:
        return None
    meta = got["metadatas"][0][0]  # type: ignore[index]
    entry = Curated(
        id=str(meta["entry"]), question=str(meta["question"]), also=(), slug=str(meta["slug"]),
        section=str(meta["section"]), answer=str(meta["answer"]), setting=str(meta.get("setting") or ""),
        unset=str(meta.get("unset") or ""),
    )
    return Match(entry, 1.0 - float(got["distances"][0][0]), str(got["documents"][0][0]))  # type: ignore[index]
