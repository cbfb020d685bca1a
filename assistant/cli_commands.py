"""Subcommands beyond search: registered into the CLI parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def register(sub: Any, text_command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Add the subcommands that exist so far."""
    return None
