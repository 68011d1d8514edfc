"""The console's catalogue forms driven like a technician would, against a real wall process: a bad field shows its
message under it and Save stays disabled; a valid camera is saved and is then in the wall's /views; the wall's own
refusal shows under the field it names; a web address outside the wall's allowlist is caught before sending; an
indicator is added to a sector's screen and taken back."""

from __future__ import annotations

import json
import signal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from ..common import SHIPPED_LAYOUTS
from ..consoles import catalogue_dialog
from ..fakeservers import MjpegServer, ScriptedServer
from ..pictures import ARTIFACTS, jpeg
from ..wallproc import READY, WallApi, WallProcess


@pytest.fixture(scope="module")
def servers(qapp):
    page, camera = ScriptedServer(), MjpegServer(jpeg("#2050d0"))
    page.routes["/trang"] = (200, "<!doctype html><meta charset=utf-8><body>Trang</body>", "text/html; charset=utf-8")
    yield page, camera
    page.close()
    camera.close()


@pytest.fixture(scope="module")
def wall(tmp_path_factory, servers):
    folder = tmp_path_factory.mktemp("catalogue-console")
    config = folder / "wall.json"
    config.write_text(json.dumps({"schema_version": 1, "web": {"allow": [servers[0].url.split("//", 1)[1]]},
                                  "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}}))
    proc = WallProcess("--demo", "--config", str(config), "--state-dir", str(folder / "state"), "--layouts-dir",
                       str(SHIPPED_LAYOUTS), "--layout", "tong-quan")
    try:
        proc.wait_for(READY, 90)
        yield WallApi(proc, folder / "state")
    finally:
        proc.stop(signal.SIGKILL)


dialog = catalogue_dialog  # the console's catalogue dialog open on this module's wall

def type_into(tab, key: str, text: str) -> None:
    edit: QLineEdit = tab.inputs[key]
    edit.setText(text)


def choose(tab, key: str, data: str) -> None:
    box: QComboBox = tab.inputs[key]
    box.setCurrentIndex(box.findData(data))


def shown_error(tab, key: str) -> str:
    label = tab.errors[key]
    return label.text() if label.isVisibleTo(tab) else ""


def fill_camera(tab, camera_id: str, url: str) -> None:
    type_into(tab, "id", camera_id)
    type_into(tab, "name.vi", "Camera cầu Cửa Hội")
    choose(tab, "group", "giao-thong-cau")
    type_into(tab, "streams[0]", url)


def test_a_bad_field_shows_its_message_and_save_stays_disabled(dialog, servers, qtbot):
    tab = dialog.camera_tab
    fill_camera(tab, "Cam Cửa Hội", servers[1].url)
    assert "chữ thường không dấu" in shown_error(tab, "id") and not tab.save_button.isEnabled()
    type_into(tab, "id", "cam-cua-lo")  # the shipped catalogue's
    assert "đã có trong danh mục" in shown_error(tab, "id") and not tab.save_button.isEnabled()
    type_into(tab, "id", "cam-hop-le")
    type_into(tab, "streams[0]", "ftp://10.0.0.5/ch1")
    assert "rtsp://" in shown_error(tab, "streams[0]") and shown_error(tab, "id") == ""
    type_into(tab, "streams[0]", "rtsp://admin:bi-mat@10.0.0.5/ch1")
    assert "mật khẩu" in shown_error(tab, "streams[0]") and not tab.save_button.isEnabled()
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "catalogue-dialog-problem.png"))
    type_into(tab, "streams[0]", servers[1].url)
    type_into(tab, "lon", "105,69")
    assert "vĩ độ" in shown_error(tab, "lon") and not tab.save_button.isEnabled()
    type_into(tab, "lat", "18,65")
    assert tab.save_button.isEnabled() and not any(shown_error(tab, k) for k in tab.errors)

    page = dialog.page_tab
    type_into(page, "id", "trang-ngoai")
    type_into(page, "name.vi", "Trang ngoài danh sách")
    type_into(page, "url", "https://evil.example/")
    assert "máy chủ «evil.example» không có trong danh sách trang được phép của tường" in shown_error(page, "url")
    assert not page.save_button.isEnabled()
    type_into(page, "url", servers[0].url + "/trang")
    assert page.save_button.isEnabled()


def test_a_valid_camera_is_saved_and_then_offered_by_the_wall(dialog, wall, servers, qtbot):
    tab = dialog.camera_tab
    fill_camera(tab, "cam-tu-ban-dieu-khien", servers[1].url)
    type_into(tab, "name.en", "Cua Hoi bridge")
    type_into(tab, "grid_stream", "rtsp:/khong-may")
    assert shown_error(tab, "grid_stream") == "Địa chỉ thiếu tên máy hoặc IP của camera"
    type_into(tab, "grid_stream", servers[1].url + "?nho=1")  # the camera's sub-stream, for grids
    assert tab.save_button.isEnabled()
    ARTIFACTS.mkdir(exist_ok=True)
    qtbot.wait(50)  # the form's layout settles (problems shown while typing are gone)
    dialog.grab().save(str(ARTIFACTS / "catalogue-dialog-camera.png"))
    tab.save_button.click()
    qtbot.waitUntil(lambda: "cam-tu-ban-dieu-khien" in tab.message.text(), timeout=15000)
    views = wall.call("GET", "/views", "viewer").json()["views"]
    assert {"kind": "camera", "camera": "cam-tu-ban-dieu-khien", "title": "Camera cầu Cửa Hội"} in views
    saved = next(c for c in wall.call("GET", "/catalogue", "viewer").json()["cameras"]
                 if c["id"] == "cam-tu-ban-dieu-khien")
    assert saved["grid_stream"] == servers[1].url + "?nho=1"
    palette = dialog.parentWidget().palette  # the console heard the wall's "catalogue" event: the camera is offered
    qtbot.waitUntil(lambda: any(palette.item(n).data(Qt.ItemDataRole.UserRole) == {
        "kind": "camera", "camera": "cam-tu-ban-dieu-khien"} for n in range(palette.count())), timeout=10000)
    assert tab.inputs["id"].text() == ""  # the form is ready for the next one
    listed = [tab.entries.item(n) for n in range(tab.entries.count())]
    mine = next(i for i in listed if "cam-tu-ban-dieu-khien" in i.text())
    assert "kỹ thuật viên thêm" in mine.text()
    tab.entries.setCurrentItem(mine)
    assert tab.remove_button.isEnabled()
    tab.entries.setCurrentItem(next(i for i in listed if "cam-cua-lo" in i.text()))
    assert not tab.remove_button.isEnabled()  # the shipped catalogue's camera


def test_the_walls_refusal_shows_under_the_field_it_names(dialog, wall, servers, qtbot):
    """A colleague adds the same id after this dialog read the catalogue: the console cannot know, the wall
    refuses, and its message shows under the id; Save waits for the id to change."""
    tab = dialog.camera_tab
    taken = wall.call("POST", "/catalogue/cameras", "technician", json={
        "id": "cam-cua-dong-nghiep", "name": {"vi": "Camera của đồng nghiệp"}, "group": "giao-thong",
        "streams": [servers[1].url]})
    assert taken.status_code == 201
    fill_camera(tab, "cam-cua-dong-nghiep", servers[1].url)
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    qtbot.waitUntil(lambda: "Đã có trong danh mục (Camera của đồng nghiệp)" in shown_error(tab, "id"), timeout=15000)
    assert not tab.save_button.isEnabled() and "Tường từ chối" in tab.message.text()
    type_into(tab, "id", "cam-cua-toi")
    assert shown_error(tab, "id") == "" and tab.save_button.isEnabled()


def test_an_indicator_is_added_to_a_sectors_screen_and_taken_back(dialog, wall, qtbot):
    tab = dialog.indicator_tab
    dialog.tabs.setCurrentWidget(tab)
    choose(tab, "sector", "hcc")
    box: QComboBox = tab.inputs["indicator"]
    offered = [box.itemData(n) for n in range(1, box.count())]
    assert "hcc-ty-le-dung-han" not in offered  # already on hcc's screen
    own = [i for i in offered if i.startswith("hcc-")]
    assert offered[:len(own)] == own and len(offered) > len(own)  # the sector's own first, then the others
    assert "Chỉ tiêu" in tab.hint.text() and not tab.save_button.isEnabled()  # not red before it is touched
    choose(tab, "indicator", "dl-doanh-thu")
    qtbot.wait(50)
    dialog.grab().save(str(ARTIFACTS / "catalogue-dialog-indicator.png"))
    tab.save_button.click()
    qtbot.waitUntil(lambda: "dl-doanh-thu" in tab.message.text(), timeout=15000)
    tiles = wall.health()["views"]["hcc"]["tiles_declared"]
    assert tiles[-1] == "dl-doanh-thu"
    row = next(tab.entries.item(n) for n in range(tab.entries.count())
               if tab.entries.item(n).data(Qt.ItemDataRole.UserRole) == "hcc/indicators/dl-doanh-thu")
    tab.entries.setCurrentItem(row)
    tab.remove_button.click()
    qtbot.waitUntil(lambda: "Đã xoá" in tab.message.text(), timeout=15000)
    assert "dl-doanh-thu" not in wall.health()["views"]["hcc"]["tiles_declared"]


def test_removing_a_camera_a_saved_layout_names_says_so_in_vietnamese(dialog, wall, servers, qtbot):
    tab = dialog.camera_tab
    fill_camera(tab, "cam-se-thay", servers[1].url)
    tab.save_button.click()
    qtbot.waitUntil(lambda: "cam-se-thay" in tab.message.text(), timeout=15000)
    layout = {"schema_version": 2, "id": "cau-cua-hoi", "title": {"vi": "Cầu Cửa Hội"}, "grid": {"rows": 1, "cols": 1},
              "regions": [{"id": "cau", "cell": [0, 0], "view": {"kind": "camera", "camera": "cam-se-thay"}}]}
    put = wall.call("PUT", "/layouts/cau-cua-hoi", "technician", json={"layout": layout, "base_revision": None})
    assert put.status_code == 200, put.text
    try:
        row = next(tab.entries.item(n) for n in range(tab.entries.count())
                   if "cam-se-thay" in tab.entries.item(n).text())
        tab.entries.setCurrentItem(row)
        tab.remove_button.click()
        qtbot.waitUntil(lambda: "Đã xoá" in tab.message.text(), timeout=15000)
        assert "⚠ Bố cục «cau-cua-hoi» vẫn hiển thị camera «cam-se-thay» (vùng cau)" in tab.message.text()
    finally:
        wall.call("DELETE", "/layouts/cau-cua-hoi", "technician")


def test_a_camera_group_for_a_new_site_is_added_and_its_cameras_then_go_into_it(dialog, wall, servers, qtbot):
    tab = dialog.group_tab
    dialog.tabs.setCurrentWidget(tab)
    type_into(tab, "id", "cua-khau-moi")
    type_into(tab, "name.vi", "Cửa khẩu mới")
    assert not tab.save_button.isEnabled()  # no kind chosen yet
    choose(tab, "kind", "border")
    assert tab.save_button.isEnabled()
    qtbot.wait(50)
    dialog.grab().save(str(ARTIFACTS / "catalogue-dialog-group.png"))
    tab.save_button.click()
    qtbot.waitUntil(lambda: "cua-khau-moi" in tab.message.text(), timeout=15000)
    cams = dialog.camera_tab
    assert cams.inputs["group"].findData("cua-khau-moi") >= 0  # the camera form offers the new group
    fill_camera(cams, "cam-cua-khau-moi", servers[1].url)
    choose(cams, "group", "cua-khau-moi")
    cams.save_button.click()
    qtbot.waitUntil(lambda: "cam-cua-khau-moi" in cams.message.text(), timeout=15000)
    row = next(tab.entries.item(n) for n in range(tab.entries.count()) if "cua-khau-moi" in tab.entries.item(n).text())
    tab.entries.setCurrentItem(row)
    tab.remove_button.click()  # refused while it has a camera, in Vietnamese
    qtbot.waitUntil(lambda: "Không xoá được" in tab.message.text(), timeout=15000)
    assert "nhóm vẫn còn camera (cam-cua-khau-moi)" in tab.message.text()
    catalogue = wall.call("GET", "/catalogue", "viewer").json()
    assert {"cua-khau-moi"} <= {g["id"] for g in catalogue["camera_groups"]}
    wall.call("DELETE", "/catalogue/cameras/cam-cua-khau-moi", "technician")
    wall.call("DELETE", "/catalogue/camera-groups/cua-khau-moi", "technician")
