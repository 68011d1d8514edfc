"""The loader shared by wall and hub: the demo's history."""

from __future__ import annotations

from pathlib import Path

from ioc_core import fmt
from ioc_core.catalogue import load_catalogue
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import Observation
from ioc_core.loading import store_demo_history


def _history_rows(path: Path) -> int:
    store = IndicatorStore(path, load_catalogue())
    try:
        (n,) = store.db.execute("SELECT count(*) FROM observations WHERE source = 'demo-history'").fetchone()
        return n
    finally:
        store.close()


def test_a_fetch_stored_before_the_history_does_not_cancel_it(tmp_path):
    """The wall starts its fetches while the history is written on a thread of its own: on a busy machine the first
    fetch lands first, and the wall must still get its 400 days (it once had none: the store was 'not empty')."""
    catalogue = load_catalogue()
    path = tmp_path / "indicators.sqlite"
    some = next(i for i in catalogue.indicators.values() if i.period == "day")
    store = IndicatorStore(path, catalogue)
    now = fmt.now()
    report = store.ingest("demo", [Observation(some.id, now.strftime("%Y-%m-%d"), 5.0)])
    assert not report.rejected
    store.close()

    count = store_demo_history(path, catalogue, days=30)
    assert count is not None and count > 100
    assert _history_rows(path) > 100
    assert store_demo_history(path, catalogue, days=30) is None  # stored once: a restart does not store it again
