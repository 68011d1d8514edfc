"""The audit log cannot be rewritten by someone who can write its file (issue 19): a keyed chain (HMAC-SHA256, the
key in audit.key, readable by the wall only), checked across restarts and rotation, with an accurate reason for each
kind of break; lines of earlier walls (a plain SHA-256 chain) kept and counted as unkeyed."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from pathlib import Path

import pytest

from ioc_core.api.audit import GENESIS, AuditLog

from ..common import SHIPPED_LAYOUTS


def _write(log: AuditLog, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        log.append("operator", {"command": "identify", "on": bool(n % 2)}, n, n + 1)


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _put(path: Path, entries: list[dict]) -> None:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")


def _sha(entry: dict, leave: str) -> str:
    body = {k: v for k, v in entry.items() if k != leave}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _recompute_as_an_attacker(entries: list[dict], start: int = 0) -> list[dict]:
    """What someone who can write the file but not read the key does after editing line ``start`` + 1: each line's
    check field from there on (whichever the line carries) recomputed as a plain SHA-256 chain."""
    prev, out = (entries[start - 1].get("mac", entries[start - 1].get("hash")) if start else GENESIS), entries[:start]
    for e in entries[start:]:
        field = "mac" if "mac" in e else "hash"
        e = {**e, "prev": prev}
        e[field] = _sha(e, field)
        prev = e[field]
        out.append(e)
    return out


def test_a_line_edited_and_the_chain_recomputed_is_caught_after_a_restart(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 5)
    entries = _lines(log.path)
    entries[2]["who"] = "someone-else"
    _put(log.path, _recompute_as_an_attacker(entries, 2))
    # the running wall names the line, not "lines cut from the end"
    assert log.verify() == (False, "line 3: content changed after it was written")
    # and so does the wall after a restart (a new log on the same files): before issue 19 this said intact
    assert AuditLog(log.path).verify() == (False, "line 3: content changed after it was written")


def test_lines_turned_into_the_old_plain_chain_are_caught(tmp_path: Path):
    """Stripping the MACs to pass the lines off as an earlier wall's does not work: the chain had begun keyed."""
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 3)
    plain = [{k: v for k, v in e.items() if k not in ("mac", "key")} for e in _lines(log.path)]
    plain[1]["who"] = "someone-else"
    _put(log.path, _recompute_as_an_attacker(plain))
    problem = "line 1: has no MAC where the keyed chain had begun (a line added, or its MAC removed)"
    assert AuditLog(log.path).verify() == (False, problem)


def test_a_line_removed_or_two_swapped_in_the_middle_is_named_by_the_numbers(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 6)
    lines = log.path.read_text().splitlines(keepends=True)
    log.path.write_text("".join(lines[:2] + lines[4:]))
    assert AuditLog(log.path).verify() == (False, "line 3: entry 5 follows entry 2: entries 3 to 4 are missing "
                                                  "(lines removed or reordered)")
    log.path.write_text("".join(lines[:2] + [lines[3], lines[2]] + lines[4:]))
    assert log.verify() == (False, "line 3: entry 4 follows entry 2: entry 3 is missing (lines removed or "
                                   "reordered)")
    log.path.write_text("".join(lines[:3] + [lines[2]] + lines[3:]))
    assert log.verify() == (False, "line 4: entry 3 comes after entry 3 (lines reordered or repeated)")


def test_lines_cut_from_the_end_are_seen_across_a_restart(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 5)
    lines = log.path.read_text().splitlines(keepends=True)
    log.path.write_text("".join(lines[:3]))
    assert log.verify()[1] == "the file ends at line 3 but this wall has written 5 entries (lines cut from the end)"
    again = AuditLog(log.path)  # the wall restarted: it finds the head file (kept under the key) says 5
    found = "the log ended at entry 3 but entry 5 had been written (lines cut from the end)"
    assert again.verify() == (False, f"line 4: at start the wall found: {found}")
    # what it found is a line of the log: later lines do not hide it, and it goes on after the entries cut
    _write(again, 2, start=5)
    entries = _lines(log.path)
    assert [e["seq"] for e in entries] == [1, 2, 3, 6, 7, 8]
    assert entries[3]["who"] == "wall" and entries[3]["command"] == {"command": "audit_log_damaged", "found": found}
    assert AuditLog(log.path).verify() == (False, f"line 4: at start the wall found: {found}")


def test_the_head_file_removed_with_the_tail_is_said(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 4)
    lines = log.path.read_text().splitlines(keepends=True)
    log.path.write_text("".join(lines[:2]))
    log.head_path.unlink()
    assert log.verify()[1].startswith("the file ends at line 2")
    problem = AuditLog(log.path).verify()[1]
    assert problem == ("line 3: at start the wall found: audit.head (the last entry written) was missing or "
                       "changed: lines cut from the end cannot be ruled out"), problem


