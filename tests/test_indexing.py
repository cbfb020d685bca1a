"""Index: idempotent, edits replace, deletions remove, a killed ingest leaves the previous version serving."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from fakes import HashingEmbedder

from assistant.config import Settings
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store


def _state(settings: Settings) -> tuple[dict[str, str], Counter[str], list[dict]]:
    store = open_store(settings)
    manifest = store.manifest.get(include=["metadatas"])
    versions = {i: m["version"] for i, m in zip(manifest["ids"], manifest["metadatas"])}
    metas = [*store.chunks.get(include=["metadatas"])["metadatas"],
             *store.sentences.get(include=["metadatas"])["metadatas"]]
    per_slug = Counter(m["slug"] for m in metas)
    return versions, per_slug, metas


def _assert_consistent(settings: Settings) -> None:
    """Every record belongs to the committed version of an article in the manifest."""
    versions, _, metas = _state(settings)
    for m in metas:
        assert m["slug"] in versions, f"orphan chunk of {m['slug']}"
        assert m["version"] == versions[m["slug"]], f"stale chunk of {m['slug']}"


def test_second_ingest_embeds_nothing(settings: Settings) -> None:
    first = HashingEmbedder()
    report = ingest(settings, first)
    assert report.articles == 6 and report.total_chunks > 5 and report.unchanged_chunks == 0
    assert first.embedded > 0
    second = HashingEmbedder()
    again = ingest(settings, second)
    assert second.embedded == 0
    assert again.unchanged_chunks == again.total_chunks == report.total_chunks
    assert "unchanged" in again.summary() and again.summary().startswith("Indexed ")


def test_edit_replaces_in_place_and_reuses_unchanged_chunks(settings: Settings) -> None:
    ingest(settings, HashingEmbedder())
    path = settings.knowledge_dir / "hip-higher.md"
    path.write_text(path.read_text().replace("Bones go where muscles pull them", "Bones follow the muscles"))
    counting = HashingEmbedder()
    ingest(settings, counting)
    # only the edited chunk, the edited sentence and the article summary are embedded again
    assert counting.embedded == 3
    _assert_consistent(settings)
    texts = open_store(settings).chunks.get(where={"slug": "hip-higher"}, include=["documents"])["documents"]
    assert any("Bones follow the muscles" in t for t in texts)
    assert not any("Bones go where muscles pull them" in t for t in texts)


def test_deleted_article_is_removed(settings: Settings) -> None:
    ingest(settings, HashingEmbedder())
    (settings.knowledge_dir / "foam-rolling.md").unlink()
    report = ingest(settings, HashingEmbedder())
    assert report.removed_articles == 1
    versions, per_slug, _ = _state(settings)
    assert "foam-rolling" not in versions and "foam-rolling" not in per_slug
    _assert_consistent(settings)


def test_dry_run_writes_nothing(settings: Settings) -> None:
    report = ingest(settings, HashingEmbedder(), dry_run=True)
    assert report.dry_run and report.total_chunks > 0
    assert report.summary().startswith("Would index")
    assert not (settings.data_dir / "chroma").exists() or _state_empty(settings)


def _state_empty(settings: Settings) -> bool:
    try:
        return open_store(settings).count() == 0
    except Exception:
        return True


def test_rebuild_embeds_everything_again(settings: Settings) -> None:
    ingest(settings, HashingEmbedder())
    counting = HashingEmbedder()
    report = ingest(settings, counting, rebuild=True)
    assert counting.embedded >= report.total_chunks
    _assert_consistent(settings)


def _many_articles(folder: Path, n: int) -> None:
    for i in range(n):
        (folder / f"generated-{i:02d}.md").write_text(
            f"---\ntitle: Generated {i}\nslug: generated-{i:02d}\nfaq: ['Question {i}?']\n---\n"
            + "".join(f"## Part {j}\n\nArticle {i} part {j} talks about hips and posture.\n\n" for j in range(4))
        )


def test_sigkill_half_way_leaves_the_previous_version_serving_whole(tmp_path: Path) -> None:
    from conftest import make_settings

    from assistant.index import versions as index_versions

    settings = make_settings(tmp_path)
    ingest(settings, HashingEmbedder())
    before, before_counts, _ = _state(settings)
    served_before = index_versions.read_pointer(settings)
    _many_articles(settings.knowledge_dir, 40)
    config = {"data_dir": str(settings.data_dir), "knowledge_dir": str(settings.knowledge_dir),
              "collection": settings.collection}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, str(Path(__file__).parent / "slow_ingest.py"), json.dumps(config)],
                            stdout=subprocess.PIPE, text=True, env=env)
    committed = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("committed"):
            committed += 1
        if committed == 10:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # The half-built version was never switched in: the previous one serves, whole.
    assert index_versions.read_pointer(settings) == served_before
    after, after_counts, _ = _state(settings)
    assert after == before and after_counts == before_counts
    retriever = Retriever(open_store(settings), HashingEmbedder())
    assert retriever.search("one hip sits higher", k=1)[0].slug == "hip-higher"
    leftovers = sorted(p.name for p in settings.chroma_dir.glob(f"{index_versions.PREFIX}*"))
    assert len(leftovers) == 2, "the killed ingest's folder is there until the next ingest"

    report = ingest(settings, HashingEmbedder())
    assert report.articles == 46
    versions, _, _ = _state(settings)
    assert len(versions) == 46
    ids = open_store(settings).chunks.get()["ids"] + open_store(settings).sentences.get()["ids"]
    assert len(ids) == len(set(ids))
    _assert_consistent(settings)
    pointer = index_versions.read_pointer(settings)
    assert pointer is not None
    kept = {p.name for p in settings.chroma_dir.glob(f"{index_versions.PREFIX}*")}
    assert kept == {pointer.version, pointer.previous}, "the killed ingest's folder is cleaned up"
    again = HashingEmbedder()
    ingest(settings, again)
    assert again.embedded == 0


def test_whole_collection_reads_go_in_pages(settings: Settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Chroma fails past ~32k records in one get(); a tiny page size exercises the paging."""
    import assistant.index.store

    monkeypatch.setattr(assistant.index.store, "PAGE", 7)
    ingest(settings, HashingEmbedder())
    counting = HashingEmbedder()
    report = ingest(settings, counting)
    assert counting.embedded == 0 and report.unchanged_chunks == report.total_chunks
    _assert_consistent(settings)
    retriever = Retriever(open_store(settings), HashingEmbedder())
    assert len(retriever.ids) == report.total_chunks
    assert retriever.search("one hip sits higher", k=1)[0].slug == "hip-higher"
