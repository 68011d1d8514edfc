"""Layout model, validation, migration and the layout library (Qt-free)."""

from ioc_core.layouts.library import LayoutLibrary
from ioc_core.layouts.model import Layout, Region
from ioc_core.layouts.schema import SCHEMA_VERSION, layout_schema
from ioc_core.layouts.validate import parse_layout
from ioc_core.layouts.views import VIEW_KINDS, ViewKind

__all__ = ["LayoutLibrary", "Layout", "Region", "SCHEMA_VERSION", "layout_schema", "parse_layout",
           "VIEW_KINDS", "ViewKind"]
