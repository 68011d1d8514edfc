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
        <location filename="../window.py" line="209" />
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
        <location filename="../window.py" line="72" />
        <source>Danh sách khung nhìn</source>
        <translation>Views</translation>
    </message>
    <message>
        <location filename="../window.py" line="105" />
        <source>Thêm tường theo địa chỉ</source>
        <translation>Add a wall by address</translation>
    </message>
    <message>
        <location filename="../window.py" line="110" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../window.py" line="111" />
        <source>Mã truy cập</source>
        <translation>Access token</translation>
    </message>
    <message>
        <location filename="../window.py" line="136" />
        <source>IOC Wall — Bàn điều khiển</source>
        <translation>IOC Wall — Operator console</translation>
    </message>
    <message>
        <location filename="../window.py" line="159" />
        <source>Tường màn hình</source>
        <translation>Video walls</translation>
    </message>
    <message>
        <location filename="../window.py" line="164" />
        <source>Thêm tường theo địa chỉ…</source>
        <translation>Add a wall by address…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="196" />
        <location filename="../meeting.py" line="228" />
        <location filename="../window.py" line="170" />
        <source>Chưa chọn tường</source>
        <translation>No wall chosen</translation>
    </message>
    <message>
        <location filename="../window.py" line="191" />
        <source>Bố cục</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../window.py" line="191" />
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../window.py" line="193" />
        <source>Cảnh đã lưu</source>
        <translation>Presets</translation>
    </message>
    <message>
        <location filename="../window.py" line="194" />
        <source>Gọi lại</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../window.py" line="194" />
        <source>Lưu cảnh…</source>
        <translation>Save preset…</translation>
    </message>
    <message>
        <location filename="../window.py" line="195" />
        <source>Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)</source>
        <translation>Views (drag onto a region, or choose one and press Enter on the wall)</translation>
    </message>
    <message>
        <location filename="../window.py" line="199" />
        <source>Ghim một camera…</source>
        <translation>Pin one camera…</translation>
    </message>
    <message>
        <location filename="../window.py" line="200" />
        <source>Vùng đang chọn hiển thị lưới camera: một camera của nhóm phủ cả vùng</source>
        <translation>The chosen region shows a camera grid: one camera of its group fills the region</translation>
    </message>
    <message>
        <location filename="../window.py" line="202" />
        <source>Bỏ ghim</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <location filename="../window.py" line="207" />
        <source>Màn hình của vùng đang chọn</source>
        <translation>Screen of the chosen region</translation>
    </message>
    <message>
        <location filename="../window.py" line="209" />
        <source>Bật lại</source>
        <translation>Unblank</translation>
    </message>
    <message>
        <location filename="../window.py" line="213" />
        <source>Đổi chỗ…</source>
        <translation>Swap…</translation>
    </message>
    <message>
        <location filename="../window.py" line="214" />
        <source>Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)</source>
        <translation>Choose the first region, press Swap, choose the second, press again (key X)</translation>
    </message>
    <message>
        <location filename="../window.py" line="217" />
        <source>Nhận diện màn hình</source>
        <translation>Identify screens</translation>
    </message>
    <message>
        <location filename="../window.py" line="222" />
        <source>Quy tắc cảnh báo (bỏ chọn để tạm dừng)</source>
        <translation>Alert rules (untick to pause)</translation>
    </message>
    <message>
        <location filename="../window.py" line="227" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../window.py" line="230" />
        <source>Xác nhận cảnh báo</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <location filename="../window.py" line="330" />
        <source>đã kết nối</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../window.py" line="330" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="331" />
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../window.py" line="332" />
        <source> (không còn trên mạng LAN)</source>
        <translation> (gone from the LAN)</translation>
    </message>
    <message>
        <location filename="../window.py" line="356" />
        <source>Mất kết nối với tường: %1 (đang thử lại)</source>
        <translation>Lost the wall: %1 (retrying)</translation>
    </message>
    <message>
        <location filename="../window.py" line="385" />
        <source>Đang kết nối cùng: %1</source>
        <translation>Also connected: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="391" />
        <source> (đã xác nhận: %1)</source>
        <translation> (acknowledged: %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="436" />
        <source>Chọn một khung nhìn trong danh sách trước</source>
        <translation>Choose a view in the list first</translation>
    </message>
    <message>
        <location filename="../window.py" line="444" />
        <source>Vùng %1 không hiển thị lưới camera</source>
        <translation>Region %1 does not show a camera grid</translation>
    </message>
    <message>
        <location filename="../window.py" line="457" />
        <source>Chọn một vùng đang hiển thị lưới camera trước</source>
        <translation>Choose a region that shows a camera grid first</translation>
    </message>
    <message>
        <location filename="../window.py" line="464" />
        <source>Ghim camera</source>
        <translation>Pin camera</translation>
    </message>
    <message>
        <location filename="../window.py" line="464" />
        <source>Camera hiển thị trên cả vùng %1</source>
        <translation>Camera shown over all of region %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="506" />
        <source>Lưu cảnh</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="506" />
        <source>Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)</source>
        <translation>Preset name (for example: Monday morning briefing)</translation>
    </message>
    <message>
        <location filename="../window.py" line="526" />
        <source>Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)</source>
        <translation>Swap region %1 with… (choose the other, press again)</translation>
    </message>
    <message>
        <location filename="../window.py" line="547" />
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../window.py" line="554" />
        <source>Không gửi được: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="556" />
        <source>Đã áp dụng (phiên bản %1)</source>
        <translation>Applied (revision %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="561" />
        <source>Xung đột: %1</source>
        <translation>Conflict: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="566" />
        <location filename="../window.py" line="582" />
        <source>Bị từ chối: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="571" />
        <source>Đồng nghiệp vừa thay đổi vùng này</source>
        <translation>A colleague has just changed this region</translation>
    </message>
    <message>
        <location filename="../window.py" line="572" />
        <source>Vẫn áp dụng thay đổi của bạn?</source>
        <translation>Apply your change anyway?</translation>
    </message>
    <message>
        <location filename="../window.py" line="582" />
        <source>Đã xác nhận cảnh báo</source>
        <translation>Alert acknowledged</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="100" />
        <source>Cuộc họp</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="110" />
        <location filename="../meeting.py" line="315" />
        <source>Chưa nạp cuộc họp</source>
        <translation>No meeting loaded</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="116" />
        <source>Nạp cuộc họp…</source>
        <translation>Load meeting…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="116" />
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="116" />
        <source>◀ Mục trước</source>
        <translation>◀ Previous item</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="117" />
        <source>Mục sau ▶</source>
        <translation>Next item ▶</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="117" />
        <source>Kết thúc</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="118" />
        <source>Giữ số liệu</source>
        <translation>Hold figures</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="124" />
        <source>Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm</source>
        <translation>Hold the wall's figures still for discussion, stamped with the time</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="134" />
        <source>Chia sẻ cho điểm cầu:</source>
        <translation>Share with meeting points:</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="141" />
        <source>Phần tường mà các điểm cầu trực tuyến và điện thoại xem được</source>
        <translation>The part of the wall that online meeting points and phones see</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="145" />
        <source>Sao chép liên kết</source>
        <translation>Copy link</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="147" />
        <source>Sao chép địa chỉ trang chia sẻ (kèm mã chỉ xem) để gửi cho điểm cầu</source>
        <translation>Copy the share page's address (with its view-only token) to send to meeting points</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="150" />
        <source>Lưu biên bản…</source>
        <translation>Save minutes…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="152" />
        <source>Tải biên bản cuộc họp vừa kết thúc (PDF, tóm tắt, ảnh) về máy này</source>
        <translation>Download the minutes of the meeting just ended (PDF, summary, pictures) to this computer</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="169" />
        <source>Chọn tệp cuộc họp</source>
        <translation>Choose a meeting file</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="169" />
        <source>Cuộc họp (*.json)</source>
        <translation>Meeting (*.json)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="178" />
        <source>Không đọc được tệp %1: %2</source>
        <translation>Cannot read file %1: %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="198" />
        <source>Đang lấy liên kết…</source>
        <translation>Getting the link…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="207" />
        <source>Không lấy được liên kết chia sẻ: %1</source>
        <translation>Could not get the share link: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="212" />
        <source>Tường trả về liên kết chứa mã điều khiển; không sao chép</source>
        <translation>The wall returned a link holding the operator token; not copied</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="215" />
        <source>Đã sao chép liên kết trang chia sẻ: %1</source>
        <translation>Share page link copied: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="216" />
        <source>Luồng MJPEG cho hệ thống hội nghị truyền hình: %1</source>
        <translation>MJPEG stream for video-conference systems: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="219" />
        <source>Chọn thư mục lưu biên bản</source>
        <translation>Choose a folder for the minutes</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="233" />
        <source>Đang tải biên bản…</source>
        <translation>Downloading the minutes…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="241" />
        <source>Đã lưu biên bản vào %1</source>
        <translation>Minutes saved to %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="243" />
        <source>Biên bản chưa sẵn sàng, thử lại sau ít giây</source>
        <translation>The minutes are not ready yet; try again in a few seconds</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="245" />
        <source>Không lưu được biên bản: %1</source>
        <translation>Could not save the minutes: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="265" />
        <source>Tiếp tục</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="277" />
        <source>Không chia sẻ</source>
        <translation>Not shared</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="277" />
        <source>Toàn bộ tường</source>
        <translation>Whole wall</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="282" />
        <source>Vùng %1</source>
        <translation>Region %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="47" />
        <source>Màn hình hàng %1, cột %2</source>
        <translation>Screen row %1, column %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="291" />
        <source>Vùng %1 (bố cục hiện tại không có: chia sẻ toàn bộ tường)</source>
        <translation>Region %1 (not in the current layout: the whole wall is shared)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="312" />
        <source>đang giữ số liệu lúc %1</source>
        <translation>figures held as of %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="318" />
        <source>chưa bắt đầu</source>
        <translation>not started</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="318" />
        <source>đang họp</source>
        <translation>in session</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="318" />
        <source>tạm dừng</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="319" />
        <source>đã kết thúc</source>
        <translation>ended</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="327" />
        <source>quá giờ %1</source>
        <translation>over by %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="327" />
        <source>còn %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="329" />
        <source>Mục %1/%2: %3</source>
        <translation>Item %1/%2: %3</translation>
    </message>
</context>
<context>
    <name>MeetingBar</name>
    <message>
        <location filename="../meeting.py" line="43" />
        <source>Tạm dừng</source>
        <translation>Pause</translation>
    </message>
</context>
</TS>