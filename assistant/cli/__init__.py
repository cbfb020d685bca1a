"""The command line: `python -m assistant <command>`, one module per command group."""

from assistant.cli.main import main

__all__ = ["main"]
