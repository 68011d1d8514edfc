"""A real SMTP server for the tests and the benchmark: aiosmtpd's Controller on 127.0.0.1, every message kept with
the moment it arrived (``wait_for(n)`` waits for the n-th; ``arrivals()`` their times, epoch seconds).

    with SmtpBox(accounts={"ioc": "mật-khẩu"}) as box:     # AUTH required (over plain SMTP: tests only)
        ... the hub sends to box.host:box.port ...
        mail = box.wait_for(1)[0]; mail.subject, mail.text, mail.to, mail.arrived

``SmtpBox().start()`` returns the box (bound to 127.0.0.1 on a free port); ``messages`` is appended to as they
arrive; ``stop()`` ends it. The benchmark (benchmarks/bench_mobile.py) uses it so: keep that shape."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Mail:
    sender: str
    to: list[str]
    subject: str
    text: str  # the subject, a blank line and the body: decoded, as one str (what the benchmark searches)
    body: str  # the plain-text body alone
    headers: dict
    arrived: float  # epoch seconds (time.time()) when the server had it whole
    raw: bytes = field(repr=False, default=b"")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpBox:
    def __init__(self, accounts: dict[str, str] | None = None, port: int = 0):
        self.accounts = dict(accounts or {})
        self.host, self.port = "127.0.0.1", port or _free_port()
        self.messages: list[Mail] = []
        self.refused_logins = 0
        self._cond = threading.Condition()
        self._controller: Controller | None = None

    # -- aiosmtpd's handler ------------------------------------------------------------------------------------
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.accounts and not session.authenticated:
            return "530 5.7.0 Authentication required"
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        part = msg.get_body(("plain",))
        subject = str(msg["Subject"] or "")
        body = (part.get_content() if part is not None else "").replace("\r\n", "\n")
        mail = Mail(envelope.mail_from, list(envelope.rcpt_tos), subject, f"{subject}\n\n{body}", body,
                    {k: str(v) for k, v in msg.items()}, time.time(), raw)
        with self._cond:
            self.messages.append(mail)
            self._cond.notify_all()
        return "250 Message accepted for delivery"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if self.accounts.get(user) == password:
                return AuthResult(success=True, auth_data=user)
        self.refused_logins += 1
        return AuthResult(success=False, handled=False)

    # -- life ----------------------------------------------------------------------------------------------------
    def start(self) -> SmtpBox:
        # AUTH over plain SMTP (a test's own server on 127.0.0.1); a message without it is refused in handle_DATA
        auth = {"authenticator": self._authenticate, "auth_require_tls": False} if self.accounts else {}
        self._controller = Controller(self, hostname=self.host, port=self.port, ready_timeout=10,
                                      decode_data=False, **auth)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpBox:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- what arrived --------------------------------------------------------------------------------------------
    def wait_for(self, n: int, timeout: float = 15.0, to: str | None = None) -> list[Mail]:
        """The first ``n`` messages (to ``to`` only, if given) once they have arrived; AssertionError after
        ``timeout`` seconds without them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = self.received(to)
                if len(got) >= n:
                    return got[:n]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{n} e-mails{f' to {to}' if to else ''}: only {len(got)} within "
                                         f"{timeout:g} s")
                self._cond.wait(left)

    def received(self, to: str | None = None) -> list[Mail]:
        with self._cond:
            return [m for m in self.messages if to is None or to in m.to]

    def arrivals(self) -> list[float]:
        """When each message arrived (epoch seconds), in order."""
        with self._cond:
            return [m.arrived for m in self.messages]
