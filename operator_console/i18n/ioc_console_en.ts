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
        <location filename="../preview.py" line="52" />
        <source>Xem trước tường màn hình</source>
        <translation>Video wall preview</translation>
    </message>
    <message>
        <location filename="../preview.py" line="120" />
        <location filename="../window.py" line="198" />
        <source>Tắt hình</source>
        <translation>Blank</translation>
    </message>
    <message>
        <location filename="../preview.py" line="134" />
        <source>(quy tắc cảnh báo)</source>
        <translation>(alert rule)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="142" />
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
        <location filename="../window.py" line="125" />
        <source>IOC Wall — Bàn điều khiển</source>
        <translation>IOC Wall — Operator console</translation>
    </message>
    <message>
        <location filename="../window.py" line="146" />
        <source>Tường màn hình</source>
        <translation>Video walls</translation>
    </message>
    <message>
        <location filename="../window.py" line="151" />
        <source>Thêm tường theo địa chỉ…</source>
        <translation>Add a wall by address…</translation>
    </message>
    <message>
        <location filename="../window.py" line="157" />
        <source>Chưa chọn tường</source>
        <translation>No wall chosen</translation>
    </message>
    <message>
        <location filename="../window.py" line="174" />
        <source>Bố cục</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../window.py" line="178" />
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../window.py" line="182" />
        <source>Cảnh đã lưu</source>
        <translation>Presets</translation>
    </message>
    <message>
        <location filename="../window.py" line="186" />
        <source>Gọi lại</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../window.py" line="189" />
        <source>Lưu cảnh…</source>
        <translation>Save preset…</translation>
    </message>
    <message>
        <location filename="../window.py" line="193" />
        <source>Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)</source>
        <translation>Views (drag onto a region, or choose one and press Enter on the wall)</translation>
    </message>
    <message>
        <location filename="../window.py" line="196" />
        <source>Màn hình của vùng đang chọn</source>
        <translation>Screen of the chosen region</translation>
    </message>
    <message>
        <location filename="../window.py" line="198" />
        <source>Bật lại</source>
        <translation>Unblank</translation>
    </message>
    <message>
        <location filename="../window.py" line="202" />
        <source>Đổi chỗ…</source>
        <translation>Swap…</translation>
    </message>
    <message>
        <location filename="../window.py" line="203" />
        <source>Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)</source>
        <translation>Choose the first region, press Swap, choose the second, press again (key X)</translation>
    </message>
    <message>
        <location filename="../window.py" line="206" />
        <source>Nhận diện màn hình</source>
        <translation>Identify screens</translation>
    </message>
    <message>
        <location filename="../window.py" line="211" />
        <source>Quy tắc cảnh báo (bỏ chọn để tạm dừng)</source>
        <translation>Alert rules (untick to pause)</translation>
    </message>
    <message>
        <location filename="../window.py" line="216" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../window.py" line="219" />
        <source>Xác nhận cảnh báo</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <location filename="../window.py" line="315" />
        <source>đã kết nối</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../window.py" line="315" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="316" />
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../window.py" line="317" />
        <source> (không còn trên mạng LAN)</source>
        <translation> (gone from the LAN)</translation>
    </message>
    <message>
        <location filename="../window.py" line="341" />
        <source>Mất kết nối với tường: %1 (đang thử lại)</source>
        <translation>Lost the wall: %1 (retrying)</translation>
    </message>
    <message>
        <location filename="../window.py" line="369" />
        <source>Đang kết nối cùng: %1</source>
        <translation>Also connected: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="375" />
        <source> (đã xác nhận: %1)</source>
        <translation> (acknowledged: %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="412" />
        <source>Chọn một khung nhìn trong danh sách trước</source>
        <translation>Choose a view in the list first</translation>
    </message>
    <message>
        <location filename="../window.py" line="453" />
        <source>Lưu cảnh</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="453" />
        <source>Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)</source>
        <translation>Preset name (for example: Monday morning briefing)</translation>
    </message>
    <message>
        <location filename="../window.py" line="473" />
        <source>Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)</source>
        <translation>Swap region %1 with… (choose the other, press again)</translation>
    </message>
    <message>
        <location filename="../window.py" line="494" />
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../window.py" line="501" />
        <source>Không gửi được: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="503" />
        <source>Đã áp dụng (phiên bản %1)</source>
        <translation>Applied (revision %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="508" />
        <source>Xung đột: %1</source>
        <translation>Conflict: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="513" />
        <location filename="../window.py" line="529" />
        <source>Bị từ chối: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="518" />
        <source>Đồng nghiệp vừa thay đổi vùng này</source>
        <translation>A colleague has just changed this region</translation>
    </message>
    <message>
        <location filename="../window.py" line="519" />
        <source>Vẫn áp dụng thay đổi của bạn?</source>
        <translation>Apply your change anyway?</translation>
    </message>
    <message>
        <location filename="../window.py" line="529" />
        <source>Đã xác nhận cảnh báo</source>
        <translation>Alert acknowledged</translation>
    </message>
</context>
</TS>