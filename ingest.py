"""Index the articles in knowledge/ and the studio's blog into the Chroma store.

python ingest.py [--source DIR] [--sitemap URL] [--wxr FILE] [--pages DIR] [--rebuild] [--dry-run]
"""

import sys

from assistant.cli.ingest import main

if __name__ == "__main__":
    sys.exit(main())
