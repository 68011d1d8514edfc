"""Kiosk deployment: the journal's log levels, the systemd user unit, the session and install scripts."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ioc_core.logsetup import FORMAT, JournalFormatter, is_journal_stream, stderr_handler, syslog_priority

from ..common import ROOT, SHIPPED_LAYOUTS

LINUX = ROOT / "deploy" / "linux"
SCRIPTS = [LINUX / "ioc-wall-session.sh", LINUX / "install.sh"]


def record(level: int, msg: str, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("wall.test", level, __file__, 1, msg, (), exc_info)


# -- log lines for the journal --------------------------------------------------------------------------------------
def test_each_level_carries_its_syslog_priority():
    f = JournalFormatter()
    assert [f.format(record(lvl, "x")) for lvl in (logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO,
                                                   logging.DEBUG)] == [
        "<2>CRITICAL wall.test: x", "<3>ERROR wall.test: x", "<4>WARNING wall.test: x", "<6>INFO wall.test: x",
        "<7>DEBUG wall.test: x"]
    assert syslog_priority(logging.WARNING + 5) == 4 and syslog_priority(5) == 7  # levels between keep the lower


def test_every_line_of_a_traceback_keeps_the_priority():
    try:
        raise ValueError("dữ liệu hỏng")
    except ValueError:
        text = JournalFormatter().format(record(logging.ERROR, "fetch failed\nsecond line", sys.exc_info()))
    lines = text.splitlines()
    assert len(lines) > 4 and all(line.startswith("<3>") for line in lines)
    assert lines[-1] == "<3>ValueError: dữ liệu hỏng"


def test_the_journal_is_recognised_by_the_stream_itself(tmp_path: Path):
    path = tmp_path / "stderr"
    with path.open("w") as stream:
        st = os.fstat(stream.fileno())
        mine = f"{st.st_dev}:{st.st_ino}"
        assert is_journal_stream(stream, {"JOURNAL_STREAM": mine})
        assert not is_journal_stream(stream, {})
        assert not is_journal_stream(stream, {"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino + 1}"})  # inherited, elsewhere
        assert not is_journal_stream(stream, {"JOURNAL_STREAM": "garbage"})
    assert not is_journal_stream(None, {"JOURNAL_STREAM": mine})  # pythonw on Windows has no stderr


def test_without_the_journal_the_format_stays_as_it_was(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    with (tmp_path / "stderr").open("w") as stream:
        handler = stderr_handler(stream)
    assert handler.formatter._fmt == FORMAT and not isinstance(handler.formatter, JournalFormatter)


def test_the_wall_writes_journal_levels_when_its_stderr_is_the_journal(tmp_path: Path):
    """The real program, its stderr a file that JOURNAL_STREAM names (as systemd does with the journal's socket)."""
    path = tmp_path / "stderr"
    path.touch()
    st = path.stat()
    env = {**os.environ, "JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}", "IOC_WALL_ZEROCONF": "off"}
    with path.open("a") as err:
        proc = subprocess.Popen([sys.executable, "-m", "wall", "--no-api", "--state-dir", str(tmp_path / "state"),
                                 "--layouts-dir", str(SHIPPED_LAYOUTS), "--layout", "nope"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 30
        while "wall ready:" not in path.read_text() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(15)
    lines = path.read_text().splitlines()
    assert any(line.startswith("<6>INFO wall: wall ready:") for line in lines), lines
    assert any(line.startswith("<3>ERROR wall: --layout: unknown layout 'nope'") for line in lines), lines


# -- deployment files ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse(script: Path):
    out = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr


def test_the_user_unit_and_its_retry_timer_verify(tmp_path: Path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed on this machine (no systemd): the unit cannot be verified")
    exe = tmp_path / "ioc wall"  # a space in the path: the unit quotes it
    exe.symlink_to(sys.executable)
    unit = (LINUX / "ioc-wall.service").read_text().replace("@IOC_WALL@", str(exe))
    (tmp_path / "ioc-wall.service").write_text(unit)
    shutil.copy(LINUX / "ioc-wall-retry.timer", tmp_path)
    run_dir = tmp_path / "run"  # a user manager needs a runtime folder, which a test machine may not have
    run_dir.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR") or str(run_dir)}
    out = subprocess.run(["systemd-analyze", "verify", "--user", "ioc-wall.service", "ioc-wall-retry.timer"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    # settings systemd ignores (an unknown key, a bad value) are only warned about: none is allowed either
    assert (out.returncode, out.stdout + out.stderr) == (0, "")
    for key in ("Type=notify", "NotifyAccess=main", "WatchdogSec=30", "Restart=always", "RestartSec=1s",
                "OnFailure=ioc-wall-retry.timer", "EnvironmentFile=-%h/.config/ioc-wall/wall.env",
                "Environment=QT_QPA_PLATFORM=xcb", "WantedBy=graphical-session.target"):
        assert key in unit.splitlines(), key


def test_install_is_idempotent_and_uninstall_removes_what_it_installed(tmp_path: Path):
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    fake = bin_dir / "systemctl"
    fake.write_text('#!/bin/sh\necho "$*" >> "$HOME/systemctl.log"\n')
    fake.chmod(0o755)
    exe = tmp_path / "ioc wall" / "ioc-wall"  # a space in the path too
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin"}

    def install(*args: str) -> str:
        out = subprocess.run(["bash", str(LINUX / "install.sh"), *args], env=env, capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 0, out.stderr
        return out.stdout

    first = install("--exec", str(exe))
    assert first.count("written ") == 5
    unit = (home / ".config/systemd/user/ioc-wall.service").read_text()
    assert f'ExecStart="{exe}" $IOC_WALL_ARGS' in unit.splitlines()
    desktop = (home / ".config/autostart/ioc-wall-session.desktop").read_text()
    assert f'Exec="{home}/.local/bin/ioc-wall-session"' in desktop.splitlines()
    assert os.access(home / ".local/bin/ioc-wall-session", os.X_OK)
    (home / ".config/ioc-wall/wall.env").write_text("IOC_WALL_NAME=tuong-1\n")

    second = install("--exec", str(exe))
    assert "written " not in second and second.count("unchanged ") == 4
    assert (home / ".config/ioc-wall/wall.env").read_text() == "IOC_WALL_NAME=tuong-1\n"  # the technician's, kept
    assert (home / "systemctl.log").read_text().splitlines() == ["--user daemon-reload",
                                                                 "--user enable ioc-wall.service"] * 2
    install("--uninstall")
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert left == [".config/ioc-wall/wall.env", "systemctl.log"]
    assert "--user disable --now ioc-wall.service" in (home / "systemctl.log").read_text()


def test_the_hubs_system_unit_verifies(tmp_path: Path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed on this machine (no systemd): the unit cannot be verified")
    exe = tmp_path / "ioc hub"  # a space in the path: the unit quotes it
    exe.symlink_to(sys.executable)
    unit = (LINUX / "ioc-hub.service").read_text().replace("@IOC_HUB@", str(exe))
    (tmp_path / "ioc-hub.service").write_text(unit)
    out = subprocess.run(["systemd-analyze", "verify", "ioc-hub.service"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    noise = [ln for ln in (out.stdout + out.stderr).splitlines() if "ioc-hub.service" in ln]
    assert (out.returncode, noise) == (0, [])
    for key in ("Restart=always", "StateDirectory=ioc-hub", "Environment=IOC_HUB_STATE_DIR=/var/lib/ioc-hub",
                "EnvironmentFile=-/etc/ioc-hub/hub.env", "WantedBy=multi-user.target"):
        assert key in unit.splitlines(), key


def test_the_hubs_unit_waits_for_its_ready_and_sets_no_watchdog_it_would_not_feed():
    """The hub sends READY=1 from its main process (tests/core/test_hub.py) and never WATCHDOG=1: Type=notify with
    NotifyAccess=main, and no WatchdogSec (systemd would kill a healthy hub every period)."""
    lines = (LINUX / "ioc-hub.service").read_text().splitlines()
    assert "Type=notify" in lines and "NotifyAccess=main" in lines
    assert not [ln for ln in lines if ln.startswith(("WatchdogSec", "Type=simple"))]
    hub_code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ioc_hub").glob("*.py"))
    assert 'notify("READY=1")' in hub_code and "WATCHDOG=1" not in hub_code
