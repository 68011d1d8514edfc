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
        <location filename="../window.py" line="205" />
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
        <location filename="../window.py" line="71" />
        <source>Danh sách khung nhìn</source>
        <translation>Views</translation>
    </message>
    <message>
        <location filename="../window.py" line="104" />
        <source>Thêm tường theo địa chỉ</source>
        <translation>Add a wall by address</translation>
    </message>
    <message>
        <location filename="../window.py" line="109" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../window.py" line="110" />
        <source>Mã truy cập</source>
        <translation>Access token</translation>
    </message>
    <message>
        <location filename="../window.py" line="135" />
        <source>IOC Wall — Bàn điều khiển</source>
        <translation>IOC Wall — Operator console</translation>
    </message>
    <message>
        <location filename="../window.py" line="158" />
        <source>Tường màn hình</source>
        <translation>Video walls</translation>
    </message>
    <message>
        <location filename="../window.py" line="163" />
        <source>Thêm tường theo địa chỉ…</source>
        <translation>Add a wall by address…</translation>
    </message>
    <message>
        <location filename="../window.py" line="169" />
        <source>Chưa chọn tường</source>
        <translation>No wall chosen</translation>
    </message>
    <message>
        <location filename="../window.py" line="187" />
        <source>Bố cục</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../window.py" line="187" />
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../window.py" line="189" />
        <source>Cảnh đã lưu</source>
        <translation>Presets</translation>
    </message>
    <message>
        <location filename="../window.py" line="190" />
        <source>Gọi lại</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../window.py" line="190" />
        <source>Lưu cảnh…</source>
        <translation>Save preset…</translation>
    </message>
    <message>
        <location filename="../window.py" line="191" />
        <source>Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)</source>
        <translation>Views (drag onto a region, or choose one and press Enter on the wall)</translation>
    </message>
    <message>
        <location filename="../window.py" line="195" />
        <source>Ghim một camera…</source>
        <translation>Pin one camera…</translation>
    </message>
    <message>
        <location filename="../window.py" line="196" />
        <source>Vùng đang chọn hiển thị lưới camera: một camera của nhóm phủ cả vùng</source>
        <translation>The chosen region shows a camera grid: one camera of its group fills the region</translation>
    </message>
    <message>
        <location filename="../window.py" line="198" />
        <source>Bỏ ghim</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <location filename="../window.py" line="203" />
        <source>Màn hình của vùng đang chọn</source>
        <translation>Screen of the chosen region</translation>
    </message>
    <message>
        <location filename="../window.py" line="205" />
        <source>Bật lại</source>
        <translation>Unblank</translation>
    </message>
    <message>
        <location filename="../window.py" line="209" />
        <source>Đổi chỗ…</source>
        <translation>Swap…</translation>
    </message>
    <message>
        <location filename="../window.py" line="210" />
        <source>Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)</source>
        <translation>Choose the first region, press Swap, choose the second, press again (key X)</translation>
    </message>
    <message>
        <location filename="../window.py" line="213" />
        <source>Nhận diện màn hình</source>
        <translation>Identify screens</translation>
    </message>
    <message>
        <location filename="../window.py" line="218" />
        <source>Quy tắc cảnh báo (bỏ chọn để tạm dừng)</source>
        <translation>Alert rules (untick to pause)</translation>
    </message>
    <message>
        <location filename="../window.py" line="223" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../window.py" line="226" />
        <source>Xác nhận cảnh báo</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <location filename="../window.py" line="323" />
        <source>đã kết nối</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../window.py" line="323" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="324" />
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../window.py" line="325" />
        <source> (không còn trên mạng LAN)</source>
        <translation> (gone from the LAN)</translation>
    </message>
    <message>
        <location filename="../window.py" line="349" />
        <source>Mất kết nối với tường: %1 (đang thử lại)</source>
        <translation>Lost the wall: %1 (retrying)</translation>
    </message>
    <message>
        <location filename="../window.py" line="377" />
        <source>Đang kết nối cùng: %1</source>
        <translation>Also connected: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="383" />
        <source> (đã xác nhận: %1)</source>
        <translation> (acknowledged: %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="428" />
        <source>Chọn một khung nhìn trong danh sách trước</source>
        <translation>Choose a view in the list first</translation>
    </message>
    <message>
        <location filename="../window.py" line="436" />
        <source>Vùng %1 không hiển thị lưới camera</source>
        <translation>Region %1 does not show a camera grid</translation>
    </message>
    <message>
        <location filename="../window.py" line="449" />
        <source>Chọn một vùng đang hiển thị lưới camera trước</source>
        <translation>Choose a region that shows a camera grid first</translation>
    </message>
    <message>
        <location filename="../window.py" line="455" />
        <source>Ghim camera</source>
        <translation>Pin camera</translation>
    </message>
    <message>
        <location filename="../window.py" line="455" />
        <source>Camera hiển thị trên cả vùng %1</source>
        <translation>Camera shown over all of region %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="497" />
        <source>Lưu cảnh</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="497" />
        <source>Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)</source>
        <translation>Preset name (for example: Monday morning briefing)</translation>
    </message>
    <message>
        <location filename="../window.py" line="517" />
        <source>Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)</source>
        <translation>Swap region %1 with… (choose the other, press again)</translation>
    </message>
    <message>
        <location filename="../window.py" line="538" />
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../window.py" line="545" />
        <source>Không gửi được: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="547" />
        <source>Đã áp dụng (phiên bản %1)</source>
        <translation>Applied (revision %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="552" />
        <source>Xung đột: %1</source>
        <translation>Conflict: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="557" />
        <location filename="../window.py" line="573" />
        <source>Bị từ chối: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="562" />
        <source>Đồng nghiệp vừa thay đổi vùng này</source>
        <translation>A colleague has just changed this region</translation>
    </message>
    <message>
        <location filename="../window.py" line="563" />
        <source>Vẫn áp dụng thay đổi của bạn?</source>
        <translation>Apply your change anyway?</translation>
    </message>
    <message>
        <location filename="../window.py" line="573" />
        <source>Đã xác nhận cảnh báo</source>
        <translation>Alert acknowledged</translation>
    </message>
</context>
</TS>