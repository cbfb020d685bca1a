"""Email desk for the specialist: paste or upload an email, get an editable draft reply (nothing is sent)."""

from __future__ import annotations

import dataclasses
import re

import streamlit as st

from app_pages import common, staff
from app_pages.mailbox import show_mailbox
from assistant.email.draft import EmailDraft, draft_email
from assistant.email.parse import ParsedEmail, parse_email
from assistant.errors import AssistantError, IngestBusy, InputRejected
from assistant.index.curated_edit import publish, save_answer

SCREEN_STATUS = {
    "reported": (":red[:material/flag:]", "reported"),
    "mentioned": (":orange[:material/warning:]", "mentioned: check what they mean"),
    "denied": (":green[:material/check_circle:]", "says no"),
    "open": (":gray[:material/help:]", "not mentioned: ask"),
}


def _draft(raw: str | bytes, deps) -> None:  # type: ignore[no-untyped-def]
    st.session_state.pop("email_result", None)
    try:
        with st.spinner("Drafting a reply…"):
            parsed = parse_email(raw)
            draft = draft_email(parsed, deps)
    except AssistantError as exc:
        st.error(f"**That can't be drafted:** {common.md(str(exc))}.")
        return
    except Exception:
        common.log.exception("drafting failed on a %d-character email", len(raw))
        st.error(common.GENERIC_ERROR)
        return
    st.session_state.email_result = (parsed, draft)
    st.session_state.email_subject = draft.subject
    st.session_state.email_body = draft.body


def _intake(draft: EmailDraft) -> None:
    i = draft.intake
    below = ", ".join(i.below_knee_parts) or {True: "yes", False: "no", None: None}[i.below_knee]
    imaging = "; ".join(f"{t}: “{f}”" if f else t for t, f in i.scans)
    rows = [("Complaint", i.complaint), ("How long", i.duration), ("Side", i.side), ("Below the knee", below),
            ("Imaging", imaging), ("Tried", ", ".join(i.treatments)), ("Activities", ", ".join(i.activities)),
            ("Goals", "; ".join(f"“{g}”" for g in i.goal_phrases)),
            ("Availability", "; ".join(f"“{a}”" for a in i.availability)),
            ("Answer by hand", "; ".join(f"“{q}”" for q in draft.by_hand))]
    lines = [f"- **{label}:** {common.md(value) if value else '_not said_'}" for label, value in rows]
    st.markdown("**Intake summary**\n" + "\n".join(lines))


def _screen(draft: EmailDraft) -> None:
    lines = []
    for item in draft.screen:
        icon, status = SCREEN_STATUS.get(item.status, ("", item.status))
        evidence = f" (“{common.md(item.evidence)}”)" if item.evidence else ""
        lines.append(f"- {icon} **{common.md(item.label)}**: {status}{evidence}")
    if lines:
        st.markdown("**Red-flag screen**\n" + "\n".join(lines))


