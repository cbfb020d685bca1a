"""Index the articles in knowledge/ into the Chroma store: python ingest.py [--source DIR] [--rebuild] [--dry-run]."""

import sys

from assistant.cli.ingest import main

if __name__ == "__main__":
    sys.exit(main())
