"""Adding and editing curated answers from the staff pages: one YAML file per article, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import InputRejected
from assistant.index.curated import Curated, answers_folder, load_curated, sync_curated
from assistant.index.lock import ingest_lock
from assistant.index.store import open_store

MIN_WORDS, MAX_WORDS = 15, 160
HEADER = "# Standard answers for this article. Each is returned verbatim when a visitor's question closely matches.\n"


def save_answer(knowledge_dir: Path, slug: str, question: str, answer: str, section: str = "",
                also: tuple[str, ...] = (), entry_id: str = "") -> Curated:
    """Add an answer to the article's file, or replace the entry with entry_id; returns it as loaded back."""
    question, answer = " ".join(question.split()), " ".join(answer.split())
    words = len(answer.split())
    if not question:
        raise InputRejected("A standard answer needs the question it answers.")
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise InputRejected(f"A standard answer should be {MIN_WORDS} to {MAX_WORDS} words; this one has {words}.")
    if "{" in answer.replace("{studio_name}", "") or "}" in answer.replace("{studio_name}", ""):
        raise InputRejected("Braces are kept for the studio's details such as {studio_name}; remove the others.")
    folder = answers_folder(knowledge_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = entry_id.split(":", 1)[0] if entry_id else slug
    path = folder / f"{stem}.yaml"
    data: dict[str, Any] = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}
    data.setdefault("article", slug)
    items: list[dict[str, Any]] = list(data.get("answers") or [])
    item: dict[str, Any] = {"question": question, "also": [a for a in also if a.strip()], "section": section,
                            "answer": answer}
    if slug != data["article"]:
        item["article"] = slug
    if entry_id:
        n = int(entry_id.split(":", 1)[1])
        if not 0 <= n < len(items):
            raise InputRejected(f"No standard answer {entry_id} to replace (it may have been edited elsewhere).")
        kept = {k: v for k, v in items[n].items() if k in ("setting", "unset")}
        items[n] = {**item, **kept}
        index = n
    else:
        items.append(item)
        index = len(items) - 1
    data["answers"] = items
    _write(path, data)
    saved = [e for e in load_curated(folder)[0] if e.id == f"{stem}:{index:03d}"]
    return saved[0]


def delete_answer(knowledge_dir: Path, entry_id: str) -> None:
    """Remove one entry (the entries after it move up one place)."""
    stem, _, n = entry_id.partition(":")
    path = answers_folder(knowledge_dir) / f"{stem}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = list(data.get("answers") or [])
    if not n.isdigit() or int(n) >= len(items):
        raise InputRejected(f"No standard answer {entry_id} to delete.")
    del items[int(n)]
    data["answers"] = items
    _write(path, data)


def _write(path: Path, data: dict[str, Any]) -> None:
    # Written beside the file and renamed into place: a crash never leaves half a file behind.
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish(knowledge_dir: Path, store: Any, embedder: Any) -> int:
    """Load every curated answer into the running index now (new wordings embedded); returns how many."""
    settings = getattr(store, "settings", None)
    if settings is None:  # a store built by hand (tests): no versions, no lock
        entries, _ = load_curated(answers_folder(knowledge_dir))
        sync_curated(store, embedder, entries)
        return len(entries)
    # Under the ingest lock, into the version served now: an ingest that switched versions
    # since this store was opened must not leave the change in a version nobody reads.
    with ingest_lock(settings.data_dir, wait=True, timeout_s=120):
        entries, _ = load_curated(answers_folder(knowledge_dir))
        sync_curated(open_store(settings), embedder, entries)
    return len(entries)
