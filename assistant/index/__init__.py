"""Articles -> chunks -> vectors -> Chroma, and hybrid search over them; idempotent."""

from assistant.index.articles import Article, Library, load_library
from assistant.index.embedding import Embedder, embedder_for
from assistant.index.ingest import ingest
from assistant.index.retrieval import ArticleInfo, Passage, Retriever, tokenize
from assistant.index.store import open_store

__all__ = [
    "Article", "ArticleInfo", "Embedder", "Library", "Passage", "Retriever",
    "embedder_for", "ingest", "load_library", "open_store", "tokenize",
]
