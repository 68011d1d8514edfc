<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name />
    <message>
        <location filename="../widgets/chart.py" line="276" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="466" />
        <source>Mục tiêu %1</source>
        <translation>Target %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="466" />
        <source>BQ kế hoạch %1</source>
        <translation>Plan average %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="474" />
        <source>Cảnh báo %1</source>
        <translation>Warning %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="474" />
        <source>Nghiêm trọng %1</source>
        <translation>Critical %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="608" />
        <location filename="../widgets/chart.py" line="688" />
        <source>Dự báo</source>
        <translation>Forecast</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="613" />
        <source>Bất thường</source>
        <translation>Anomaly</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="691" />
        <source>Tạm tính %1</source>
        <translation>Provisional %1</translation>
    </message>
    <message>
        <location filename="../widgets/chart.py" line="898" />
        <source>số liệu đến %1</source>
        <translation>data as of %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="257" />
        <source>ảnh không đọc được</source>
        <translation>unreadable picture</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="273" />
        <source>định dạng hoặc codec không giải mã được</source>
        <translation>format or codec cannot be decoded</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="274" />
        <source>lỗi mạng</source>
        <translation>network error</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="275" />
        <source>bị từ chối truy cập (tên đăng nhập hoặc mật khẩu)</source>
        <translation>access denied (user name or password)</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="276" />
        <source>không mở được luồng hình</source>
        <translation>the stream cannot be opened</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="287" />
        <location filename="../widgets/camera.py" line="293" />
        <source>không có hình mới trong %1 giây</source>
        <translation>no new picture for %1 s</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="296" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="378" />
        <source>trực tiếp</source>
        <translation>live</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="378" />
        <source>ảnh chụp</source>
        <translation>snapshot</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="443" />
        <source>Không có camera này</source>
        <translation>No such camera</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="443" />
        <source>Mã camera: %1</source>
        <translation>Camera id: %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="446" />
        <source>Mất tín hiệu</source>
        <translation>No signal</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="448" />
        <source>Hình cuối lúc %1</source>
        <translation>Last picture at %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="451" />
        <source>Chưa nhận được hình nào</source>
        <translation>No picture received yet</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="452" />
        <source>đang thử kết nối lại</source>
        <translation>reconnecting</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="456" />
        <source>Đang kết nối…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="613" />
        <source>trang %1/%2</source>
        <translation>page %1/%2</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="615" />
        <source>Đã ghim · %1</source>
        <translation>Pinned · %1</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="615" />
        <source>Đã ghim</source>
        <translation>Pinned</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="617" />
        <source>Camera ghim “%1” không thuộc nhóm này</source>
        <translation>Pinned camera “%1” is not in this group</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="618" />
        <source>Camera ghim không thuộc nhóm</source>
        <translation>Pinned camera not in group</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="620" />
        <source>%1 · trang %2/%3</source>
        <translation>%1 · page %2/%3</translation>
    </message>
    <message>
        <location filename="../widgets/camera.py" line="654" />
        <source>Nhóm camera “%1” không có camera nào</source>
        <translation>Camera group “%1” has no cameras</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="257" />
        <source>trang chuyển sang máy chủ không được phép: %1</source>
        <translation>the page sent the wall to a host that is not allowed: %1</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="263" />
        <source>máy chủ trả lỗi HTTP %1</source>
        <translation>the server answered HTTP %1</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="265" />
        <source>không tải được</source>
        <translation>could not load</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="271" />
        <source>trang không phản hồi, trình hiển thị đã được khởi động lại</source>
        <translation>the page stopped answering; its renderer was restarted</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="273" />
        <source>trình hiển thị trang bị dừng (%1)</source>
        <translation>the page's renderer stopped (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="300" />
        <source>trang không tải xong sau %1 giây</source>
        <translation>the page did not finish loading in %1 s</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="334" />
        <source>trang không phản hồi</source>
        <translation>the page is not answering</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="384" />
        <source>Đang tải trang…</source>
        <translation>Loading page…</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="386" />
        <source>Trang web bị từ chối</source>
        <translation>Web page refused</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="388" />
        <source>Trang web không hiển thị được</source>
        <translation>Web page cannot be shown</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="392" />
        <source>Máy chủ “%1” không có trong danh sách trang web được phép của tường</source>
        <translation>Host “%1” is not on the wall's list of allowed web sites</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="393" />
        <source>Địa chỉ không hợp lệ</source>
        <translation>Invalid address</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="398" />
        <source>thử lại sau %1 giây</source>
        <translation>retrying in %1 s</translation>
    </message>
    <message>
        <location filename="../widgets/web.py" line="400" />
        <source>hiển thị được lần cuối lúc %1</source>
        <translation>last shown at %1</translation>
    </message>
    <message>
        <location filename="../widgets/base.py" line="242" />
        <source>Số liệu tại %1</source>
        <translation>Figures as of %1</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="60" />
        <source>Chưa có cuộc họp nào được nạp</source>
        <translation>No meeting loaded</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="82" />
        <source>Chủ trì: %1</source>
        <translation>Chair: %1</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="65" />
        <source>Chưa bắt đầu</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="65" />
        <source>Đang họp</source>
        <translation>In session</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="65" />
        <source>Tạm dừng</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="66" />
        <source>Đã kết thúc</source>
        <translation>Ended</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="68" />
        <source>Mục %1/%2</source>
        <translation>Item %1/%2</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="90" />
        <source>Trình bày: %1</source>
        <translation>Presenter: %1</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="75" />
        <source>quá giờ %1</source>
        <translation>over by %1</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="75" />
        <source>còn %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="93" />
        <source>đã %1 / %2 phút</source>
        <translation>%1 of %2 min</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="114" />
        <location filename="../widgets/meeting.py" line="119" />
        <source>… và %1 mục nữa</source>
        <translation>… and %1 more items</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="105" />
        <source>Điểm cầu: %1/%2 trực tuyến</source>
        <translation>Meeting points: %1/%2 online</translation>
    </message>
    <message>
        <location filename="../widgets/meeting.py" line="127" />
        <source>mất kết nối</source>
        <translation>disconnected</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <location filename="../widgets/alertsview.py" line="90" />
        <source>Hệ thống tường</source>
        <translation>The wall itself</translation>
    </message>
