"""The baseline a user would write from the LangChain tutorial: split, Chroma.from_documents, similarity_search.

RecursiveCharacterTextSplitter (1000 characters, 200 overlap) over the article bodies, the same
packaged model through HuggingFaceEmbeddings, Chroma with its defaults. Each task runs in its own
process (benchmarks.child), so its peak memory is its own.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.measure import MODEL, dir_mb, load_embedder, peak_rss_mb

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
COLLECTION = "baseline"


def _embeddings(spec: str) -> Any:
    """HuggingFaceEmbeddings over the packaged model, or a stand-in embedder behind LangChain's interface."""
    if spec == MODEL:
        from langchain_huggingface import HuggingFaceEmbeddings

        from assistant.index.embedding import model_dir

        return HuggingFaceEmbeddings(model_name=str(model_dir()), model_kwargs={"device": "cpu"})
    from langchain_core.embeddings import Embeddings

    inner = load_embedder(spec)

    class StandIn(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [list(map(float, v)) for v in inner.embed_documents(texts)]

        def embed_query(self, text: str) -> list[float]:
            return list(map(float, inner.embed_query(text)))

    return StandIn()


def _documents(knowledge_dir: str) -> list[Any]:
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.index.articles import load_library

    articles = load_library(Path(knowledge_dir)).articles
    docs = [Document(page_content=a.body, metadata={"slug": a.slug, "title": a.title}) for a in articles]
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_documents(docs)


def _client_settings() -> Any:
    import chromadb

    return chromadb.Settings(anonymized_telemetry=False)


def baseline_ingest(cfg: dict[str, Any]) -> dict[str, Any]:
    """Time full builds into a fresh folder, then rebuilds (delete the collection, build again)."""
    from langchain_chroma import Chroma

    start = time.perf_counter()
    embeddings = _embeddings(cfg["embeddings"])
    load_s = time.perf_counter() - start
    builds: list[float] = []
    chunks = 0
    db: Any = None
    folder = Path(cfg["persist_dir"])
    for n in range(int(cfg["runs"])):
        # A new folder each time: Chroma caches its client per path, and a deleted folder
        # under a cached client reads as a read-only database.
        folder = Path(cfg["persist_dir"]) / f"run{n}"
        start = time.perf_counter()
        docs = _documents(cfg["knowledge_dir"])
        db = Chroma.from_documents(docs, embeddings, persist_directory=str(folder), collection_name=COLLECTION,
                                   client_settings=_client_settings())
        builds.append(time.perf_counter() - start)
        chunks = len(docs)
    rebuilds: list[float] = []
    for _ in range(int(cfg["rebuild_runs"])):
        # The tutorial pipeline has no notion of "unchanged": a re-run drops and rebuilds.
        start = time.perf_counter()
        db.delete_collection()
        docs = _documents(cfg["knowledge_dir"])
        db = Chroma.from_documents(docs, embeddings, persist_directory=str(folder), collection_name=COLLECTION,
                                   client_settings=_client_settings())
        rebuilds.append(time.perf_counter() - start)
    return {"model_load_s": load_s, "ingest_s": builds, "rebuild_s": rebuilds, "chunks": chunks,
            "index_mb": dir_mb(folder), "persist_dir": str(folder), "peak_rss_mb": peak_rss_mb()}


def baseline_serve(cfg: dict[str, Any]) -> dict[str, Any]:
    """Open the persisted baseline, then time similarity_search over the questions and score hit@3."""
    started = time.perf_counter()
    from langchain_chroma import Chroma

    from benchmarks.measure import read_rows, time_passes

    imported = time.perf_counter() - started
    start = time.perf_counter()
    embeddings = _embeddings(cfg["embeddings"])
    db = Chroma(collection_name=COLLECTION, embedding_function=embeddings, persist_directory=cfg["persist_dir"],
                client_settings=_client_settings())
    ready_s = time.perf_counter() - start
    rows = read_rows(cfg["questions"])
    questions = [str(r["text"]) for r in rows]
    start = time.perf_counter()
    db.similarity_search(questions[0], k=int(cfg["k"]))
    first_s = time.perf_counter() - start
    samples, errors = time_passes(lambda q: db.similarity_search(q, k=int(cfg["k"])), questions,
                                   int(cfg["passes"]))
    scored = [r for r in rows if r.get("slugs")]
    hits = 0
    for row in scored:
        slugs: list[str] = []
        for doc in db.similarity_search(str(row["text"]), k=10):
            if doc.metadata.get("slug") not in slugs:
                slugs.append(str(doc.metadata.get("slug")))
        hits += any(s in row["slugs"] for s in slugs[:3])
    return {"import_s": imported, "ready_s": ready_s, "first_query_s": first_s, "samples_ms": {"search": samples},
            "errors": {"search": errors}, "hit3": hits / len(scored) if scored else float("nan"),
            "peak_rss_mb": peak_rss_mb()}
