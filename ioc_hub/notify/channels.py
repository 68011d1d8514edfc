"""The two ways a message leaves the hub: e-mail through the province's SMTP server (smtplib, STARTTLS or TLS as
configured, a timeout) and a signed JSON POST to one of the province's gateways (SMS, Zalo OA, Telegram).

A failed try raises ``SendFailed``: ``permanent`` when trying again cannot help (the server refused the password or
the recipient for good, the gateway answered 4xx other than 408/429), else it is tried again later."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import socket
import ssl
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import requests

from ioc_hub.notify.config import Gateway, Smtp

USER_AGENT = "ioc-hub-notify/1"


class SendFailed(Exception):
    def __init__(self, reason: str, permanent: bool = False):
        super().__init__(reason)
        self.reason, self.permanent = reason, permanent


def email_message(smtp: Smtp, to: str, subject: str, text: str, delivery_id: str) -> EmailMessage:
    """A UTF-8 plain-text e-mail (Vietnamese subject encoded as RFC 2047 by the library)."""
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = to
    msg["Subject"] = " ".join(subject.split())  # one line: a CAP headline's line break cannot add a header
    msg["Date"] = formatdate(localtime=True)
    domain = parseaddr(smtp.sender)[1].rpartition("@")[2] or "ioc.local"
    msg["Message-ID"] = make_msgid(idstring=delivery_id, domain=domain)
    msg["X-IOC-Delivery"] = delivery_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to the hub
    msg.set_content(text, charset="utf-8")
    return msg


def send_email(smtp: Smtp, to: str, subject: str, text: str, delivery_id: str) -> None:
    msg = email_message(smtp, to, subject, text, delivery_id)
    context = ssl.create_default_context()
    try:
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_s, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
        with client:
            client.ehlo()
            if smtp.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if smtp.username:
                _login(client, smtp.username, smtp.password)
            refused = client.send_message(msg, from_addr=parseaddr(smtp.sender)[1], to_addrs=[to])
            if refused:
                code, reason = next(iter(refused.values()))
                raise SendFailed(f"the SMTP server refused the recipient: {code} {_text(reason)}", code >= 500)
    except SendFailed:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailed(f"the SMTP server refused the user name or password: {exc.smtp_code} "
                         f"{_text(exc.smtp_error)}", permanent=True) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise SendFailed(f"the SMTP server does not offer what the settings ask ({exc})", permanent=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        code, reason = next(iter(exc.recipients.values()))
        raise SendFailed(f"the SMTP server refused the recipient: {code} {_text(reason)}", code >= 500) from None
    except smtplib.SMTPResponseException as exc:
        raise SendFailed(f"the SMTP server answered {exc.smtp_code} {_text(exc.smtp_error)}",
                         exc.smtp_code >= 500) from None
    except ssl.SSLCertVerificationError as exc:
        raise SendFailed(f"the SMTP server's certificate is not trusted: {exc.verify_message}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"the SMTP server {smtp.address} cannot be reached: {_oserror(exc)}") from None


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib's login, except for a user name or password that is not ASCII (smtplib encodes its AUTH as ASCII):
    then AUTH PLAIN with UTF-8, as RFC 4616 has it (a Vietnamese password)."""
    if (username + password).isascii():
        client.login(username, password)
        return
    if not client.has_extn("auth") or "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        raise SendFailed("the SMTP server does not take a non-ASCII password (no AUTH PLAIN)", permanent=True)
    token = base64.b64encode(b"\0" + username.encode() + b"\0" + password.encode()).decode()
    code, reply = client.docmd("AUTH", "PLAIN " + token)
    if code == 235:
        return
    if code in (454, 421):
        raise smtplib.SMTPResponseException(code, reply)
    raise smtplib.SMTPAuthenticationError(code, reply)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>``: what X-IOC-Signature carries."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_body(delivery_id: str, alert: dict, to: str, text: str, link: str, at: float) -> bytes:
    return json.dumps({"id": delivery_id, "alert": alert, "to": to, "text": text, "link": link, "at": at},
                      ensure_ascii=False, separators=(",", ":")).encode()


def send_webhook(gateway: Gateway, body: bytes, delivery_id: str, session: requests.Session | None = None) -> None:
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
               "X-IOC-Timestamp": stamp, "X-IOC-Signature": signature(gateway.secret, stamp, body),
               "X-IOC-Delivery": delivery_id}
    try:
        r = (session or requests).post(gateway.url, data=body, headers=headers, timeout=gateway.timeout_s,
                                       allow_redirects=False)
    except requests.RequestException as exc:
        raise SendFailed(f"the gateway '{gateway.name}' cannot be reached: {type(exc).__name__}") from None
    if 200 <= r.status_code < 300:
        return
    reason = f"the gateway '{gateway.name}' answered {r.status_code} {_text(r.reason or '')}"
    permanent = 400 <= r.status_code < 500 and r.status_code not in (408, 429)
    raise SendFailed(reason, permanent)


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(str(value).split())[:200]


def _oserror(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    return _text(getattr(exc, "strerror", None) or exc) or type(exc).__name__