</context>
<context>
    <name>AlertsView</name>
    <message>
        <location filename="../widgets/alertsview.py" line="53" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../widgets/alertsview.py" line="59" />
        <source>%1 chưa xác nhận</source>
        <translation>%1 not acknowledged</translation>
    </message>
</context>
<context>
    <name>ClockView</name>
    <message>
        <location filename="../widgets/clock.py" line="32" />
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="32" />
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="33" />
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="33" />
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="34" />
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="34" />
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="35" />
        <source>Chủ Nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="38" />
        <source>tháng 1</source>
        <translation>January</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="38" />
        <source>tháng 2</source>
        <translation>February</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="39" />
        <source>tháng 3</source>
        <translation>March</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="39" />
        <source>tháng 4</source>
        <translation>April</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="40" />
        <source>tháng 5</source>
        <translation>May</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="40" />
        <source>tháng 6</source>
        <translation>June</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="41" />
        <source>tháng 7</source>
        <translation>July</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="41" />
        <source>tháng 8</source>
        <translation>August</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="42" />
        <source>tháng 9</source>
        <translation>September</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="42" />
        <source>tháng 10</source>
        <translation>October</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="43" />
        <source>tháng 11</source>
        <translation>November</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="43" />
        <source>tháng 12</source>
        <translation>December</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="53" />
        <source>%1 %2 năm %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="61" />
        <source>Giờ mô phỏng (thử nghiệm)</source>
        <translation>Simulated time (testing)</translation>
    </message>
    <message>
        <location filename="../widgets/clock.py" line="62" />
        <source>Giờ của máy tường</source>
        <translation>The wall computer's time</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../widgets/health.py" line="22" />
        <source>Lỗi</source>
        <translation>Failing</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="24" />
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="27" />
        <source>Tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="26" />
        <source>Chưa kết nối</source>
        <translation>Never connected</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="198" />
        <source>Tình trạng luồng dữ liệu</source>
        <translation>Data-flow health</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="23" />
        <source>Bị từ chối</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="25" />
        <source>Một phần</source>
        <translation>Partial</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="91" />
        <source>đang chờ phản hồi %1</source>
        <translation>waiting for an answer %1</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="93" />
        <source>đã lưu %1, từ chối %2: %3</source>
        <translation>stored %1, rejected %2: %3</translation>
    </message>
    <message>
        <location filename="../widgets/health.py" line="104" />
        <source>+%1 nguồn khác</source>
        <translation>+%1 more sources</translation>
    </message>
