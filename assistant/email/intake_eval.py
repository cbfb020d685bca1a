"""Field-level precision and recall of the intake against a labelled table (tests/data/intake_dev.jsonl).

Each field is scored as a set of items, per email, summed over the table (micro-averaged):
precision = matched predicted items / predicted items, recall = matched gold items / gold items.
A null or empty field has no items, so a correct "not said" counts neither way.

- duration, side: one item when not null. side must be equal; duration is a verbatim span.
- below_knee, treatments, activities: items from a fixed vocabulary (LABELLING.md), equal to match;
  an "other: <span>" item matches another "other:" item whose span matches as below.
- imaging: one item per type (MRI, x-ray, scan...); imaging_finding: the findings, as spans.
- goals, availability, questions: verbatim spans.
- red_flags: one item per topic whose status is not "open" (reported, denied, mentioned); it matches
  when the topic and the status are both equal. (Topics left open count neither way.)
- quotes: precision is the share of predicted quotes that are verbatim in the email (the rule that
  matters: never put words in the sender's mouth); recall is the share of the labeller's quotes that
  one of ours matches as a span (the labeller picked 2-4 of many possible quotes, so it is a soft figure).

Span matching (normalised token overlap): both spans are lower-cased, curly quotes straightened and
split into word tokens; they match when the tokens they share number at least half the tokens of the
longer span (|A ∩ B| >= 0.5 * max(|A|, |B|)). "about four months" matches "for about four months now".
Items are paired one-to-one, best overlap first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("duration", "side", "below_knee", "imaging", "imaging_finding", "treatments", "activities", "goals",
          "availability", "questions", "red_flags", "quotes")
_SPAN_FIELDS = {"duration", "imaging_finding", "goals", "availability", "questions", "quotes"}
_VOCAB_FIELDS = {"side", "below_knee", "imaging", "treatments", "activities", "red_flags"}
Extractor = Callable[[dict[str, object]], dict[str, object]]


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with straightened apostrophes: the unit of span matching."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'").replace("‘", "'"))


def spans_match(a: str, b: str) -> bool:
    """Whether two spans share at least half the tokens of the longer one."""
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return False
    return len(ta & tb) >= 0.5 * max(len(ta), len(tb))


def _score(a: str, b: str) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    return len(ta & tb) / max(len(ta), len(tb), 1)


def _items_match(name: str, a: str, b: str) -> bool:
    if name in _SPAN_FIELDS:
        return spans_match(a, b)
    if a.startswith("other:") and b.startswith("other:"):
        return spans_match(a[6:], b[6:])
    return a.strip().lower() == b.strip().lower()


def matched(name: str, predicted: Sequence[str], gold: Sequence[str]) -> int:
    """How many predicted items pair one-to-one with gold items (best overlap first)."""
    pairs = sorted(((_score(p, g) if name in _SPAN_FIELDS else 1.0, i, j) for i, p in enumerate(predicted)
                    for j, g in enumerate(gold) if _items_match(name, p, g)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def items(name: str, record: dict[str, object]) -> list[str]:
    """The items of one field of a record in the table's schema."""
    if name == "imaging":
        return [str(i.get("type")) for i in _list(record.get("imaging")) if isinstance(i, dict)]
    if name == "imaging_finding":
        return [str(i["finding"]) for i in _list(record.get("imaging")) if isinstance(i, dict) and i.get("finding")]
    if name == "red_flags":
        flags = record.get("red_flags") or {}
        return [f"{k}={v}" for k, v in flags.items() if v != "open"] if isinstance(flags, dict) else []
    value = record.get(name)
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


@dataclass
class FieldScore:
    """Counts for one field over the table."""

    predicted: int = 0
    gold: int = 0
    matched_predicted: int = 0
    matched_gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0


@dataclass
class Evaluation:
    """Per-field scores, the micro-average over all fields, and each email's misses for reading."""

    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    misses: list[str] = field(default_factory=list)
    emails: int = 0

    @property
    def overall(self) -> FieldScore:
        """Every field's counts summed (micro-average)."""
        return self.overall_without()

    def overall_without(self, *left_out: str) -> FieldScore:
        """The micro-average over the fields not left out (quotes recall is a soft figure)."""
        total = FieldScore()
        for name, s in self.fields.items():
            if name in left_out:
                continue
            total.predicted += s.predicted
            total.gold += s.gold
            total.matched_predicted += s.matched_predicted
            total.matched_gold += s.matched_gold
        return total

    def table(self) -> str:
        """A Markdown table: field, precision, recall, counts."""
        lines = ["| field | precision | recall | predicted | gold |", "|---|---|---|---|---|"]
        for name, s in [*self.fields.items(), ("**all fields**", self.overall)]:
            lines.append(f"| {name} | {s.precision:.0%} | {s.recall:.0%} | {s.predicted} | {s.gold} |")
        return "\n".join(lines)


def _verbatim(quote: str, text: str) -> bool:
    squash = " ".join(text.replace("’", "'").split()).lower()
    return " ".join(quote.replace("’", "'").split()).lower() in squash


def evaluate(rows: Iterable[dict[str, object]], extract: Extractor) -> Evaluation:
    """Score extract(row) -> record against each row's gold record."""
    result = Evaluation()
    for row in rows:
        result.emails += 1
        gold = row["gold"]
        assert isinstance(gold, dict)
        predicted = extract(row)
        for name in FIELDS:
            p, g = items(name, predicted), items(name, gold)
            score = result.fields[name]
            n = matched(name, p, g)
            score.predicted += len(p)
            score.gold += len(g)
            score.matched_gold += n
            if name == "quotes":
                score.matched_predicted += sum(_verbatim(q, str(row.get("body", ""))) for q in p)
            else:
                score.matched_predicted += n
            if n < max(len(p), len(g)):
                result.misses.append(f"{row.get('id')} {name}: predicted {p} gold {g}")
    return result


def email_text(row: dict[str, object]) -> str:
    """A row's email as the Email desk and the mail sync read it: the sender's new text (quotes, signature removed)."""
    from assistant.email.parse import parse_email
    from assistant.errors import InputRejected

    raw = f"From: {row.get('from', '')}\nSubject: {row.get('subject', '')}\n\n{row.get('body', '')}"
    try:
        return parse_email(raw).body
    except InputRejected:
        return str(row.get("body", ""))


def intake_record(row: dict[str, object]) -> dict[str, object]:
    """The intake of one row's email in the table's schema, the red-flag screen read as the draft reads it."""
    from assistant.email.draft import read_screen
    from assistant.email.intake import read_intake
    from assistant.triage.engine import assess

    text = email_text(row)
    intake = read_intake(text)
    return intake.to_record(read_screen(text, assess(text), intake))


def load_table(path: Path) -> list[dict[str, object]]:
    """The labelled rows of a JSONL table."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
