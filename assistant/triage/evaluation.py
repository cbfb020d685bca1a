"""Scores assess() against labelled rows: emergency and urgent-or-higher recall, under/over-triage, per-flag scores.

Rows are dicts {"id", "text", "level", "flags"}; the metrics are those red-flags.md §5 suggests, with
under-triage (a less urgent level than labelled) counted apart from over-triage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.seams import Embedder
from assistant.triage.engine import FLAG_IDS, LEVELS, assess
from assistant.triage.levels import rank


@dataclass(frozen=True)
class FlagScore:
    """Counts and rates for one flag id over all rows."""

    id: str
    true_positives: int
    false_negatives: int
    false_positives: int

    @property
    def recall(self) -> float | None:
        """Share of rows labelled with this flag that got it (None when no row has it)."""
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else None

    @property
    def precision(self) -> float | None:
        """Share of rows given this flag that were labelled with it (None when none got it)."""
        given = self.true_positives + self.false_positives
        return self.true_positives / given if given else None


@dataclass(frozen=True)
class Miss:
    """A row whose predicted level differs from its label."""

    id: str
    expected: str
    got: str
    expected_flags: tuple[str, ...] = ()
    got_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriageReport:
    """The figures for one labelled table."""

    total: int
    emergency_recall: float | None
    urgent_or_higher_recall: float | None
    under_triage: int
    over_triage: int
    false_alarm_rate: float | None
    per_flag: Mapping[str, FlagScore] = field(default_factory=dict)
    misses: tuple[Miss, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "total": self.total,
            "emergency_recall": self.emergency_recall,
            "urgent_or_higher_recall": self.urgent_or_higher_recall,
            "under_triage": self.under_triage,
            "over_triage": self.over_triage,
            "false_alarm_rate": self.false_alarm_rate,
            "per_flag": {k: {"recall": s.recall, "precision": s.precision, "true_positives": s.true_positives,
                             "false_negatives": s.false_negatives, "false_positives": s.false_positives}
                         for k, s in self.per_flag.items()},
            "misses": [{"id": m.id, "expected": m.expected, "got": m.got, "expected_flags": list(m.expected_flags),
                        "got_flags": list(m.got_flags)} for m in self.misses],
        }


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _level(row: Mapping[str, object]) -> str:
    level = str(row.get("level", ""))
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} in row {row.get('id')!r} (expected one of: {', '.join(LEVELS)})")
    return level


def evaluate(rows: Iterable[Mapping[str, object]], *, region: str = "uk", embedder: Embedder | None = None
             ) -> TriageReport:
    """Run assess() on every row (with the semantic layer when an embedder is given) and compare with its labels."""
    counts = {flag: [0, 0, 0] for flag in FLAG_IDS}  # true positives, false negatives, false positives
    total = emergencies = emergencies_hit = serious = serious_hit = nones = false_alarms = under = over = 0
    misses: list[Miss] = []
    for row in rows:
        expected = _level(row)
        result = assess(str(row.get("text", "")), region=region, embedder=embedder)
        got = result.level
        total += 1
        emergencies += expected == "emergency"
        emergencies_hit += expected == "emergency" == got
        if rank(expected) >= rank("urgent"):
            serious += 1
            serious_hit += rank(got) >= rank("urgent")
        if expected == "none":
            nones += 1
            false_alarms += got != "none"
        under += rank(got) < rank(expected)
        over += rank(got) > rank(expected)
        flags = row.get("flags")
        labelled = {str(f) for f in flags} if isinstance(flags, (list, tuple, set)) else set()
        given = set(result.flag_ids)
        for flag in labelled | given:
            score = counts.setdefault(flag, [0, 0, 0])
            score[0 if flag in labelled and flag in given else 1 if flag in labelled else 2] += 1
        if got != expected:
            misses.append(Miss(str(row.get("id", total)), expected, got, tuple(sorted(labelled)), result.flag_ids))
    return TriageReport(
        total=total,
        emergency_recall=_ratio(emergencies_hit, emergencies),
        urgent_or_higher_recall=_ratio(serious_hit, serious),
        under_triage=under,
        over_triage=over,
        false_alarm_rate=_ratio(false_alarms, nones),
        per_flag={flag: FlagScore(flag, *c) for flag, c in counts.items()},
        misses=tuple(misses),
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def format_report(report: TriageReport) -> str:
    """A plain-text summary for people."""
    lines = [
        f"Triage evaluation on {report.total} rows",
        f"  Emergency recall:          {_pct(report.emergency_recall)}",
        f"  Urgent-or-higher recall:   {_pct(report.urgent_or_higher_recall)}",
        f"  Under-triage:              {report.under_triage}",
        f"  Over-triage:               {report.over_triage}",
        f"  False alarms on 'none':    {_pct(report.false_alarm_rate)}",
        "  Per flag (recall / precision, labelled rows):",
    ]
    for flag, score in report.per_flag.items():
        labelled = score.true_positives + score.false_negatives
        lines.append(f"    {flag:<26} {_pct(score.recall):>7} / {_pct(score.precision):<7} ({labelled})")
    if report.misses:
        lines.append(f"  Misses ({len(report.misses)}):")
        lines.extend(f"    {m.id}: expected {m.expected}, got {m.got}" for m in report.misses)
    return "\n".join(lines)
