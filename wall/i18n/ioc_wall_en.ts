<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
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
        <location filename="../runtime/runtime.py" line="219" />
        <source> (tường ảo)</source>
        <translation> (virtual wall)</translation>
    </message>
</context>
<context>
    <name>PlaceholderView</name>
    <message>
        <location filename="../widgets/placeholder.py" line="66" />
        <source>Vùng trống — chọn nội dung từ bàn điều khiển</source>
        <translation>Empty region — choose content from the console</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="69" />
        <source>Khung nhìn “%s” sẽ được hiển thị tại đây</source>
        <translation>The “%s” view will be shown here</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="120" />
        <source>Không hiển thị được: %s</source>
        <translation>Cannot be shown: %s</translation>
    </message>
</context>
</TS>