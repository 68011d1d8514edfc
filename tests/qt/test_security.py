"""The wall's security surface, point by point: secrets kept out of logs, the audit log and what consoles and remote
rooms see; the state folder private; nothing a console or a technician's file names reads a local file or leaves
its folder; web views held to the allowlist. Qt-free where the point is a core module's, against a real wall process
where it is about the running wall."""

from __future__ import annotations

import contextlib
import copy
import http.client
import itertools
import json
import logging
import os
import socket
import sqlite3
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests
import shiboken6

from ioc_core.api import server as server_module
from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import PREFIX, Api
from ioc_core.api.server import ApiServer
from ioc_core.api.tokens import Principal, TokenStore
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.validate import parse_layout
from ioc_core.meeting.minutes import folder_name, image_name
from ioc_core.meeting.model import parse_meeting
from ioc_core.meeting.run import MeetingRun
from ioc_core.problems import InvalidFile
from ioc_core.redact import LogFilter, redact, redact_doc, redact_text
from ioc_core.setup.webpolicy import WebAllowlist
from ioc_core.statedir import keep_private

from ..common import ROOT, SHIPPED_LAYOUTS
from ..waiting import until
from ..wallproc import READY, WallApi, WallProcess

# -- secrets in addresses ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "shown"), [
    ("rtsp://admin:S3cret@10.0.0.5:554/ch1", "rtsp://***@10.0.0.5:554/ch1"),
    ("rtsp://admin:p@ss@10.0.0.5/ch1", "rtsp://***@10.0.0.5/ch1"),  # an '@' in the password
    ("rtsp://10.0.0.5/live?channel=1&token=abc123", "rtsp://10.0.0.5/live?channel=1&token=***"),
    ("https://vms.example/hls.m3u8?apikey=k&Password=p&sig=s", "https://vms.example/hls.m3u8?apikey=***&Password=***&sig=***"),
    ("https://portal.gov.vn/#access_token=t&x=1", "https://portal.gov.vn/#access_token=***&x=1"),
    ("rtsp://10.0.0.5/cam/realmonitor?channel=1&subtype=0", "rtsp://10.0.0.5/cam/realmonitor?channel=1&subtype=0"),
])
def test_an_address_is_shown_without_its_secrets(url, shown):
    assert redact(url) == shown


def test_free_text_and_documents_are_masked_wherever_an_address_appears():
    text = "Could not open rtsp://u:pw1@10.0.0.5/a?token=tok1 (via http://x:pw2@proxy:3128/)"
    assert redact_text(text) == "Could not open rtsp://***@10.0.0.5/a?token=*** (via http://***@proxy:3128/)"
    assert redact_text("GET /api/v1/share?token=… HTTP/1.1") == "GET /api/v1/share?token=… HTTP/1.1"
    doc = {"command": "load_meeting", "meeting": {"points": [{"id": "a", "feed": "rtsp://u:pw@h/x"}],
                                                  "title": "Họp: 10:00"}}
    assert redact_doc(doc) == {"command": "load_meeting", "meeting": {
        "points": [{"id": "a", "feed": "rtsp://***@h/x"}], "title": "Họp: 10:00"}}


def test_the_log_filter_masks_messages_arguments_and_tracebacks(caplog):
    log = logging.getLogger("test.security")
    caplog.handler.addFilter(LogFilter())
    with caplog.at_level(logging.INFO, "test.security"):
        log.warning("camera %s: %s", "c1", "cannot open rtsp://admin:pw-in-arg@10.0.0.9/ch1")
        try:
            raise OSError("refused: http://u:pw-in-trace@10.0.0.9/snap.jpg?auth=pw-in-query")
        except OSError:
            log.exception("snapshot failed")
    assert "pw-in" not in caplog.text
    assert "rtsp://***@10.0.0.9/ch1" in caplog.text and "auth=***" in caplog.text


