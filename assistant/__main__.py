"""python -m assistant: the command-line interface."""

import sys

from assistant.cli.main import main

sys.exit(main())
