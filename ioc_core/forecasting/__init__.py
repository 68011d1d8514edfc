"""Forecasts a leader can trust (Qt-free): fitted and backtested models, risks as probabilities, anomalies and
correlations. ``outlook.py`` is the entry point for one indicator; ``service.py`` holds and computes outlooks;
``models.py`` (statsmodels' ETS), ``risk.py``, ``grid.py`` and ``correlation.py`` do the work."""
