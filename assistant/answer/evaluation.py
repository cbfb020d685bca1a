"""Answer quality on a question set: retrieval hit@1/hit@3/MRR, keyword coverage, declines, booking."""

from __future__ import annotations

from typing import Any

from assistant.answer.deps import Deps
from assistant.answer.turn import ask

OUT_OF_SCOPE_KINDS = {"offtopic", "injection"}


def ranked_slugs(deps: Deps, text: str, k: int = 10) -> list[str]:
    """Distinct article slugs in the order search returns them."""
    slugs: list[str] = []
    for p in deps.retriever.search(text, k=k):
        if p.slug not in slugs:
            slugs.append(p.slug)
    return slugs


def evaluate_answers(rows: list[dict[str, Any]], deps: Deps) -> dict[str, Any]:
    """Run search and ask over every row and score them."""
    hit1 = hit3 = 0
    rr = 0.0
    retrieval_rows = 0
    coverage: list[float] = []
    declined = off_topic = 0
    booking_right = 0
    uncited = 0
    misses: list[dict[str, Any]] = []
    for row in rows:
        text = str(row["text"])
        expected = list(row.get("slugs") or [])
        answer = ask(text, deps)
        if row.get("kind") in OUT_OF_SCOPE_KINDS:
            off_topic += 1
            declined += not answer.in_scope
            if answer.in_scope:
                misses.append({"id": row["id"], "problem": "answered an off-topic or injection message"})
        if expected:
            retrieval_rows += 1
            ranked = ranked_slugs(deps, text)
            first = next((n for n, s in enumerate(ranked, 1) if s in expected), None)
            hit1 += first == 1
            hit3 += first is not None and first <= 3
            rr += 1.0 / first if first else 0.0
            if not first or first > 3:
                misses.append({"id": row["id"], "problem": f"expected {expected[0]}, got {ranked[:3]}"})
            keywords = [k.lower() for k in row.get("keywords") or []]
            if keywords:
                found = sum(k in answer.text.lower() for k in keywords)
                coverage.append(found / len(keywords))
            if answer.in_scope and answer.mode in ("extractive", "llm") and not answer.citations:
                uncited += 1
        if "booking" in row:
            booking_right += bool(row["booking"]) == answer.booking.suggested
    n_booking = sum(1 for r in rows if "booking" in r)
    return {
        "questions": len(rows),
        "retrieval_questions": retrieval_rows,
        "hit@1": hit1 / retrieval_rows if retrieval_rows else 0.0,
        "hit@3": hit3 / retrieval_rows if retrieval_rows else 0.0,
        "mrr": rr / retrieval_rows if retrieval_rows else 0.0,
        "keyword_coverage": sum(coverage) / len(coverage) if coverage else 0.0,
        "off_topic_declined": f"{declined}/{off_topic}",
        "off_topic_declined_rate": declined / off_topic if off_topic else 1.0,
        "booking_as_expected": booking_right / n_booking if n_booking else 1.0,
        "in_scope_answers_without_citation": uncited,
        "misses": misses,
    }


def format_answers_report(report: dict[str, Any]) -> str:
    """The report for people."""
    lines = [
        f"questions: {report['questions']} ({report['retrieval_questions']} with expected articles)",
        f"hit@1: {report['hit@1']:.1%}   hit@3: {report['hit@3']:.1%}   MRR: {report['mrr']:.3f}",
        f"answer keyword coverage: {report['keyword_coverage']:.1%}",
        f"off-topic/injection declined: {report['off_topic_declined']}",
        f"booking suggested as expected: {report['booking_as_expected']:.1%}",
        f"in-scope answers without a citation: {report['in_scope_answers_without_citation']}",
    ]
    if report["misses"]:
        lines.append("misses:")
        lines += [f"  {m['id']}: {m['problem']}" for m in report["misses"]]
    return "\n".join(lines)
