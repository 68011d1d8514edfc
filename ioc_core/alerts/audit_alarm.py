"""The audit log's hold (ioc_core/api/audit.py: records a full disk refused, waiting in memory) as an alert in the
wall's own alert book: a warning while records wait, critical once the hold is full (commands are refused), cleared
when every record is written. It then shows on the alerts view and ticker like any alert, reaches the consoles as an
``alert`` event and can be acknowledged.

The alert is about the wall itself, not the province: its indicator and sector are in no catalogue (the alerts view
writes the sector as it is, "he-thong"), and its cause ``system`` is one no alert rule can name (rules take
threshold, forecast and cap), so it never takes over a region.
"""

from __future__ import annotations

INDICATOR = "he-thong.nhat-ky-kiem-toan"
SECTOR = "he-thong"
REGION = "province"
CAUSE = "system"


def audit_verdict(health: dict | None) -> tuple[str | None, str, str]:
    """(severity, message_vi, message_en) for ``AuditLog.health()``: None (all clear) when nothing is held."""
    health = health or {}
    held = int(health.get("held") or 0)
    if held <= 0:
        return None, "", ""
    vi = f"Ổ đĩa của tường đầy: {held} bản ghi nhật ký kiểm toán chờ ghi."
    en = f"The wall's disk is full: {held} audit log records wait to be written."
    if health.get("full"):
        vi += " Lệnh điều khiển bị từ chối cho đến khi ghi được."
        en += " Commands are refused until they are written."
    vi += " Giải phóng dung lượng ổ đĩa của tường."
    en += " Free space on the wall's disk."
    return ("critical" if health.get("full") else "warning"), vi, en


def observe_audit(book, health: dict | None):
    """Tell the alert book (on its own thread: the GUI thread on the wall) what the audit log's hold is now; returns
    the open alert, or None once cleared."""
    severity, vi, en = audit_verdict(health)
    held = float((health or {}).get("held") or 0)
    return book.observe(INDICATOR, SECTOR, REGION, CAUSE, severity, vi, en, value=held if severity else None)
