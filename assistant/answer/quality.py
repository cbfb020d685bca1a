"""Answer quality on a labelled set: section hit@1, key-fact coverage, decline precision/recall, curated precision.

A row: {"id", "text", "covered", "gold": [{"slug", "section"}], "facts": [[phrasing, ...], ...]}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answer.deps import Deps
from assistant.answer.turn import ask
from assistant.answer.types import Answer

DECLINED_MODES = {"out_of_scope", "declined"}


@dataclass
class Quality:
    """The figures of one run, and the rows that went wrong."""

    rows: int = 0
    covered: int = 0
    section_hits: int = 0
    article_hits: int = 0
    facts_found: int = 0
    facts_total: int = 0
    true_declines: int = 0
    false_declines: int = 0
    missed_declines: int = 0
    uncovered: int = 0
    curated: int = 0
    curated_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The figures as percentages (and F1), with the misses."""
        def pct(a: int, b: int) -> float | None:
            return round(100.0 * a / b, 1) if b else None
        precision = pct(self.true_declines, self.true_declines + self.false_declines)
        recall = pct(self.true_declines, self.uncovered)
        f1 = (round(2 * precision * recall / (precision + recall) / 100, 3)
              if precision and recall else 0.0)
        return {
            "rows": self.rows, "covered": self.covered, "uncovered": self.uncovered,
            "section_hit_at_1": pct(self.section_hits, self.covered),
            "article_hit_at_1": pct(self.article_hits, self.covered),
            "key_fact_coverage": pct(self.facts_found, self.facts_total),
            "decline_precision": precision, "decline_recall": recall, "decline_f1": f1,
            "curated_answers": self.curated, "curated_precision": pct(self.curated_right, self.curated),
            "misses": self.misses,
        }


def is_declined(answer: Answer) -> bool:
    """Whether the reply says the articles don't cover the question (studio logistics count: no article is quoted)."""
    return answer.mode in DECLINED_MODES or getattr(answer, "kind", "") in ("declined", "logistics")


def primary_source(answer: Answer) -> tuple[str, str] | None:
    """(slug, section) the reply's first direct answer comes from."""
    direct = getattr(answer, "direct", ())
    if direct:
        return direct[0].slug, direct[0].section
    if answer.passages:
        return answer.passages[0].slug, answer.passages[0].section
    return None


def evaluate_quality(rows: list[dict[str, Any]], deps: Deps) -> Quality:
    """Ask every row once and score the replies."""
    q = Quality()
    for row in rows:
        q.rows += 1
        answer = ask(str(row["text"]), deps)
        declined = is_declined(answer)
        source = primary_source(answer)
        gold = {(g["slug"], g["section"]) for g in row.get("gold") or []}
        curated = getattr(answer, "kind", "") == "curated"
        if not row.get("covered", True):
            q.uncovered += 1
            q.true_declines += declined
            if not declined:
                q.missed_declines += 1
                q.misses.append({"id": row["id"], "problem": "answered an uncovered question", "source": source})
            if curated:
                q.curated += 1
            continue
        q.covered += 1
        if declined:
            q.false_declines += 1
            q.misses.append({"id": row["id"], "problem": "declined a covered question"})
        hit = source in gold
        q.section_hits += hit and not declined
        q.article_hits += bool(source) and source[0] in {s for s, _ in gold} and not declined  # type: ignore[index]
        if curated:
            q.curated += 1
            q.curated_right += bool(source) and source[0] in {s for s, _ in gold}  # type: ignore[index]
        text = answer.text.lower()
        facts = row.get("facts") or []
        found = sum(any(p.lower() in text for p in fact) for fact in facts) if not declined else 0
        q.facts_found += found
        q.facts_total += len(facts)
        if not declined and (not hit or found < len(facts)):
            q.misses.append({"id": row["id"], "problem": "section" if not hit else "facts",
                             "source": source, "gold": sorted(gold), "facts": f"{found}/{len(facts)}"})
    return q
