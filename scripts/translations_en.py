"""English for the wall's Vietnamese UI strings: fills Qt's .ts file after pyside6-lupdate, then runs lrelease.

Run: .venv/bin/python scripts/translations_en.py   (after adding or changing UI strings)
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "wall" / "i18n" / "ioc_wall_en.ts"

EN = {
    "chưa có dữ liệu": "no data yet",
    "mới %1": "new %1",
    "Mục tiêu %1": "Target %1",
    "BQ kế hoạch %1": "Plan average %1",
    "Cảnh báo %1": "Warning %1",
    "Nghiêm trọng %1": "Critical %1",
    "Dự báo": "Forecast",
    "Tạm tính %1": "Provisional %1",
    "số liệu đến %1": "data as of %1",
    "Ranh giới tỉnh: %1": "Province boundaries: %1",
    "Bản đồ tỉnh %1": "%1 province map",
    "Trạng thái": "Status",
    "Không theo dõi": "Not monitored",
    "Loại điểm": "Place types",
    "Không có điểm nào để hiển thị": "No places to show",
    "Cảnh báo": "Alerts",
    "%1 chưa xác nhận": "%1 not acknowledged",
    "Điểm du lịch": "Tourist sites",
    "Trạm quan trắc": "Monitoring stations",
    "Camera": "Cameras",
    "Sự cố": "Incidents",
    "Tất cả": "All",
    "Du lịch": "Tourism",
    "Môi trường": "Environment",
    "An ninh, trật tự": "Public security and order",
    "Lào": "Laos",
    "Biển Đông": "East Sea",
    "Số liệu không hợp lệ": "Invalid figure",
    "Xã, phường kém nhất": "Worst communes and wards",
    "Chỉ tiêu": "Indicator",
    "Giá trị": "Value",
    "So kỳ trước": "Vs previous",
    "Cập nhật": "Updated",
    "Không có cảnh báo": "No alerts",
    "đã xác nhận: %1": "acknowledged: %1",
    "và %1 cảnh báo khác": "and %1 more alerts",
}
# the same Vietnamese word means different things in different places
BY_CONTEXT = {("AlertsView", "Cảnh báo"): "Alerts", ("Panels", "Cảnh báo"): "Alerts",
              ("ChartView", "Cảnh báo %1"): "Warning %1", ("MapView", "Camera"): "Cameras"}


def main() -> int:
    tree = ET.parse(TS)
    missing = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            t = m.find("translation")
            if t.get("type") == "obsolete" or t.get("type") == "vanished":
                continue
            if t.get("type") == "unfinished" or not t.text:
                src = m.findtext("source")
                text = BY_CONTEXT.get((name, src), EN.get(src))
                if text is None:
                    missing.append(f"{name}: {src}")
                    continue
                t.text = text
                t.attrib.pop("type", None)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), str(TS), "-qm",
                    str(TS.with_suffix(".qm"))], check=True)
    for line in missing:
        print("no English for", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
