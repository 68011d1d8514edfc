"""Secrets masked however an address spells them, and every log record on one line (ioc_core/redact.py, through the
wall's own log handler from ioc_core/logsetup.py). The real wall's log is checked in tests/qt/test_security.py."""

from __future__ import annotations

import io
import logging

import pytest

from ioc_core.logsetup import JournalFormatter, stderr_handler
from ioc_core.redact import redact, redact_text, secret_param


@pytest.mark.parametrize(("url", "shown"), [
    ("https://wall:8443/api/v1/share/info?%74oken=S3cr3t", "https://wall:8443/api/v1/share/info?%74oken=***"),
    ("https://wall/share?TOKEN=S3cr3t&x=1", "https://wall/share?TOKEN=***&x=1"),
    ("https://wall/share?to%6Ben=S3cr3t&x=1", "https://wall/share?to%6Ben=***&x=1"),
    ("https://wall/share?%54%4F%4B%45%4E=S3cr3t", "https://wall/share?%54%4F%4B%45%4E=***"),
    ("https://wall/share?%2574oken=S3cr3t", "https://wall/share?%2574oken=***"),  # decoded twice on its way
    ("https://vms/hls?pass%77ord=S3%63r3t&ch=2", "https://vms/hls?pass%77ord=***&ch=2"),  # the value as written
    ("https://vms/hls?ch=1&amp;token=S3cr3t&amp;ch=2", "https://vms/hls?ch=1&amp;token=***&amp;ch=2"),
    ("https://vms/hls?ch=1;token=S3cr3t", "https://vms/hls?ch=1;token=***"),
    ("https://vms/hls?ch=1;api%5Fkey=S3cr3t&ch=2", "https://vms/hls?ch=1;api%5Fkey=***&ch=2"),
    ("https://portal/#ACCESS_TOKEN=S3cr3t&x=1", "https://portal/#ACCESS_TOKEN=***&x=1"),
    ("rtsp://adm%69n:p%40ss@10.0.0.5/ch1", "rtsp://***@10.0.0.5/ch1"),
    ("rtsp://10.0.0.5/cam?channel=1&subtype=0", "rtsp://10.0.0.5/cam?channel=1&subtype=0"),  # nothing to hide
])
def test_a_secret_is_masked_however_its_parameter_is_spelled(url, shown):
    assert redact(url) == shown
    assert "S3cr3t" not in redact_text(f"GET {url} failed") and "S3%63r3t" not in redact_text(f"GET {url} failed")
    assert redact_text(f"GET {url} failed") == f"GET {shown} failed"


def test_a_name_told_as_secret_is_masked_in_any_case_and_spelling():
    secret_param("appid")
    assert redact("https://api.owm/weather?q=Vinh&APPID=k1") == "https://api.owm/weather?q=Vinh&APPID=***"
    assert redact_text("GET /weather?q=Vinh&%61ppid=k1") == "GET /weather?q=Vinh&%61ppid=***"


def test_an_address_s_encoded_user_info_is_masked_in_free_text():
    text = "cannot open rtsp://adm%69n:p%40ss@10.0.0.5/ch1 (timeout)"
    assert redact_text(text) == "cannot open rtsp://***@10.0.0.5/ch1 (timeout)"


def _wall_log(stream: io.StringIO) -> tuple[logging.Logger, logging.Handler]:
    """A logger that writes through the wall's own handler, as wall/app.py sets it up."""
    handler = stderr_handler(stream)
    log = logging.getLogger("test.redact.wall")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log, handler


FORGED = "Hòa\n2026-12-06 10:00:00,000 INFO wall: layout 'tong-quan' deleted by admin\r\x1b[2K\x85\u2028x"


def test_an_operator_s_text_cannot_forge_a_second_log_line():
    out = io.StringIO()
    log, handler = _wall_log(out)
    try:
        log.info("preset '%s' saved", FORGED)
        log.warning("command refused: unknown region '" + FORGED + "'")  # no arguments: the message itself
        log.info("tab\tstays")
    finally:
        log.removeHandler(handler)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert lines[0].endswith(r"INFO test.redact.wall: preset 'Hòa\n2026-12-06 10:00:00,000 INFO wall: layout "
                             r"'tong-quan' deleted by admin\r\x1b[2K\x85\u2028x' saved")
    assert r"unknown region 'Hòa\n2026-12-06" in lines[1]
    assert lines[2].endswith("tab\tstays")
    assert not any(line.startswith("2026-12-06 10:00:00,000") for line in lines)


def test_a_traceback_keeps_its_lines_and_the_message_stays_on_one():
    out = io.StringIO()
    log, handler = _wall_log(out)
    try:
        try:
            raise ValueError("bad\nvalue")
        except ValueError:
            log.exception("import of '%s' failed", "a\nb")
    finally:
        log.removeHandler(handler)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(r"import of 'a\nb' failed")
    assert lines[1] == "Traceback (most recent call last):" and lines[-2:] == ["ValueError: bad", "value"]


def test_the_journal_gets_one_entry_per_record():
    out = io.StringIO()
    log, handler = _wall_log(out)
    handler.setFormatter(JournalFormatter())
    try:
        log.warning("region %s renamed", "A\u2028<3>ERROR wall: forged")  # splitlines splits on U+2028 too
    finally:
        log.removeHandler(handler)
    assert out.getvalue().splitlines() == [r"<4>WARNING test.redact.wall: region A\u2028<3>ERROR wall: forged renamed"]
