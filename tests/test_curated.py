"""Curated answers: the shipped files keep the house rules; ingest syncs them; an edit is live after the next ingest."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import pytest
import yaml
from conftest import make_fake_deps

from assistant.answer import ask
from assistant.index import ingest
from assistant.index.curated import answers_folder, load_curated, sync_curated
from assistant.index.store import open_store

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
PLACEHOLDERS = {"studio_name", "site_url", "booking_url", "studio_phone", "studio_email", "value"}


def _articles() -> dict[str, frontmatter.Post]:
    return {p.stem: frontmatter.load(p) for p in KNOWLEDGE.glob("*.md") if p.name != "README.md"}


def test_the_shipped_curated_answers_keep_the_house_rules() -> None:
    entries, problems = load_curated(answers_folder(KNOWLEDGE))
    assert not problems
    assert len(entries) >= 250
    articles = _articles()
    for e in entries:
        assert e.slug in articles, e.id
        headings = {"", *re.findall(r"^## (.+)$", articles[e.slug].content, flags=re.M)}
        assert e.section in headings, (e.id, e.section)
        assert set(re.findall(r"\{(\w+)\}", e.answer + e.unset)) <= PLACEHOLDERS, e.id
        if not e.is_logistics:
            assert 40 <= len(e.answer.split()) <= 120, (e.id, len(e.answer.split()))
            assert "[" not in e.answer, e.id


def test_every_article_faq_has_a_curated_answer() -> None:
    entries, _ = load_curated(answers_folder(KNOWLEDGE))
    questions = {(e.slug, e.question) for e in entries}
    for slug, post in _articles().items():
        for faq in post.get("faq", []):
            assert (slug, faq) in questions, (slug, faq)


def test_a_file_that_cannot_be_read_is_skipped_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "broken.yaml").write_text("article: x\nanswers: [ {question: \"unclosed", encoding="utf-8")
    (folder / "fine.yaml").write_text(yaml.safe_dump({"article": "hip-higher", "answers": [
        {"question": "Is it fine?", "section": "", "answer": "Yes, it is entirely fine to ask that here."}]}))
    entries, problems = load_curated(folder)
    assert [e.question for e in entries] == ["Is it fine?"]
    assert len(problems) == 1 and problems[0].startswith("broken.yaml")


def test_a_matching_question_gets_the_curated_answer_verbatim_and_cited(tmp_path: Path) -> None:
    deps = make_fake_deps(tmp_path)
    answer = ask("Why is one of my hips higher than the other?", deps)
    assert answer.kind == "curated"
    assert answer.direct[0].text.startswith("Usually because muscles on one side of the waist pull tighter")
    assert answer.citations[0].slug == "hip-higher"
    assert answer.text.startswith(answer.direct[0].text) and "[1]" in answer.text


def test_sync_embeds_only_new_wordings_and_an_edit_is_live_after_the_next_ingest(tmp_path: Path) -> None:
    deps = make_fake_deps(tmp_path)
    settings = deps.settings
    store = open_store(settings)
    entries, _ = load_curated(answers_folder(settings.knowledge_dir))
    assert sync_curated(store, deps.embedder, entries) == 0  # ingest already embedded them
    path = answers_folder(settings.knowledge_dir) / "hip-higher.yaml"
    text = path.read_text(encoding="utf-8").replace("Usually because muscles", "Most often because muscles")
    path.write_text(text, encoding="utf-8")
    report = ingest(settings, deps.embedder)
    assert report.curated == 2
    answer = ask("Why is one of my hips higher than the other?", deps)  # the same Deps: no restart
    assert answer.direct[0].text.startswith("Most often because muscles")


def test_a_removed_file_takes_its_answers_with_it(tmp_path: Path) -> None:
    deps = make_fake_deps(tmp_path)
    shutil.rmtree(answers_folder(deps.settings.knowledge_dir))
    ingest(deps.settings, deps.embedder)
    assert open_store(deps.settings).curated.count() == 0
    assert ask("Why is one of my hips higher than the other?", deps).kind != "curated"


@pytest.mark.parametrize("configured", [True, False])
def test_logistics_answers_use_the_configured_value_or_say_to_ask(tmp_path: Path, configured: bool) -> None:
    from assistant.index.curated import Curated

    entry = Curated("studio:000", "How much does a posture assessment cost?", (), "about", "", "It costs {value}.",
                    setting="assessment_price", unset="Please ask {studio_name} about prices.")
    values = {"assessment_price": "£75" if configured else "", "studio_name": "The Posture Studio"}
    assert entry.text(values) == ("It costs £75." if configured else "Please ask The Posture Studio about prices.")
