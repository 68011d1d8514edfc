"""Indicator values (Qt-free): observations, the SQLite-backed store, freshness and status."""
