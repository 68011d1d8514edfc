"""A full disk (issue 19): a new share link and a layout's delete answer 507 with nothing changed and no copy left
behind, and at start the copies saves stopped by a kill left are removed from every folder the wall writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.events import EventBus
from ioc_core.api.port import ControllerPort
from ioc_core.api.routes import Api
from ioc_core.api.share_frames import FrameBox
from ioc_core.api.tokens import TokenStore
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import StateStore
from ioc_core.jsonfile import write_bytes_atomic
from ioc_core.layouts import LayoutLibrary
from ioc_core.layouts.saved_layouts import LayoutStore
from ioc_core.setup.geometry import WallGeometry
from ioc_core.statedir import keep_private

from ..common import FullDisk


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def disk(monkeypatch) -> FullDisk:
    d = FullDisk()
    monkeypatch.setattr(os, "fsync", d.fsync)
    return d


@pytest.fixture
def wall(tmp_path: Path, layouts_dir: Path):
    state = tmp_path / "state"
    library = LayoutLibrary.load_dir(layouts_dir, state / "layouts")
    controller = Controller(library, WallGeometry(), StateStore(state / "state.json"))
    controller.restore()
    bus = EventBus()
    audit = AuditLog(state / "audit.jsonl")
    port = ControllerPort("thử", controller, CommandDesk(controller, audit, bus),
                          layout_store=LayoutStore(state / "layouts", library, layouts_dir))
    tokens = TokenStore(state / "api-tokens.json")
    api = Api(tokens, port, bus, audit, share=FrameBox())

    def call(method: str, path: str, role: str, body=None):
        r = api.handle(method, "/api/v1" + path, "", {"Authorization": f"Bearer {tokens.token(role)}"},
                       json.dumps(body).encode() if body is not None else b"")
        return r.status, json.loads(r.body)

    return call, state, tokens


def test_a_new_share_link_on_a_full_disk_is_507_the_old_link_kept_and_no_copy_left(wall, disk):
    call, state, tokens = wall
    old = tokens.token("share")
    before = _files(state)
    disk.full = True
    status, out = call("POST", "/share/access", "operator")
    assert status == 507 and "the share link was not changed" in out["error"] and "No space left" in out["error"]
    assert _files(state) == before  # the token file as it was, and no api-tokens.json.tmp or other copy beside it
    assert tokens.token("share") == old and tokens.authenticate(f"Bearer {old}") is not None  # the old link opens
    disk.full = False
    status, out = call("POST", "/share/access", "operator")  # room again: the link changes
    assert status == 200 and old not in out["page"] and tokens.authenticate(f"Bearer {old}") is None


def test_a_layouts_delete_on_a_full_disk_is_507_with_nothing_changed(wall, disk):
    call, state, _ = wall
    status, got = call("GET", "/layouts/khan-cap", "viewer")
    doc = dict(got["layout"], title={"vi": "Khẩn cấp (sửa)"})
    status, saved = call("PUT", "/layouts/khan-cap", "technician", {"layout": doc, "base_revision": got["revision"]})
    assert status == 200, saved
    before = _files(state / "layouts")
    disk.full = True
    status, out = call("DELETE", "/layouts/khan-cap", "technician")
    assert status == 507 and "not deleted" in out["error"] and "No space left" in out["error"], (status, out)
    assert _files(state / "layouts") == before  # no copy left in .previous/ either
    disk.full = False
    status, again = call("GET", "/layouts/khan-cap", "viewer")
    assert status == 200 and again["revision"] == saved["revision"]  # still saved, still listed
    assert call("DELETE", "/layouts/khan-cap", "technician")[0] == 200  # and deleted once there is room


@pytest.fixture
def umask():
    """keep_private sets the process's umask: this test process gets its own back."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_at_start_the_copies_interrupted_saves_left_are_removed_from_every_folder_the_wall_writes(tmp_path, umask):
    state = tmp_path / "state"
    folders = ["", "layouts", "layouts/.previous", "catalogue", "minutes/2026-11-24-0800-giao-ban"]
    real = {}
    for folder in folders:
        path = state / folder / "x.json"
        write_bytes_atomic(path, b"{}\n")  # a real file, written as the wall writes
        real[str(path.relative_to(state))] = b"{}\n"
        # what the same writer leaves when a kill stops it before its rename (its own naming: mkstemp's)
        (state / folder / ".x.json.k3j_9a2q.tmp").write_bytes(b'{"half')
    (state / "layouts" / ".previous" / "notes.tmp").write_bytes(b"a technician's")  # not the writer's: kept
    real["layouts/.previous/notes.tmp"] = b"a technician's"
    keep_private(state)
    assert _files(state) == real


def test_at_start_the_minutes_pdf_an_earlier_version_was_writing_when_killed_is_removed(tmp_path, umask):
    """Before this version the minutes' PDF was written as ``bien-ban.pdf.tmp`` and renamed: a kill mid-write left
    that copy in the meeting's folder for good."""
    meeting = tmp_path / "state" / "minutes" / "2026-11-24-0800-giao-ban"
    meeting.mkdir(parents=True)
    (meeting / "bien-ban.pdf").write_bytes(b"%PDF-1.4 finished")
    (meeting / "bien-ban.pdf.tmp").write_bytes(b"%PDF-1.4 half")
    keep_private(tmp_path / "state")
    assert _files(tmp_path / "state") == {"minutes/2026-11-24-0800-giao-ban/bien-ban.pdf": b"%PDF-1.4 finished"}
