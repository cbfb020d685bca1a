"""The ingest command-line edge: parses options, shows progress, prints one summary line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from tqdm import tqdm

from assistant.cli.exits import error_exit
from assistant.cli.sources import sources_from, sync_with_progress
from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.index.embedding import embedder_for, export_onnx
from assistant.index.health import check_index
from assistant.index.ingest import ingest
from assistant.index.lock import ingest_lock
from assistant.triage.semantic import keep_vectors_in, warm_up


def main(argv: list[str] | None = None) -> int:
    """Run an ingest; exit 0 on success, 1 with a message saying what to do otherwise."""
    parser = argparse.ArgumentParser(prog="ingest.py",
                                     description="Index the articles in knowledge/ and the studio's blog.")
    parser.add_argument("--source", type=Path, help="folder of articles (default: knowledge/)")
    parser.add_argument("--rebuild", action="store_true", help="drop the index and embed everything again")
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--no-wait", action="store_true",
                        help="if another ingest is running, exit 2 at once instead of waiting for it")
    parser.add_argument("--yes", action="store_true",
                        help="go ahead even if the ingest would remove more than half the indexed articles")
    parser.add_argument("--check", action="store_true",
                        help="verify the served index against its manifest and the article files; change nothing")
    # Issue 18: the studio's blog beside knowledge/ (each repeatable; also ASSISTANT_BLOG_SOURCES).
    parser.add_argument("--wxr", action="append", metavar="FILE", help="a WordPress export (WXR) to index")
    parser.add_argument("--sitemap", action="append", metavar="URL", help="a blog's sitemap to index and keep in sync")
    parser.add_argument("--pages", action="append", metavar="DIR", help="a folder of saved HTML blog pages to index")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
        source = args.source or settings.knowledge_dir
        if not Path(source).is_dir():
            print(f"error: no article folder at {source}. Pass --source DIR or create it.", file=sys.stderr)
            return 1
        if args.check:
            health = check_index(settings, Path(source))
            print(health.summary())
            return 0 if health.is_healthy else 1
        if args.no_wait and not args.dry_run:
            # Say so at once, before the model loads; ingest() itself holds the lock for the work.
            with ingest_lock(settings.data_dir, wait=False):
                pass
        bar: tqdm | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if args.quiet:
                return
            if bar is None:
                bar = tqdm(total=total, desc="Embedding", unit="text", file=sys.stderr)
            bar.n = done
            bar.refresh()

        if settings.embedding_runtime != "torch" and not args.dry_run and not settings.onnx_model_path.is_file():
            print(f"Exporting the embedding model to {settings.onnx_model_path} (once)...", file=sys.stderr)
            export_onnx(settings.onnx_model_path)
        # Blog sources first (a dry run reads only what earlier syncs kept): their posts join the articles.
        blog = sync_with_progress(settings, sources_from(args), fetch=not args.dry_run, quiet=args.quiet)
        embedder = embedder_for(settings)

        def waiting(pid: int | None) -> None:
            print(f"Another ingest is running (pid {pid or 'unknown'}); waiting for it to finish...",
                  file=sys.stderr)

        report = ingest(settings, embedder, source=Path(source), rebuild=args.rebuild,
                        dry_run=args.dry_run, progress=progress, wait=not args.no_wait, on_wait=waiting,
                        allow_mass_removal=args.yes, extra=blog)
        if not args.dry_run:
            # The triage library's vectors, kept beside the model so the first question does not wait.
            keep_vectors_in(settings.data_dir / "models")
            warm_up(embedder)
        if bar is not None:
            bar.close()
    except AssistantError as exc:
        return error_exit(exc)
    except KeyboardInterrupt:
        print("interrupted: the index is consistent; run ingest again to finish.", file=sys.stderr)
        return 130
    for problem in report.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    print(report.summary())
    return 0
