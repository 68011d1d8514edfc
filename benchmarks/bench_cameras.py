"""Camera benchmark: a real wall process on nine offscreen 1920x1080 screens showing 720p25 H.264 cameras served
over RTSP by GStreamer's RTSP server on 127.0.0.1; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_cameras.py [--seconds 10] [--outage 15]
    .venv/bin/python benchmarks/bench_cameras.py --quick   # every step on small clips, for CI

- start_9_s: from the apply_layout command that puts nine cameras on the wall (one per screen, from a layout with
  none) to the last of the nine reporting its first frame (the wall logs each camera's change to "live");
- cpu_pct_1/4/9: the wall process's CPU (all its threads: decoding, converting, painting) over --seconds with 1,
  4 and 9 cameras shown full screen, in percent of one core (this machine has two);
- cpu_pct_9_in_one_grid: the nine cameras in one 3x3 camera grid on one screen (each cell drawn at most 10 times
  a second, the grid's default);
- cpu_pct_9_in_one_grid_sub: the same grid of nine cameras that name a sub-stream (grid_stream: 640x360 H.264 at
  about 0.6 Mbit/s, as IP cameras' second stream), which the cells play instead of the main stream;
- cpu_pct_idle_wall: the same wall with clocks instead of cameras, for comparison;
- pictures_per_s_9: new pictures the wall drew per second per camera with nine full screen (mean of the nine;
  each picture counted once however often it is painted, from each camera view's "pictures" in GET /health);
  pictures_per_s_9_min/max: the camera shown least and most (no camera starves);
- gui_ms_per_picture_9: the GUI thread's CPU (its own /proc/PID/task/PID/stat) over the same time divided by the
  new pictures drawn on the nine screens: what one camera picture costs the one thread that paints;
  gui_thread_pct_9: that thread's CPU in percent of one core (100: the GUI thread is the limit);
- raw_*: the same nine streams in a raw Qt process (this file with --raw-grid): one QMediaPlayer + QVideoWidget
  full screen on each of the nine screens, nothing else; its pictures per second per camera (distinct frames its
  video sinks received), CPU and RSS over the same --seconds, and the wall's ratios to it (cpu_ratio_9,
  rss_ratio_9);
- xvfb_cpu_* / xvfb_gpu_*: the nine cameras full screen again, on a real X server (Xvfb with nine RandR monitors)
  with ``--render cpu`` and then ``--render gpu`` (OpenGL viewports, QGraphicsVideoItem; wall/runtime/render.py):
  the wall's CPU, Xvfb's CPU, pictures a second per camera and RSS. This machine has no GPU: Mesa's llvmpipe
  draws OpenGL on the CPU, so the gpu figures only prove the path runs here; on the wall PC's GPU they are the
  ones to compare (leave them out with --no-xvfb, or when Xvfb is missing);
- recovery_s_max/p50: the RTSP server is killed, the nine cameras show "mất tín hiệu", the server stays down for
  --outage seconds and is started again; from its "ready" to each camera's "live" again (max: the last one).

Needs Debian's RTSP server packages (scripts/install.sh) and PyAV (the test extras) to write the clip.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import end_children_with_me, end_process, machine, quick_arg  # noqa: E402 (after the path is set)
from tests.wallproc import WallProcess  # noqa: E402

os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'nine-screens.json'}"
LIVE = re.compile(r"camera (\S+) in region (\S+): (live|no_signal)")


def write_clip(path: Path, seconds: int, w: int = 1280, h: int = 720, bit_rate: int = 2_500_000) -> None:
    """720p25 H.264 with motion everywhere (a moving gradient, a moving block, a patch of noise), about 2.5 Mbit/s
    like a typical IP camera's main stream, a key frame every second; or the same scene at another size and rate
    (a sub-stream)."""
    import av
    import numpy as np

    rng = np.random.default_rng(1)
    x = np.linspace(0, 255, w, dtype=np.float32)
    s = w / 1280  # the scene scaled with the picture
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25, options={"preset": "veryfast", "g": "25", "bf": "0"})
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.bit_rate = bit_rate
        for n in range(seconds * 25):
            frame = np.empty((h, w, 3), dtype=np.uint8)
            frame[:, :, 0] = ((x + n * 4) % 256).astype(np.uint8)
            frame[:, :, 1] = 90
            frame[:, :, 2] = 255 - frame[:, :, 0]
            bw, noise = int(200 * s), int(128 * s)
            bx = int(n * 12 * s) % (w - bw)
            frame[int(300 * s):int(460 * s), bx:bx + bw] = 250
            top = int(40 * s)
            frame[top:top + noise, top:top + noise] = rng.integers(0, 255, (noise, noise, 3), dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_rtsp(clip: Path, port: int, sub: Path | None = None) -> subprocess.Popen:
    """GStreamer's RTSP server on 127.0.0.1:``port``: ``clip`` at /cam and, when given, ``sub`` at /sub."""
    proc = subprocess.Popen(["/usr/bin/python3", str(ROOT / "tests" / "rtspserver.py"), str(clip), str(port),
                             *([str(sub)] if sub else [])],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        stop_rtsp(proc)
        raise SystemExit(f"the RTSP server did not start: {line.strip()} (scripts/install.sh installs it)")
    return proc


def stop_rtsp(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait(5)


def layouts(folder: Path) -> None:
    """cams-N: N screens each showing one camera full screen, the others a clock."""
    folder.mkdir()
    for n in (0, 1, 4, 9):
        regions = []
        for i in range(9):
            r, c = divmod(i, 3)
            view = {"kind": "camera", "camera": f"cam-{i}"} if i < n else {"kind": "clock"}
            regions.append({"id": f"r{i}", "cell": [r, c], "view": view})
        (folder / f"cams-{n}.json").write_text(json.dumps({
            "schema_version": 2, "id": f"cams-{n}", "title": {"vi": f"{n} camera"}, "grid": {"rows": 3, "cols": 3},
            "regions": regions}))
    for name, group in (("grid-9", "bench"), ("grid-9-sub", "bench-sub")):
        grid = [{"id": "r0", "cell": [0, 0], "view": {"kind": "camera_grid", "group": group, "rows": 3, "cols": 3}},
                *({"id": f"r{i}", "cell": list(divmod(i, 3)), "view": {"kind": "clock"}} for i in range(1, 9))]
        (folder / f"{name}.json").write_text(json.dumps({
            "schema_version": 2, "id": name, "title": {"vi": "Lưới 9 camera"}, "grid": {"rows": 3, "cols": 3},
            "regions": grid}))


class Bench:
    def __init__(self, wall: WallProcess, url: str, token: str):
        self.wall, self.url, self.token = wall, url, token
        self.seen = 0  # lines of the wall's log already read

    def command(self, cmd: dict) -> None:
        import requests

        r = requests.post(self.url + "/commands", json=cmd, headers={"Authorization": f"Bearer {self.token}"},
                          timeout=10)
        r.raise_for_status()

    def wait_states(self, state: str, regions: set[str], timeout: float) -> dict[str, float]:
        """When each region's camera reported ``state`` (monotonic time of the line's arrival), reading on."""
        got: dict[str, float] = {}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and set(got) != regions:
            lines = self.wall.lines
            while self.seen < len(lines):
                m = LIVE.search(lines[self.seen])
                self.seen += 1
                if m and m.group(3) == state and m.group(2) in regions:
                    got.setdefault(m.group(2), time.monotonic())
            time.sleep(0.01)
        if set(got) != regions:
            raise SystemExit(f"cameras {sorted(regions - set(got))} never became {state} within {timeout} s")
        return got

    def pictures(self) -> dict[str, int]:
        """Each camera region's new pictures drawn so far (GET /health)."""
        import requests

        r = requests.get(self.url + "/health", headers={"Authorization": f"Bearer {self.token}"}, timeout=10)
        r.raise_for_status()
        return {rid: v["pictures"] for rid, v in r.json()["views"].items() if "pictures" in v}

    def cpu_pct(self, seconds: float) -> float:
        def ticks() -> int:
            fields = Path(f"/proc/{self.wall.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime, all threads

        hz = os.sysconf("SC_CLK_TCK")
        t0, c0 = time.monotonic(), ticks()
        time.sleep(seconds)
        return 100 * (ticks() - c0) / hz / (time.monotonic() - t0)


def measure_xvfb(tmp: Path, path: str, seconds: float, settle: float) -> dict:
    """The nine cameras full screen on Xvfb (nine RandR monitors) with ``--render path``: the wall's and Xvfb's
    CPU, pictures a second per camera, the wall's RSS and the path it reports in GET /health."""
    display = next(f":{n}" for n in range(150, 250) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                   and not Path(f"/tmp/.X{n}-lock").exists())
    x = subprocess.Popen(["Xvfb", display, "-screen", "0", "5760x3240x24", "-nolisten", "tcp", "-noreset"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = None
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["xrandr", "-display", display], capture_output=True).returncode != 0:
            if time.monotonic() > deadline or x.poll() is not None:
                raise SystemExit(f"Xvfb {display} did not start")
            time.sleep(0.1)
        for i in range(9):
            r, c = divmod(i, 3)
            subprocess.run(["xrandr", "-display", display, "--setmonitor", f"WALL{i}",
                            f"1920/508x1080/286+{c * 1920}+{r * 1080}", "screen" if i == 0 else "none"], check=True,
                           capture_output=True)
        state = tmp / f"state-xvfb-{path}"
        wall = WallProcess("--state-dir", str(state), "--layouts-dir", str(tmp / "layouts"), "--cameras",
                           str(tmp / "cameras.json"), "--layout", "cams-9", "--name=bench", "--render", path,
                           env={"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
        wall.wait_for("wall ready", 60)
        url = wall.api_url()
        tokens = json.loads((state / "api-tokens.json").read_text())["tokens"]
        bench = Bench(wall, url, next(t["token"] for t in tokens if t["role"] == "operator"))
        nine = {f"r{i}" for i in range(9)}
        bench.wait_states("live", nine, 60)
        time.sleep(settle)
        p0, t0, x0 = bench.pictures(), time.monotonic(), proc_cpu_s(x.pid)
        cpu = bench.cpu_pct(seconds)
        p1, t1, x1 = bench.pictures(), time.monotonic(), proc_cpu_s(x.pid)
        import requests

        health = requests.get(url + "/health", headers={"Authorization": f"Bearer {bench.token}"}, timeout=10).json()
        return {"render": health.get("render", {}).get("path"), "cpu_pct_9": round(cpu, 1),
                "xvfb_cpu_pct": round(100 * (x1 - x0) / (t1 - t0), 1),
                "pictures_per_s_9": round(statistics.mean(p1[r] - p0.get(r, 0) for r in nine) / (t1 - t0), 1),
                "rss_mb_9": round(proc_rss_mb(wall.proc.pid))}
    finally:
        if wall is not None:
            wall.stop()
        end_process(x)


def proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, all threads


def thread_cpu_s(pid: int, tid: int | None = None) -> float:
    """One thread's CPU seconds (the GUI thread: the process's first, tid == pid)."""
    fields = Path(f"/proc/{pid}/task/{tid or pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def raw_grid(url: str) -> None:
    """The raw comparison (run in its own process): a QMediaPlayer + QVideoWidget full screen on each screen, on
    ``url``; prints "live" once every sink has had a frame, then one JSON line of each sink's distinct frames so
    far for every line read on stdin; ends at EOF."""
    from PySide6.QtCore import QSocketNotifier, QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget
    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_FFMPEG_RTSP_TRANSPORT", "tcp")  # as the wall (wall/widgets/camera.py)
    app = QApplication([])
    screens = QGuiApplication.screens()
    players, widgets, counts, last = [], [], [0] * len(screens), [None] * len(screens)
    said = [False]

    def counter(i):
        def on_frame(frame):
            if frame.isValid() and frame.startTime() != last[i]:
                last[i] = frame.startTime()
                counts[i] += 1
                if not said[0] and all(counts):
                    said[0] = True
                    print("live", flush=True)
        return on_frame

    for i, screen in enumerate(screens):
        w = QVideoWidget()
        w.setScreen(screen)
        w.setGeometry(screen.geometry())
        w.showFullScreen()
        p = QMediaPlayer()
        p.setVideoOutput(w)
        w.videoSink().videoFrameChanged.connect(counter(i))
        p.setSource(QUrl(url))
        p.play()
        players.append(p)
        widgets.append(w)
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def command():
        if not sys.stdin.readline():
            notifier.setEnabled(False)
            for p in players:
                p.stop()
            app.quit()
            return
        print(json.dumps(counts), flush=True)

    notifier.activated.connect(command)
    app.exec()


def measure_raw(url: str, seconds: float, settle: float) -> dict:
    """CPU, RSS and pictures a second per camera of the raw grid on ``url`` (its own process)."""
    proc = subprocess.Popen([sys.executable, __file__, "--raw-grid", url], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()  # "live", or "" if it died
        if not line.startswith("live"):
            raise SystemExit("the raw QVideoWidget grid never showed its nine cameras")
        time.sleep(settle)

        def counts() -> list[int]:
            proc.stdin.write("count\n")
            proc.stdin.flush()
            return json.loads(proc.stdout.readline())

        c0, t0, cpu0 = counts(), time.monotonic(), proc_cpu_s(proc.pid)
        time.sleep(seconds)
        c1, t1, cpu1 = counts(), time.monotonic(), proc_cpu_s(proc.pid)
        return {"cpu_pct": 100 * (cpu1 - cpu0) / (t1 - t0), "rss_mb": proc_rss_mb(proc.pid),
                "pictures_per_s": statistics.mean(b - a for a, b in zip(c0, c1, strict=True)) / (t1 - t0)}
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        end_process(proc, terminate=False)  # (closing its input tells the raw grid to end)


def main() -> None:
    if sys.argv[1:2] == ["--raw-grid"]:
        raw_grid(sys.argv[2])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0, help="CPU measuring time per camera count")
    ap.add_argument("--outage", type=float, default=15.0, help="how long the RTSP server stays down")
    ap.add_argument("--no-xvfb", action="store_true", help="leave out the Xvfb runs (--render cpu and gpu)")
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    if args.quick:  # 320x180 and 160x90 clips, a second per measure, short pauses
        args.seconds, args.outage = 1.0, 1.0
    settle, rest = (0.5, 0.5) if args.quick else (3.0, 2.0)
    size, sub_size = ((320, 180), (160, 90)) if args.quick else ((1280, 720), (640, 360))
    clip_s = 25 if args.quick else int(5 * args.seconds + args.outage + 60)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        clip = tmp / "cam720p25.mp4"
        write_clip(clip, seconds=clip_s, w=size[0], h=size[1])
        sub = tmp / "cam360p25.mp4"
        write_clip(sub, seconds=clip_s, w=sub_size[0], h=sub_size[1], bit_rate=600_000)
        port = free_port()
        rtsp = wall = None
        cams = {"schema_version": 1, "groups": [{"id": "bench", "name": {"vi": "Đo"}, "kind": "traffic"},
                                                {"id": "bench-sub", "name": {"vi": "Đo luồng phụ"}, "kind": "traffic"}],
                "cameras": [{"id": f"cam-{i}", "name": {"vi": f"Camera {i + 1}"}, "group": "bench",
                             "streams": [f"rtsp://127.0.0.1:{port}/cam"]} for i in range(9)]
                + [{"id": f"cam-s{i}", "name": {"vi": f"Camera {i + 1}"}, "group": "bench-sub",
                    "streams": [f"rtsp://127.0.0.1:{port}/cam"], "grid_stream": f"rtsp://127.0.0.1:{port}/sub"}
                   for i in range(9)]}
        (tmp / "cameras.json").write_text(json.dumps(cams))
        layouts(tmp / "layouts")
        try:
            rtsp = start_rtsp(clip, port, sub)
            wall = WallProcess("--state-dir", str(tmp / "state"), "--layouts-dir", str(tmp / "layouts"),
                               "--cameras", str(tmp / "cameras.json"), "--layout", "cams-0", "--name=bench")
            wall.wait_for("wall ready", 60)
            url = wall.api_url()
            tokens = json.loads((tmp / "state" / "api-tokens.json").read_text())["tokens"]
            token = next(t["token"] for t in tokens if t["role"] == "operator")
            bench = Bench(wall, url, token)
            time.sleep(rest)
            nine = {f"r{i}" for i in range(9)}
            t0 = time.monotonic()
            bench.command({"command": "apply_layout", "layout": "cams-9"})
            first = bench.wait_states("live", nine, 30)
            start_9 = max(first.values()) - t0
            time.sleep(rest)
            p0, t_p0, gui0 = bench.pictures(), time.monotonic(), thread_cpu_s(wall.proc.pid)
            cpu = {9: bench.cpu_pct(args.seconds)}
            p1, t_p1, gui1 = bench.pictures(), time.monotonic(), thread_cpu_s(wall.proc.pid)
            rss_9 = proc_rss_mb(wall.proc.pid)
            per_camera = [(p1[r] - p0.get(r, 0)) / (t_p1 - t_p0) for r in nine]
            shown_9 = statistics.mean(per_camera)
            gui_ms = 1000 * (gui1 - gui0) / max(1, sum(p1[r] - p0.get(r, 0) for r in nine))
            gui_pct = 100 * (gui1 - gui0) / (t_p1 - t_p0)
            for n in (4, 1):
                bench.command({"command": "apply_layout", "layout": f"cams-{n}"})
                time.sleep(settle)
                cpu[n] = bench.cpu_pct(args.seconds)
            bench.command({"command": "apply_layout", "layout": "grid-9"})
            time.sleep(settle)
            cpu["grid"] = bench.cpu_pct(args.seconds)
            bench.command({"command": "apply_layout", "layout": "grid-9-sub"})
            time.sleep(settle)
            cpu["grid_sub"] = bench.cpu_pct(args.seconds)
            bench.command({"command": "apply_layout", "layout": "cams-0"})
            time.sleep(rest)
            cpu[0] = bench.cpu_pct(args.seconds)
            bench.command({"command": "apply_layout", "layout": "cams-9"})
            bench.wait_states("live", nine, 30)
            time.sleep(rest)
            rtsp.send_signal(signal.SIGKILL)
            rtsp.wait(5)
            bench.wait_states("no_signal", nine, 30)
            time.sleep(args.outage)
            rtsp = None
            rtsp = start_rtsp(clip, port, sub)
            back = time.monotonic()
            again = bench.wait_states("live", nine, 120)
            recovery = sorted(t - back for t in again.values())
            bench.command({"command": "apply_layout", "layout": "cams-0"})  # the wall idle: the raw grid alone
            time.sleep(rest)
            raw = measure_raw(f"rtsp://127.0.0.1:{port}/cam", args.seconds, rest)
            wall.stop()
            wall = None
            xvfb = {}
            if not args.no_xvfb and shutil.which("Xvfb") and shutil.which("xrandr"):
                for path in ("cpu", "gpu"):
                    xvfb.update({f"xvfb_{path}_{k}": v for k, v in measure_xvfb(
                        tmp, path, args.seconds, rest).items()})
        finally:
            if wall is not None:
                wall.stop()
            stop_rtsp(rtsp)
    print(json.dumps({
        "bench": "cameras", "quick": args.quick,
        "cameras": f"{size[1]}p25 H.264 {'(quick) ' if args.quick else '~2.5 Mbit/s '}over RTSP/TCP, each full screen "
                   "(1920x1080), nine offscreen screens",
        "start_9_s": round(start_9, 2),
        "cpu_pct_idle_wall": round(cpu[0], 1),
        "cpu_pct_1": round(cpu[1], 1),
        "cpu_pct_4": round(cpu[4], 1),
        "cpu_pct_9": round(cpu[9], 1),
        "pictures_per_s_9": round(shown_9, 1),
        "pictures_per_s_9_min": round(min(per_camera), 1),
        "pictures_per_s_9_max": round(max(per_camera), 1),
        "gui_ms_per_picture_9": round(gui_ms, 2),
        "gui_thread_pct_9": round(gui_pct, 1),
        "rss_mb_9": round(rss_9),
        "raw_cpu_pct_9": round(raw["cpu_pct"], 1),
        "raw_pictures_per_s_9": round(raw["pictures_per_s"], 1),
        "raw_rss_mb_9": round(raw["rss_mb"]),
        "cpu_ratio_9": round(cpu[9] / raw["cpu_pct"], 2) if raw["cpu_pct"] else None,
        "rss_ratio_9": round(rss_9 / raw["rss_mb"], 2) if raw["rss_mb"] else None,
        "cpu_pct_9_in_one_grid": round(cpu["grid"], 1),
        "cpu_pct_9_in_one_grid_sub": round(cpu["grid_sub"], 1),
        "recovery_s_p50": round(statistics.median(recovery), 2),
        "recovery_s_max": round(recovery[-1], 2),
        "outage_s": args.outage,
        **xvfb,
        **({"xvfb_note": "Xvfb with Mesa: OpenGL by llvmpipe, a software renderer (no GPU here): the gpu figures "
                         "only prove the path runs"} if xvfb else {}),
        **machine(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
