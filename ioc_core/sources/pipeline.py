"""One declarative pipeline for a system reached over HTTP: request -> authentication -> format -> selection ->
transformation -> mapping to indicators (the store's validation comes after, on the writer thread).

    {"id": "lgsp-hcc", "kind": "http", "every_s": 300,
     "request": {"method": "POST", "url": "https://lgsp.tinh.gov.vn/hcc/1.0/thongke", "json": {"thang": 11},
                 "headers": {"groupId": "hcc"}, "deadline_s": 20, "max_bytes": 10485760},
     "auth": {"kind": "oauth2_client_credentials", "token_url": "https://lgsp.tinh.gov.vn/token",
              "client_id": {"env": "LGSP_KEY"}, "client_secret": {"secret": "lgsp-secret"}},
     "format": {"kind": "json"},
     "paging": {"kind": "ckan", "page_size": 1000},
     "mapping": {...}}                                            # ioc_core/sources/mapping.py

Every key is checked (an unknown one is a problem naming the file, the JSON path and the key); secrets are named,
never written here (ioc_core/sources/secrets.py). The whole fetch, every page included, ends within ``deadline_s``.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from typing import TYPE_CHECKING

import ijson
import requests
from jmespath.exceptions import JMESPathError

from ioc_core.catalogue import Catalogue
from ioc_core.sources.base import FetchResult, Source, SourceFormatError, SourceTimeout, Timeouts, register
from ioc_core.sources.formats import FormatSpec, decode
from ioc_core.sources.mapping import Mapping, _expr, apply_all, read_mappings
from ioc_core.sources.request import RequestSpec, SourceTooLarge, _size, send
from ioc_core.sources.secrets import Secrets
from ioc_core.sources.spec import Spec

if TYPE_CHECKING:
    from ioc_core.sources.auth import Auth

STREAM_FROM_BYTES = 1024 * 1024  # a JSON answer this large is read record by record
SOURCE_KEYS = ("id", "kind", "every_s", "request", "auth", "format", "paging", "mapping", "mappings", "sector")
PAGING_KINDS = ("ckan", "page", "offset")


class _Body:
    """A JSON answer kept as its bytes until the mapping reads it (``HttpSource.parse``)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data


class Paging:
    """Pages of records: CKAN's ``datastore_search`` (limit/offset, ``result.records``, ``result.total``), a Spring
    page (``page``/``size``, ``content``, ``last``) or a plain offset/limit pair."""

    def __init__(self, spec: Spec):
        spec.known(("kind", "page_size", "max_pages", "records", "total", "last", "page_param", "size_param",
                    "offset_param", "limit_param", "first_page"))
        self.kind = spec.text("kind", "ckan", choices=PAGING_KINDS)
        ckan = self.kind == "ckan"
        self.page_size = spec.integer("page_size", 1000 if ckan else 100, minimum=1, maximum=32000)
        self.max_pages = spec.integer("max_pages", 200, minimum=1, maximum=10000)
        self.records_text = spec.text("records", "result.records" if ckan else "content") or "@"
        self.total = _expr(spec, "total", spec.text("total", "result.total" if ckan else "totalElements") or "@")
        self.last = _expr(spec, "last", spec.text("last", "last") or "last")
        self.records = _expr(spec, "records", self.records_text)
        self.page_param = spec.text("page_param", "page")
        size = spec.text("size_param", "limit" if self.kind != "page" else "size")
        self.size_param = spec.text("limit_param", size) if self.kind != "page" else size  # limit_param: its name
        self.offset_param = spec.text("offset_param", "offset")
        self.first_page = spec.integer("first_page", 0, minimum=0)

    def query(self, n: int, offset: int = 0) -> dict[str, str]:
        """Page ``n``'s query; an offset is the number of records received so far (a portal that answers fewer
        than asked, CKAN capped by its rows_max, is then read on from where it stopped)."""
        if self.kind == "page":
            return {self.page_param: str(self.first_page + n), self.size_param: str(self.page_size)}
        return {self.offset_param: str(offset), self.size_param: str(self.page_size)}

    def collect(self, fetch_page) -> list:
        """All records, page by page, as one list (the mapping then reads it with records "@")."""
        records: list = []
        previous = None
        for n in range(self.max_pages):
            doc = fetch_page(self.query(n, len(records)))
            if isinstance(doc, dict) and doc.get("success") is False and self.kind == "ckan":
                err = doc.get("error")
                why = err.get("message") if isinstance(err, dict) and err.get("message") else repr(err)
                raise SourceFormatError(f"CKAN refused the query: {str(why)[:120]}")
            try:
                page, total = self.records(doc), self.total(doc)
                last = self.kind == "page" and self.last(doc) is True
            except (JMESPathError, TypeError) as exc:  # jmespath comparing a text with a number raises TypeError
                raise SourceFormatError(f"page {n + 1}: paging's expressions cannot be read from it "
                                        f"({str(exc).splitlines()[0][:100]})") from None
            if not isinstance(page, list):
                raise SourceFormatError(f"page {n + 1} has no list of records at '{self.records_text}'")
            if page and page == previous:  # the same records again: the system ignores the paging parameter
                param = self.page_param if self.kind == "page" else self.offset_param
                raise SourceFormatError(f"page {n + 1} repeats page {n}: the system does not page by '{param}' "
                                        "(set paging's parameter names, or leave paging out)")
            previous = page
            records.extend(page)
            total = total if isinstance(total, int) and not isinstance(total, bool) else None
            if not page or (total is not None and len(records) >= total):
                return records
            if last:
                return records
            if len(page) < self.page_size and (total is None or self.kind == "page"):
                return records  # a short page is the last, unless the total says more are to come
        raise SourceFormatError(f"more than {self.max_pages} pages of {self.page_size} records")


