"""Chat page for website visitors: reads the message, calls ask(), renders the answer."""

from __future__ import annotations

import time
import uuid

import streamlit as st

from app_pages import common
from app_pages.common import Exchange
from assistant.answer.ratelimit import allow, recent, retry_after
from assistant.answer.turn import Answer, Turn, ask
from assistant.errors import AssistantError, StoreUnavailable

EMERGENCY_NUMBER = {"uk": "call 999 or go to A&E", "us": "call 911 or go to the ER"}
STORE_DOWN = "The studio's articles can't be reached just now, so I can't answer. Please try again in a minute."


def _new_conversation() -> None:
    st.session_state.conversation_id = uuid.uuid4().hex
    st.session_state.exchanges = []
    st.session_state.feedback_saved = {}


def _notice(settings, first: bool) -> None:  # type: ignore[no-untyped-def]
    advice = (f"I answer from {common.md(settings.studio_name)}'s own articles. This is general information, "
              "**not medical advice**, and I can't examine you. If you have sudden or severe symptoms, "
              f"{EMERGENCY_NUMBER[settings.region]}.")
    if settings.log_questions:
        stored = (f"To improve the articles, your questions are kept for {settings.retention_days} days with "
                  "names, emails, phone numbers and addresses removed, under a random conversation number. "
                  "Thumbs up or down are kept with the articles an answer cited.")
    else:
        stored = ("Your messages are not stored: the conversation lives only in this browser tab. "
                  "If you press thumbs up or down, only that and the articles the answer cited are kept.")
    if first:
        st.info(f"{advice}\n\n{stored}", icon=":material/info:")
    else:
        st.caption(f"Not medical advice. {stored}")


def _history(exchanges: list[Exchange]) -> list[Turn]:
    turns: list[Turn] = []
    for ex in exchanges:
        turns.append(ex.question)
        if ex.answer is not None:
            turns.append(ex.answer.as_turn())
    return turns


def _record_feedback(n: int, key: str) -> None:
    value = st.session_state.get(key)
    answer = st.session_state.exchanges[n].answer
    if value is None or answer is None:
        return
    store = common.insights_store(st.session_state.chat_settings)
    try:
        if store is None:
            raise RuntimeError("no insights store")
        store.record_feedback(st.session_state.conversation_id, value == 1, [c.slug for c in answer.citations])
        st.session_state.feedback_saved[key] = value == 1
    except Exception:
        common.log.exception("could not record feedback")
        st.session_state.store_warning = "Thanks! Your feedback couldn't be saved just now."


def _show_answer(n: int, answer: Answer) -> None:
    common.show_triage(answer.triage)  # the banner shows the triage message
    if answer.kind == "safety":
        text = ""
    elif answer.parts.direct or answer.parts.decline or answer.parts.small_talk:
        text = common.parts_markdown(answer)
    else:
        text = answer.text
        if answer.triage.message and text.startswith(answer.triage.message):
            text = text[len(answer.triage.message):]
        text = common.safe_markdown(text) if text.strip() else ""
    if text:
        st.markdown(text)
    if answer.note:
        st.caption(common.md(answer.note))
    common.show_citations(answer.citations)
    url = common.safe_url(answer.booking.url)
    if answer.booking.suggested and url and not answer.triage.is_emergency:
        st.link_button("Book a posture assessment", url, icon=":material/calendar_month:",
                       help="Opens the studio's booking page")
    key = f"feedback-{st.session_state.conversation_id}-{n}"
    if key in st.session_state.feedback_saved:
        # One vote per answer: once stored, the thumbs give way to a thank-you.
        thumb = ":material/thumb_up:" if st.session_state.feedback_saved[key] else ":material/thumb_down:"
        st.caption(f"{thumb} Thanks for your feedback.")
    else:
        st.feedback("thumbs", key=key, on_change=_record_feedback, args=(n, key))


def _show(n: int, ex: Exchange) -> None:
    with st.chat_message("user"):
        st.markdown(common.md_lines(ex.question.text))
    with st.chat_message("assistant"):
        if ex.answer is not None:
            _show_answer(n, ex.answer)
        else:
            st.error(common.md(ex.error))


def _answer(prompt: str, deps) -> Exchange:  # type: ignore[no-untyped-def]
    question = Turn("user", prompt)
    with st.chat_message("user"):
        st.markdown(common.md_lines(prompt))
    with st.chat_message("assistant"):
        placeholder = st.empty()
        streamed: list[str] = []

        def on_token(token: str) -> None:
            streamed.append(token)
            placeholder.markdown(common.md_lines("".join(streamed)) + " ▌")

        try:
            with st.spinner("Looking through the articles…"):
                answer = ask(prompt, deps, _history(st.session_state.exchanges),
                             on_token=on_token if deps.llm is not None else None,
                             llm_timeout_s=deps.settings.chat_llm_timeout_s)
        except StoreUnavailable as exc:
            common.log.error("article store unavailable: %s", exc)  # the visitor is not told where it lives
            return Exchange(question, error=STORE_DOWN)
        except AssistantError as exc:
            return Exchange(question, error=str(exc))
        except Exception:
            common.log.exception("the chat failed on a %d-character message", len(prompt))
            return Exchange(question, error=common.GENERIC_ERROR)
        placeholder.empty()
    store = common.insights_store(deps.settings)
    try:
        if store is not None:
            store.log_turn(st.session_state.conversation_id, prompt, answer)
    except Exception:
        common.log.exception("could not log the turn")
        st.session_state.store_warning = "This conversation couldn't be saved for the studio's insights."
    return Exchange(question, answer)


st.set_page_config(layout="centered")
deps = common.load_deps()
if deps is None:
    st.stop()
settings = deps.settings
st.session_state.chat_settings = settings
if "conversation_id" not in st.session_state:
    _new_conversation()
st.session_state.setdefault("sent_at", [])

left, right = st.columns([3, 1], vertical_alignment="bottom")
left.subheader(f"Ask {common.md(settings.studio_name)}")
# The rate limit counts per browser session, so a new conversation does not reset it.
right.button("New conversation", on_click=_new_conversation, icon=":material/refresh:", width="stretch")
common.show_no_llm_sign(deps)
_notice(settings, first=not st.session_state.exchanges)

for n, ex in enumerate(st.session_state.exchanges):
    _show(n, ex)

if warning := st.session_state.pop("store_warning", None):
    st.warning(warning)

prompt = st.chat_input("Ask about posture, back pain or sciatica", max_chars=settings.max_message_chars)
if prompt is not None:
    now = time.monotonic()
    if not allow(st.session_state.sent_at, now, settings.rate_limit_per_minute):
        wait = retry_after(st.session_state.sent_at, now, settings.rate_limit_per_minute)
        st.warning(f"You're sending messages faster than I can answer well ({settings.rate_limit_per_minute} a "
                   f"minute at most). Please wait about {max(1, round(wait))} seconds and send it again.",
                   icon=":material/hourglass_top:")
        st.code(prompt, language=None, wrap_lines=True)  # nothing is lost: the message, ready to copy
    else:
        st.session_state.sent_at = [*recent(st.session_state.sent_at, now), now]
        st.session_state.exchanges = [*st.session_state.exchanges, _answer(prompt, deps)]
        st.rerun()
