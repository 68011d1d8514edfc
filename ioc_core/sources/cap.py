"""CAP 1.2 alerts (OASIS Common Alerting Protocol): typhoon, flood and weather warnings for the wall's alert book.

    {"id": "kttv-cap", "kind": "cap", "every_s": 120, "url": "https://canhbao.example.gov.vn/cap/atom.xml",
     "language": "vi-VN", "areas": "province", "area_codes": ["VN-22"], "link_hosts": ["cap.example.gov.vn"],
     "max_entries": 50, "sector": "moitruong", "deadline_s": 20, "max_bytes": 2000000}

``url`` is an Atom or RSS feed whose entries link to (or embed) one CAP message each, a single CAP ``<alert>``, or a
document holding a list of them. Linked messages are fetched under the same deadline as the feed; a link to another
host than the feed's is followed only when that host is listed in ``link_hosts``. ``language`` is the preferred info
block (then "vi", then "en", then the first). ``areas``: "all" (default) keeps every alert; "province" keeps those
whose polygon or circle touches the province outline of the map data, whose geocode is the province's code or name
(or one of ``area_codes``), or whose area description names the province. Only ``status`` Actual messages are kept
(exercises, tests and drafts never reach a wall). ``auth`` (optional, the kinds of ioc_core/sources/auth.py) is for a
feed behind a gateway: its credentials go to the feed's own host only. ``sector`` is the alert book's sector for
these alerts (default "moitruong").

XML is read with defusedxml: a document that declares entities (XXE, billion laughs) is refused, not expanded. One
bad entry (malformed, refused, unreachable) is reported in ``rejected`` and the others are still taken.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import requests
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ioc_core.fmt import TZ
from ioc_core.problems import errors
from ioc_core.redact import redact
from ioc_core.sources.auth import read_auth
from ioc_core.sources.base import (
    FetchResult,
    Source,
    SourceError,
    SourceFormatError,
    SourceTimeout,
    Timeouts,
    _host,
    register,
)
from ioc_core.sources.request import RequestSpec, send
from ioc_core.sources.secrets import Secrets
from ioc_core.sources.spec import Spec

log = logging.getLogger(__name__)

CAP_NS = ("urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1")
ATOM_NS = "http://www.w3.org/2005/Atom"
MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
CAP_TYPES = ("application/cap+xml", "application/common-alerting-protocol+xml")
KEYS = ("url", "language", "areas", "area_codes", "link_hosts", "max_entries", "sector", "deadline_s", "max_bytes",
        "auth")
ACCEPT = "application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8"
KM_PER_DEG = 111.32

LatLon = tuple[float, float]


@dataclass(frozen=True)
class CapAlert:
    """One CAP message as the wall uses it: the chosen info block's words, every area's shapes. Times are epoch
    seconds (None when the message does not give them)."""

    identifier: str
    sender: str
    sent: float
    msg_type: str  # Alert | Update | Cancel | Ack | Error
    references: tuple[tuple[str, str, str], ...] = ()  # (sender, identifier, sent) of earlier messages
    event: str = ""
    urgency: str = "Unknown"
    severity: str = "Unknown"
    certainty: str = "Unknown"
    headline: str = ""
    description: str = ""
    instruction: str = ""
    effective: float | None = None
    onset: float | None = None
    expires: float | None = None
    area_desc: str = ""
    polygons: tuple[tuple[LatLon, ...], ...] = ()  # closed rings of (lat, lon), as CAP writes them
    circles: tuple[tuple[float, float, float], ...] = ()  # (lat, lon, radius_km)
    geocodes: tuple[tuple[str, str], ...] = ()  # (valueName, value)
    language: str = ""
    web: str = ""
    headline_en: str = ""  # the English info block's, when there is one besides the chosen one
    event_en: str = ""
    status: str = "Actual"

    @property
    def key(self) -> str:
        """How other messages reference this one (CAP's sender and identifier)."""
        return ref_key(self.sender, self.identifier)

    @property
    def reference_keys(self) -> tuple[str, ...]:
        return tuple(ref_key(s, i) for s, i, _ in self.references)


def ref_key(sender: str, identifier: str) -> str:
    return f"{sender},{identifier}"


class CapRefused(ValueError):
    """One CAP message or feed entry cannot be used; the message says why (shown as a rejected row)."""


@dataclass
class CapBundle:
    """What ``fetch`` brings: the feed's bytes and the bytes (or the error) of each linked document it fetched."""

    url: str
    body: bytes
    linked: dict[str, bytes | str] = field(default_factory=dict)  # url -> bytes, or why it was not fetched


# -- reading XML ------------------------------------------------------------------------------------------------
def read_xml(data: bytes, where: str) -> Element:
    """Parse with entity declarations and external references refused (defusedxml)."""
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise CapRefused(f"{where}: XML refused ({type(exc).__name__}: entity declarations are not allowed)") from None
    except ParseError as exc:
        raise CapRefused(f"{where}: not well-formed XML ({exc})") from None
    except LookupError as exc:  # <?xml ... encoding="TCVN3"?>: a code page Python does not know
        raise CapRefused(f"{where}: XML in an encoding this wall cannot read ({exc})") from None


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _is_cap_alert(el: Element) -> bool:
    return _local(el.tag) == "alert" and (_ns(el.tag) in CAP_NS or (not _ns(el.tag) and _child(el, "identifier")
                                                                     is not None))


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _text(el: Element, name: str, default: str = "") -> str:
    c = _child(el, name)
    return (c.text or "").strip() if c is not None and c.text else default


def _time(text: str, what: str) -> float | None:
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CapRefused(f"'{what}' is not a date-time: {text[:40]!r}") from None
    if dt.tzinfo is None:  # CAP requires an offset; a service that leaves it out writes local time
        dt = dt.replace(tzinfo=TZ)
    return dt.timestamp()


def _lang_primary(lang: str) -> str:
    return lang.split("-", 1)[0].strip().lower()


def pick_info(infos: list[Element], preferred: str = "vi-VN") -> Element | None:
    """The preferred language's info block, then its primary language's, then Vietnamese, English, the first."""
    if not infos:
        return None
    langs = [(_text(i, "language") or "en-US").lower() for i in infos]
    want = preferred.lower()
    for test in (lambda lang: lang == want, lambda lang: _lang_primary(lang) == _lang_primary(want),
                 lambda lang: _lang_primary(lang) == "vi", lambda lang: _lang_primary(lang) == "en"):
        for info, lang in zip(infos, langs, strict=True):
            if test(lang):
                return info
    return infos[0]


def _point(text: str, what: str) -> LatLon:
    try:
        lat_s, lon_s = text.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise CapRefused(f"{what}: {text[:30]!r} is not 'lat,lon'") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CapRefused(f"{what}: {text[:30]!r} is outside -90..90, -180..180")
    return lat, lon


def parse_polygon(text: str) -> tuple[LatLon, ...]:
    """CAP's "lat,lon lat,lon ..." ring: at least four points, the first repeated last (closed here if it is not)."""
    pts = [_point(p, "polygon") for p in text.split()]
    if pts and pts[0] != pts[-1]:
        pts.append(pts[0])
    if len(pts) < 4:
        raise CapRefused(f"polygon: {len(pts)} points, a closed ring needs at least 4")
    return tuple(pts)


def parse_circle(text: str) -> tuple[float, float, float]:
    """CAP's "lat,lon radius" (radius in km)."""
    parts = text.split()
    if len(parts) != 2:
        raise CapRefused(f"circle: {text[:40]!r} is not 'lat,lon radius'")
    lat, lon = _point(parts[0], "circle")
    try:
        radius = float(parts[1])
    except ValueError:
        raise CapRefused(f"circle: radius {parts[1][:20]!r} is not a number") from None
    if radius < 0:
        raise CapRefused(f"circle: radius {radius:g} is negative")
    return lat, lon, radius


def read_alert(el: Element, language: str = "vi-VN") -> CapAlert:
    """A CapAlert from a CAP ``<alert>`` element; CapRefused names what is missing or wrong."""
    values = {name: _text(el, name) for name in ("identifier", "sender", "sent", "status", "msgType")}
    missing = [k for k, v in values.items() if not v]
    if missing:
        raise CapRefused(f"CAP alert {values['identifier'] or '?'}: missing {', '.join(missing)}")
    where = f"CAP alert {values['identifier'][:60]}"
    if values["msgType"] not in MSG_TYPES:
        raise CapRefused(f"{where}: msgType '{values['msgType'][:20]}' is not one of {', '.join(MSG_TYPES)}")
    try:
        sent = _time(values["sent"], "sent")
        refs = []
        words = _text(el, "references").split()
        for word in words:
            parts = word.split(",")
            if len(parts) != 3:
                raise CapRefused(f"reference {word[:60]!r} is not 'sender,identifier,sent'")
            refs.append((parts[0], parts[1], parts[2]))
        if values["msgType"] in ("Update", "Cancel") and not refs:
            raise CapRefused(f"an {values['msgType']} must name the message it changes in <references>")
        infos = _children(el, "info")
        info = pick_info(infos, language)
        if info is None:
            if values["msgType"] in ("Alert", "Update"):
                raise CapRefused("no <info> block")
            return CapAlert(values["identifier"], values["sender"], sent, values["msgType"], tuple(refs),
                            status=values["status"])
        english = next((i for i in infos if _lang_primary(_text(i, "language") or "en-US") == "en"), None)
        areas = _children(info, "area") or next((_children(i, "area") for i in infos if _children(i, "area")), [])
        polygons, circles, geocodes, descs = [], [], [], []
        for area in areas:
            if desc := _text(area, "areaDesc"):
                descs.append(desc)
            polygons += [parse_polygon(p.text or "") for p in _children(area, "polygon")]
            circles += [parse_circle(c.text or "") for c in _children(area, "circle")]
            geocodes += [(_text(g, "valueName"), _text(g, "value")) for g in _children(area, "geocode")]
        return CapAlert(
            identifier=values["identifier"], sender=values["sender"], sent=sent, msg_type=values["msgType"],
            references=tuple(refs), event=_text(info, "event"),
            urgency=_word(_text(info, "urgency"), URGENCIES), severity=_word(_text(info, "severity"), SEVERITIES),
            certainty=_word(_text(info, "certainty"), CERTAINTIES), headline=_text(info, "headline"),
            description=_text(info, "description"), instruction=_text(info, "instruction"),
            effective=_time(_first(info, infos, "effective"), "effective"),
            onset=_time(_first(info, infos, "onset"), "onset"),
            expires=_time(_first(info, infos, "expires"), "expires"), area_desc="; ".join(descs),
            polygons=tuple(polygons), circles=tuple(circles), geocodes=tuple(geocodes),
            language=_text(info, "language") or "en-US", web=_text(info, "web"),
            headline_en=_text(english, "headline") if english is not None else "",
            event_en=_text(english, "event") if english is not None else "", status=values["status"],
        )
    except CapRefused as exc:
        raise CapRefused(f"{where}: {exc}") from None


def _first(info: Element, infos: list[Element], name: str) -> str:
    """The chosen block's time, else another block's (a service may give expires in one language only)."""
    return _text(info, name) or next((t for i in infos if (t := _text(i, name))), "")


def _word(value: str, known: tuple[str, ...]) -> str:
    """CAP's fixed words; an unknown one is "Unknown" (CAP 1.1's "Very Likely" is "Likely")."""
    if value == "Very Likely":
        return "Likely"
    return value if value in known else "Unknown"


# -- feeds -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One item of a feed: a CAP message embedded in it, or a link to one."""

    label: str  # for rejections: "entry 3 (urn:...)"
    alert: Element | None = None
    link: str | None = None
    stamp: str = ""  # the entry's updated/pubDate: a linked document fetched before with the same stamp is reused


def entries(root: Element, base_url: str = "", max_entries: int = 100) -> list[Entry]:
    """The CAP messages in a document: itself (a single alert), a list of alerts, or an Atom or RSS feed's
    entries (embedded, else linked)."""
    if _is_cap_alert(root):
        return [Entry("alert", root)]
    if _local(root.tag) == "feed":
        items = _children(root, "entry")
    elif _local(root.tag) in ("rss", "RDF"):
        channel = _child(root, "channel")
        items = _children(channel if channel is not None and _local(root.tag) == "rss" else root, "item")
    else:  # a list of CAP alerts in some wrapper
        found = [el for el in root.iter() if _is_cap_alert(el)]
        if not found:
            raise CapRefused(f"neither a CAP alert nor an Atom or RSS feed (root <{_local(root.tag)}>)")
        return [Entry(f"alert {i + 1}", el) for i, el in enumerate(found[:max_entries])]
    out = []
    for i, item in enumerate(items[:max_entries]):
        name = _text(item, "id") or _text(item, "guid") or _text(item, "title")
        label = f"entry {i + 1}" + (f" ({name[:80]})" if name else "")
        stamp = _text(item, "updated") or _text(item, "pubDate") or _text(item, "published")
        embedded = next((el for el in item.iter() if _is_cap_alert(el)), None)
        link = None if embedded is not None else _cap_link(item)
        out.append(Entry(label, embedded, urljoin(base_url, link) if link else None, stamp))
    return out


def _cap_link(item: Element) -> str | None:
    """A CAP-typed link or enclosure first, then the alternate link (Atom) or the item's link (RSS)."""
    links = _children(item, "link")
    for el in links + _children(item, "enclosure"):
        href = el.get("href") or el.get("url")
        if href and (el.get("type") or "").split(";")[0].strip().lower() in CAP_TYPES:
            return href
    for el in links:
        if el.get("href") and el.get("rel", "alternate") in ("alternate", "related"):
            return el.get("href")
        if not el.get("href") and (el.text or "").strip():  # RSS: <link>url</link>
            return el.text.strip()
    return None


# -- the province -----------------------------------------------------------------------------------------------
def _seg_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def _in_ring(ring, x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


class Province:
    """The province of the map data, for keeping only the alerts that concern it."""

    def __init__(self, area, codes: tuple[str, ...] = ()):
        self.area = area
        self.names = {n.casefold() for n in (area.code, area.name_vi, area.name_en, *codes) if n}
        self.rings = [tuple(ring) for poly in area.polygons for ring in poly]  # (lon, lat)

    def contains(self, lon: float, lat: float) -> bool:
        inside = False
        for ring in self.rings:
            if _in_ring(ring, lon, lat):
                inside = not inside
        return inside

    def touches_polygon(self, polygon: tuple[LatLon, ...]) -> bool:
        ring = tuple((lon, lat) for lat, lon in polygon)
        if any(self.contains(x, y) for x, y in ring):
            return True
        if any(_in_ring(ring, x, y) for r in self.rings for x, y in r):
            return True
        edges = list(zip(ring, ring[1:], strict=False))
        return any(_seg_cross(a, b, c, d) for r in self.rings for c, d in zip(r, r[1:], strict=False)
                   for a, b in edges)

    def touches_circle(self, lat: float, lon: float, radius_km: float) -> bool:
        if self.contains(lon, lat):
            return True
        kx = KM_PER_DEG * math.cos(math.radians(lat))
        for r in self.rings:
            for (x1, y1), (x2, y2) in zip(r, r[1:], strict=False):
                ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * KM_PER_DEG, (x2 - lon) * kx, (y2 - lat) * KM_PER_DEG
                dx, dy = bx - ax, by - ay
                t = max(0.0, min(1.0, -(ax * dx + ay * dy) / ((dx * dx + dy * dy) or 1e-12)))
                if math.hypot(ax + t * dx, ay + t * dy) <= radius_km:
                    return True
        return False

    def concerns(self, alert: CapAlert) -> bool:
        if alert.msg_type not in ("Alert", "Update"):
            return True  # a Cancel carries no area: it changes an alert already kept (or nothing)
        if any(value.casefold() in self.names for _, value in alert.geocodes):
            return True
        if any(self.touches_polygon(p) for p in alert.polygons):
            return True
        if any(self.touches_circle(*c) for c in alert.circles):
            return True
        desc = alert.area_desc.casefold()
        return any(name in desc for name in (self.area.name_vi.casefold(), self.area.name_en.casefold()) if name)


# -- the source -------------------------------------------------------------------------------------------------
@register
class CapSource(Source):
    kind = "cap"

    def __init__(self, id: str, timeouts: Timeouts | None = None, **settings):
        super().__init__(id, timeouts)
        spec = Spec(settings, "<sources>", ())
        self.read(spec)
        if errors(spec.problems):  # the sources file names the entry; the message names each key
            raise ValueError("; ".join(p.message for p in errors(spec.problems)))

    @classmethod
    def from_spec(cls, spec: Spec, catalogue=None, secrets=None) -> CapSource | None:
        """From a sources file's entry (id, kind, every_s, timeout and the settings above); None when ``spec``
        collected problems, each naming the file, the JSON path and the key."""
        before, timeouts = len(errors(spec.problems)), Timeouts()
        if (t := spec.sub("timeout")) is not None:
            timeouts = Timeouts.from_spec(t)
        source = cls.__new__(cls)
        Source.__init__(source, str(spec.raw("id", "")), timeouts)
        source.read(spec, also=("id", "kind", "every_s", "timeout"), secrets=secrets)
        return None if len(errors(spec.problems)) > before else source  # a warning (a secret not set yet) keeps it

    def read(self, spec: Spec, also: tuple[str, ...] = (), secrets=None) -> None:
        """The settings, every problem collected in ``spec`` (unknown keys, wrong types, a bad URL). ``auth`` (a
        feed behind a gateway, ioc_core/sources/auth.py) is sent to the feed's own host only, never to a linked one."""
        self._cache: dict[tuple[str, str], bytes] = {}  # (link, entry stamp) -> a linked document already fetched
        spec.known((*KEYS, *also))
        self.url = spec.text("url", required=True) or ""
        if self.url and urlsplit(self.url).scheme not in ("http", "https"):
            spec.problem(f"'url' must be an http or https address, found {redact(self.url)[:40]!r}", "url")
        self.language = spec.text("language", "vi-VN") or "vi-VN"
        self.areas = spec.text("areas", "all", choices=("all", "province"))
        self.area_codes = spec.texts("area_codes")
        self.link_hosts = tuple(h.lower() for h in spec.texts("link_hosts"))
        self.max_entries = spec.integer("max_entries", 50, minimum=1, maximum=500)
        self.sector = spec.text("sector", "moitruong") or "moitruong"
        self.deadline_s = spec.number("deadline_s", 20.0, minimum=0.5, maximum=300)
        self.max_bytes = spec.integer("max_bytes", 2_000_000, minimum=1000, maximum=50_000_000)
        self.auth = None
        if (auth := spec.sub("auth")) is not None:
            self.auth = read_auth(auth, secrets or Secrets())
        self.province: Province | None = None
        if self.areas == "province":
            from ioc_core.catalogue import mapdata
            from ioc_core.problems import InvalidFile

            try:
                self.province = Province(mapdata.load_outline().province, self.area_codes)
            except InvalidFile as exc:
                spec.problem(f"'areas': 'province' needs the map's province outline, which is unusable: {exc}",
                             "areas")

    def budget_s(self) -> float:
        """The longest a fetch may take, linked documents included."""
        return self.deadline_s

    # -- fetching ---------------------------------------------------------------------------------------
    def fetch(self, session: requests.Session) -> CapBundle:
        deadline = time.monotonic() + self.deadline_s
        body = self._get(session, self.url, deadline)
        try:
            found = entries(read_xml(body, _host(self.url)), self.url, self.max_entries)
        except CapRefused as exc:
            raise SourceFormatError(str(exc)) from None
        bundle, cache = CapBundle(self.url, body), {}
        for entry in found:
            if entry.link is None or entry.link in bundle.linked:
                continue
            key = (entry.link, entry.stamp)
            if entry.stamp and key in self._cache:
                bundle.linked[entry.link] = cache[key] = self._cache[key]
                continue
            if (refused := self._refusal(entry.link)) is not None:
                bundle.linked[entry.link] = refused
                continue
            try:
                bundle.linked[entry.link] = data = self._get(session, entry.link, deadline)
                if entry.stamp:
                    cache[key] = data
            except SourceError as exc:
                bundle.linked[entry.link] = str(exc)
        self._cache = cache  # only what the feed still lists
        return bundle

    def _refusal(self, url: str) -> str | None:
        """Why a linked document is not fetched (None: it may be): another host than the feed's that is not in
        ``link_hosts``, a scheme other than http(s), or http under an https feed."""
        feed, link = urlsplit(self.url), urlsplit(url)
        if link.scheme not in ("http", "https"):
            return f"link with scheme '{link.scheme[:10]}' refused: only http and https are fetched"
        if feed.scheme == "https" and link.scheme == "http":
            return f"link to {link.hostname} refused: http under an https feed"
        if (link.hostname, link.port) == (feed.hostname, feed.port) or (link.hostname or "").lower() in self.link_hosts:
            return None
        return f"link to {link.hostname} refused: not the feed's host nor in 'link_hosts'"

    def _get(self, session: requests.Session, url: str, deadline: float) -> bytes:
        """GET within what is left of the fetch's deadline and the size limit (ioc_core.sources.request.send: redirects
        on the same host only, typed errors naming the host and path, never the query)."""
        late = SourceTimeout(f"no complete answer within the source's {self.deadline_s:g} s from {_host(url)}")
        left = deadline - time.monotonic()
        if left <= 0:
            raise late
        spec = RequestSpec(url, headers={"Accept": ACCEPT}, connect_s=self.timeouts.connect, deadline_s=left,
                           max_bytes=self.max_bytes, read_s=self.timeouts.read)
        feed, link = urlsplit(self.url), urlsplit(url)
        own = (feed.scheme, feed.hostname, feed.port) == (link.scheme, link.hostname, link.port)
        try:
            return send(session, spec, self.auth if own else None).body
        except SourceTimeout as exc:
            if "complete answer" in str(exc):  # the fetch's deadline, not this document's: said as the source's
                raise late from None
            raise  # no connection, or silent past its read limit: as send words it

    # -- parsing ----------------------------------------------------------------------------------------
    def parse(self, raw) -> FetchResult:
        """``raw``: a CapBundle from ``fetch``, or the bytes of one document (a feed's links are then not read)."""
        bundle = raw if isinstance(raw, CapBundle) else CapBundle(self.url, raw)
        try:
            found = entries(read_xml(bundle.body, _host(bundle.url) or "the document"), bundle.url, self.max_entries)
        except CapRefused as exc:
            raise SourceFormatError(str(exc)) from None
        out = FetchResult()
        for entry in found:
            try:
                element = entry.alert
                if element is None:
                    data = bundle.linked.get(entry.link or "")
                    if entry.link is None:
                        raise CapRefused("no CAP message embedded and no link to one")
                    if not isinstance(data, bytes):
                        raise CapRefused(data or f"{_host(entry.link)} not fetched")
                    element = read_xml(data, _host(entry.link))
                    if not _is_cap_alert(element):
                        raise CapRefused(f"{_host(entry.link)} is not a CAP alert (root <{_local(element.tag)}>)")
                alert = read_alert(element, self.language)
            except CapRefused as exc:
                out.rejected.append(f"{entry.label}: {exc}")
                continue
            if alert.status != "Actual":
                log.debug("cap %s: %s %s skipped (status %s)", self.id, alert.msg_type, alert.identifier, alert.status)
                continue
            if self.province is not None and not self.province.concerns(alert):
                continue
            out.alerts.append(alert)
        return out  # rejections are logged once a fetch by the fetcher, with the count
