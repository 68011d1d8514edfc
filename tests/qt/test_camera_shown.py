"""Which views show camera X (ioc_core.catalogue.edits.shows_camera), used to rebuild views after a catalogue edit:
checked against what the camera views themselves draw (a grid's cameras, a pinned camera, a pin that is no camera of
the group). Which views were given camera X (names_camera) refuses its removal while a region on the wall was given
it, through the Qt-free routes; a grid of its group pages through the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_core.catalogue.cameras import load_cameras
from ioc_core.catalogue.edits import CatalogueEdits, Change, shows_camera
from ioc_core.layouts.model import Region
from wall.widgets.base import ViewContext

from .test_catalogue_edit import routes_over

CAMERAS = load_cameras()
VIEWS = [
    {"kind": "camera_grid", "group": "an-ninh"},
    {"kind": "camera_grid", "group": "an-ninh", "rows": 1, "cols": 1},  # pages: every camera in turn
    {"kind": "camera_grid", "group": "an-ninh", "pin": "cam-ga-vinh"},
    {"kind": "camera_grid", "group": "an-ninh", "pin": "cam-pu-mat"},  # a pin of another group: ignored
    {"kind": "camera_grid", "group": "chay-rung"},
    {"kind": "camera", "camera": "cam-ga-vinh"},
    {"kind": "camera", "camera": "cam-pu-mat"},
    {"kind": "clock"},
    None,
]


def drawn(view, context) -> set[str]:
    """The catalogue cameras the wall's own view shows for ``view`` (on every page of a grid)."""
    from wall.widgets.camera import CameraGridView, CameraView

    region = Region("r", 0, 0, 1, 1, view)
    if not isinstance(view, dict) or view.get("kind") not in ("camera", "camera_grid"):
        return set()
    item = (CameraGridView if view["kind"] == "camera_grid" else CameraView)(region, view, context)
    try:
        return {c.id for c in item.members} if view["kind"] == "camera_grid" else \
            ({item.camera.id} if item.camera is not None else set())
    finally:
        item.dispose()


@pytest.mark.parametrize("view", VIEWS, ids=json.dumps)
def test_the_rule_says_what_the_camera_views_draw(qtbot, view):
    shown = drawn(view, ViewContext(cameras=CAMERAS))
    for cam in CAMERAS.cameras.values():
        members = {c.id for c in CAMERAS.of_group(cam.group)}
        assert shows_camera(view, cam.id, cam.group, members) == (cam.id in shown), cam.id


def test_a_change_rebuilds_the_views_that_showed_the_camera_before_it_went(tmp_path: Path):
    edits = CatalogueEdits(tmp_path, cameras=CAMERAS)
    change = edits._change("camera", "remove", "cam-ga-vinh")
    assert change == Change("camera", "remove", "cam-ga-vinh", "an-ninh")
    assert change.affects({"kind": "camera_grid", "group": "an-ninh", "pin": "cam-ga-vinh"})
    assert not change.affects({"kind": "camera_grid", "group": "an-ninh", "pin": "cam-cua-lo"})  # shows another
    assert change.affects({"kind": "camera_grid", "group": "an-ninh", "pin": "cam-pu-mat"})  # pages the group


@pytest.fixture
def api(tmp_path: Path):
    return routes_over(tmp_path, CatalogueEdits(tmp_path / "catalogue", cameras=CAMERAS))


CAMERA = {"id": "cam-nga-tu-moi", "name": {"vi": "Camera ngã tư mới"}, "group": "an-ninh",
          "streams": ["rtsp://10.1.2.3:554/c"]}


@pytest.mark.parametrize(("view", "refused"), [
    ({"kind": "camera_grid", "group": "an-ninh"}, False),  # the grid pages through the others from now on
    ({"kind": "camera_grid", "group": "an-ninh", "pin": CAMERA["id"]}, True),
    ({"kind": "camera_grid", "group": "an-ninh", "pin": "cam-cua-lo"}, False),  # pinned to another camera
    ({"kind": "camera_grid", "group": "chay-rung", "pin": CAMERA["id"]}, False),  # not of that group
    ({"kind": "camera", "camera": CAMERA["id"]}, True),
])
def test_a_camera_a_region_on_the_wall_was_given_is_not_removed(api, view, refused):
    assert api("POST", "/catalogue/cameras", body=CAMERA)[0] == 201
    region = api.controller.state.layout.regions[0].id
    assert api.controller.execute({"command": "show_view", "region": region, "view": view}).accepted
    status, doc = api("DELETE", f"/catalogue/cameras/{CAMERA['id']}")
    assert status == (409 if refused else 200), doc
    if refused:
        assert region in doc["error"]
