"""Fakes that implement the same protocols as the real parts."""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable, Sequence

import numpy as np

STOPWORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "from", "by",
        "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "i", "me", "my", "you", "your",
        "it", "its", "this", "that", "these", "those", "what", "which", "who", "how", "why", "when",
        "where", "will", "would", "can", "could", "should", "has", "have", "had", "not", "no", "so", "if",
        "as", "than", "then", "there", "their", "they", "we", "our", "us", "he", "she", "his", "her",
        "them", "about", "into", "up", "out",
    ]
)


class HashingEmbedder:
    """Hashes each lower-cased word (stop words aside) into a bucket: shared words give similar vectors."""

    name = "hashing"

    def __init__(self, dim: int = 384, delay_s: float = 0.0) -> None:
        self.dim = dim
        self.delay_s = delay_s
        self.calls: list[int] = []

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            if word in STOPWORDS:
                continue
            vec[zlib.crc32(word.encode()) % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0:
            vec[0] = 1.0
            return vec
        return vec / norm

    @property
    def embedded(self) -> int:
        """How many texts have been embedded as documents."""
        return sum(self.calls)

    def embed_documents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        self.calls.append(len(texts))
        if self.delay_s:
            time.sleep(self.delay_s * len(texts))
        if progress:
            progress(len(texts))
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


class BrokenChatModel:
    """A chat model whose every call fails, as a server that is down would."""

    def invoke(self, prompt: str) -> object:
        raise ConnectionError("model server refused the connection")

    def stream(self, prompt: str):  # type: ignore[no-untyped-def]
        raise ConnectionError("model server refused the connection")
        yield  # pragma: no cover

    async def astream(self, prompt: str):  # type: ignore[no-untyped-def]
        raise ConnectionError("model server refused the connection")
        yield  # pragma: no cover


class SlowChatModel:
    """A chat model that answers after the timeout."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def invoke(self, prompt: str) -> object:
        time.sleep(self.seconds)
        raise TimeoutError("too slow")

    async def astream(self, prompt: str):  # type: ignore[no-untyped-def]
        import asyncio

        await asyncio.sleep(self.seconds)
        raise TimeoutError("too slow")
        yield  # pragma: no cover
