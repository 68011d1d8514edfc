"""The share-out on a plain-HTTP listener of its own (``--share-plain-port``), for meeting-room codecs and phones
that will not accept the wall's self-signed certificate. It serves the share routes a viewer opens (the page, its
info, the newest picture, the MJPEG stream) with their token in the address (``?token=``: a share or viewer token,
which opens nothing but the shared picture) and nothing else: every other route answers 404, a token in a header
is ignored (a console's token never travels in clear), and the event stream answers 401. The control API itself
stays on HTTPS.

    ApiServer(ShareOnly(api), bind, port)     # beside ApiServer(api, bind, api_port, ssl_context=...)
"""

from __future__ import annotations

import re

from ioc_core.api.routes import PREFIX, Api, Response, refusal

SHARE_ROUTES = re.compile(re.escape(PREFIX) + r"/share(/info|/frame\.jpg|/stream\.mjpg)?")


class _NoAuthorization:
    """Request headers without ``Authorization``."""

    def __init__(self, headers):
        self._headers = headers

    def get(self, name: str, default=None):
        return default if name.lower() == "authorization" else self._headers.get(name, default)


class ShareOnly:
    """``api`` as the plain listener serves it; everything else (its bus, limits, port) is the API's own."""

    def __init__(self, api: Api):
        self._api = api

    def __getattr__(self, name: str):
        return getattr(self._api, name)

    def authenticate(self, headers):  # the event stream (and anything else asking who this is): nobody
        return None

    def pool_for(self, headers):  # a token in a header is ignored here: the share pool answers
        return None

    def handle(self, method: str, path: str, query: str, headers, body: bytes) -> Response:
        if method not in ("GET", "HEAD") or not SHARE_ROUTES.fullmatch(path):
            return refusal(404, f"this listener serves only the share-out ({PREFIX}/share); the control API is on "
                                "HTTPS")
        return self._api.handle(method, path, query, _NoAuthorization(headers), body)
