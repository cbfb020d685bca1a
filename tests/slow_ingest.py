"""Run an ingest with a slow fake embedder, printing each committed article (for the SIGKILL test)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import HashingEmbedder  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.index.ingest import ingest  # noqa: E402

if __name__ == "__main__":
    config = json.loads(sys.argv[1])
    settings = Settings(**config)
    ingest(settings, HashingEmbedder(delay_s=0.02), on_commit=lambda slug: print("committed", slug, flush=True))
    print("finished", flush=True)
