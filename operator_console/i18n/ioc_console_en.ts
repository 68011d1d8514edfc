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
        <location filename="../window.py" line="328" />
        <source>đã kết nối</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../window.py" line="328" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="329" />
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../window.py" line="330" />
        <source> (không còn trên mạng LAN)</source>
        <translation> (gone from the LAN)</translation>
    </message>
    <message>
        <location filename="../window.py" line="354" />
        <source>Mất kết nối với tường: %1 (đang thử lại)</source>
        <translation>Lost the wall: %1 (retrying)</translation>
    </message>
    <message>
        <location filename="../window.py" line="383" />
        <source>Đang kết nối cùng: %1</source>
        <translation>Also connected: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="389" />
        <source> (đã xác nhận: %1)</source>
        <translation> (acknowledged: %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="434" />
        <source>Chọn một khung nhìn trong danh sách trước</source>
        <translation>Choose a view in the list first</translation>
    </message>
    <message>
        <location filename="../window.py" line="442" />
        <source>Vùng %1 không hiển thị lưới camera</source>
        <translation>Region %1 does not show a camera grid</translation>
    </message>
    <message>
        <location filename="../window.py" line="455" />
        <source>Chọn một vùng đang hiển thị lưới camera trước</source>
        <translation>Choose a region that shows a camera grid first</translation>
    </message>
    <message>
        <location filename="../window.py" line="458" />
        <location filename="../window.py" line="462" />
        <source>Ghim camera</source>
        <translation>Pin camera</translation>
    </message>
    <message>
        <location filename="../window.py" line="462" />
        <source>Camera hiển thị trên cả vùng %1</source>
        <translation>Camera shown over all of region %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="504" />
        <source>Lưu cảnh</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="504" />
        <source>Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)</source>
        <translation>Preset name (for example: Monday morning briefing)</translation>
    </message>
    <message>
        <location filename="../window.py" line="524" />
        <source>Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)</source>
        <translation>Swap region %1 with… (choose the other, press again)</translation>
    </message>
    <message>
        <location filename="../window.py" line="545" />
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../window.py" line="552" />
        <source>Không gửi được: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="554" />
        <source>Đã áp dụng (phiên bản %1)</source>
        <translation>Applied (revision %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="559" />
        <source>Xung đột: %1</source>
        <translation>Conflict: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="564" />
        <location filename="../window.py" line="580" />
        <source>Bị từ chối: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="569" />
        <source>Đồng nghiệp vừa thay đổi vùng này</source>
        <translation>A colleague has just changed this region</translation>
    </message>
    <message>
        <location filename="../window.py" line="570" />
        <source>Vẫn áp dụng thay đổi của bạn?</source>
        <translation>Apply your change anyway?</translation>
    </message>
    <message>
        <location filename="../window.py" line="580" />
        <source>Đã xác nhận cảnh báo</source>
        <translation>Alert acknowledged</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="23" />
        <source>Cuộc họp</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="27" />
        <location filename="../meeting.py" line="96" />
        <source>Chưa nạp cuộc họp</source>
        <translation>No meeting loaded</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="33" />
        <source>Nạp cuộc họp…</source>
        <translation>Load meeting…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="33" />
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="33" />
        <source>◀ Mục trước</source>
        <translation>◀ Previous item</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="34" />
        <source>Mục sau ▶</source>
        <translation>Next item ▶</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="34" />
        <location filename="../meeting.py" line="84" />
        <source>Tạm dừng</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="34" />
        <source>Kết thúc</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="35" />
        <source>Giữ số liệu</source>
        <translation>Hold figures</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="41" />
        <source>Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm</source>
        <translation>Hold the wall's figures still for discussion, stamped with the time</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="55" />
        <source>Chọn tệp cuộc họp</source>
        <translation>Choose a meeting file</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="55" />
        <source>Cuộc họp (*.json)</source>
        <translation>Meeting (*.json)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="64" />
        <source>Không đọc được tệp %1: %2</source>
        <translation>Cannot read file %1: %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="84" />
        <source>Tiếp tục</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="93" />
        <source>đang giữ số liệu lúc %1</source>
        <translation>figures held as of %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="99" />
        <source>chưa bắt đầu</source>
        <translation>not started</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="99" />
        <source>đang họp</source>
        <translation>in session</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="99" />
        <source>tạm dừng</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="100" />
        <source>đã kết thúc</source>
        <translation>ended</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="108" />
        <source>quá giờ %1</source>
        <translation>over by %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="108" />
        <source>còn %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="110" />
        <source>Mục %1/%2: %3</source>
        <translation>Item %1/%2: %3</translation>
    </message>
</context>
</TS>