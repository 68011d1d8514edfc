"""The screen mapping's configuration store without a display (ioc_core/setup/wall_config_edits.py): merging a change
into the file,
validation naming the field, revision conflicts, the previous version kept, failed writes that change nothing, and
the PUT /screens route's answers through the Qt-free router."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.tokens import FILE_NAME, TokenStore
from ioc_core.jsonfile import write_json_atomic
from ioc_core.setup.wall_config import OutputSpec, load_config
from ioc_core.setup.wall_config_edits import (
    DEFAULT_REVISION,
    SAVED_NAME,
    ConfigStore,
    Conflict,
    InvalidChange,
    SaveFailed,
    Unreadable,
    load_path,
    merge,
    parse_change,
    revision_of,
    save_path,
)
from ioc_core.statedir import UMASK

DOC = {
    "schema_version": 1, "name": "Phòng IOC - tường chính", "default_layout": "tong-quan",
    "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080, "width_mm": 1209.6, "height_mm": 680.4},
    "bezel_mm": {"x": 3.5, "y": 3.5},
    "outputs": [{"monitor": f"WALL{r * 3 + c}", "cell": [r, c]} for r in range(3) for c in range(3)],
    "web": {"allow": ["*.nghean.gov.vn"]},
    "power": {"on": "06:00", "off": "22:00"},
}
SWAPPED = [{"monitor": "WALL1", "cell": [0, 0]}, {"monitor": "WALL0", "cell": [0, 1]}]


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "wall.json"
    path.write_text(json.dumps(DOC, ensure_ascii=False, indent=4), encoding="utf-8")  # not the store's own format
    path.chmod(0o644)
    return path


def test_a_change_replaces_its_own_fields_and_keeps_every_other_key():
    out = merge(DOC, {"outputs": SWAPPED, "bezel_mm": {"x": 5, "y": 4}, "screen_mm": {"width": 1000}})
    assert out["outputs"] == SWAPPED and out["bezel_mm"] == {"x": 5, "y": 4}
    assert out["screens"] == {**DOC["screens"], "width_mm": 1000}
    assert {k: v for k, v in out.items() if k not in ("outputs", "bezel_mm", "screens")} == {
        k: v for k, v in DOC.items() if k not in ("outputs", "bezel_mm", "screens")}
    assert DOC["screens"]["width_mm"] == 1209.6  # the document merged into is not touched


@pytest.mark.parametrize(("body", "paths"), [
    ([1], ["$"]),
    ({"outputs": "auto"}, ["$.base_revision"]),
    ({"base_revision": "x"}, ["$"]),
    ({"outputs": "auto", "base_revision": "x", "rows": 4}, ["$.rows"]),
    ({"screen_mm": [1, 2], "base_revision": "x"}, ["$.screen_mm"]),
    ({"screen_mm": {"width": 1, "depth": 2}, "base_revision": "x"}, ["$.screen_mm"]),
])
def test_a_malformed_change_names_its_field(body, paths):
    with pytest.raises(InvalidChange) as info:
        parse_change(body)
    assert [p.path for p in info.value.problems] == paths


def current_revision(path: Path) -> str:
    return revision_of(path.read_bytes())


@pytest.mark.parametrize(("change", "path", "words"), [
    ({"outputs": [{"monitor": "WALL0", "cell": [0, 0]}, {"monitor": "WALL1", "cell": [0, 0]}]}, "$.outputs[1]",
     "both cover screen [0, 0]"),
    ({"outputs": [{"monitor": "WALL0", "cell": [0, 3]}]}, "$.outputs[0]", "outside the 3 x 3 wall"),
    ({"outputs": [{"monitor": "WALL0", "cell": [0, 0]}, {"monitor": "WALL0", "cell": [0, 1]}]},
     "$.outputs[1].monitor", "already used"),
    ({"outputs": [{"monitor": "WALL0", "cell": [-1, 0]}]}, "$.outputs[0].cell[0]", "minimum of 0"),
    ({"outputs": "mosaic"}, "$.outputs", "'auto', 'virtual'"),
    ({"bezel_mm": {"x": "3", "y": 1}}, "$.bezel_mm.x", "not of type 'number'"),
    ({"bezel_mm": {"x": 300, "y": 1}}, "$.bezel_mm.x", "maximum of 100"),
    ({"screen_mm": {"width": 0}}, "$.screen_mm.width", "less than or equal to the minimum of 0"),
])
def test_an_invalid_result_names_the_field_and_saves_nothing(config_file, change, path, words):
    before = config_file.read_bytes()
    with pytest.raises(InvalidChange) as info:
        ConfigStore(config_file).update({**change, "base_revision": revision_of(before)})
    [problem] = info.value.problems
    assert problem.path == path and words in problem.message, problem
    assert config_file.read_bytes() == before
    assert not config_file.with_name("wall.json.previous").exists()


def test_a_save_keeps_the_previous_version_beside_the_file(config_file):
    before = config_file.read_bytes()
    store = ConfigStore(config_file)
    applied = []
    saved = store.update({"outputs": SWAPPED, "bezel_mm": {"x": 7, "y": 0}, "base_revision": revision_of(before)},
                         apply=lambda config: applied.append(config) or "")
    assert store.previous == config_file.with_name("wall.json.previous")
    assert store.previous.read_bytes() == before  # the exact bytes, not a re-serialised copy
    assert saved.previous == revision_of(before) and saved.revision == current_revision(config_file) != saved.previous
    config = load_config(config_file)
    assert config.outputs == (OutputSpec("WALL1", 0, 0), OutputSpec("WALL0", 0, 1))
    assert (config.bezel_x_mm, config.bezel_y_mm) == (7, 0)
    assert applied == [config] == [saved.config]  # applied once, with what was saved
    doc = json.loads(config_file.read_text(encoding="utf-8"))
    assert {k: doc[k] for k in ("name", "default_layout", "web", "power")} == {
        k: DOC[k] for k in ("name", "default_layout", "web", "power")}
    assert os.stat(config_file).st_mode & 0o777 == 0o644  # a technician's file keeps its mode
    assert store.current().revision == saved.revision
    # a second save keeps the first save's version, not the original
    first = config_file.read_bytes()
    store.update({"outputs": "auto", "base_revision": saved.revision})
    assert store.previous.read_bytes() == first and load_config(config_file).outputs == "auto"


@pytest.fixture
def walls_umask():
    """The wall's own umask (ioc_core/statedir.py: what it creates is private); the test process gets its own back."""
    before = os.umask(UMASK)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("made", [0o644, 0o600])
