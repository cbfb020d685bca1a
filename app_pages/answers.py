"""Standard answers for the specialist, behind the staff password: edit, add or remove curated answers."""

from __future__ import annotations

import streamlit as st

from app_pages import common, staff
from assistant.errors import IngestBusy, InputRejected
from assistant.index.curated import answers_folder, load_curated
from assistant.index.curated_edit import delete_answer, publish, save_answer

st.set_page_config(layout="centered")
st.subheader("Standard answers")
settings = common.load_settings()
if settings is None or not staff.staff_unlocked(settings, "standard answers"):
    st.stop()
deps = common.load_deps()
if deps is None:
    st.stop()

st.caption("The studio's own answers, returned word for word when a visitor's question closely matches one. "
           "A change is live from the next question; the files are in knowledge/answers/.")
entries, problems = load_curated(answers_folder(settings.knowledge_dir))
for problem in problems:
    st.warning(f"Skipped {common.md(problem)}")
articles = deps.retriever.articles
sections = {slug: sorted({str(m.get("section", "")) for m in deps.retriever.metas if m.get("slug") == slug})
            for slug in articles}


def _saved(message: str) -> None:
    try:
        count = publish(settings.knowledge_dir, deps.retriever.store, deps.embedder)
    except IngestBusy:
        # Saved to the file already; the running ingest (or the next one) puts it live.
        st.warning(f"{message} An index rebuild is running, so it goes live with the next ingest (make index).")
        return
    st.success(f"{message} {count} standard answers are live.")


query = st.text_input("Find an answer", placeholder="e.g. pillow").strip().lower()
shown = [e for e in entries if not query or query in (e.question + " " + e.answer).lower()]
st.caption(f"{len(shown)} of {len(entries)} answers")
labels = {e.id: f"{e.question}  ·  {articles[e.slug].title if e.slug in articles else e.slug}" for e in shown}
chosen = st.selectbox("Answer to edit", options=list(labels), format_func=labels.get, index=None,
                      placeholder="Choose an answer")
if chosen:
    entry = next(e for e in shown if e.id == chosen)
    with st.form(f"edit-{entry.id}"):
        question = st.text_input("Question", value=entry.question)
        also = st.text_area("Other ways people ask it (one a line)", value="\n".join(entry.also))
        answer = st.text_area("Answer", value=entry.answer if not entry.is_logistics else entry.answer, height=180)
        save, remove = st.columns(2)
        saved = save.form_submit_button("Save", type="primary")
        removed = remove.form_submit_button("Delete")
    try:
        if saved:
            save_answer(settings.knowledge_dir, entry.slug, question, answer, entry.section,
                        tuple(also.splitlines()), entry_id=entry.id)
            _saved("Saved.")
        elif removed:
            delete_answer(settings.knowledge_dir, entry.id)
            _saved("Deleted.")
    except InputRejected as exc:
        st.error(str(exc))

st.markdown("#### Add a standard answer")
with st.form("add-answer"):
    slug = st.selectbox("Article it is cited to", options=sorted(articles), format_func=lambda s: articles[s].title)
    section = st.selectbox("Section", options=sections.get(slug, [""]) or [""],
                           format_func=lambda s: s or "(the opening)")
    question = st.text_input("Question")
    answer = st.text_area("Answer (15 to 160 words, in your own voice)", height=160)
    added = st.form_submit_button("Add", type="primary")
if added:
    try:
        save_answer(settings.knowledge_dir, slug, question, answer, section)
        _saved("Added.")
    except InputRejected as exc:
        st.error(str(exc))
