"""The hub's parts beyond publishing: each made here, started after the API exists (``start(hub)``: its routes
added with ``hub.api.add_routes``, its listeners with ``hub.alert_listeners``, itself set on the hub as the
attribute named below) and stopped in reverse order (``stop()``). Order matters: the messages first (manual entry
messages departments through them), the page last (it reads the others)."""

from __future__ import annotations


def make_parts(hub) -> list:
    made: list = []
    # -- messages to people (ioc_hub/notify): hub.messenger


    from ioc_hub.entry import Entry; made.append(Entry())  # noqa: E702, I001  (manual entry: hub.entry)


    # -- leaders' requests to show something on a wall (ioc_hub/requests.py): hub.requests


    # -- the mobile page's data and alert notes (ioc_hub/mobile): hub.mobile

    return made
