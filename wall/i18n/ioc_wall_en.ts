<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>Health</name>
    <message>
        <location filename="../widgets/health.py" line="17" />
        <source>Lỗi</source>
        <translation>Failing</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="18" />
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="19" />
        <source>Tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="20" />
        <source>Chưa kết nối</source>
        <translation>Never connected</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="95" />
        <source>Tình trạng luồng dữ liệu</source>
        <translation>Data-flow health</translation>
    </message>
</context>
<context>
    <name>Identify</name>
    <message>
        <location filename="../runtime/overlays.py" line="63" />
        <source>không có màn hình nào hiển thị vị trí này</source>
        <translation>no monitor shows this position</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="67" />
        <source>Hàng %1 · Cột %2</source>
        <translation>Row %1 · Column %2</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="84" />
        <source>Cấu hình hợp lệ</source>
        <translation>Configuration valid</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="92" />
        <source>Lỗi cấu hình: %1 lỗi, %2 cảnh báo</source>
        <translation>Configuration problems: %1 errors, %2 warnings</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="109" />
        <source>… và %1 mục khác (xem nhật ký)</source>
        <translation>… and %1 more (see the log)</translation>
    </message>
    <message>
        <location filename="../runtime/runtime.py" line="209" />
        <source> (tường ảo)</source>
        <translation> (virtual wall)</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <location filename="../widgets/overview.py" line="111" />
        <source>%1 nghiêm trọng</source>
        <translation>%1 critical</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="113" />
        <source>%1 cảnh báo</source>
        <translation>%1 warning</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="115" />
        <source>%1 số liệu cũ</source>
        <translation>%1 out of date</translation>
    </message>
</context>
<context>
    <name>PlaceholderView</name>
    <message>
        <location filename="../widgets/placeholder.py" line="65" />
        <source>Vùng trống — chọn nội dung từ bàn điều khiển</source>
        <translation>Empty region — choose content from the console</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="68" />
        <source>Khung nhìn “%s” sẽ được hiển thị tại đây</source>
        <translation>The “%s” view will be shown here</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="119" />
        <source>Không hiển thị được: %s</source>
        <translation>Cannot be shown: %s</translation>
    </message>
</context>
<context>
    <name>SectorView</name>
    <message>
        <location filename="../widgets/sector.py" line="50" />
        <source>cập nhật %1</source>
        <translation>updated %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="57" />
        <source>tạm tính đến %1</source>
        <translation>provisional to %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="61" />
        <source>so kỳ trước %1</source>
        <translation>vs previous %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="67" />
        <source>cùng kỳ %1%</source>
        <translation>year on year %1%</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="144" />
        <source>Số liệu đến %1</source>
        <translation>Data as of %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="148" />
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="194" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="217" />
        <source>kế hoạch năm %1%</source>
        <translation>annual plan %1%</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../widgets/style.py" line="30" />
        <source>Bình thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="31" />
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="32" />
        <source>Nghiêm trọng</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="33" />
        <source>Số liệu cũ</source>
        <translation>Out of date</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="34" />
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
</context>
</TS>