@register
class HttpSource(Source):
    kind = "http"

    def __init__(self, id: str, request: RequestSpec, mappings: list[Mapping], auth: Auth | None = None,
                 fmt: FormatSpec | None = None, paging: Paging | None = None):
        super().__init__(id, Timeouts(connect=request.connect_s, read=request.deadline_s))
        self.request, self.auth, self.paging = request, auth, paging
        self.format = fmt or FormatSpec()
        self.mappings = mappings
        self.url = request.url  # what --check shows (scheme://host only)

    @classmethod
    def from_spec(cls, spec: Spec, catalogue: Catalogue | None, secrets: Secrets | None = None) -> HttpSource:
        """Build from a sources-file entry; every problem goes to ``spec.problems`` (raise_problems to stop)."""
        from ioc_core.sources.auth import read_auth

        spec.known(SOURCE_KEYS)
        request_spec = spec.sub("request", required=True)
        request = RequestSpec.read(request_spec) if request_spec is not None else None
        auth = read_auth(spec.sub("auth"), secrets or Secrets())
        fmt = FormatSpec.read(spec.sub("format"))
        paging_spec = spec.sub("paging")
        paging = Paging(paging_spec) if paging_spec is not None else None
        mappings = read_mappings(spec, catalogue)
        for m in mappings:
            m.numbers_as(fmt.decimal)  # "format": {"decimal": ","} is for the mapping's text numbers
        if paging is not None and fmt.kind != "json":
            spec.problem("paging needs a JSON answer", "paging")
        spec.raise_problems()
        if paging is not None:  # the pages' records are gathered into one list for the mapping
            for m in mappings:
                if m.records_label not in ("@", ""):
                    spec.problem("with paging, the records are the pages' records: leave 'records' out of the "
                                 "mapping (set paging.records instead)", "mapping")
            spec.raise_problems()
        return cls(spec.raw("id"), request, mappings, auth, fmt, paging)

    def budget_s(self) -> float:
        return self.request.deadline_s

    def fetch(self, session: requests.Session):
        if self.paging is None:
            answer = send(session, self.request, self.auth)
            body = answer.body
            if self._streamable(body):
                return _Body(body)  # read record by record in parse: the whole document is never held
            try:
                return decode(body, self.format, self._where())
            except SourceFormatError as exc:  # its snippet of the answer may echo the key sent
                raise SourceFormatError(answer.scrub(str(exc))) from None
        deadline = time.monotonic() + self.request.deadline_s
        limit, held = self.request.max_bytes, 0  # the pages together: their records are held together

        def page(query: dict[str, str]):
            nonlocal held
            left = deadline - time.monotonic()
            if left <= 0:
                raise SourceTimeout(f"the pages from {self._where()} took longer than {self.request.deadline_s:g} s")
            too_large = SourceTooLarge(f"the pages from {self._where()} are larger than {_size(limit)} together "
                                       "(limit max_bytes)")
            if held >= limit:
                raise too_large
            spec = replace(self.request.merged(query=query), deadline_s=left, max_bytes=limit - held)
            try:
                answer = send(session, spec, self.auth)
            except SourceTooLarge:
                raise too_large from None
            held += len(answer.body)
            return answer.json()

        return self.paging.collect(page)

    def parse(self, raw) -> FetchResult:
        if isinstance(raw, _Body):
            return self._stream(raw)
        return apply_all(self.mappings, raw, self.id)

    def _streamable(self, body: bytes) -> bool:
        return (len(body) >= STREAM_FROM_BYTES and self.format.kind == "json" and len(self.mappings) == 1
                and self.mappings[0].plain_records is not None)

    def _stream(self, body: _Body) -> FetchResult:
        """A large JSON answer mapped as ijson reads its records: peak memory is the answer and the values, not the
        answer's whole document as Python objects (about five times its size)."""
        mapping = self.mappings[0]
        prefix = ".".join(p for p in (mapping.plain_records, "item") if p)
        items = ijson.items(body.data, prefix, use_float=True)
        try:
            result = mapping.apply_records(items, self.id)
        except ijson.JSONError as exc:
            raise SourceFormatError(f"{self._where()}: not JSON ({str(exc)[:80]})") from None
        if not result.observations and not result.rejected:  # nothing there: the whole answer says why
            return apply_all(self.mappings, decode(body.data, self.format, self._where()), self.id)
        return result

    def _where(self) -> str:
        from ioc_core.sources.base import _host

        return _host(self.request.url)


