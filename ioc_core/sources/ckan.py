"""CKAN DataStore (provincial open-data portals): ``datastore_search`` page by page, the ``ckan`` kind from before
the pipeline, kept for existing sources files and code; the ``http`` pipeline with CKAN paging underneath."""

from __future__ import annotations

from ioc_core.sources.base import Timeouts, register
from ioc_core.sources.pipeline import HttpSource, from_legacy


@register
class CkanSource(HttpSource):
    kind = "ckan"

    def __init__(self, id: str, base_url: str, resource_id: str, mapping: dict, filters: dict | None = None,
                 page_size: int = 1000, timeouts: Timeouts | None = None, api_key: dict | None = None,
                 catalogue=None):
        entry = {"id": id, "kind": self.kind, "base_url": base_url, "resource_id": resource_id, "mapping": mapping,
                 "page_size": min(page_size, 32000)}
        if filters:
            entry["filters"] = filters
        if api_key:
            entry["api_key"] = api_key
        from_legacy(self, entry, timeouts, catalogue)
