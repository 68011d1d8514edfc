<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name />
    <message>
        <location filename="../preview.py" line="24" />
        <source>(trống)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="69" />
        <source>Xem trước tường màn hình</source>
        <translation>Video wall preview</translation>
    </message>
    <message>
        <location filename="../preview.py" line="137" />
        <location filename="../window.py" line="210" />
        <source>Tắt hình</source>
        <translation>Blank</translation>
    </message>
    <message>
        <location filename="../preview.py" line="151" />
        <source>(quy tắc cảnh báo)</source>
        <translation>(alert rule)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="159" />
        <source>Mất kết nối với tường</source>
        <translation>Wall not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="73" />
        <source>Danh sách khung nhìn</source>
        <translation>Views</translation>
    </message>
    <message>
        <location filename="../window.py" line="106" />
        <source>Thêm tường theo địa chỉ</source>
        <translation>Add a wall by address</translation>
    </message>
    <message>
        <location filename="../window.py" line="111" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../window.py" line="112" />
        <source>Mã truy cập</source>
        <translation>Access token</translation>
    </message>
    <message>
        <location filename="../window.py" line="137" />
        <source>IOC Wall — Bàn điều khiển</source>
        <translation>IOC Wall — Operator console</translation>
    </message>
    <message>
        <location filename="../window.py" line="160" />
        <source>Tường màn hình</source>
        <translation>Video walls</translation>
    </message>
    <message>
        <location filename="../window.py" line="165" />
        <source>Thêm tường theo địa chỉ…</source>
        <translation>Add a wall by address…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="180" />
        <location filename="../meeting.py" line="212" />
        <location filename="../window.py" line="171" />
        <source>Chưa chọn tường</source>
        <translation>No wall chosen</translation>
    </message>
    <message>
        <location filename="../window.py" line="192" />
        <source>Bố cục</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../window.py" line="192" />
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../window.py" line="194" />
        <source>Cảnh đã lưu</source>
        <translation>Presets</translation>
    </message>
    <message>
        <location filename="../window.py" line="195" />
        <source>Gọi lại</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../window.py" line="195" />
        <source>Lưu cảnh…</source>
        <translation>Save preset…</translation>
    </message>
    <message>
        <location filename="../window.py" line="196" />
        <source>Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)</source>
        <translation>Views (drag onto a region, or choose one and press Enter on the wall)</translation>
    </message>
    <message>
        <location filename="../window.py" line="200" />
        <source>Ghim một camera…</source>
        <translation>Pin one camera…</translation>
    </message>
    <message>
        <location filename="../window.py" line="201" />
        <source>Vùng đang chọn hiển thị lưới camera: một camera của nhóm phủ cả vùng</source>
        <translation>The chosen region shows a camera grid: one camera of its group fills the region</translation>
    </message>
    <message>
        <location filename="../window.py" line="203" />
        <source>Bỏ ghim</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <location filename="../window.py" line="208" />
        <source>Màn hình của vùng đang chọn</source>
        <translation>Screen of the chosen region</translation>
    </message>
    <message>
        <location filename="../window.py" line="210" />
        <source>Bật lại</source>
        <translation>Unblank</translation>
    </message>
    <message>
        <location filename="../window.py" line="214" />
        <source>Đổi chỗ…</source>
        <translation>Swap…</translation>
    </message>
    <message>
        <location filename="../window.py" line="215" />
        <source>Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)</source>
        <translation>Choose the first region, press Swap, choose the second, press again (key X)</translation>
    </message>
    <message>
        <location filename="../window.py" line="218" />
        <source>Nhận diện màn hình</source>
        <translation>Identify screens</translation>
    </message>
    <message>
        <location filename="../window.py" line="226" />
        <source>Quy tắc cảnh báo (bỏ chọn để tạm dừng)</source>
        <translation>Alert rules (untick to pause)</translation>
    </message>
    <message>
        <location filename="../window.py" line="231" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../window.py" line="234" />
        <source>Xác nhận cảnh báo</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <location filename="../window.py" line="335" />
        <source>đã kết nối</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../window.py" line="335" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="336" />
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../window.py" line="337" />
        <source> (không còn trên mạng LAN)</source>
        <translation> (gone from the LAN)</translation>
    </message>
    <message>
        <location filename="../window.py" line="361" />
        <source>Mất kết nối với tường: %1 (đang thử lại)</source>
        <translation>Lost the wall: %1 (retrying)</translation>
    </message>
    <message>
        <location filename="../window.py" line="391" />
        <source>Đang kết nối cùng: %1</source>
        <translation>Also connected: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="397" />
        <source> (đã xác nhận: %1)</source>
        <translation> (acknowledged: %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="442" />
        <source>Chọn một khung nhìn trong danh sách trước</source>
        <translation>Choose a view in the list first</translation>
    </message>
    <message>
        <location filename="../window.py" line="450" />
        <source>Vùng %1 không hiển thị lưới camera</source>
        <translation>Region %1 does not show a camera grid</translation>
    </message>
    <message>
        <location filename="../window.py" line="463" />
        <source>Chọn một vùng đang hiển thị lưới camera trước</source>
        <translation>Choose a region that shows a camera grid first</translation>
    </message>
    <message>
        <location filename="../window.py" line="470" />
        <source>Ghim camera</source>
        <translation>Pin camera</translation>
    </message>
    <message>
        <location filename="../window.py" line="470" />
        <source>Camera hiển thị trên cả vùng %1</source>
        <translation>Camera shown over all of region %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="512" />
        <source>Lưu cảnh</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="512" />
        <source>Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)</source>
        <translation>Preset name (for example: Monday morning briefing)</translation>
    </message>
    <message>
        <location filename="../window.py" line="532" />
        <source>Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)</source>
        <translation>Swap region %1 with… (choose the other, press again)</translation>
    </message>
    <message>
        <location filename="../window.py" line="553" />
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../window.py" line="560" />
        <source>Không gửi được: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="562" />
        <source>Đã áp dụng (phiên bản %1)</source>
        <translation>Applied (revision %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="567" />
        <source>Xung đột: %1</source>
        <translation>Conflict: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="572" />
        <location filename="../window.py" line="588" />
        <source>Bị từ chối: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="577" />
        <source>Đồng nghiệp vừa thay đổi vùng này</source>
        <translation>A colleague has just changed this region</translation>
    </message>
    <message>
        <location filename="../window.py" line="578" />
        <source>Vẫn áp dụng thay đổi của bạn?</source>
        <translation>Apply your change anyway?</translation>
    </message>
    <message>
        <location filename="../window.py" line="588" />
        <source>Đã xác nhận cảnh báo</source>
        <translation>Alert acknowledged</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="84" />
        <source>Cuộc họp</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="94" />
        <location filename="../meeting.py" line="299" />
        <source>Chưa nạp cuộc họp</source>
        <translation>No meeting loaded</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="100" />
        <source>Nạp cuộc họp…</source>
        <translation>Load meeting…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="100" />
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="100" />
        <source>◀ Mục trước</source>
        <translation>◀ Previous item</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="101" />
        <source>Mục sau ▶</source>
        <translation>Next item ▶</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="101" />
        <source>Kết thúc</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="102" />
        <source>Giữ số liệu</source>
        <translation>Hold figures</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="108" />
        <source>Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm</source>
        <translation>Hold the wall's figures still for discussion, stamped with the time</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="118" />
        <source>Chia sẻ cho điểm cầu:</source>
        <translation>Share with meeting points:</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="125" />
        <source>Phần tường mà các điểm cầu trực tuyến và điện thoại xem được</source>
        <translation>The part of the wall that online meeting points and phones see</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="129" />
        <source>Sao chép liên kết</source>
        <translation>Copy link</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="131" />
        <source>Sao chép địa chỉ trang chia sẻ (kèm mã chỉ xem) để gửi cho điểm cầu</source>
        <translation>Copy the share page's address (with its view-only token) to send to meeting points</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="134" />
        <source>Lưu biên bản…</source>
        <translation>Save minutes…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="136" />
        <source>Tải biên bản cuộc họp vừa kết thúc (PDF, tóm tắt, ảnh) về máy này</source>
        <translation>Download the minutes of the meeting just ended (PDF, summary, pictures) to this computer</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="153" />
        <source>Chọn tệp cuộc họp</source>
        <translation>Choose a meeting file</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="153" />
        <source>Cuộc họp (*.json)</source>
        <translation>Meeting (*.json)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="162" />
        <source>Không đọc được tệp %1: %2</source>
        <translation>Cannot read file %1: %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="182" />
        <source>Đang lấy liên kết…</source>
        <translation>Getting the link…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="191" />
        <source>Không lấy được liên kết chia sẻ: %1</source>
        <translation>Could not get the share link: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="196" />
        <source>Tường trả về liên kết chứa mã điều khiển; không sao chép</source>
        <translation>The wall returned a link holding the operator token; not copied</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="199" />
        <source>Đã sao chép liên kết trang chia sẻ: %1</source>
        <translation>Share page link copied: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="200" />
        <source>Luồng MJPEG cho hệ thống hội nghị truyền hình: %1</source>
        <translation>MJPEG stream for video-conference systems: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="203" />
        <source>Chọn thư mục lưu biên bản</source>
        <translation>Choose a folder for the minutes</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="217" />
        <source>Đang tải biên bản…</source>
        <translation>Downloading the minutes…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="225" />
        <source>Đã lưu biên bản vào %1</source>
        <translation>Minutes saved to %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="227" />
        <source>Biên bản chưa sẵn sàng, thử lại sau ít giây</source>
        <translation>The minutes are not ready yet; try again in a few seconds</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="229" />
        <source>Không lưu được biên bản: %1</source>
        <translation>Could not save the minutes: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="249" />
        <source>Tiếp tục</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="261" />
        <source>Không chia sẻ</source>
        <translation>Not shared</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="261" />
        <source>Toàn bộ tường</source>
        <translation>Whole wall</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="266" />
        <source>Vùng %1</source>
        <translation>Region %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="40" />
        <source>Màn hình hàng %1, cột %2</source>
        <translation>Screen row %1, column %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="275" />
        <source>Vùng %1 (bố cục hiện tại không có: chia sẻ toàn bộ tường)</source>
        <translation>Region %1 (not in the current layout: the whole wall is shared)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="296" />
        <source>đang giữ số liệu lúc %1</source>
        <translation>figures held as of %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="302" />
        <source>chưa bắt đầu</source>
        <translation>not started</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="302" />
        <source>đang họp</source>
        <translation>in session</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="302" />
        <source>tạm dừng</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="303" />
        <source>đã kết thúc</source>
        <translation>ended</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="311" />
        <source>quá giờ %1</source>
        <translation>over by %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="311" />
        <source>còn %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="313" />
        <source>Mục %1/%2: %3</source>
        <translation>Item %1/%2: %3</translation>
    </message>
    <message>
        <location filename="../power.py" line="19" />
        <source>Màn hình theo lịch bật/tắt của tường</source>
        <translation>Screens follow the wall's on/off schedule</translation>
    </message>
    <message>
        <location filename="../power.py" line="20" />
        <source>Bật theo yêu cầu</source>
        <translation>On by request</translation>
    </message>
    <message>
        <location filename="../power.py" line="20" />
        <source>Tắt theo yêu cầu</source>
        <translation>Off by request</translation>
    </message>
    <message>
        <location filename="../power.py" line="23" />
        <source> đến %1</source>
        <translation> until %1</translation>
    </message>
    <message>
        <location filename="../power.py" line="30" />
        <source>Nguồn màn hình</source>
        <translation>Screen power</translation>
    </message>
    <message>
        <location filename="../power.py" line="35" />
        <source>Bật ngay</source>
        <translation>On now</translation>
    </message>
    <message>
        <location filename="../power.py" line="35" />
        <source>Bật cả tường, kể cả khi đang tắt theo lịch; tự theo lịch lại từ giờ bật kế tiếp</source>
        <translation>Switch the whole wall on, even while its schedule has it off; back on the schedule from its next 'on' time</translation>
    </message>
    <message>
        <location filename="../power.py" line="37" />
        <source>Tắt</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../power.py" line="37" />
        <source>Tắt cả tường đến giờ bật kế tiếp theo lịch</source>
        <translation>Switch the whole wall off until the schedule's next 'on' time</translation>
    </message>
    <message>
        <location filename="../power.py" line="38" />
        <source>Theo lịch</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../power.py" line="38" />
        <source>Bỏ yêu cầu bật/tắt: tường theo lịch trong cấu hình</source>
        <translation>Drop the on/off request: the wall follows the schedule in its configuration</translation>
    </message>
</context>
<context>
    <name>MeetingBar</name>
    <message>
        <location filename="../meeting.py" line="36" />
        <source>Tạm dừng</source>
        <translation>Pause</translation>
    </message>
</context>
</TS>