def test_the_audit_log_keeps_commands_without_the_secrets_of_their_addresses(tmp_path):
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS))
    desk = CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl"), None)
    meeting = {"schema_version": 1, "title": "Họp", "starts_at": "2026-11-24T08:00:00+07:00",
               "items": [{"title": "Mục 1", "minutes": 5}],
               "points": [{"id": "a", "name": "Điểm cầu A", "feed": "rtsp://hop:FeedPw0rd@192.0.2.60/a?token=T0k"}]}
    reply = desk.execute({"command": "load_meeting", "meeting": meeting}, Principal("operator", "operator"))
    assert reply.done
    text = (tmp_path / "audit.jsonl").read_text()
    assert "FeedPw0rd" not in text and "T0k" not in text and "rtsp://***@192.0.2.60/a?token=***" in text
    assert controller.state.meeting.meeting.point("a").feed.startswith("rtsp://hop:FeedPw0rd@")  # the wall still can


# -- web views held to the allowlist (ioc_core/setup/webpolicy.py) -----------------------------------------------------

# the allowlist's own cases (schemes, user info, look-alike hosts, entries) are in tests/core/test_webpolicy.py


def test_a_real_page_cannot_reach_local_files_or_trick_its_way_to_another_host(server, qapp, qtbot):
    """In Chromium: an allowed page's frame, picture and navigation to file: and to an address whose user info
    names the allowed host all stay on the allowed page; the wall itself refuses such an address before loading."""
    from ioc_core.layouts.model import Region
    from wall.widgets.base import ViewContext
    from wall.widgets.registry import create_view

    from ..fakeservers import ScriptedServer
    from ..pictures import Stage

    allowed = server.url.removeprefix("http://")
    other = ScriptedServer()  # reachable, not allowed
    stage = Stage()
    try:
        trick = f"http://{allowed}@{other.url.removeprefix('http://').replace('127.0.0.1', 'localhost')}/"
        server.routes["/p"] = (200, "<!doctype html><body style='background:#c03030'>"
                               "<iframe src='file:///etc/hostname'></iframe><img src='file:///etc/hostname'>"
                               f"<script>setTimeout(() => {{ location.href = '{trick}'; }}, 200);"
                               "setTimeout(() => { location.href = 'file:///etc/hostname'; }, 600);</script>",
                               "text/html; charset=utf-8")

        def place(url):
            return stage.place(create_view(Region("web", 0, 0), {"kind": "web", "url": url},
                                           ViewContext(web_allow=WebAllowlist((allowed,)))))

        refused = place(trick + "p")
        assert refused.state == "refused" and "user name or password before its host 'localhost'" in refused.why
        view = place(server.url + "/p")
        qtbot.waitUntil(lambda: view.state == "live", timeout=15000)
        qtbot.waitUntil(lambda: any(b.startswith(f"http://{allowed}@") for b in view.page().blocked), timeout=5000)
        qtbot.wait(1000)  # the thing under test: a while after the block, still on its own page (nothing to wait on)
        assert view.state == "live" and view.page().url().toString() == server.url + "/p"
        assert not other.requests
    finally:
        stage.close(qapp)
        other.close()


# -- nothing names a local file or a path outside its folder --------------------------------------------------------

DEMO_MEETING = json.loads((ROOT / "meetings" / "giao-ban-thang-11.json").read_text())


