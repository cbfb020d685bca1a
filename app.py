"""The Streamlit app: chat for visitors, email desk for the specialist, FAQ search; the logic lives in assistant/."""

import logging
from pathlib import Path

import streamlit as st

from assistant.config import get_settings

PAGES = Path(__file__).resolve().parent / "app_pages"

# A visitor never sees a traceback (the server log has it), nor the developer's toolbar.
st.set_option("client.showErrorDetails", "none")
st.set_option("client.toolbarMode", "minimal")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

try:
    title = f"{get_settings().studio_name} assistant"
except Exception:  # each page says what is wrong with the configuration
    title = "Posture assistant"
# Each page sets its own layout: one layout call per run (two in a run misrender in a second session).
st.set_page_config(page_title=title, page_icon="🧍")

pages = [
    st.Page("app_pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("app_pages/email_desk.py", title="Email desk", icon=":material/mail:"),
    st.Page("app_pages/faq.py", title="FAQ search", icon=":material/search:"),
]
if (PAGES / "insights.py").is_file():  # written with the insights store (issue 10)
    pages.append(st.Page("app_pages/insights.py", title="Insights", icon=":material/insights:"))
pages.append(st.Page("app_pages/answers.py", title="Standard answers", icon=":material/library_books:"))

# Embedded in the studio's website (?embed=true), the page is a chat widget: no navigation.
st.navigation(pages, position="hidden" if st.context.is_embedded else "sidebar").run()
