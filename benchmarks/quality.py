"""Answer quality on the labelled tables, for BENCHMARKS.md: `python -m benchmarks.quality` rewrites its section.

It builds a fresh index of the articles and curated answers in a temporary folder with the packaged
model, asks every row of each table once, and reports section hit@1, key-fact coverage, declines and
curated-answer precision, beside the first-run figures recorded when each table was new.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import percentile, read_rows

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
    return {"tables": tables, "ask_ms_p50": percentile(timings, 50), "ask_ms_p95": percentile(timings, 95)}


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
        lines += ["", f"Graded read, first time: {r['answers']} answers from {r['from']}, by {r['reviewer']}: "
                  f"mean {r['mean']:.2f} (holdout {r['holdout_mean']:.2f}; {grades}). Main problems: "
                  f"{r['main_problems']}."]
    lines.append(END)
    return lines


def replace_section(report: str, lines: list[str]) -> str:
    """The report with the quality section replaced, or appended when it is not there yet."""
    block = "\n".join(lines)
    if START in report and END in report:
        return re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, report, flags=re.S)
    return report.rstrip() + "\n\n" + block + "\n"


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
    report = out.read_text(encoding="utf-8") if out.is_file() else "# Benchmarks\n"
    out.write_text(replace_section(report, quality_lines(results)), encoding="utf-8")
    print(f"wrote the answer-quality section of {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
