"""English for the wall's Vietnamese UI strings: fills Qt's .ts file after pyside6-lupdate, then runs lrelease.

Run (after adding or changing UI strings):
    .venv/bin/pyside6-lupdate wall/widgets/*.py wall/runtime/*.py -ts wall/i18n/ioc_wall_en.ts
    .venv/bin/pyside6-lupdate operator_console/*.py -ts operator_console/i18n/ioc_console_en.ts
    .venv/bin/python scripts/translations_en.py
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILES = [ROOT / "wall" / "i18n" / "ioc_wall_en.ts", ROOT / "operator_console" / "i18n" / "ioc_console_en.ts",
            ROOT / "ioc_hub" / "mobile" / "i18n" / "ioc_mobile_en.ts"]

EN = {
    # forecasts and correlations (wall/widgets/chart.py, operator_console/correlation.py)
    "Bất thường": "Anomaly",
    "Phân tích": "Analysis",
    "Tương quan giữa hai chỉ tiêu…": "Correlation of two indicators…",
    "Tương quan giữa hai chỉ tiêu": "Correlation of two indicators",
    " kỳ": " periods",
    "Tính": "Compute",
    "Chỉ tiêu thứ nhất (A)": "First indicator (A)",
    "Chỉ tiêu thứ hai (B)": "Second indicator (B)",
    "Độ trễ tối đa": "Longest lag",
    "Đang tải danh sách chỉ tiêu…": "Loading the indicators…",
    "Độ trễ (kỳ; dương: B đi sau A)": "Lag (periods; positive: B follows A)",
    "Không tải được danh sách chỉ tiêu: %1": "Could not load the indicators: %1",
    "Chọn hai chỉ tiêu trong danh sách": "Choose two indicators from the list",
    "Chọn hai chỉ tiêu khác nhau": "Choose two different indicators",
    "Đang tính…": "Computing…",
    "Không tính được tương quan: %1": "Could not compute the correlation: %1",
    # leaders' wall requests and the hub's delivery log (operator_console/wall_requests.py)
    "Chờ hết giờ yên tĩnh (đến %1)": "Held until quiet hours end (%1)",
    "Chờ hết giờ yên tĩnh": "Held until quiet hours end",
    "Thiết lập gửi tin của trung tâm dữ liệu có lỗi: %1": "The data hub's message settings have a problem: %1",
    "Yêu cầu từ lãnh đạo (%1)": "Requests from leaders (%1)",
    "Yêu cầu từ lãnh đạo": "Requests from leaders",
    "⚑ %1 yêu cầu từ lãnh đạo đang chờ": "⚑ %1 requests from leaders waiting",
    "%1 đề nghị đưa lên tường: %2 — %3": "%1 asks to show on the wall: %2 — %3",
    "(tường %1)": "(wall %1)",
    "Ghi chú: %1": "Note: %1",
    "Đưa lên…": "Put up…",
    "Đưa lên": "Put up",
    "Đưa lên tường": "Put on the wall",
    "Đưa lĩnh vực của yêu cầu đang chọn lên một vùng của tường":
        "Put the chosen request's sector on a region of the wall",
    'Đưa "%1" (đề nghị của %2) lên vùng:': 'Put "%1" (asked by %2) on region:',
    "Từ chối…": "Decline…",
    "Từ chối": "Decline",
    "Từ chối yêu cầu": "Decline request",
    'Lý do từ chối "%1" (lãnh đạo sẽ đọc):': 'Reason for declining "%1" (the leader will read it):',
    "Ví dụ: Tường đang dùng cho cuộc họp giao ban": "For example: the wall is in use for the briefing meeting",
    "Huỷ": "Cancel",
    "Đã đưa lên tường và báo lãnh đạo: %1": "Put on the wall and the leader told: %1",
    "Đã từ chối và báo lãnh đạo: %1": "Declined and the leader told: %1",
    "Đã đưa lên tường nhưng chưa báo được lãnh đạo: %1": "Put on the wall, but the leader could not be told: %1",
    "Chưa từ chối được: %1": "Not declined: %1",
    "Yêu cầu không nêu lĩnh vực nào để đưa lên": "The request names no sector to put up",
    "Tường chưa cho biết các vùng của bố cục: thử lại sau giây lát":
        "The wall has not said its layout's regions yet: try again in a moment",
    "Nhật ký gửi tin…": "Delivery log…",
    "Nhật ký gửi tin": "Delivery log",
    "Tin nhắn cảnh báo trung tâm dữ liệu đã gửi cho lãnh đạo, cán bộ":
        "Alert messages the data hub sent to leaders and staff",
    "Thời gian": "Time",
    "Người nhận": "Recipient",
    "Kênh": "Channel",
    "Số lần gửi": "Attempts",
    "Lỗi gần nhất": "Last error",
    "Thư điện tử": "E-mail",
    "Webhook": "Webhook",
    "Đã gửi": "Sent",
    "Đang chờ gửi": "Waiting to send",
    "Đang gửi lại": "Retrying",
    "Gửi không được": "Failed",
    "%1 tin nhắn": "%1 messages",
    "Chưa có tin nhắn nào": "No messages yet",
    "Trung tâm dữ liệu chưa có nhật ký gửi tin (%1)": "The data hub has no delivery log yet (%1)",
    "Không tải được nhật ký gửi tin: %1": "The delivery log could not be loaded: %1",
    # the leaders' mobile page (ioc_hub/mobile/static/app.js; ioc_hub/mobile/i18n)
    "Đang chờ trung tâm IOC": "Waiting for the IOC",
    "Đã đưa lên màn hình": "Shown on the wall",
    "Bị từ chối": "Declined",
    "%1 ngày trước": "%1 days ago",
    "%1 giờ trước": "%1 hours ago",
    "%1 phút trước": "%1 minutes ago",
    "vừa xong": "just now",
    "Không kết nối được trung tâm IOC": "Cannot reach the IOC hub",
    "Tên đăng nhập": "Login",
    "Mật khẩu": "Password",
    "Đăng nhập": "Sign in",
    "Trung tâm điều hành IOC": "IOC operations centre",
    "Dành cho lãnh đạo tỉnh": "For the province's leaders",
    "Sai tên đăng nhập hoặc mật khẩu": "Wrong login or password",
    "Tạm khoá đăng nhập do nhập sai nhiều lần: thử lại sau %1 phút":
        "Sign-in locked after repeated failures: try again in %1 minutes",
    "Không đăng nhập được (mã %1)": "Could not sign in (code %1)",
    "Phiên làm việc đã hết: xin đăng nhập lại": "Your session has ended: please sign in again",
    "Đã đăng xuất": "Signed out",
    "Các lĩnh vực": "Sectors",
    "Toàn tỉnh": "Whole province",
    "Cảnh báo (%1)": "Alerts (%1)",
    "Đăng xuất": "Sign out",
    "Yêu cầu “%1”: %2": "Request “%1”: %2",
    "cập nhật %1": "updated %1",
    "Nhập: %1 (%2) · Duyệt: %3 (%4)": "Entered: %1 (%2) · Approved: %3 (%4)",
    "%1 cảnh báo chưa xác nhận": "%1 alerts not acknowledged",
    "Chưa nộp số liệu": "Figures not submitted",
    "%1 · kỳ %2 · hạn %3 · %4": "%1 · period %2 · due %3 · %4",
    "Số liệu của trung tâm lúc %1": "The hub's figures at %1",
    "Đang tải…": "Loading…",
    "Không có lĩnh vực này": "No such sector",
    "Chưa có dữ liệu": "No data yet",
    "Cảnh báo đang mở": "Open alerts",
    "Không có cảnh báo nào đang mở": "No open alerts",
    "Yêu cầu đưa lên màn hình của tôi": "My requests to show on the wall",
    "Từ %1": "Since %1",
    "✔ Đã xác nhận: %1": "✔ Acknowledged: %1",
    "Giao cho: %1": "Assigned to: %1",
    "%1 ghi chú": "%1 notes",
    "Xác nhận": "Acknowledge",
    "Chi tiết": "Details",
    "Cảnh báo này đã kết thúc hoặc không còn": "This alert has ended or no longer exists",
    "Ghi chú và giao việc": "Notes and assignments",
    "Chưa có ghi chú": "No notes yet",
    "Giao cho %1": "Assigned to %1",
    "Ý kiến chỉ đạo, ghi chú…": "Instructions, notes…",
    "Ghi chú": "Note",
    "Gửi ghi chú": "Send note",
    "Đã gửi ghi chú": "Note sent",
    "Không gửi được (mã %1)": "Could not send (code %1)",
    "— Chọn sở, ngành —": "— Choose a department —",
    "Yêu cầu (không bắt buộc)": "Request (optional)",
    "Giao cho sở, ngành": "Assign to a department",
    "Giao việc": "Assign",
    "Chọn sở, ngành để giao": "Choose a department to assign to",
    "Đã giao cho %1": "Assigned to %1",
    "Không giao được (mã %1)": "Could not assign (code %1)",
    "Không xác nhận được (mã %1)": "Could not acknowledge (code %1)",
    "Đưa lĩnh vực lên màn hình": "Show this sector on the wall",
    "Đưa lên màn hình": "Show on the wall",
    "Đã gửi yêu cầu: %1": "Request sent: %1",
    "Không gửi được yêu cầu (mã %1)": "Could not send the request (code %1)",
    # the data hub (wall/runtime/overlays.py, operator_console/hub_status.py)
    "Mất kết nối trung tâm dữ liệu từ %1": "Data hub connection lost since %1",
    "Tường theo trung tâm dữ liệu": "Walls by data hub",
    "%1 nguồn, %2 lỗi": "%1 sources, %2 failing",
    "mất kết nối từ %1": "connection lost since %1",
    "không tới được máy chủ tin nhắn từ %1": "message broker unreachable since %1",
    "không tới được máy chủ tin nhắn": "message broker unreachable",
    "đang kết nối…": "connecting…",
    "Tự lấy dữ liệu (không qua trung tâm)": "Fetches its own data (no hub)",
    "Trung tâm dữ liệu: %1": "Data hub: %1",
    "Trung tâm dữ liệu %1: %2": "Data hub %1: %2",
    "Tự lấy dữ liệu: %1": "Fetch their own data: %1",
    # trusting a wall's certificate (operator_console/pinning.py)
    "Tường mới": "New wall",
    "Chứng chỉ của tường đã thay đổi": "The wall's certificate has changed",
    "Chú ý: bản tin quảng bá trên mạng LAN nêu một vân tay khác (%1).":
        "Note: the announcement on the LAN gives another fingerprint (%1).",
    "Tường %1 (%2) không dùng HTTPS: mã truy cập sẽ đi qua mạng LAN không mã hoá, và không thể biết chắc đây đúng là "
    "tường. Vẫn kết nối?":
        "Wall %1 (%2) does not use HTTPS: the access token would cross the LAN unencrypted, and there is no telling "
        "that this is really the wall. Connect anyway?",
    "Vân tay chứng chỉ của tường %1 (%2):\n%3\n\nHãy so với vân tay trong nhật ký của tường (kỹ thuật viên xem "
    "được). Tin cậy tường này?":
        "Certificate fingerprint of wall %1 (%2):\n%3\n\nCompare it with the fingerprint in the wall's log (the "
        "technician can read it). Trust this wall?",
    "Chứng chỉ của tường %1 (%2) đã thay đổi!\n\nĐã tin cậy: %3\nNay tường đưa ra: %4\n\nBàn điều khiển không "
    "kết nối và không gửi mã truy cập. Có thể ai đó đang giả danh tường. Nếu kỹ thuật viên đã cài lại tường, hãy nhờ "
    "họ so vân tay mới với nhật ký của tường rồi xoá vân tay cũ trong %5.":
        "The certificate of wall %1 (%2) has changed!\n\nTrusted: %3\nNow presented: %4\n\nThe console does not "
        "connect and sends no access token. Someone may be impersonating the wall. If the technician reinstalled "
        "the wall, ask them to compare the new fingerprint with the wall's log, then remove the old one in %5.",
    # ids Windows reserves as file names (operator_console/problem_text.py)
    "«{value}» không dùng được: {device} là tên thiết bị Windows dành riêng, không tệp nào được đặt tên như vậy (với "
    "mọi phần mở rộng); hãy chọn mã khác":
        "'{value}' cannot be used: {device} is a device name Windows reserves, so no file may have that name (with "
        "any extension); choose another id",
    "«{value}» không dùng được: Windows bỏ dấu chấm hoặc dấu cách ở cuối tên tệp":
        "'{value}' cannot be used: Windows drops a dot or space at the end of a file name",
    # cameras
    "không có hình mới trong %1 giây": "no new picture for %1 s",
    "trực tiếp": "live",
    "API %1 · mã điều khiển: %2": "API %1 · operator token: %2",
    "Vân tay chứng chỉ của tường:": "The wall's certificate fingerprint:",
    "Hệ thống tường": "The wall itself",
    "ảnh chụp": "snapshot",
    "ảnh không đọc được": "unreadable picture",
    "Không có camera này": "No such camera",
    "Mã camera: %1": "Camera id: %1",
    "Mất tín hiệu": "No signal",
    "Hình cuối lúc %1": "Last picture at %1",
    "Chưa nhận được hình nào": "No picture received yet",
    "đang thử kết nối lại": "reconnecting",
    "Đang kết nối…": "Connecting…",
    "Nhóm camera “%1” không có camera nào": "Camera group “%1” has no cameras",
    "%1 · trang %2/%3": "%1 · page %2/%3",
    # the console
    "(trống)": "(empty)",
    "Tắt hình": "Blank",
    "Đổi chỗ…": "Swap…",
    "Quy tắc cảnh báo (bỏ chọn để tạm dừng)": "Alert rules (untick to pause)",
    " (không còn trên mạng LAN)": " (gone from the LAN)",
    "Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)":
        "Choose the first region, press Swap, choose the second, press again (key X)",
    "Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)": "Swap region %1 with… (choose the other, press again)",
    "Xem trước tường màn hình": "Video wall preview",
    "(quy tắc cảnh báo)": "(alert rule)",
    "Mất kết nối với tường": "Wall not reachable",
    "Danh sách khung nhìn": "Views",
    "Thêm tường theo địa chỉ": "Add a wall by address",
    "Địa chỉ": "Address",
    "Mã truy cập": "Access token",
    "IOC Wall — Bàn điều khiển": "IOC Wall — Operator console",
    "Tường màn hình": "Video walls",
    "Thêm tường theo địa chỉ…": "Add a wall by address…",
    "Chưa chọn tường": "No wall chosen",
    "Bố cục": "Layout",
    "Áp dụng": "Apply",
    "Cảnh đã lưu": "Presets",
    "Gọi lại": "Recall",
    "Lưu cảnh…": "Save preset…",
    "Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)":
        "Views (drag onto a region, or choose one and press Enter on the wall)",
    "Màn hình của vùng đang chọn": "Screen of the chosen region",
    "Bật lại": "Unblank",
    "Nhận diện màn hình": "Identify screens",
    "Xác nhận cảnh báo": "Acknowledge alert",
    "đã kết nối": "connected",
    "không kết nối được": "not reachable",
    "đang kết nối": "connecting",
    "Mất kết nối với tường: %1 (đang thử lại)": "Lost the wall: %1 (retrying)",
    "Đang kết nối cùng: %1": "Also connected: %1",
    " (đã xác nhận: %1)": " (acknowledged: %1)",
    "Chọn một khung nhìn trong danh sách trước": "Choose a view in the list first",
    "Lưu cảnh": "Save preset",
    "Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)": "Preset name (for example: Monday morning briefing)",
    "Đang gửi…": "Sending…",
    "Không gửi được: %1": "Not sent: %1",
    "Đã áp dụng (phiên bản %1)": "Applied (revision %1)",
    "Xung đột: %1": "Conflict: %1",
    "Bị từ chối: %1": "Refused: %1",
    "Đồng nghiệp vừa thay đổi vùng này": "A colleague has just changed this region",
    "Vẫn áp dụng thay đổi của bạn?": "Apply your change anyway?",
    # two operators on one wall (operator_console/colleagues.py): who changed a region, and the conflict's answers
    "Vùng %1 vừa được %2 đổi sang %3": "Region %1 has just been changed by %2 to %3",
    " lúc %1": " at %1",
    "chính tường (quy tắc cảnh báo, lịch)": "the wall itself (alert rules, schedule)",
    "Áp dụng của tôi": "Apply mine",
    "Giữ thay đổi của họ": "Keep theirs",
    "Xung đột: đã giữ thay đổi của %1, không gửi gì": "Conflict: kept the change by %1, sent nothing",
    "Xung đột: đã giữ thay đổi của đồng nghiệp, không gửi gì": "Conflict: kept your colleague's change, sent nothing",
    "Thay đổi của bạn (phiên bản %1) không còn trên tường: vùng %2 đã được %3 đổi sang %4":
        "Your change (revision %1) is no longer on the wall: region %2 was changed by %3 to %4",
    "Đã xác nhận cảnh báo": "Alert acknowledged",
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
    "%1 cảnh báo thiên tai": "%1 hazard warnings",
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
    # issue 20: what a panel too small for all of it says of the rest (wall/widgets/panels.py)
    "+%1 cảnh báo": "+%1 alerts",
    "%1 cảnh báo": "%1 alerts",
    "và %1 chỉ tiêu khác": "and %1 more indicators",
    "+%1 chỉ tiêu": "+%1 indicators",
    "và %1 lĩnh vực khác bình thường": "and %1 more sectors, all normal",
    "và %1 lĩnh vực khác": "and %1 more sectors",
    # camera causes, pinning, web views
    "định dạng hoặc codec không giải mã được": "format or codec cannot be decoded",
    "lỗi mạng": "network error",
    "bị từ chối truy cập (tên đăng nhập hoặc mật khẩu)": "access denied (user name or password)",
    "không mở được luồng hình": "the stream cannot be opened",
    "Đã ghim · %1": "Pinned · %1",
    "Lỗi hiển thị: khung nhìn này không vẽ được (chi tiết trong nhật ký của tường)":
        "Display error: this view could not be drawn (details in the wall's log)",
    "Đã ghim": "Pinned", "trang %1/%2": "page %1/%2", "Camera ghim không thuộc nhóm": "Pinned camera not in group",
    "Camera ghim “%1” không thuộc nhóm này": "Pinned camera “%1” is not in this group",
    "máy chủ trả lỗi HTTP %1": "the server answered HTTP %1",
    "không tải được": "could not load",
    "trang không phản hồi, trình hiển thị đã được khởi động lại":
        "the page stopped answering; its renderer was restarted",
    "trình hiển thị trang bị dừng (%1)": "the page's renderer stopped (%1)",
    "trang không tải xong sau %1 giây": "the page did not finish loading in %1 s",
    "trang không phản hồi": "the page is not answering",
    "Đang tải trang…": "Loading page…",
    "Trang web bị từ chối": "Web page refused",
    "Trang web không hiển thị được": "Web page cannot be shown",
    "Máy chủ “%1” không có trong danh sách trang web được phép của tường":
        "Host “%1” is not on the wall's list of allowed web sites",
    "Địa chỉ không hợp lệ": "Invalid address",
    "thử lại sau %1 giây": "retrying in %1 s",
    "hiển thị được lần cuối lúc %1": "last shown at %1",
    "Ghim một camera…": "Pin one camera…",
    "Vùng đang chọn hiển thị lưới camera: một camera của nhóm phủ cả vùng":
        "The chosen region shows a camera grid: one camera of its group fills the region",
    "Bỏ ghim": "Unpin",
    "Vùng %1 không hiển thị lưới camera": "Region %1 does not show a camera grid",
    "Chọn một vùng đang hiển thị lưới camera trước": "Choose a region that shows a camera grid first",
    "Ghim camera": "Pin camera",
    "Camera hiển thị trên cả vùng %1": "Camera shown over all of region %1",
    # meetings
    "Số liệu tại %1": "Figures as of %1",
    "Chưa có cuộc họp nào được nạp": "No meeting loaded",
    "Chủ trì: %1": "Chair: %1",
    "Chưa bắt đầu": "Not started",
    "Đang họp": "In session",
    "Tạm dừng": "Paused",
    "Đã kết thúc": "Ended",
    "Mục %1/%2": "Item %1/%2",
    "Trình bày: %1": "Presenter: %1",
    "quá giờ %1": "over by %1",
    "còn %1": "%1 left",
    "đã %1 / %2 phút": "%1 of %2 min",
    "… và %1 mục nữa": "… and %1 more items",
    "Điểm cầu: %1/%2 trực tuyến": "Meeting points: %1/%2 online",
    "mất kết nối": "disconnected",
    "Cuộc họp": "Meeting",
    "Chưa nạp cuộc họp": "No meeting loaded",
    "Nạp cuộc họp…": "Load meeting…",
    "Bắt đầu": "Start",
    "◀ Mục trước": "◀ Previous item",
    "Mục sau ▶": "Next item ▶",
    "Kết thúc": "End",
    "Giữ số liệu": "Hold figures",
    "Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm":
        "Hold the wall's figures still for discussion, stamped with the time",
    "Chọn tệp cuộc họp": "Choose a meeting file",
    "Cuộc họp (*.json)": "Meeting (*.json)",
    "Không đọc được tệp %1: %2": "Cannot read file %1: %2",
    "Tiếp tục": "Resume",
    "đang giữ số liệu lúc %1": "figures held as of %1",
    "chưa bắt đầu": "not started",
    "đang họp": "in session",
    "tạm dừng": "paused",
    "đã kết thúc": "ended",
    "Mục %1/%2: %3": "Item %1/%2: %3",
    "Chia sẻ cho điểm cầu:": "Share with meeting points:",
    "Phần tường mà các điểm cầu trực tuyến và điện thoại xem được":
        "The part of the wall that online meeting points and phones see",
    "Sao chép liên kết": "Copy link",
    "Đổi liên kết…": "New link…",
    "Liên kết đã lan ra ngoài cuộc họp: tạo liên kết mới, liên kết cũ không mở được nữa":
        "The link went beyond the meeting: make a new one; the old one stops opening",
    "Đang tạo liên kết mới…": "Making a new link…",
    "Đổi liên kết chia sẻ": "New share link",
    "Liên kết cũ sẽ không mở được nữa và những người đang xem qua nó bị ngắt. Tạo liên kết mới?":
        "The old link will stop opening, and everyone watching through it is cut off. Make a new link?",
    "Sao chép địa chỉ trang chia sẻ (kèm mã chỉ xem) để gửi cho điểm cầu":
        "Copy the share page's address (with its view-only token) to send to meeting points",
    "Lưu biên bản…": "Save minutes…",
    "Tải biên bản cuộc họp vừa kết thúc (PDF, tóm tắt, ảnh) về máy này":
        "Download the minutes of the meeting just ended (PDF, summary, pictures) to this computer",
    "Đang lấy liên kết…": "Getting the link…",
    "Không lấy được liên kết chia sẻ: %1": "Could not get the share link: %1",
    "Tường trả về liên kết chứa mã điều khiển; không sao chép":
        "The wall returned a link holding the operator token; not copied",
    "Đã sao chép liên kết trang chia sẻ: %1": "Share page link copied: %1",
    "Luồng MJPEG cho hệ thống hội nghị truyền hình: %1": "MJPEG stream for video-conference systems: %1",
    "Chọn thư mục lưu biên bản": "Choose a folder for the minutes",
    "Đang tải biên bản…": "Downloading the minutes…",
    "Đã lưu biên bản vào %1": "Minutes saved to %1",
    "Biên bản chưa sẵn sàng, thử lại sau ít giây": "The minutes are not ready yet; try again in a few seconds",
    "Không lưu được biên bản: %1": "Could not save the minutes: %1",
    "Không chia sẻ": "Not shared",
    "Toàn bộ tường": "Whole wall",
    "Vùng %1": "Region %1",
    "Màn hình hàng %1, cột %2": "Screen row %1, column %2",
    "Vùng %1 (bố cục hiện tại không có: chia sẻ toàn bộ tường)":
        "Region %1 (not in the current layout: the whole wall is shared)",
    "trang chuyển sang máy chủ không được phép: %1": "the page sent the wall to a host that is not allowed: %1",
    "Chưa chia sẻ hình ảnh": "Nothing is being shared",
    # the console: the screens' power
    "Nguồn màn hình": "Screen power",
    "Bật ngay": "On now",
    "Tắt": "Off",
    "Theo lịch": "Schedule",
    "Bật cả tường, kể cả khi đang tắt theo lịch; tự theo lịch lại từ giờ bật kế tiếp":
        "Switch the whole wall on, even while its schedule has it off; back on the schedule from its next 'on' time",
    "Tắt cả tường đến giờ bật kế tiếp theo lịch": "Switch the whole wall off until the schedule's next 'on' time",
    "Bỏ yêu cầu bật/tắt: tường theo lịch trong cấu hình":
        "Drop the on/off request: the wall follows the schedule in its configuration",
    "Màn hình theo lịch bật/tắt của tường": "Screens follow the wall's on/off schedule",
    "Bật theo yêu cầu": "On by request",
    "Tắt theo yêu cầu": "Off by request",
    "Màn hình đang tắt theo lịch": "The screens are off on their schedule",
    "Màn hình đang tắt theo yêu cầu": "The screens are off by request",
    ", bật lại lúc %1": ", back on at %1",
    " đến %1": " until %1",
    # the technician's menu and presets (operator_console/window.py)
    "Kỹ thuật": "Technician",
    "Sửa bố cục…": "Edit layouts…",
    "Ánh xạ màn hình…": "Screen mapping…",
    "Danh mục: camera, trang web, chỉ tiêu…": "Catalogue: cameras, web pages, indicators…",
    "Đổi tên…": "Rename…",
    "Xoá": "Delete",
    "Đổi tên cảnh": "Rename preset",
    "Tên mới của cảnh": "New name of the preset",
    "Xoá cảnh": "Delete preset",
    "Xoá cảnh \"%1\"?": "Delete preset \"%1\"?",
    # a wall's audit records held by a full disk (operator_console/window.py)
    "Ổ đĩa của tường đầy: %1 bản ghi nhật ký kiểm toán chờ ghi.":
        "The wall's disk is full: %1 audit log records wait to be written.",
    "Lệnh bị từ chối cho đến khi ghi được.": "Commands are refused until they are written.",
    "Nhờ kỹ thuật viên giải phóng dung lượng ổ đĩa của tường.": "Ask the technician to free space on the wall's disk.",
    # the layout editor (operator_console/layout_editor.py)
    "Màn hình %1": "Screen %1",
    "Sửa bố cục": "Edit layout",
    "Bố cục mới": "New layout",
    "Bố cục trên tường:": "Layouts on the wall:",
    "Mở": "Open",
    "Mới…": "New…",
    "Nhập tệp…": "Import file…",
    "Xuất tệp…": "Export file…",
    "Hoàn tác": "Undo",
    "Làm lại": "Redo",
    "Áp dụng ngay lên tường": "Apply on the wall at once",
    "Lưu": "Save",
    "Lưu thành…": "Save as…",
    "(hàng × cột ô lưới trên toàn tường)": "(rows × columns of grid cells over the whole wall)",
    "Mã bố cục": "Layout id",
    "Tên (tiếng Việt)": "Title (Vietnamese)",
    "Tên (tiếng Anh)": "Title (English)",
    "Lưới": "Grid",
    "Vùng đang chọn": "Chosen region",
    "Xoá vùng": "Delete region",
    "Mã vùng": "Region id",
    "Vị trí": "Place",
    "Khung nhìn": "View",
    "Kiểm tra bố cục (bằng chính mã của tường)": "Layout check (by the wall's own code)",
    "Kéo trên các ô trống để vẽ vùng (được phép trải qua nhiều màn hình); kéo vùng để di chuyển; kéo cạnh hoặc góc "
    "của vùng đang chọn để đổi kích thước; phím Delete để xoá.":
        "Drag over free cells to draw a region (it may span screens); drag a region to move it; drag an edge or a "
        "corner of the chosen region to resize it; Delete removes it.",
    "Không đọc được danh sách từ tường: %1": "Could not read the lists from the wall: %1",
    "Bố cục chưa có vùng nào: kéo trên tường để vẽ vùng đầu tiên":
        "The layout has no region yet: drag on the wall to draw the first one",
    "Hợp lệ: tường sẽ nhận bố cục này": "Valid: the wall will take this layout",
    "Không thực hiện được: %1": "Not done: %1",
    "Vẽ vùng %1 (%2 ô)": "Draw region %1 (%2 cells)",
    "Đặt lại vùng %1 (%2 ô)": "Place region %1 (%2 cells)",
    "Xoá vùng %1": "Delete region %1",
    "Lưới %1 × %2": "Grid %1 × %2",
    "Đổi tên bố cục": "Rename layout",
    "ô [%1, %2], %3 × %4 ô, trên %5 màn hình": "cell [%1, %2], %3 × %4 cells, on %5 screens",
    "Đổi mã vùng thành %1": "Region id changed to %1",
    "Đổi tên vùng": "Rename region",
    "Đặt khung nhìn: %1": "View set: %1",
    "Đang mở %1…": "Opening %1…",
    "Không mở được bố cục: %1": "Could not open the layout: %1",
    "Đã mở %1 (phiên bản %2)": "Opened %1 (revision %2)",
    "Bỏ thay đổi?": "Discard changes?",
    "Bố cục đang sửa có thay đổi chưa lưu. Bỏ?": "The layout being edited has unsaved changes. Discard them?",
    "Mã bố cục (chữ thường, số, '-')": "Layout id (lower-case letters, digits, '-')",
    "Mã '%1' không hợp lệ: chỉ chữ thường, số, '-' và '_'":
        "Id '%1' is not valid: lower-case letters, digits, '-' and '_' only",
    "Bố cục mới %1: kéo trên tường để vẽ vùng": "New layout %1: drag on the wall to draw regions",
    "Nhập bố cục từ tệp": "Import a layout from a file",
    "Không nhập được: %1": "Not imported: %1",
    "Đã nhập %1 từ %2": "Imported %1 from %2",
    "Xuất bố cục ra tệp": "Export the layout to a file",
    "Không ghi được %1: %2": "Could not write %1: %2",
    "Đã xuất ra %1": "Exported to %1",
    "Lưu thành bố cục mới": "Save as a new layout",
    "Mã bố cục mới": "New layout id",
    "Lưu thành %1": "Save as %1",
    "Chưa lưu: bố cục chưa có vùng nào": "Not saved: the layout has no region yet",
    "Chưa lưu: %1": "Not saved: %1",
    "Đang lưu %1 lên tường…": "Saving %1 on the wall…",
    "Đã lưu %1 (phiên bản %2)": "Saved %1 (revision %2)",
    ", đã áp dụng lên tường": ", applied on the wall",
    "Tường không nhận: %1": "The wall refused it: %1",
    "Chưa lưu, bố cục trên tường đã thay đổi: %1": "Not saved, the layout on the wall has changed: %1",
    "Không lưu được: %1. Bố cục đang sửa vẫn còn nguyên.":
        "Could not save: %1. The layout being edited is kept as it is.",
    "Bố cục đã bị thay đổi trên tường": "The layout was changed on the wall",
    "Ghi đè bằng bản của bạn? (Chọn No để giữ bản đang sửa; bạn có thể \"Lưu thành…\" một bố cục mới.) Bản bị ghi "
    "đè được giữ trong thư mục .previous của tường.":
        "Overwrite it with yours? (Choose No to keep editing; you may \"Save as…\" a new layout.) The overwritten "
        "version is kept in the wall's .previous folder.",
    # screen mapping and catalogue editing (operator_console/screen_mapping.py, catalogue_forms.py)
    'Cần có mã': 'An id is required',
    "Mã chỉ gồm chữ thường không dấu, số, '-' và '_', bắt đầu bằng chữ hoặc số (tối đa 64 ký tự)":
        "Ids use lower-case letters without accents, digits, '-' and '_', starting with a letter or digit (64 "
        "characters at most)",
    "Mã '%1' đã có trong danh mục": "Id '%1' is already in the catalogue",
    'Cần có địa chỉ': 'An address is required',
    'Địa chỉ phải bắt đầu bằng %1': 'The address must start with %1',
    'Địa chỉ thiếu tên máy hoặc IP của camera': "The address lacks the camera's host name or IP",
    "Không ghi mật khẩu trong địa chỉ: điền Tài khoản và tên biến môi trường chứa mật khẩu":
        "No password in the address: fill in the user name and the environment variable holding the password",
    'Cần có tên tiếng Việt': 'A Vietnamese name is required',
    'Chọn nhóm camera': 'Choose a camera group',
    "Tên biến môi trường: chữ in hoa không dấu, số và '_' (ví dụ IOC_CAMERA_PASSWORD)":
        "Environment variable name: upper-case letters, digits and '_' (e.g. IOC_CAMERA_PASSWORD)",
    'Có biến mật khẩu thì cần tài khoản': 'A password variable needs a user name',
    'Một số từ %1 đến %2': 'A number from %1 to %2',
    'Vị trí cần cả kinh độ và vĩ độ': 'A location needs both longitude and latitude',
    'Tường không hiển thị địa chỉ này: %1': 'The wall does not show this address: %1',
    'Chọn lĩnh vực': 'Choose a sector',
    'Màn hình lĩnh vực này đã đủ chỉ tiêu (tối đa %1)': "This sector's screen is full (%1 indicators at most)",
    'Chọn chỉ tiêu': 'Choose an indicator',
    "Xoá mục do kỹ thuật viên thêm (mục có sẵn trong tệp danh mục không xoá ở đây)":
        "Remove an entry a technician added (entries from the catalogue file are not removed here)",
    'Còn cần điền: %1': 'Still to fill in: %1',
    'Đang gửi tới tường…': 'Sending to the wall…',
    'Đã lưu trên tường: %1': 'Saved on the wall: %1',
    'Tường từ chối: %1': 'The wall refused: %1',
    'Đã xoá: %1': 'Removed: %1',
    'Không xoá được: %1': 'Could not remove: %1',
    '(kỹ thuật viên thêm)': '(added by a technician)',
    '%1 — không dùng được: %2': '%1 — not usable: %2',
    'Camera trong danh mục': 'Cameras in the catalogue',
    'Lưu camera': 'Save camera',
    'Mã camera': 'Camera id',
    'Tên tiếng Anh (không bắt buộc)': 'English name (optional)',
    'Nhóm': 'Group',
    'Địa chỉ luồng hình': 'Stream address',
    'Luồng dự phòng (không bắt buộc)': 'Spare stream (optional)',
    'Luồng phụ cho lưới camera (không bắt buộc)': 'Sub-stream for camera grids (optional)',
    'An ninh': 'Security', 'Giao thông': 'Traffic', 'Cháy rừng': 'Forest fire', 'Lũ lụt': 'Flood',
    'Hành chính': 'Administrative', 'Biên giới': 'Border', 'Họp trực tuyến': 'Online meeting',
    'Chọn loại nhóm': 'Choose the kind of group', 'Nhóm camera trong danh mục': 'Camera groups in the catalogue',
    'Lưu nhóm camera': 'Save camera group', 'Mã nhóm': 'Group id', 'Loại nhóm': 'Kind of group',
    '— chọn loại —': '— choose a kind —', 'Nhóm camera': 'Camera groups',
    'Hình nhỏ của camera: ô trong lưới camera phát luồng này, đỡ tải cho máy của tường':
        "The camera's small picture: a cell of a camera grid plays it, easing the wall PC's load",
    'Ảnh chụp nhanh (không bắt buộc)': 'Snapshot (optional)',
    'Tài khoản (không bắt buộc)': 'User name (optional)',
    'Biến môi trường mật khẩu (không bắt buộc)': 'Password environment variable (optional)',
    "Mật khẩu không đi qua bàn điều khiển: đặt nó trong biến môi trường này trên máy của tường":
        "The password never passes through the console: set it in this environment variable on the wall PC",
    'Kinh độ (không bắt buộc)': 'Longitude (optional)',
    'Vĩ độ (không bắt buộc)': 'Latitude (optional)',
    '— chọn nhóm —': '— choose a group —',
    'Trang web trong danh mục': 'Web pages in the catalogue',
    'Lưu trang web': 'Save web page',
    'Mã trang': 'Page id',
    'Địa chỉ trang': 'Page address',
    'Thu phóng (1 = cỡ gốc)': 'Zoom (1 = actual size)',
    '(chưa có: cấu hình của tường chưa cho phép trang nào)': '(none: the wall configuration allows no page yet)',
    'Tường chỉ hiển thị các máy: %1': 'The wall shows only these hosts: %1',
    'Chỉ tiêu trên màn hình lĩnh vực': "Indicators on the sector's screen",
    'Thêm vào màn hình lĩnh vực': "Add to the sector's screen",
    'Lĩnh vực': 'Sector',
    '— chọn lĩnh vực —': '— choose a sector —',
    '— chọn chỉ tiêu —': '— choose an indicator —',
    "Chỉ tiêu thêm vào nằm ở các ô số liệu của màn hình (đang có %1, tối đa %2)":
        "Added indicators go into the screen's figure tiles (%1 now, %2 at most)",
    'Danh mục: camera, trang web, chỉ tiêu': 'Catalogue: cameras, web pages, indicators',
    'Trang web': 'Web page',
    'Chỉ tiêu trong lĩnh vực': 'Indicators in a sector',
    'Tải lại': 'Reload',
    'Đang đọc danh mục của tường…': "Reading the wall's catalogue…",
    'Không đọc được danh mục: %1': 'Could not read the catalogue: %1',
    "Tường không tải được danh mục này nên chưa thêm được (xem báo cáo sự cố của tường)":
        "The wall could not load this catalogue, so nothing can be added yet (see the wall's problem report)",
    'Vị trí %1 (Hàng %2 · Cột %3)': 'Position %1 (row %2 · column %3)',
    'Đang đọc cấu hình màn hình của tường…': "Reading the wall's screen configuration…",
    'Tường ảo: cả tường thu nhỏ trên %1': 'Virtual wall: the whole wall scaled onto %1',
    'màn hình đầu tiên': 'the first monitor',
    '%1 (không kết nối)': '%1 (not connected)',
    'Ánh xạ màn hình': 'Screen mapping',
    'Bật nhận diện màn hình': 'Turn screen identification on',
    'Tắt nhận diện màn hình': 'Turn screen identification off',
    "Mỗi màn hình của tường hiện số vị trí và tên màn hình bằng chữ lớn":
        "Each screen of the wall shows its position number and its monitor's name in large type",
    "Đọc lại ánh xạ từ tường (bỏ các thay đổi chưa lưu)":
        "Read the mapping from the wall again (discards unsaved changes)",
    'Màn hình đang kết nối': 'Connected monitors',
    'Bỏ gán màn hình đã chọn': 'Unassign the selected monitor',
    'Cách ghép màn hình': 'How monitors are combined',
    'Tự động': 'Automatic',
    'Gán theo vị trí': 'Assign by position',
    'Tường ảo (cả tường trên một màn hình)': 'Virtual wall (the whole wall on one monitor)',
    'Viền và kích thước màn hình': 'Bezels and screen size',
    'Giữa hai cột (ngang):': 'Between columns (horizontal):',
    'Giữa hai hàng (dọc):': 'Between rows (vertical):',
    'Vùng hiển thị, rộng:': 'Visible area, width:',
    'Vùng hiển thị, cao:': 'Visible area, height:',
    'Lưu vào tường': 'Save to the wall',
    'Lưu đè lên bản mới': 'Save over the new version',
    "Ghi thay đổi của bạn lên bản mà người khác vừa lưu (bản đó được giữ lại trên tường làm bản trước)":
        "Write your changes over the version someone just saved (that version is kept on the wall as the "
        "previous one)",
    'Đóng': 'Close',
    'Không đọc được cấu hình màn hình: %1': 'Could not read the screen configuration: %1',
    'Đã đọc (phiên bản %1).': 'Loaded (revision %1).',
    'Không bật/tắt được nhận diện: %1': 'Could not switch identification: %1',
    'Không có gì thay đổi so với cấu hình trên tường.': "Nothing differs from the wall's configuration.",
    'Đang lưu…': 'Saving…',
    'Đã lưu (phiên bản %1).': 'Saved (revision %1).',
    'Tường đã áp dụng.': 'The wall has applied it.',
    "Người khác vừa thay đổi ánh xạ màn hình. Thay đổi của bạn vẫn còn đây: bấm «Tải lại» để xem bản mới (bỏ "
    "thay đổi của bạn), hoặc «Lưu đè lên bản mới».":
        "Someone else just changed the screen mapping. Your changes are still here: click «Reload» to see the "
        "new version (discarding your changes), or «Save over the new version».",
    'Không lưu được: %1 (cấu hình trên tường không đổi)': "Could not save: %1 (the wall's configuration is unchanged)",
    'Đã chọn %1: bấm vị trí trên tường để gán.': 'Selected %1: click a wall position to assign it.',
    '%1 → %2.': '%1 → %2.',
    'Đã bỏ gán: %1.': 'Unassigned: %1.',
    'cấu hình: %1 × %2 mm': 'configured: %1 × %2 mm',
    'Theo kích thước thật màn hình %1 báo (EDID)': 'From the physical size monitor %1 reports (EDID)',
    "Theo cấu hình của tường": "From the wall's configuration",
    "Dùng kích thước màn hình %1 báo: %2 × %3 mm": "Use the size monitor %1 reports: %2 × %3 mm",
    "Bấm một màn hình (trong danh sách hoặc trên hình), rồi bấm vị trí trên tường.":
        "Click a monitor (in the list or the picture), then click a wall position.",
    "Tự động: theo vị trí các màn hình trong cài đặt hiển thị của máy.":
        "Automatic: by the monitors' positions in the machine's display settings.",
    '= %1 px': '= %1 px',
    'chưa gán': 'not assigned',
    # the clock view (wall/widgets/clock.py): "Chủ Nhật, 6 tháng 12 năm 2026" -> "Sunday, 6 December 2026"
    "Thứ Hai": "Monday", "Thứ Ba": "Tuesday", "Thứ Tư": "Wednesday", "Thứ Năm": "Thursday", "Thứ Sáu": "Friday",
    "Thứ Bảy": "Saturday", "Chủ Nhật": "Sunday",
    "tháng 1": "January", "tháng 2": "February", "tháng 3": "March", "tháng 4": "April", "tháng 5": "May",
    "tháng 6": "June", "tháng 7": "July", "tháng 8": "August", "tháng 9": "September", "tháng 10": "October",
    "tháng 11": "November", "tháng 12": "December",
    "%1 %2 năm %3": "%1 %2 %3",
    "Giờ của máy tường": "The wall computer's time",
    "Giờ mô phỏng (thử nghiệm)": "Simulated time (testing)",
    # exception first on sector screens (ioc_core/views/tiles.py)
    "vượt ngưỡng cảnh báo %1": "above the warning threshold %1",
    "vượt ngưỡng nghiêm trọng %1": "above the critical threshold %1",
    "dưới ngưỡng cảnh báo %1": "below the warning threshold %1",
    "dưới ngưỡng nghiêm trọng %1": "below the critical threshold %1",
    "vượt ngưỡng %1": "above the threshold %1",
    "dưới ngưỡng %1": "below the threshold %1",
    "từ %1": "since %1",
    "Tất cả chỉ số bình thường": "All indicators normal",
    # the console in plain Vietnamese (issue 20): warnings, view names, controls (operator_console/)
    "Chưa lưu được trạng thái (%1): tường vẫn hiển thị, nhưng sẽ trở về hình trước đó nếu khởi động lại":
        "State not saved (%1): the wall shows it, but would come back to the previous picture after a restart",
    "Chưa ghi được nhật ký thao tác (%1): được giữ lại và ghi khi có chỗ":
        "Audit log not written (%1): held, and written when there is room",
    "Xóa khung nhìn (Delete)": "Clear view (Delete)",
    "Bỏ khung nhìn của vùng đang chọn: vùng để trống (phím Delete trên hình xem trước)":
        "Remove the chosen region's view: the region is left empty (Delete key on the preview)",
    "Mã dùng trong tên tệp và trong API: tạo từ tên tiếng Việt, có thể sửa (chữ thường không dấu, số, '-' và '_')":
        "The id used in file names and in the API: made from the Vietnamese name, editable (lower case without "
        "accents, digits, '-' and '_')",
    "Đổi mã bố cục thành %1": "Change layout id to %1",
    "Tên bố cục (tiếng Việt; mã được tạo từ tên, sửa được sau)":
        "Layout name (Vietnamese; the id is made from it, editable afterwards)",
    "Đã mở %1": "Opened %1",
    "Đã lưu %1": "Saved %1",
    "Phiên bản %1": "Revision %1",
    # the identify card (wall/runtime/overlays.py); its problems' words are the console's (problem_words below)
    "Còn %1 mục khác (xem nhật ký của tường)": "%1 more (see the wall's log)",
    # the room's viewing distance in the screen mapping (operator_console/screen_mapping.py)
    "Phòng xem": "Viewing room",
    "Khoảng cách xem xa nhất (m):": "Farthest viewing distance (m):",
    "Khoảng cách từ tường đến ghế xa nhất cần đọc được tường. Chữ nhỏ nhất trên tường được vẽ đủ lớn để đọc từ đó "
    "(16 phút góc); xa hơn thì chữ lớn hơn và mỗi vùng hiện ít hơn.":
        "From the wall to the farthest seat that must read it. The wall's smallest text is drawn large enough to be "
        "read from there (16 minutes of arc); farther means larger text and less in each region.",
    "Chữ hoa cao ít nhất %1 điểm ảnh (%2 phút góc)": "Capitals at least %1 pixels tall (%2 minutes of arc)",
    "Tường này không cho đặt khoảng cách xem (phiên bản cũ)": "This wall does not take a viewing distance (older "
                                                               "version)",
    "Đã đọc cấu hình màn hình của tường.": "Read the wall's screen configuration.",
    "Đã lưu.": "Saved.",
    # what a view names that the catalogues lack (operator_console/problem_text.py what_name)
    "lĩnh vực": "sector", "chỉ tiêu": "indicator", "xã, phường": "commune", "lớp bản đồ": "map layer",
    "nhóm camera": "camera group", "camera": "camera",
}
# the same Vietnamese word means different things in different places
BY_CONTEXT = {("AlertsView", "Cảnh báo"): "Alerts", ("Panels", "Cảnh báo"): "Alerts",
              ("ChartView", "Cảnh báo %1"): "Warning %1", ("MapView", "Camera"): "Cameras",
              ("MeetingBar", "Tạm dừng"): "Pause", ("Overview", "%1 cảnh báo"): "%1 warnings"}


def problem_words() -> dict[str, str]:
    """The console's words for the wall's coded problems: their English is the wall's own (ioc_core/messages.py)."""
    sys.path.insert(0, str(ROOT))
    from ioc_core.messages import MESSAGES
    from operator_console.problem_text import texts

    return {vi: MESSAGES[code] for code, vi in texts().items()}


def main() -> int:
    EN.update(problem_words())
    missing = []
    for ts in TS_FILES:
        missing += fill(ts)
    for line in missing:
        print("no English for", line)
    return 1 if missing else 0


def fill(TS: Path) -> list[str]:  # noqa: N803 (the file the loop below was written for)
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
    return missing


if __name__ == "__main__":
    sys.exit(main())