def _meeting(change) -> dict:
    doc = copy.deepcopy(DEMO_MEETING)
    change(doc)
    return doc


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.update(id="../../api-tokens"), "$.id: '../../api-tokens' does not match"),  # the minutes folder
    (lambda d: d.update(id="/etc"), "$.id: '/etc' does not match"),
    (lambda d: d.update(layout="../hop"), "$.layout: '../hop' does not match"),
    (lambda d: d["points"][0].update(feed="file:///etc/passwd"), "$.points[0].feed: a feed must be an address"),
    (lambda d: d["points"][0].update(feed="rtsp:///etc/passwd"), "$.points[0].feed: a feed must be an address"),
    (lambda d: d["items"][0]["views"].update({"trung-tam": {"kind": "web", "url": "file:///etc/passwd"}}),
     "$.items[0].views.trung-tam.url: 'file:///etc/passwd' does not match"),
    (lambda d: d["items"][0]["views"].update({"trung-tam": {"kind": "web", "url": "https://evil.example/"}}),
     "$.items[0].views.trung-tam.url: web page refused: host 'evil.example' is not in the wall's web allowlist"),
    (lambda d: d["items"][0]["views"].update({"trung-tam": {"kind": "camera", "camera": "diem-cau:../x"}}),
     "$.items[0].views.trung-tam"),
    (lambda d: d["items"][0]["views"].update({"../trung-tam": {"kind": "overview"}}), "$.items[0].views"),
])
def test_a_meeting_naming_a_local_file_or_a_path_is_refused_with_the_field(change, words):
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), web_allow=WebAllowlist(("*.gov.vn",)))
    result = controller.execute({"command": "load_meeting", "meeting": _meeting(change)})
    assert not result.accepted and words in result.reason, result.reason
    assert controller.state.meeting is None


def test_a_saved_meeting_with_a_path_for_an_id_is_dropped_and_a_folder_name_is_one_safe_name():
    with pytest.raises(InvalidFile, match=r"\$\.id: '\.\./\.\./x' does not match"):
        MeetingRun.from_saved({"meeting": _meeting(lambda d: d.update(id="../../x"))})
    run = MeetingRun(parse_meeting(DEMO_MEETING), started_at=1795482000.0)
    odd = replace(run, meeting=replace(run.meeting, id="../../../etc/x"))  # past the schema: the names still hold
    for name in (folder_name(run), folder_name(odd), image_name(0, "../../x"), image_name(2, "/abs")):
        assert "/" not in name and ".." not in name and not name.startswith("."), name


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.update(id="../../x"), "$.id: '../../x' is not a valid value"),
    (lambda d: d["regions"][0].update(id="/abs"), "$.regions[0].id: '/abs' is not a valid value"),
    (lambda d: d["regions"][0].update(view={"kind": "web", "url": "file:///etc/passwd"}),
     "$.regions[0].view.url: 'file:///etc/passwd' is not a valid value"),
    (lambda d: d["regions"][0].update(view={"kind": "camera", "camera": "diem-cau:../x"}),
     "$.regions[0].view.camera"),
])
def test_a_layout_naming_a_path_or_a_local_file_is_refused_with_the_field(change, words):
    doc = json.loads((SHIPPED_LAYOUTS / "hop.json").read_text())
    change(doc)
    with pytest.raises(InvalidFile) as err:
        parse_layout(doc, "hop.json")
    assert words in str(err.value)


@pytest.mark.parametrize(("cmd", "words"), [
    ({"command": "show_view", "region": "hcc", "view": {"kind": "web", "url": "file:///etc/passwd"}}, "view.url"),
    ({"command": "show_view", "region": "hcc", "view": {"kind": "web", "url": "http://u:p@x.gov.vn/"}},
     "user name or password"),
    ({"command": "show_view", "region": "hcc", "view": {"kind": "camera", "camera": "../../x"}}, "view.camera"),
    ({"command": "rule_show", "rule": "r", "region": "hcc", "view": {"kind": "web", "url": "data:text/html,x"},
      "priority": 90, "duration_s": 60}, "rule_show: view.url"),
    ({"command": "apply_layout", "layout": "../tong-quan"}, "unknown layout '../tong-quan'"),
])
def test_a_command_naming_a_local_file_or_a_path_is_refused_with_the_field(cmd, words):
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), web_allow=WebAllowlist(("*.gov.vn",)))
    result = controller.execute(cmd)
    assert not result.accepted and words in result.reason, result.reason


