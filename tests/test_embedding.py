"""The ONNX export serves the same vectors as sentence-transformers, the reference runtime."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.index.embedding import OnnxMiniLMEmbedder, export_onnx, get_embedder

TEXTS = [
    "one hip higher than the other",
    "Sciatica describes pain that travels along the sciatic nerve, from the buttock down the leg.",
    "x" * 3000,  # longer than the model reads: both runtimes truncate at 256 word pieces
]


@pytest.mark.real_model
def test_onnx_export_matches_sentence_transformers(tmp_path: Path, real_embedder) -> None:  # type: ignore[no-untyped-def]
    path = export_onnx(tmp_path / "model.onnx")
    onnx = OnnxMiniLMEmbedder(path)
    ours = onnx.embed_documents(TEXTS)
    reference = real_embedder.embed_documents(TEXTS)
    assert ours.shape == reference.shape == (3, 384)
    assert np.all((ours * reference).sum(axis=1) > 0.9999)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.allclose(onnx.embed_query(TEXTS[0]), ours[0], atol=1e-5)


def test_one_embedder_per_process_and_runtime(tmp_path: Path) -> None:
    assert get_embedder("torch") is get_embedder("torch")
    with pytest.raises(FileNotFoundError, match="ingest.py"):
        get_embedder("onnx", tmp_path / "missing.onnx")
