"""News of new figures reaches the views at once when it comes alone, and at most once a second in a burst: a figure
from the data hub (or a source) is not held back a second for company that never comes."""

from __future__ import annotations

import time

from ioc_core.catalogue import load_catalogue
from wall.runtime.datahub import DataHub

CATALOGUE = load_catalogue()
IND = next(iter(CATALOGUE.indicators))


def test_a_lone_figure_is_told_at_once_and_a_burst_at_most_once_a_second(qtbot, tmp_path):
    hub = DataHub(CATALOGUE, tmp_path / "indicators.sqlite")
    told: list[tuple[float, set]] = []
    hub.subscribe(lambda ids: told.append((time.monotonic(), set(ids))))
    try:
        marked = time.monotonic()
        hub.mark({IND})
        qtbot.waitUntil(lambda: len(told) == 1, timeout=2000)
        assert told[0][0] - marked < 0.25, f"a lone figure waited {told[0][0] - marked:.2f} s"
        second = next(i for i in CATALOGUE.indicators if i != IND)
        hub.mark({second})  # within the second after the first: held for the rest of the burst
        hub.mark({IND})
        qtbot.waitUntil(lambda: len(told) == 2, timeout=3000)
        assert told[1][1] == {IND, second}
        assert told[1][0] - told[0][0] >= 0.95, "a burst repaints the screens at most once a second"
    finally:
        hub.close()