@pytest.mark.parametrize("path", ["/minutes/../api-tokens.json", "/minutes/%2e%2e/api-tokens.json",
                                  "/minutes/a%2f..%2f..%2fapi-tokens.json/x.json", "/minutes/..%2f..%2f/state.json",
                                  "/minutes/.hidden/tom-tat.json", "/minutes/m/..", "/minutes/m/%2e%2e",
                                  "/minutes/m/tom-tat.json%00.pdf", "/minutes/m/secret.txt"])
def test_the_minutes_route_serves_files_of_the_minutes_folders_only(tmp_path, path):
    state = tmp_path / "state"
    (state / "minutes" / "m").mkdir(parents=True)
    (state / "minutes" / "m" / "tom-tat.json").write_text("{}")
    (state / "minutes" / "m" / "secret.txt").write_text("x")
    (state / "api-tokens.json").write_text("{}")
    (state / "state.json").write_text("{}")
    tokens = TokenStore(tmp_path / "tokens.json")
    api = Api(tokens, None, None, minutes=state / "minutes")
    auth = {"Authorization": f"Bearer {tokens.token('operator')}"}
    assert api.handle("GET", PREFIX + "/minutes/m/tom-tat.json", "", auth, b"").status == 200
    assert api.handle("GET", PREFIX + path, "", auth, b"").status == 404


# -- a real wall: no secret in its log, its audit log or its answers; its state folder private -----------------------

FEED_PW, FEED_TOK, CAM_PW, CAM_TOK, SNAP_KEY, WEB_PW = ("FeedPassw0rd", "FeedT0k3n", "CamPassw0rd", "CamT0k3n",
                                                        "SnapK3y", "WebPassw0rd")


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("security")
    state_dir = folder / "state"
    state_dir.mkdir(mode=0o755)  # left open by someone: the wall closes it
    os.chmod(state_dir, 0o755)
    cameras = {"schema_version": 1, "groups": [{"id": "g", "name": {"vi": "Nhóm"}, "kind": "security"}],
               "cameras": [{"id": "cam-a", "name": {"vi": "Camera A"}, "group": "g", "username": "xem",
                            "password_env": "IOC_TEST_CAMERA_PASSWORD",
                            "streams": [f"rtsp://127.0.0.1:9/ch1?channel=1&token={CAM_TOK}"],
                            "snapshot": f"http://127.0.0.1:9/snap.jpg?apikey={SNAP_KEY}"}]}
    (folder / "cameras.json").write_text(json.dumps(cameras), encoding="utf-8")
    proc = WallProcess("--demo", "--state-dir", str(state_dir), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan", "--cameras", str(folder / "cameras.json"), "--log-level", "debug",
                       env={"IOC_TEST_CAMERA_PASSWORD": CAM_PW})
    try:
        proc.wait_for(READY, 90)
        yield WallApi(proc, state_dir)
    finally:
        proc.stop()


def secrets_of(wall) -> dict[str, str]:
    return {**{f"{role} token": token for role, token in wall.tokens.items()},
            **{name: value for name, value in zip(("feed password", "feed token", "camera password", "camera token",
                                                   "snapshot key", "web password"),
                                                  (FEED_PW, FEED_TOK, CAM_PW, CAM_TOK, SNAP_KEY, WEB_PW),
                                                  strict=True)}}


def leaks(wall, text: str) -> list[str]:
    return [name for name, value in secrets_of(wall).items() if value in text]