def test_a_save_keeps_the_files_mode_and_its_previous_version_has_it_too(config_file, walls_umask, made):
    """A technician's file open to reading (0644) stays so although the wall's umask is private; a private one
    (0600) is never widened. The previous version has the file's mode, whatever an older copy of it had."""
    config_file.chmod(made)
    store = ConfigStore(config_file)
    store.previous.write_bytes(b"{}")
    store.previous.chmod(0o600 if made == 0o644 else 0o644)
    saved = store.update({"outputs": SWAPPED, "base_revision": current_revision(config_file)})
    assert (mode(config_file), mode(store.previous)) == (made, made)
    store.update({"outputs": "auto", "base_revision": saved.revision})
    assert (mode(config_file), mode(store.previous)) == (made, made)
    assert json.loads(store.previous.read_text(encoding="utf-8"))["outputs"] == SWAPPED  # the first save's


def test_a_change_made_from_an_older_revision_is_refused(config_file):
    store = ConfigStore(config_file)
    old = current_revision(config_file)
    store.update({"outputs": SWAPPED, "base_revision": old})  # a colleague saves first
    theirs = config_file.read_bytes()
    with pytest.raises(Conflict) as info:
        store.update({"bezel_mm": {"x": 1, "y": 1}, "base_revision": old})
    assert info.value.current == revision_of(theirs) and old in str(info.value)
    assert config_file.read_bytes() == theirs  # the colleague's save stands


def test_two_saves_at_once_from_one_revision_one_wins_and_one_is_told(config_file):
    store = ConfigStore(config_file)
    base = current_revision(config_file)
    outcomes, start = [], threading.Barrier(2)

    def save(outputs):
        start.wait()
        try:
            store.update({"outputs": outputs, "base_revision": base})
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(o,)) for o in (SWAPPED, "auto")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes) == ["conflict", "saved"]


def test_a_full_disk_leaves_the_file_and_says_so(config_file):
    before = config_file.read_bytes()

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(SaveFailed) as info:
        ConfigStore(config_file, write=full).update({"outputs": "auto", "base_revision": revision_of(before)})
    assert info.value.no_space and "No space left on device" in str(info.value) and "nothing changed" in str(info.value)
    assert config_file.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_leaves_the_file_and_says_so(config_file):
    before = config_file.read_bytes()
    config_file.parent.chmod(0o555)
    try:
        with pytest.raises(SaveFailed) as info:
            ConfigStore(config_file).update({"outputs": "auto", "base_revision": revision_of(before)})
    finally:
        config_file.parent.chmod(0o755)
    assert not info.value.no_space and "Permission denied" in str(info.value)
    assert config_file.read_bytes() == before


def test_a_broken_file_is_not_overwritten(config_file):
    config_file.write_text('{"schema_version": 1,', encoding="utf-8")
    store = ConfigStore(config_file)
    current = store.current()
    assert current.doc is None and "malformed JSON at line 1" in current.problems[0].message
    with pytest.raises(Unreadable):
        store.update({"outputs": "auto", "base_revision": current.revision})
    assert config_file.read_text(encoding="utf-8") == '{"schema_version": 1,'


