"""The control API of a real wall process on 127.0.0.1, driven with requests: tokens and roles, commands and
refusals, the event stream, conflicts between consoles, alerts, snapshots, the audit log and zeroconf discovery."""

from __future__ import annotations

import json
import re
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from ioc_core.api.routes import Api
from ioc_core.api.tokens import ROLES
from operator_console.client import sse_events

from ..common import SHIPPED_LAYOUTS
from ..wallproc import READY, WallApi, WallProcess

# a value for each of the router's path parameters: a route with a parameter not named here fails the import
SAMPLES = {"alert": "x", "row": "0", "col": "0", "folder": "a", "file": "bien-ban.pdf", "layout": "x",
           "camera": "x", "group": "x", "page": "x", "sector": "x", "indicator": "x", "region": "x",
           "marker": "x", "request": "x"}
# the name the module's wall advertises: its own, so the discovery test finds this wall and not another on the
# machine (another test run, another worker)
NAME = f"Tường thử {uuid.uuid4().hex[:8]}"


def router_routes() -> list[tuple[str, str, str, str]]:
    """(method, sample path, pattern, role) of every route the API has, read from the router itself (and the event
    stream, which server.py serves beside it), so a route added later is walked by these tests without a list to
    keep up to date."""
    routes = [(verb, pattern, role) for verb, pattern, role, _ in Api(None, None, None)._routes]
    routes.append(("GET", r"/events", "viewer"))  # server.py: the stream is not a route of the router
    out = []
    for verb, pattern, role in routes:
        path = re.sub(r"\\(.)", r"\1", re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLES[m[1]], pattern))
        assert re.fullmatch(pattern, path), (pattern, path)
        out.append((verb, path, pattern, role))
    return out


ROUTES = [(verb, path) for verb, path, _, _ in router_routes()] + [("GET", "/no-such-route")]


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api")
    state_dir = folder / "state"
    no_rules = folder / "no-rules.json"  # the wall's own rules would change its state while tests compare it
    no_rules.write_text('{"schema_version": 1, "rules": []}', encoding="utf-8")
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan", "--alert-rules", str(no_rules),
                       env={"IOC_WALL_ZEROCONF": "127.0.0.1", "IOC_WALL_NAME": NAME})
    try:
        proc.wait_for(READY)
        yield WallApi(proc, state_dir)
    finally:
        proc.stop(signal.SIGKILL)


def test_the_token_file_is_private_and_no_token_is_logged(wall):
    path = Path(wall.proc.log.split("(tokens in ", 1)[1].split(";", 1)[0])
    assert path.stat().st_mode & 0o777 == 0o600
    assert all(token not in wall.proc.log for token in wall.tokens.values())


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("auth", [None, "Bearer wrong-token-of-the-right-length-xxxxxxxxxx", "Basic b3A6b3A="])
def test_every_route_refuses_a_missing_or_wrong_token(wall, method, path, auth):
    before = wall.state()["revision"]
    body = {"command": "apply_layout", "layout": "khan-cap"} if path == "/commands" else None
    r = requests.request(method, wall.url + path, json=body, timeout=10,
                         headers={"Authorization": auth} if auth else {})
    assert r.status_code == 401, r.text
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert wall.state()["revision"] == before  # nothing changed


def test_the_walk_covers_every_route_of_the_router():
    routes = router_routes()
    known = {("GET", "/wall"), ("GET", "/state"), ("POST", "/commands"), ("POST", "/alerts/x/ack"),
             ("GET", "/screens/0/0/snapshot"), ("GET", "/audit"), ("GET", "/events"), ("GET", "/share/access"),
             ("GET", "/minutes/a/bien-ban.pdf"), ("GET", "/health")}  # some, to see the reading works
    assert known <= set(ROUTES) and len(routes) >= 21
    assert {role for _, _, _, role in routes} <= set(ROLES)
    share = {path for _, path, _, role in routes if role == "share"}
    assert share == {"/share", "/share/info", "/share/frame.jpg", "/share/stream.mjpg"}


def _get(wall, method: str, path: str, headers: dict | None = None, **params) -> int:
    body = {"command": "identify", "on": False} if path == "/commands" else None  # changes nothing
    with requests.request(method, wall.url + path, json=body, headers=headers or {}, timeout=15, stream=True,
                          params={"wait": 0, **params}) as r:  # (a stream is let go after its headers)
        return r.status_code


