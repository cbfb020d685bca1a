"""The Streamlit app: the public FAQ search, and the staff pages (chat preview, email desk, insights, standard
answers) behind one login; the logic lives in assistant/. Visitors chat through the website widget (assistant/api)."""

import logging

import streamlit as st

from app_pages import common, staff

# A visitor never sees a traceback (the server log has it), nor the developer's toolbar.
st.set_option("client.showErrorDetails", "none")
st.set_option("client.toolbarMode", "minimal")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

settings = common.load_settings()  # None after an st.error naming the bad setting
title = f"{settings.studio_name} assistant" if settings is not None else "Posture assistant"
# Each page sets its own layout: one layout call per run (two in a run misrender in a second session).
st.set_page_config(page_title=title, page_icon="🧍")

# Staff pages are registered only for a signed-in session: signed out, their URLs (with or without
# ?embed=true) are not pages of this app at all, so nothing of theirs runs.
signed_in = settings is not None and staff.is_signed_in(settings)
faq = st.Page("app_pages/faq.py", title="FAQ search", icon=":material/search:", default=not signed_in)
pages = [faq]
if signed_in:
    pages = [
        st.Page("app_pages/chat.py", title="Chat preview", icon=":material/chat:", default=True),
        st.Page("app_pages/email_desk.py", title="Email desk", icon=":material/mail:"),
        faq,
        st.Page("app_pages/insights.py", title="Insights", icon=":material/insights:"),
        st.Page("app_pages/answers.py", title="Standard answers", icon=":material/library_books:"),
    ]
else:
    pages.append(st.Page("app_pages/staff_login.py", title="Staff sign-in", icon=":material/lock:", url_path="staff"))

navigation = st.navigation(pages, position="hidden" if st.context.is_embedded else "sidebar")
if signed_in and not st.context.is_embedded:
    st.sidebar.button("Sign out", on_click=staff.sign_out, icon=":material/logout:")
navigation.run()
