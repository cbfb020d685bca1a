"""A passage answer: one contiguous run (2 to 5 sentences, in order) of the section that answers best."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answer.compose import META as _META
from assistant.index.retrieval import Passage, Sentence, tokenize

# Sections considered: the best few passages; the run comes from the one holding the best sentence.
CANDIDATE_PASSAGES = 3
MIN_RUN, MAX_RUN, USUAL_RUN = 2, 5, 4
RANK_WEIGHT = 0.06  # the passage's place in the hybrid search
PASSAGE_WEIGHT = 1.0  # the whole passage's similarity to the question (dev set: section hit@1 63.9% -> 66.4%)
# A sentence that leans on the one before ("This means...", "But...") does not open a run.
_LEANS_BACK = ("this ", "that ", "these ", "those ", "it ", "they ", "but ", "and ", "so ", "also ", "then ",
               "which ", "such ", "both ", "another ", "instead", "otherwise", "however")


@dataclass(frozen=True)
class Run:
    """The chosen run and where it comes from."""

    passage: Passage
    sentences: tuple[str, ...]
    score: float  # similarity of the run's best sentence to the question

    @property
    def text(self) -> str:
        """The run as one paragraph (list items keep their own lines)."""
        out = ""
        for s in self.sentences:
            if s.lstrip().startswith(("-", "*", "•")):
                out += "\n" + s.strip()
            else:
                out += ("\n" if out.endswith(":") else " ") + s.strip() if out else s.strip()
        return out.strip()


def best_run(question: str, vector: np.ndarray, passages: list[Passage], sentences: list[Sentence],
             length: int = USUAL_RUN) -> Run | None:
    """The contiguous run of one passage that best answers the question (about `length` sentences)."""
    # Never a reader's quoted question (Retriever.answerable swaps it for its post's own text first).
    passages = [p for p in passages if not p.is_question]
    rank = {p.chunk_id: n for n, p in enumerate(passages[:CANDIDATE_PASSAGES])}
    passage_similarity = {p.chunk_id: p.similarity for p in passages[:CANDIDATE_PASSAGES]}
    asked = set(tokenize([question])[0])
    best: tuple[float, float, str, int] | None = None
    by_chunk: dict[str, list[Sentence]] = {}
    for s in sentences:
        if s.chunk_id in rank:
            by_chunk.setdefault(s.chunk_id, []).append(s)
    for chunk_id, rows in by_chunk.items():
        rows.sort(key=lambda s: s.position)
        for i, s in enumerate(rows):
            if not _can_open(s.text):
                continue
            similarity = float(s.vector @ vector)
            # The passage's rank (hybrid search) and the question's own words keep the run on the question.
            score = (similarity + RANK_WEIGHT * (CANDIDATE_PASSAGES - rank[chunk_id]) / CANDIDATE_PASSAGES
                     + PASSAGE_WEIGHT * passage_similarity[chunk_id])
            if asked:
                score += 0.15 * len(asked & set(tokenize([s.text])[0])) / len(asked)
            if best is None or score > best[0]:
                best = (score, similarity, chunk_id, i)
    if best is None:
        return None
    _, similarity, chunk_id, anchor = best
    rows = by_chunk[chunk_id]
    # Near the top of a section, start at its beginning: the first lines set up what follows.
    start = 0 if anchor <= 1 else anchor
    while start > 0 and rows[start].text.lower().startswith(_LEANS_BACK) and anchor - start < 2:
        start -= 1
    end = min(len(rows), start + length)
    # Keep a list with the sentence that introduces it, up to the longest run.
    while end < len(rows) and end - start < MAX_RUN and (rows[end - 1].text.rstrip().endswith(":")
                                                          or rows[end].text.lstrip().startswith("-")):
        end += 1
    # A sentence about the article itself ("In this article I explain...") ends the run before it.
    cut = next((i for i in range(start + 1, end) if not _can_open(rows[i].text) and _META.search(rows[i].text)), end)
    end = cut
    if end - start < MIN_RUN and start > 0:
        start = max(0, end - MIN_RUN)
    passage = next(p for p in passages if p.chunk_id == chunk_id)
    return Run(passage, tuple(s.text for s in rows[start:end]), similarity)


def _can_open(text: str) -> bool:
    """Whether a sentence can open an answer: not a quoted reader's words, not about the article itself."""
    quoted = any(q in text for q in ('"', "“", "”"))
    return not quoted and not _META.search(text) and not text.rstrip().endswith("?")
