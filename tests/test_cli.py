"""The CLI's JSON shapes, in process, against the real model on the fixture index."""

from __future__ import annotations

import io
import json

import pytest

from assistant import cli
from assistant.cli import io as cli_io
from assistant.config import Settings


@pytest.fixture
def use_index(real_index: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setattr(cli_io, "get_settings", lambda: real_index)
    return real_index


def test_search_json_shape(use_index: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["search", "one hip higher than the other", "--json", "--k", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"query", "results"}
    assert out["query"] == "one hip higher than the other"
    assert len(out["results"]) == 3
    assert set(out["results"][0]) == {"slug", "title", "url", "section", "text", "score"}
    assert out["results"][0]["slug"] == "hip-higher"


def test_search_jsonl_keeps_ids_and_reports_bad_lines(
    use_index: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = '{"id": "q1", "text": "foam roller"}\nnot json\n{"id": "q2", "text": "sciatic nerve"}\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert cli.main(["search", "--jsonl", "--k", "2"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r.get("id") for r in rows] == ["q1", None, "q2"]
    assert "error" in rows[1]
    assert rows[0]["results"][0]["slug"] == "foam-rolling"
    assert rows[2]["results"][0]["slug"] == "sciatica-basics"


def test_missing_index_names_the_command(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_settings

    settings = make_settings(tmp_path)
    monkeypatch.setattr(cli_io, "get_settings", lambda: settings)
    assert cli.main(["search", "hips", "--json"]) == 1
    assert "python ingest.py" in capsys.readouterr().err


def test_a_bad_variable_is_one_line_naming_it_and_the_allowed_values(monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.config import get_settings

    monkeypatch.setenv("ASSISTANT_LLM", "opnai:x")
    get_settings.cache_clear()
    try:
        assert cli.main(["triage", "my back aches"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "ASSISTANT_LLM" in err and "none, ollama, openai" in err


def test_ingest_reports_a_bad_variable_with_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli.ingest import main as ingest_main
    from assistant.config import get_settings

    monkeypatch.setenv("ASSISTANT_EMBEDDING_RUNTIME", "gpu")
    get_settings.cache_clear()
    try:
        assert ingest_main(["--dry-run", "--quiet"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert "ASSISTANT_EMBEDDING_RUNTIME" in err and "'auto', 'onnx' or 'torch'" in err


def test_an_empty_variable_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.config import Settings

    monkeypatch.setenv("ASSISTANT_LLM", "")
    monkeypatch.setenv("ASSISTANT_TOP_K", "")
    settings = Settings()
    assert settings.llm == "none" and settings.top_k == 5
