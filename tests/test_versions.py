"""Versioned index under real faults: SIGKILL mid-rebuild, live re-index, concurrent ingests, damaged stores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import make_settings
from fakes import HashingEmbedder

import assistant.index.retrieval as retrieval
from assistant.answer.deps import Deps
from assistant.answer.turn import ask
from assistant.config import Settings
from assistant.errors import IndexDamaged, IngestBusy, InputRejected
from assistant.index import versions
from assistant.index.health import check_index
from assistant.index.ingest import ingest
from assistant.index.lock import ingest_lock
from assistant.index.retrieval import Retriever
from assistant.index.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SLOW_INGEST = Path(__file__).parent / "slow_ingest.py"


def _config(settings: Settings) -> str:
    return json.dumps({"data_dir": str(settings.data_dir), "knowledge_dir": str(settings.knowledge_dir),
                       "collection": settings.collection})


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _deps(settings: Settings) -> Deps:
    embedder = HashingEmbedder()
    return Deps(settings=settings, embedder=embedder, retriever=Retriever(open_store(settings), embedder))


def _many_articles(folder: Path, n: int, word: str = "hips") -> None:
    for i in range(n):
        (folder / f"generated-{i:02d}.md").write_text(
            f"---\ntitle: Generated {i}\nslug: generated-{i:02d}\n---\n"
            + "".join(f"## Part {j}\n\nArticle {i} part {j} talks about {word} and posture.\n\n" for j in range(3))
        )


@pytest.mark.parametrize("kill_after", [0, 3, 20])
def test_rebuild_killed_at_any_point_leaves_the_previous_version_answering(tmp_path: Path, kill_after: int) -> None:
    settings = make_settings(tmp_path, relevance_threshold=0.3)
    _many_articles(settings.knowledge_dir, 24)
    ingest(settings, HashingEmbedder())
    served = versions.read_pointer(settings)
    expected = {p.slug for p in _deps(settings).retriever.search("one hip sits higher", k=3)}
    proc = subprocess.Popen([sys.executable, str(SLOW_INGEST), _config(settings), "--rebuild", "--delay", "0.05"],
                            stdout=subprocess.PIPE, text=True, env=_env())
    assert proc.stdout is not None
    committed = 0
    for line in proc.stdout if kill_after else ():
        committed += line.startswith("committed")
        if committed >= kill_after:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert versions.read_pointer(settings) == served
    deps = _deps(settings)
    assert check_index(settings).is_healthy
    answer = ask("Why does one hip sit higher than the other?", deps)
    assert answer.kind not in ("declined",), answer.text
    assert {p.slug for p in deps.retriever.search("one hip sits higher", k=3)} == expected
    # The next ingest finishes the job and cleans up what the killed one left.
    ingest(settings, HashingEmbedder(), rebuild=True)
    pointer = versions.read_pointer(settings)
    assert pointer is not None and pointer.version != served.version  # type: ignore[union-attr]
    assert {p.name for p in settings.chroma_dir.glob("v-*")} == {pointer.version, pointer.previous}


def test_live_reindex_an_edit_is_served_without_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retrieval, "FOLLOW_EVERY_S", 0.0)
    settings = make_settings(tmp_path, relevance_threshold=0.3)
    ingest(settings, HashingEmbedder())
    deps = _deps(settings)
    first = deps.retriever.store.version
    path = settings.knowledge_dir / "hip-higher.md"
    path.write_text(path.read_text() + "\n\n## Zebra stripes\n\nA zebrastripe drill evens the hips out.\n")
    ingest(settings, HashingEmbedder())
    # The same running retriever: the next question is answered from the new version.
    hits = deps.retriever.search("zebrastripe drill", k=1)
    assert deps.retriever.store.version != first
    assert hits and "zebrastripe" in hits[0].text
    # An article deleted while the app runs: no crash, and it is gone from answers.
    path.unlink()
    ingest(settings, HashingEmbedder())
    answer = ask("What is the zebrastripe drill for hips?", deps)
    assert all(c.slug != "hip-higher" for c in answer.citations)
    # A rebuild while it runs: it keeps answering.
    ingest(settings, HashingEmbedder(), rebuild=True)
    assert ask("How do I foam roll my IT band?", deps).kind != "declined"


def test_five_concurrent_ingests_leave_a_healthy_index(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, relevance_threshold=0.3)
    _many_articles(settings.knowledge_dir, 12)
    procs = [subprocess.Popen([sys.executable, str(SLOW_INGEST), _config(settings), "--delay", "0.01"]
                              + (["--rebuild"] if n % 2 else []),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
             for n in range(5)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 5, [err[-500:] for _, err in outputs]
    health = check_index(settings)
    assert health.is_healthy, health.summary()
    assert health.articles == 18 and not health.stale
    assert _deps(settings).retriever.search("one hip sits higher", k=1)[0].slug == "hip-higher"
    again = HashingEmbedder()
    assert ingest(settings, again).unchanged_chunks > 0 and again.embedded == 0


def test_a_second_ingest_waits_or_with_no_wait_exits_2(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with ingest_lock(settings.data_dir):
        with pytest.raises(IngestBusy, match=rf"another ingest is running \(pid {os.getpid()}\)"):
            ingest(settings, HashingEmbedder(), wait=False)
        env = {**_env(), "ASSISTANT_DATA_DIR": str(settings.data_dir),
               "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir)}
        done = subprocess.run([sys.executable, "ingest.py", "--no-wait", "--quiet"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        assert f"another ingest is running (pid {os.getpid()})" in done.stderr
        waited: list[int | None] = []
        release = threading.Timer(0.5, lambda: None)
        release.start()
    # Free again: a waiting ingest reports who it waited for, then runs.
    holder = threading.Event()

    def hold() -> None:
        with ingest_lock(settings.data_dir):
            holder.set()
            threading.Event().wait(0.8)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(5)
    report = ingest(settings, HashingEmbedder(), on_wait=waited.append)
    thread.join()
    assert waited == [os.getpid()] and report.articles == 6


def test_removing_most_articles_needs_yes(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings, HashingEmbedder())
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "note.md").write_text("---\ntitle: A note\n---\nJust a note about hips.\n")
    with pytest.raises(InputRejected, match="would remove 6 of the 6 indexed articles.*--yes"):
        ingest(settings, HashingEmbedder(), source=wrong)
    assert check_index(settings).articles == 6
    report = ingest(settings, HashingEmbedder(), source=wrong, allow_mass_removal=True)
    assert report.removed_articles == 6 and report.articles == 1


def test_an_empty_index_says_so_and_never_declines(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    ingest(settings, HashingEmbedder(), source=empty)
    health = check_index(settings, empty)
    assert not health.is_healthy and "empty" in health.summary()
    with pytest.raises(IndexDamaged, match="index is empty.*python ingest.py"):
        ask("How do I foam roll my IT band?", _deps(settings))
    # Triage still comes first: an emergency is answered with no index at all.
    answer = ask("I can't feel anything when I wipe and I can't pee", _deps(settings))
    assert answer.kind == "safety"


@pytest.mark.parametrize("damage", ["truncate", "garble", "delete_segment", "bad_pointer", "missing_version"])
def test_a_damaged_store_is_a_clear_message_and_rebuild_repairs_it(tmp_path: Path, damage: str) -> None:
    settings = make_settings(tmp_path, relevance_threshold=0.3)
    ingest(settings, HashingEmbedder())
    pointer = versions.read_pointer(settings)
    assert pointer is not None
    folder = settings.chroma_dir / pointer.version
    sqlite = folder / "chroma.sqlite3"
    if damage == "truncate":
        with open(sqlite, "r+b") as handle:
            handle.truncate(4096)
    elif damage == "garble":
        data = bytearray(sqlite.read_bytes())
        for i in range(0, len(data), 97):
            data[i] = (data[i] * 31 + 7) % 256
        sqlite.write_bytes(bytes(data))
    elif damage == "delete_segment":
        sqlite.unlink()
    elif damage == "bad_pointer":
        (settings.chroma_dir / versions.POINTER).write_text("{not json")
    else:
        import shutil

        shutil.rmtree(folder)
    script = ("import sys; from assistant.config import Settings; from assistant.index.store import open_store;"
              "from assistant.index.retrieval import Retriever; sys.path.insert(0, 'tests');"
              "from fakes import HashingEmbedder;"
              f"s = Settings(data_dir={str(settings.data_dir)!r}, knowledge_dir={str(settings.knowledge_dir)!r},"
              f" collection={settings.collection!r});"
              "r = Retriever(open_store(s), HashingEmbedder()); print(len(r.search('one hip sits higher')))")
    # In a fresh process: nothing cached from before the damage.
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=120)
    if done.returncode == 0:
        # SQLite may still read a garbled file; whatever it serves must then pass the health check or fail it.
        health_ok = check_index(settings).is_healthy
        assert health_ok or "problem" in check_index(settings).summary()
    else:
        assert "IndexDamaged" in done.stderr and "python ingest.py --rebuild" in done.stderr, done.stderr[-800:]
    report = ingest(settings, HashingEmbedder(), rebuild=True)
    assert report.articles == 6
    assert check_index(settings).is_healthy
    assert _deps(settings).retriever.search("one hip sits higher", k=1)[0].slug == "hip-higher"


def test_a_legacy_unversioned_index_is_served_and_migrated(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    ingest(settings, HashingEmbedder())
    pointer = versions.read_pointer(settings)
    assert pointer is not None
    # Lay the version out as releases before versions did: Chroma's files straight in data/chroma.
    folder = settings.chroma_dir / pointer.version
    for entry in folder.iterdir():
        entry.rename(settings.chroma_dir / entry.name)
    folder.rmdir()
    (settings.chroma_dir / versions.POINTER).unlink()
    from assistant.index.store import forget_client

    forget_client(settings)
    assert versions.read_pointer(settings) == versions.Pointer(versions.LEGACY)
    assert _deps(settings).retriever.search("one hip sits higher", k=1)[0].slug == "hip-higher"
    counting = HashingEmbedder()
    (settings.knowledge_dir / "foam-rolling.md").write_text(
        (settings.knowledge_dir / "foam-rolling.md").read_text() + "\n\nOne more line on rolling.\n")
    ingest(settings, counting)
    assert counting.embedded < 10, "the migration reuses the legacy vectors"
    # The legacy layout is the previous version now, kept for readers mid-switch; the next switch removes it.
    assert (settings.chroma_dir / "chroma.sqlite3").exists()
    (settings.knowledge_dir / "foam-rolling.md").write_text(
        (settings.knowledge_dir / "foam-rolling.md").read_text() + "\n\nAnd one more.\n")
    ingest(settings, HashingEmbedder())
    assert not (settings.chroma_dir / "chroma.sqlite3").exists()
    assert check_index(settings).is_healthy


def test_live_reindex_in_the_running_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same AppTest session: ask, edit an article, ingest, ask again; no restart, the edit is served."""
    import re

    from streamlit.testing.v1 import AppTest

    sys.path.insert(0, str(ROOT))
    from app_pages import common

    monkeypatch.setattr(retrieval, "FOLLOW_EVERY_S", 0.0)
    settings = make_settings(tmp_path, relevance_threshold=0.3)
    ingest(settings, HashingEmbedder())
    deps = _deps(settings)
    monkeypatch.setattr(common, "load_deps", lambda: deps)
    monkeypatch.setattr(common, "insights_store", lambda settings: None)
    from test_app import signed_in  # the chat preview is a staff page

    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), deps, monkeypatch).run()
    question = "What does the zebrastripe drill do for a hip that sits higher?"
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    shown = " ".join(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown)
    assert "zebrastripe drill evens" not in shown
    path = settings.knowledge_dir / "hip-higher.md"
    path.write_text(path.read_text() + "\n\n## The zebrastripe drill\n\nThe zebrastripe drill evens a hip that "
                    "sits higher: lie on your side and lift the top leg ten times.\n")
    ingest(settings, HashingEmbedder())
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    shown = " ".join(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown)
    assert "zebrastripe drill evens" in shown
