"""The wall's security surface, point by point: secrets kept out of logs, the audit log and what consoles and remote
rooms see; the state folder private; nothing a console or a technician's file names reads a local file or leaves
its folder; web views held to the allowlist. Qt-free where the point is a core module's, against a real wall process
where it is about the running wall."""

from __future__ import annotations

import logging

import pytest

from wall.api.audit import AuditLog
from wall.api.desk import CommandDesk
from wall.api.tokens import Principal
from wall.controller import Controller
from wall.layouts import LayoutLibrary
from wall.redact import LogFilter, redact, redact_doc, redact_text

from .conftest import SHIPPED_LAYOUTS

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
    status, _ = desk.execute({"command": "load_meeting", "meeting": meeting}, Principal("operator", "operator"))
    assert status == 200
    text = (tmp_path / "audit.jsonl").read_text()
    assert "FeedPw0rd" not in text and "T0k" not in text and "rtsp://***@192.0.2.60/a?token=***" in text
    assert controller.state.meeting.meeting.point("a").feed.startswith("rtsp://hop:FeedPw0rd@")  # the wall still can
