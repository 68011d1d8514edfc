"""Share-out benchmark: a real wall process (nine offscreen 1920x1080 screens, demo data) with a 720p25 H.264 camera
served over RTSP on screen (1, 1), and viewers fetching the share-out the way the share page does (long polls of
/share/frame.jpg with the share token); prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_share.py [--seconds 10] [--viewers 20]
    .venv/bin/python benchmarks/bench_share.py --quick   # every step, small clip, 3 viewers, for CI

- paint_fps_0/1/N: how often the wall repainted the camera's screen (its own picture, 25 frames a second at best)
  with no viewer, one and N viewers watching that screen: the wall's own repaint rate;
- paint_drop_pct_N: how much that rate fell with N viewers, against none (target: at most 10 %);
- viewer_fps_1/N: pictures a second each viewer received of the moving camera screen (the capture is capped at 5);
- latency_ms_p50/max_1 and _N: a still screen (0, 0) is shared and its view changed by a command (one sector for
  another, ten times); from the command's answer to the first picture a viewer receives that shows the change
  (target: at most 1 s);
- cpu_pct_0/1/N: the wall process's CPU (all threads) in % of one core, as the viewers watch the camera;
- wall_share_viewer_fps, wall_share_paint_drop_pct: the whole wall shared (nine screens in one picture, the
  costliest capture), one viewer: how often its picture came, and the camera screen's repaint rate against none;
- frame_kb: the size of one shared picture (1280x720 JPEG) of the camera screen.

Needs Debian's RTSP server packages (scripts/install.sh) and PyAV (the test extras) to write the clip.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from benchmarks.bench_cameras import Bench, free_port, start_rtsp, stop_rtsp, write_clip  # noqa: E402 (sets the platform)
from benchmarks.common import end_children_with_me, machine, quick_arg  # noqa: E402
from tests.pictures import difference  # noqa: E402
from tests.wallproc import WallProcess  # noqa: E402


def layout(folder: Path) -> None:
    folder.mkdir()
    regions = [{"id": f"r{i}", "cell": list(divmod(i, 3)), "view": {"kind": "clock"}} for i in range(9)]
    regions[0]["view"] = {"kind": "sector", "sector": "ktxh"}
    regions[4]["view"] = {"kind": "camera", "camera": "cam-0"}
    (folder / "share.json").write_text(json.dumps({
        "schema_version": 2, "id": "share", "title": {"vi": "Đo chia sẻ"}, "grid": {"rows": 3, "cols": 3},
        "regions": regions}))


class Viewer(threading.Thread):
    """One remote room: long polls for the next picture, as the share page does; keeps what it got and when."""

    def __init__(self, url: str, token: str, decode: bool = False):
        super().__init__(daemon=True)
        self.url, self.token, self.decode = url, token, decode
        self.session = requests.Session()
        self.stop = threading.Event()
        self.got: list[tuple[float, int, bytes]] = []  # (monotonic time, frame number, jpeg when decode)
        self.seq = 0
        self.error = ""  # why the viewer stopped early (the benchmark then fails, not under-reports)

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                r = self.session.get(f"{self.url}/share/frame.jpg", params={"token": self.token, "after": self.seq},
                                     timeout=30)
                if r.status_code == 200:
                    self.seq = int(r.headers["X-Frame-Seq"])
                    self.got.append((time.monotonic(), self.seq, r.content if self.decode else b""))
                elif r.status_code != 204:
                    self.error = f"viewer refused: {r.status_code} {r.text}"
                    return
        except requests.RequestException as exc:
            self.error = f"viewer failed: {exc}"

    def fps(self, t0: float, t1: float) -> float:
        return sum(1 for t, _, _ in self.got if t0 <= t < t1) / (t1 - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0, help="measuring time for each number of viewers")
    ap.add_argument("--viewers", type=int, default=20)
    quick_arg(ap)
    args = ap.parse_args()
    end_children_with_me()
    if args.quick:
        args.seconds, args.viewers = 1.0, 3
    settle, rest, changes = (0.5, 0.5, 2) if args.quick else (3.0, 2.0, 10)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        clip = tmp / "cam720p25.mp4"
        if args.quick:
            write_clip(clip, seconds=30, w=320, h=180)
        else:
            write_clip(clip, seconds=int(6 * args.seconds + 120))
        port = free_port()
        rtsp = wall = None
        cams = {"schema_version": 1, "groups": [{"id": "bench", "name": {"vi": "Đo"}, "kind": "traffic"}],
                "cameras": [{"id": "cam-0", "name": {"vi": "Camera 1"}, "group": "bench",
                             "streams": [f"rtsp://127.0.0.1:{port}/cam"]}]}
        (tmp / "cameras.json").write_text(json.dumps(cams))
        layout(tmp / "layouts")
        viewers: list[Viewer] = []
        try:
            rtsp = start_rtsp(clip, port)
            wall = WallProcess("--demo", "--state-dir", str(tmp / "state"), "--layouts-dir", str(tmp / "layouts"),
                               "--cameras", str(tmp / "cameras.json"), "--layout", "share", "--name=bench")
            wall.wait_for("wall ready", 60)
            url = wall.api_url()
            tokens = {t["role"]: t["token"] for t in json.loads((tmp / "state" / "api-tokens.json").read_text())[
                "tokens"]}
            bench = Bench(wall, url, tokens["operator"])
            bench.wait_states("live", {"r4"}, 30)
            time.sleep(rest)

            def painted() -> int:
                r = requests.get(url + "/health", headers={"Authorization": f"Bearer {tokens['viewer']}"}, timeout=10)
                return r.json()["painted"]["1,1"]

            def measure(n: int) -> dict:
                """Paint rate, CPU and each viewer's picture rate with ``n`` viewers on the camera screen."""
                nonlocal viewers
                for v in viewers:
                    v.stop.set()
                viewers = [Viewer(url, tokens["share"]) for _ in range(n)]
                for v in viewers:
                    v.start()
                time.sleep(settle)  # the viewers settled (and, after none, the capture has stopped)
                p0, t0 = painted(), time.monotonic()
                cpu = bench.cpu_pct(args.seconds)
                p1, t1 = painted(), time.monotonic()
                fps = [v.fps(t0, t1) for v in viewers]
                if errors := [v.error for v in viewers if v.error]:
                    raise SystemExit(errors[0])
                return {"paint": (p1 - p0) / (t1 - t0), "cpu": cpu, "viewer_fps": statistics.mean(fps) if fps else 0}

            bench.command({"command": "share", "screen": [1, 1]})
            runs = {0: measure(0), 1: measure(1), args.viewers: measure(args.viewers)}
            frame = requests.get(f"{url}/share/frame.jpg", params={"token": tokens["share"]}, timeout=10).content
            bench.command({"command": "share", "wall": True})  # all nine screens in one picture: costlier to draw
            runs["wall"] = measure(1)

            def latency(n: int) -> list[float]:
                """From a command's answer to the first picture that shows the change, seen by viewer 0 of n."""
                nonlocal viewers
                for v in viewers:
                    v.stop.set()
                viewers = [Viewer(url, tokens["share"], decode=(i == 0)) for i in range(n)]
                for v in viewers:
                    v.start()
                time.sleep(rest)
                out = []
                for k in range(changes):
                    before = viewers[0].got[-1][2]
                    seen = len(viewers[0].got)
                    bench.command({"command": "show_view", "region": "r0",
                                   "view": {"kind": "sector", "sector": "yte" if k % 2 == 0 else "ktxh"}})
                    t0 = time.monotonic()
                    while True:
                        got = viewers[0].got[seen:]
                        hit = next((t for t, _, jpeg in got
                                    if difference(QImage.fromData(jpeg), QImage.fromData(before), 20) > 4), None)
                        if hit is not None:
                            out.append(hit - t0)
                            break
                        if time.monotonic() - t0 > 10:
                            raise SystemExit("the change never reached the viewer")
                        time.sleep(0.01)
                    time.sleep(rest if args.quick else 1.0)
                return out

            bench.command({"command": "share", "screen": [0, 0]})
            lat = {1: latency(1), args.viewers: latency(args.viewers)}
        finally:
            for v in viewers:
                v.stop.set()
            if wall is not None:
                wall.stop()
            stop_rtsp(rtsp)
    n = args.viewers
    print(json.dumps({
        "bench": "share", "quick": args.quick,
        "paint_fps_0": round(runs[0]["paint"], 1), "paint_fps_1": round(runs[1]["paint"], 1),
        f"paint_fps_{n}": round(runs[n]["paint"], 1),
        f"paint_drop_pct_{n}": round(100 * (1 - runs[n]["paint"] / runs[0]["paint"]), 1),
        "viewer_fps_1": round(runs[1]["viewer_fps"], 2), f"viewer_fps_{n}": round(runs[n]["viewer_fps"], 2),
        "latency_ms_p50_1": round(1000 * statistics.median(lat[1])), "latency_ms_max_1": round(1000 * max(lat[1])),
        f"latency_ms_p50_{n}": round(1000 * statistics.median(lat[n])),
        f"latency_ms_max_{n}": round(1000 * max(lat[n])),
        "wall_share_viewer_fps": round(runs["wall"]["viewer_fps"], 2),
        "wall_share_paint_drop_pct": round(100 * (1 - runs["wall"]["paint"] / runs[0]["paint"]), 1),
        "cpu_pct_0": round(runs[0]["cpu"]), "cpu_pct_1": round(runs[1]["cpu"]), f"cpu_pct_{n}": round(runs[n]["cpu"]),
        "frame_kb": round(len(frame) / 1024), **machine(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
