"""The Email desk's mailbox section: a "Sync mailbox" button and the queue of synced messages with their drafts.

Drafts are made by `assistant.email.sync_mailbox` (the same as `python -m assistant mail sync`) and kept in
the local queue, so showing them never drafts anything again. Nothing here sends mail.
"""

from __future__ import annotations

import streamlit as st

from app_pages import common
from assistant.answer.deps import Deps
from assistant.email import QueueItem, load_queue, save_edited_draft, sync_mailbox
from assistant.errors import AssistantError

_SCREEN = {"reported": ":red[reported]", "denied": ":green[says no]", "mentioned": ":orange[mentioned: check]",
           "open": ":gray[not said: ask]"}


def show_mailbox(deps: Deps) -> None:
    """The sync button (when a mailbox is configured) and the queue; emergencies first, with an alert."""
    settings = deps.settings
    if not settings.imap_host:
        st.caption("Connect the studio's mailbox (see the README, “Connect your mailbox”) to have replies "
                   "drafted into your Drafts folder.")
        return
    if st.button("Sync mailbox", icon=":material/sync:", help="Draft replies to new mail into Drafts (never sends)"):
        try:
            with st.spinner(f"Reading {settings.imap_inbox_folder} and drafting replies…"):
                report = sync_mailbox(deps)
            st.success(report.summary())
        except AssistantError as exc:
            st.error(f"**The mailbox could not be synced:** {common.md(str(exc))}.")
        except Exception:
            common.log.exception("mailbox sync failed")
            st.error(common.GENERIC_ERROR)
    queue = load_queue(settings)
    urgent = [i for i in queue if i.is_emergency and i.status == "drafted"]
    if urgent:
        st.error(f"**{len(urgent)} synced email(s) read as an emergency.** Their drafts hold the safety advice "
                 "alone and are flagged in Drafts. Consider phoning the sender.", icon=":material/emergency:")
    if queue:
        st.markdown(f"**Synced mail** ({len(queue)})")
    for item in queue:
        _item(item, deps)


def _item(item: QueueItem, deps: Deps) -> None:
    mark = ":red[:material/emergency:] " if item.is_emergency else ""
    label = f"{mark}{common.md(item.subject or '(no subject)')} — {common.md(item.sender or 'unknown sender')}"
    with st.expander(label):
        if item.status == "skipped":
            st.caption(f"Skipped: {common.md(item.reason)}")
            return
        key = f"mbx-{item.source}"
        with st.form(key):
            subject = st.text_input("Subject", value=item.draft_subject)
            body = st.text_area("Draft reply (saved back to your Drafts folder)", value=item.draft_body, height=360)
            if st.form_submit_button("Save to Drafts", icon=":material/save:"):
                try:
                    save_edited_draft(deps, item, subject, body)
                    st.success("Saved to Drafts (the earlier draft was replaced). Nothing was sent.")
                except AssistantError as exc:
                    st.error(f"**Not saved:** {common.md(str(exc))}.")
        _notes(item.details)


def _notes(details: dict[str, object]) -> None:
    intake = details.get("intake")
    if isinstance(intake, dict):
        rows = [f"- **{common.md(k.replace('_', ' '))}:** {common.md(_show(v)) if _show(v) else '_not said_'}"
                for k, v in intake.items()]
        st.markdown("**Intake**\n" + "\n".join(rows))
    screen = details.get("screen")
    if isinstance(screen, list):
        rows = [f"- **{common.md(str(s.get('label', '')))}**: {_SCREEN.get(str(s.get('status')), s.get('status'))}"
                for s in screen if isinstance(s, dict)]
        st.markdown("**Red-flag screen**\n" + "\n".join(rows))


def _show(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items() if v)
    if value is None:
        return ""
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)