def legacy_entry(entry: dict) -> dict:
    """An ``http_json`` or ``ckan`` entry from before the pipeline, as the ``http`` entry that does the same.

    Their keys keep working; a technician may move to the new form at leisure."""
    kind = entry.get("kind")
    out = {k: entry[k] for k in ("id", "every_s", "mapping", "mappings", "sector") if k in entry}
    out["kind"] = "http"
    timeout = entry.get("timeout") if isinstance(entry.get("timeout"), dict) else {}
    request: dict = {}
    if "timeout" in entry and not isinstance(entry["timeout"], dict):  # named by the check, not dropped
        timeout = {"connect": entry["timeout"]}
    for key in set(timeout) - {"connect", "read"}:
        request[f"timeout.{key}"] = timeout[key]  # an unknown key, named as written
    if "connect" in timeout:  # a wrong type goes on to the request's check, which names it
        request["connect_s"] = timeout["connect"]
    if "read" in timeout:
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in timeout.values())
        request["deadline_s"] = timeout["read"] + request.get("connect_s", 3) if numbers else timeout["read"]
    unknown = set(entry) - {"id", "kind", "every_s", "mapping", "mappings", "sector", "timeout"}
    if kind == "http_json":
        unknown -= {"url", "params", "bearer_env", "headers", "auth", "method", "format"}
        request.update({k: entry[k] for k in ("url", "headers", "method") if k in entry})
        if "params" in entry:
            request["query"] = entry["params"]
        if "bearer_env" in entry:
            out["auth"] = {"kind": "bearer", "token": {"env": entry["bearer_env"]}}
        for k in ("auth", "format"):
            if k in entry:
                out[k] = entry[k]
    elif kind == "ckan":
        if isinstance(out.get("mapping"), dict):  # its records were always the pages' records
            out["mapping"] = {k: v for k, v in out["mapping"].items() if k != "records"}
        unknown -= {"base_url", "resource_id", "filters", "page_size", "api_key", "auth"}
        base = entry.get("base_url")
        request["url"] = (base.rstrip("/") if isinstance(base, str) else "") + "/api/3/action/datastore_search"
        request["query"] = {"resource_id": entry.get("resource_id")}
        if entry.get("filters"):
            request["query"]["filters"] = json.dumps(entry["filters"], ensure_ascii=False)
        out["paging"] = {"kind": "ckan", **({"page_size": entry["page_size"]} if "page_size" in entry else {})}
        if "api_key" in entry:  # {"env": ...} or {"secret": ...}: CKAN takes it in the Authorization header
            out["auth"] = {"kind": "api_key", "header": "Authorization", "key": entry["api_key"]}
        if "auth" in entry:
            out["auth"] = entry["auth"]
    for k in unknown:  # kept, so that the pipeline's check names them
        out[k] = entry[k]
    out["request"] = request
    return out


def from_legacy(source: HttpSource, entry: dict, timeouts: Timeouts | None, catalogue: Catalogue | None) -> None:
    """Fill a legacy-kind source built from keyword arguments as the pipeline builds its entry (InvalidFile if bad)."""
    if timeouts is not None:
        entry["timeout"] = {"connect": timeouts.connect, "read": timeouts.read}
    built = HttpSource.from_spec(Spec(legacy_entry(entry), "<source>"), catalogue)
    HttpSource.__init__(source, built.id, built.request, built.mappings, built.auth, built.format, built.paging)
