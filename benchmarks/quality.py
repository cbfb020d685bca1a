"""Answer quality on the labelled tables, for BENCHMARKS.md: `python -m benchmarks.quality` rewrites its section.

It builds a fresh index of the articles and curated answers in a temporary folder with the packaged
model, asks every row of each table once, and reports section hit@1, key-fact coverage, declines and
curated-answer precision, beside the first-run figures recorded when each table was new.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import percentile, read_rows, write_section

ROOT = Path(__file__).resolve().parents[1]
TABLES = (
    ("dev (tuned on)", ROOT / "tests/data/answer_dev.jsonl"),
    ("holdout (never tuned on)", ROOT / "tests/data/answer_holdout.jsonl"),
    ("round 2 (fresh; its 3 wrong curated answers set the 0.84 match)", ROOT / "tests/data/answer_round2.jsonl"),
)
FIRST_RUNS = Path(__file__).with_name("first_runs.json")
START, END = "<!-- answer-quality:start -->", "<!-- answer-quality:end -->"


def answer_quality(settings: Any, embedder: Any) -> dict[str, Any]:
    """The figures of every table that exists, and the warm ask() latency over the dev table."""
    from assistant.answer import ask, build_deps
    from assistant.answer.quality import evaluate_quality

    deps = build_deps(settings, embedder)
    tables = []
    for name, path in TABLES:
        if path.is_file():
            figures = evaluate_quality(read_rows(path), deps).to_dict()
            figures["misses"] = len(figures["misses"])
            tables.append({"name": name, "file": str(path.relative_to(ROOT)), **figures})
    questions = [str(r["text"]) for r in read_rows(TABLES[0][1])]
    timings = []
    for q in questions:
        start = time.perf_counter()
        ask(q, deps)
        timings.append(1000 * (time.perf_counter() - start))
    return {"tables": tables, "ask_ms_p50": percentile(timings, 50), "ask_ms_p95": percentile(timings, 95),
            "triage": triage_quality(embedder)}


TRIAGE_TABLES = (
    ("older tables (the rules were written against them)", ("triage_cases.jsonl", "triage_holdout.jsonl")),
    ("round 2 (first run recorded; then used to set the threshold)", ("triage_round2.jsonl",)),
    ("round 3 (first run recorded; its misses then gave exemplars)", ("triage_round3.jsonl",)),
    ("round 4 (first run recorded; its misses then gave triage/phrasings.py)", ("triage_round4.jsonl",)),
)


def triage_quality(embedder: Any) -> dict[str, Any]:
    """Recall and false alarms of the rules alone and with the semantic layer, and their speed."""
    from assistant.triage import assess
    from assistant.triage.evaluation import evaluate

    tables = []
    for name, files in TRIAGE_TABLES:
        paths = [ROOT / "tests/data" / f for f in files]
        if not all(p.is_file() for p in paths):
            continue
        rows = [r for p in paths for r in read_rows(p)]
        rules, both = evaluate(rows).to_dict(), evaluate(rows, embedder=embedder).to_dict()
        tables.append({"name": name, "rows": len(rows), "rules": rules, "semantic": both})
    short = "does sitting make sciatica worse?"
    email = " ".join(["My back has ached for months and the pain goes down my left leg when I sit."] * 67)
    speed = {}
    for label, text in (("short", short), ("email_1000_words", email)):
        for mode, emb in (("rules", None), ("semantic", embedder)):
            assess(text, embedder=emb)
            times = []
            for _ in range(30):
                start = time.perf_counter()
                assess(text, embedder=emb)
                times.append(1000 * (time.perf_counter() - start))
            speed[f"{label}_{mode}_p95_ms"] = percentile(times, 95)
    return {"tables": tables, "speed": speed}


def quality_lines(results: dict[str, Any]) -> list[str]:
    """The markdown section, between markers so that a quality-only run can replace it."""
    pct = lambda x: "n/a" if x is None else f"{x:.1f} %"  # noqa: E731
    lines = [START, "## Answer quality: curated answers, passage answers, declines", "",
             "Each row is asked once through `ask()` with no language model. Section hit@1: the first direct "
             "answer comes from the gold section. Key facts: the must-mention facts found in the reply. "
             "Declines: an uncovered near-miss gets the honest decline (studio logistics answers count as "
             "declines: they quote no article). Curated precision: curated answers cited to a gold article.", "",
             "| table | rows (covered / uncovered) | section hit@1 | article hit@1 | key facts | decline P / R / F1 "
             "| curated answers (precision) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for t in results["tables"]:
        lines.append(f"| {t['name']}: `{t['file']}` | {t['rows']} ({t['covered']} / {t['uncovered']}) | "
                     f"{pct(t['section_hit_at_1'])} | {pct(t['article_hit_at_1'])} | {pct(t['key_fact_coverage'])} | "
                     f"{pct(t['decline_precision'])} / {pct(t['decline_recall'])} / {t['decline_f1']:.2f} | "
                     f"{t['curated_answers']} ({pct(t['curated_precision'])}) |")
    lines += ["", f"Warm `ask()` over the dev table: p50 {results['ask_ms_p50']:.1f} ms, "
              f"p95 {results['ask_ms_p95']:.1f} ms.", ""]
    lines += _triage_lines(results.get("triage"))
    first = json.loads(FIRST_RUNS.read_text(encoding="utf-8"))
    lines += ["First-run figures, recorded when each table was new and before anything was tuned on it:", "",
              "| table | system | section hit@1 | key facts | decline P / R / F1 | curated precision |",
              "| --- | --- | --- | --- | --- | --- |"]
    for r in first["answers"]:
        lines.append(f"| `{r['table']}` | {r['system']} | {pct(r['section_hit_at_1'])} | "
                     f"{pct(r['key_fact_coverage'])} | {pct(r['decline_precision'])} / {pct(r['decline_recall'])} / "
                     f"{r['decline_f1']:.2f} | {pct(r['curated_precision'])} |")
    for r in first.get("language_guess", []):
        lines.append("")
        lines.append(f"Language guess on `{r['table']}` ({r['rows']} short English lines), first run: "
                     f"{pct(r['read_as_english_first_run'])} read as English (now a regression table in the suite).")
    for r in first.get("graded_read", []):
        grades = ", ".join(f"{n} graded {g}" for g, n in sorted(r["grades"].items(), reverse=True))
        holdout = f"holdout {r['holdout_mean']:.2f}; " if r.get("holdout_mean") is not None else ""
        lines += ["", f"Graded read of {r['answers']} answers from {r['from']}, by {r['reviewer']}: "
                  f"mean {r['mean']:.2f} ({holdout}{grades}). Main problems: {r['main_problems']}."]
    for r in first.get("triage", []):
        extra = ""
        if "rules_only" in r:
            ro = r["rules_only"]
            extra = (f" (the rules alone: {ro['emergency_recall']:.1f} % / {ro['urgent_or_higher_recall']:.1f} % / "
                     f"{ro['false_alarms_on_none']:.1f} %)")
        lines += ["", f"Triage first run on `{r['table']}` ({r['rows']} rows), {r['system']}: emergency recall "
                  f"{r['emergency_recall']:.1f} %, urgent-or-higher {r['urgent_or_higher_recall']:.1f} %, false alarms "
                  f"on none {r['false_alarms_on_none']:.1f} %{extra}; self-harm caught at urgent or higher: "
                  f"{r['self_harm_urgent_or_higher']}."]
    lines.append(END)
    return lines


def _triage_lines(triage: dict[str, Any] | None) -> list[str]:
    if not triage:
        return []
    lines = ["### Triage: the rules alone and with the semantic layer", "",
             "| table | rows | emergency recall | urgent-or-higher recall | false alarms on none |",
             "| --- | --- | --- | --- | --- |"]
    for t in triage["tables"]:
        r, s = t["rules"], t["semantic"]
        lines.append(f"| {t['name']} | {t['rows']} | {100 * r['emergency_recall']:.1f} % → "
                     f"{100 * s['emergency_recall']:.1f} % | {100 * r['urgent_or_higher_recall']:.1f} % → "
                     f"{100 * s['urgent_or_higher_recall']:.1f} % | {100 * r['false_alarm_rate']:.1f} % → "
                     f"{100 * s['false_alarm_rate']:.1f} % |")
    sp = triage["speed"]
    lines += ["", f"Speed (p95): a short message {sp['short_rules_p95_ms']:.1f} ms with the rules alone, "
              f"{sp['short_semantic_p95_ms']:.1f} ms with the semantic layer; a 1,000-word email "
              f"{sp['email_1000_words_rules_p95_ms']:.1f} ms and {sp['email_1000_words_semantic_p95_ms']:.1f} ms "
              "(the layer embeds every clause).", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Build a temporary index with the packaged model, measure, and rewrite the section of BENCHMARKS.md."""
    from assistant.config import Settings, get_settings
    from assistant.index import ingest
    from assistant.index.embedding import embedder_for, export_onnx

    out = Path((argv or sys.argv[1:] or ["BENCHMARKS.md"])[0])
    with tempfile.TemporaryDirectory(prefix="answer-quality-") as tmp:
        base = get_settings()
        settings = Settings(data_dir=Path(tmp), knowledge_dir=base.knowledge_dir, collection="quality", llm="none",
                            chroma_host=None)
        if base.onnx_model_path.is_file():
            settings.onnx_model_path.parent.mkdir(parents=True, exist_ok=True)
            settings.onnx_model_path.symlink_to(base.onnx_model_path.resolve())
        else:
            export_onnx(settings.onnx_model_path)
        embedder = embedder_for(settings)
        ingest(settings, embedder)
        results = answer_quality(settings, embedder)
    write_section(out, START, END, "\n".join(quality_lines(results)))
    print(f"wrote the answer-quality section of {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
