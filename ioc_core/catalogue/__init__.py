"""The IOC's indicator catalogue (Qt-free): sectors, indicators, cadences, thresholds and targets."""

from ioc_core.catalogue.load import DEFAULT_FILE, Catalogue, load_catalogue, parse_catalogue
from ioc_core.catalogue.model import Indicator, Sector, Status

__all__ = ["DEFAULT_FILE", "Catalogue", "Indicator", "Sector", "Status", "load_catalogue", "parse_catalogue"]
