"""The IOC's indicator catalogue (Qt-free): sectors, indicators, cadences, thresholds and targets."""

from wall.catalogue.load import DEFAULT_FILE, Catalogue, load_catalogue, parse_catalogue
from wall.catalogue.model import Indicator, Sector, Status

__all__ = ["DEFAULT_FILE", "Catalogue", "Indicator", "Sector", "Status", "load_catalogue", "parse_catalogue"]
