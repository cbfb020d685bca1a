"""Insights for the specialist, behind a password: what people ask and what the articles miss."""

from __future__ import annotations

import json
import re

import streamlit as st

from app_pages import common, staff
from assistant.insights.report import build_report

st.title("Insights")

settings = common.load_settings()
if settings is None:
    st.stop()

if not staff.staff_unlocked(settings, "insights"):
    st.stop()

store = common.insights_store(settings)
if store is None:
    st.error("The insights database can't be opened. The server log says more.")
    st.stop()

if store.is_logging:
    st.caption(f"Questions are logged with names, emails, phone numbers and addresses removed, and kept "
               f"{settings.retention_days} days (purge with `python -m assistant insights purge`).")
else:
    st.info("Question logging is off, so only the thumbs up and down are stored. To see what people ask, "
            "set `ASSISTANT_LOG_QUESTIONS=true`; the chat then tells visitors their questions are kept.")

since = st.date_input("Since", value=None, help="Leave empty for everything still stored.")


def _embedder():  # type: ignore[no-untyped-def]
    deps = common.load_deps()
    if deps is None:
        raise RuntimeError("the search model is not available to group the questions")
    return deps.embedder


try:
    with st.spinner("Counting…"):
        report = build_report(store, _embedder, since)
except Exception:
    common.log.exception("the insights report failed")
    st.error(common.GENERIC_ERROR)
    st.stop()

for table in report.tables:
    st.subheader(table.title)
    if not table.rows:
        st.caption("Nothing yet.")
        continue
    st.dataframe(table.to_records(), hide_index=True)
    st.download_button("Download CSV", table.to_csv(), file_name=f"{table.name}.csv", mime="text/csv",
                       key=f"csv-{table.name}", on_click="ignore")

st.subheader("Emails left for the specialist")
handoffs = store.handoff_rows()
if handoffs:
    st.dataframe(handoffs, hide_index=True)
else:
    st.caption("Nobody has left an email in the chat yet.")

st.subheader("Recent questions and the answers given")
if store.is_logging:
    turns = store.recent_turns(50)
    if turns:
        st.dataframe(turns, hide_index=True)
    else:
        st.caption("Nothing yet.")
else:
    st.caption("Question logging is off, so no questions or answers are kept.")

with st.expander("Look up a conversation, or a visitor asks for their data"):
    conversation_id = st.text_input("Conversation id", help="The chat shows it to the visitor.",
                                    key="conversation-id").strip()
    if conversation_id:
        try:
            exported = store.export_conversation(conversation_id)
        except ValueError as exc:
            st.error(common.md(str(exc)))
        else:
            rows = sum(len(exported[k]) for k in ("questions", "feedback", "handoffs"))  # type: ignore[arg-type]
            st.caption(f"{rows} stored rows for this conversation.")
            if exported["questions"]:
                st.dataframe(store.recent_turns(10_000, conversation_id)[::-1], hide_index=True)
            st.download_button("Download as JSON", json.dumps(exported, ensure_ascii=False, indent=2),
                               file_name=f"conversation-{re.sub(r'[^A-Za-z0-9_-]', '_', conversation_id)}.json",
                               mime="application/json", on_click="ignore")
            is_sure = rows > 0 and st.checkbox("Yes, delete everything stored for this conversation",
                                             key="confirm-delete")
            if is_sure and st.button("Delete", type="primary", key="delete-conversation"):
                st.success(f"Deleted {store.delete_conversation(conversation_id)} rows.")
