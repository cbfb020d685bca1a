"""A throwaway Dovecot (Debian's dovecot-imapd) on a free loopback port, for the mailbox tests.

One static user and password, a Maildir in a temporary folder, plaintext login (the server listens
on 127.0.0.1 only), and with tls=True a throwaway self-signed certificate for IMAPS and STARTTLS.
Its own base_dir and state_dir, so it never touches a system Dovecot. Dovecot's login process may
not run as root, and mail may not be read as UID 0: as root the login process runs as dovenull (or
nobody) and the mail is read as nobody, in a folder nobody owns.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "deb@posture-studio.example"
PASSWORD = "app-password-for-tests"


def available() -> bool:
    """Whether the Dovecot binary is installed."""
    return Path(DOVECOT).is_file() and os.access(DOVECOT, os.X_OK)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _user(*names: str) -> pwd.struct_passwd:
    for name in names:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError(f"none of the users {names} exists")


class Dovecot:
    """Start, stop (gently or by SIGKILL) and restart one Dovecot; the mail survives restarts."""

    def __init__(self, workdir: Path, tls: bool = False) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.tls_port = _free_port()
        self.cert = workdir / "cert.pem"
        self.proc: subprocess.Popen[bytes] | None = None
        if os.getuid() == 0:
            mail_user = _user("nobody")
            login_user = _user("dovenull", "nobody").pw_name
            internal_user = internal_group = "root"
            # tmp_path's parents are private to root, so the mail (read as nobody) lives in a folder of its own.
            self.maildir_root = Path(tempfile.mkdtemp(prefix="posture-dovecot-"))
            os.chown(self.maildir_root, mail_user.pw_uid, mail_user.pw_gid)
        else:
            mail_user = pwd.getpwuid(os.getuid())
            login_user = internal_user = mail_user.pw_name
            internal_group = grp.getgrgid(os.getgid()).gr_name
            self.maildir_root = workdir / "mail"
            self.maildir_root.mkdir()
        for sub in ("run", "state"):
            (workdir / sub).mkdir(exist_ok=True)
        ssl_lines = "ssl = no"
        if tls:
            # A throwaway self-signed certificate for 127.0.0.1 (openssl is a dependency of dovecot-core).
            key = workdir / "key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                            str(self.cert), "-subj", "/CN=localhost", "-addext",
                            "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "1"],
                           check=True, capture_output=True)
            ssl_lines = f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{key}"
        self.log = workdir / "dovecot.log"
        self.config = workdir / "dovecot.conf"
        self.config.write_text(f"""
base_dir = {workdir}/run
state_dir = {workdir}/state
log_path = {self.log}
protocols = imap
listen = 127.0.0.1
{ssl_lines}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{self.maildir_root}/%n/Maildir
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={self.maildir_root}/%n
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port if tls else 0}
  }}
}}
service anvil {{
  chroot =
}}
""")

    def start(self, timeout_s: float = 20.0) -> None:
        """Start in the foreground of its own process group and wait for the IMAP greeting."""
        pid = self.workdir / "run" / "master.pid"
        pid.unlink(missing_ok=True)
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"dovecot exited: {err}\n{self.log.read_text() if self.log.exists() else ''}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                    s.settimeout(3)
                    if s.recv(200).startswith(b"* OK"):
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"dovecot did not answer on port {self.port} within {timeout_s}s:\n"
                           f"{self.log.read_text() if self.log.exists() else ''}")

    def kill(self) -> None:
        """SIGKILL Dovecot and every process it started: a crash, not a shutdown."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        """Stop Dovecot and remove the mail folder."""
        self.kill()
        if self.maildir_root.parent != self.workdir:
            shutil.rmtree(self.maildir_root, ignore_errors=True)
