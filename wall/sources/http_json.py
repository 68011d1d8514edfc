"""A generic HTTP JSON source: one GET, a declarative mapping from the answer to observations."""

from __future__ import annotations

import os

import requests

from wall.sources.base import FetchResult, Source, SourceError, Timeouts, get_json, register
from wall.sources.mapping import RecordMapping


@register
class HttpJsonSource(Source):
    kind = "http_json"

    def __init__(self, id: str, url: str, mapping: dict, params: dict | None = None,
                 bearer_env: str | None = None, timeouts: Timeouts | None = None):
        super().__init__(id, timeouts)
        self.url = url
        self.params = params or {}
        self.mapping = RecordMapping.from_json(mapping)
        self.bearer_env = bearer_env  # the token lives in the environment, never in files or logs

    def _headers(self) -> dict:
        if not self.bearer_env:
            return {}
        token = os.environ.get(self.bearer_env)
        if not token:
            raise SourceError(f"token variable {self.bearer_env} is not set")
        return {"Authorization": f"Bearer {token}"}

    def fetch(self, session: requests.Session):
        return get_json(session, self.url, self.timeouts, params=self.params, headers=self._headers())

    def parse(self, raw) -> FetchResult:
        return self.mapping.apply(raw, self.id)
