"""`mail sync` against a real Dovecot on loopback: drafts in Drafts, threaded and flagged, once, whatever fails.

Dovecot is Debian's dovecot-imapd (installed by `make test`, target `dovecot`). Messages are delivered by
APPEND into INBOX; the drafts are read back with imapclient, as a mail program would see them.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import os
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import make_fake_deps
from dovecot import PASSWORD, USER, Dovecot, available
from imapclient import IMAPClient

from assistant.cli.main import main
from assistant.email.mailbox import DRAFTED, SKIPPED
from assistant.email.queue import load_queue
from assistant.email.sync import save_edited_draft, sync_mailbox
from assistant.errors import MailboxUnavailable

pytestmark = pytest.mark.imap

EMERGENCY = "My sciatica is bad and since this morning I can't feel it when I wipe and I can't pee."


def _unavailable(reason: str) -> None:
    """Skip on a developer machine; in CI the Dovecot tests must run, so fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the IMAP tests: `make test` installs dovecot-imapd)")
    pytest.skip(reason)


@pytest.fixture
def dovecot(tmp_path: Path) -> Iterator[Dovecot]:
    if not available():
        _unavailable("Dovecot is not installed (apt-get install dovecot-imapd, or: make dovecot)")
    work = tmp_path / "dovecot"
    work.mkdir()
    server = Dovecot(work)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dovecot_tls(tmp_path: Path) -> Iterator[Dovecot]:
    if not available():
        _unavailable("Dovecot is not installed (apt-get install dovecot-imapd, or: make dovecot)")
    work = tmp_path / "dovecot-tls"
    work.mkdir()
    server = Dovecot(work, tls=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _deps(tmp_path: Path, server: Dovecot, **overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"imap_host": "127.0.0.1", "imap_port": server.port, "imap_user": USER,
                                 "imap_password": PASSWORD, "imap_security": "plain", "imap_timeout_s": 10.0}
    return make_fake_deps(tmp_path / "app", **{**values, **overrides})


def _client(server: Dovecot) -> IMAPClient:
    client = IMAPClient("127.0.0.1", port=server.port, ssl=False, timeout=10)
    client.login(USER, PASSWORD)
    return client


def _message(subject: str, body: str, n: int, sender: str = "Sarah Jones <sarah@example.org>",
             **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Deb <deb@posture-studio.example>"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<msg{n}@example.org>"
    msg["References"] = f"<earlier{n}@example.org>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes(policy=email.policy.SMTP)


QUESTION = ("Hi Deb,\n\nI've had sciatica down my left leg for about 4 months. Is walking good for sciatica?\n\n"
            "Thanks,\nSarah\n")


def _deliver(server: Dovecot, *messages: bytes) -> None:
    client = _client(server)
    for raw in messages:
        client.append("INBOX", raw)
    client.logout()


def _inbox(server: Dovecot) -> dict[int, tuple[set[bytes], str]]:
    """UID -> (flags, sha256 of the whole message) of every message in INBOX, read without marking it."""
    client = _client(server)
    client.select_folder("INBOX", readonly=True)
    data = client.fetch(client.search(["ALL"]), ["FLAGS", "BODY.PEEK[]"])
    client.logout()
    return {uid: (set(d[b"FLAGS"]), hashlib.sha256(d[b"BODY[]"]).hexdigest()) for uid, d in data.items()}


def _drafts(server: Dovecot) -> list[tuple[set[bytes], EmailMessage]]:
    client = _client(server)
    if not client.folder_exists("Drafts"):
        client.logout()
        return []
    client.select_folder("Drafts", readonly=True)
    uids = client.search(["ALL"])
    data = client.fetch(uids, ["FLAGS", "BODY.PEEK[]"]) if uids else {}
    client.logout()
    return [(set(d[b"FLAGS"]), email.message_from_bytes(d[b"BODY[]"], policy=email.policy.default))  # type: ignore[misc]
            for _, d in sorted(data.items())]


def _text(msg: EmailMessage) -> str:
    return str(msg.get_content()).replace("\r\n", "\n")


def _by_reply_to(drafts: list[tuple[set[bytes], EmailMessage]]) -> dict[str, list[tuple[set[bytes], EmailMessage]]]:
    out: dict[str, list[tuple[set[bytes], EmailMessage]]] = {}
    for flags, msg in drafts:
        out.setdefault(str(msg["In-Reply-To"]), []).append((flags, msg))
    return out


def _hard_mail() -> list[bytes]:
    """HTML-only in Windows-1252, a forward, a huge attachment, a broken MIME boundary."""
    html = EmailMessage()
    html["From"] = "Tom <tom@example.org>"
    html["Subject"] = "Hip question"
    html["Message-ID"] = "<html@example.org>"
    html.set_content("<html><body><p>Hello, my right hip sits higher than the left. Caf\xe9 worker here, "
                     "standing all day. What exercises help hip disparity?</p></body></html>", subtype="html",
                     charset="cp1252")
    forward = _message("Fwd: back pain", "Deb, my mum asked me to send you this.\n\n---------- Forwarded message "
                       "---------\nFrom: Ann <ann@example.org>\nSubject: back pain\n\nMy low back aches after "
                       "gardening. Does stretching help low back pain?\n", 11)
    big = EmailMessage()
    big["From"] = "Lee <lee@example.org>"
    big["Subject"] = "My scan"
    big["Message-ID"] = "<big@example.org>"
    big.set_content("I attach my MRI report. Is foam rolling good for sciatica?\n\nLee")
    big.add_attachment(os.urandom(6_000_000), maintype="application", subtype="octet-stream", filename="mri.dcm")
    broken = (b"From: Kim <kim@example.org>\r\nSubject: neck\r\nMessage-ID: <broken@example.org>\r\n"
              b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n--XYZ\r\n"
              b"Content-Type: text/plain; charset=utf-8\r\n\r\nMy neck is stiff from the desk. Can posture "
              b"exercises help neck pain?\r\n")  # no closing boundary
    return [html.as_bytes(), forward, big.as_bytes(), broken]


def test_sync_files_one_threaded_draft_per_message_and_never_touches_the_originals(
        tmp_path: Path, dovecot: Dovecot) -> None:
    _deliver(dovecot, _message("Sciatica question", QUESTION, 1),
             _message("Please help", f"Hi Deb, {EMERGENCY}\n\nAmy", 2, sender="Amy <amy@example.org>"),
             _message("Automatic reply: Sciatica", "I am out of the office until Monday.", 3,
                      sender="Bob <bob@example.org>", Auto_Submitted="auto-replied"),
             *_hard_mail())
    before = _inbox(dovecot)
    deps = _deps(tmp_path, dovecot)

    report = sync_mailbox(deps)

    assert len(report.drafted) == 6 and not report.failed
    assert [i.reason for i in report.skipped] == ["auto-submitted message (Auto-Submitted: auto-replied)"]
    drafts = _by_reply_to(_drafts(dovecot))
    assert set(drafts) == {"<msg1@example.org>", "<msg2@example.org>", "<html@example.org>", "<msg11@example.org>",
                           "<big@example.org>", "<broken@example.org>"}
    assert all(len(v) == 1 for v in drafts.values())
    flags, reply = drafts["<msg1@example.org>"][0]
    assert b"\\Draft" in flags and b"\\Flagged" not in flags
    assert reply["Subject"] == "Re: Sciatica question"
    assert reply["References"].split() == ["<earlier1@example.org>", "<msg1@example.org>"]
    assert reply["To"].addresses[0].addr_spec == "sarah@example.org"
    assert _text(reply).startswith("Hi Sarah,")
    flags, urgent = drafts["<msg2@example.org>"][0]
    assert b"\\Flagged" in flags and b"\\Draft" in flags
    top = _text(urgent).split("\n\n")[1]
    assert "999" in top or "A&E" in top  # the safety advice right after the greeting
    assert _text(drafts["<html@example.org>"][0][1]).startswith("Hi Tom,")
    # The originals: same bytes, still unread, and marked with the keyword only.
    after = _inbox(dovecot)
    assert {uid: h for uid, (_, h) in after.items()} == {uid: h for uid, (_, h) in before.items()}
    assert all(b"\\Seen" not in f for f, _ in after.values())
    assert sum(DRAFTED.encode() in f for f, _ in after.values()) == 6
    assert sum(SKIPPED.encode() in f for f, _ in after.values()) == 1
    # The desk's queue: emergencies first, each with its intake and screen.
    queue = load_queue(deps.settings)
    assert queue[0].is_emergency and queue[0].status == "drafted"
    assert {"intake", "screen", "triage"} <= set(queue[0].details)

    again = sync_mailbox(deps)
    assert not again.drafted and not again.skipped
    assert len(_drafts(dovecot)) == 6


def test_a_message_that_fails_to_draft_stays_unread_and_is_retried(tmp_path: Path, dovecot: Dovecot) -> None:
    _deliver(dovecot, _message("Sciatica question", QUESTION, 1), _message("Second", QUESTION, 2))
    deps = _deps(tmp_path, dovecot)
    from assistant.email.draft import draft_email

    def flaky(parsed, deps):  # type: ignore[no-untyped-def]
        if parsed.subject == "Second":
            raise RuntimeError("the index went away")
        return draft_email(parsed, deps)

    first = sync_mailbox(deps, drafter=flaky)
    assert len(first.drafted) == 1 and [uid for uid, _ in first.failed] == [2]
    flags = _inbox(dovecot)[2][0]
    assert b"\\Seen" not in flags and DRAFTED.encode() not in flags
    second = sync_mailbox(deps)
    assert [i.uid for i in second.drafted] == [2]
    assert len(_drafts(dovecot)) == 2


def test_dovecot_killed_mid_sync_then_a_rerun_loses_nothing_and_doubles_nothing(
        tmp_path: Path, dovecot: Dovecot) -> None:
    _deliver(dovecot, *[_message(f"Question {n}", QUESTION, n) for n in range(1, 5)])
    deps = _deps(tmp_path, dovecot)

    def crash(event: str, uid: int) -> None:
        if event == "appended" and uid == 2:  # the draft is filed, the original not yet marked
            dovecot.kill()

    with pytest.raises(MailboxUnavailable, match="run the sync again"):
        sync_mailbox(deps, progress=crash)
    dovecot.start()
    rerun = sync_mailbox(deps)

    assert rerun.recovered == 1 and [i.uid for i in rerun.drafted] == [3, 4]
    drafts = _by_reply_to(_drafts(dovecot))
    assert sorted(drafts) == [f"<msg{n}@example.org>" for n in range(1, 5)]
    assert all(len(v) == 1 for v in drafts.values())
    inbox = _inbox(dovecot)
    assert len(inbox) == 4 and all(DRAFTED.encode() in f and b"\\Seen" not in f for f, _ in inbox.values())
    assert not sync_mailbox(deps).drafted


def test_without_keywords_a_local_record_keeps_reruns_from_drafting_twice(tmp_path: Path, dovecot: Dovecot) -> None:
    _deliver(dovecot, _message("Sciatica question", QUESTION, 1))
    deps = _deps(tmp_path, dovecot, imap_use_keywords=False)
    assert len(sync_mailbox(deps).drafted) == 1
    again = sync_mailbox(deps)
    assert not again.drafted and not again.keywords
    assert len(_drafts(dovecot)) == 1
    assert _inbox(dovecot)[1][0] <= {b"\\Recent"}  # the original carries no flag at all


def test_an_edited_draft_replaces_the_synced_one(tmp_path: Path, dovecot: Dovecot) -> None:
    _deliver(dovecot, _message("Sciatica question", QUESTION, 1))
    deps = _deps(tmp_path, dovecot)
    item = sync_mailbox(deps).drafted[0]
    save_edited_draft(deps, item, "Re: Sciatica question", "Hi Sarah,\n\nEdited by Deb.\n\nDeb")
    drafts = _drafts(dovecot)
    assert len(drafts) == 1
    flags, msg = drafts[0]
    assert "Edited by Deb." in _text(msg) and msg["In-Reply-To"] == "<msg1@example.org>"
    assert b"\\Draft" in flags
    assert load_queue(deps.settings)[0].draft_body.startswith("Hi Sarah,\n\nEdited")


def test_wrong_password_is_a_clear_error(tmp_path: Path, dovecot: Dovecot) -> None:
    deps = _deps(tmp_path, dovecot, imap_password="wrong")
    with pytest.raises(MailboxUnavailable, match="refused the login") as info:
        sync_mailbox(deps)
    assert "wrong" not in str(info.value)


def test_cli_names_the_missing_settings_and_refuses_plain_imap_off_loopback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.config import get_settings

    for var in ("HOST", "USER", "PASSWORD", "SECURITY"):
        monkeypatch.delenv(f"ASSISTANT_IMAP_{var}", raising=False)
    get_settings.cache_clear()
    assert main(["mail", "sync"]) == 2
    assert "ASSISTANT_IMAP_HOST, ASSISTANT_IMAP_USER, ASSISTANT_IMAP_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("ASSISTANT_IMAP_HOST", "imap.example.org")
    monkeypatch.setenv("ASSISTANT_IMAP_USER", "deb")
    monkeypatch.setenv("ASSISTANT_IMAP_PASSWORD", "secret-app-password")
    monkeypatch.setenv("ASSISTANT_IMAP_SECURITY", "plain")
    get_settings.cache_clear()
    try:
        assert main(["mail", "sync"]) == 2
        err = capsys.readouterr().err
        assert "only allowed for a loopback host" in err and "secret-app-password" not in err
    finally:
        get_settings.cache_clear()


def test_the_email_desk_syncs_and_shows_the_queue_with_an_emergency_alert(
        tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from app_pages import common

    _deliver(dovecot, _message("Sciatica question", QUESTION, 1),
             _message("Please help", f"Hi Deb, {EMERGENCY}\n\nAmy", 2, sender="Amy <amy@example.org>"))
    deps = _deps(tmp_path, dovecot)
    monkeypatch.setattr(common, "load_deps", lambda: deps)
    from test_app import signed_in  # the Email desk is a staff page

    at = signed_in(AppTest.from_file(str(root / "app.py"), default_timeout=30), deps, monkeypatch).run()
    at.switch_page("app_pages/email_desk.py").run()
    next(b for b in at.button if b.label == "Sync mailbox").click().run()
    assert not at.exception, at.exception
    assert any("Drafted 2 replies (1 emergency" in s.value for s in at.success)
    assert any("read as an emergency" in e.value for e in at.error)
    assert [e.label.startswith(":red[:material/emergency:]") for e in at.expander][:2] == [True, False]
    assert len(_drafts(dovecot)) == 2


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_imaps_and_starttls_verify_the_certificate(tmp_path: Path, dovecot_tls: Dovecot, security: str) -> None:
    _deliver(dovecot_tls, _message("Sciatica question", QUESTION, 1))
    port = dovecot_tls.tls_port if security == "ssl" else dovecot_tls.port
    untrusted = _deps(tmp_path / "untrusted", dovecot_tls, imap_security=security, imap_port=port)
    with pytest.raises(MailboxUnavailable, match="(?i)certificate"):
        sync_mailbox(untrusted)  # a self-signed certificate is refused unless it is configured
    trusted = _deps(tmp_path / "trusted", dovecot_tls, imap_security=security, imap_port=port,
                    imap_ca_file=dovecot_tls.cert)
    assert len(sync_mailbox(trusted).drafted) == 1
    assert len(_drafts(dovecot_tls)) == 1


def test_mail_sync_command_prints_what_it_did(tmp_path: Path, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import mail as cli_mail
    from assistant.config import get_settings

    _deliver(dovecot, _message("Sciatica question", QUESTION, 1),
             _message("Please help", f"Hi Deb, {EMERGENCY}\n\nAmy", 2, sender="Amy <amy@example.org>"))
    deps = _deps(tmp_path, dovecot)
    for name, value in {"HOST": "127.0.0.1", "PORT": str(dovecot.port), "USER": USER, "PASSWORD": PASSWORD,
                        "SECURITY": "plain"}.items():
        monkeypatch.setenv(f"ASSISTANT_IMAP_{name}", value)
    monkeypatch.setattr(cli_mail, "deps_for", lambda settings: deps)  # the fixture index, not the real model
    get_settings.cache_clear()
    try:
        assert main(["mail", "sync"]) == 0
        out = capsys.readouterr().out
        assert "EMERGENCY drafted: Re: Please help" in out and "Drafted 2 replies (1 emergency, flagged)" in out
        assert main(["mail", "sync", "--json"]) == 0
        assert '"drafted": []' in capsys.readouterr().out
    finally:
        get_settings.cache_clear()


def test_at_most_max_per_sync_messages_per_run_the_rest_next_time(tmp_path: Path, dovecot: Dovecot) -> None:
    _deliver(dovecot, *[_message(f"Question {n}", QUESTION, n) for n in range(1, 4)])
    deps = _deps(tmp_path, dovecot, imap_max_per_sync=2)
    assert [i.uid for i in sync_mailbox(deps).drafted] == [1, 2]
    assert [i.uid for i in sync_mailbox(deps).drafted] == [3]
