<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name />
    <message>
        <location filename="../widgets/chart.py" line="228" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="395" />
        <source>Mục tiêu %1</source>
        <translation>Target %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="399" />
        <source>BQ kế hoạch %1</source>
        <translation>Plan average %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="414" />
        <source>Cảnh báo %1</source>
        <translation>Warning %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="414" />
        <source>Nghiêm trọng %1</source>
        <translation>Critical %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="479" />
        <source>Dự báo</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="481" />
        <source>Tạm tính %1</source>
        <translation>Provisional %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="644" />
        <source>số liệu đến %1</source>
        <translation>data as of %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="122" />
        <source>ảnh không đọc được</source>
        <translation>unreadable picture</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="141" />
        <location filename="../widgets/camera.py" line="147" />
        <source>không có hình mới trong %1 giây</source>
        <translation>no new picture for %1 s</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="150" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="209" />
        <source>trực tiếp</source>
        <translation>live</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="209" />
        <source>ảnh chụp</source>
        <translation>snapshot</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="221" />
        <source>Không có camera này</source>
        <translation>No such camera</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="221" />
        <source>Mã camera: %1</source>
        <translation>Camera id: %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="224" />
        <source>Mất tín hiệu</source>
        <translation>No signal</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="226" />
        <source>Hình cuối lúc %1</source>
        <translation>Last picture at %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="229" />
        <source>Chưa nhận được hình nào</source>
        <translation>No picture received yet</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="230" />
        <source>đang thử kết nối lại</source>
        <translation>reconnecting</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="232" />
        <source>Đang kết nối…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="312" />
        <source>%1 · trang %2/%3</source>
        <translation>%1 · page %2/%3</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="330" />
        <source>Nhóm camera “%1” không có camera nào</source>
        <translation>Camera group “%1” has no cameras</translation>
    </message>
</context>
<context>
    <name>AlertsView</name>
    <message>
        <location filename="../widgets/alertsview.py" line="41" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../widgets/alertsview.py" line="54" />
        <source>%1 chưa xác nhận</source>
        <translation>%1 not acknowledged</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../widgets/health.py" line="15" />
        <source>Lỗi</source>
        <translation>Failing</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="16" />
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="17" />
        <source>Tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="18" />
        <source>Chưa kết nối</source>
        <translation>Never connected</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="72" />
        <source>Tình trạng luồng dữ liệu</source>
        <translation>Data-flow health</translation>
    </message>
</context>
<context>
    <name>Identify</name>
    <message>
        <location filename="../runtime/overlays.py" line="69" />
        <source>không có màn hình nào hiển thị vị trí này</source>
        <translation>no monitor shows this position</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="73" />
        <source>Hàng %1 · Cột %2</source>
        <translation>Row %1 · Column %2</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="86" />
        <source>API %1 · mã điều khiển: %2</source>
        <translation>API %1 · operator token: %2</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="98" />
        <source>Cấu hình hợp lệ</source>
        <translation>Configuration valid</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="106" />
        <source>Lỗi cấu hình: %1 lỗi, %2 cảnh báo</source>
        <translation>Configuration problems: %1 errors, %2 warnings</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="123" />
        <source>… và %1 mục khác (xem nhật ký)</source>
        <translation>… and %1 more (see the log)</translation>
    </message>
    <message>
        <location filename="../runtime/runtime.py" line="214" />
        <source> (tường ảo)</source>
        <translation> (virtual wall)</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../widgets/mapview.py" line="35" />
        <source>Điểm du lịch</source>
        <translation>Tourist sites</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="36" />
        <source>Trạm quan trắc</source>
        <translation>Monitoring stations</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="37" />
        <location filename="../widgets/mapview.py" line="44" />
        <source>Camera</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="38" />
        <location filename="../widgets/mapview.py" line="45" />
        <source>Sự cố</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="41" />
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="42" />
        <source>Du lịch</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="43" />
        <source>Môi trường</source>
        <translation>Environment</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="46" />
        <source>An ninh, trật tự</source>
        <translation>Public security and order</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="49" />
        <source>Lào</source>
        <translation>Laos</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="50" />
        <source>Biển Đông</source>
        <translation>East Sea</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="338" />
        <source>Ranh giới tỉnh: %1</source>
        <translation>Province boundaries: %1</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="345" />
        <source>Bản đồ tỉnh %1</source>
        <translation>%1 province map</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="424" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="391" />
        <location filename="../widgets/mapview.py" line="431" />
        <source>Không theo dõi</source>
        <translation>Not monitored</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="438" />
        <source>Loại điểm</source>
        <translation>Place types</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="452" />
        <source>Không có điểm nào để hiển thị</source>
        <translation>No places to show</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <location filename="../widgets/overview.py" line="113" />
        <source>mới %1</source>
        <translation>new %1</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="125" />
        <source>%1 nghiêm trọng</source>
        <translation>%1 critical</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="127" />
        <source>%1 cảnh báo</source>
        <translation>%1 warning</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="129" />
        <source>%1 số liệu cũ</source>
        <translation>%1 out of date</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../widgets/panels.py" line="49" />
        <source>Xã, phường kém nhất</source>
        <translation>Worst communes and wards</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="92" />
        <location filename="../widgets/panels.py" line="94" />
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="95" />
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="96" />
        <source>So kỳ trước</source>
        <translation>Vs previous</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="97" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="98" />
        <source>Cập nhật</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="119" />
        <location filename="../widgets/panels.py" line="219" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="140" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="147" />
        <source>Không có cảnh báo</source>
        <translation>No alerts</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="166" />
        <source>đã xác nhận: %1</source>
        <translation>acknowledged: %1</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="192" />
        <source>và %1 cảnh báo khác</source>
        <translation>and %1 more alerts</translation>
    </message>
</context>
<context>
    <name>PlaceholderView</name>
    <message>
        <location filename="../widgets/placeholder.py" line="64" />
        <source>Vùng trống — chọn nội dung từ bàn điều khiển</source>
        <translation>Empty region — choose content from the console</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="67" />
        <source>Khung nhìn “%s” sẽ được hiển thị tại đây</source>
        <translation>The “%s” view will be shown here</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="118" />
        <source>Không hiển thị được: %s</source>
        <translation>Cannot be shown: %s</translation>
    </message>
</context>
<context>
    <name>SectorView</name>
    <message>
        <location filename="../widgets/sector.py" line="59" />
        <source>cập nhật %1</source>
        <translation>updated %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="66" />
        <source>tạm tính đến %1</source>
        <translation>provisional to %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="70" />
        <source>so kỳ trước %1</source>
        <translation>vs previous %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="73" />
        <source>cùng kỳ %1%</source>
        <translation>year on year %1%</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="297" />
        <source>Số liệu đến %1</source>
        <translation>Data as of %1</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="301" />
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="366" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="393" />
        <source>kế hoạch năm %1%</source>
        <translation>annual plan %1%</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../widgets/style.py" line="40" />
        <source>Bình thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="41" />
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="42" />
        <source>Nghiêm trọng</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="43" />
        <source>Số liệu cũ</source>
        <translation>Out of date</translation>
    </message>
    <message>
        <location filename="../widgets/style.py" line="44" />
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="49" />
        <source>Số liệu không hợp lệ</source>
        <translation>Invalid figure</translation>
    </message>
</context>
</TS>