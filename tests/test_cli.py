"""The CLI's JSON shapes, in process, against the real model on the fixture index."""

from __future__ import annotations

import io
import json

import pytest

from assistant import cli
from assistant.config import Settings


@pytest.fixture
def use_index(real_index: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setattr(cli, "get_settings", lambda: real_index)
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
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    assert cli.main(["search", "hips", "--json"]) == 1
    assert "python ingest.py" in capsys.readouterr().err