def _file_stem(subject: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", subject).strip("-").lower()[:60] or "reply"


def _save_as_standard(draft: EmailDraft, deps) -> None:  # type: ignore[no-untyped-def]
    """Keep an answer from this draft, as edited, as one of the studio's standard answers."""
    if not draft.answers:
        return
    with st.expander("Save an answer as a standard answer"):
        if not staff.staff_unlocked(deps.settings, "saving"):
            return
        labels = {n: d.question for n, d in enumerate(draft.answers)}
        n = st.selectbox("Question", options=list(labels), format_func=labels.get, key="std_pick")
        direct = draft.answers[n]
        with st.form("std-form"):
            question = st.text_input("Question, as visitors would ask it", value=direct.question)
            answer = st.text_area("Answer (edit it as you'd like it to read)", value=direct.text, height=160)
            st.caption(f"Cited to “{direct.title}”" + (f", {direct.section}" if direct.section else "") + ".")
            saved = st.form_submit_button("Save as a standard answer")
        if saved:
            try:
                save_answer(deps.settings.knowledge_dir, direct.slug, question, answer, direct.section)
                count = publish(deps.settings.knowledge_dir, deps.retriever.store, deps.embedder)
                st.success(f"Saved: it is live for the next question ({count} standard answers).")
            except InputRejected as exc:
                st.error(str(exc))
            except IngestBusy:
                st.warning("Saved. An index rebuild is running, so it goes live with the next ingest (make index).")


def _result(parsed: ParsedEmail, draft: EmailDraft, deps) -> None:  # type: ignore[no-untyped-def]
    st.divider()
    if draft.mode == "safety":
        st.error("**Red flag: this email needs the safety advice alone.** The draft holds no exercise advice and "
                 "no booking. Consider phoning the sender.", icon=":material/emergency:")
    if parsed.truncated:
        st.warning("This email is very long: only its first 2,000 lines were read for the draft. "
                   "Read the rest yourself before replying.")
    reply, notes = st.columns([3, 2], gap="large")
    with reply:
        st.text_input("Subject", key="email_subject")
        st.text_area("Draft reply (edit before sending)", key="email_body", height=520)
        edited = dataclasses.replace(draft, subject=st.session_state.email_subject,
                                     body=st.session_state.email_body)
        stem = _file_stem(edited.subject)
        eml, txt = st.columns(2)
        eml.download_button("Download .eml", edited.to_eml(deps.settings, parsed), file_name=f"{stem}.eml",
                            mime="message/rfc822", icon=":material/mail:", on_click="ignore", width="stretch")
        txt.download_button("Download .txt", edited.to_text(), file_name=f"{stem}.txt", mime="text/plain",
                            icon=":material/description:", on_click="ignore", width="stretch")
        st.caption("Nothing is sent from here: the .eml opens in your mail program as a draft.")
        _save_as_standard(draft, deps)
    with notes:
        st.markdown("#### For you")
        address = f"<{parsed.sender_address}>" if parsed.sender_address else ""
        who = " ".join(p for p in (parsed.sender_name or parsed.sender_first_name, address) if p)
        if who:
            st.markdown(f"**From:** {common.md(who)}")
        if parsed.forwarded:
            st.caption("Forwarded on someone else's behalf" + (f" (from {common.md(parsed.forwarded_from)})"
                                                                 if parsed.forwarded_from else "") + ".")
        common.show_triage(draft.triage)
        _intake(draft)
        _screen(draft)
        if draft.questions_for_sender:
            st.markdown("**Questions for the sender**\n" + "\n".join(f"- {common.md(q)}"
                                                                     for q in draft.questions_for_sender))
        common.show_citations(draft.citations, label="Cited articles")


st.set_page_config(layout="wide")  # the draft and the notes for the specialist side by side
st.subheader("Email desk")
settings = common.load_settings()
if settings is None or not staff.staff_unlocked(settings, "the email desk"):
    st.stop()
deps = common.load_deps()
if deps is None:
    st.stop()

st.caption("Paste an email or upload a .eml, and get a draft reply from the articles to check and edit. "
           "Nothing is sent.")
MAX_PASTE_CHARS = 200_000
common.show_no_llm_sign(deps)
show_mailbox(deps)
with st.form("email-form"):
    # The browser stops a paste at the cap; parse_email reads only the start of a long one anyway.
    pasted = st.text_area("Paste the email", height=220, key="email_pasted", max_chars=MAX_PASTE_CHARS,
                          placeholder="Subject: Sciatica question\n\nHi Deb, I've had pain down my left leg for…")
    uploaded = st.file_uploader("Or upload a .eml file", type=["eml", "txt"], key="email_file")
    submitted = st.form_submit_button("Draft a reply", type="primary", icon=":material/edit_note:")

if submitted:
    raw: str | bytes = uploaded.getvalue() if uploaded is not None else pasted
    if not raw or (isinstance(raw, str) and not raw.strip()):
        st.error("Paste an email or upload a .eml file first.")
    else:
        if uploaded is not None and pasted.strip():
            st.info("Drafting from the uploaded file; the pasted text was left aside.")
        _draft(raw, deps)

if "email_result" in st.session_state:
    parsed, draft = st.session_state.email_result
    _result(parsed, draft, deps)
