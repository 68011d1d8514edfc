<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name />
    <message>
        <location filename="../layout_editor.py" line="301" />
        <source>Màn hình %1</source>
        <translation>Screen %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="368" />
        <location filename="../layout_editor.py" line="510" />
        <source>Sửa bố cục</source>
        <translation>Edit layout</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="369" />
        <location filename="../layout_editor.py" line="839" />
        <location filename="../layout_editor.py" line="842" />
        <location filename="../layout_editor.py" line="845" />
        <source>Bố cục mới</source>
        <translation>New layout</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="389" />
        <source>Bố cục trên tường:</source>
        <translation>Layouts on the wall:</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="392" />
        <source>Mở</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="392" />
        <source>Mới…</source>
        <translation>New…</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="393" />
        <source>Nhập tệp…</source>
        <translation>Import file…</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="393" />
        <source>Xuất tệp…</source>
        <translation>Export file…</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="399" />
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="399" />
        <source>Làm lại</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="410" />
        <source>Áp dụng ngay lên tường</source>
        <translation>Apply on the wall at once</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="413" />
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="416" />
        <source>Lưu thành…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="427" />
        <source>Mã dùng trong tên tệp và trong API: tạo từ tên tiếng Việt, có thể sửa (chữ thường không dấu, số, '-' và '_')</source>
        <translation>The id used in file names and in the API: made from the Vietnamese name, editable (lower case without accents, digits, '-' and '_')</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="443" />
        <source>(hàng × cột ô lưới trên toàn tường)</source>
        <translation>(rows × columns of grid cells over the whole wall)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="446" />
        <source>Mã bố cục</source>
        <translation>Layout id</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="447" />
        <location filename="../layout_editor.py" line="472" />
        <source>Tên (tiếng Anh)</source>
        <translation>Title (English)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="448" />
        <source>Lưới</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="455" />
        <source>Vùng đang chọn</source>
        <translation>Chosen region</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="466" />
        <source>Xoá vùng</source>
        <translation>Delete region</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="469" />
        <source>Mã vùng</source>
        <translation>Region id</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="473" />
        <source>Vị trí</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="474" />
        <source>Khung nhìn</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="481" />
        <source>Kiểm tra bố cục (bằng chính mã của tường)</source>
        <translation>Layout check (by the wall's own code)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="487" />
        <source>Kéo trên các ô trống để vẽ vùng (được phép trải qua nhiều màn hình); kéo vùng để di chuyển; kéo cạnh hoặc góc của vùng đang chọn để đổi kích thước; phím Delete để xoá.</source>
        <translation>Drag over free cells to draw a region (it may span screens); drag a region to move it; drag an edge or a corner of the chosen region to resize it; Delete removes it.</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="540" />
        <source>Không đọc được danh sách từ tường: %1</source>
        <translation>Could not read the lists from the wall: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="589" />
        <source>Bố cục chưa có vùng nào: kéo trên tường để vẽ vùng đầu tiên</source>
        <translation>The layout has no region yet: drag on the wall to draw the first one</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="594" />
        <source>Hợp lệ: tường sẽ nhận bố cục này</source>
        <translation>Valid: the wall will take this layout</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="639" />
        <source>Không thực hiện được: %1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="670" />
        <source>Vẽ vùng %1 (%2 ô)</source>
        <translation>Draw region %1 (%2 cells)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="670" />
        <source>Đặt lại vùng %1 (%2 ô)</source>
        <translation>Place region %1 (%2 cells)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="681" />
        <source>Xoá vùng %1</source>
        <translation>Delete region %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="690" />
        <source>Lưới %1 × %2</source>
        <translation>Grid %1 × %2</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="714" />
        <source>Đổi mã bố cục thành %1</source>
        <translation>Change layout id to %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="729" />
        <source>Đổi tên bố cục</source>
        <translation>Rename layout</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="749" />
        <source>ô [%1, %2], %3 × %4 ô, trên %5 màn hình</source>
        <translation>cell [%1, %2], %3 × %4 cells, on %5 screens</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="752" />
        <location filename="../preview.py" line="51" />
        <location filename="../screen_mapping.py" line="271" />
        <source>(trống)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="780" />
        <source>Đổi mã vùng thành %1</source>
        <translation>Region id changed to %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="797" />
        <source>Đổi tên vùng</source>
        <translation>Rename region</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="805" />
        <source>Đặt khung nhìn: %1</source>
        <translation>View set: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="815" />
        <source>Đang mở %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="820" />
        <source>Không mở được bố cục: %1</source>
        <translation>Could not open the layout: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="955" />
        <source>Đã lưu %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="833" />
        <source>Bỏ thay đổi?</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="833" />
        <source>Bố cục đang sửa có thay đổi chưa lưu. Bỏ?</source>
        <translation>The layout being edited has unsaved changes. Discard them?</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="708" />
        <location filename="../layout_editor.py" line="850" />
        <location filename="../layout_editor.py" line="908" />
        <source>Mã '%1' không hợp lệ: chỉ chữ thường, số, '-' và '_'</source>
        <translation>Id '%1' is not valid: lower-case letters, digits, '-' and '_' only</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="827" />
        <source>Đã mở %1</source>
        <translation>Opened %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="828" />
        <location filename="../layout_editor.py" line="958" />
        <location filename="../screen_mapping.py" line="434" />
        <location filename="../screen_mapping.py" line="480" />
        <source>Phiên bản %1</source>
        <translation>Revision %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="839" />
        <source>Tên bố cục (tiếng Việt; mã được tạo từ tên, sửa được sau)</source>
        <translation>Layout name (Vietnamese; the id is made from it, editable afterwards)</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="856" />
        <source>Bố cục mới %1: kéo trên tường để vẽ vùng</source>
        <translation>New layout %1: drag on the wall to draw regions</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="860" />
        <source>Nhập bố cục từ tệp</source>
        <translation>Import a layout from a file</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="871" />
        <source>Không nhập được: %1</source>
        <translation>Not imported: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="881" />
        <source>Đã nhập %1 từ %2</source>
        <translation>Imported %1 from %2</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="885" />
        <source>Xuất bố cục ra tệp</source>
        <translation>Export the layout to a file</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="894" />
        <source>Không ghi được %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="896" />
        <source>Đã xuất ra %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="901" />
        <source>Lưu thành bố cục mới</source>
        <translation>Save as a new layout</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="901" />
        <source>Mã bố cục mới</source>
        <translation>New layout id</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="912" />
        <source>Lưu thành %1</source>
        <translation>Save as %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="931" />
        <source>Chưa lưu: bố cục chưa có vùng nào</source>
        <translation>Not saved: the layout has no region yet</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="935" />
        <source>Chưa lưu: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="942" />
        <source>Đang lưu %1 lên tường…</source>
        <translation>Saving %1 on the wall…</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="957" />
        <source>, đã áp dụng lên tường</source>
        <translation>, applied on the wall</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="965" />
        <source>Tường không nhận: %1</source>
        <translation>The wall refused it: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="968" />
        <source>Chưa lưu, bố cục trên tường đã thay đổi: %1</source>
        <translation>Not saved, the layout on the wall has changed: %1</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="977" />
        <source>Không lưu được: %1. Bố cục đang sửa vẫn còn nguyên.</source>
        <translation>Could not save: %1. The layout being edited is kept as it is.</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="982" />
        <source>Bố cục đã bị thay đổi trên tường</source>
        <translation>The layout was changed on the wall</translation>
    </message>
    <message>
        <location filename="../layout_editor.py" line="983" />
        <source>Ghi đè bằng bản của bạn? (Chọn No để giữ bản đang sửa; bạn có thể "Lưu thành…" một bố cục mới.) Bản bị ghi đè được giữ trong thư mục .previous của tường.</source>
        <translation>Overwrite it with yours? (Choose No to keep editing; you may "Save as…" a new layout.) The overwritten version is kept in the wall's .previous folder.</translation>
    </message>
    <message>
        <location filename="../preview.py" line="122" />
        <source>Xem trước tường màn hình</source>
        <translation>Video wall preview</translation>
    </message>
    <message>
        <location filename="../preview.py" line="204" />
        <location filename="../window.py" line="292" />
        <source>Tắt hình</source>
        <translation>Blank</translation>
    </message>
    <message>
        <location filename="../preview.py" line="184" />
        <source>(quy tắc cảnh báo)</source>
        <translation>(alert rule)</translation>
    </message>
    <message>
        <location filename="../preview.py" line="26" />
        <source>Tất cả</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../preview.py" line="26" />
        <source>Du lịch</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <location filename="../preview.py" line="26" />
        <source>Môi trường</source>
        <translation>Environment</translation>
    </message>
    <message>
        <location filename="../preview.py" line="27" />
        <source>An ninh, trật tự</source>
        <translation>Public safety</translation>
    </message>
    <message>
        <location filename="../preview.py" line="233" />
        <source>Mất kết nối với tường</source>
        <translation>Wall not reachable</translation>
    </message>
    <message>
        <location filename="../window.py" line="100" />
        <source>Danh sách khung nhìn</source>
        <translation>Views</translation>
    </message>
    <message>
        <location filename="../window.py" line="137" />
        <source>Thêm tường theo địa chỉ</source>
        <translation>Add a wall by address</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="65" />
        <source>%1 đề nghị đưa lên tường: %2 — %3</source>
        <translation>%1 asks to show on the wall: %2 — %3</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="67" />
        <source>(tường %1)</source>
        <translation>(wall %1)</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="69" />
        <source>Ghi chú: %1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="106" />
        <source>Đưa lên tường</source>
        <translation>Put on the wall</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="108" />
        <source>Đưa "%1" (đề nghị của %2) lên vùng:</source>
        <translation>Put "%1" (asked by %2) on region:</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="118" />
        <source>Đưa lên</source>
        <translation>Put up</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="119" />
        <location filename="../wall_requests.py" line="145" />
        <source>Huỷ</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="134" />
        <source>Từ chối yêu cầu</source>
        <translation>Decline request</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="136" />
        <source>Lý do từ chối "%1" (lãnh đạo sẽ đọc):</source>
        <translation>Reason for declining "%1" (the leader will read it):</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="140" />
        <source>Ví dụ: Tường đang dùng cho cuộc họp giao ban</source>
        <translation>For example: the wall is in use for the briefing meeting</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="144" />
        <source>Từ chối</source>
        <translation>Decline</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="157" />
        <location filename="../window.py" line="142" />
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="157" />
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="157" />
        <source>Người nhận</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="157" />
        <source>Kênh</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="157" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="158" />
        <source>Số lần gửi</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="158" />
        <source>Lỗi gần nhất</source>
        <translation>Last error</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="164" />
        <source>Thư điện tử</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="164" />
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="176" />
        <source>Chờ hết giờ yên tĩnh (đến %1)</source>
        <translation>Held until quiet hours end (%1)</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="176" />
        <source>Chờ hết giờ yên tĩnh</source>
        <translation>Held until quiet hours end</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="177" />
        <source>Đã gửi</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="173" />
        <source>Đang chờ gửi</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="173" />
        <source>Đang gửi lại</source>
        <translation>Retrying</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="177" />
        <source>Gửi không được</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="214" />
        <source>Nhật ký gửi tin</source>
        <translation>Delivery log</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="217" />
        <location filename="../wall_requests.py" line="251" />
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="261" />
        <source>Trung tâm dữ liệu chưa có nhật ký gửi tin (%1)</source>
        <translation>The data hub has no delivery log yet (%1)</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="263" />
        <source>Không tải được nhật ký gửi tin: %1</source>
        <translation>The delivery log could not be loaded: %1</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="272" />
        <source>%1 tin nhắn</source>
        <translation>%1 messages</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="272" />
        <source>Chưa có tin nhắn nào</source>
        <translation>No messages yet</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="275" />
        <source>Thiết lập gửi tin của trung tâm dữ liệu có lỗi: %1</source>
        <translation>The data hub's message settings have a problem: %1</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="297" />
        <source>Đưa lên…</source>
        <translation>Put up…</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="298" />
        <source>Đưa lĩnh vực của yêu cầu đang chọn lên một vùng của tường</source>
        <translation>Put the chosen request's sector on a region of the wall</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="300" />
        <source>Từ chối…</source>
        <translation>Decline…</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="302" />
        <source>Nhật ký gửi tin…</source>
        <translation>Delivery log…</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="303" />
        <source>Tin nhắn cảnh báo trung tâm dữ liệu đã gửi cho lãnh đạo, cán bộ</source>
        <translation>Alert messages the data hub sent to leaders and staff</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="309" />
        <source>Yêu cầu từ lãnh đạo</source>
        <translation>Requests from leaders</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="322" />
        <source>Yêu cầu từ lãnh đạo (%1)</source>
        <translation>Requests from leaders (%1)</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="385" />
        <source>Yêu cầu không nêu lĩnh vực nào để đưa lên</source>
        <translation>The request names no sector to put up</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="389" />
        <source>Tường chưa cho biết các vùng của bố cục: thử lại sau giây lát</source>
        <translation>The wall has not said its layout's regions yet: try again in a moment</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="428" />
        <source>Đã đưa lên tường và báo lãnh đạo: %1</source>
        <translation>Put on the wall and the leader told: %1</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="429" />
        <source>Đã từ chối và báo lãnh đạo: %1</source>
        <translation>Declined and the leader told: %1</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="434" />
        <source>Đã đưa lên tường nhưng chưa báo được lãnh đạo: %1</source>
        <translation>Put on the wall, but the leader could not be told: %1</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="436" />
        <source>Chưa từ chối được: %1</source>
        <translation>Not declined: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="143" />
        <source>Mã truy cập</source>
        <translation>Access token</translation>
    </message>
    <message>
        <location filename="../window.py" line="179" />
        <source>IOC Wall — Bàn điều khiển</source>
        <translation>IOC Wall — Operator console</translation>
    </message>
    <message>
        <location filename="../window.py" line="211" />
        <source>Tường màn hình</source>
        <translation>Video walls</translation>
    </message>
    <message>
        <location filename="../window.py" line="218" />
        <source>Tường theo trung tâm dữ liệu</source>
        <translation>Walls by data hub</translation>
    </message>
    <message>
        <location filename="../window.py" line="221" />
        <source>Thêm tường theo địa chỉ…</source>
        <translation>Add a wall by address…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="190" />
        <location filename="../meeting.py" line="200" />
        <location filename="../meeting.py" line="239" />
        <location filename="../window.py" line="227" />
        <source>Chưa chọn tường</source>
        <translation>No wall chosen</translation>
    </message>
    <message>
        <location filename="../window.py" line="259" />
        <source>Bố cục</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../window.py" line="259" />
        <source>Áp dụng</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../window.py" line="261" />
        <source>Cảnh đã lưu</source>
        <translation>Presets</translation>
    </message>
    <message>
        <location filename="../window.py" line="262" />
        <source>Gọi lại</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../window.py" line="262" />
        <source>Lưu cảnh…</source>
        <translation>Save preset…</translation>
    </message>
    <message>
        <location filename="../window.py" line="263" />
        <source>Đổi tên…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <location filename="../window.py" line="267" />
        <source>Khung nhìn (kéo thả vào vùng, hoặc chọn rồi nhấn Enter trên tường)</source>
        <translation>Views (drag onto a region, or choose one and press Enter on the wall)</translation>
    </message>
    <message>
        <location filename="../window.py" line="275" />
        <source>Xóa khung nhìn (Delete)</source>
        <translation>Clear view (Delete)</translation>
    </message>
    <message>
        <location filename="../window.py" line="276" />
        <source>Bỏ khung nhìn của vùng đang chọn: vùng để trống (phím Delete trên hình xem trước)</source>
        <translation>Remove the chosen region's view: the region is left empty (Delete key on the preview)</translation>
    </message>
    <message>
        <location filename="../window.py" line="282" />
        <source>Ghim một camera…</source>
        <translation>Pin one camera…</translation>
    </message>
    <message>
        <location filename="../window.py" line="283" />
        <source>Vùng đang chọn hiển thị lưới camera: một camera của nhóm phủ cả vùng</source>
        <translation>The chosen region shows a camera grid: one camera of its group fills the region</translation>
    </message>
    <message>
        <location filename="../window.py" line="285" />
        <source>Bỏ ghim</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <location filename="../window.py" line="290" />
        <source>Màn hình của vùng đang chọn</source>
        <translation>Screen of the chosen region</translation>
    </message>
    <message>
        <location filename="../window.py" line="292" />
        <source>Bật lại</source>
        <translation>Unblank</translation>
    </message>
    <message>
        <location filename="../window.py" line="296" />
        <source>Đổi chỗ…</source>
        <translation>Swap…</translation>
    </message>
    <message>
        <location filename="../window.py" line="297" />
        <source>Chọn vùng thứ nhất, nhấn Đổi chỗ, chọn vùng thứ hai, nhấn lại (phím X)</source>
        <translation>Choose the first region, press Swap, choose the second, press again (key X)</translation>
    </message>
    <message>
        <location filename="../window.py" line="300" />
        <source>Nhận diện màn hình</source>
        <translation>Identify screens</translation>
    </message>
    <message>
        <location filename="../window.py" line="308" />
        <source>Quy tắc cảnh báo (bỏ chọn để tạm dừng)</source>
        <translation>Alert rules (untick to pause)</translation>
    </message>
    <message>
        <location filename="../wall_requests.py" line="57" />
        <location filename="../wall_requests.py" line="157" />
        <location filename="../window.py" line="313" />
        <source>Cảnh báo</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../window.py" line="316" />
        <source>Xác nhận cảnh báo</source>
        <translation>Acknowledge alert</translation>
    </message>
    <message>
        <location filename="../window.py" line="331" />
        <source>Kỹ thuật</source>
        <translation>Technician</translation>
    </message>
    <message>
        <location filename="../window.py" line="333" />
        <source>Sửa bố cục…</source>
        <translation>Edit layouts…</translation>
    </message>
    <message>
        <location filename="../window.py" line="334" />
        <source>Ánh xạ màn hình…</source>
        <translation>Screen mapping…</translation>
    </message>
    <message>
        <location filename="../window.py" line="335" />
        <source>Danh mục: camera, trang web, chỉ tiêu…</source>
        <translation>Catalogue: cameras, web pages, indicators…</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="70" />
        <location filename="../window.py" line="514" />
        <source>đã kết nối</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../window.py" line="514" />
        <source>không kết nối được</source>
        <translation>not reachable</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="63" />
        <source>%1 nguồn, %2 lỗi</source>
        <translation>%1 sources, %2 failing</translation>
    </message>
    <message>
        <location filename="../window.py" line="515" />
        <source>đang kết nối</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="72" />
        <source>mất kết nối từ %1</source>
        <translation>connection lost since %1</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="72" />
        <source>mất kết nối</source>
        <translation>disconnected</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="74" />
        <source>không tới được máy chủ tin nhắn từ %1</source>
        <translation>message broker unreachable since %1</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="75" />
        <source>không tới được máy chủ tin nhắn</source>
        <translation>message broker unreachable</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="77" />
        <source>đang kết nối…</source>
        <translation>connecting…</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="86" />
        <source>Tự lấy dữ liệu (không qua trung tâm)</source>
        <translation>Fetches its own data (no hub)</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="87" />
        <source>Trung tâm dữ liệu: %1</source>
        <translation>Data hub: %1</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="108" />
        <source>Trung tâm dữ liệu %1: %2</source>
        <translation>Data hub %1: %2</translation>
    </message>
    <message>
        <location filename="../hub_status.py" line="111" />
        <source>Tự lấy dữ liệu: %1</source>
        <translation>Fetch their own data: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="337" />
        <source>Phân tích</source>
        <translation>Analysis</translation>
    </message>
    <message>
        <location filename="../window.py" line="338" />
        <source>Tương quan giữa hai chỉ tiêu…</source>
        <translation>Correlation of two indicators…</translation>
    </message>
    <message>
        <location filename="../window.py" line="516" />
        <source> (không còn trên mạng LAN)</source>
        <translation> (gone from the LAN)</translation>
    </message>
    <message>
        <location filename="../window.py" line="522" />
        <source>⚑ %1 yêu cầu từ lãnh đạo đang chờ</source>
        <translation>⚑ %1 requests from leaders waiting</translation>
    </message>
    <message>
        <location filename="../window.py" line="567" />
        <source>Mất kết nối với tường: %1 (đang thử lại)</source>
        <translation>Lost the wall: %1 (retrying)</translation>
    </message>
    <message>
        <location filename="../window.py" line="615" />
        <source>Đang kết nối cùng: %1</source>
        <translation>Also connected: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="666" />
        <source>Ổ đĩa của tường đầy: %1 bản ghi nhật ký kiểm toán chờ ghi.</source>
        <translation>The wall's disk is full: %1 audit log records wait to be written.</translation>
    </message>
    <message>
        <location filename="../window.py" line="668" />
        <source>Lệnh bị từ chối cho đến khi ghi được.</source>
        <translation>Commands are refused until they are written.</translation>
    </message>
    <message>
        <location filename="../window.py" line="669" />
        <source>Nhờ kỹ thuật viên giải phóng dung lượng ổ đĩa của tường.</source>
        <translation>Ask the technician to free space on the wall's disk.</translation>
    </message>
    <message>
        <location filename="../window.py" line="677" />
        <source> (đã xác nhận: %1)</source>
        <translation> (acknowledged: %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="727" />
        <source>Chọn một khung nhìn trong danh sách trước</source>
        <translation>Choose a view in the list first</translation>
    </message>
    <message>
        <location filename="../window.py" line="735" />
        <source>Vùng %1 không hiển thị lưới camera</source>
        <translation>Region %1 does not show a camera grid</translation>
    </message>
    <message>
        <location filename="../window.py" line="748" />
        <source>Chọn một vùng đang hiển thị lưới camera trước</source>
        <translation>Choose a region that shows a camera grid first</translation>
    </message>
    <message>
        <location filename="../window.py" line="756" />
        <source>Ghim camera</source>
        <translation>Pin camera</translation>
    </message>
    <message>
        <location filename="../window.py" line="756" />
        <source>Camera hiển thị trên cả vùng %1</source>
        <translation>Camera shown over all of region %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="798" />
        <source>Lưu cảnh</source>
        <translation>Save preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="798" />
        <source>Tên cảnh (ví dụ: Họp giao ban sáng thứ Hai)</source>
        <translation>Preset name (for example: Monday morning briefing)</translation>
    </message>
    <message>
        <location filename="../window.py" line="811" />
        <source>Đổi tên cảnh</source>
        <translation>Rename preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="811" />
        <source>Tên mới của cảnh</source>
        <translation>New name of the preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="819" />
        <source>Xoá cảnh</source>
        <translation>Delete preset</translation>
    </message>
    <message>
        <location filename="../window.py" line="819" />
        <source>Xoá cảnh "%1"?</source>
        <translation>Delete preset "%1"?</translation>
    </message>
    <message>
        <location filename="../window.py" line="836" />
        <source>Đổi chỗ vùng %1 với… (chọn vùng kia rồi nhấn lại)</source>
        <translation>Swap region %1 with… (choose the other, press again)</translation>
    </message>
    <message>
        <location filename="../window.py" line="895" />
        <source>Đang gửi…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../window.py" line="904" />
        <source>Không gửi được: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="906" />
        <source>Đã áp dụng (phiên bản %1)</source>
        <translation>Applied (revision %1)</translation>
    </message>
    <message>
        <location filename="../window.py" line="927" />
        <source>Xung đột: %1</source>
        <translation>Conflict: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="933" />
        <source>Xung đột: đã giữ thay đổi của %1, không gửi gì</source>
        <translation>Conflict: kept the change by %1, sent nothing</translation>
    </message>
    <message>
        <location filename="../window.py" line="934" />
        <source>Xung đột: đã giữ thay đổi của đồng nghiệp, không gửi gì</source>
        <translation>Conflict: kept your colleague's change, sent nothing</translation>
    </message>
    <message>
        <location filename="../window.py" line="938" />
        <location filename="../window.py" line="998" />
        <source>Bị từ chối: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <location filename="../window.py" line="949" />
        <source>Đồng nghiệp vừa thay đổi vùng này</source>
        <translation>A colleague has just changed this region</translation>
    </message>
    <message>
        <location filename="../window.py" line="951" />
        <source>Áp dụng của tôi</source>
        <translation>Apply mine</translation>
    </message>
    <message>
        <location filename="../window.py" line="952" />
        <source>Giữ thay đổi của họ</source>
        <translation>Keep theirs</translation>
    </message>
    <message>
        <location filename="../colleagues.py" line="70" />
        <source>chính tường (quy tắc cảnh báo, lịch)</source>
        <translation>the wall itself (alert rules, schedule)</translation>
    </message>
    <message>
        <location filename="../colleagues.py" line="85" />
        <source>Vùng %1 vừa được %2 đổi sang %3</source>
        <translation>Region %1 has just been changed by %2 to %3</translation>
    </message>
    <message>
        <location filename="../colleagues.py" line="89" />
        <source> lúc %1</source>
        <translation> at %1</translation>
    </message>
    <message>
        <location filename="../colleagues.py" line="90" />
        <location filename="../window.py" line="926" />
        <source>Vẫn áp dụng thay đổi của bạn?</source>
        <translation>Apply your change anyway?</translation>
    </message>
    <message>
        <location filename="../colleagues.py" line="95" />
        <source>Thay đổi của bạn (phiên bản %1) không còn trên tường: vùng %2 đã được %3 đổi sang %4</source>
        <translation>Your change (revision %1) is no longer on the wall: region %2 was changed by %3 to %4</translation>
    </message>
    <message>
        <location filename="../window.py" line="998" />
        <source>Đã xác nhận cảnh báo</source>
        <translation>Alert acknowledged</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="85" />
        <source>Cuộc họp</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="95" />
        <location filename="../meeting.py" line="330" />
        <source>Chưa nạp cuộc họp</source>
        <translation>No meeting loaded</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="101" />
        <source>Nạp cuộc họp…</source>
        <translation>Load meeting…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="101" />
        <source>Bắt đầu</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="101" />
        <source>◀ Mục trước</source>
        <translation>◀ Previous item</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="102" />
        <source>Mục sau ▶</source>
        <translation>Next item ▶</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="102" />
        <source>Kết thúc</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="103" />
        <source>Giữ số liệu</source>
        <translation>Hold figures</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="109" />
        <source>Giữ nguyên số liệu trên tường để thảo luận, có dấu thời điểm</source>
        <translation>Hold the wall's figures still for discussion, stamped with the time</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="122" />
        <source>Chia sẻ cho điểm cầu:</source>
        <translation>Share with meeting points:</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="129" />
        <source>Phần tường mà các điểm cầu trực tuyến và điện thoại xem được</source>
        <translation>The part of the wall that online meeting points and phones see</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="133" />
        <source>Sao chép liên kết</source>
        <translation>Copy link</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="135" />
        <source>Sao chép địa chỉ trang chia sẻ (kèm mã chỉ xem) để gửi cho điểm cầu</source>
        <translation>Copy the share page's address (with its view-only token) to send to meeting points</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="138" />
        <source>Đổi liên kết…</source>
        <translation>New link…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="140" />
        <source>Liên kết đã lan ra ngoài cuộc họp: tạo liên kết mới, liên kết cũ không mở được nữa</source>
        <translation>The link went beyond the meeting: make a new one; the old one stops opening</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="144" />
        <source>Lưu biên bản…</source>
        <translation>Save minutes…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="146" />
        <source>Tải biên bản cuộc họp vừa kết thúc (PDF, tóm tắt, ảnh) về máy này</source>
        <translation>Download the minutes of the meeting just ended (PDF, summary, pictures) to this computer</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="163" />
        <source>Chọn tệp cuộc họp</source>
        <translation>Choose a meeting file</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="163" />
        <source>Cuộc họp (*.json)</source>
        <translation>Meeting (*.json)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="172" />
        <source>Không đọc được tệp %1: %2</source>
        <translation>Cannot read file %1: %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="192" />
        <source>Đang lấy liên kết…</source>
        <translation>Getting the link…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="204" />
        <source>Đang tạo liên kết mới…</source>
        <translation>Making a new link…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="208" />
        <source>Đổi liên kết chia sẻ</source>
        <translation>New share link</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="209" />
        <source>Liên kết cũ sẽ không mở được nữa và những người đang xem qua nó bị ngắt. Tạo liên kết mới?</source>
        <translation>The old link will stop opening, and everyone watching through it is cut off. Make a new link?</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="218" />
        <source>Không lấy được liên kết chia sẻ: %1</source>
        <translation>Could not get the share link: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="223" />
        <source>Tường trả về liên kết chứa mã điều khiển; không sao chép</source>
        <translation>The wall returned a link holding the operator token; not copied</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="226" />
        <source>Đã sao chép liên kết trang chia sẻ: %1</source>
        <translation>Share page link copied: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="227" />
        <source>Luồng MJPEG cho hệ thống hội nghị truyền hình: %1</source>
        <translation>MJPEG stream for video-conference systems: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="230" />
        <source>Chọn thư mục lưu biên bản</source>
        <translation>Choose a folder for the minutes</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="244" />
        <source>Đang tải biên bản…</source>
        <translation>Downloading the minutes…</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="252" />
        <source>Đã lưu biên bản vào %1</source>
        <translation>Minutes saved to %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="254" />
        <source>Biên bản chưa sẵn sàng, thử lại sau ít giây</source>
        <translation>The minutes are not ready yet; try again in a few seconds</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="256" />
        <source>Không lưu được biên bản: %1</source>
        <translation>Could not save the minutes: %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="280" />
        <source>Tiếp tục</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="292" />
        <source>Không chia sẻ</source>
        <translation>Not shared</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="292" />
        <source>Toàn bộ tường</source>
        <translation>Whole wall</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="297" />
        <source>Vùng %1</source>
        <translation>Region %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="41" />
        <source>Màn hình hàng %1, cột %2</source>
        <translation>Screen row %1, column %2</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="306" />
        <source>Vùng %1 (bố cục hiện tại không có: chia sẻ toàn bộ tường)</source>
        <translation>Region %1 (not in the current layout: the whole wall is shared)</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="327" />
        <source>đang giữ số liệu lúc %1</source>
        <translation>figures held as of %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="333" />
        <source>chưa bắt đầu</source>
        <translation>not started</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="333" />
        <source>đang họp</source>
        <translation>in session</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="333" />
        <source>tạm dừng</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="334" />
        <source>đã kết thúc</source>
        <translation>ended</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="342" />
        <source>quá giờ %1</source>
        <translation>over by %1</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="342" />
        <source>còn %1</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <location filename="../meeting.py" line="344" />
        <source>Mục %1/%2: %3</source>
        <translation>Item %1/%2: %3</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="21" />
        <source>Màn hình theo lịch bật/tắt của tường</source>
        <translation>Screens follow the wall's on/off schedule</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="22" />
        <source>Bật theo yêu cầu</source>
        <translation>On by request</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="22" />
        <source>Tắt theo yêu cầu</source>
        <translation>Off by request</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="25" />
        <source> đến %1</source>
        <translation> until %1</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="30" />
        <source>Màn hình đang tắt theo lịch</source>
        <translation>The screens are off on their schedule</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="31" />
        <source>Màn hình đang tắt theo yêu cầu</source>
        <translation>The screens are off by request</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="33" />
        <source>, bật lại lúc %1</source>
        <translation>, back on at %1</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="42" />
        <source>Nguồn màn hình</source>
        <translation>Screen power</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="47" />
        <source>Bật ngay</source>
        <translation>On now</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="47" />
        <source>Bật cả tường, kể cả khi đang tắt theo lịch; tự theo lịch lại từ giờ bật kế tiếp</source>
        <translation>Switch the whole wall on, even while its schedule has it off; back on the schedule from its next 'on' time</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="49" />
        <source>Tắt</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="49" />
        <source>Tắt cả tường đến giờ bật kế tiếp theo lịch</source>
        <translation>Switch the whole wall off until the schedule's next 'on' time</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="50" />
        <source>Theo lịch</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../power_panel.py" line="50" />
        <source>Bỏ yêu cầu bật/tắt: tường theo lịch trong cấu hình</source>
        <translation>Drop the on/off request: the wall follows the schedule in its configuration</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="41" />
        <source>Cần có mã</source>
        <translation>An id is required</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="44" />
        <source>Mã chỉ gồm chữ thường không dấu, số, '-' và '_', bắt đầu bằng chữ hoặc số (tối đa 64 ký tự)</source>
        <translation>Ids use lower-case letters without accents, digits, '-' and '_', starting with a letter or digit (64 characters at most)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="46" />
        <source>Mã '%1' đã có trong danh mục</source>
        <translation>Id '%1' is already in the catalogue</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="52" />
        <location filename="../catalogue_forms.py" line="118" />
        <source>Cần có địa chỉ</source>
        <translation>An address is required</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="57" />
        <source>Địa chỉ không hợp lệ</source>
        <translation>Invalid address</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="59" />
        <source>Địa chỉ phải bắt đầu bằng %1</source>
        <translation>The address must start with %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="61" />
        <source>Địa chỉ thiếu tên máy hoặc IP của camera</source>
        <translation>The address lacks the camera's host name or IP</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="63" />
        <source>Không ghi mật khẩu trong địa chỉ: điền Tài khoản và tên biến môi trường chứa mật khẩu</source>
        <translation>No password in the address: fill in the user name and the environment variable holding the password</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="81" />
        <location filename="../catalogue_forms.py" line="117" />
        <location filename="../catalogue_forms.py" line="404" />
        <location filename="../catalogue_forms.py" line="573" />
        <location filename="../catalogue_forms.py" line="709" />
        <source>Cần có tên tiếng Việt</source>
        <translation>A Vietnamese name is required</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="82" />
        <source>Chọn nhóm camera</source>
        <translation>Choose a camera group</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="88" />
        <source>Tên biến môi trường: chữ in hoa không dấu, số và '_' (ví dụ IOC_CAMERA_PASSWORD)</source>
        <translation>Environment variable name: upper-case letters, digits and '_' (e.g. IOC_CAMERA_PASSWORD)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="90" />
        <source>Có biến mật khẩu thì cần tài khoản</source>
        <translation>A password variable needs a user name</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="94" />
        <location filename="../catalogue_forms.py" line="714" />
        <source>Một số từ %1 đến %2</source>
        <translation>A number from %1 to %2</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="97" />
        <source>Vị trí cần cả kinh độ và vĩ độ</source>
        <translation>A location needs both longitude and latitude</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="122" />
        <source>Tường không hiển thị địa chỉ này: %1</source>
        <translation>The wall does not show this address: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="145" />
        <location filename="../catalogue_forms.py" line="574" />
        <source>Chọn lĩnh vực</source>
        <translation>Choose a sector</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="148" />
        <source>Màn hình lĩnh vực này đã đủ chỉ tiêu (tối đa %1)</source>
        <translation>This sector's screen is full (%1 indicators at most)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="150" />
        <source>Chọn chỉ tiêu</source>
        <translation>Choose an indicator</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="185" />
        <location filename="../window.py" line="263" />
        <source>Xoá</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="186" />
        <source>Xoá mục do kỹ thuật viên thêm (mục có sẵn trong tệp danh mục không xoá ở đây)</source>
        <translation>Remove an entry a technician added (entries from the catalogue file are not removed here)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="261" />
        <source>Còn cần điền: %1</source>
        <translation>Still to fill in: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="274" />
        <source>Đang gửi tới tường…</source>
        <translation>Sending to the wall…</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="282" />
        <source>Đã lưu trên tường: %1</source>
        <translation>Saved on the wall: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="298" />
        <location filename="../screen_mapping.py" line="498" />
        <source>Tường từ chối: %1</source>
        <translation>The wall refused: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="312" />
        <source>Đã xoá: %1</source>
        <translation>Removed: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="314" />
        <source>Không xoá được: %1</source>
        <translation>Could not remove: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="327" />
        <source>(kỹ thuật viên thêm)</source>
        <translation>(added by a technician)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="347" />
        <location filename="../catalogue_forms.py" line="528" />
        <source>%1 — không dùng được: %2</source>
        <translation>%1 — not usable: %2</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="355" />
        <source>Camera trong danh mục</source>
        <translation>Cameras in the catalogue</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="358" />
        <source>Lưu camera</source>
        <translation>Save camera</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="361" />
        <source>Mã camera</source>
        <translation>Camera id</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="362" />
        <location filename="../catalogue_forms.py" line="429" />
        <location filename="../catalogue_forms.py" line="460" />
        <location filename="../catalogue_forms.py" line="619" />
        <location filename="../catalogue_forms.py" line="679" />
        <location filename="../catalogue_forms.py" line="747" />
        <location filename="../layout_editor.py" line="445" />
        <location filename="../layout_editor.py" line="471" />
        <source>Tên (tiếng Việt)</source>
        <translation>Title (Vietnamese)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="363" />
        <location filename="../catalogue_forms.py" line="430" />
        <location filename="../catalogue_forms.py" line="461" />
        <location filename="../catalogue_forms.py" line="620" />
        <location filename="../catalogue_forms.py" line="748" />
        <source>Tên tiếng Anh (không bắt buộc)</source>
        <translation>English name (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="364" />
        <source>Nhóm</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="365" />
        <source>Địa chỉ luồng hình</source>
        <translation>Stream address</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="366" />
        <source>Luồng dự phòng (không bắt buộc)</source>
        <translation>Spare stream (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="367" />
        <source>Luồng phụ cho lưới camera (không bắt buộc)</source>
        <translation>Sub-stream for camera grids (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="369" />
        <source>Hình nhỏ của camera: ô trong lưới camera phát luồng này, đỡ tải cho máy của tường</source>
        <translation>The camera's small picture: a cell of a camera grid plays it, easing the wall PC's load</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="370" />
        <source>Ảnh chụp nhanh (không bắt buộc)</source>
        <translation>Snapshot (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="372" />
        <source>Tài khoản (không bắt buộc)</source>
        <translation>User name (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="373" />
        <source>Biến môi trường mật khẩu (không bắt buộc)</source>
        <translation>Password environment variable (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="374" />
        <source>Mật khẩu không đi qua bàn điều khiển: đặt nó trong biến môi trường này trên máy của tường</source>
        <translation>The password never passes through the console: set it in this environment variable on the wall PC</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="375" />
        <source>Kinh độ (không bắt buộc)</source>
        <translation>Longitude (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="376" />
        <source>Vĩ độ (không bắt buộc)</source>
        <translation>Latitude (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="388" />
        <source>— chọn nhóm —</source>
        <translation>— choose a group —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="395" />
        <source>An ninh</source>
        <translation>Security</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="395" />
        <source>Giao thông</source>
        <translation>Traffic</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="395" />
        <source>Cháy rừng</source>
        <translation>Forest fire</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="396" />
        <source>Lũ lụt</source>
        <translation>Flood</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="396" />
        <source>Hành chính</source>
        <translation>Administrative</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="396" />
        <source>Biên giới</source>
        <translation>Border</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="397" />
        <source>Họp trực tuyến</source>
        <translation>Online meeting</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="405" />
        <source>Chọn loại nhóm</source>
        <translation>Choose the kind of group</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="422" />
        <source>Nhóm camera trong danh mục</source>
        <translation>Camera groups in the catalogue</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="425" />
        <source>Lưu nhóm camera</source>
        <translation>Save camera group</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="428" />
        <source>Mã nhóm</source>
        <translation>Group id</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="431" />
        <source>Loại nhóm</source>
        <translation>Kind of group</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="443" />
        <source>— chọn loại —</source>
        <translation>— choose a kind —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="453" />
        <source>Trang web trong danh mục</source>
        <translation>Web pages in the catalogue</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="456" />
        <source>Lưu trang web</source>
        <translation>Save web page</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="459" />
        <source>Mã trang</source>
        <translation>Page id</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="462" />
        <source>Địa chỉ trang</source>
        <translation>Page address</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="467" />
        <source>Thu phóng (1 = cỡ gốc)</source>
        <translation>Zoom (1 = actual size)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="482" />
        <source>(chưa có: cấu hình của tường chưa cho phép trang nào)</source>
        <translation>(none: the wall configuration allows no page yet)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="483" />
        <source>Tường chỉ hiển thị các máy: %1</source>
        <translation>The wall shows only these hosts: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="492" />
        <source>Chỉ tiêu trên màn hình lĩnh vực</source>
        <translation>Indicators on the sector's screen</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="495" />
        <source>Thêm vào màn hình lĩnh vực</source>
        <translation>Add to the sector's screen</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="498" />
        <location filename="../catalogue_forms.py" line="621" />
        <location filename="../wall_requests.py" line="57" />
        <source>Lĩnh vực</source>
        <translation>Sector</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="499" />
        <location filename="../wall_requests.py" line="57" />
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="516" />
        <location filename="../catalogue_forms.py" line="646" />
        <source>— chọn lĩnh vực —</source>
        <translation>— choose a sector —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="522" />
        <source>— chọn chỉ tiêu —</source>
        <translation>— choose an indicator —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="526" />
        <source>Chỉ tiêu thêm vào nằm ở các ô số liệu của màn hình (đang có %1, tối đa %2)</source>
        <translation>Added indicators go into the screen's figure tiles (%1 now, %2 at most)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="700" />
        <location filename="../catalogue_forms.py" line="796" />
        <location filename="../preview.py" line="26" />
        <source>Camera</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="797" />
        <source>Nhóm camera</source>
        <translation>Camera groups</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="798" />
        <source>Trang web</source>
        <translation>Web page</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="799" />
        <source>Chỉ tiêu trong lĩnh vực</source>
        <translation>Indicators in a sector</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="807" />
        <location filename="../screen_mapping.py" line="305" />
        <location filename="../wall_requests.py" line="232" />
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="822" />
        <source>Đang đọc danh mục của tường…</source>
        <translation>Reading the wall's catalogue…</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="830" />
        <source>Không đọc được danh mục: %1</source>
        <translation>Could not read the catalogue: %1</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="841" />
        <source>Tường không tải được danh mục này nên chưa thêm được (xem báo cáo sự cố của tường)</source>
        <translation>The wall could not load this catalogue, so nothing can be added yet (see the wall's problem report)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="46" />
        <source>Vị trí %1 (Hàng %2 · Cột %3)</source>
        <translation>Position %1 (row %2 · column %3)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="236" />
        <location filename="../screen_mapping.py" line="418" />
        <source>Đang đọc cấu hình màn hình của tường…</source>
        <translation>Reading the wall's screen configuration…</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="252" />
        <source>Tường ảo: cả tường thu nhỏ trên %1</source>
        <translation>Virtual wall: the whole wall scaled onto %1</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="253" />
        <source>màn hình đầu tiên</source>
        <translation>the first monitor</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="264" />
        <source>%1 (không kết nối)</source>
        <translation>%1 (not connected)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="292" />
        <source>Ánh xạ màn hình</source>
        <translation>Screen mapping</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="301" />
        <location filename="../screen_mapping.py" line="453" />
        <source>Bật nhận diện màn hình</source>
        <translation>Turn screen identification on</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="303" />
        <source>Mỗi màn hình của tường hiện số vị trí và tên màn hình bằng chữ lớn</source>
        <translation>Each screen of the wall shows its position number and its monitor's name in large type</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="306" />
        <source>Đọc lại ánh xạ từ tường (bỏ các thay đổi chưa lưu)</source>
        <translation>Read the mapping from the wall again (discards unsaved changes)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="313" />
        <source>Màn hình đang kết nối</source>
        <translation>Connected monitors</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="317" />
        <source>Bỏ gán màn hình đã chọn</source>
        <translation>Unassign the selected monitor</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="321" />
        <source>Cách ghép màn hình</source>
        <translation>How monitors are combined</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="325" />
        <source>Tự động</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="325" />
        <source>Gán theo vị trí</source>
        <translation>Assign by position</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="326" />
        <source>Tường ảo (cả tường trên một màn hình)</source>
        <translation>Virtual wall (the whole wall on one monitor)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="344" />
        <source>Viền và kích thước màn hình</source>
        <translation>Bezels and screen size</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="348" />
        <source>Giữa hai cột (ngang):</source>
        <translation>Between columns (horizontal):</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="349" />
        <source>Giữa hai hàng (dọc):</source>
        <translation>Between rows (vertical):</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="353" />
        <source>Vùng hiển thị, rộng:</source>
        <translation>Visible area, width:</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="354" />
        <source>Vùng hiển thị, cao:</source>
        <translation>Visible area, height:</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="367" />
        <source>Phòng xem</source>
        <translation>Viewing room</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="373" />
        <source>Khoảng cách từ tường đến ghế xa nhất cần đọc được tường. Chữ nhỏ nhất trên tường được vẽ đủ lớn để đọc từ đó (16 phút góc); xa hơn thì chữ lớn hơn và mỗi vùng hiện ít hơn.</source>
        <translation>From the wall to the farthest seat that must read it. The wall's smallest text is drawn large enough to be read from there (16 minutes of arc); farther means larger text and less in each region.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="377" />
        <source>Khoảng cách xem xa nhất (m):</source>
        <translation>Farthest viewing distance (m):</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="388" />
        <source>Lưu vào tường</source>
        <translation>Save to the wall</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="390" />
        <source>Lưu đè lên bản mới</source>
        <translation>Save over the new version</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="391" />
        <source>Ghi thay đổi của bạn lên bản mà người khác vừa lưu (bản đó được giữ lại trên tường làm bản trước)</source>
        <translation>Write your changes over the version someone just saved (that version is kept on the wall as the previous one)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="395" />
        <location filename="../wall_requests.py" line="236" />
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="424" />
        <source>Không đọc được cấu hình màn hình: %1</source>
        <translation>Could not read the screen configuration: %1</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="433" />
        <source>Đã đọc cấu hình màn hình của tường.</source>
        <translation>Read the wall's screen configuration.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="447" />
        <source>Không bật/tắt được nhận diện: %1</source>
        <translation>Could not switch identification: %1</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="453" />
        <source>Tắt nhận diện màn hình</source>
        <translation>Turn screen identification off</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="460" />
        <source>Không có gì thay đổi so với cấu hình trên tường.</source>
        <translation>Nothing differs from the wall's configuration.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="464" />
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="479" />
        <source>Tường đã áp dụng.</source>
        <translation>The wall has applied it.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="479" />
        <source>Đã lưu.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="494" />
        <source>Người khác vừa thay đổi ánh xạ màn hình. Thay đổi của bạn vẫn còn đây: bấm «Tải lại» để xem bản mới (bỏ thay đổi của bạn), hoặc «Lưu đè lên bản mới».</source>
        <translation>Someone else just changed the screen mapping. Your changes are still here: click «Reload» to see the new version (discarding your changes), or «Save over the new version».</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="501" />
        <source>Không lưu được: %1 (cấu hình trên tường không đổi)</source>
        <translation>Could not save: %1 (the wall's configuration is unchanged)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="511" />
        <source>Đã chọn %1: bấm vị trí trên tường để gán.</source>
        <translation>Selected %1: click a wall position to assign it.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="526" />
        <source>%1 → %2.</source>
        <translation>%1 → %2.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="528" />
        <source>Đã bỏ gán: %1.</source>
        <translation>Unassigned: %1.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="581" />
        <source>cấu hình: %1 × %2 mm</source>
        <translation>configured: %1 × %2 mm</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="584" />
        <source>Theo kích thước thật màn hình %1 báo (EDID)</source>
        <translation>From the physical size monitor %1 reports (EDID)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="585" />
        <source>Theo cấu hình của tường</source>
        <translation>From the wall's configuration</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="587" />
        <source>Dùng kích thước màn hình %1 báo: %2 × %3 mm</source>
        <translation>Use the size monitor %1 reports: %2 × %3 mm</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="590" />
        <source>Bấm một màn hình (trong danh sách hoặc trên hình), rồi bấm vị trí trên tường.</source>
        <translation>Click a monitor (in the list or the picture), then click a wall position.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="591" />
        <source>Tự động: theo vị trí các màn hình trong cài đặt hiển thị của máy.</source>
        <translation>Automatic: by the monitors' positions in the machine's display settings.</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="600" />
        <location filename="../screen_mapping.py" line="601" />
        <source>= %1 px</source>
        <translation>= %1 px</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="608" />
        <source>Chữ hoa cao ít nhất %1 điểm ảnh (%2 phút góc)</source>
        <translation>Capitals at least %1 pixels tall (%2 minutes of arc)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="610" />
        <source>Tường này không cho đặt khoảng cách xem (phiên bản cũ)</source>
        <translation>This wall does not take a viewing distance (older version)</translation>
    </message>
    <message>
        <location filename="../screen_mapping.py" line="637" />
        <source>chưa gán</source>
        <translation>not assigned</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="21" />
        <location filename="../problem_text.py" line="27" />
        <source>thiếu trường «{field}»</source>
        <translation>'{field}' is missing</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="28" />
        <source>trường không dùng được ở đây: {fields}</source>
        <translation>field not allowed here: {fields}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="29" />
        <source>«{value}» không phải kiểu {type}</source>
        <translation>{value} is not of type {type}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="30" />
        <source>«{value}» nhỏ hơn mức tối thiểu {limit}</source>
        <translation>{value} is less than the minimum of {limit}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="31" />
        <source>«{value}» lớn hơn mức tối đa {limit}</source>
        <translation>{value} is more than the maximum of {limit}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="32" />
        <source>«{value}» phải lớn hơn {limit}</source>
        <translation>{value} must be more than {limit}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="33" />
        <source>«{value}» phải nhỏ hơn {limit}</source>
        <translation>{value} must be less than {limit}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="34" />
        <source>«{value}» quá ngắn (ít nhất {limit} ký tự)</source>
        <translation>'{value}' is too short (at least {limit} characters)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="35" />
        <source>«{value}» quá dài (nhiều nhất {limit} ký tự)</source>
        <translation>'{value}' is too long (at most {limit} characters)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="36" />
        <source>cần ít nhất {limit} phần tử</source>
        <translation>at least {limit} items needed</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="37" />
        <source>chỉ được nhiều nhất {limit} phần tử</source>
        <translation>at most {limit} items allowed</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="38" />
        <source>«{value}» không thuộc các giá trị: {allowed}</source>
        <translation>'{value}' is not one of: {allowed}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="39" />
        <source>«{value}» không hợp lệ ở đây</source>
        <translation>'{value}' is not a valid value here</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="40" />
        <source>cần điền</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="41" />
        <source>không phải một trường của mục này</source>
        <translation>not a field of this entry</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="42" />
        <source>đã có trong danh mục ({name})</source>
        <translation>already in the catalogue ({name})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="43" />
        <source>đã có trong màn hình của lĩnh vực «{sector}»</source>
        <translation>already in the view of sector '{sector}'</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="44" />
        <source>đã thêm rồi (đang không dùng được: xoá mục đó trước)</source>
        <translation>already added</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="45" />
        <source>nhóm vẫn còn camera ({cameras}): hãy xoá các camera đó trước</source>
        <translation>the group still has cameras ({cameras}): remove them first</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="46" />
        <source>màn hình lĩnh vực đã đủ chỉ tiêu (tối đa {most})</source>
        <translation>the view's panel is full ({most} indicators at most)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="47" />
        <source>đã lưu; tường đang bận và sẽ nhận ngay khi có thể</source>
        <translation>saved; the wall is busy and takes it as soon as it can</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="48" />
        <source>camera «{camera}» được đưa lên tường trong lúc đang xoá (vùng {regions})</source>
        <translation>camera '{camera}' was put on the wall while it was being removed (region {regions})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="49" />
        <source>cảnh «{preset}» vẫn hiển thị camera «{camera}» (vùng {regions})</source>
        <translation>preset '{preset}' still shows camera '{camera}' (region {regions})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="50" />
        <source>bố cục «{layout}» vẫn hiển thị camera «{camera}» (vùng {regions})</source>
        <translation>layout '{layout}' still shows camera '{camera}' (region {regions})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="51" />
        <source>đã lưu nhưng chưa áp dụng: {reason}</source>
        <translation>saved, but not applied: {reason}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="52" />
        <source>tường vẫn hiển thị phiên bản trước lần lưu này cho đến khi bố cục được áp dụng lại</source>
        <translation>the wall still shows the version before this save until the layout is applied again</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="53" />
        <source>cuộc họp đang nạp «{meeting}» dùng vùng «{region}» ở mục {items} của chương trình, nhưng bố cục này không còn vùng đó</source>
        <translation>the loaded meeting '{meeting}' shows region '{region}' at agenda item {items}, which this layout no longer has</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="55" />
        <source>bố cục «{layout}» đã có trên tường; hãy mở nó, hoặc lưu với mã khác</source>
        <translation>layout '{layout}' already exists on the wall; open it, or save under another id</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="56" />
        <source>bố cục «{layout}» đã được sửa trên tường từ khi bạn mở (phiên bản của bạn {yours}, của tường {theirs}); chưa lưu gì</source>
        <translation>layout '{layout}' was changed on the wall since you opened it (your revision {yours}, the wall's {theirs}); nothing was saved</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="58" />
        <source>bố cục «{layout}» không còn trên tường (đã bị xoá từ khi bạn mở); lưu lại để tạo mới</source>
        <translation>layout '{layout}' is no longer on the wall (deleted since you opened it); save again to create it anew</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="59" />
        <source>bố cục «{layout}» chưa được lưu: {why} ({folder}); các tệp của tường không đổi</source>
        <translation>layout '{layout}' not saved: {why} ({folder}); the wall's files are unchanged</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="60" />
        <source>«{url}» có dấu gạch ngược, dấu cách hoặc ký tự điều khiển (trình duyệt có thể hiểu khác): hãy mã hoá phần trăm</source>
        <translation>'{url}' contains a backslash, a space or a control character (a browser would read it differently): percent-encode it</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="62" />
        <source>«{url}» không phải một địa chỉ hợp lệ ({why})</source>
        <translation>'{url}' is not a valid address ({why})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="63" />
        <source>«{url}»: tường chỉ hiển thị trang http và https (không phải «{scheme}»)</source>
        <translation>'{url}': only http and https pages are shown (not '{scheme}')</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="64" />
        <source>«{url}» không có tên máy chủ</source>
        <translation>'{url}' names no host</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="65" />
        <source>«{url}» có tên máy chủ chứa ß hoặc ς: trình duyệt và bước kiểm tra này có thể hiểu thành hai máy chủ khác nhau (hãy viết ở dạng xn--)</source>
        <translation>'{url}' names a host with ß or ς: browsers and this check would read it as different hosts (write it in its xn-- form)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="67" />
        <source>«{url}» có tên máy chủ không phải tên miền hợp lệ</source>
        <translation>'{url}' names a host that is not a valid domain name</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="68" />
        <source>«{url}» có máy chủ không phải địa chỉ IPv6</source>
        <translation>'{url}' names a host that is not an IPv6 address</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="69" />
        <source>«{url}» có máy chủ không phải tên máy chủ («{host}»)</source>
        <translation>'{url}' names a host that is not a host name ('{host}')</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="70" />
        <source>«{url}» có tài khoản hoặc mật khẩu trước máy chủ «{host}»: tường không hiển thị địa chỉ như vậy (trình duyệt sẽ đến máy chủ sau dấu '@', và mật khẩu sẽ nằm trong trạng thái)</source>
        <translation>'{url}' carries a user name or password before its host '{host}': the wall shows no such address (a browser goes to the host after the '@', and a password would be in the state)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="72" />
        <source>máy chủ «{host}» không có trong danh sách trang được phép của tường (được phép: {allowed})</source>
        <translation>host '{host}' is not in the wall's web allowlist (allowed: {allowed})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="74" />
        <source>máy chủ «{host}» không có trong danh sách trang được phép của tường (cấu hình tường chưa cho phép máy chủ nào)</source>
        <translation>host '{host}' is not in the wall's web allowlist (allowed: none: the wall configuration lists no web hosts)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="76" />
        <source>«{value}» không dùng được: {device} là tên thiết bị Windows dành riêng, không tệp nào được đặt tên như vậy (với mọi phần mở rộng); hãy chọn mã khác</source>
        <translation>'{value}' cannot be used: {device} is a device name Windows reserves, so no file may be called so (with any extension); choose another id</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="78" />
        <source>«{value}» không dùng được: Windows bỏ dấu chấm hoặc dấu cách ở cuối tên tệp</source>
        <translation>'{value}' cannot be used: Windows drops a dot or space at the end of a file name</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="79" />
        <source>bố cục phải là một đối tượng JSON, không phải {type}</source>
        <translation>a layout must be a JSON object, not {type}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="80" />
        <source>«{value}» không hợp lệ ở đây (chữ thường không dấu, chữ số, '-' và '_', hoặc địa chỉ http(s))</source>
        <translation>{value!r} is not a valid value here (lower-case letters, digits, '-' and '_', or http(s) URL)</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="82" />
        <source>mã vùng «{region}» bị trùng (đã dùng ở regions[{index}])</source>
        <translation>duplicate region id '{region}' (already used by regions[{index}])</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="83" />
        <source>loại hiển thị «{kind}» không có (các loại: {known})</source>
        <translation>unknown view kind '{kind}' (known: {known})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="84" />
        <source>vùng «{region}» ra ngoài lưới: vùng chiếm hàng {row0}..{row1}, cột {col0}..{col1}, nhưng lưới chỉ có hàng 0..{last_row}, cột 0..{last_col}</source>
        <translation>region '{region}' leaves the grid: it covers rows {row0}..{row1} and columns {col0}..{col1}, but the grid has rows 0..{last_row} and columns 0..{last_col}</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="86" />
        <source>vùng «{region}» chồng lên vùng «{other}» ở ô [{row}, {col}]</source>
        <translation>region '{region}' overlaps region '{other}' at cell [{row}, {col}]</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="87" />
        <source>{empty} trên {cells} ô của lưới không thuộc vùng nào và sẽ để đen</source>
        <translation>{empty} of {cells} grid cells belong to no region and stay black</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="88" />
        <source>vùng «{region}» hiện {kind} (chữ và số liệu) trên {screens} màn hình: số bị viền màn hình cắt ngang thì không đọc được</source>
        <translation>region '{region}' shows {kind} (text and figures) across {screens} screens: numbers cut by a bezel are unreadable</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="90" />
        <source>vùng «{region}» hiện {what} «{value}» không có trong danh mục (có: {known})</source>
        <translation>region '{region}' shows unknown {what} '{value}' (known: {known})</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="91" />
        <source>vùng «{region}» quá nhỏ cho {kind} đọc từ {distance} m: cần ít nhất {width} x {height} điểm ảnh</source>
        <translation>region '{region}' is too small for {kind} read from {distance} m: it needs at least {width} x {height} px</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="93" />
        <source>vùng «{region}» quá nhỏ để hiện ô nào trong {total} ô chỉ số khi đọc từ {distance} m: hãy dành thêm màn hình</source>
        <translation>region '{region}' is too small to show any of its {total} sector tiles read from {distance} m: give it more screens</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="117" />
        <source>lĩnh vực</source>
        <translation>sector</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="117" />
        <source>chỉ tiêu</source>
        <translation>indicator</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="117" />
        <source>xã, phường</source>
        <translation>commune</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="118" />
        <source>lớp bản đồ</source>
        <translation>map layer</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="118" />
        <source>camera</source>
        <translation>camera</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="118" />
        <source>nhóm camera</source>
        <translation>camera group</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="185" />
        <source>Chưa lưu được trạng thái (%1): tường vẫn hiển thị, nhưng sẽ trở về hình trước đó nếu khởi động lại</source>
        <translation>State not saved (%1): the wall shows it, but would come back to the previous picture after a restart</translation>
    </message>
    <message>
        <location filename="../problem_text.py" line="188" />
        <source>Chưa ghi được nhật ký thao tác (%1): được giữ lại và ghi khi có chỗ</source>
        <translation>Audit log not written (%1): held, and written when there is room</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="650" />
        <location filename="../catalogue_forms.py" line="775" />
        <source>(dùng khi khởi động lại)</source>
        <translation>(in use after a restart)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="691" />
        <source>(mô phỏng)</source>
        <translation>(demo)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="553" />
        <source>Chỉ số của tỉnh</source>
        <translation>The province's own figure</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="585" />
        <source>Chỉ tiêu không đánh giá cao thấp thì không có ngưỡng</source>
        <translation>An indicator judged neither way has no thresholds</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="634" />
        <source>Chỉ tiêu mới được dùng khi tường khởi động lại.</source>
        <translation>A new indicator is used once the wall restarts.</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="800" />
        <source>Chỉ tiêu mới</source>
        <translation>New indicator</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="611" />
        <source>Chỉ tiêu trong danh mục</source>
        <translation>Indicators in the catalogue</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="578" />
        <source>Chọn một mục</source>
        <translation>Choose one</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="550" />
        <source>Càng cao càng tốt</source>
        <translation>Higher is better</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="587" />
        <source>Càng cao càng tốt: ngưỡng nguy hiểm phải thấp hơn ngưỡng cảnh báo</source>
        <translation>Higher is better: the critical threshold must be below the warning one</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="550" />
        <source>Càng thấp càng tốt</source>
        <translation>Lower is better</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="589" />
        <source>Càng thấp càng tốt: ngưỡng nguy hiểm phải cao hơn ngưỡng cảnh báo</source>
        <translation>Lower is better: the critical threshold must be above the warning one</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="551" />
        <source>Cả tỉnh</source>
        <translation>The province</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="575" />
        <source>Cần có mã nguồn dữ liệu</source>
        <translation>A data source id is needed</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="659" />
        <source>Cần có tên tiếng Việt (ví dụ Xã Nam Đàn)</source>
        <translation>A Vietnamese name is needed (e.g. Xã Nam Đàn)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="623" />
        <source>Cập nhật</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="552" />
        <source>Cộng các xã</source>
        <translation>Sum of the communes</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="788" />
        <source>Danh mục: camera, trang web, chỉ tiêu, xã phường</source>
        <translation>Catalogue: cameras, web pages, indicators, communes</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="546" />
        <source>Hằng giờ</source>
        <translation>Hourly</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="546" />
        <source>Hằng ngày</source>
        <translation>Daily</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="548" />
        <source>Hằng năm</source>
        <translation>Yearly</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="547" />
        <source>Hằng quý</source>
        <translation>Quarterly</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="547" />
        <source>Hằng tháng</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="547" />
        <source>Hằng tuần</source>
        <translation>Weekly</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="551" />
        <source>Không đánh giá cao thấp</source>
        <translation>Neither higher nor lower is better</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="614" />
        <source>Lưu chỉ tiêu mới</source>
        <translation>Save the new indicator</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="675" />
        <source>Lưu xã, phường</source>
        <translation>Save the commune</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="553" />
        <source>Lớn nhất các xã</source>
        <translation>Largest of the communes</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="618" />
        <source>Mã chỉ tiêu</source>
        <translation>Indicator id</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="631" />
        <source>Mã nguồn dữ liệu</source>
        <translation>Data source id</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="678" />
        <source>Mã đơn vị</source>
        <translation>Unit code</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="624" />
        <source>Mỗi số liệu cho</source>
        <translation>Each value is for</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="582" />
        <source>Một số (ví dụ 7,5)</source>
        <translation>A number (e.g. 7.5)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="548" />
        <source>Ngày</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="548" />
        <source>Tuần</source>
        <translation>Week</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="549" />
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="549" />
        <source>Quý</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="549" />
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="632" />
        <source>Ngưỡng cảnh báo (không bắt buộc)</source>
        <translation>Warning threshold (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="633" />
        <source>Ngưỡng nguy hiểm (không bắt buộc)</source>
        <translation>Critical threshold (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="553" />
        <source>Nhỏ nhất các xã</source>
        <translation>Smallest of the communes</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="627" />
        <source>Số của tỉnh</source>
        <translation>Province figure</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="626" />
        <source>Số liệu theo</source>
        <translation>Figures by</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="546" />
        <source>Thời gian thực</source>
        <translation>Real time</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="552" />
        <source>Trung bình các xã</source>
        <translation>Mean of the communes</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="552" />
        <source>Trung bình có trọng số</source>
        <translation>Weighted mean</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="661" />
        <source>Tên dài tối đa %1 ký tự</source>
        <translation>At most %1 characters</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="548" />
        <source>Tức thời</source>
        <translation>Instant</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="551" />
        <source>Từng xã, phường</source>
        <translation>Each commune</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="672" />
        <source>Xã, phường trong danh mục</source>
        <translation>Communes and wards in the catalogue</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="801" />
        <source>Xã, phường</source>
        <translation>Communes</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="625" />
        <source>Đánh giá</source>
        <translation>Judged</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="622" />
        <source>Đơn vị</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="629" />
        <location filename="../catalogue_forms.py" line="750" />
        <source>— chọn —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="700" />
        <source>Trạm quan trắc</source>
        <translation>Monitoring station</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="700" />
        <source>Điểm du lịch</source>
        <translation>Tourist site</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="701" />
        <location filename="../preview.py" line="27" />
        <source>Sự cố</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="710" />
        <source>Chọn loại điểm</source>
        <translation>Choose the kind of place</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="717" />
        <source>Chọn chỉ tiêu trước: trạng thái của xã lấy từ số liệu của chỉ tiêu</source>
        <translation>Choose an indicator first: a commune's status comes from the indicator's figures</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="719" />
        <source>Chỉ tiêu này chỉ có số của tỉnh: bỏ trống xã, phường</source>
        <translation>This indicator has province figures only: leave the commune empty</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="740" />
        <source>Điểm trên bản đồ</source>
        <translation>Places on the map</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="743" />
        <source>Lưu điểm trên bản đồ</source>
        <translation>Save the place</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="746" />
        <source>Mã điểm</source>
        <translation>Place id</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="751" />
        <source>Loại điểm</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="752" />
        <source>Kinh độ</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="753" />
        <source>Vĩ độ</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="754" />
        <source>Chỉ tiêu (không bắt buộc)</source>
        <translation>Indicator (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="755" />
        <source>Xã, phường (không bắt buộc)</source>
        <translation>Commune (optional)</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="756" />
        <source>Điểm mới hiện trên bản đồ khi tường khởi động lại.</source>
        <translation>A new place is on the map once the wall restarts.</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="768" />
        <source>— không —</source>
        <translation>— none —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="770" />
        <source>— cả tỉnh —</source>
        <translation>— the province —</translation>
    </message>
    <message>
        <location filename="../catalogue_forms.py" line="802" />
        <source>Trạm, điểm bản đồ</source>
        <translation>Map stations</translation>
    </message>
    <message>
        <location filename="../pinning.py" line="83" />
        <source>Vân tay chứng chỉ của tường %1 (%2):
%3

Hãy so với vân tay trong nhật ký của tường (kỹ thuật viên xem được). Tin cậy tường này?</source>
        <translation>Certificate fingerprint of wall %1 (%2):
%3

Compare it with the fingerprint in the wall's log (the technician can read it). Trust this wall?</translation>
    </message>
    <message>
        <location filename="../pinning.py" line="87" />
        <source>Chú ý: bản tin quảng bá trên mạng LAN nêu một vân tay khác (%1).</source>
        <translation>Note: the announcement on the LAN gives another fingerprint (%1).</translation>
    </message>
    <message>
        <location filename="../pinning.py" line="93" />
        <source>Chứng chỉ của tường %1 (%2) đã thay đổi!

Đã tin cậy: %3
Nay tường đưa ra: %4

Bàn điều khiển không kết nối và không gửi mã truy cập. Có thể ai đó đang giả danh tường. Nếu kỹ thuật viên đã cài lại tường, hãy nhờ họ so vân tay mới với nhật ký của tường rồi xoá vân tay cũ trong %5.</source>
        <translation>The certificate of wall %1 (%2) has changed!

Trusted: %3
Now presented: %4

The console does not connect and sends no access token. Someone may be impersonating the wall. If the technician reinstalled the wall, ask them to compare the new fingerprint with the wall's log, then remove the old one in %5.</translation>
    </message>
    <message>
        <location filename="../pinning.py" line="102" />
        <source>Tường %1 (%2) không dùng HTTPS: mã truy cập sẽ đi qua mạng LAN không mã hoá, và không thể biết chắc đây đúng là tường. Vẫn kết nối?</source>
        <translation>Wall %1 (%2) does not use HTTPS: the access token would cross the LAN unencrypted, and there is no telling that this is really the wall. Connect anyway?</translation>
    </message>
    <message>
        <location filename="../pinning.py" line="192" />
        <source>Tường mới</source>
        <translation>New wall</translation>
    </message>
    <message>
        <location filename="../pinning.py" line="198" />
        <source>Chứng chỉ của tường đã thay đổi</source>
        <translation>The wall's certificate has changed</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="54" />
        <source>Tương quan giữa hai chỉ tiêu</source>
        <translation>Correlation of two indicators</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="65" />
        <source> kỳ</source>
        <translation> periods</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="66" />
        <source>Tính</source>
        <translation>Compute</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="70" />
        <source>Chỉ tiêu thứ nhất (A)</source>
        <translation>First indicator (A)</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="71" />
        <source>Chỉ tiêu thứ hai (B)</source>
        <translation>Second indicator (B)</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="76" />
        <source>Độ trễ tối đa</source>
        <translation>Longest lag</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="77" />
        <source>Đang tải danh sách chỉ tiêu…</source>
        <translation>Loading the indicators…</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="81" />
        <source>Độ trễ (kỳ; dương: B đi sau A)</source>
        <translation>Lag (periods; positive: B follows A)</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="104" />
        <source>Không tải được danh sách chỉ tiêu: %1</source>
        <translation>Could not load the indicators: %1</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="133" />
        <source>Chọn hai chỉ tiêu trong danh sách</source>
        <translation>Choose two indicators from the list</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="136" />
        <source>Chọn hai chỉ tiêu khác nhau</source>
        <translation>Choose two different indicators</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="140" />
        <source>Đang tính…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../correlation.py" line="148" />
        <location filename="../correlation.py" line="153" />
        <source>Không tính được tương quan: %1</source>
        <translation>Could not compute the correlation: %1</translation>
    </message>
</context>
<context>
    <name>MeetingBar</name>
    <message>
        <location filename="../meeting.py" line="37" />
        <source>Tạm dừng</source>
        <translation>Pause</translation>
    </message>
</context>
</TS>