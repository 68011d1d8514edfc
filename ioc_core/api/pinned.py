"""HTTPS to a server known by its certificate's fingerprint (Qt-free): a wall's API seen from a console, a hub's
API seen from a wall. Each such server's certificate is its own, self-signed; the pin is the check."""

from __future__ import annotations

from requests.adapters import HTTPAdapter


class PinnedAdapter(HTTPAdapter):
    """HTTPS connections that go on only when the server's certificate has this SHA-256 fingerprint (urllib3's
    own check, done right after the handshake, before a byte of the request); the certificate chain and host name
    are not asked for: the server's certificate is its own, self-signed."""

    def __init__(self, fingerprint: str):
        self.fingerprint = fingerprint
        super().__init__()

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        super().init_poolmanager(connections, maxsize, block, assert_fingerprint=self.fingerprint, **pool_kwargs)
