"""Views are looked up by kind; a view that fails to build becomes an error card, never a black hole."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from ioc_core.layouts.model import Region
from wall.widgets.base import ViewContext, ViewItem
from wall.widgets.placeholder import ErrorView, MissingView, PlaceholderView

log = logging.getLogger(__name__)

Factory = Callable[[Region, dict | None, ViewContext | None], ViewItem]


def _data_view(module: str, cls: str, alerts: bool = False) -> Factory:
    """A view that needs indicator data (and the alert book); a wall without them shows the placeholder."""

    def make(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
        if context is None or context.hub is None or (alerts and context.alerts is None):
            return PlaceholderView(region, view, context)
        return getattr(importlib.import_module(module), cls)(region, view, context)

    return make


def _camera_view(cls: str) -> Factory:
    def make(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
        if context is None or getattr(context, "cameras", None) is None:
            return PlaceholderView(region, view, context)
        from wall.widgets import camera  # QtMultimedia only for walls that show cameras

        return getattr(camera, cls)(region, view, context)

    return make


def _web_view(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
    from wall.widgets.web import WebView  # QtWebEngine only for walls that show web pages

    return WebView(region, view, context)


def _clock_view(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
    from wall.widgets.clock import ClockView

    return ClockView(region, view, context)


def _meeting_view(region: Region, view: dict | None, context: ViewContext | None) -> ViewItem:
    from wall.widgets.meeting import MeetingView

    return MeetingView(region, view, context)


# Real views register here as they are built (camera, web, meeting ...); the rest use the placeholder.
DEFAULT_FACTORIES: dict[str, Factory] = {
    "sector": _data_view("wall.widgets.sector", "SectorView"),
    "overview": _data_view("wall.widgets.overview", "OverviewView"),
    "health": _data_view("wall.widgets.health", "HealthView"),
    "map": _data_view("wall.widgets.mapview", "MapView"),
    "chart": _data_view("wall.widgets.chart", "ChartView"),
    "alerts": _data_view("wall.widgets.alertsview", "AlertsView", alerts=True),
    "camera": _camera_view("CameraView"),
    "camera_grid": _camera_view("CameraGridView"),
    "web": _web_view,
    "meeting": _meeting_view,
    "clock": _clock_view,
}
FACTORIES: dict[str, Factory] = dict(DEFAULT_FACTORIES)


def register(kind: str, factory: Factory) -> None:
    FACTORIES[kind] = factory


def missing(view: dict | None, context: ViewContext | None) -> list:
    """What ``view`` names that the wall's catalogues lack (ioc_core/layouts/refs.py: errors only). Cameras are not
    asked here: the camera views draw their own card for a camera or group they do not find (and report it in the
    health view as "unknown_camera")."""
    from ioc_core.layouts.refs import Known, unknowns
    from ioc_core.problems import Severity

    if not isinstance(view, dict) or context is None:
        return []
    hub = getattr(context, "hub", None)
    return [u for u in unknowns(view, Known.of(getattr(hub, "catalogue", None)))
            if u.severity is Severity.ERROR]


def create_view(region: Region, view: dict | None, context: ViewContext | None = None) -> ViewItem:
    factory = FACTORIES.get((view or {}).get("kind", ""), PlaceholderView)
    try:
        if lacking := missing(view, context):  # a card saying what is missing, never an empty view of a bad id
            log.warning("region %s: %s", region.id, "; ".join(u.message for u in lacking))
            return MissingView(region, view, lacking, context)
        return factory(region, view, context)
    except Exception as exc:  # a broken view must not take the wall down
        log.exception("view %s for region %s failed to build", view, region.id)
        return ErrorView(region, view, f"{type(exc).__name__}: {exc}")
