"""Standard answers: the staff page (behind the password) and saving from the email desk; edits are live at once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from conftest import make_fake_deps
from streamlit.testing.v1 import AppTest

from assistant.answer import Deps, ask
from assistant.errors import InputRejected
from assistant.index.curated import answers_folder, load_curated
from assistant.index.curated_edit import delete_answer, publish, save_answer
from assistant.insights.auth import hash_password

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_pages import common  # noqa: E402

PASSWORD = "studio-secret"
LONG = ("Most often the waist muscles on one side pull tighter while the hip muscles on the other side "
        "weaken, and the pelvis follows where the muscles pull it.")


@pytest.fixture
def deps(tmp_path: Path) -> Deps:
    return make_fake_deps(tmp_path, insights_password_hash=hash_password(PASSWORD, iterations=1000))  # type: ignore[no-any-return]


def test_save_edit_and_delete_keep_the_file_valid_and_are_live_after_publish(deps: Deps) -> None:
    knowledge = deps.settings.knowledge_dir
    entry = save_answer(knowledge, "hip-higher", "Why is one of my hips higher than the other?", LONG,
                        "Why the pelvis tilts sideways", entry_id="hip-higher:000")
    assert entry.answer == LONG
    publish(knowledge, deps.retriever.store, deps.embedder)
    assert ask("Why is one of my hips higher than the other?", deps).direct[0].text == LONG
    added = save_answer(knowledge, "foam-rolling", "Can I foam roll my calves every day?", LONG[:200] + " Yes.")
    assert added.id == "foam-rolling:000" and added.slug == "foam-rolling"
    delete_answer(knowledge, "hip-higher:001")
    entries, problems = load_curated(answers_folder(knowledge))
    assert not problems and [e.id for e in entries] == ["foam-rolling:000", "hip-higher:000"]
    assert yaml.safe_load((answers_folder(knowledge) / "hip-higher.yaml").read_text())["article"] == "hip-higher"


@pytest.mark.parametrize("question,answer,message", [
    ("", LONG, "needs the question"),
    ("Why?", "Too short.", "15 to 160 words"),
    ("Why?", LONG + " {secret}", "Braces"),
])
def test_a_bad_answer_is_refused_with_a_reason_and_nothing_is_written(deps: Deps, question: str, answer: str,
                                                                     message: str) -> None:
    before = (answers_folder(deps.settings.knowledge_dir) / "hip-higher.yaml").read_text()
    with pytest.raises(InputRejected, match=message):
        save_answer(deps.settings.knowledge_dir, "hip-higher", question, answer, entry_id="hip-higher:000")
    assert (answers_folder(deps.settings.knowledge_dir) / "hip-higher.yaml").read_text() == before


def _page(deps: Deps, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr(common, "load_settings", lambda: deps.settings)
    monkeypatch.setattr(common, "load_deps", lambda: deps)
    return AppTest.from_file(str(ROOT / "app_pages" / "answers.py"), default_timeout=30).run()


def test_the_page_is_locked_until_the_password_is_given(deps: Deps, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(deps, monkeypatch)
    assert not at.exception and not at.selectbox
    at.text_input[0].input("wrong")
    at.button[0].click().run()
    assert at.error and not at.selectbox


def test_an_edit_on_the_page_is_live_for_the_next_question(deps: Deps, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(deps, monkeypatch)
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    at.selectbox[0].set_value("hip-higher:000").run()
    at.text_area[1].input(LONG)
    at.button[0].click().run()
    assert not at.exception and at.success
    assert ask("Why is one of my hips higher than the other?", deps).direct[0].text == LONG


def test_an_email_desk_answer_saved_as_standard_is_live_for_the_next_question(
    deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "load_settings", lambda: deps.settings)
    monkeypatch.setattr(common, "load_deps", lambda: deps)
    at = AppTest.from_file(str(ROOT / "app_pages" / "email_desk.py"), default_timeout=30).run()
    # The email desk is a staff page: the one login opens it, and saving needs no second one.
    assert not at.text_area
    next(t for t in at.text_input if t.label == "Password").input(PASSWORD)
    next(b for b in at.button if b.label == "Open the email desk").click().run()
    at.text_area(key="email_pasted").set_value("Hi Deb,\n\nHow long should I foam roll for?\n\nThanks, Jo")
    at.button[0].click().run()
    assert not at.exception
    assert not any(b.label == "Open saving" for b in at.button)
    mine = "I suggest around ten minutes a day on the areas in your programme, slowly, pausing on tender spots."
    next(t for t in at.text_area if t.label.startswith("Answer")).input(mine + " " + mine)
    next(b for b in at.button if b.label == "Save as a standard answer").click().run()
    assert not at.exception and at.success
    answer = ask("How long should I foam roll for?", deps)
    assert answer.kind == "curated" and answer.direct[0].text.startswith("I suggest around ten minutes")
