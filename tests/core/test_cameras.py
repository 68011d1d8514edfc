"""The camera catalogue (Qt-free): the shipped file, what bad files are told, and credentials that never show."""

from __future__ import annotations

import copy
import json

import pytest

from ioc_core.catalogue.cameras import DEFAULT_FILE, load_cameras, parse_cameras, redact
from ioc_core.layouts import LayoutLibrary
from ioc_core.problems import InvalidFile, Severity

from ..common import SHIPPED_LAYOUTS

SHIPPED = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def test_shipped_cameras_cover_every_camera_the_layouts_and_the_map_name():
    cat = load_cameras()
    assert cat.problems == ()
    for lay in LayoutLibrary.load_dir(SHIPPED_LAYOUTS).layouts.values():
        for region in lay.regions:
            view = region.view or {}
            if view.get("kind") == "camera_grid":
                assert view["group"] in cat.groups and cat.of_group(view["group"]), (lay.id, view)
            if view.get("kind") == "camera":
                assert view["camera"] in cat.cameras, (lay.id, view)
    markers = json.loads((DEFAULT_FILE.parent / "map" / "markers.json").read_text(encoding="utf-8"))["markers"]
    for m in (m for m in markers if m["kind"] == "camera"):
        cam = cat.cameras[m["id"]]
        assert (cam.lon, cam.lat) == (m["lon"], m["lat"])


def _bad(mutate) -> str:
    doc = copy.deepcopy(SHIPPED)
    mutate(doc)
    with pytest.raises(InvalidFile) as info:
        parse_cameras(doc, "cameras.json")
    return str(info.value)


@pytest.mark.parametrize(("mutate", "words"), [
    (lambda d: d["cameras"][0].update(group="khong-co"), "cameras.json: $.cameras[0].group: unknown group 'khong-co'"),
    (lambda d: d["cameras"][1].update(id=d["cameras"][0]["id"]), "is declared twice"),
    (lambda d: d["cameras"][0].update(streams=["ftp://192.0.2.1/x"]), "the scheme must be one of rtsp, rtsps"),
    (lambda d: d["cameras"][0].update(streams=["rtsp:///only-a-path"]), "names no host"),
    (lambda d: d["cameras"][0].pop("lat"), "needs both lon and lat"),
    (lambda d: d["cameras"][0].update(streams=[]), "$.cameras[0].streams"),
    (lambda d: d["cameras"][0].update(password_env="lowercase"), "$.cameras[0].password_env"),
    (lambda d: d["cameras"][0].update(streams=["rtsp://[bad/x"]),  # urlsplit raises: once a 500, and no start
     "$.cameras[0].streams[0]: 'rtsp://[bad/x' is not a valid address"),
])
def test_a_bad_camera_file_names_the_place_and_the_problem(mutate, words):
    assert words in _bad(mutate)


def test_credentials_are_filled_in_only_for_the_player_and_never_shown():
    doc = copy.deepcopy(SHIPPED)
    doc["cameras"][0]["streams"] = ["rtsp://192.0.2.11:554/ch1", "rtsp://admin:bi-mat@192.0.2.12/ch2"]
    cat = parse_cameras(doc, "cameras.json")
    [warning] = cat.problems
    assert warning.severity is Severity.WARNING and "move it to an environment variable" in warning.message
    assert "bi-mat" not in str(warning)
    cam = cat.cameras[doc["cameras"][0]["id"]]
    assert cam.open_urls({"IOC_CAMERA_PASSWORD": "p@ss word"})[0] == "rtsp://xem:p%40ss%20word@192.0.2.11:554/ch1"
    public = json.dumps(cam.public())
    assert "bi-mat" not in public and "p@ss" not in public and "xem" not in public
    assert cam.public()["streams"] == ["rtsp://192.0.2.11:554/ch1", "rtsp://***@192.0.2.12/ch2"]
    assert redact("http://u:p@host:8080/a?b=1") == "http://***@host:8080/a?b=1"