def test_a_meeting_with_credentials_leaves_no_secret_in_logs_answers_or_the_audit_log(wall):
    meeting = _meeting(lambda d: (
        d["points"][0].update(feed=f"rtsp://hop:{FEED_PW}@127.0.0.1:9/hop?token={FEED_TOK}"),
        d["items"][0]["views"].update({"trung-tam": {"kind": "camera", "camera": "diem-cau:nghi-loc"},
                                       "so-lieu-3": {"kind": "camera", "camera": "cam-a"}}),
        d["items"][1]["views"].update({"so-lieu-2": {"kind": "camera_grid", "group": "g", "mode": "snapshot",
                                                     "snapshot_s": 1}})))
    assert wall.command(command="load_meeting", meeting=meeting).status_code == 200
    assert wall.command("technician", command="meeting", action="start").status_code == 200
    # the feed and the camera are tried (and fail: nothing listens), and say so in the log
    until(lambda: "camera diem-cau:nghi-loc: opening" in wall.proc.log and "camera cam-a: opening" in wall.proc.log,
          20, "the meeting's cameras tried")
    assert wall.command(command="meeting", action="next").status_code == 200
    time.sleep(3)  # the snapshot poll (every 1 s) is tried: nothing to wait on that says so, and it must log nothing
    # a page with a password in its address is refused, and the refusal (logged) does not repeat it
    r = wall.command(command="show_view", region="so-lieu-1",
                     view={"kind": "web", "url": f"https://xem:{WEB_PW}@dichvucong.nghean.gov.vn/"})
    assert r.status_code == 422 and "user name or password" in r.json()["reason"] and WEB_PW not in r.text
    assert wall.command(command="share", wall=True).status_code == 200
    assert wall.command(command="meeting", action="end").status_code == 200

    # every role, and the share routes with the token in the address (as phones send it)
    answers = {}
    for role in ("viewer", "operator", "technician"):
        for path in ("/wall", "/state", "/views", "/layouts", "/alerts", "/rules", "/clients", "/health"):
            r = wall.call("GET", path, role)
            assert r.status_code == 200, (role, path, r.text)
            answers[f"{role} {path}"] = r.text
    for role in ("share", "viewer"):
        r = requests.get(f"{wall.url}/share/info", params={"token": wall.tokens[role]}, timeout=10)
        assert r.status_code == 200
        answers[f"{role} /share/info"] = r.text
        assert requests.get(f"{wall.url}/share/frame.jpg", params={"token": wall.tokens[role], "wait": 0},
                            timeout=10).status_code in (200, 204)
    for role in ("operator", "technician"):  # a token that commands the wall never opens anything in an address
        for path in ("/share/info", "/state"):
            assert requests.get(wall.url + path, params={"token": wall.tokens[role]}, timeout=10).status_code == 401
    answers["operator /audit"] = wall.call("GET", "/audit").text
    minutes = wait_for_minutes(wall)
    answers["operator minutes summary"] = wall.call("GET", f"/minutes/{minutes}/tom-tat.json").text
    answers["operator minutes captures"] = wall.call("GET", f"/minutes/{minutes}/anh.json").text

    state = json.loads(answers["viewer /state"])
    assert state["meeting"]["meeting"]["points"][0]["feed"] == "rtsp://***@127.0.0.1:9/hop?token=***"
    cams = json.loads(answers["viewer /views"])["cameras"]
    assert cams == [{"id": "cam-a", "name": {"vi": "Camera A", "en": "Camera A"}, "group": "g",
                     "streams": ["rtsp://127.0.0.1:9/ch1?channel=1&token=***"]}]
    assert json.loads(answers["share /share/info"])["meeting"]["points"][0] == {"name": "UBND huyện Nghi Lộc",
                                                                               "status": "online"}
    until(lambda: "GET /api/v1/share/info?token=***" in wall.proc.log, what="the request lines logged, blanked")
    files = {"audit.jsonl": (wall.state_dir / "audit.jsonl").read_text(encoding="utf-8"), "log": wall.proc.log}
    assert "camera diem-cau:nghi-loc: opening rtsp://***@127.0.0.1:9/hop?token=***" in wall.proc.log  # it was tried
    assert "camera cam-a: opening rtsp://***@127.0.0.1:9/ch1?channel=1&token=***" in wall.proc.log
    assert "GET /api/v1/share/info?token=***" in wall.proc.log  # the request lines with a token in them, blanked
    for where, text in {**answers, **files}.items():
        assert not leaks(wall, text), f"{leaks(wall, text)} in {where}"


