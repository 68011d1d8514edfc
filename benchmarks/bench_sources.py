"""The source pipeline's benchmark; prints one JSON line of figures.

    .venv/bin/python benchmarks/bench_sources.py            # the full run (about a minute)
    .venv/bin/python benchmarks/bench_sources.py --quick    # small sizes, for CI: it cannot rot unseen

- json_values_per_s, jsonstat_values_per_s, csv_values_per_s, xlsx_rows_per_s: values decoded, selected (JMESPath),
  mapped and validated by the store (ingested into a scratch SQLite store) per second; each with ``*_raw_per_s``,
  the raw libraries alone in the same run (json + jmespath, a JSON-stat cell walk, csv.DictReader, openpyxl's
  read-only rows), and their ratio (goal: >= 100,000 JSON values a second, >= 20,000 xlsx rows a second);
- fetch_over_deadline_s_max: 60 HTTP sources fetched by the wall's scheduler, 5 of them trickling a byte a second:
  how far past its deadline the slowest fetch ended (goal: <= 1 s); gui_stall_ms_max: the longest the Qt event loop
  went without running a 5 ms timer meanwhile, beyond the 5 ms (goal: <= 20 ms);
- peak_memory_ratio_10mb: Python's peak allocation while fetching, decoding and mapping a 10 MB JSON answer, as a
  multiple of its size (goal: <= 5).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import jmespath  # noqa: E402
import openpyxl  # noqa: E402
import requests  # noqa: E402

from benchmarks.common import machine  # noqa: E402
from ioc_core.catalogue import load_catalogue  # noqa: E402
from ioc_core.indicators.indicator_store import IndicatorStore  # noqa: E402
from ioc_core.sources.formats import FormatSpec, decode  # noqa: E402
from ioc_core.sources.mapping import apply_all, read_mappings  # noqa: E402
from ioc_core.sources.pipeline import HttpSource  # noqa: E402
from ioc_core.sources.spec import Spec  # noqa: E402

CAT = load_catalogue(regions={})
DAY_IDS = [i.id for i in CAT.indicators.values() if i.period == "day"][:10]


def mappings(entry: dict):
    spec = Spec(entry, "<bench>")
    out = read_mappings(spec, CAT)
    spec.raise_problems()
    return out


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def store_in(result) -> int:
    with tempfile.TemporaryDirectory() as d:
        store = IndicatorStore(Path(d) / "scratch.db", CAT, clock=lambda: 2_000_000_000.0)
        try:
            report = store.ingest("bench", result.observations)
        finally:
            store.close()
    if report.rejected:
        raise SystemExit(f"bench: the store rejected {len(report.rejected)}: {report.rejected[0]}")
    return report.accepted


# -- throughput ----------------------------------------------------------------------------------------------------
def bench_json(n_records: int) -> dict:
    """A CKAN-like answer: records of a day and a commune code with two figures each."""
    rows = [{"ngay": f"2020-{1 + k // 28 % 12:02d}-{1 + k % 28:02d}", "ma_xa": f"x{k // 336:05d}",
             "tiep_nhan": k % 97, "giai_quyet": str(k % 89)} for k in range(n_records)]
    body = json.dumps({"success": True, "result": {"records": rows}}).encode()
    maps = mappings({"mapping": {"records": "result.records[?tiep_nhan >= `0`]", "period": "ngay",
                                 "region": "ma_xa",
                                 "values": {DAY_IDS[0]: "tiep_nhan", DAY_IDS[1]: "giai_quyet"}}})
    values = 2 * n_records

    def ours():
        store_in(apply_all(maps, decode(body, FormatSpec("json"), "bench"), "bench"))

    def raw():
        doc = json.loads(body)
        for r in jmespath.search("result.records[?tiep_nhan >= `0`]", doc):
            float(r["tiep_nhan"]), float(r["giai_quyet"])

    t, t_raw = timed(ours), timed(raw)
    return {"json_values_per_s": round(values / t), "json_raw_per_s": round(values / t_raw),
            "json_ratio_to_raw": round(t / t_raw, 1)}


def bench_jsonstat(n_regions: int, n_years: int) -> dict:
    regions = {f"x{k:05d}": k for k in range(n_regions)}
    years = {str(2026 - n_years + k): k for k in range(n_years)}
    doc = {"version": "2.0", "class": "dataset", "label": "Dân số", "id": ["Địa phương", "Năm"],
           "size": [n_regions, n_years],
           "dimension": {"Địa phương": {"category": {"index": regions, "label": {k: k for k in regions}}},
                         "Năm": {"category": {"index": years}}},
           "value": [float(k % 1000) for k in range(n_regions * n_years)]}
    body = json.dumps(doc, ensure_ascii=False).encode()
    ind = [i.id for i in CAT.indicators.values() if i.period == "year"][0]
    maps = mappings({"mapping": {"period": "Năm", "region": "Địa phương", "values": {ind: "value"}}})
    values = n_regions * n_years

    def ours():
        store_in(apply_all(maps, decode(body, FormatSpec("json-stat"), "bench"), "bench"))

    def raw():
        d = json.loads(body)
        dims = [list(d["dimension"][i]["category"]["index"]) for i in d["id"]]
        k = 0
        for a in dims[0]:
            for b in dims[1]:
                (a, b, float(d["value"][k]))
                k += 1

    t, t_raw = timed(ours), timed(raw)
    return {"jsonstat_values_per_s": round(values / t), "jsonstat_raw_per_s": round(values / t_raw),
            "jsonstat_ratio_to_raw": round(t / t_raw, 1)}


def bench_csv(n_rows: int) -> dict:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["Ngày", "Mã xã", "Lượt khách"])
    for k in range(n_rows):
        w.writerow([f"{1 + k % 28:02d}/{1 + k // 28 % 12:02d}/2020", f"x{k // 336:05d}", f"{k % 9000}"])
    body = out.getvalue().encode("utf-8-sig")  # Excel's "CSV UTF-8"
    maps = mappings({"mapping": {"period": "Ngày", "region": "Mã xã", "values": {DAY_IDS[0]: "Lượt khách"}}})

    def ours():
        store_in(apply_all(maps, decode(body, FormatSpec("csv"), "bench.csv"), "bench"))

    def raw():
        for r in csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"):
            float(r["Lượt khách"])

    t, t_raw = timed(ours), timed(raw)
    return {"csv_values_per_s": round(n_rows / t), "csv_raw_per_s": round(n_rows / t_raw),
            "csv_ratio_to_raw": round(t / t_raw, 1)}


def bench_xlsx(n_rows: int) -> dict:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO LƯỢT KHÁCH"])
    ws.append([])
    ws.append(["Ngày", "Mã xã", "Lượt khách"])
    for k in range(n_rows):
        ws.append([f"{1 + k % 28:02d}/{1 + k // 28 % 12:02d}/2020", f"x{k // 336:05d}", k % 9000])
    buf = io.BytesIO()
    wb.save(buf)
    body = buf.getvalue()
    maps = mappings({"mapping": {"period": "Ngày", "region": "Mã xã", "values": {DAY_IDS[0]: "Lượt khách"}}})

    def ours():
        store_in(apply_all(maps, decode(body, FormatSpec("excel"), "bench.xlsx"), "bench"))

    def raw():
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
        for row in book.active.iter_rows(min_row=4, values_only=True):
            float(row[2])
        book.close()

    t, t_raw = timed(ours, 2), timed(raw, 2)
    return {"xlsx_rows_per_s": round(n_rows / t), "xlsx_raw_rows_per_s": round(n_rows / t_raw),
            "xlsx_ratio_to_raw": round(t / t_raw, 1)}


# -- 60 sources, 5 trickling ---------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    body = b""
    stop = threading.Event()

    def do_GET(self):  # noqa: N802 (http.server's name)
        trickle = self.path.startswith("/trickle")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        if not trickle:
            self.wfile.write(self.body)
            return
        for ch in self.body:  # a byte a second: a per-read timeout never fires
            if self.stop.wait(1.0):
                return
            try:
                self.wfile.write(bytes([ch]))
                self.wfile.flush()
            except OSError:
                return

    def log_message(self, *args):
        pass


def bench_fetching(n_sources: int, n_trickling: int, seconds: float, deadline_s: float) -> dict:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from wall.runtime.fetcher import FetchScheduler

    _Handler.body = json.dumps({"data": [{"ngay": f"2020-01-{1 + k:02d}", "n": 5} for k in range(28)]}).encode()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    durations: list[float] = []
    lock = threading.Lock()

    class Timed(HttpSource):
        def run(self, session: requests.Session):
            t0 = time.monotonic()
            try:
                return super().run(session)
            finally:
                with lock:
                    durations.append(time.monotonic() - t0)

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.TemporaryDirectory()
    db = Path(tmp.name) / "store.db"
    scheduler = FetchScheduler(lambda: IndicatorStore(db, CAT), workers=8, tick_ms=100)
    for k in range(n_sources):
        path = "/trickle" if k < n_trickling else "/fast"
        spec = Spec({"id": f"s{k}", "kind": "http",
                     "request": {"url": f"{url}{path}/{k}", "deadline_s": deadline_s, "connect_s": 1},
                     "mapping": {"records": "data", "period": "ngay", "values": {DAY_IDS[0]: "n"}}}, "<bench>")
        scheduler.add(Timed.from_spec(spec, CAT), 1.0)
    stall = [0.0]
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat():
        now = clock.elapsed()
        stall[0] = max(stall[0], now - last[0] - 5)
        last[0] = now

    beats = QTimer(interval=5)
    beats.timeout.connect(beat)
    try:
        scheduler.start()
        beats.start()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        beats.stop()
        # the trickling fetches still under way end by their deadline; wait for them before reading the figures
        wait_until = time.monotonic() + deadline_s + 2
        while time.monotonic() < wait_until and any(scheduler.plan.in_flight(f"s{k}") for k in range(n_sources)):
            app.processEvents()
            time.sleep(0.01)
    finally:
        scheduler.stop()
        _Handler.stop.set()
        httpd.shutdown()
        httpd.server_close()
        tmp.cleanup()
    return {"fetches": len(durations), "fetch_s_max": round(max(durations), 2),
            "fetch_over_deadline_s_max": round(max(0.0, max(durations) - deadline_s), 2),
            "gui_stall_ms_max": round(stall[0], 1)}


# -- memory --------------------------------------------------------------------------------------------------------
def bench_memory(size_mb: float) -> dict:
    n = int(size_mb * 1024 * 1024 / 60)
    rows = [{"ngay": "2020-01-02", "ma_xa": f"x{k % 500:05d}", "n": k % 1000} for k in range(n)]
    body = json.dumps({"data": rows}).encode()
    del rows

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        spec = Spec({"id": "big", "kind": "http",
                     "request": {"url": f"http://127.0.0.1:{httpd.server_address[1]}/big", "deadline_s": 30,
                                 "max_bytes": len(body) + 1},
                     "mapping": {"records": "data", "period": "ngay", "region": "ma_xa",
                                 "values": {DAY_IDS[0]: "n"}}}, "<bench>")
        source = HttpSource.from_spec(spec, CAT)
        with requests.Session() as session:
            tracemalloc.start()
            result = source.run(session)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {"answer_mb": round(len(body) / 1024 / 1024, 1), "values_10mb": len(result.observations),
            "peak_memory_ratio_10mb": round(peak / len(body), 2)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = p.parse_args()
    q = args.quick
    figures = {"benchmark": "sources", "quick": q, **machine()}
    figures |= bench_json(5_000 if q else 100_000)
    figures |= bench_jsonstat(50 if q else 500, 20 if q else 100)
    figures |= bench_csv(5_000 if q else 100_000)
    figures |= bench_xlsx(2_000 if q else 40_000)
    figures |= bench_fetching(12 if q else 60, 2 if q else 5, 3.0 if q else 10.0, 2.0 if q else 4.0)
    figures |= bench_memory(1.5 if q else 10.0)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