def test_without_a_file_the_built_in_configuration_is_the_base_and_the_first_save_creates_it(tmp_path):
    path = save_path(None, tmp_path)
    assert path == tmp_path / SAVED_NAME and load_path(None, tmp_path) is None  # nothing saved yet: built-in
    store = ConfigStore(path)
    assert (store.current().revision, store.current().exists) == (DEFAULT_REVISION, False)
    saved = store.update({"outputs": SWAPPED, "screen_mm": {"width": 487.7, "height": 274.3},
                          "base_revision": DEFAULT_REVISION})
    assert saved.previous is None and not store.previous.exists()
    assert mode(path) == 0o600  # a new file is the wall's own user's, whatever the umask
    assert load_path(None, tmp_path) == path  # what the wall reads at its next start without --config
    config = load_config(path)
    assert (config.rows, config.cols, config.width_mm, config.height_mm) == (3, 3, 487.7, 274.3)
    assert load_path(tmp_path / "explicit.json", tmp_path) == tmp_path / "explicit.json"  # --config wins


def test_the_store_and_the_port_run_without_qt():
    code = ("import sys, ioc_core.setup.wall_config_edits, ioc_core.api.port\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == ""


# -- the route, through the Qt-free router -----------------------------------------------------------------------
@pytest.fixture
def api(tmp_path, config_file):
    tokens = TokenStore(tmp_path / FILE_NAME)
    port = ControllerPort("thử", None, None, config_store=ConfigStore(config_file))
    return Api(tokens, port, EventBus()), tokens


def put(api, role: str, body) -> tuple[int, dict]:
    router, tokens = api
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    r = router.handle("PUT", "/api/v1/screens", "", {"Authorization": f"Bearer {tokens.token(role)}"}, data)
    return r.status, json.loads(r.body)


def test_the_route_answers_each_refusal_with_its_status(api, config_file, monkeypatch):
    router, tokens = api
    before = config_file.read_bytes()
    base = revision_of(before)
    assert put(api, "operator", {"outputs": "auto", "base_revision": base})[0] == 403
    status, doc = put(api, "technician", b"")
    assert status == 400 and doc["problems"][0]["path"] == "$"
    status, doc = put(api, "technician", {"outputs": [{"monitor": "WALL0", "cell": [5, 0]}], "base_revision": base})
    assert status == 400 and doc["problems"][0]["path"] == "$.outputs[0]" and "outside" in doc["problems"][0]["message"]
    status, doc = put(api, "technician", {"outputs": "auto", "base_revision": "0" * 16})
    assert status == 409 and doc["revision"] == base

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(router.port.config_store, "_write", full)
    status, doc = put(api, "technician", {"outputs": "auto", "base_revision": base})
    assert status == 507 and "No space left on device" in doc["error"]
    monkeypatch.setattr(router.port.config_store, "_write", lambda path, data: (_ for _ in ()).throw(
        OSError(errno.EROFS, os.strerror(errno.EROFS))))
    status, doc = put(api, "technician", {"outputs": "auto", "base_revision": base})
    assert status == 500 and "Read-only file system" in doc["error"]
    assert config_file.read_bytes() == before
    monkeypatch.setattr(router.port.config_store, "_write", write_json_atomic)
    status, doc = put(api, "technician", {"outputs": "auto", "base_revision": base})
    assert status == 200 and doc["revision"] == revision_of(config_file.read_bytes()) and doc["applied"]
    assert doc["previous"] == str(config_file) + ".previous"
    r = router.handle("GET", "/api/v1/screens", "", {"Authorization": f"Bearer {tokens.token('viewer')}"}, b"")
    assert r.status == 200 and json.loads(r.body)["outputs"] == "auto"


def test_a_save_reads_its_file_back_once_and_answers_with_it_as_a_get_would(config_file, monkeypatch):
    """PUT /screens reads the file to check the revision, and once more after writing it (the revision is of the
    bytes on disk); the document the answer starts from is that read, the same as GET /screens reads afresh."""
    port = ControllerPort("thử", None, None, config_store=ConfigStore(config_file))
    base, reads, real = current_revision(config_file), [], Path.read_bytes

    def counted(path: Path) -> bytes:
        if path == config_file:
            reads.append(path)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    out = port.save_screens({"outputs": SWAPPED, "base_revision": base}, "technician",
                            shown=lambda current: port.screens(current=current))
    assert len(reads) == 3  # the revision check, the bytes kept as .previous, the read back: no fourth for the answer
    fresh = port.screens()
    assert {k: v for k, v in out.items() if k in fresh} == fresh and out["revision"] == fresh["revision"]
    assert out["outputs"] == [{"monitor": "WALL1", "cell": [0, 0], "span": [1, 1]},
                              {"monitor": "WALL0", "cell": [0, 1], "span": [1, 1]}]
