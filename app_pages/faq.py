"""FAQ search for anyone: search the articles, filter and browse by topic, common questions."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from assistant.answer import ask
from assistant.index.retrieval import ArticleInfo
from assistant.index.topics import TOPICS

RESULTS = 8
COMMON_QUESTIONS = 12


def _submit() -> None:
    st.session_state.faq_search = (st.session_state.faq_query.strip(), tuple(st.session_state.faq_tags))


def _ask(question: str) -> None:
    st.session_state.faq_query = question
    st.session_state.faq_search = (question, tuple(st.session_state.get("faq_tags", ())))


def _results(query: str, tags: tuple[str, ...], deps) -> None:  # type: ignore[no-untyped-def]
    if not query:
        st.warning("Type a few words to search for.")
        return
    try:
        passages = deps.retriever.search(query, k=RESULTS, tags=tags)
    except Exception:
        common.log.exception("FAQ search failed")
        st.error(common.GENERIC_ERROR)
        return
    _direct_answer(query, deps)
    where = f" in {', '.join(TOPICS.get(t, t) for t in tags)}" if tags else ""
    if not passages:
        st.info(f"Nothing in the articles{common.md(where)} matches that. Try other words"
                + (", or remove the topic filter." if tags else "."))
        return
    st.markdown(f"**{len(passages)} passages for “{common.md(query)}”{common.md(where)}**")
    if max(p.similarity for p in passages) < deps.settings.relevance_threshold:
        st.info("The articles don't seem to cover this well; these are the closest passages.")
    for p in passages:
        with st.container(border=True):
            st.markdown(f"**{common.link(p.title, p.url)}**  \n{common.md(p.section)}" if p.section
                        else f"**{common.link(p.title, p.url)}**")
            st.markdown(common.highlight(p.text, query))


def _direct_answer(query: str, deps) -> None:  # type: ignore[no-untyped-def]
    """The direct answer above the passages: the safety message, the curated or passage answer, or the decline."""
    try:
        answer = ask(query, deps)
    except Exception:
        common.log.exception("FAQ answer failed")
        return
    parts = answer.parts
    if answer.kind == "safety":
        st.error(common.md(parts.safety), icon=":material/emergency:")
        return
    if parts.safety and parts.safety_kind == "triage":
        st.warning(common.md(parts.safety))
    if parts.direct:
        d = parts.direct[0]
        with st.container(border=True):
            heading = "The studio's answer" if d.source in ("curated", "logistics") else "From the articles"
            where = f" · {common.md(d.section)}" if d.section else ""
            st.markdown(f"**{heading}** · {common.link(d.title, d.url)}{where}")
            st.markdown(common.md(d.text))
    elif parts.decline:
        st.info(common.md(parts.decline))


def _common_questions(articles: list[ArticleInfo]) -> list[tuple[str, ArticleInfo]]:
    """The articles' FAQ questions, taking each article's first before any article's second."""
    out: list[tuple[str, ArticleInfo]] = []
    depth = max((len(a.faq) for a in articles), default=0)
    for n in range(depth):
        out += [(a.faq[n], a) for a in articles if n < len(a.faq)]
    return out[:COMMON_QUESTIONS]


st.set_page_config(layout="centered")
deps = common.load_deps()
if deps is None:
    st.stop()
articles = sorted(deps.retriever.articles.values(), key=lambda a: a.title.lower())
st.session_state.setdefault("faq_tags", [])

st.subheader("Search the studio's articles")
with st.form("faq-form"):
    st.text_input("Search the articles", key="faq_query", placeholder="e.g. how long should I foam roll?")
    st.multiselect("Only these topics", options=list(TOPICS), format_func=lambda t: TOPICS.get(t, t),
                   key="faq_tags", placeholder="All topics")
    st.form_submit_button("Search", type="primary", icon=":material/search:", on_click=_submit)

if "faq_search" in st.session_state:
    query, tags = st.session_state.faq_search
    _results(query, tags, deps)

st.markdown("#### Common questions")
for question, article in _common_questions(articles):
    ask_col, link_col = st.columns([4, 1], vertical_alignment="center")
    ask_col.button(common.md(question), key=f"faq-q-{article.slug}-{question}", type="tertiary", on_click=_ask,
                   args=(question,), help="Search the articles for this question")
    link_col.markdown(common.link("Read the article", article.url))

st.markdown("#### Browse by topic")
for tag, name in TOPICS.items():
    in_topic = [a for a in articles if tag in a.tags]
    if not in_topic:
        continue
    with st.expander(f"{name} ({len(in_topic)})"):
        st.markdown("\n".join(f"- {common.link(a.title, a.url)}" + (f": {common.md(a.summary)}" if a.summary else "")
                              for a in in_topic))
