"""Public time series shipped with statsmodels (its ``datasets``: no download), as the forecasting tests and
benchmarks/bench_forecast.py judge them: one value per period, oldest first, NaN for a missing one.

- co2: weekly CO2 at Mauna Loa, 1958-2001, with 59 missing weeks (season 52);
- elnino: monthly Pacific sea surface temperature, 1950-2010 (season 12);
- elec_equip: monthly euro-area electrical equipment orders index, 1996-2016 (season 12; a csv in the package);
- nile: the Nile's yearly flow at Aswan, 1871-1970, with its level shift at 1898 (no season);
- sunspots: yearly sunspot numbers, 1700-2008 (an eleven-year cycle, no calendar season);
- macrodata: quarterly US figures, 1959-2009: real GDP (a trend), unemployment, CPI (season 4)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Public:
    name: str
    values: np.ndarray
    season: int
    horizon: int  # as ioc_core.forecasting.outlook.HORIZON has it for the cadence
    seasonal: bool  # a clear calendar cycle: the model must beat the seasonal naive


def load(name: str) -> Public:
    import importlib

    dataset = name.split(".", 1)[0]
    data = importlib.import_module(f"statsmodels.datasets.{dataset}")
    if name == "co2":
        return Public(name, data.load_pandas().data["co2"].to_numpy(dtype=float), 52, 4, True)
    if name == "elnino":
        months = data.load_pandas().data.iloc[:, 1:].to_numpy(dtype=float)  # YEAR, JAN..DEC
        return Public(name, months.ravel(), 12, 6, True)
    if name == "elec_equip":
        return Public(name, data.load().data.iloc[:, 0].to_numpy(dtype=float), 12, 6, True)
    if name == "nile":
        return Public(name, data.load_pandas().data["volume"].to_numpy(dtype=float), 1, 3, False)
    if name == "sunspots":
        return Public(name, data.load_pandas().data["SUNACTIVITY"].to_numpy(dtype=float), 1, 3, False)
    if name.startswith("macrodata."):
        column = name.split(".", 1)[1]
        return Public(name, data.load_pandas().data[column].to_numpy(dtype=float), 4, 4, False)
    raise KeyError(name)


NAMES = ("co2", "elnino", "elec_equip", "nile", "sunspots", "macrodata.realgdp", "macrodata.unemp", "macrodata.cpi")
