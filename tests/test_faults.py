"""Faults: a data folder that is read-only or full gives a clear error and leaves nothing partial."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import HashingEmbedder

from assistant.errors import StoreNotWritable
from assistant.index.ingest import ingest
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store


def _mount(target: Path, options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        # Needs root (as on CI and the dev machines here); elsewhere there is no honest way
        # to make a folder read-only or full for this process.
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "small"
    _mount(where, "size=256k")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "ro"
    _mount(where, "ro,size=64k")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_read_only_data_folder_is_a_clear_error(tmp_path: Path, read_only_disk: Path) -> None:
    from conftest import make_settings

    settings = make_settings(tmp_path, data_dir=read_only_disk / "data")
    with pytest.raises(StoreNotWritable) as info:
        ingest(settings, HashingEmbedder())
    assert "ASSISTANT_DATA_DIR" in str(info.value)
    assert not (read_only_disk / "data").exists()


def test_full_disk_is_a_clear_error_and_leaves_no_half_made_store(tmp_path: Path, small_disk: Path) -> None:
    from conftest import make_settings

    settings = make_settings(tmp_path, data_dir=small_disk / "data")
    with pytest.raises(StoreNotWritable) as info:
        ingest(settings, HashingEmbedder())
    assert "cannot be written" in str(info.value) or "cannot be used" in str(info.value)
    assert not (small_disk / "data" / "chroma").exists()


def test_full_disk_during_an_update_keeps_the_index_consistent(tmp_path: Path) -> None:
    """An index that exists stays servable: a failed update never shows half an article."""
    from conftest import make_settings

    settings = make_settings(tmp_path)
    ingest(settings, HashingEmbedder())
    before = Retriever(open_store(settings), HashingEmbedder())
    served_before = {before.metas[i]["slug"] for i in range(len(before.ids))}

    class FailingEmbedder(HashingEmbedder):
        def embed_documents(self, texts, progress=None):  # type: ignore[no-untyped-def]
            raise OSError(28, "No space left on device")

    (settings.knowledge_dir / "hip-higher.md").write_text(
        (settings.knowledge_dir / "hip-higher.md").read_text() + "\n\n## New part\n\nAn added section.\n")
    with pytest.raises(StoreNotWritable):
        ingest(settings, FailingEmbedder())
    after = Retriever(open_store(settings), HashingEmbedder())
    assert {after.metas[i]["slug"] for i in range(len(after.ids))} == served_before
    assert all("An added section" not in d for d in after.docs)


@pytest.fixture
def disk_40m(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    _mount(where, "size=40m")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_an_index_on_a_disk_that_fills_up_keeps_serving_and_rebuild_refuses_cleanly(tmp_path: Path,
                                                                                     disk_40m: Path) -> None:
    from conftest import make_settings

    from assistant.index.health import check_index

    settings = make_settings(tmp_path, data_dir=disk_40m / "data")
    ingest(settings, HashingEmbedder())
    served = {p.name for p in settings.chroma_dir.iterdir()}
    filler = disk_40m / "filler"
    with open(filler, "wb") as handle:  # fill the disk but for about 1 MB
        free = shutil.disk_usage(disk_40m).free
        handle.write(b"\0" * max(free - 1_000_000, 0))
    (settings.knowledge_dir / "hip-higher.md").write_text(
        (settings.knowledge_dir / "hip-higher.md").read_text() + "\n\n## New part\n\nAn added section.\n")
    for rebuild in (False, True):
        with pytest.raises(StoreNotWritable, match="cannot be written"):
            ingest(settings, HashingEmbedder(), rebuild=rebuild)
        assert {p.name for p in settings.chroma_dir.iterdir()} == served, "nothing half-made is left"
        assert check_index(settings).is_healthy
    filler.unlink()
    ingest(settings, HashingEmbedder())
    assert check_index(settings).is_healthy and not check_index(settings).stale


def test_the_model_export_on_a_full_disk_is_a_clear_error_and_leaves_no_partial_file(tmp_path: Path,
                                                                                     small_disk: Path) -> None:
    from assistant.index.embedding import export_onnx

    target = small_disk / "models" / "all-MiniLM-L6-v2.onnx"
    with pytest.raises(StoreNotWritable, match="could not be written"):
        export_onnx(target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == [], "no .partial file is left behind"