def wait_for_minutes(wall) -> str:
    deadline = time.monotonic() + 60
    while True:
        listing = wall.call("GET", "/minutes").json()["minutes"]
        if listing and listing[0]["complete"]:
            return listing[0]["folder"]
        assert time.monotonic() < deadline, f"no finished minutes: {listing}"
        time.sleep(0.3)


def test_a_name_with_a_newline_stays_on_one_line_of_the_wall_s_log_and_an_encoded_token_is_masked(wall):
    """An operator's preset name with a newline and a forged log line in it, and the share token under a
    percent-encoded parameter name (which the wall reads as 'token'): the real wall's log keeps the name on its
    record's line and masks the token."""
    forged = "2026-12-06 10:00:00,000 INFO wall: layout 'tong-quan' deleted by admin"
    r = wall.command(command="recall_preset", name=f"Sáng\n{forged}\r\x1b[2K")
    assert r.status_code == 422 and r.json()["refused"] == "not_found", r.text
    line = until(lambda: next((ln for ln in wall.proc.lines if "command refused: unknown preset 'Sáng" in ln), None),
                 20, "the refusal logged")
    assert rf"unknown preset 'Sáng\n{forged}\r\x1b[2K'" in line
    assert not any(ln.startswith(forged[:23]) for ln in wall.proc.lines)

    share = wall.tokens["share"]
    host, port = wall.url.removeprefix("http://").split("/", 1)[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:  # (requests would write '%74' back as 't')
        connection.request("GET", f"{PREFIX}/share/info?%74oken={share}")
        assert connection.getresponse().status == 200  # the wall reads the name as 'token'
    finally:
        connection.close()
    until(lambda: f"{PREFIX}/share/info?%74oken=***" in wall.proc.log, 20, "the request line logged, masked")
    assert share not in wall.proc.log


def test_everything_the_wall_writes_in_its_state_folder_is_its_own_users_only(wall):
    wait_for_minutes(wall)  # (the meeting of the test before: its pictures, summary and PDF are written)
    root = wall.state_dir
    modes = {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    names = {Path(p).name for p in modes}
    assert {"state.json", "api-tokens.json", "audit.jsonl", "indicators.sqlite", "indicators.sqlite-wal",
            "indicators.sqlite-shm", "minutes", "bien-ban.pdf", "tom-tat.json", "anh.json", "01-trung-tam.png"} <= names
    open_to_others = {p: oct(m) for p, m in modes.items() if m & 0o077}
    assert not open_to_others
    assert all(m & 0o700 == 0o700 for p, m in modes.items() if (root / p).is_dir())


@pytest.fixture
def umask():
    """keep_private sets the process's umask: this test process gets its own back."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_private_state_folder_is_created_closed_or_closed_when_found_open(tmp_path, umask, caplog):
    fresh = tmp_path / "new" / "state"
    keep_private(fresh)
    (fresh / "minutes").mkdir()
    (fresh / "minutes" / "x.png").write_bytes(b"")
    sqlite3.connect(fresh / "db.sqlite").execute("CREATE TABLE t (x)").connection.close()
    made = (fresh, fresh / "minutes", fresh / "minutes" / "x.png", fresh / "db.sqlite")
    assert [oct(stat.S_IMODE(p.stat().st_mode)) for p in made] == ["0o700", "0o700", "0o600", "0o600"]
    old = tmp_path / "old"
    old.mkdir(mode=0o777)
    os.chmod(old, 0o775)
    with caplog.at_level(logging.WARNING, "ioc_core.statedir"):
        keep_private(old)
    assert stat.S_IMODE(old.stat().st_mode) == 0o700 and "was open to other users (775); now 700" in caplog.text


# -- the API server: a slow client cannot hold a connection for ever -------------------------------------------------

@contextlib.contextmanager
def serving(tmp_path, monkeypatch, **limits):
    """A real API server on 127.0.0.1 in this process, with the server module's ``limits`` (REQUEST_S, ...)."""
    for name, value in limits.items():
        monkeypatch.setattr(server_module, name, value)
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS))
    bus = EventBus()
    tokens = TokenStore(tmp_path / "api-tokens.json")
    api = Api(tokens, ControllerPort("thử", controller, CommandDesk(controller, None, bus)), bus)
    server = ApiServer(api, "127.0.0.1", 0)
    server.start()
    try:
        yield server, tokens
    finally:
        server.stop()


