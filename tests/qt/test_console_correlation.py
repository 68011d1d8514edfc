"""Correlations on request (issue 24): GET /api/v1/correlation on a real demo wall process, computed from its stored
history, and the console's "Tương quan" window asking it and drawing the answer: bars of r by lag, the strongest
highlighted, the 95 % band shaded, the words and caveats below."""

from __future__ import annotations

import signal

import pytest
from pyqtgraph import BarGraphItem, FillBetweenItem

from ..common import SHIPPED_LAYOUTS
from ..consoles import open_console
from ..wallproc import READY, WallApi, WallProcess

A, B = "hcc-ho-so-tiep-nhan", "hcc-ho-so-giai-quyet"
STORED = "indicator store: "  # the demo's history is in (wall/app.py logs "... values stored")


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("correlation")
    no_rules = folder / "no-rules.json"
    no_rules.write_text('{"schema_version": 1, "rules": []}', encoding="utf-8")
    proc = WallProcess("--demo", "--state-dir", str(folder / "state"), "--layouts-dir", str(SHIPPED_LAYOUTS),
                       "--layout", "tong-quan", "--alert-rules", str(no_rules))
    try:
        proc.wait_for(READY, 90)
        proc.wait_for(STORED, 90)
        yield WallApi(proc, folder / "state")
    finally:
        proc.stop(signal.SIGKILL)


def test_the_wall_answers_two_indicators_lagged_correlation_from_its_demo_history(wall):
    r = wall.call("GET", "/correlation", "viewer", params={"a": A, "b": B, "max_lag": 7})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["a"] == A and doc["b"] == B and doc["period"] == "day" and doc["history"] == "own"
    assert doc["n"] >= 300  # 400 days of demo history, each day both figures
    assert doc["lags"] == list(range(-7, 8)) and len(doc["r"]) == len(doc["bound"]) == 15
    assert all(r is None or -1 <= r <= 1 for r in doc["r"])
    assert doc["best_lag"] in doc["lags"]
    assert doc["summary_vi"].startswith("Tương quan mạnh nhất: ") and f"({doc['n']:,} kỳ chung)".replace(
        ",", ".") in doc["summary_vi"]
    assert doc["caveats_vi"][-1] == "tương quan không phải quan hệ nhân quả"
    # a daily figure against a monthly one: the days are summed into months
    r = wall.call("GET", "/correlation", "viewer", params={"a": A, "b": "ktxh-thu-ngan-sach"})
    assert r.status_code == 200 and r.json()["period"] == "month" and r.json()["aggregation_a"] == "sum"


@pytest.mark.parametrize(("query", "status", "names"), [
    ({"b": B}, 400, "'a'"),
    ({"a": A}, 400, "'b'"),
    ({"a": A, "b": A}, 400, "'b'"),
    ({"a": A, "b": B, "max_lag": "ba"}, 400, "'max_lag'"),
    ({"a": A, "b": B, "max_lag": "61"}, 400, "'max_lag'"),
    ({"a": "khong-co", "b": B}, 404, "'khong-co' (a)"),
    ({"a": A, "b": "khong-co"}, 404, "'khong-co' (b)"),
])
def test_a_bad_question_is_refused_naming_the_parameter(wall, query, status, names):
    r = wall.call("GET", "/correlation", "viewer", params=query)
    assert r.status_code == status and names in r.json()["error"], r.text


def test_the_console_draws_the_correlation_and_says_it_in_words(qtbot, wall):
    window = open_console(qtbot, wall, role="viewer")
    try:
        dialog = window.open_correlation()
        qtbot.waitUntil(lambda: dialog.compute_button.isEnabled(), timeout=15000)
        names = [dialog.pick_a.itemText(i) for i in range(dialog.pick_a.count())]
        assert "Hồ sơ tiếp nhận" in names and "Hồ sơ đã giải quyết" in names  # Vietnamese names, not ids
        dialog.pick_a.setEditText("Hồ sơ tiếp nhận")  # typed, as an operator would
        dialog.choose(A, B)
        dialog.lag.setValue(5)
        dialog.compute_button.click()
        qtbot.waitUntil(lambda: dialog.answer is not None, timeout=15000)
        assert not dialog.error.isVisible()
        assert dialog.summary.text().startswith("Tương quan mạnh nhất: ")
        assert "Hồ sơ tiếp nhận" in dialog.summary.text() and "Hồ sơ đã giải quyết" in dialog.summary.text()
        assert "tương quan không phải quan hệ nhân quả" in dialog.caveats.text()
        items = dialog.plot.getPlotItem().items
        bars = [i for i in items if isinstance(i, BarGraphItem)]
        assert len(bars) == 1 and len(bars[0].opts["x"]) == 11  # lags -5..5
        assert any(isinstance(i, FillBetweenItem) for i in items)  # the significance band
        best = dialog.answer["lags"].index(dialog.answer["best_lag"])
        colours = [b.color().name() for b in bars[0].opts["brushes"]]
        assert colours[best] == "#d32f2f" and colours.count("#d32f2f") == 1
        # an answer the wall refuses is said in the window, never a crash
        dialog.choose(A, A)
        dialog.compute_button.click()
        assert dialog.error.isVisible() and dialog.error.text() == "Chọn hai chỉ tiêu khác nhau"
        dialog.client = type(dialog.client)(wall.url, "sai-token-" + "x" * 30)
        dialog.choose(A, B)
        dialog.compute_button.click()
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15000)
        assert dialog.error.text().startswith("Không tính được tương quan: ")
        assert dialog.summary.text().startswith("Tương quan mạnh nhất: ")  # the last answer stays drawn
    finally:
        window.close()
