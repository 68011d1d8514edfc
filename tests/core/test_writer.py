"""The saved state and the audit log written on one writer thread (ioc_core/writer.py): the caller only hands the
writes over; they reach the disk in the order the commands happened, consecutive states coalesce, audit lines are
never merged away, dropped or reordered, a failed write is retried, and what is queued is written before the
process exits. Real files in a temporary folder; os.fsync is wrapped to see which thread writes and what the
files hold at each fsync."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ioc_core.api.audit import AuditLog
from ioc_core.api.desk import CommandDesk
from ioc_core.api.tokens import Principal
from ioc_core.control.controller import Controller
from ioc_core.control.saved_state import Settling, StateStore, catch_up
from ioc_core.layouts.library import LayoutLibrary
from ioc_core.writer import OrderedWriter

from ..common import SHIPPED_LAYOUTS

ROOT = Path(__file__).resolve().parents[2]
OPERATOR = Principal("operator", "operator")
LAYOUTS = ("camera", "van-hanh", "tap-trung-hcc", "khan-cap", "tong-quan")


class Disk:
    """os.fsync as it is, noting the thread and, at each fsync, the saved revision and the audit's last line."""

    def __init__(self, folder: Path, real=os.fsync):
        self.folder, self.real = folder, real
        self.calls: list[tuple[threading.Thread, int | None, int | None]] = []
        self.fail: int | None = None  # errno to fail the next fsyncs with
        self.gate = threading.Event()
        self.gate.set()

    def fsync(self, fd) -> None:
        self.gate.wait(10)
        if self.fail is not None:
            raise OSError(self.fail, os.strerror(self.fail))
        self.real(fd)
        self.calls.append((threading.current_thread(), self.saved_revision(), self.audited_revision()))

    def saved_revision(self) -> int | None:
        try:
            return json.loads((self.folder / "state.json").read_text())["revision"]
        except (FileNotFoundError, ValueError):
            return None

    def audited_revision(self) -> int | None:
        try:
            lines = (self.folder / "audit.jsonl").read_text().splitlines()
        except FileNotFoundError:
            return None
        return json.loads(lines[-1])["revision_after"] if lines else None

    def audit_lines(self) -> list[dict]:
        return [json.loads(x) for x in (self.folder / "audit.jsonl").read_text().splitlines()]


@pytest.fixture
def disk(tmp_path, monkeypatch):
    d = Disk(tmp_path)
    monkeypatch.setattr(os, "fsync", d.fsync)
    return d


@pytest.fixture
def writer():
    w = OrderedWriter("test-writer")
    yield w
    w.close(10)


def wall(tmp_path: Path, writer) -> tuple[Controller, CommandDesk]:
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), store=StateStore(tmp_path / "state.json",
                                                                                       writer=writer))
    return controller, CommandDesk(controller, AuditLog(tmp_path / "audit.jsonl", writer=writer), None)


def test_a_burst_of_commands_is_written_in_order_on_the_writer_thread_with_states_coalesced(tmp_path, disk,
                                                                                             writer):
    controller, desk = wall(tmp_path, writer)
    disk.calls.clear()  # the audit key, made as the wall starts
    disk.gate.clear()  # the disk is slow: the burst queues up behind the first write
    for n in range(60):
        reply = desk.execute({"command": "apply_layout", "layout": LAYOUTS[n % 5]}, OPERATOR)
        assert reply.done and reply.body["revision"] == n + 1 and "warnings" not in reply.body, reply
    assert disk.calls == []  # nothing written on the caller's thread, nor yet at all
    disk.gate.set()
    assert writer.flush(10)

    assert {t for t, _, _ in disk.calls} == {writer._thread}  # every fsync on the writer's thread
    assert disk.saved_revision() == 60 and json.loads((tmp_path / "state.json").read_text())["layout"] == "tong-quan"
    assert [e["revision_after"] for e in disk.audit_lines()] == list(range(1, 61))  # all, once, in order
    assert desk.audit.verify() == (True, "")
    # the state is never behind the audit lines on disk: each audit fsync saw a state at least as new
    for _, saved, audited in disk.calls:
        assert audited is None or (saved is not None and saved >= audited), disk.calls
    # 60 states and 60 lines, but the states queued behind the slow disk were written once, as were the lines
    assert len(disk.calls) < 60 / 4, len(disk.calls)
    assert os.stat(tmp_path / "state.json").st_mode & 0o777 == 0o600


