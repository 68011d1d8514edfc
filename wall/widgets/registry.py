"""Views are looked up by kind; a view that fails to build becomes an error card, never a black hole."""

from __future__ import annotations

import logging
from collections.abc import Callable

from wall.layouts.model import Region
from wall.widgets.base import ViewContext, ViewItem
from wall.widgets.placeholder import ErrorView, PlaceholderView

log = logging.getLogger(__name__)

Factory = Callable[[Region, dict | None, ViewContext | None], ViewItem]


def _sector(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
    if context is None or context.hub is None:
        return PlaceholderView(region, view, context)  # a wall without indicator data
    from wall.widgets.sector import SectorView

    return SectorView(region, view, context)


def _overview(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
    if context is None or context.hub is None:
        return PlaceholderView(region, view, context)
    from wall.widgets.overview import OverviewView

    return OverviewView(region, view, context)


# Real views register here as they are built (camera, web, meeting ...); the rest use the placeholder.
DEFAULT_FACTORIES: dict[str, Factory] = {"sector": _sector, "overview": _overview}
FACTORIES: dict[str, Factory] = dict(DEFAULT_FACTORIES)


def register(kind: str, factory: Factory) -> None:
    FACTORIES[kind] = factory


def create_view(region: Region, view: dict | None, context: ViewContext | None = None) -> ViewItem:
    factory = FACTORIES.get((view or {}).get("kind", ""), PlaceholderView)
    try:
        return factory(region, view, context)
    except Exception as exc:  # a broken view must not take the wall down
        log.exception("view %s for region %s failed to build", view, region.id)
        return ErrorView(region, view, f"{type(exc).__name__}: {exc}")
