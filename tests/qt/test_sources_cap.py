"""CAP 1.2 alerts as a source kind: an Atom feed on a real HTTP server that changes as a typhoon comes and goes
(warning, its Update, its Cancel), an expired message, refused and malformed documents, areas kept by the province
outline, and the alert book that opens, changes in place, closes and expires one alert per CAP identifier."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import load_catalogue
from ioc_core.fmt import TZ
from ioc_core.sources.base import SourceFormatError, Timeouts
from ioc_core.sources.cap import CapAlert, CapSource, parse_circle, parse_polygon, read_alert, read_xml
from ioc_core.sources.sources_file import parse_sources
from ioc_core.sources.spec import Spec

from ..common import Clock
from ..fakeservers import ScriptedServer

CAT = load_catalogue()
NOW = datetime(2026, 12, 6, 15, 0, tzinfo=TZ)
SENDER = "canhbao@kttv.gov.vn"
# A box over the Nghệ An coast (Cửa Lò, Vinh, Diễn Châu): "lat,lon" pairs, closed, as CAP writes them.
COAST = "18.70,105.45 19.20,105.45 19.20,105.85 18.70,105.85 18.70,105.45"
HANOI = "20.90,105.70 21.10,105.70 21.10,105.95 20.90,105.95 20.90,105.70"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CAP_TYPE = "application/cap+xml; charset=utf-8"


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def info(lang: str, headline: str, event: str, severity: str = "Severe", urgency: str = "Expected",
         certainty: str = "Likely", expires: datetime | None = None, polygon: str | None = COAST,
         area: str = "Ven biển Nghệ An", circle: str | None = None, geocode: tuple[str, str] | None = None,
         instruction: str = "") -> str:
    shapes = (f"<polygon>{polygon}</polygon>" if polygon else "") + (f"<circle>{circle}</circle>" if circle else "")
    if geocode:
        shapes += f"<geocode><valueName>{geocode[0]}</valueName><value>{geocode[1]}</value></geocode>"
    return (f"<info><language>{lang}</language><category>Met</category><event>{event}</event>"
            f"<urgency>{urgency}</urgency><severity>{severity}</severity><certainty>{certainty}</certainty>"
            f"<effective>{iso(NOW - timedelta(hours=1))}</effective>"
            + (f"<expires>{iso(expires)}</expires>" if expires else "")
            + f"<headline>{headline}</headline><description>Bản tin {event}</description>"
            + (f"<instruction>{instruction}</instruction>" if instruction else "")
            + f"<area><areaDesc>{area}</areaDesc>{shapes}</area></info>")


def cap(identifier: str, *infos: str, msg_type: str = "Alert", sent: datetime | None = None, references: str = "",
        status: str = "Actual", sender: str = SENDER) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
            f"<identifier>{identifier}</identifier><sender>{sender}</sender>"
            f"<sent>{iso(sent or NOW - timedelta(hours=1))}</sent><status>{status}</status>"
            f"<msgType>{msg_type}</msgType><scope>Public</scope>"
            + (f"<references>{references}</references>" if references else "") + "".join(infos) + "</alert>")


def atom(*entries: tuple[str, str, str]) -> str:
    """An Atom feed whose entries (id, updated, link) each link to one CAP document."""
    items = "".join(f"<entry><id>{i}</id><title>{i}</title><updated>{u}</updated>"
                    f'<link rel="alternate" type="application/cap+xml" href="{href}"/></entry>'
                    for i, u, href in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>urn:kttv:feed</id><title>Cảnh báo</title><updated>{iso(NOW)}</updated>{items}</feed>")


WARNING = cap("bao-so-9-1",
              info("en-US", "Typhoon No. 9 approaching the Nghe An coast", "Typhoon", severity="Moderate",
                   expires=NOW + timedelta(days=2), area="Nghe An coast"),
              info("vi-VN", "Bão số 9 tiến vào vùng biển Nghệ An", "Bão", severity="Moderate",
                   expires=NOW + timedelta(days=2), instruction="Tàu thuyền vào nơi trú ẩn"),
              sent=NOW - timedelta(hours=2))
UPDATE = cap("bao-so-9-2",
             info("vi-VN", "Bão số 9 mạnh lên cấp 12, đổ bộ Nghệ An", "Bão", severity="Extreme",
                  urgency="Immediate", certainty="Observed", expires=NOW + timedelta(days=2)),
             info("en-US", "Typhoon No. 9 strengthens to level 12, landfall in Nghe An", "Typhoon",
                  severity="Extreme", urgency="Immediate", certainty="Observed", expires=NOW + timedelta(days=2)),
             msg_type="Update", sent=NOW - timedelta(minutes=30),
             references=f"{SENDER},bao-so-9-1,{iso(NOW - timedelta(hours=2))}")
CANCEL = cap("bao-so-9-3", msg_type="Cancel", sent=NOW + timedelta(hours=3),
             references=f"{SENDER},bao-so-9-2,{iso(NOW - timedelta(minutes=30))}")
EXPIRED = cap("lu-song-ca-1", info("vi-VN", "Lũ trên sông Cả đã qua", "Lũ", expires=NOW - timedelta(hours=1)),
              sent=NOW - timedelta(days=1))
XXE = ('<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
       '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&secret;</identifier></alert>')
BROKEN = cap("sat-lo-1", info("vi-VN", "Sạt lở Kỳ Sơn", "Sạt lở"))[:-40]  # cut off mid-way


def msgs(*docs: str) -> list[CapAlert]:
    """The CAP messages of these documents, as a fetch hands them to the alert book."""
    return [read_alert(read_xml(d.encode(), "test")) for d in docs]


@pytest.fixture
def feed():
    s = ScriptedServer()
    for name, doc in (("bao-1", WARNING), ("bao-2", UPDATE), ("bao-3", CANCEL), ("lu", EXPIRED), ("xxe", XXE),
                      ("broken", BROKEN)):
        s.routes[f"/cap/{name}.xml"] = (200, doc, CAP_TYPE)
    try:
        yield s
    finally:
        s.close()


def entry(server, name: str, updated: datetime = NOW) -> tuple[str, str, str]:
    return (f"urn:kttv:{name}", iso(updated), f"{server.url}/cap/{name}.xml")


def fetch(source: CapSource):
    with requests.Session() as session:
        return source.run(session)


def test_a_typhoon_warning_its_update_and_its_cancel_through_a_feed_into_the_book(feed, tmp_path: Path):
    source = CapSource("kttv", url=feed.url + "/feed.atom", areas="province")
    book = AlertBook(tmp_path / "alerts.json")
    events = []
    book.subscribe(lambda a, ev: events.append((a.id, ev, a.severity)))

    # 1. the warning, an expired flood message, a refused (XXE) document and a broken one
    feed.routes["/feed.atom"] = (200, atom(entry(feed, "bao-1"), entry(feed, "lu"), entry(feed, "xxe"),
                                           entry(feed, "broken")), ATOM_TYPE)
    result = fetch(source)
    assert [a.identifier for a in result.alerts] == ["bao-so-9-1", "lu-song-ca-1"]
    assert len(result.rejected) == 2
    assert "entry 3 (urn:kttv:xxe)" in result.rejected[0] and "XML refused" in result.rejected[0]
    assert "entry 4 (urn:kttv:broken)" in result.rejected[1] and "not well-formed XML" in result.rejected[1]
    assert "root:" not in " ".join(result.rejected)  # the entity was never expanded
    warning = result.alerts[0]
    assert (warning.language, warning.headline, warning.headline_en) == (
        "vi-VN", "Bão số 9 tiến vào vùng biển Nghệ An", "Typhoon No. 9 approaching the Nghe An coast")
    assert warning.polygons[0][0] == (18.70, 105.45) and warning.polygons[0][0] == warning.polygons[0][-1]
    assert warning.expires == (NOW + timedelta(days=2)).timestamp()

    changes = book.take_cap(result.alerts, now=NOW.timestamp(), sector="moitruong")
    assert [ev for _, ev in changes] == ["raised"]  # the expired one never opens
    (alert,) = book.alerts()
    assert (alert.cause, alert.sector, alert.severity, alert.cap_severity) == ("cap", "moitruong", "warning",
                                                                               "Moderate")
    assert (alert.urgency, alert.certainty, alert.area) == ("Expected", "Likely", "Ven biển Nghệ An")
    assert alert.message("vi") == "Bão số 9 tiến vào vùng biển Nghệ An"
    assert alert.message("en") == "Typhoon No. 9 approaching the Nghe An coast"
    assert alert.instruction == "Tàu thuyền vào nơi trú ẩn"

    # 2. the same feed again: nothing changes, no event; the linked documents are not fetched again
    assert book.take_cap(fetch(source).alerts, now=NOW.timestamp()) == []
    assert sum(1 for path, _, _ in feed.requests if path == "/cap/bao-1.xml") == 1
    assert book.acknowledge(alert.id, "Trực ban Hùng") == (True, "")

    # 3. its Update (newer first in the feed, as services list them): the same alert, worse, to be seen again
    feed.routes["/feed.atom"] = (200, atom(entry(feed, "bao-2"), entry(feed, "bao-1")), ATOM_TYPE)
    changes = book.take_cap(fetch(source).alerts, now=NOW.timestamp() + 60)
    assert [(a.id, ev) for a, ev in changes] == [(alert.id, "escalated")]
    (updated,) = book.alerts()
    assert updated.id == alert.id and updated.raised_at == alert.raised_at
    assert (updated.severity, updated.cap_severity, updated.urgency, updated.certainty) == (
        "critical", "Extreme", "Immediate", "Observed")
    assert updated.message_vi == "Bão số 9 mạnh lên cấp 12, đổ bộ Nghệ An"
    assert updated.message_en == "Typhoon No. 9 strengthens to level 12, landfall in Nghe An"
    assert not updated.acknowledged  # worse: acknowledged again
    assert updated.cap_ids == (f"{SENDER},bao-so-9-1", f"{SENDER},bao-so-9-2")
    assert book.take_cap(fetch(source).alerts, now=NOW.timestamp() + 120) == []

    # 4. its Cancel: closed, kept for the record
    feed.routes["/feed.atom"] = (200, atom(entry(feed, "bao-3"), entry(feed, "bao-2"), entry(feed, "bao-1")),
                                 ATOM_TYPE)
    changes = book.take_cap(fetch(source).alerts, now=NOW.timestamp() + 180)
    assert [(a.id, ev) for a, ev in changes] == [(alert.id, "cleared")]
    assert book.alerts() == []
    (closed,) = book.alerts(include_closed=True)
    assert (closed.close_reason, closed.cleared_at) == ("cancelled", NOW.timestamp() + 180)
    assert [(ev, sev) for _, ev, sev in events] == [("raised", "warning"), ("acknowledged", "warning"),
                                                   ("escalated", "critical"), ("cleared", "critical")]

    # 5. a restarted wall reading the same feed opens nothing again
    again = AlertBook(tmp_path / "alerts.json")
    assert again.get(alert.id) == closed
    assert again.take_cap(fetch(source).alerts, now=NOW.timestamp() + 240) == []
    assert again.alerts() == [] and again.cap_alert(SENDER, "bao-so-9-2").id == alert.id


def test_an_alert_past_its_expiry_closes_by_itself(tmp_path: Path):
    clock = Clock(NOW.timestamp())
    book = AlertBook(tmp_path / "alerts.json", clock)
    soon = cap("mua-lon-1", info("vi-VN", "Mưa lớn diện rộng", "Mưa lớn", expires=NOW + timedelta(minutes=30)))
    [alert] = msgs(soon)
    assert [ev for _, ev in book.take_cap([alert])] == ["raised"]
    clock.t += 29 * 60
    assert book.expire_cap() == [] and len(book.alerts()) == 1
    clock.t += 2 * 60
    [(closed, event)] = book.expire_cap()
    assert (event, closed.close_reason, closed.open) == ("cleared", "expired", False)
    assert book.take_cap([alert]) == []  # seen again in the feed after its expiry: stays closed
    # an Update that extends it opens the same entry again
    later = cap("mua-lon-2", info("vi-VN", "Mưa lớn kéo dài", "Mưa lớn", expires=NOW + timedelta(hours=5)),
                msg_type="Update", references=f"{SENDER},mua-lon-1,{iso(NOW)}")
    [(reopened, event)] = book.take_cap(msgs(later))
    assert (event, reopened.id, reopened.open, reopened.message_vi) == ("raised", closed.id, True, "Mưa lớn kéo dài")


def test_an_update_whose_original_was_never_seen_opens_once_and_its_cancel_closes_it(tmp_path: Path):
    book = AlertBook(tmp_path / "alerts.json")
    upd, cancel = msgs(UPDATE, CANCEL)
    [(opened, event)] = book.take_cap([upd], now=NOW.timestamp())
    assert (event, opened.severity) == ("raised", "critical")
    [warning] = msgs(WARNING)
    assert book.take_cap([warning, upd], now=NOW.timestamp()) == []  # the original, arriving late, is known
    # Ack/Error and non-Actual messages change nothing; a Cancel then closes it
    [ack] = msgs(cap("ack-1", msg_type="Ack", references=f"{SENDER},bao-so-9-2,x"))
    assert book.take_cap([ack], now=NOW.timestamp()) == []
    assert [ev for _, ev in book.take_cap([cancel], now=NOW.timestamp())] == ["cleared"]


def test_old_saved_books_still_load_and_new_fields_round_trip(tmp_path: Path):
    path = tmp_path / "alerts.json"
    old = {"id": "mt-aqi/province/threshold/1", "indicator": "mt-aqi", "sector": "moitruong", "region": "province",
           "cause": "threshold", "severity": "warning", "message_vi": "AQI cao", "message_en": "AQI high",
           "value": 120.0, "raised_at": 1.0, "updated_at": 1.0, "acknowledged_by": None, "acknowledged_at": None,
           "cleared_at": None}
    path.write_text(json.dumps({"schema_version": 1, "serial": 1, "alerts": [old]}), encoding="utf-8")
    book = AlertBook(path)
    assert book.get(old["id"]).message_vi == "AQI cao" and book.get(old["id"]).cap_ids == ()
    book.take_cap(msgs(WARNING), now=NOW.timestamp())
    reloaded = AlertBook(path)
    assert reloaded.alerts() == book.alerts() and len(reloaded.alerts()) == 2
    cap_alert = next(a for a in reloaded.alerts() if a.cause == "cap")
    assert cap_alert.polygons[0][1] == (19.20, 105.45) and cap_alert.id == "cap/province/cap/2"
    assert reloaded.open_for("mt-aqi")[0].id == old["id"]  # threshold alerts still found by their key


# -- documents, languages, areas -------------------------------------------------------------------------------
def test_a_single_document_a_list_and_an_rss_feed_with_embedded_alerts():
    source = CapSource("kttv", url="http://127.0.0.1:9/cap")
    assert [a.identifier for a in source.parse(WARNING.encode()).alerts] == ["bao-so-9-1"]
    listed = f"<alerts>{WARNING.split('?>', 1)[1]}{UPDATE.split('?>', 1)[1]}</alerts>".encode()
    assert [a.msg_type for a in source.parse(listed).alerts] == ["Alert", "Update"]
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>CAP</title>'
           f"<item><guid>a</guid><description>cảnh báo</description>{WARNING.split('?>', 1)[1]}</item>"
           f"<item><guid>b</guid><link>http://127.0.0.1:9/cap/b.xml</link></item></channel></rss>").encode()
    result = source.parse(rss)  # bytes alone: a linked entry cannot be read
    assert [a.identifier for a in result.alerts] == ["bao-so-9-1"]
    assert result.rejected == ["entry 2 (b): 127.0.0.1:9/cap/b.xml not fetched"]
    exercise = cap("tap-huan-1", info("vi-VN", "Diễn tập", "Bão"), status="Exercise")
    assert source.parse(exercise.encode()).alerts == []  # exercises never reach the wall
    with pytest.raises(SourceFormatError, match="neither a CAP alert nor an Atom or RSS feed"):
        source.parse("<html><body>Bảo trì</body></html>".encode())
    with pytest.raises(SourceFormatError, match="XML refused"):
        source.parse(XXE.encode())


@pytest.mark.parametrize(("langs", "preferred", "chosen"), [
    (("en-US", "vi-VN"), "vi-VN", "vi-VN"),
    (("en-US", "vi"), "vi-VN", "vi"),
    (("fr-FR", "en-GB"), "vi-VN", "en-GB"),
    (("fr-FR", "de-DE"), "vi-VN", "fr-FR"),
    (("vi-VN", "en-US"), "en-US", "en-US"),
])
def test_the_info_block_in_the_preferred_language(langs, preferred, chosen):
    doc = cap("x", *[info(lang, f"headline {lang}", "Bão") for lang in langs])
    alert = CapSource("k", url="http://h/x", language=preferred).parse(doc.encode()).alerts[0]
    assert (alert.language, alert.headline) == (chosen, f"headline {chosen}")


def test_areas_province_keeps_what_touches_the_province():
    def alert(**kw) -> bytes:
        return cap("a", info("vi-VN", "Cảnh báo", "Mưa", **kw)).encode()

    province = CapSource("k", url="http://h/x", areas="province", area_codes=["VN-22"])
    everywhere = CapSource("k", url="http://h/x")
    kept = {
        "coast polygon": alert(polygon=COAST),
        "a polygon around the whole province": alert(polygon="17.0,103.0 21.0,103.0 21.0,107.0 17.0,107.0 17.0,103.0"),
        "a circle at sea reaching the coast": alert(polygon=None, circle="19.0,106.0 40", area="Vịnh Bắc Bộ"),
        "the province's code": alert(polygon=None, geocode=("GSO", "40"), area="Tỉnh"),
        "a configured code": alert(polygon=None, geocode=("ISO 3166-2", "VN-22"), area="Tỉnh"),
        "its name in the area": alert(polygon=None, area="Các huyện miền núi Nghệ An"),
    }
    dropped = {
        "Hà Nội": alert(polygon=HANOI, area="Hà Nội"),
        "a circle at sea far off": alert(polygon=None, circle="19.0,107.5 40", area="Vịnh Bắc Bộ"),
        "another province's code": alert(polygon=None, geocode=("GSO", "01"), area="Hà Nội"),
    }
    for name, doc in kept.items():
        assert len(province.parse(doc).alerts) == 1, name
    for name, doc in dropped.items():
        assert province.parse(doc).alerts == [], name
        assert len(everywhere.parse(doc).alerts) == 1, name


def test_shapes_and_bad_messages_are_named():
    assert parse_polygon("19,105 19.5,105 19.5,105.5") == ((19, 105), (19.5, 105), (19.5, 105.5), (19, 105))
    assert parse_circle("19.0,106.0 40") == (19.0, 106.0, 40.0)
    source = CapSource("k", url="http://h/x")
    bad = {
        cap("p", info("vi-VN", "x", "y", polygon="19,105 abc 19,106 19,105")): "polygon: 'abc' is not 'lat,lon'",
        cap("p", info("vi-VN", "x", "y", polygon="19,105 19,106")): "a closed ring needs at least 4",
        cap("c", info("vi-VN", "x", "y", polygon=None, circle="19,106")): "circle: '19,106' is not 'lat,lon radius'",
        cap("u", info("vi-VN", "x", "y"), msg_type="Update"): "an Update must name the message it changes",
        cap("m", info("vi-VN", "x", "y"), msg_type="Warning"): "msgType 'Warning' is not one of",
        cap("s", info("vi-VN", "x", "y"), sent=None).replace(iso(NOW - timedelta(hours=1)), "hôm qua", 1):
            "'sent' is not a date-time",
        cap("n"): "no <info> block",
        cap("", info("vi-VN", "x", "y")): "missing identifier",
    }
    for doc, words in bad.items():
        result = source.parse(doc.encode())
        assert result.alerts == [] and len(result.rejected) == 1 and words in result.rejected[0], words
    assert read_alert(read_xml(cap("v", info("vi-VN", "x", "y", certainty="Very Likely")).encode(), "t")).certainty \
        == "Likely"  # CAP 1.1's word


def test_settings_are_checked_and_every_problem_named():
    bad = {"id": "kttv", "kind": "cap", "url": "ftp://kttv/cap", "areas": "tinh", "max_entries": "50", "lang": "vi"}
    doc = {"schema_version": 1, "sources": [bad, {
        "id": "ok", "kind": "cap", "url": "https://kttv.example/cap.atom", "areas": "province", "every_s": 120,
        "timeout": {"connect": 2, "read": 5}, "link_hosts": ["cap.kttv.example"], "max_entries": 20}]}
    out = parse_sources(doc, CAT, "sources.json")
    [(source, every)] = out.sources
    assert (source.id, source.kind, every, source.timeouts) == ("ok", "cap", 120.0, Timeouts(2, 5))
    assert (source.max_entries, source.link_hosts, source.province.area.code) == (20, ("cap.kttv.example",), "40")
    text = "\n".join(str(p) for p in out.problems)
    assert all(str(p).startswith("sources.json: $.sources[0]") for p in out.problems)
    for words in ("unknown key 'lang'", "'url' must be an http or https address", "'areas' is 'tinh'; expected one "
                  "of: all, province", "'max_entries' must be a whole number, found a text"):
        assert words in text, words
    # read through a sources file's Spec, each problem names its key's own path
    spec = Spec({**bad, "timeout": {"connect": 2, "raed": 5}}, "sources.json", ["sources", 0])
    assert CapSource.from_spec(spec) is None
    assert {p.path for p in spec.problems} == {"$.sources[0].url", "$.sources[0].areas", "$.sources[0].max_entries",
                                               "$.sources[0].lang", "$.sources[0].timeout.raed"}
    good = CapSource.from_spec(Spec(doc["sources"][1], "sources.json", ["sources", 1]))
    assert (good.id, good.timeouts, good.url) == ("ok", Timeouts(2, 5), "https://kttv.example/cap.atom")


# -- fetching ----------------------------------------------------------------------------------------------------
def test_links_to_another_host_need_listing_and_a_hanging_one_ends_at_the_deadline(feed):
    other = f"http://localhost:{feed.url.rsplit(':', 1)[1]}/cap/bao-1.xml"  # the same server under another name
    feed.routes["/cap/slow.xml"] = "hang"
    feed.routes["/feed.atom"] = (200, atom(("urn:a", iso(NOW), other), entry(feed, "lu"), entry(feed, "slow")),
                                 ATOM_TYPE)
    source = CapSource("kttv", url=feed.url + "/feed.atom", deadline_s=1.5, timeouts=Timeouts(1, 10))
    t0 = time.monotonic()
    result = fetch(source)
    assert time.monotonic() - t0 < 3.0
    assert [a.identifier for a in result.alerts] == ["lu-song-ca-1"]
    assert result.rejected[0] == "entry 1 (urn:a): link to localhost refused: not the feed's host nor in 'link_hosts'"
    assert result.rejected[1].startswith("entry 3 (urn:kttv:slow): no complete answer within the source's 1.5 s from")
    assert f"127.0.0.1:{feed.url.rsplit(':', 1)[1]}/cap/slow.xml" in result.rejected[1]
    listed = CapSource("kttv", url=feed.url + "/feed.atom", link_hosts=["localhost"], deadline_s=1.5)
    feed.routes["/feed.atom"] = (200, atom(("urn:a", iso(NOW), other), ("urn:f", iso(NOW), "file:///etc/passwd")),
                                 ATOM_TYPE)
    result = fetch(listed)
    assert [a.identifier for a in result.alerts] == ["bao-so-9-1"]
    assert result.rejected == ["entry 2 (urn:f): link with scheme 'file' refused: only http and https are fetched"]
    secure = CapSource("kttv", url="https://kttv.example/feed.atom", link_hosts=["cap.kttv.example"])
    assert secure._refusal("http://kttv.example/cap/1.xml") == "link to kttv.example refused: http under an https feed"
    assert secure._refusal("https://cap.kttv.example/1.xml") is None
    assert secure._refusal("https://kttv.example/cap/1.xml") is None


def test_a_feed_behind_a_gateway_gets_its_token_and_a_linked_host_never_does(feed):
    from ioc_core.sources.secrets import Secrets

    token = "tok-7f3a9c"
    other = f"http://localhost:{feed.url.rsplit(':', 1)[1]}/cap/lu.xml"
    feed.routes["/feed.atom"] = (200, atom(entry(feed, "bao-1"), ("urn:lu", iso(NOW), other)), ATOM_TYPE)
    entry_doc = {"id": "kttv", "kind": "cap", "url": feed.url + "/feed.atom", "link_hosts": ["localhost"],
                 "auth": {"kind": "bearer", "token": {"env": "KTTV_TOKEN"}}}
    spec = Spec(entry_doc, "sources.json", ["sources", 0])
    source = CapSource.from_spec(spec, None, Secrets(env={"KTTV_TOKEN": token}))
    assert source is not None and spec.problems == []
    result = fetch(source)
    assert sorted(a.identifier for a in result.alerts) == ["bao-so-9-1", "lu-song-ca-1"]
    sent = {(path, headers.get("Host", "").split(":")[0]): headers.get("Authorization") for path, _, headers in
            feed.requests}
    assert sent[("/feed.atom", "127.0.0.1")] == sent[("/cap/bao-1.xml", "127.0.0.1")] == f"Bearer {token}"
    assert sent[("/cap/lu.xml", "localhost")] is None  # a listed host of links is not the gateway
    # a token written in the file is refused; an unset variable is a warning, the source kept
    literal = Spec({**entry_doc, "auth": {"kind": "bearer", "token": token}}, "sources.json", ["sources", 0])
    assert CapSource.from_spec(literal, None, Secrets(env={})) is None
    assert all(token not in str(p) for p in literal.problems)
    unset = Spec(entry_doc, "sources.json", ["sources", 0])
    assert CapSource.from_spec(unset, None, Secrets(env={})) is not None
    assert [(p.path, p.severity.value) for p in unset.problems] == [("$.sources[0].auth.token.env", "warning")]


def test_a_document_over_the_size_limit_and_a_failing_feed(feed):
    feed.routes["/cap/big.xml"] = (200, WARNING.replace("Bản tin", "Bản tin " + "x" * 5000), CAP_TYPE)
    feed.routes["/feed.atom"] = (200, atom(entry(feed, "big"), entry(feed, "lu")), ATOM_TYPE)
    result = fetch(CapSource("kttv", url=feed.url + "/feed.atom", max_bytes=4000))
    assert [a.identifier for a in result.alerts] == ["lu-song-ca-1"]
    assert "big.xml is larger than 4000 bytes (limit max_bytes)" in result.rejected[0]
    feed.routes["/feed.atom"] = (503, "bảo trì", "text/plain")
    from ioc_core.sources.base import SourceHTTPError

    with pytest.raises(SourceHTTPError, match=r"HTTP 503 .* from 127\.0\.0\.1:\d+/feed\.atom"):
        fetch(CapSource("kttv", url=feed.url + "/feed.atom?key=s3cret"))
    feed.routes["/feed.atom"] = (200, "<feed", ATOM_TYPE)
    with pytest.raises(SourceFormatError, match="not well-formed XML") as err:
        fetch(CapSource("kttv", url=feed.url + "/feed.atom?key=s3cret"))
    assert "s3cret" not in str(err.value)


def test_the_wall_takes_fetched_alerts_into_its_book(qtbot, feed, tmp_path: Path):
    """The fetch scheduler's alerts reach the book on the GUI thread through the alert monitor; a critical one
    raised there acts like any other (the monitor hears it)."""
    from ioc_core.control.controller import Controller
    from ioc_core.control.saved_state import StateStore
    from ioc_core.indicators.indicator_store import IndicatorStore
    from ioc_core.layouts import LayoutLibrary
    from ioc_core.setup.geometry import WallGeometry
    from wall.runtime.alerting import AlertMonitor
    from wall.runtime.datahub import DataHub
    from wall.runtime.fetcher import FetchScheduler

    from ..common import SHIPPED_LAYOUTS

    now = datetime.now(TZ)
    live = cap("bao-live", info("vi-VN", "Bão số 10 trên Biển Đông", "Bão", severity="Severe",
                                expires=now + timedelta(hours=6)),
               info("en-US", "Typhoon No. 10 in the South China Sea", "Typhoon", severity="Severe",
                    expires=now + timedelta(hours=6)), sent=now)
    brief = cap("gio-giat", info("vi-VN", "Gió giật mạnh ven biển", "Gió giật", severity="Moderate",
                                 expires=now + timedelta(seconds=3)), sent=now)
    feed.routes["/cap/live.xml"] = (200, live, CAP_TYPE)
    feed.routes["/cap/brief.xml"] = (200, brief, CAP_TYPE)
    feed.routes["/feed.atom"] = (200, atom(("urn:live", iso(now), feed.url + "/cap/live.xml"),
                                           ("urn:brief", iso(now), feed.url + "/cap/brief.xml")), ATOM_TYPE)
    path = tmp_path / "indicators.sqlite"
    IndicatorStore(path, CAT).close()
    hub = DataHub(CAT, path)
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(),
                            StateStore(tmp_path / "state.json"))
    controller.restore()
    book = AlertBook(tmp_path / "alerts.json")
    monitor = AlertMonitor(hub, book, controller, {})
    sched = FetchScheduler(lambda: IndicatorStore(path, CAT), workers=2, tick_ms=50)
    sched.add(CapSource("kttv", url=feed.url + "/feed.atom", sector="antt"), interval_s=0.2)
    monitor.follow(sched)
    sched.start()
    try:
        qtbot.waitUntil(lambda: len(book.alerts()) == 2, timeout=3000)
        qtbot.waitUntil(lambda: sum(p == "/feed.atom" for p, _, _ in feed.requests) >= 3, timeout=3000)
        alert = book.cap_alert(SENDER, "bao-live")
        assert (alert.sector, alert.severity, alert.message_vi) == ("antt", "critical", "Bão số 10 trên Biển Đông")
        assert len(book.alerts(include_closed=True)) == 2  # fetched again and again: still one each
        sched.stop()  # the feed goes quiet: the monitor's once-a-second check closes what expires
        qtbot.waitUntil(lambda: not book.cap_alert(SENDER, "gio-giat").open, timeout=6000)
        assert book.cap_alert(SENDER, "gio-giat").close_reason == "expired"
        assert [a.id for a in book.alerts()] == [alert.id]
    finally:
        sched.stop()
        monitor.stop()
        hub.close()


def test_cap_alert_is_a_frozen_value():
    a = CapAlert("id", "s", 0.0, "Alert")
    with pytest.raises(AttributeError):
        a.severity = "Extreme"  # type: ignore[misc]
    assert a.key == "s,id" and a.reference_keys == ()


def test_a_rule_acts_on_cap_alerts_only_when_it_names_the_cause():
    """A province may put its map on the emergency region when a typhoon warning comes: a rule naming cause "cap";
    rules that do not name it (the shipped ones) never act on CAP alerts."""
    from ioc_core.alerts import parse_rules
    from ioc_core.alerts.rules import triggered

    show_map = {"id": "bao-len-ban-do", "when": {"severity": "critical", "causes": ["cap"]},
                "show": {"kind": "map"}, "region": "canh-bao", "duration_s": 900, "priority": 80}
    any_critical = {"id": "moi-truong", "when": {"severity": "critical", "sectors": ["moitruong"]},
                    "show": "sector", "region": "attt", "duration_s": 600, "priority": 60}
    rules = parse_rules({"schema_version": 1, "rules": [show_map, any_critical]}, CAT, "rules.json")
    book = AlertBook(None)
    [(alert, _)] = book.take_cap(msgs(UPDATE), now=NOW.timestamp())
    assert [r.id for r in triggered(rules, alert, set())] == ["bao-len-ban-do"]
    threshold = book.observe("mt-aqi", "moitruong", "province", "threshold", "critical", "AQI rất cao")
    assert [r.id for r in triggered(rules, threshold, set())] == ["moi-truong"]


def test_an_operator_sees_the_typhoon_come_and_go_on_a_running_wall(feed, tmp_path: Path):
    """The real program with a CAP source: the control API's alert list (what the console shows) follows the
    feed from the warning through its Update to its Cancel."""
    import signal

    from ..common import SHIPPED_LAYOUTS
    from ..wallproc import READY, WallApi, WallProcess

    now = datetime.now(TZ)
    sent = {name: iso(now - timedelta(minutes=m)) for name, m in (("1", 30), ("2", 10), ("3", 0))}
    docs = {
        "1": cap("bao-11-1", info("vi-VN", "Bão số 11 hướng vào Nghệ An", "Bão", severity="Moderate",
                                  expires=now + timedelta(days=1)),
                 info("en-US", "Typhoon No. 11 heading for Nghe An", "Typhoon", severity="Moderate",
                      expires=now + timedelta(days=1)), sent=now - timedelta(minutes=30)),
        "2": cap("bao-11-2", info("vi-VN", "Bão số 11 đổ bộ, gió cấp 12", "Bão", severity="Extreme",
                                  urgency="Immediate", certainty="Observed", expires=now + timedelta(days=1)),
                 msg_type="Update", sent=now - timedelta(minutes=10), references=f"{SENDER},bao-11-1,{sent['1']}"),
        "3": cap("bao-11-3", msg_type="Cancel", sent=now, references=f"{SENDER},bao-11-2,{sent['2']}"),
    }
    for name, doc in docs.items():
        feed.routes[f"/live/{name}.xml"] = (200, doc, CAP_TYPE)

    def publish(*names: str) -> None:
        feed.routes["/live.atom"] = (200, atom(*[(f"urn:{n}", sent[n], f"{feed.url}/live/{n}.xml")
                                                 for n in names]), ATOM_TYPE)

    publish("1")
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps({"schema_version": 1, "sources": [
        {"id": "kttv-cap", "kind": "cap", "url": feed.url + "/live.atom", "areas": "province", "every_s": 1}]}),
        encoding="utf-8")
    state = tmp_path / "state"
    proc = WallProcess("--state-dir", str(state), "--layouts-dir", str(SHIPPED_LAYOUTS), "--sources", str(sources))
    try:
        proc.wait_for(READY)
        api = WallApi(proc, state)

        def alerts(closed: bool = False) -> list[dict]:
            return api.call("GET", "/alerts", "viewer", params={"closed": "1"} if closed else None).json()["alerts"]

        def until(check, timeout: float = 20.0):
            deadline = time.monotonic() + timeout
            while not (found := check()):
                assert time.monotonic() < deadline, proc.log
                time.sleep(0.1)
            return found

        [alert] = until(lambda: alerts())
        assert (alert["cause"], alert["severity"], alert["cap_severity"]) == ("cap", "warning", "Moderate")
        assert (alert["message_vi"], alert["message_en"]) == ("Bão số 11 hướng vào Nghệ An",
                                                              "Typhoon No. 11 heading for Nghe An")
        assert alert["area"] == "Ven biển Nghệ An" and alert["polygons"][0][0] == [18.70, 105.45]
        publish("2", "1")
        [worse] = until(lambda: [a for a in alerts() if a["severity"] == "critical"])
        assert (worse["id"], worse["message_vi"], worse["urgency"]) == (alert["id"], "Bão số 11 đổ bộ, gió cấp 12",
                                                                       "Immediate")
        publish("3", "2", "1")
        until(lambda: alerts() == [])
        [closed] = alerts(closed=True)
        assert (closed["id"], closed["close_reason"]) == (alert["id"], "cancelled")
        assert "CAP alert cap/province/cap/1 raised: Bão số 11 hướng vào Nghệ An" in proc.log
    finally:
        proc.stop(signal.SIGTERM)


def test_a_feed_address_with_a_password_is_refused_without_quoting_it():
    doc = {"schema_version": 1, "sources": [{"id": "kttv", "kind": "cap",
                                             "url": "ftp://kttv:MatKhau2026@cap.kttv.example/feed.xml"}]}
    problems = [str(p) for p in parse_sources(doc, load_catalogue(), "sources.json").problems]
    assert any("'url' must be an http or https address" in p for p in problems), problems
    assert not any("MatKhau2026" in p for p in problems)


def test_a_cap_document_in_an_unknown_encoding_is_refused_by_name():
    source = CapSource("kttv", url="https://kttv.example/feed.atom")
    with pytest.raises(SourceFormatError, match="XML in an encoding this wall cannot read"):
        source.parse(WARNING.replace('encoding="UTF-8"', 'encoding="VNI"').encode())