</context>
<context>
    <name>Hub</name>
    <message>
        <location filename="../runtime/overlays.py" line="245" />
        <source>Mất kết nối trung tâm dữ liệu từ %1</source>
        <translation>Data hub connection lost since %1</translation>
    </message>
</context>
<context>
    <name>Identify</name>
    <message>
        <location filename="../runtime/overlays.py" line="156" />
        <source>không có màn hình nào hiển thị vị trí này</source>
        <translation>no monitor shows this position</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="154" />
        <source>Hàng %1 · Cột %2</source>
        <translation>Row %1 · Column %2</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="138" />
        <source>API %1 · mã điều khiển: %2</source>
        <translation>API %1 · operator token: %2</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="128" />
        <source>Vân tay chứng chỉ của tường:</source>
        <translation>The wall's certificate fingerprint:</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="39" />
        <source>vùng «{region}» hiện {kind} (chữ và số liệu) trên {screens} màn hình: số bị viền màn hình cắt ngang thì không đọc được</source>
        <translation>region '{region}' shows {kind} (text and figures) across {screens} screens: numbers cut by a bezel are unreadable</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="41" />
        <source>vùng «{region}» quá nhỏ cho {kind} đọc từ {distance} m: cần ít nhất {width} x {height} điểm ảnh</source>
        <translation>region '{region}' is too small for {kind} read from {distance} m: it needs at least {width} x {height} px</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="43" />
        <source>vùng «{region}» quá nhỏ để hiện ô nào trong {total} ô chỉ số khi đọc từ {distance} m: hãy dành thêm màn hình</source>
        <translation>region '{region}' is too small to show any of its {total} sector tiles read from {distance} m: give it more screens</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="45" />
        <source>{empty} trên {cells} ô của lưới không thuộc vùng nào và sẽ để đen</source>
        <translation>{empty} of {cells} grid cells belong to no region and stay black</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="47" />
        <source>vùng «{region}» chồng lên vùng «{other}» ở ô [{row}, {col}]</source>
        <translation>region '{region}' overlaps region '{other}' at cell [{row}, {col}]</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="48" />
        <source>máy chủ «{host}» không có trong danh sách trang được phép của tường (được phép: {allowed})</source>
        <translation>host '{host}' is not in the wall's web allowlist (allowed: {allowed})</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="50" />
        <source>máy chủ «{host}» không có trong danh sách trang được phép của tường (cấu hình tường chưa cho phép máy chủ nào)</source>
        <translation>host '{host}' is not in the wall's web allowlist (allowed: none: the wall configuration lists no web hosts)</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="194" />
        <source>Cấu hình hợp lệ</source>
        <translation>Configuration valid</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="198" />
        <source>Lỗi cấu hình: %1 lỗi, %2 cảnh báo</source>
        <translation>Configuration problems: %1 errors, %2 warnings</translation>
    </message>
    <message>
        <location filename="../runtime/overlays.py" line="221" />
        <source>Còn %1 mục khác (xem nhật ký của tường)</source>
        <translation>%1 more (see the wall's log)</translation>
    </message>
    <message>
        <source>… và %1 mục khác (xem nhật ký)</source>
        <translation type="vanished">… and %1 more (see the log)</translation>
    </message>
    <message>
        <location filename="../runtime/runtime.py" line="449" />
        <source> (tường ảo)</source>
        <translation> (virtual wall)</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../widgets/mapview.py" line="37" />
        <source>Điểm du lịch</source>
        <translation>Tourist sites</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="38" />
        <source>Trạm quan trắc</source>
        <translation>Monitoring stations</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="39" />
        <location filename="../../ioc_core/views/text.py" line="48" />
        <source>Camera</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="40" />
        <location filename="../../ioc_core/views/text.py" line="49" />
        <source>Sự cố</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="45" />
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="46" />
        <source>Du lịch</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="47" />
        <source>Môi trường</source>
        <translation>Environment</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="50" />
        <source>An ninh, trật tự</source>
        <translation>Public security and order</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="43" />
        <source>Lào</source>
        <translation>Laos</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="44" />
        <source>Biển Đông</source>
        <translation>East Sea</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="414" />
        <source>Ranh giới tỉnh: %1</source>
        <translation>Province boundaries: %1</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="385" />
        <source>Bản đồ tỉnh %1</source>
        <translation>%1 province map</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="704" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="689" />
        <source>Không theo dõi</source>
        <translation>Not monitored</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="704" />
        <source>Loại điểm</source>
        <translation>Place types</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="729" />
        <source>%1 cảnh báo thiên tai</source>
        <translation>%1 hazard warnings</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="730" />
        <source>và %1 cảnh báo khác</source>
        <translation>and %1 more alerts</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.py" line="770" />
        <source>Không có điểm nào để hiển thị</source>
        <translation>No places to show</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <location filename="../widgets/overview.py" line="199" />
        <source>mới %1</source>
        <translation>new %1</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="205" />
        <source>%1 nghiêm trọng</source>
        <translation>%1 critical</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="207" />
        <source>%1 cảnh báo</source>
        <translation>%1 warning</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="209" />
        <source>%1 số liệu cũ</source>
        <translation>%1 out of date</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="340" />
        <source>và %1 lĩnh vực khác bình thường</source>
        <translation>and %1 more sectors, all normal</translation>
    </message>
    <message>
        <location filename="../widgets/overview.py" line="342" />
        <source>và %1 lĩnh vực khác</source>
        <translation>and %1 more sectors</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../widgets/panels.py" line="57" />
        <source>Xã, phường kém nhất</source>
        <translation>Worst communes and wards</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="208" />
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="209" />
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="210" />
        <source>So kỳ trước</source>
        <translation>Vs previous</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="211" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="212" />
        <source>Cập nhật</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="222" />
        <location filename="../widgets/panels.py" line="565" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="350" />
        <source>và %1 chỉ tiêu khác</source>
        <translation>and %1 more indicators</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="351" />
        <source>+%1 chỉ tiêu</source>
        <translation>+%1 indicators</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="384" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="446" />
        <source>+%1 cảnh báo</source>
        <translation>+%1 alerts</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="447" />
        <source>%1 cảnh báo</source>
        <translation>%1 alerts</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="498" />
        <source>Không có cảnh báo</source>
        <translation>No alerts</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/alerts.py" line="71" />
        <source>đã xác nhận: %1</source>
        <translation>acknowledged: %1</translation>
    </message>
    <message>
        <location filename="../widgets/panels.py" line="445" />
        <source>và %1 cảnh báo khác</source>
        <translation>and %1 more alerts</translation>
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
        <location filename="../widgets/placeholder.py" line="112" />
        <source>Không hiển thị được: %s</source>
        <translation>Cannot be shown: %s</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="119" />
        <source>Không có lĩnh vực “%s” trong danh mục</source>
        <translation>No sector “%s” in the catalogue</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="120" />
        <source>Không có chỉ tiêu “%s” trong danh mục</source>
        <translation>No indicator “%s” in the catalogue</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="121" />
        <source>Không có xã, phường “%s” trong danh mục</source>
        <translation>No commune or ward “%s” in the catalogue</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="122" />
        <source>Bản đồ không có lớp “%s”</source>
        <translation>The map has no layer “%s”</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="123" />
        <source>Không có camera “%s” trong danh mục camera</source>
        <translation>No camera “%s” in the camera catalogue</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="124" />
        <source>Không có nhóm camera “%s” trong danh mục camera</source>
        <translation>No camera group “%s” in the camera catalogue</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="151" />
        <source>Có: %s</source>
        <translation>Known: %s</translation>
    </message>
    <message>
        <location filename="../widgets/placeholder.py" line="152" />
        <source>Chọn nội dung khác, hoặc bổ sung danh mục.</source>
        <translation>Choose something else, or add it to the catalogue.</translation>
    </message>
</context>
<context>
    <name>SectorView</name>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="75" />
        <source>cập nhật %1</source>
        <translation>updated %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="81" />
        <source>tạm tính đến %1</source>
        <translation>provisional to %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="84" />
        <source>so kỳ trước %1</source>
        <translation>vs previous %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="86" />
        <source>cùng kỳ %1%</source>
        <translation>year on year %1%</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="96" />
        <source>vượt ngưỡng cảnh báo %1</source>
        <translation>above the warning threshold %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="97" />
        <source>vượt ngưỡng nghiêm trọng %1</source>
        <translation>above the critical threshold %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="98" />
        <source>dưới ngưỡng cảnh báo %1</source>
        <translation>below the warning threshold %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="99" />
        <source>dưới ngưỡng nghiêm trọng %1</source>
        <translation>below the critical threshold %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="100" />
        <source>vượt ngưỡng %1</source>
        <translation>above the threshold %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="101" />
        <source>dưới ngưỡng %1</source>
        <translation>below the threshold %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="121" />
        <source>từ %1</source>
        <translation>since %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="240" />
        <source>Số liệu đến %1</source>
        <translation>Data as of %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="242" />
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="246" />
        <source>Tất cả chỉ số bình thường</source>
        <translation>All indicators normal</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="847" />
        <source>chưa có dữ liệu</source>
        <translation>no data yet</translation>
    </message>
    <message>
        <location filename="../widgets/sector.py" line="878" />
        <source>kế hoạch năm %1%</source>
        <translation>annual plan %1%</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="78" />
        <source>tổng hợp từ %1 xã/phường</source>
        <translation>made from %1 communes and wards</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="135" />
        <source>số liệu năm %1</source>
        <translation>figure for %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="138" />
        <source>số liệu quý %1</source>
        <translation>figure for quarter %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="140" />
        <source>số liệu kỳ %1</source>
        <translation>figure for %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="142" />
        <source>số liệu tuần từ %1</source>
        <translation>figure for the week from %1</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="143" />
        <source>số liệu ngày %1</source>
        <translation>figure for %1</translation>
    </message>
</context>
<context>
    <name>Share</name>
    <message>
        <location filename="../runtime/shareout.py" line="104" />
        <source>Chưa chia sẻ hình ảnh</source>
        <translation>Nothing is being shared</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../ioc_core/views/text.py" line="31" />
        <source>Bình thường</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="32" />
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="33" />
        <source>Nghiêm trọng</source>
        <translation>Critical</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="34" />
        <source>Số liệu cũ</source>
        <translation>Out of date</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/text.py" line="35" />
        <source>Chưa có dữ liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../../ioc_core/views/tiles.py" line="64" />
        <source>Số liệu không hợp lệ</source>
        <translation>Invalid figure</translation>
    </message>
</context>
<context>
    <name>ViewItem</name>
    <message>
        <location filename="../widgets/base.py" line="269" />
        <source>Lỗi hiển thị: khung nhìn này không vẽ được (chi tiết trong nhật ký của tường)</source>
        <translation>Display error: this view could not be drawn (details in the wall's log)</translation>
    </message>
</context>
</TS>