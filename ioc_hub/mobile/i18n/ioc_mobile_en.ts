<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
    <context>
        <name>Mobile</name>
        <message>
            <location filename="../static/app.js" line="15" />
            <source>Đang chờ trung tâm IOC</source>
            <translation>Waiting for the IOC</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="15" />
            <source>Đã đưa lên màn hình</source>
            <translation>Shown on the wall</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="16" />
            <source>Bị từ chối</source>
            <translation>Declined</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="80" />
            <source>%1 ngày trước</source>
            <translation>%1 days ago</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="80" />
            <source>%1 giờ trước</source>
            <translation>%1 hours ago</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="80" />
            <source>%1 phút trước</source>
            <translation>%1 minutes ago</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="83" />
            <source>vừa xong</source>
            <translation>just now</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="108" />
            <source>Không kết nối được trung tâm IOC</source>
            <translation>Cannot reach the IOC hub</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="133" />
            <source>Tên đăng nhập</source>
            <translation>Login</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="134" />
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="137" />
            <source>Đăng nhập</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="139" />
            <source>Trung tâm điều hành IOC</source>
            <translation>IOC operations centre</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="139" />
            <source>Dành cho lãnh đạo tỉnh</source>
            <translation>For the province's leaders</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="151" />
            <source>Sai tên đăng nhập hoặc mật khẩu</source>
            <translation>Wrong login or password</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="154" />
            <source>Tạm khoá đăng nhập do nhập sai nhiều lần: thử lại sau %1 phút</source>
            <translation>Sign-in locked after repeated failures: try again in %1 minutes</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="156" />
            <source>Không đăng nhập được (mã %1)</source>
            <translation>Could not sign in (code %1)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="164" />
            <source>Phiên làm việc đã hết: xin đăng nhập lại</source>
            <translation>Your session has ended: please sign in again</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="182" />
            <source>Đã đăng xuất</source>
            <translation>Signed out</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="197" />
            <source>Các lĩnh vực</source>
            <translation>Sectors</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="198" />
            <source>Cảnh báo (%1)</source>
            <translation>Alerts (%1)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="198" />
            <source>Cảnh báo</source>
            <translation>Alerts</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="205" />
            <source>Đăng xuất</source>
            <translation>Sign out</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="350" />
            <source>Yêu cầu “%1”: %2</source>
            <translation>Request “%1”: %2</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="408" />
            <source>cập nhật %1</source>
            <translation>updated %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="434" />
            <source>Nhập: %1 (%2) · Duyệt: %3 (%4)</source>
            <translation>Entered: %1 (%2) · Approved: %3 (%4)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="446" />
            <source>%1 cảnh báo chưa xác nhận</source>
            <translation>%1 alerts not acknowledged</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="452" />
            <source>Chưa nộp số liệu</source>
            <translation>Figures not submitted</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="454" />
            <source>%1 · kỳ %2 · hạn %3 · %4</source>
            <translation>%1 · period %2 · due %3 · %4</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="466" />
            <source>%1 cảnh báo</source>
            <translation>%1 alerts</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="472" />
            <source>Số liệu của trung tâm lúc %1</source>
            <translation>The hub's figures at %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="482" />
            <source>Đang tải…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="483" />
            <source>Không có lĩnh vực này</source>
            <translation>No such sector</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="503" />
            <source>Chưa có dữ liệu</source>
            <translation>No data yet</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="539" />
            <source>Mục tiêu %1</source>
            <translation>Target %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="550" />
            <source>Cảnh báo %1</source>
            <translation>Warning %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="551" />
            <source>Nghiêm trọng %1</source>
            <translation>Critical %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="559" />
            <source>Cảnh báo đang mở</source>
            <translation>Open alerts</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="560" />
            <source>Không có cảnh báo nào đang mở</source>
            <translation>No open alerts</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="564" />
            <source>Yêu cầu đưa lên màn hình của tôi</source>
            <translation>My requests to show on the wall</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="572" />
            <source>Toàn tỉnh</source>
            <translation>Whole province</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="583" />
            <source>Từ %1</source>
            <translation>Since %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="584" />
            <source>✔ Đã xác nhận: %1</source>
            <translation>✔ Acknowledged: %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="585" />
            <source>Giao cho: %1</source>
            <translation>Assigned to: %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="586" />
            <source>%1 ghi chú</source>
            <translation>%1 notes</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="588" />
            <source>Xác nhận</source>
            <translation>Acknowledge</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="590" />
            <source>Chi tiết</source>
            <translation>Details</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="605" />
            <source>Cảnh báo này đã kết thúc hoặc không còn</source>
            <translation>This alert has ended or no longer exists</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="612" />
            <source>Ghi chú và giao việc</source>
            <translation>Notes and assignments</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="614" />
            <source>Chưa có ghi chú</source>
            <translation>No notes yet</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="617" />
            <source>Giao cho %1</source>
            <translation>Assigned to %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="634" />
            <source>Ý kiến chỉ đạo, ghi chú…</source>
            <translation>Instructions, notes…</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="635" />
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="636" />
            <source>Gửi ghi chú</source>
            <translation>Send note</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="644" />
            <source>Đã gửi ghi chú</source>
            <translation>Note sent</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="645" />
            <source>Không gửi được (mã %1)</source>
            <translation>Could not send (code %1)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="654" />
            <source>— Chọn sở, ngành —</source>
            <translation>— Choose a department —</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="660" />
            <source>Yêu cầu (không bắt buộc)</source>
            <translation>Request (optional)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="663" />
            <source>Giao cho sở, ngành</source>
            <translation>Assign to a department</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="664" />
            <source>Giao việc</source>
            <translation>Assign</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="668" />
            <source>Chọn sở, ngành để giao</source>
            <translation>Choose a department to assign to</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="673" />
            <source>Đã giao cho %1</source>
            <translation>Assigned to %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="679" />
            <source>Không giao được (mã %1)</source>
            <translation>Could not assign (code %1)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="687" />
            <source>Đã xác nhận cảnh báo</source>
            <translation>Alert acknowledged</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="691" />
            <source>Không xác nhận được (mã %1)</source>
            <translation>Could not acknowledge (code %1)</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="705" />
            <source>Đưa lĩnh vực lên màn hình</source>
            <translation>Show this sector on the wall</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="705" />
            <source>Đưa lên màn hình</source>
            <translation>Show on the wall</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="715" />
            <source>Đã gửi yêu cầu: %1</source>
            <translation>Request sent: %1</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="718" />
            <source>Không gửi được yêu cầu (mã %1)</source>
            <translation>Could not send the request (code %1)</translation>
        </message>
    </context>
    <context>
        <name>Status</name>
        <message>
            <location filename="../static/app.js" line="11" />
            <source>Bình thường</source>
            <translation>Normal</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="11" />
            <source>Cảnh báo</source>
            <translation>Warning</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="11" />
            <source>Nghiêm trọng</source>
            <translation>Critical</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="12" />
            <source>Số liệu cũ</source>
            <translation>Out of date</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="12" />
            <source>Chưa có dữ liệu</source>
            <translation>No data yet</translation>
        </message>
        <message>
            <location filename="../static/app.js" line="405" />
            <source>Số liệu không hợp lệ</source>
            <translation>Invalid figure</translation>
        </message>
    </context>
</TS>