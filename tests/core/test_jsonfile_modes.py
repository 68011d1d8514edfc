"""The shared atomic writer's file modes (ioc_core/jsonfile.py), on real files: a replaced file keeps its mode and its
previous version gets it too; a new file is private whatever the umask; the files holding secrets are created
private and never widened by a save."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ioc_core.catalogue.additions import AdditionsFile
from ioc_core.control.saved_state import StateStore
from ioc_core.jsonfile import replace_keeping_previous, write_bytes_atomic, write_json_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


@pytest.fixture
def open_umask():
    """A umask that would make files readable by others (022): the writer must not depend on it."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_private_whatever_the_umask(tmp_path, open_umask):
    write_bytes_atomic(tmp_path / "a.json", b"{}")
    write_json_atomic(tmp_path / "b.json", {})
    assert (mode(tmp_path / "a.json"), mode(tmp_path / "b.json")) == (0o600, 0o600)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]  # no copy left behind


@pytest.mark.parametrize("made", [0o644, 0o640, 0o600, 0o400])
def test_a_replaced_file_keeps_its_mode(tmp_path, open_umask, made):
    path = tmp_path / "x.json"
    path.write_bytes(b"{}")
    path.chmod(made)
    write_json_atomic(path, {"n": 1})
    assert mode(path) == made and json.loads(path.read_text()) == {"n": 1}


def test_a_given_mode_wins(tmp_path):
    path = tmp_path / "x.json"
    write_bytes_atomic(path, b"{}", 0o640)
    assert mode(path) == 0o640
    write_bytes_atomic(path, b"{}", 0o600)
    assert mode(path) == 0o600


def test_the_previous_version_has_the_files_mode_and_a_failed_write_puts_the_old_one_back(tmp_path):
    path, previous = tmp_path / "x.json", tmp_path / "x.json.previous"
    path.write_bytes(b"1")
    path.chmod(0o644)
    previous.write_bytes(b"0")
    previous.chmod(0o600)

    def fails():
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        replace_keeping_previous(path, previous, fails)
    assert (previous.read_bytes(), mode(previous)) == (b"0", 0o600)  # as it was, mode and all
    replace_keeping_previous(path, previous, lambda: write_bytes_atomic(path, b"2"))
    assert (path.read_bytes(), mode(path)) == (b"2", 0o644)
    assert (previous.read_bytes(), mode(previous)) == (b"1", 0o644)


def test_the_saved_state_which_holds_a_password_is_private_and_stays_so(tmp_path, open_umask):
    """The saved state carries a meeting point's feed with its password: created 0600 and never widened."""
    store = StateStore(tmp_path / "state.json")
    for n in range(3):
        store.save({"feed": f"rtsp://xem:MatKhau{n}@10.0.0.9/hop"})
        assert mode(store.path) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    store.path.chmod(0o644)  # opened up by hand: closed again at the next save
    store.save({"feed": "rtsp://xem:MatKhau9@10.0.0.9/hop"})
    assert mode(store.path) == 0o600


def test_an_additions_files_previous_version_has_its_mode(tmp_path):
    additions = AdditionsFile(tmp_path / "cameras.json", "cameras").load()
    additions.save([{"id": "a"}])
    assert (mode(additions.path), mode(tmp_path / "cameras.json.previous")) == (0o600, 0o600)
    additions.path.chmod(0o644)  # a technician opened it to reading
    additions.save([{"id": "a"}, {"id": "b"}])
    assert (mode(additions.path), mode(tmp_path / "cameras.json.previous")) == (0o644, 0o644)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_a_rewrite_as_root_keeps_the_files_owner_so_the_service_still_reads_it(tmp_path):
    """``ioc-hub add-wall`` runs as root (it writes the broker's password file) and adds a token to the hub's
    api-tokens.json: the file stays the hub's user's (here: nobody's), private, or the hub can no longer read it."""
    import pwd

    from ioc_core.api.tokens import TokenStore

    nobody = pwd.getpwnam("nobody")
    tokens = tmp_path / "api-tokens.json"
    TokenStore(tokens)
    os.chown(tokens, nobody.pw_uid, nobody.pw_gid)
    TokenStore(tokens).issue("phong-hop", "operator")
    st = tokens.stat()
    assert (st.st_uid, st.st_gid, mode(tokens)) == (nobody.pw_uid, nobody.pw_gid, 0o600)
    assert "phong-hop" in tokens.read_text()
    plain = tmp_path / "a.json"
    write_json_atomic(plain, {"a": 1})
    os.chown(plain, nobody.pw_uid, nobody.pw_gid)
    write_json_atomic(plain, {"a": 2})
    assert (plain.stat().st_uid, plain.stat().st_gid, json.loads(plain.read_text())) == (
        nobody.pw_uid, nobody.pw_gid, {"a": 2})
    write_json_atomic(tmp_path / "new.json", {})  # a new file: root's own, as before
    assert (tmp_path / "new.json").stat().st_uid == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "api-tokens.json", "new.json"]