def test_a_rotated_file_missing_is_named(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl", max_bytes=1500, keep=5)
    _write(log, 20)
    assert [p.name for p in log.parts()] == ["audit.jsonl.4", "audit.jsonl.3", "audit.jsonl.2", "audit.jsonl.1",
                                             "audit.jsonl"]
    assert log.verify() == (True, "")
    middle = log.part(2).read_bytes()
    log.part(2).unlink()
    assert AuditLog(log.path, max_bytes=1500, keep=5).verify() == (
        False, "audit.jsonl.2 is missing (a file moved aside was removed)")
    log.part(2).write_bytes(middle)
    oldest = log.part(4).read_bytes()
    log.part(4).unlink()  # the oldest, while fewer than ``keep`` are kept: the log no longer begins at entry 1
    first = _lines(log.part(3))[0]["seq"]
    assert log.verify() == (False, f"audit.jsonl.3 line 1: the log begins at entry {first}: entries 1 to "
                                   f"{first - 1} are missing (a file moved aside was removed, or lines cut from "
                                   "the start)")
    log.part(4).write_bytes(oldest)
    assert log.verify() == (True, "")


def test_a_line_that_is_not_json_is_named(tmp_path: Path):
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 3)
    lines = log.path.read_text().splitlines(keepends=True)
    log.path.write_text("".join([lines[0], '{"seq": 2, "who": "oper\n', lines[2]]))
    assert AuditLog(log.path).verify() == (False, "line 2: not JSON")


@pytest.mark.parametrize("how", ["lost", "replaced"])
def test_the_key_lost_or_replaced_is_said_and_recorded(tmp_path: Path, how: str):
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 3)
    if how == "lost":
        log.key_path.unlink()
    else:
        log.key_path.write_bytes(os.urandom(32))
    again = AuditLog(log.path)
    assert again.verify() == (False, "line 1: signed with another key (the key file audit.key was replaced or "
                                     "lost, or the line was forged)")
    damaged = _lines(log.path)[-1]
    assert damaged["command"]["command"] == "audit_log_damaged" and "the lines before cannot be checked" in \
        damaged["command"]["found"]


def test_the_key_is_the_walls_alone_and_never_leaves_it(tmp_path: Path, caplog):
    from ioc_core.api.desk import CommandDesk
    from ioc_core.api.events import EventBus
    from ioc_core.api.port import ControllerPort
    from ioc_core.api.routes import Api
    from ioc_core.api.tokens import TokenStore
    from ioc_core.control.controller import Controller
    from ioc_core.layouts import LayoutLibrary
    from ioc_core.setup.geometry import WallGeometry

    caplog.set_level(logging.DEBUG)
    controller = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), None)
    controller.restore()
    log = AuditLog(tmp_path / "audit.jsonl")
    key = log.key_path.read_bytes()
    assert len(key) == 32 and stat.S_IMODE(log.key_path.stat().st_mode) == 0o600
    tokens = TokenStore(tmp_path / "api-tokens.json")
    api = Api(tokens, ControllerPort("thử", controller, CommandDesk(controller, log, EventBus())), EventBus(), log)
    auth = {"Authorization": f"Bearer {tokens.token('operator')}"}
    assert api.handle("POST", "/api/v1/commands", "", auth, b'{"command": "identify", "on": true}').status == 200
    said = b"".join(api.handle("GET", "/api/v1/audit", q, auth, b"").body for q in ("", "verify=1", "part=1"))
    said += caplog.text.encode() + log.head_path.read_bytes()
    for form in (key, key.hex().encode(), key.hex().upper().encode()):
        assert form not in said
    assert AuditLog(log.path).key_path.read_bytes() == key  # read again at the next start, not made anew


def test_an_earlier_walls_plain_lines_stay_readable_and_the_keyed_chain_runs_on_after_them(tmp_path: Path):
    path = tmp_path / "audit.jsonl"
    prev, old = GENESIS, []
    for n in range(3):  # lines as walls wrote them before issue 19
        e = {"seq": n + 1, "at": 1_800_000_000.0 + n, "who": "operator", "command": {"command": "blackout"},
             "revision_before": n, "revision_after": n + 1, "prev": prev}
        e["hash"] = prev = _sha(e, "hash")
        old.append(e)
    _put(path, old)
    before = path.read_bytes()
    log = AuditLog(path)
    _write(log, 2, start=3)
    assert path.read_bytes().startswith(before)  # nothing stored is lost or rewritten
    entries = _lines(path)
    assert entries[3]["seq"] == 4 and entries[3]["prev"] == old[-1]["hash"] and "mac" in entries[3]
    verdict = log.check()
    assert (verdict.intact, verdict.unkeyed) == (True, 3)
    doc = verdict.to_json()
    assert doc["unkeyed_lines"] == 3 and "3 unkeyed lines written before version" in doc["note"]
    # an edited old line is still seen by its own chain
    entries[1]["who"] = "someone-else"
    _put(path, entries)
    assert AuditLog(path).verify() == (False, "line 2: content changed after it was written")
