"""python -m assistant: the command-line interface."""

import sys

from assistant.cli import main

sys.exit(main())
