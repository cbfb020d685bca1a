"""BENCHMARKS.md and the scaling plot, written from the results of one benchmark run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.cells import lat_cell, latency, num, spread
from benchmarks.measure import Spread
from benchmarks.quality import quality_lines
from benchmarks.targets import Target, targets

PLOT = Path("docs") / "bench" / "scaling.png"
SHARED_LOAD = 0.5  # load average per core above which the report says the machine was shared
SHARED_CPU = 0.1  # or, when measured, the share of the machine's CPU that other processes used


def _target_rows(items: list[Target]) -> list[str]:
    rows = ["| target | figure | result |", "| --- | --- | --- |"]
    for t in items:
        verdict = "n/a" if t.met is None else ("**met**" if t.met else "**not met**")
        rows.append(f"| {t.name} | {t.figure} | {verdict} |")
    return rows


def render(results: dict[str, Any], plot_link: str | None) -> str:
    """The whole BENCHMARKS.md."""
    m = results["machine"]
    one = results["scales"][0]
    serve = one["serve"]
    before, after = results["load_before"], results["load_after"]
    cores = int(m["cores"])
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{results['command']}` on {m['date']} in {num(results['duration_s'] / 60)} min.",
        "",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; Python {m['python']}; {m['libraries']}.",
        f"- **Load average** (1/5/15 min) before the run: {' / '.join(num(x, 2) for x in before)}; after: "
        f"{' / '.join(num(x, 2) for x in after)} on {cores} cores.",
    ]
    cpu = results.get("cpu")
    if cpu:
        lines.append(f"- **Other processes** used {num(cpu['others_s'], 0)} CPU-seconds during the run, "
                     f"{num(100 * cpu['others_share'])} % of the machine (the benchmark itself: "
                     f"{num(cpu['own_s'], 0)} CPU-seconds; the load average counts both).")
    shared = (cpu["others_share"] > SHARED_CPU) if cpu else max(before[0], after[0], before[1]) > SHARED_LOAD * cores
    if shared:
        lines.append("- **The run shared the machine** with other processes (see the load average), so absolute "
                     "times are pessimistic and noisy; ratios measured in the same run are fairer.")
    lines += ["- Figures are medians with (min–max, n = repeats); latencies are p50 / p95 over all samples with the "
              "min–max of that percentile across passes. Nothing in the test suite fails on a time.", "",
              "## Targets (issue 8 and issue 9's load test)", "", *_target_rows(targets(results)), ""]
    ingest = Spread.of([r["seconds"] for r in one["ingest"]])
    embedded = one["ingest"][0]["embedded"]
    embed_share = Spread.of([100 * r["embed_s"] / r["seconds"] for r in one["ingest"] if r["seconds"]])
    lines += [
        f"## 1. Our pipeline ({one['articles']} articles, {one['chunks']} chunks, {one['texts']:,} texts to embed)", "",
        "| measure | figure |", "| --- | --- |",
        f"| cold start, new process to first answer (`assistant ask --json`, answer line read) | "
        f"{one['cold_start']['note'] or spread(Spread.of(one['cold_start']['seconds']), 2) + ' s'} |",
        f"| … the same processes' exit | {spread(Spread.of(one['cold_start'].get('exit_s', [])), 2)} s |",
        f"| … where start-up goes, in a serving process: interpreter and numpy / assistant, chromadb, onnxruntime "
        f"imports / build_deps (model, index, BM25) / first ask | {num(serve['process_start_s'], 2)} / "
        f"{num(serve['import_s'], 2)} / {num(serve['build_deps_s'], 2)} / {num(serve['first_answer_s'], 2)} s |",
        f"| full ingest | {spread(ingest)} s |",
        f"| … chunks/s, texts embedded/s (chunks, sentences, FAQ questions, summaries) | "
        f"{num(one['chunks'] / ingest.median)} chunks/s, {num(embedded / ingest.median)} texts/s |",
        f"| … share of ingest spent inside the model | {spread(embed_share, 0)} % |",
        f"| re-ingest of the unchanged corpus | {spread(Spread.of([r['seconds'] for r in one['reingest']]), 2)} s "
        f"(embedded {max(r['embedded'] for r in one['reingest'])} texts) |",
    ]
    for op in ("search", "triage", "ask", "draft"):
        if op in serve["samples_ms"]:
            lat = latency(serve["samples_ms"][op])
            errs = serve["errors"].get(op, 0)
            lines.append(f"| warm {op} p50 / p95 ({lat.samples} samples{f', {errs} errors' if errs else ''}) | "
                         f"{lat_cell(lat, 'p50')} / {lat_cell(lat, 'p95')} |")
        else:
            lines.append(f"| warm {op} | {serve.get('draft_note') or 'not available'} |")
    lines += [f"| peak RSS while serving (own process: build deps, serve every question; VmHWM) | "
              f"{num(serve['peak_rss_mb'], 0)} MB |",
              f"| index size on disk (Chroma folder) | {num(one['index_mb'])} MB |"]
    if results.get("export_s") is not None:
        lines.append(f"| one-off ONNX export of the model (first ingest only) | {num(results['export_s'])} s, "
                     f"{num(results['export_mb'])} MB |")
    failed = [f"{op}: {e}" for op, examples in serve.get("error_examples", {}).items() for e in examples]
    if failed:
        lines += ["", "Calls that raised (counted as errors, not timed): " + "; ".join(failed)]
    from benchmarks.report_scale import scaling_section

    lines += ["", *scaling_section(results, plot_link), "", *baseline_section(results), "",
              *quality_section(results), "", *load_section(results), ""]
    return "\n".join(lines)


def baseline_section(results: dict[str, Any]) -> list[str]:
    """Section 3: ours beside the LangChain + Chroma baseline, with ratios."""
    one = results["scales"][0]
    if "baseline" not in one:
        return ["## 3. The baseline", "", "Not run."]
    b = one["baseline"]
    ours_ingest = Spread.of([r["seconds"] for r in one["ingest"]])
    ours_re = Spread.of([r["seconds"] for r in one["reingest"]])
    base_ingest = Spread.of(b["ingest"]["ingest_s"])
    base_re = Spread.of(b["ingest"]["rebuild_s"])
    ours_q = latency(one["serve"]["samples_ms"]["search"])
    base_q = latency(b["serve"]["samples_ms"]["search"])
    ours_hit = results["quality"]["answers"]["hit@3"]
    rows = [
        ("ingest (s)", spread(ours_ingest), spread(base_ingest), ours_ingest.median / base_ingest.median),
        ("re-ingest, unchanged corpus (s; the baseline rebuilds)", spread(ours_re, 2), spread(base_re),
         ours_re.median / base_re.median),
        ("query p50 (ms; ours = search)", lat_cell(ours_q, "p50"), lat_cell(base_q, "p50"), ours_q.p50 / base_q.p50),
        ("query p95 (ms)", lat_cell(ours_q, "p95"), lat_cell(base_q, "p95"), ours_q.p95 / base_q.p95),
        ("peak RSS while serving (MB)", num(one["serve"]["peak_rss_mb"], 0), num(b["serve"]["peak_rss_mb"], 0),
         one["serve"]["peak_rss_mb"] / b["serve"]["peak_rss_mb"]),
        ("hit@3 on the dev questions", f"{num(100 * ours_hit)} %", f"{num(100 * b['serve']['hit3'])} %",
         ours_hit / b["serve"]["hit3"] if b["serve"]["hit3"] else float("nan")),
    ]
    return [
        "## 3. Beside the plain LangChain + Chroma pipeline", "",
        "The baseline: `RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)` over the article "
        f"bodies ({b['ingest']['chunks']} chunks), `Chroma.from_documents` with `HuggingFaceEmbeddings` over the "
        "same packaged model, `similarity_search(q, k=5)`; hit@3 from `k=10`, counting distinct articles. "
        "Each side's build, rebuild and serving ran in processes of their own, on the same corpus and questions.", "",
        "| measure | ours | baseline | ours / baseline |", "| --- | --- | --- | --- |",
        *[f"| {name} | {o} | {bl} | {num(r, 2)} |" for name, o, bl, r in rows], "",
        f"Baseline model load {num(b['ingest']['model_load_s'])} s and index {num(b['ingest']['index_mb'])} MB; "
        f"first query in a new process after "
        f"{num(b['serve']['import_s'] + b['serve']['ready_s'] + b['serve']['first_query_s'], 2)} s "
        f"(imports {num(b['serve']['import_s'], 2)}, model and store {num(b['serve']['ready_s'], 2)}).",
    ]


def quality_section(results: dict[str, Any]) -> list[str]:
    """Section 4: retrieval, answers and triage quality."""
    a = results["quality"]["answers"]
    t = results["quality"]["triage"]
    email = results["quality"]["email_triage"]
    pct = lambda x: "n/a" if x is None else f"{100 * x:.1f} %"  # noqa: E731
    return [
        "## 4. Quality", "",
        f"On `tests/data/questions.jsonl` ({a['questions']} questions, {a['retrieval_questions']} with expected "
        "articles):", "",
        "| hit@1 | hit@3 | MRR | answer keyword coverage | off-topic declined | booking as expected |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {pct(a['hit@1'])} | {pct(a['hit@3'])} | {num(a['mrr'], 3)} | {pct(a['keyword_coverage'])} | "
        f"{a['off_topic_declined']} | {pct(a['booking_as_expected'])} |", "",
        f"Triage on `tests/data/triage_cases.jsonl` ({t['total']} rows):", "",
        "| emergency recall | urgent-or-higher recall | under-triage | over-triage | false alarms on 'none' |",
        "| --- | --- | --- | --- | --- |",
        f"| {pct(t['emergency_recall'])} | {pct(t['urgent_or_higher_recall'])} | {t['under_triage']} | "
        f"{t['over_triage']} | {pct(t['false_alarm_rate'])} |", "",
        f"Triage of a {email['words']:,}-word email: {spread(Spread.of(email['ms']), 2, 'ms')}.",
        *([""] + quality_lines(results["quality"]["answer_quality"]) if "answer_quality" in results["quality"] else []),
    ]


def load_section(results: dict[str, Any]) -> list[str]:
    """Section 5: concurrent conversations (issue 9)."""
    d = results["load"]
    return [
        "## 5. Load (issue 9)", "",
        f"{d['conversations']} conversations at once for {num(d['seconds'], 0)} s, from threads against the package "
        f"with one shared `Deps` (in a process of its own); each a loop of `ask()` with its history over the dev "
        "questions, starting afresh every 6 turns; every thread stops by itself at the deadline.", "",
        "| answers | answers/s | errors | p50 | p95 | max | threads still running after the deadline |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| {d['answers']:,} | {num(d['answers_per_s'])} | {d['errors']} | {num(d['p50_ms'])} ms | "
        f"{num(d['p95_ms'])} ms | {num(d['max_ms'])} ms | {d['stuck_threads']} |", "",
        f"One model in memory: {d['distinct_embedder_ids']} distinct embedder object id(s) seen across all threads, "
        f"{d['embedders_in_memory']} model instance(s) alive in the process. "
        f"RSS: {num(d['rss_ready_mb'], 0)} MB ready, "
        f"{num(d['rss_one_conversation_mb'], 0)} MB with one conversation, {num(d['rss_all_conversations_mb'], 0)} MB "
        f"with {d['conversations']} ({num(d['rss_growth_per_extra_conversation_mb'], 2)} MB per extra conversation).",
        *([f"Errors seen: {'; '.join(d['error_examples'])}"] if d["error_examples"] else []),
    ]


def write_report(results: dict[str, Any], out: Path) -> Path | None:
    """Write BENCHMARKS.md and, when matplotlib is there, the scaling plot beside it; return the plot's path."""
    from benchmarks.plot import plot_scaling

    png = out.parent / PLOT
    drawn = plot_scaling(results, png)
    kept = _kept_sections(out)  # measured by their own commands; a full run keeps them
    out.write_text(render(results, PLOT.as_posix() if drawn else None) + kept, encoding="utf-8")
    return png if drawn else None


def _kept_sections(out: Path) -> str:
    """The sections other commands write (answer quality, blog sync, chaos, API load), as they are."""
    from benchmarks import blog_sync, chaos, http_load, quality

    old = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = ""
    for start, end in ((quality.START, quality.END), (blog_sync.START, blog_sync.END), (chaos.START, chaos.END),
                       (http_load.START, http_load.END)):
        if start in old and end in old:
            kept += "\n" + start + old.split(start, 1)[1].split(end, 1)[0] + end + "\n"
    return kept