@pytest.fixture
def api_server(tmp_path, monkeypatch):
    with serving(tmp_path, monkeypatch, REQUEST_S=1.0) as running:
        yield running


def _closed_within(sock: socket.socket, seconds: float, trickle: bytes) -> float | None:
    """Sends ``trickle`` a byte every 0.2 s; the time at which the server closed the connection, or None."""
    start = time.monotonic()
    sock.settimeout(0.2)
    for byte in itertools.cycle(trickle):
        if time.monotonic() - start > seconds:
            return None
        try:
            sock.sendall(bytes([byte]))
            if sock.recv(1024) == b"":
                return time.monotonic() - start
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            return time.monotonic() - start
    return None


def test_a_request_that_trickles_in_is_cut_off_at_its_deadline_and_others_are_served(api_server):
    server, tokens = api_server
    slow = socket.create_connection(("127.0.0.1", server.port))
    try:
        line = b"GET /api/v1/wall HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 200
        closed = _closed_within(slow, 6.0, line)  # each byte well inside the 10 s read timeout
        assert closed is not None and closed < 3.0, closed
    finally:
        slow.close()
    auth = {"Authorization": f"Bearer {tokens.token('viewer')}"}
    with requests.Session() as session:  # a console's keep-alive connection: request after request, each in time
        for _ in range(3):
            r = session.get(f"http://127.0.0.1:{server.port}/api/v1/wall", headers=auth, timeout=5)
            assert r.status_code == 200 and r.json()["you"]["role"] == "viewer"
            time.sleep(0.4)  # the thing under test: a console idle between requests on its keep-alive connection


# -- the operator token on the identify overlay stays in the room -----------------------------------------------------

