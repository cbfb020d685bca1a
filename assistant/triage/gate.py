"""Which regex patterns can match where: a literal pre-filter that keeps the triage rules fast.

Python's regex engine is slow to scan a long email with a pattern that opens with \\b and a long
alternation, and triage runs ~180 such patterns. Each pattern's literals are read once from its
parse tree: a pattern none of whose required literals occur in the text is skipped, and a pattern
that must start with one of a few literals is only tried where they occur. A pattern whose
literals cannot be proved (or a Python whose private regex parser has moved) is always scanned.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

try:  # private modules: parse trees are plain tuples, typed loosely below
    _sre: Any = importlib.import_module("re._constants")
    _sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - then every pattern is simply scanned
    _sre = _sre_parse = None

Parsed = list[tuple[Any, Any]]
MIN_LITERAL = 3


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """Any branch of an alternation may match, so all of their literals count; unknown if one is unknown."""
    known = [x for x in sets if x]
    return frozenset().union(*known) if len(known) == len(sets) else None


def _required(items: Parsed) -> frozenset[str] | None:
    """Strings one of which every match of this parsed sequence contains (None if none can be proved)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        if op is _sre.SUBPATTERN:
            sub = _required(list(arg[-1]))
        elif op is _sre.BRANCH:
            sub = _union([_required(list(branch)) for branch in arg[1]])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
            sub = _required(list(arg[2]))
        else:
            sub = None
        if sub:
            options.append(sub)
    if not options:
        return None
    return max(options, key=lambda o: (min(4, min(map(len, o))), -len(o), min(map(len, o))))


def _prefixes(items: Parsed) -> frozenset[str] | None:
    """Strings one of which every match of this parsed sequence starts with (None if unknown)."""
    items = [(op, arg) for op, arg in items if op not in (_sre.AT, _sre.ASSERT_NOT)]
    run = ""
    for op, arg in items:
        if op is not _sre.LITERAL:
            break
        run += chr(arg)
    if run:
        return frozenset([run])
    if not items:
        return None
    op, arg = items[0]
    if op is _sre.SUBPATTERN:
        return _prefixes(list(arg[-1]))
    if op is _sre.IN:
        return _first_chars(arg)
    if op is _sre.BRANCH:
        return _union([_prefixes(list(branch)) for branch in arg[1]])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
        return _prefixes(list(arg[2]))
    return None


def _first_chars(members: Parsed) -> frozenset[str] | None:
    """The characters a small character class can match, e.g. [2-6] or \\d (None for big or negated ones)."""
    chars: set[str] = set()
    for op, arg in members:
        if op is _sre.LITERAL:
            chars.add(chr(arg))
        elif op is _sre.RANGE and arg[1] - arg[0] < 12:
            chars.update(map(chr, range(arg[0], arg[1] + 1)))
        elif op is _sre.CATEGORY and arg is _sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
    return frozenset(chars) or None


@cache
def _literals(pattern: re.Pattern[str]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(required, prefixes) literal sets of pattern; (None, None) when they cannot be proved."""
    try:
        parsed = list(_sre_parse.parse(pattern.pattern, pattern.flags))
        return _required(parsed), _prefixes(parsed)
    except Exception:  # any surprise in the private parser: never skip a rule
        return None, None


def _trie(words: list[str]) -> str:
    """A regex matching any of words, longest first, as a character trie (fast in Python's engine)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


class Gate:
    """Where many patterns can start in a text, from one pass of a trie of their literals."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        # Literals shorter than MIN_LITERAL occur almost everywhere, so they gate nothing and slow the scan.
        sets = {p: tuple(None if part is None or min(map(len, part)) < MIN_LITERAL else part
                         for part in _literals(p)) for p in patterns}
        literals = sorted({lit for pair in sets.values() for part in pair for lit in part or ()})
        self._scan = re.compile(f"(?=({_trie(literals)}))") if literals else None

        def expand(part: frozenset[str] | None) -> frozenset[str] | None:
            # A literal occurs iff it is a prefix of the longest literal reported at its position.
            return None if part is None else frozenset(x for lit in part for x in literals if x.startswith(lit))

        self._plans = {p: (expand(req), expand(pre)) for p, (req, pre) in sets.items()}

    def spans(self, pattern: re.Pattern[str], text: str, where: dict[str, list[int]]) -> list[tuple[int, int]]:
        """Non-overlapping matches of pattern in text, like finditer; where maps literal -> positions."""
        need, starts = self._plans.get(pattern, (None, None))
        if need is not None and need.isdisjoint(where):
            return []
        if starts is None:
            return [m.span() for m in pattern.finditer(text)]
        out: list[tuple[int, int]] = []
        for pos in sorted(pos for lit in starts.intersection(where) for pos in where[lit]):
            if (not out or pos >= out[-1][1]) and (m := pattern.match(text, pos)):
                out.append(m.span())
        return out

    def where(self, text: str) -> dict[str, list[int]]:
        """Longest literal starting at each position, inverted: literal -> positions."""
        out: dict[str, list[int]] = {}
        if self._scan:
            for m in self._scan.finditer(text):
                out.setdefault(m.group(1), []).append(m.start())
        return out


@cache
def gate_for(patterns: tuple[re.Pattern[str], ...]) -> Gate:
    """One Gate per rule set, built on first use."""
    return Gate(list(patterns))


def gated_spans(patterns: tuple[re.Pattern[str], ...], text: str) -> list[tuple[re.Pattern[str], int, int]]:
    """All matches of all patterns in text, each pattern scanned only where it can match."""
    gate = gate_for(patterns)
    where = gate.where(text)
    return [(p, s, e) for p in patterns for s, e in gate.spans(p, text, where)]
