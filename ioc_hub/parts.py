"""The hub's parts beyond publishing: each made here, started after the API exists (``start(hub)``: its routes
added with ``hub.api.add_routes``, its listeners with ``hub.alert_listeners``, itself set on the hub as the
attribute named below) and stopped in reverse order (``stop()``). Order matters: the messages first (manual entry
messages departments through them), the page last (it reads the others)."""

from __future__ import annotations


def make_parts(hub) -> list:
    made: list = []
    from ioc_hub.notify import Messenger; made.append(Messenger())  # noqa: E702, I001 (messages: hub.messenger)


    from ioc_hub.entry import Entry; made.append(Entry())  # noqa: E702, I001  (manual entry: hub.entry)


    from ioc_hub.requests import WallRequests; made.append(WallRequests())  # noqa: E702, I001 (hub.requests)


    # -- the mobile page's data and alert notes (ioc_hub/mobile): hub.mobile
    from ioc_hub.mobile import MobilePage

    made.append(MobilePage())

    return made