def test_states_coalesce_in_the_place_of_the_first_and_audit_lines_are_never_merged_away(tmp_path, writer):
    order: list[str] = []
    hold = threading.Event()
    writer.submit(lambda: hold.wait(10))  # the writer busy: what follows queues
    tickets = [writer.submit(lambda n=n: order.append(f"state {n}"), key="state") if n % 2 == 0
               else writer.submit(lambda n=n: order.append(f"audit {n}")) for n in range(6)]
    assert tickets[0] == tickets[2] == tickets[4]  # one queued state write, replaced by the newer ones in place
    hold.set()
    assert writer.flush(10)
    assert order == ["state 4", "audit 1", "audit 3", "audit 5"]


def test_queued_writes_are_done_before_close_returns(tmp_path, disk, writer):
    controller, desk = wall(tmp_path, writer)
    disk.gate.clear()
    for n in range(10):
        desk.execute({"command": "apply_layout", "layout": LAYOUTS[n % 5]}, OPERATOR)
    threading.Timer(0.2, disk.gate.set).start()  # the disk answers only after close() has begun
    assert writer.close(10)
    assert disk.saved_revision() == 10 and len(disk.audit_lines()) == 10


def test_the_process_writes_what_it_queued_before_it_exits(tmp_path):
    """A process that hands writes to the shared writer and exits at once: they are on disk (flushed at exit)."""
    code = (
        "import sys\n"
        "from ioc_core import writer\n"
        "from ioc_core.api.audit import AuditLog\n"
        "from ioc_core.control.saved_state import StateStore\n"
        "folder = sys.argv[1]\n"
        "store = StateStore(folder + '/state.json', writer=writer.shared())\n"
        "audit = AuditLog(folder + '/audit.jsonl', writer=writer.shared())\n"
        "for n in range(1, 201):\n"
        "    store.save({'revision': n, 'layout': 'tong-quan'})\n"
        "    audit.append('operator', {'command': 'identify', 'on': True}, n - 1, n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "state.json").read_text())["revision"] == 200
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert [json.loads(x)["revision_after"] for x in lines] == list(range(1, 201))


def test_a_failed_write_is_said_and_retried_at_the_next_save_never_lost(tmp_path, disk, writer, caplog):
    controller, desk = wall(tmp_path, writer)
    settle = Settling(controller.store, desk.audit)
    reply = desk.execute({"command": "apply_layout", "layout": "camera"}, OPERATOR)
    assert settle.answer(reply.done, reply.body) == reply.body and disk.saved_revision() == 1

    disk.fail = errno.ENOSPC
    settle = Settling(controller.store, desk.audit)
    reply = desk.execute({"command": "apply_layout", "layout": "van-hanh"}, OPERATOR)
    answer = settle.answer(reply.done, reply.body)  # waits for the writer, as the API's thread does
    assert any(w.startswith("state not saved (No space left on device)") for w in answer["warnings"]), answer
    assert any(w.startswith("audit log not written") for w in answer["warnings"]), answer
    assert settle.out_of_step(controller)
    catch_up(controller)
    assert controller.save_error == "No space left on device"
    assert disk.saved_revision() == 1 and len(disk.audit_lines()) == 1  # the old file, whole; no torn line

    disk.fail = None
    settle = Settling(controller.store, desk.audit)
    reply = desk.execute({"command": "blackout", "screen": [0, 0]}, OPERATOR)
    answer = settle.answer(reply.done, reply.body)
    assert "warnings" not in answer, answer  # the controller's stale warning dropped: it is on disk now
    catch_up(controller)
    assert controller.save_error is None
    saved = json.loads((tmp_path / "state.json").read_text())
    assert saved["revision"] == 3 and saved["layout"] == "van-hanh" and saved["blackout"] == [[0, 0]]
    assert [e["revision_after"] for e in disk.audit_lines()] == [1, 2, 3]  # the line that waited, then the new one
    assert desk.audit.verify() == (True, "")
    assert caplog.text.count("cannot save wall state") == 1 and "wall state saved again" in caplog.text


def test_without_a_writer_the_caller_writes_as_before(tmp_path, disk):
    store, audit = StateStore(tmp_path / "state.json"), AuditLog(tmp_path / "audit.jsonl")
    store.save({"revision": 1})
    audit.append("operator", {"command": "identify", "on": True}, 0, 1)
    assert {t for t, _, _ in disk.calls} == {threading.current_thread()}
    disk.fail = errno.ENOSPC
    with pytest.raises(OSError):
        audit.append("operator", {"command": "identify", "on": False}, 1, 2)
    assert audit.verify() == (True, "")
