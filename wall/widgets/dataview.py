"""Base of the views that show indicator data: they follow the data hub and the minute, nothing more often."""

from __future__ import annotations

from datetime import datetime

from ioc_core import fmt
from wall.widgets.base import ViewItem


class MinuteView(ViewItem):
    """Repaints when the minute changes: its clock and the ages it shows are in minutes."""

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self._now = fmt.now()

    def tick(self, now: datetime) -> None:
        changed = (now.hour, now.minute) != (self._now.hour, self._now.minute)
        self._now = now
        if changed:
            self._minute_passed()

    def _minute_passed(self) -> None:
        """A new minute on the clock: the whole view by default; views that know their parts repaint fewer."""
        self.update()

    def follow_alerts(self, book) -> None:
        """Hear the alert book's news (``_alert_event(alert, event)``) until the view is disposed."""
        self._book = book
        if book is not None:
            book.subscribe(self._alert_event)

    def dispose(self) -> None:
        super().dispose()
        if getattr(self, "_book", None) is not None:
            self._book.unsubscribe(self._alert_event)
            self._book = None


class DataView(MinuteView):
    """Repaints when data it shows changes, and when the minute changes."""

    shows_figures = True

    def __init__(self, region, view, context):
        super().__init__(region, view, context)
        self.hub = context.hub
        self.hub.subscribe(self._data_changed)

    def dispose(self) -> None:
        super().dispose()
        self.hub.unsubscribe(self._data_changed)

    def shows(self, indicators: set[str]) -> bool:
        """Whether new data for these indicators changes this view (default: any does)."""
        return True

    def _data_changed(self, indicators: set[str]) -> None:
        if self.shows(indicators):
            self.update()