def test_each_route_opens_to_its_role_and_above_and_the_share_token_to_the_share_routes_only(wall):
    """Every route against every role: a lower role gets 403, its role and above get in; the share token opens
    the share routes and nothing else; a token in the address opens the share routes only, and only a share or
    viewer token (a token that commands the wall never travels in an address)."""
    wrong = []
    for method, path, _, role in router_routes():
        for who in ROLES:
            status = _get(wall, method, path, {"Authorization": f"Bearer {wall.tokens[who]}"})
            allowed = ROLES.index(who) >= ROLES.index(role)
            if (status == 403) == allowed or status == 401:
                wrong.append(f"{who} {method} {path}: {status}")
            in_address = _get(wall, method, path, token=wall.tokens[who])
            if (in_address == 401) != (role != "share" or who not in ("share", "viewer")):
                wrong.append(f"{who} {method} {path}?token=: {in_address}")
    assert not wrong, wrong


def test_a_viewer_reads_but_may_not_command(wall):
    assert wall.call("GET", "/state", "viewer").status_code == 200
    r = wall.command("viewer", command="apply_layout", layout="khan-cap")
    assert r.status_code == 403 and "viewer" in r.json()["error"]
    assert wall.call("GET", "/audit", "viewer").status_code == 403


def test_a_command_changes_the_wall_and_is_audited(wall):
    before = wall.state()["revision"]
    r = wall.command(command="show_view", region="yte", view={"kind": "sector", "sector": "moitruong"})
    assert r.status_code == 200 and r.json()["accepted"] and r.json()["revision"] == before + 1
    state = wall.state()
    assert next(x for x in state["regions"] if x["id"] == "yte")["view"] == {"kind": "sector", "sector": "moitruong"}
    last = wall.call("GET", "/audit").text.strip().splitlines()[-1]
    entry = json.loads(last)
    assert (entry["who"], entry["revision_before"], entry["revision_after"]) == ("operator", before, before + 1)
    assert entry["command"]["region"] == "yte"
    assert wall.call("GET", "/audit", params={"verify": 1}).json() == {"intact": True, "problem": ""}


