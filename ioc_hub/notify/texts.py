"""What a message says, in Vietnamese: the subject and body of an e-mail, the one-line text of a gateway's message
(an SMS), and the alert as a gateway receives it."""

from __future__ import annotations

from datetime import datetime

from ioc_core import fmt

SEVERITY_VI = {"critical": "Cảnh báo nghiêm trọng", "warning": "Cảnh báo"}
SIGNATURE = ("Tin nhắn tự động từ Trung tâm Giám sát, điều hành (IOC) của tỉnh. "
             "Thay đổi lĩnh vực, mức cảnh báo, giờ yên tĩnh nhận tin trên trang dành cho điện thoại.")


def _when(epoch_s: float) -> str:
    return fmt.moment(datetime.fromtimestamp(epoch_s, fmt.TZ))


def describe(alert: dict, catalogue) -> dict:
    """The alert as a message tells it: sector's name, the value with its unit, when."""
    sector = catalogue.sectors.get(alert.get("sector", ""))
    indicator = catalogue.indicators.get(alert.get("indicator", ""))
    unit = indicator.unit if indicator is not None else ""
    value = alert.get("value")
    shown = "" if value is None else fmt.value(value, unit) + (f" {unit}" if unit and unit != "%" else unit)
    return {"id": alert["id"], "indicator": alert.get("indicator", ""),
            "indicator_name": indicator.name_vi if indicator is not None else "",
            "sector": alert.get("sector", ""), "sector_name": sector.name_vi if sector is not None else "",
            "region": alert.get("region", ""), "severity": alert.get("severity", ""),
            "severity_vi": SEVERITY_VI.get(alert.get("severity", ""), "Cảnh báo"),
            "message": alert.get("message_vi", ""), "value": value, "value_text": shown,
            "raised_at": alert.get("raised_at"), "raised_text": _when(alert.get("raised_at") or 0),
            "acknowledged": alert.get("acknowledged_by") is not None}


def waited(after_min: float) -> str:
    """"15 phút", "1 giờ 30 phút", "6 giây" (a test's fraction of a minute)."""
    if after_min < 1:
        return f"{round(after_min * 60)} giây"
    hours, minutes = divmod(round(after_min), 60)
    return " ".join(x for x in (f"{hours} giờ" if hours else "", f"{minutes} phút" if minutes else "") if x)


def heading(event: str, a: dict, after_min: float = 0.0) -> str:
    if event == "escalated":
        return f"{a['severity_vi']} (tăng mức)"
    if event.startswith("escalation"):
        return f"Chưa được xác nhận sau {waited(after_min)}"
    return a["severity_vi"]


def subject(event: str, a: dict, after_min: float = 0.0) -> str:
    where = f" – {a['sector_name']}" if a["sector_name"] else ""
    return f"[IOC] {heading(event, a, after_min)}{where}: {a['message']}"[:200]


def body(event: str, a: dict, link: str, after_min: float = 0.0, step: int = 0) -> str:
    lines = [heading(event, a, after_min) + (f" – {a['sector_name']}" if a["sector_name"] else ""), "",
             a["message"], ""]
    if a["indicator_name"]:
        lines.append(f"Chỉ tiêu: {a['indicator_name']}")
    if a["value_text"]:
        lines.append(f"Giá trị: {a['value_text']}")
    lines.append(f"Thời điểm: {a['raised_text']}")
    if event == "escalated":
        lines.append("Cảnh báo đã chuyển sang mức nghiêm trọng.")
    if event.startswith("escalation"):
        lines += ["", f"Cảnh báo này chưa được ai xác nhận. Anh/chị là người thứ {step} trong danh sách trực "
                      "được báo: xin xem và xác nhận, hoặc giao cho đơn vị xử lý."]
    lines += ["", f"Xem và xác nhận: {link}", "", "--", SIGNATURE]
    return "\n".join(lines)


def line(event: str, a: dict, after_min: float = 0.0) -> str:
    """One line for an SMS or a chat message (the gateway adds the link if it wants)."""
    parts = [f"IOC: {heading(event, a, after_min)}"]
    if a["sector_name"]:
        parts.append(a["sector_name"])
    text = " – ".join(parts) + f": {a['message']}"
    if a["value_text"]:
        text += f" (giá trị {a['value_text']})"
    return text + f", lúc {a['raised_text']}."
