"""CKAN DataStore (provincial open-data portals): ``datastore_search`` page by page into observations."""

from __future__ import annotations

import json

import requests

from wall.sources.base import FetchResult, Source, SourceFormatError, Timeouts, get_json, register
from wall.sources.mapping import RecordMapping

MAX_PAGES = 200


@register
class CkanSource(Source):
    kind = "ckan"

    def __init__(self, id: str, base_url: str, resource_id: str, mapping: dict, filters: dict | None = None,
                 page_size: int = 1000, timeouts: Timeouts | None = None):
        super().__init__(id, timeouts)
        self.url = base_url.rstrip("/") + "/api/3/action/datastore_search"
        self.resource_id = resource_id
        self.filters = filters or {}
        self.page_size = min(page_size, 32000)  # CKAN's own maximum
        self.mapping = RecordMapping.from_json({**mapping, "records": ""})

    def fetch(self, session: requests.Session) -> list:
        records: list = []
        for page in range(MAX_PAGES):
            params = {"resource_id": self.resource_id, "limit": self.page_size, "offset": page * self.page_size}
            if self.filters:
                params["filters"] = json.dumps(self.filters, ensure_ascii=False)
            doc = get_json(session, self.url, self.timeouts, params=params)
            if not isinstance(doc, dict) or doc.get("success") is not True:
                err = doc.get("error") if isinstance(doc, dict) else None
                why = err.get("message") if isinstance(err, dict) and err.get("message") else repr(err or doc)
                raise SourceFormatError(f"CKAN refused datastore_search: {why[:120]}")
            result = doc.get("result")
            if not isinstance(result, dict) or not isinstance(result.get("records"), list):
                raise SourceFormatError("CKAN answer has no result.records list")
            records.extend(result["records"])
            total = result.get("total")
            if not result["records"] or (isinstance(total, int) and len(records) >= total):
                return records
        raise SourceFormatError(f"CKAN resource has more than {MAX_PAGES} pages of {self.page_size}")

    def parse(self, raw: list) -> FetchResult:
        return self.mapping.apply(raw, self.id)
