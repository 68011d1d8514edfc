"""The view-model worker's own read connection to the indicator store (opened and used on that thread only)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ioc_core.catalogue import Catalogue
from ioc_core.indicators.indicator_store import IndicatorStore, Reading
from ioc_core.indicators.observation import PROVINCE

log = logging.getLogger(__name__)


class StoreReader:
    """Reads for view models: what the data hub reads, but on the worker. A failed read gives "no data" (the
    view shows that; it is not taken down); a store that cannot be opened is retried at the next request."""

    def __init__(self, path: Path | None, catalogue: Catalogue, clock: Callable[[], float]):
        self._path = path
        self.catalogue = catalogue
        self.clock = clock
        self._store: IndicatorStore | None = None
        self.as_of: float | None = None

    def store(self) -> IndicatorStore | None:
        if self._store is None and self._path is not None and self._path.exists():
            try:
                self._store = IndicatorStore(self._path, self.catalogue, clock=self.clock)
            except Exception as exc:
                log.error("cannot read the indicator store %s: %s", self._path, exc)
                return None
        if self._store is not None:
            self._store.as_of = self.as_of
        return self._store

    def reading(self, indicator: str, region: str = PROVINCE) -> Reading | None:
        store = self.store()
        try:
            return store.latest(indicator, region) if store else None
        except Exception as exc:
            log.error("cannot read %s/%s: %s", indicator, region, exc)
            return None

    def history(self, indicator: str, region: str = PROVINCE) -> pd.DataFrame | None:
        store = self.store()
        try:
            return store.history(indicator, region) if store else None
        except Exception as exc:
            log.error("cannot read the history of %s/%s: %s", indicator, region, exc)
            return None

    def by_region(self, indicator: str) -> list[tuple[str, str, float, float]]:
        store = self.store()
        try:
            return store.latest_by_region(indicator) if store else []
        except Exception as exc:
            log.error("cannot read the communes of %s: %s", indicator, exc)
            return []

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
