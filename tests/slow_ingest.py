"""Run an ingest with a slow fake embedder, printing each committed article (for the SIGKILL tests).

Usage: slow_ingest.py CONFIG_JSON [--rebuild] [--delay S]
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fakes import HashingEmbedder  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.index.ingest import ingest  # noqa: E402

if __name__ == "__main__":
    config = json.loads(sys.argv[1])
    delay = float(sys.argv[sys.argv.index("--delay") + 1]) if "--delay" in sys.argv else 0.02
    settings = Settings(**config)
    report = ingest(settings, HashingEmbedder(delay_s=delay), rebuild="--rebuild" in sys.argv,
                    on_commit=lambda slug: print("committed", slug, flush=True))
    print("finished", report.summary(), flush=True)