def _picture(scene):
    """Screen (0, 0) of ``scene`` rendered into an image: what a snapshot, the share-out or the minutes get."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080))
    painter.end()
    return image


def test_the_identify_overlay_draws_the_operator_token_on_the_wall_only_never_into_a_picture(qapp):
    """Screen 1's identify card tells the technician at the wall the operator token; a picture of the screen (a
    snapshot for a viewer, the share-out, the minutes: a render into an image) gets it masked."""
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

    from wall.runtime.overlays import IdentifyItem

    scene = QGraphicsScene(0, 0, 1920, 1080)
    item = IdentifyItem(QRectF(0, 0, 1920, 1080), 1, 0, 0)
    item.setVisible(True)
    item.api_address = "http://tuong:8765/api/v1/"
    scene.addItem(item)
    view = QGraphicsView(scene)
    view.resize(1920, 1080)

    try:
        shots, screens = [], []
        for token in ("A" * 43, "W" * 43):
            item.api_token = token
            item.update()
            shots.append(_picture(scene))
            screens.append(view.grab().toImage())
        assert shots[0] == shots[1]  # the token is not in the picture...
        assert screens[0] != screens[1]  # ... while the wall's own screen shows it
    finally:
        view.deleteLater()
        scene.removeItem(item)
        shiboken6.delete(scene)
        qapp.processEvents()


def test_identify_screen_1_shows_the_certificate_fingerprint_a_console_asks_the_operator_to_trust(qapp):
    """The fingerprint a console shows when it first meets the wall is on the wall itself (screen 1 while
    identifying), where no impostor on the LAN can put it; it is no secret, so pictures of the screen keep it."""
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QGraphicsScene

    from ioc_core.api.identity import shown
    from wall.runtime.overlays import IdentifyItem

    scene = QGraphicsScene(0, 0, 1920, 1080)
    item = IdentifyItem(QRectF(0, 0, 1920, 1080), 1, 0, 0)
    item.setVisible(True)
    item.api_address, item.api_token = "https://tuong:8765/api/v1/", "A" * 43
    scene.addItem(item)

    try:
        shots = []
        for fingerprint in ("", shown("ab" * 32), shown("cd" * 32)):
            item.api_fingerprint = fingerprint
            item.update()
            shots.append(_picture(scene))
        assert shots[0] != shots[1] != shots[2]  # drawn, and which one it is shows
    finally:
        scene.removeItem(item)
        shiboken6.delete(scene)
        qapp.processEvents()


# -- the API server: one address cannot take every connection -------------------------------------------------------
def _from(address: str, port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(address, 0))


def _refused(sock: socket.socket) -> bool:
    """Whether the server closed the connection at once (held connections wait for their request: no answer)."""
    sock.settimeout(2.5)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def _status(address: str, port: int, token: str) -> int:
    with _from(address, port) as sock:
        sock.sendall(f"GET /api/v1/wall HTTP/1.0\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        return int(sock.makefile("rb").readline().split()[1])


def test_one_address_cannot_take_every_connection_and_a_full_server_refuses_rather_than_queues(
        tmp_path, monkeypatch, caplog):
    held: list[socket.socket] = []
    # idle connections are held while the test runs (REQUEST_S)
    with serving(tmp_path, monkeypatch, REQUEST_S=30.0, MAX_CONNECTIONS=10, MAX_PER_ADDRESS=6) as (server, tokens):
        viewer = tokens.token("viewer")
        try:
            with caplog.at_level(logging.WARNING, "ioc_core.api.server"):
                held += [_from("127.0.0.1", server.port) for _ in range(6)]  # a device gone wild
                assert not any(_refused(s) for s in held[-1:])
                extra = [_from("127.0.0.1", server.port) for _ in range(3)]
                assert all(_refused(s) for s in extra)  # its seventh and later
                for s in extra:
                    s.close()
                assert _status("127.0.0.2", server.port, viewer) == 200  # a console elsewhere is served
                held += [_from("127.0.0.3", server.port) for _ in range(3)]
                held.append(_held("127.0.0.3", server.port))  # ten open: the server is full

                assert _refused(_from("127.0.0.4", server.port))  # refused at once, not queued
            said = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
            assert said[0] == "API connection from 127.0.0.1 refused: 6 connections open from that address"
            assert "API connection from 127.0.0.4 refused: 10 connections open" in said
            assert len([m for m in said if "127.0.0.1" in m]) == 1  # one line, not one a connection
            for s in held[:6]:
                s.close()
            deadline = time.monotonic() + 5
            while _status_or_none("127.0.0.1", server.port, viewer) != 200:  # its slots given back as they close
                assert time.monotonic() < deadline, "the address's closed connections were not given back"
                time.sleep(0.1)
        finally:
            for s in held:
                s.close()


def _held(address: str, port: int) -> socket.socket:
    """A connection the server holds: the slot of one that just ended is given back by its thread a moment after
    its answer, so a refusal right then is tried again."""
    deadline = time.monotonic() + 10
    while True:
        sock = _from(address, port)
        if not _refused(sock):
            return sock
        sock.close()
        assert time.monotonic() < deadline, f"no connection from {address} was held"
        time.sleep(0.1)


def _status_or_none(address: str, port: int, token: str) -> int | None:
    try:
        return _status(address, port, token)
    except (IndexError, OSError):
        return None
