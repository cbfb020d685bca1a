"""Insights: redaction, logging off by default, retention, export and deletion, themes, reports, CLI."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import make_settings
from fakes import HashingEmbedder

from assistant import cli
from assistant.answer.booking import NO_BOOKING
from assistant.answer.compose import Citation
from assistant.answer.turn import Answer
from assistant.cli import insights as cli_insights
from assistant.config import Settings
from assistant.insights.auth import hash_password, verify_password
from assistant.insights.redaction import redact
from assistant.insights.report import Table, build_report, group_themes, theme_label
from assistant.insights.store import SCHEMA_VERSION, InsightsStore
from assistant.triage.engine import assess

# (message, kind, what must not survive). Kinds are counted in the final report of issue 10.
REDACTION_TABLE = [
    # names
    ("Hi Deb, my name is Sarah Jones and my lower back aches after sitting.", "name", ["Sarah", "Jones"]),
    ("my name is priya and my hip sits higher", "name", ["priya"]),
    ("I'm Tom, 46, and my sciatica goes below the knee.", "name", ["Tom"]),
    ("Does foam rolling help? Best wishes, Margaret", "name", ["Margaret"]),
    ("How should I set up my desk chair?\n\nCheers,\nMark", "name", ["Mark"]),
    ("Can a lopsided pelvis cause back pain?\n\nViele Grüße\nZoë", "name", ["Zoë"]),
    ("Thanks so much,\nClaire", "name", ["Claire"]),
    ("How long should I foam roll for?\n\nJo x", "name", ["Jo"]),
    ("My physio Dr. Emily Watson said my pelvis tilts.", "name", ["Emily", "Watson"]),
    ("my friend John Smith told me about you", "name", ["John", "Smith"]),
    ("My husband Dave (49) hurt his back at five-a-side.", "name", ["Dave"]),
    ("I'm writing for my mum, Joan, who's 79.", "name", ["Joan"]),
    ("Baby Isla arrived five weeks ago and my back is wrecked.", "name", ["Isla"]),
    ("Kind regards,\n\nHelen Carter\nSenior Procurement Manager | BigCorp Ltd", "name", ["Helen", "Carter"]),
    ("Mr O'Brien next door says I walk crooked.", "name", ["O'Brien"]),
    # found by the fault probe (issue 19): lower-case names, spelled-out emails, dates of birth
    ("john smith from Bristol has had sciatica for a year", "name", ["john", "smith"]),
    ("my sister emma says my hip is higher", "name", ["emma"]),
    ("write to john at smith dot com if you can help", "email", ["john at smith", "smith dot com"]),
    ("jo (at) mail [dot] co [dot] uk", "email", ["mail [dot]"]),
    ("my DOB is 12/03/1985 and my back hurts", "date of birth", ["12/03/1985"]),
    ("born on 3 March 1985, hip pain since", "date of birth", ["3 March 1985"]),
    ("Date of birth: 1979-11-02. Sciatica down the left leg.", "date of birth", ["1979-11-02"]),
    # emails
    ("Email me at tom.harris@example.com please", "email", ["tom.harris", "example.com"]),
    ("Reach me on helen.carter@bigcorp.co.uk", "email", ["helen.carter", "bigcorp"]),
    ("my email is jo_smith+posture@gmail.com", "email", ["jo_smith", "gmail"]),
    # phones
    ("Can you call me on 07700 900123 about my hip?", "phone", ["07700", "900123"]),
    ("T: +44 20 7946 0000 | M: +44 7700 900000", "phone", ["7946", "900000"]),
    ("Landline 0113 496 0000, evenings", "phone", ["496 0000"]),
    ("Call (555) 123-4567 or 212-555-0173", "phone", ["123-4567", "555-0173"]),
    ("my mobile is 07911123456", "phone", ["07911123456"]),
    # addresses and postcodes
    ("I live at 12 Acacia Avenue, Leeds LS6 2AB.", "address", ["12 Acacia", "Leeds", "LS6 2AB"]),
    ("I'm at Flat 3, 45 Queen's Road, Bristol BS8 1QU.", "address", ["45 Queen's", "Bristol", "BS8 1QU"]),
    ("we're at 221B Baker Street, London NW1 6XE", "address", ["221B Baker", "NW1 6XE"]),
    ("postcode is m1 1ae if that helps", "address", ["m1 1ae"]),
    ("he lives on 7 mill lane", "address", ["7 mill lane"]),
    ("I'm at 1600 Pennsylvania Avenue, Springfield, IL 62704", "address", ["1600 Pennsylvania", "62704"]),
]

# Health details are the point of the log: these must survive redaction word for word.
KEPT = [
    "Why does one hip sit higher than the other?",
    "I had breast cancer in 2015, all clear since.",
    "Will stretching help? I walk 3 miles down the road every day.",
    "My MRI shows a bulge at L4/5 and L5 S1.",
    'The chiropractor said my L5 was "tipped".',
    "I've been doing the McKenzie press-ups she gave me.",
    "I'm standing at work all day and sit at my desk at 3pm.",
    "Sciatica since Easter, worse in March. Can I run a 10k in October?",
    "i saw a chiro last week and my back hurts when i sit at my desk",
    "The pain started on 3 March 2024 after a long drive.",
]


@pytest.mark.parametrize(("message", "kind", "secrets"), REDACTION_TABLE, ids=[f"{k}-{n}" for n, (_, k, _s) in
                                                                               enumerate(REDACTION_TABLE)])
def test_redaction_removes_personal_details(message: str, kind: str, secrets: list[str]) -> None:
    cleaned = redact(message)
    for secret in secrets:
        assert secret not in cleaned, f"{secret!r} survived: {cleaned!r}"
    assert "{{" in cleaned


@pytest.mark.parametrize("message", KEPT)
def test_redaction_keeps_health_details(message: str) -> None:
    assert redact(message) == message


def test_redaction_keeps_the_question_around_the_markers() -> None:
    cleaned = redact("Hi, my name is Sarah Jones and my back aches. Call 07911 123456. Thanks, Sarah")
    assert cleaned == "Hi, my name is {{NAME}} and my back aches. Call {{PHONE}}. Thanks, {{NAME}}"


# ---------------------------------------------------------------- the store


class Clock:
    """A settable clock for the store (naive UTC, like the store)."""

    def __init__(self) -> None:
        self.now = datetime(2025, 6, 2, 12, 0)

    def __call__(self) -> datetime:
        return self.now


def _store(tmp_path: Path, clock: Clock | None = None, **overrides: object) -> InsightsStore:
    settings = make_settings(tmp_path, **overrides)
    store = InsightsStore.from_settings(settings)
    if clock is not None:
        store._now = clock
    return store


def _db(store: InsightsStore) -> sqlite3.Connection:
    return sqlite3.connect(str(store.engine.url.database))


def _answer(question: str, slugs: tuple[str, ...] = ("hip-higher",), mode: str = "extractive") -> Answer:
    citations = tuple(Citation(n, s, s.title(), f"https://example.test/{s}") for n, s in enumerate(slugs, 1))
    return Answer(text="…", citations=citations, triage=assess(question), booking=NO_BOOKING,
                  in_scope=mode == "extractive", mode=mode)


def test_logging_off_writes_nothing_but_feedback(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.settings.log_questions is False  # the default
    question = "My name is Sarah and one hip sits higher"
    store.log_turn("c1", question, _answer(question))
    store.record_feedback("c1", False, ["hip-higher", "foam-rolling"])
    with _db(store) as db:
        assert db.execute("select count(*) from questions").fetchone() == (0,)
        rows = db.execute("select conversation_id, helpful, cited_slugs from feedback").fetchall()
    assert rows == [("c1", 0, "hip-higher,foam-rolling")]
    assert b"Sarah" not in Path(store.engine.url.database).read_bytes()


def test_logging_off_creates_no_database_until_feedback(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.log_turn("c1", "hips?", _answer("hips?"))
    assert not Path(store.engine.url.database).exists()


def test_logging_on_stores_the_redacted_question_and_the_triage(tmp_path: Path) -> None:
    store = _store(tmp_path, log_questions=True)
    question = "I'm Claire. Since Saturday I can't feel the toilet paper when I wipe. Call 07911 123456"
    store.log_turn("c2", question, _answer(question, ("hip-higher", "foam-rolling")))
    with _db(store) as db:
        row = db.execute("select conversation_id, question_redacted, triage_level, flags, cited_slugs, topics, "
                         "in_scope, mode, created_at from questions").fetchone()
    cid, text, level, flags, slugs, topics, in_scope, mode, created_at = row
    assert cid == "c2"
    assert "Claire" not in text and "07911" not in text and "toilet paper" in text
    assert level == "emergency" and "cauda_equina" in flags.split(",")
    assert slugs == "hip-higher,foam-rolling"
    assert set(topics.split(",")) == {"hip-disparity", "pelvic-tilt", "self-myofascial-release"}
    assert (in_scope, mode) == (1, "extractive")
    assert created_at.startswith(str(datetime.now(UTC).year))


def test_schema_version_is_recorded(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.record_feedback("c1", True, [])
    with _db(store) as db:
        assert db.execute("select version from schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_purge_deletes_only_what_is_older_than_the_retention(tmp_path: Path) -> None:
    clock = Clock()
    store = _store(tmp_path, clock, log_questions=True, retention_days=90)
    clock.now = datetime(2025, 1, 1)
    store.log_turn("old", "hips?", _answer("hips?"))
    store.record_feedback("old", True, ["hip-higher"])
    clock.now = datetime(2025, 5, 30)
    store.log_turn("new", "hips?", _answer("hips?"))
    clock.now = datetime(2025, 6, 2)
    assert store.purge() == 2
    assert [r.conversation_id for r in store.question_rows()] == ["new"]
    assert store.feedback_rows() == []
    assert store.purge(older_than_days=1) == 1
    with pytest.raises(ValueError, match="0 or more"):
        store.purge(-1)


def test_export_and_delete_one_conversation(tmp_path: Path) -> None:
    store = _store(tmp_path, log_questions=True)
    for cid in ("keep", "ask-me"):
        store.log_turn(cid, "Why is one hip higher? Thanks, Sarah", _answer("hips"))
        store.record_feedback(cid, False, ["hip-higher"])
    exported = store.export_conversation("ask-me")
    assert exported["conversation_id"] == "ask-me"
    assert [q["question"] for q in exported["questions"]] == ["Why is one hip higher? Thanks, {{NAME}}"]
    assert exported["feedback"][0]["helpful"] is False
    assert exported["feedback"][0]["cited_slugs"] == ["hip-higher"]
    assert store.delete_conversation("ask-me") == 2  # the question (with the answer given) and the vote
    assert store.export_conversation("ask-me") == {"conversation_id": "ask-me", "questions": [], "feedback": [],
                                                   "answers": [], "handoffs": []}
    assert len(store.export_conversation("keep")["questions"]) == 1  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="conversation id"):
        store.delete_conversation(" ")


# ---------------------------------------------------------------- themes and reports

UNCOVERED = [
    "Do you offer pregnancy massage?",
    "Is pregnancy massage something you do?",
    "Pregnancy massage for back ache, is that available?",
    "Can I buy gift vouchers?",
    "Do you sell gift vouchers for birthdays?",
    "Where can I park my car?",
]


def test_theme_grouping_on_a_fixture_log() -> None:
    vectors = HashingEmbedder().embed_documents(UNCOVERED)
    themes = group_themes(UNCOVERED, vectors)
    assert [t.count for t in themes] == [3, 2, 1]
    assert themes[0].label.split()[:2] == ["massage", "pregnancy"]
    assert set(themes[0].examples) == set(UNCOVERED[:3])
    assert themes[1].label.split()[:2] == ["gift", "vouchers"]
    assert themes[2].examples == ("Where can I park my car?",)
    assert group_themes(UNCOVERED, vectors) == themes  # deterministic


def test_theme_label_ignores_redaction_markers() -> None:
    assert theme_label(["{{NAME}} here: do you do Pilates?", "Pilates classes, {{NAME}}?"]) == "pilates classes"


def _fixture_log(tmp_path: Path) -> InsightsStore:
    clock = Clock()
    store = _store(tmp_path, clock, log_questions=True)
    for n, question in enumerate(UNCOVERED):
        clock.now = datetime(2025, 5, 26 + n % 2, 9)  # Mon 26 May and Tue 27 May
        store.log_turn(f"u{n}", question, _answer(question, (), mode="out_of_scope"))
    clock.now = datetime(2025, 6, 2, 9)  # the next Monday
    store.log_turn("h1", "Why is one hip higher?", _answer("Why is one hip higher?"))
    red = "Since this morning I can't feel it when I wipe and I can't pee."
    store.log_turn("r1", red, _answer(red, (), mode="safety"))
    store.record_feedback("h1", False, ["hip-higher"])
    store.record_feedback("h2", False, ["hip-higher", "foam-rolling"])
    store.record_feedback("h3", True, ["foam-rolling"])
    store.record_feedback("u1", False, [])
    return store


def test_report_tables(tmp_path: Path) -> None:
    report = build_report(_fixture_log(tmp_path), HashingEmbedder)
    assert report.table("questions_per_week").rows == (("2025-05-26", 6, 6), ("2025-06-02", 2, 0))
    assert report.table("top_topics").rows == (("Hip disparity", "hip-disparity", 1),
                                               ("Pelvic tilt", "pelvic-tilt", 1))
    themes = report.table("uncovered_themes")
    assert [row[1] for row in themes.rows] == [3, 2, 1]
    assert report.table("red_flags").rows[0][:2] == ("emergency", "cauda_equina")
    unhelpful = report.table("unhelpful_answers").to_records()
    assert unhelpful[0] == {"slug": "hip-higher", "title": "When one hip sits higher", "unhelpful": 2,
                            "helpful": 0, "unhelpful_share": 1.0}
    assert {r["slug"] for r in unhelpful} == {"hip-higher", "foam-rolling", "(none cited)"}
    assert themes.to_csv().splitlines()[0] == "theme,questions,examples"


def test_report_since_leaves_out_older_rows_and_needs_no_embedder(tmp_path: Path) -> None:
    def no_model() -> HashingEmbedder:
        raise AssertionError("no uncovered questions: the model must not load")

    report = build_report(_fixture_log(tmp_path), no_model, since=date(2025, 6, 1))
    assert report.table("questions_per_week").rows == (("2025-06-02", 2, 0),)
    assert report.table("uncovered_themes").rows == ()


# ---------------------------------------------------------------- CLI and password


@pytest.fixture
def cli_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    store = _fixture_log(tmp_path)
    monkeypatch.setattr(cli_insights, "get_settings", lambda: store.settings)
    monkeypatch.setattr(cli_insights, "load_embedder", lambda settings: HashingEmbedder())
    return store.settings


def test_cli_json_shape(cli_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["insights", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"since", "question_logging", "tables"}
    assert out["since"] is None and out["question_logging"] is True
    assert list(out["tables"]) == ["questions_per_week", "top_topics", "uncovered_themes", "red_flags",
                                   "unhelpful_answers"]
    assert out["tables"]["questions_per_week"][0] == {"week": "2025-05-26", "questions": 6, "not_covered": 6}
    assert set(out["tables"]["uncovered_themes"][0]) == {"theme", "questions", "examples"}
    assert cli.main(["insights", "--since", "2025-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["since"] == "2025-06-01"


def test_cli_text_report(cli_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["insights"]) == 0
    out = capsys.readouterr().out
    assert "Questions the articles did not cover" in out and "pregnancy" in out


def test_cli_export_delete_purge(cli_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["insights", "export", "h1"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert len(exported["questions"]) == 1 and len(exported["feedback"]) == 1
    assert cli.main(["insights", "delete", "h1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"conversation_id": "h1", "deleted": 2}
    assert cli.main(["insights", "purge", "--days", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] > 0


def test_cli_hash_password_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    monkeypatch.setattr("assistant.insights.auth.ITERATIONS", 1000)
    assert cli.main(["insights", "hash-password", "--stdin"]) == 0
    hashed = capsys.readouterr().out.strip()
    assert hashed.startswith("pbkdf2_sha256$") and "correct horse" not in hashed
    assert verify_password("correct horse", hashed)


def test_password_hash_round_trip() -> None:
    hashed = hash_password("s3cret", iterations=1000)
    assert verify_password("s3cret", hashed)
    assert not verify_password("s3cret ", hashed)
    assert not verify_password("s3cret", "not a hash")
    assert not verify_password("", hashed)
    assert hash_password("s3cret", iterations=1000) != hashed  # salted


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
                                  "\t=1+1"])
def test_csv_export_quotes_cells_a_spreadsheet_would_run(cell: str) -> None:
    table = Table(name="questions", title="Questions", columns=("question", "count"), rows=((cell, 3), ("ok", -1)))
    rows = list(csv.reader(io.StringIO(table.to_csv())))
    assert rows[1] == ["'" + cell, "3"]
    assert rows[2] == ["ok", "-1"], "numbers stay numbers"


def test_recent_turns_keep_the_answer_given_redacted_and_go_with_the_conversation(tmp_path: Path) -> None:
    store = _store(tmp_path, log_questions=True)
    answer = Answer(text="Call me back on 07700 900123? From the article: hips tilt [1]", citations=(),
                    triage=assess("hips"), booking=NO_BOOKING, in_scope=True, mode="extractive")
    store.log_turn("c1", "Why is one hip higher? Sarah", answer)
    store.log_turn("c2", "How long should I foam roll?", _answer("foam"))
    store.record_handoff("c1", "sam@example.com", "Please call about my hip")
    recent = store.recent_turns()
    assert [t["conversation_id"] for t in recent] == ["c2", "c1"]  # newest first
    assert "hips tilt [1]" in str(recent[1]["answer"]) and "07700 900123" not in str(recent[1]["answer"])
    assert [t["question"] for t in store.recent_turns(conversation_id="c1")] == ["Why is one hip higher? {{NAME}}"]
    exported = store.export_conversation("c1")
    assert len(exported["answers"]) == 1 and exported["handoffs"][0]["email"] == "sam@example.com"  # type: ignore[index]
    assert store.delete_conversation("c1") == 2  # the question (with its answer) and the handoff
    assert store.recent_turns(conversation_id="c1") == [] and store.handoff_rows() == []
    off = _store(tmp_path / "off")
    off.log_turn("c3", "Why is one hip higher?", _answer("hips"))
    assert off.recent_turns() == []  # logging off: no question and no answer kept
