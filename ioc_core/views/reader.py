"""The view-model worker's own read connection to the indicator store (opened and used on that thread only)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ioc_core.catalogue import Catalogue
from ioc_core.indicators.indicator_store import IndicatorStore, Reading
from ioc_core.indicators.observation import PROVINCE

if TYPE_CHECKING:  # pandas (~0.25 s to import) is imported where history is read: not before the first picture
    import pandas as pd

log = logging.getLogger(__name__)


class StoreReader:
    """Reads for view models: what the data hub reads, but on the worker. A failed read gives "no data" (the
    view shows that; it is not taken down); a store that cannot be opened is retried at the next request.

    What was read is kept until news of its indicator (``invalidate``, from any thread): nine screens that
    show the same figures read each once, and a screen re-reads only what changed, as the hub's cache did."""

    def __init__(self, path: Path | None, catalogue: Catalogue, clock: Callable[[], float]):
        self._path = path
        self.catalogue = catalogue
        self.clock = clock
        self._store: IndicatorStore | None = None
        self.as_of: float | None = None
        self._cache: dict[tuple, object] = {}  # (kind, indicator, region) -> what was read; the worker's alone
        self._cache_as_of: float | None = None
        self._lock = threading.Lock()
        self._stale: set[str] = set()  # news not yet taken into account by the worker
        self._stale_all = False

    def invalidate(self, indicators: set[str] | None = None) -> None:
        """News of ``indicators`` (None: of all): what was read of them is read again (any thread)."""
        with self._lock:
            if indicators is None:
                self._stale_all = True
            else:
                self._stale |= set(indicators)

    def _cached(self, key: tuple, read: Callable, fallback):
        with self._lock:
            stale, stale_all = self._stale, self._stale_all
            self._stale, self._stale_all = set(), False
        if stale_all or self.as_of != self._cache_as_of:
            self._cache.clear()
            self._cache_as_of = self.as_of
        elif stale:
            for k in [k for k in self._cache if k[1] in stale]:
                del self._cache[k]
        if key in self._cache:
            return self._cache[key]
        store = self.store()
        if store is None:
            return fallback
        try:
            value = read(store)
        except Exception as exc:  # a damaged row or a locked file: "no data" now, read again next time
            log.error("cannot read %s of %s/%s: %s", key[0], key[1], key[2], exc)
            return fallback
        self._cache[key] = value
        return value

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
        return self._cached(("latest", indicator, region), lambda store: store.latest(indicator, region), None)

    def history(self, indicator: str, region: str = PROVINCE) -> pd.DataFrame | None:
        """The stored series (period, value, observed_at, source; oldest first). Shared: not to be changed."""
        return self._cached(("history", indicator, region), lambda store: store.history(indicator, region), None)

    def by_region(self, indicator: str) -> list[tuple[str, str, float, float]]:
        return self._cached(("by_region", indicator, ""), lambda store: store.latest_by_region(indicator), [])

    def close(self) -> None:
        self._cache.clear()
        if self._store is not None:
            self._store.close()
            self._store = None
