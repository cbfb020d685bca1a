"""The embedding function handed to Chroma: it refuses, because Chroma's own default would download a model."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings


class RefuseToEmbed(EmbeddingFunction[Documents]):
    """Stands in for Chroma's default embedding function, which would download a model."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        raise RuntimeError("Chroma tried to embed text itself; posture-assistant always passes vectors")

    @staticmethod
    def name() -> str:
        return "posture-assistant-refuse"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> RefuseToEmbed:
        return RefuseToEmbed()

    def is_legacy(self) -> bool:
        return False
