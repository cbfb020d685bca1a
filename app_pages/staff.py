"""The one staff login for the Email desk, Insights, Standard answers and the chat preview.

The password is a hash in configuration (ASSISTANT_STAFF_PASSWORD_HASH). A signed-in session ends
after `staff_session_minutes` without a staff page being used, or on "Sign out"; after
`staff_max_failures` wrong passwords a client waits `staff_lockout_minutes`. app.py registers the
staff pages only for a signed-in session, and each staff page checks again (`staff_unlocked`).
"""

from __future__ import annotations

import time

import streamlit as st

from app_pages import common
from assistant.config import Settings
from assistant.insights.auth import Lockout, verify_staff_password

SESSION_KEY = "staff"
NO_PASSWORD = (
    "**The staff pages are locked until a password is set.** Whoever runs the app: run "
    "`python -m assistant insights hash-password`, put the line it prints in the `.env` file or the environment "
    "as `ASSISTANT_STAFF_PASSWORD_HASH='pbkdf2_sha256$…'` (the older `ASSISTANT_INSIGHTS_PASSWORD_HASH` works too), "
    "and restart the app. Only the hash is stored, never the password."
)


@st.cache_resource(show_spinner=False)
def _lockout(max_failures: int, lock_minutes: int) -> Lockout:
    # One per process, so a new browser tab does not reset the count.
    return Lockout(max_failures, lock_minutes * 60.0)


def _client() -> str:
    """The visitor's address (behind a proxy, the proxy's: then the lockout is shared, which errs on the safe side)."""
    try:
        ip = st.context.ip_address
    except Exception:
        ip = None
    return ip if isinstance(ip, str) and ip else "unknown"  # AppTest gives a stand-in object


def is_signed_in(settings: Settings) -> bool:
    """Whether this session is signed in, for this password hash, and not idle past the session timeout."""
    state = st.session_state.get(SESSION_KEY)
    stored = settings.staff_hash
    if not state or not stored or state.get("hash") != stored:  # a new password signs everyone out
        return False
    if time.monotonic() - float(state.get("seen", 0.0)) > settings.staff_session_minutes * 60:
        st.session_state.pop(SESSION_KEY, None)
        st.session_state.staff_expired = True
        return False
    return True


def sign_out() -> None:
    """End this session's staff access."""
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.staff_signed_out = True


def staff_unlocked(settings: Settings, what: str) -> bool:
    """Whether this session may see a staff page (it stays signed in for a while); otherwise shows the login."""
    stored = settings.staff_hash
    if not stored:
        st.info(NO_PASSWORD)
        return False
    if is_signed_in(settings):
        st.session_state[SESSION_KEY]["seen"] = time.monotonic()
        return True
    if st.session_state.pop("staff_expired", False):
        st.warning(f"You were signed out after {settings.staff_session_minutes} minutes without activity. "
                   "Please sign in again.")
    lockout = _lockout(settings.staff_max_failures, settings.staff_lockout_minutes)
    client = _client()
    wait = lockout.seconds_left(client)
    if wait:
        st.error(f"Too many wrong passwords. The login is locked for about {max(1, round(wait / 60))} more "
                 "minutes.")
        return False
    with st.form(f"login-{what}"):
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button(f"Open {what}")
    if not submitted:
        return False
    if verify_staff_password(password, stored):
        lockout.succeeded(client)
        st.session_state[SESSION_KEY] = {"hash": stored, "seen": time.monotonic()}
        st.rerun()  # without the login form, and with the staff pages registered in app.py
    left = lockout.failed(client)
    if left:
        st.error(f"That password is not right. {left} more {'try' if left == 1 else 'tries'} before the login locks.")
    else:
        common.log.warning("staff login locked after repeated wrong passwords")
        st.error(f"That password is not right. The login is now locked for {settings.staff_lockout_minutes} minutes.")
    return False
