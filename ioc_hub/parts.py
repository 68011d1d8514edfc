"""The hub's parts beyond publishing: each made here, started after the API exists (``start(hub)``: its routes
added with ``hub.api.add_routes``, its listeners with ``hub.alert_listeners``, itself set on the hub as the
attribute named below) and stopped in reverse order (``stop()``). Order matters: the messages first (manual entry
messages departments through them), the page last (it reads the others)."""

from __future__ import annotations


def make_parts(hub) -> list:
    from ioc_hub.entry import Entry  # manual entry with approval: hub.entry
    from ioc_hub.mobile import MobilePage  # the mobile page's data and alert notes: hub.mobile
    from ioc_hub.notify import Messenger  # messages to people: hub.messenger
    from ioc_hub.requests import WallRequests  # leaders' requests to show something on a wall: hub.requests

    return [Messenger(), Entry(), WallRequests(), MobilePage()]
