"""The audit log's hold (records a full disk refused, waiting in memory) as an alert in the wall's own alert book
(issue 19): a warning while records wait, critical once commands are refused, cleared when all are written; it
reads well where no catalogue names it, and no alert rule can take a region over for it. Qt-free: the real
AuditLog on a disk whose fsync refuses (ENOSPC), the real AlertBook and the real rules."""

from __future__ import annotations

import pytest

from ioc_core.alerts import AlertBook
from ioc_core.alerts.audit_alarm import CAUSE, INDICATOR, SECTOR, audit_verdict, observe_audit
from ioc_core.alerts.rules import AlertRule, load_rules
from ioc_core.api import audit as audit_module
from ioc_core.api.audit import AuditLog

from ..common import FullDisk


def test_nothing_held_is_all_clear():
    assert audit_verdict({"held": 0, "held_max": 1000, "full": False, "error": None, "message": ""})[0] is None
    assert audit_verdict(None)[0] is None


def test_held_records_are_a_warning_that_says_what_is_wrong_and_what_to_do():
    severity, vi, en = audit_verdict({"held": 12, "held_max": 1000, "full": False,
                                      "error": "No space left on device", "message": "…"})
    assert severity == "warning"
    assert vi == ("Ổ đĩa của tường đầy: 12 bản ghi nhật ký kiểm toán chờ ghi. Giải phóng dung lượng ổ đĩa của "
                  "tường.")
    assert en == "The wall's disk is full: 12 audit log records wait to be written. Free space on the wall's disk."


def test_a_full_hold_is_critical_and_says_commands_are_refused():
    severity, vi, en = audit_verdict({"held": 1000, "held_max": 1000, "full": True, "error": "x", "message": "…"})
    assert severity == "critical"
    assert "1000 bản ghi" in vi and "Lệnh điều khiển bị từ chối" in vi and vi.endswith("Giải phóng dung lượng ổ đĩa "
                                                                                        "của tường.")
    assert "Commands are refused" in en


def test_a_real_hold_raises_escalates_and_clears_one_alert(tmp_path, monkeypatch):
    disk = FullDisk()
    monkeypatch.setattr(audit_module.os, "fsync", disk.fsync)
    monkeypatch.setattr(audit_module, "HOLD_MAX", 3)
    book = AlertBook(tmp_path / "alerts.json")
    events: list[tuple[str, str]] = []
    book.subscribe(lambda alert, event: events.append((event, alert.severity)))
    told: list[dict] = []
    log = AuditLog(tmp_path / "audit.jsonl", notify=lambda health: (told.append(health), observe_audit(book,
                                                                                                      health)))
    log.append("operator", {"command": "apply_layout", "layout": "a"}, 0, 1)
    assert book.alerts() == [] and told == []
    disk.full = True
    with pytest.raises(OSError):
        log.append("operator", {"command": "apply_layout", "layout": "b"}, 1, 2)
    (alert,) = book.alerts()
    assert (alert.indicator, alert.sector, alert.cause, alert.severity) == (INDICATOR, SECTOR, CAUSE, "warning")
    assert alert.message_vi.startswith("Ổ đĩa của tường đầy: 1 bản ghi nhật ký kiểm toán chờ ghi.")
    for n in (3, 4):
        with pytest.raises(OSError):
            log.append("operator", {"command": "apply_layout", "layout": f"c{n}"}, n - 1, n)
    (alert,) = book.alerts()
    assert alert.severity == "critical" and "3 bản ghi" in alert.message_vi and "bị từ chối" in alert.message_vi
    assert book.acknowledge(alert.id, "Bàn trực 1") == (True, "")  # seen, like any alert
    disk.full = False
    log.retry()
    assert book.alerts() == [] and book.get(alert.id).cleared_at is not None
    assert [e for e, _ in events] == ["raised", "escalated", "acknowledged", "cleared"]
    assert [h["held"] for h in told] == [1, 3, 0]
    assert log.verify() == (True, "")  # every record written, in order
    # the book is saved: a restarted wall reads it back closed
    assert AlertBook(tmp_path / "alerts.json").alerts() == []


def test_no_alert_rule_takes_a_region_over_for_it(tmp_path):
    """The shipped rules, and a rule with no sector or indicator named: none matches the wall's own alert (its cause
    is one rules cannot name), so a full disk never changes what the screens show."""
    book = AlertBook(tmp_path / "alerts.json")
    alert = observe_audit(book, {"held": 1000, "full": True})
    rules = list(load_rules().values())
    rules.append(AlertRule("any", "Mọi cảnh báo", "ktxh", 600, 99, "sector", severity="warning"))
    assert len(rules) > 1 and not [r.id for r in rules if r.matches(alert)]
