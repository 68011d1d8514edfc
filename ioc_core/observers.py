"""The one way the wall's models tell who listens (Qt-free): the controller's state, the alert book, the data hub
and the screens' power all hold a ``Listeners``.

    changes = Listeners("wall state")
    stop = changes.subscribe(console.follow)     # returns the unsubscribe
    changes.emit(state)                          # every listener called; one that raises is logged, the others
                                                 # still hear of it (a console must not fall out of step)
    stop()
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class Listeners:
    """Callables told of one kind of change, in the order they subscribed."""

    def __init__(self, what: str):
        self.what = what
        self._listeners: list[Callable] = []

    def subscribe(self, listener: Callable) -> Callable[[], None]:
        """Add ``listener``; returns a function that removes it again."""
        self._listeners.append(listener)
        return lambda: self.unsubscribe(listener)

    def unsubscribe(self, listener: Callable) -> None:
        self._listeners = [fn for fn in self._listeners if fn != listener]

    def __iter__(self):
        return iter(list(self._listeners))

    def __len__(self) -> int:
        return len(self._listeners)

    def emit(self, *args) -> None:
        """Call every listener with ``args``; a failure is logged with its listener and the others go on."""
        for listener in list(self._listeners):
            try:
                listener(*args)
            except Exception:
                log.exception("a listener of the %s failed: %s", self.what, _name(listener))


def _name(fn: Callable) -> str:
    owner = getattr(fn, "__self__", None)
    name = getattr(fn, "__qualname__", None) or repr(fn)
    return f"{type(owner).__name__}.{fn.__name__}" if owner is not None and hasattr(fn, "__name__") else name
