"""Layout model, validation, migration and the layout library (Qt-free)."""

from wall.layouts.library import LayoutLibrary
from wall.layouts.model import Layout, Region
from wall.layouts.schema import SCHEMA_VERSION, layout_schema
from wall.layouts.validate import parse_layout
from wall.layouts.views import VIEW_KINDS, ViewKind

__all__ = ["LayoutLibrary", "Layout", "Region", "SCHEMA_VERSION", "layout_schema", "parse_layout",
           "VIEW_KINDS", "ViewKind"]
