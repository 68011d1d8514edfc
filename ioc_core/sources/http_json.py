"""The ``http_json`` kind from before the pipeline: one GET, bearer token from the environment, a mapping.

Kept so that existing sources files and code go on working; it is the ``http`` pipeline underneath
(ioc_core/sources/pipeline.py), with its deadline, size limit, redirect rules and worded faults.
"""

from __future__ import annotations

from ioc_core.sources.base import Timeouts, register
from ioc_core.sources.pipeline import HttpSource, from_legacy


@register
class HttpJsonSource(HttpSource):
    kind = "http_json"

    def __init__(self, id: str, url: str, mapping: dict, params: dict | None = None, bearer_env: str | None = None,
                 timeouts: Timeouts | None = None, catalogue=None):
        entry = {"id": id, "kind": self.kind, "url": url, "mapping": mapping}
        if params:
            entry["params"] = params
        if bearer_env:
            entry["bearer_env"] = bearer_env
        from_legacy(self, entry, timeouts, catalogue)
