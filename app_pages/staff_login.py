"""Staff sign-in: the one page a signed-out visitor sees besides the FAQ search."""

from __future__ import annotations

import streamlit as st

from app_pages import common, staff

st.set_page_config(layout="centered")
st.subheader("Staff sign-in")
settings = common.load_settings()
if settings is None:
    st.stop()
if st.session_state.pop("staff_signed_out", False):
    st.success("You are signed out.")
st.caption("The Email desk, Insights and Standard answers are for the studio's staff.")
if staff.staff_unlocked(settings, "the staff pages"):
    st.switch_page("app_pages/chat.py")  # signed in already: this page is not registered then, but be safe
