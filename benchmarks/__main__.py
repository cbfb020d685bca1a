"""python -m benchmarks: measure and write BENCHMARKS.md."""

import sys

from benchmarks.run import main

sys.exit(main())
