"""The benchmark machinery end to end on the tiny fixture corpus with the hashing embedder; no speed is asserted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.cli.main import build_parser
from assistant.index.articles import load_library
from benchmarks.corpus import SYNTHETIC_DIR, sections_of, synthetic_articles, write_corpus
from benchmarks.run import BenchConfig, long_email, run_bench
from benchmarks.run import build_parser as bench_parser

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
FAKES = Path(__file__).resolve().parent / "fakes.py"


def _subset(src: Path, dst: Path, n: int) -> Path:
    lines = [line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dst


def _table(report: str, header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose header starts with header, as lists of cells."""
    lines = report[report.index(header):].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_synthetic_corpus_is_deterministic() -> None:
    articles = load_library(FIXTURES).articles
    first, sources = synthetic_articles(articles, 3, seed=5)
    again, _ = synthetic_articles(articles, 3, seed=5)
    other, _ = synthetic_articles(articles, 3, seed=6)
    assert first == again
    assert first != other
    assert len(first) == 2 * len(articles)
    shipped = {s for a in articles for sec in sections_of(a.body) for s in sec.sentences}
    assert set(sources.values()) <= shipped | {a.summary for a in articles} | {q for a in articles for q in a.faq}


def test_synthetic_corpus_texts_are_distinct(tmp_path: Path) -> None:
    corpus = write_corpus(FIXTURES, tmp_path / "k", 4, seed=1)
    library = load_library(corpus.folder)
    assert not library.problems
    shipped = [a for a in library.articles if not a.path.startswith(str(corpus.folder / SYNTHETIC_DIR))]
    synthetic = [a for a in library.articles if a.path.startswith(str(corpus.folder / SYNTHETIC_DIR))]
    assert len(shipped) == len(load_library(FIXTURES).articles)
    assert len(synthetic) == 3 * len(shipped) == corpus.synthetic_articles
    assert len({a.body for a in library.articles}) == len(library.articles)
    assert len({a.title for a in library.articles}) == len(library.articles)
    old = {s for a in shipped for sec in sections_of(a.body) for s in sec.sentences}
    new = [s for a in synthetic for sec in sections_of(a.body) for s in sec.sentences]
    # Every synthetic sentence is new text, so ingest cannot reuse a stored vector for it.
    assert not old & set(new)
    assert len(set(new)) == len(new)


def test_long_email_is_about_a_thousand_words() -> None:
    rows = [json.loads(line) for line in (DATA / "questions.jsonl").read_text().splitlines() if line.strip()]
    assert len(long_email(rows).split()) == pytest.approx(1000, abs=10)


def test_bench_is_a_subcommand_that_hands_its_options_to_the_harness() -> None:
    options = ["--quick", "--scales", "1,10", "--load-seconds", "5", "--out", "x.md"]
    args, extra = build_parser().parse_known_args(["bench", *options])
    assert args.command == "bench" and extra == options
    args = bench_parser().parse_args(options)
    assert args.quick and args.scales == "1,10" and args.load_seconds == 5 and args.out == Path("x.md")


def test_bench_runs_end_to_end_and_writes_a_report(tmp_path: Path) -> None:
    config = BenchConfig(
        knowledge=FIXTURES,
        questions=_subset(DATA / "questions.jsonl", tmp_path / "q.jsonl", 6),
        triage_cases=_subset(DATA / "triage_cases.jsonl", tmp_path / "t.jsonl", 20),
        out=tmp_path / "BENCHMARKS.md",
        scales=(1, 2),
        baseline_scales=(1,),
        embedder=f"{FAKES}:HashingEmbedder",
        load_seconds=1.0,
        conversations=3,
        min_samples=6,
        ingest_runs=2,
        reingest_runs=2,
        cold_runs=0,
        email_runs=3,
        budget_s=1e-6,  # so that 2x counts as too large to ingest with the model: the estimate path runs too
    )
    results = run_bench(config, log=lambda _: None)
    report = config.out.read_text(encoding="utf-8")
    for heading in ("# Benchmarks", "## Targets", "## 1. Our pipeline", "## 2. Scaling",
                    "## 3. Beside the plain LangChain + Chroma pipeline", "## 4. Quality", "## 5. Load"):
        assert heading in report
    assert "**Machine:**" in report and "Python" in report and "chromadb" in report
    assert (tmp_path / "docs" / "bench" / "scaling.png").stat().st_size > 1000
    assert "](docs/bench/scaling.png)" in report
    # The figures parse as numbers (n/a only where something was not measured), and every target has a verdict.
    scaling = _table(report, "| corpus | articles")
    assert [row[0] for row in scaling] == ["1x", "2x"]
    for row in scaling:
        assert all(int(x.replace(",", "")) > 0 for x in row[1:4])
        assert float(re.findall(r"[\d.]+", row[4])[0]) >= 0
        assert all(float(x) > 0 for x in row[6].split(" / ") + row[7].split(" / ") + row[8:10])
    ratios = _table(report, "| measure | ours | baseline")
    assert len(ratios) == 6 and all(re.fullmatch(r"[\d,]+\.\d+|n/a", row[3]) for row in ratios)
    targets = _table(report, "| target | figure")
    assert len(targets) == 8 and all(row[2] in ("**met**", "**not met**", "n/a") for row in targets)
    assert [s["scale"] for s in results["scales"]] == [1, 2]
    one, two = results["scales"]
    assert one["ingest"][0]["embedded"] > 0 and len(one["ingest"]) == 2
    assert all(r["embedded"] == 0 for r in one["reingest"])
    assert two["articles"] == 2 * one["articles"] and two["chunks"] > one["chunks"]
    assert two["mode"] == "derived" and two["tail"]["embedded"] > 0 and two["estimate"]["seconds"] > 0
    assert "2x full ingest, estimated" in report
    assert len(one["serve"]["samples_ms"]["ask"][0]) == 6
    assert one["serve"]["peak_rss_mb"] > 0 and one["index_mb"] > 0
    assert one["baseline"]["ingest"]["chunks"] > 0
    assert results["load"]["answers"] > 0 and results["load"]["distinct_embedder_ids"] == 1
    assert 0.0 <= results["quality"]["answers"]["hit@3"] <= 1.0
