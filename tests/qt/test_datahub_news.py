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


def test_figures_only_confirmed_again_never_hold_back_a_new_one(qtbot, tmp_path):
    """A hub whose sources confirm their figures every second (a newer as-of, the same value): those are told
    within five seconds, and a new figure right after one of them is still told at once."""
    hub = DataHub(CATALOGUE, tmp_path / "indicators.sqlite")
    hub.AGED_EVERY_S = 0.3
    hub._aged_timer.setInterval(300)
    told: list[tuple[float, set]] = []
    hub.subscribe(lambda ids: told.append((time.monotonic(), set(ids))))
    other = next(i for i in CATALOGUE.indicators if i != IND)
    try:
        hub.mark_aged({other})
        qtbot.waitUntil(lambda: len(told) == 1, timeout=2000)
        assert told[0][1] == {other}
        marked = time.monotonic()
        hub.mark({IND})  # a new figure a moment after the confirmations were told
        qtbot.waitUntil(lambda: len(told) == 2, timeout=2000)
        assert told[1][1] == {IND} and told[1][0] - marked < 0.25, f"waited {told[1][0] - marked:.2f} s"
    finally:
        hub.close()