@pytest.mark.parametrize(("body", "status", "words"), [
    (b"{not json", 400, "malformed JSON at line 1, column 2"),
    (b"[1, 2]", 400, "a command must be a JSON object"),
    (b"", 400, "the body is empty"),
    (json.dumps({"command": "reboot"}).encode(), 422, "unknown command 'reboot'"),
    (json.dumps({"command": "apply_layout", "layout": "khong-co"}).encode(), 422, "unknown layout 'khong-co'"),
    (json.dumps({"command": "clear_region", "region": "khong-co"}).encode(), 422, "khong-co"),
    (json.dumps({"command": "show_view", "region": "yte", "view": {"kind": "warp"}}).encode(), 422, "warp"),
    (json.dumps({"command": "show_view", "region": "yte", "view": {"kind": "web", "url": "https://evil.example/"}})
     .encode(), 422, "web page refused: host 'evil.example' is not in the wall's web allowlist (allowed: *.gov.vn)"),
    (json.dumps({"command": "apply_layout", "layout": "hop", "base_revision": "x"}).encode(), 400, "base_revision"),
    (json.dumps({"command": "rule_show", "rule": "r", "region": "yte", "view": None, "priority": 90,
                 "duration_s": 60}).encode(), 403, "alert rules only"),
])
def test_bad_commands_are_refused_with_the_problem_named(wall, body, status, words):
    before = wall.state()
    r = wall.call("POST", "/commands", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert words in (r.json().get("error") or r.json().get("reason")), r.text
    assert wall.state() == before


def test_an_oversized_body_is_refused_before_it_is_read(wall):
    r = wall.call("POST", "/commands", data=b"x" * (65 * 1024))
    assert r.status_code == 413 and "limit is 65536" in r.json()["error"]


def test_wrong_method_and_unknown_route(wall):
    assert wall.call("DELETE", "/state").status_code == 405
    assert wall.call("GET", "/nothing").status_code == 404


def _stream(wall, events: list, stop: threading.Event, label: str, since: int | None = None):
    headers = {"Authorization": f"Bearer {wall.tokens['viewer']}"}
    if since is not None:
        headers["Last-Event-ID"] = str(since)
    with requests.get(wall.url + "/events", params={"client": label}, headers=headers, stream=True,
                      timeout=30) as r:
        assert r.status_code == 200
        for event in sse_events(r):  # events as they come
            if stop.is_set():
                return
            events.append(event)


def _wait(pred, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False


def test_consoles_follow_changes_made_by_others_and_catch_up_after_a_drop(wall):
    events, stop = [], threading.Event()
    t = threading.Thread(target=_stream, args=(wall, events, stop, "bàn điều khiển 1"), daemon=True)
    t.start()
    assert _wait(lambda: events and events[0]["kind"] == "state")  # the whole state first
    assert _wait(lambda: any(c["client"] == "bàn điều khiển 1" for c in wall.call("GET", "/clients").json()["clients"]))
    r = wall.command(command="show_view", region="pakn", view={"kind": "overview"})
    rev = r.json()["revision"]
    assert _wait(lambda: any(e["kind"] == "state" and e["data"]["revision"] == rev for e in events))
    pushed = next(e for e in events if e["kind"] == "state" and e["data"]["revision"] == rev)
    assert pushed["data"]["by"] == "operator"
    assert next(x for x in pushed["data"]["regions"] if x["id"] == "pakn")["view"] == {"kind": "overview"}
    last_seen = pushed["id"]
    stop.set()
    wall.command(command="show_view", region="pakn", view={"kind": "clock"})  # wakes the stream so it ends
    t.join(10)
    assert _wait(lambda: not any(c["client"] == "bàn điều khiển 1"
                                 for c in wall.call("GET", "/clients").json()["clients"]))
    # missed while away: a console that comes back with Last-Event-ID gets exactly what it missed
    missed_rev = wall.command(command="show_view", region="pakn", view={"kind": "health"}).json()["revision"]
    again, stop2 = [], threading.Event()
    t2 = threading.Thread(target=_stream, args=(wall, again, stop2, "bàn điều khiển 1", last_seen), daemon=True)
    t2.start()
    assert _wait(lambda: any(e["kind"] == "state" and e["data"]["revision"] == missed_rev for e in again))
    pakn = [e["data"]["regions"][5]["view"]["kind"] for e in again if e["kind"] == "state"]
    assert pakn[0] == "clock" and "health" in pakn  # the missed changes in order (the wall's rules may add more)
    assert [e["id"] for e in again] == list(range(last_seen + 1, last_seen + 1 + len(again)))  # none skipped
    stop2.set()
    wall.command(command="show_view", region="pakn", view={"kind": "sector", "sector": "pakn"})
    t2.join(10)


def test_a_command_based_on_an_old_revision_does_not_override_a_colleague(wall):
    base = wall.state()["revision"]
    assert wall.command("technician", command="show_view", region="vbdt", view={"kind": "alerts"}).status_code == 200
    r = wall.call("POST", "/commands", json={"command": "clear_region", "region": "vbdt", "base_revision": base})
    assert r.status_code == 409 and r.json()["conflict"] and r.json()["regions"] == ["vbdt"]
    assert "changed by 'technician'" in r.json()["reason"] and '"force": true' in r.json()["reason"]
    assert next(x for x in wall.state()["regions"] if x["id"] == "vbdt")["view"] == {"kind": "alerts"}
    # another region is no conflict; and force applies it anyway
    assert wall.call("POST", "/commands", json={"command": "clear_region", "region": "hcc",
                                                "base_revision": base}).status_code == 200
    r = wall.call("POST", "/commands", json={"command": "clear_region", "region": "vbdt", "base_revision": base,
                                             "force": True})
    assert r.status_code == 200 and next(x for x in wall.state()["regions"] if x["id"] == "vbdt")["view"] is None


def test_two_consoles_at_once_both_get_answers_and_the_state_ends_consistent(wall):
    results = []

    def send(role, n):
        for i in range(15):
            kind = "clock" if (i + n) % 2 else "alerts"
            r = wall.command(role, command="show_view", region="antt", view={"kind": kind})
            results.append((r.status_code, r.json()["revision"]))

    threads = [threading.Thread(target=send, args=(role, n)) for n, role in enumerate(["operator", "technician"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 30 and all(status == 200 for status, _ in results)
    final = wall.state()
    assert final["revision"] == max(rev for _, rev in results)
    audit = [json.loads(x) for x in wall.call("GET", "/audit").text.strip().splitlines()]
    last = next(e for e in reversed(audit) if e["command"].get("region") == "antt")
    assert next(x for x in final["regions"] if x["id"] == "antt")["view"] == last["command"]["view"]


def test_alerts_are_listed_and_acknowledged_under_the_token_name(wall):
    assert _wait(lambda: wall.call("GET", "/alerts", "viewer").json()["alerts"], timeout=30)
    alert = wall.call("GET", "/alerts", "viewer").json()["alerts"][0]
    r = wall.call("POST", f"/alerts/{alert['id']}/ack")
    assert r.status_code == 200 and r.json() == {"acknowledged": alert["id"], "by": "operator"}
    again = next(a for a in wall.call("GET", "/alerts", "viewer").json()["alerts"] if a["id"] == alert["id"])
    assert again["acknowledged_by"] == "operator"
    assert wall.call("POST", "/alerts/khong-co/ack").status_code == 404


def test_a_snapshot_is_the_screen_scaled_and_not_blank(wall, qapp):
    from PySide6.QtGui import QImage

    r = wall.call("GET", "/screens/0/1/snapshot", "viewer", params={"width": 480})
    assert r.status_code == 200 and r.headers["Content-Type"] == "image/png"
    img = QImage.fromData(r.content)
    assert (img.width(), img.height()) == (480, 270)
    colours = {img.pixel(x, y) for x in range(0, 480, 12) for y in range(0, 270, 12)}
    assert len(colours) > 5  # a rendered screen, not a flat fill
    Path("artifacts").mkdir(exist_ok=True)
    img.save("artifacts/api-snapshot-0-1.png")
    assert wall.call("GET", "/screens/0/1/snapshot", params={"format": "jpeg", "width": 320}).headers[
        "Content-Type"] == "image/jpeg"
    assert wall.call("GET", "/screens/5/5/snapshot").status_code == 404
    assert wall.call("GET", "/screens/0/0/snapshot", params={"width": "huge"}).status_code == 400


def test_views_offer_cameras_without_credentials_and_web_pages(wall):
    doc = wall.call("GET", "/views", "viewer").json()
    assert {"kind": "camera", "camera": "cam-ben-thuy", "title": "Camera cầu Bến Thủy"} in doc["views"]
    assert any(v["kind"] == "camera_grid" and v["group"] == "chay-rung" for v in doc["views"])
    web = [v for v in doc["views"] if v["kind"] == "web"]  # the shipped pages, allowed by the default allowlist
    assert {"kind": "web", "url": "https://dichvucong.nghean.gov.vn/", "zoom": 1.5, "reload_s": 900,
            "title": "Trang web: Cổng dịch vụ công tỉnh Nghệ An"} in web
    text = json.dumps(doc)
    assert "password" not in text and "IOC_CAMERA_PASSWORD" not in text and "xem" not in text


def test_the_wall_is_found_with_zeroconf(wall):
    from zeroconf import ServiceBrowser, ServiceListener, Zeroconf

    from ioc_core.api.discovery import SERVICE_TYPE

    found = {}

    class Listener(ServiceListener):
        def add_service(self, zc, type_, name):
            info = zc.get_service_info(type_, name, timeout=2000)
            if info and info.properties.get(b"name") == NAME.encode():  # this wall, not another advertised here
                found[name] = info

        def update_service(self, zc, type_, name):
            pass

        def remove_service(self, zc, type_, name):
            pass

    zc = Zeroconf(interfaces=["127.0.0.1"])
    try:
        ServiceBrowser(zc, SERVICE_TYPE, Listener())
        assert _wait(lambda: found, timeout=5)
    finally:
        zc.close()
    [info] = found.values()
    props = {k.decode(): v.decode() for k, v in info.properties.items()}
    assert props == {"name": NAME, "api": "1", "rows": "3", "cols": "3", "tls": "0"}  # plain HTTP (tests/wallproc)
    assert info.port == int(wall.url.split(":")[2].split("/")[0])


def test_a_swap_and_a_meeting_goto_sent_twice_after_a_lost_answer_act_once(wall):
    """A console that lost the answer sends the same request again: the wall ends as after one, at one revision."""
    meeting = json.loads((Path(__file__).resolve().parents[2] / "meetings" / "giao-ban-thang-11.json").read_text())
    try:
        assert wall.command(command="apply_layout", layout="tong-quan").status_code == 200
        views = {r["id"]: r["view"] for r in wall.state()["regions"]}
        assert wall.command(command="show_view", region="hcc", view={"kind": "clock"}).status_code == 200
        swap = {"command": "swap_regions", "a": "yte", "b": "hcc", "expect": {"yte": views["yte"],
                                                                             "hcc": {"kind": "clock"}}}
        first, again = wall.command(**swap), wall.command(**swap)
        assert (first.status_code, again.status_code) == (200, 200), again.text
        assert first.json()["changed"] and not again.json()["changed"]
        assert again.json()["revision"] == first.json()["revision"] == wall.state()["revision"]
        shown = {r["id"]: r["view"] for r in wall.state()["regions"]}
        assert (shown["yte"], shown["hcc"]) == ({"kind": "clock"}, views["yte"])

        assert wall.command(command="load_meeting", meeting=meeting).status_code == 200
        goto = {"command": "meeting", "action": "goto", "item": 3}
        first, again = wall.command(**goto), wall.command(**goto)
        assert (first.status_code, again.status_code) == (200, 200), again.text
        assert first.json()["item"] == again.json()["item"] == 3 and not again.json()["changed"]
        state = wall.state()
        assert state["revision"] == first.json()["revision"] and state["meeting"]["item"] == 2  # the third, 0-based
        step = {"command": "meeting", "action": "next", "from_item": 3}
        first, again = wall.command(**step), wall.command(**step)
        assert first.json()["item"] == again.json()["item"] == 4 and wall.state()["meeting"]["item"] == 3
        # the old form a console in the field sends still steps
        assert wall.command(command="meeting", action="prev").json()["item"] == 3
    finally:
        for cmd in ({"command": "meeting", "action": "end"}, {"command": "meeting", "action": "close"},
                    {"command": "apply_layout", "layout": "tong-quan"}):
            wall.command(**cmd)
