"""A wall's identity on the LAN: its own key and self-signed certificate, made at its first start and kept in its
state folder (the key 0600, both written atomically), reused at every later start. The API is served over TLS with
them; consoles pin the certificate's SHA-256 fingerprint at first connection (operator_console/pinning.py), as SSH
does with a host key, so nothing needs a certificate authority in a control room.

The fingerprint is not a secret: the wall logs it at start and advertises it on the LAN (``fp=`` in the mDNS TXT
record, ioc_core/api/discovery.py) for the technician to compare with what a console shows. It is never in an API
answer: a console must not learn it over the connection it is verifying.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ioc_core.jsonfile import write_bytes_atomic

log = logging.getLogger(__name__)

CERT_FILE = "api-cert.pem"
KEY_FILE = "api-key.pem"
VALID_DAYS = 3650  # ten years: a wall's identity changes only when a technician removes the files


def fingerprint_of(der: bytes) -> str:
    """The SHA-256 of a certificate (DER) as 64 lowercase hex digits: the pinned form (urllib3's
    ``assert_fingerprint`` takes it as is)."""
    return hashlib.sha256(der).hexdigest()


def shown(fingerprint: str) -> str:
    """``SHA256:AB:CD:…``: how a person reads it, the same on the wall's log and on the console."""
    hexdigits = normalised(fingerprint).upper()
    return "SHA256:" + ":".join(hexdigits[i:i + 2] for i in range(0, len(hexdigits), 2))


def normalised(fingerprint: str) -> str:
    """A fingerprint as typed or copied (``SHA256:AB:CD…``, spaces, upper case) in the pinned form; "" when it is
    not a SHA-256 fingerprint."""
    text = fingerprint.strip()
    if text.upper().startswith("SHA256:"):
        text = text[7:]
    text = "".join(ch for ch in text if ch not in ": ").lower()
    return text if len(text) == 64 and all(ch in "0123456789abcdef" for ch in text) else ""


@dataclass(frozen=True)
class Identity:
    cert_path: Path
    key_path: Path
    fingerprint: str  # fingerprint_of the certificate

    def ssl_context(self) -> ssl.SSLContext:
        """A server context with the certificate chain loaded (TLS 1.2 at least)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.cert_path, self.key_path)
        return context


def load_or_make(state_dir: Path, name: str, hosts: Iterable[str] = ()) -> Identity:
    """The wall's identity from ``state_dir``, made there first when it has none. ``hosts``: names and addresses
    the wall serves on, for the certificate's subject alternative names (consoles pin the fingerprint, so these only
    help a person reading the certificate). A pair that cannot be used (a half-written copy from another tool, a key
    that does not match) is replaced, loudly: consoles that pinned the old one will refuse the new one."""
    cert_path, key_path = Path(state_dir) / CERT_FILE, Path(state_dir) / KEY_FILE
    if cert_path.exists() and key_path.exists():
        try:
            identity = Identity(cert_path, key_path, fingerprint_of(_der(cert_path.read_bytes())))
            identity.ssl_context()  # the key matches the certificate
            return identity
        except (ValueError, OSError, ssl.SSLError) as exc:
            log.error("the wall's certificate in %s cannot be used (%s): a new one is made; consoles that trusted "
                      "the old one will refuse this wall until their operators trust the new one", state_dir, exc)
    cert_pem, key_pem = make_certificate(name, hosts)
    write_bytes_atomic(key_path, key_pem, 0o600)  # the key first: a certificate never names a key not written
    write_bytes_atomic(cert_path, cert_pem, 0o644)
    log.info("a new certificate for this wall in %s", cert_path)
    return Identity(cert_path, key_path, fingerprint_of(_der(cert_pem)))


def make_certificate(name: str, hosts: Iterable[str] = (), days: int = VALID_DAYS) -> tuple[bytes, bytes]:
    """A self-signed certificate and its EC P-256 key, both PEM: subject ``name``, alternative names ``hosts``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, (name or "ioc-wall")[:64]),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "IOC Wall")])
    alternative: list[x509.GeneralName] = []
    for host in dict.fromkeys(h for h in hosts if h):
        try:
            alternative.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            if host.isascii():
                alternative.append(x509.DNSName(host))
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    if alternative:
        builder = builder.add_extension(x509.SubjectAlternativeName(alternative), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def served_hosts(bind: str) -> list[str]:
    """What the wall answers on: its host name (and ``.local``), the bind address or, bound to every interface,
    the LAN address, and this PC's loopback."""
    hostname = socket.gethostname()
    hosts = [hostname, f"{hostname}.local", "localhost", "127.0.0.1"]
    if bind and bind != "0.0.0.0":
        hosts.append(bind)
    else:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the LAN interface
                hosts.append(s.getsockname()[0])
        except OSError:
            pass
    return hosts


def _der(pem: bytes) -> bytes:
    return ssl.PEM_cert_to_DER_cert(pem.decode("ascii"))
