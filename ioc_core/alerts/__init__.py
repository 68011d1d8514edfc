"""Alerts: what crossed a threshold or is forecast to, who acknowledged it, and what rules do about it (Qt-free)."""

from ioc_core.alerts.book import SEVERITY_RANK, Alert, AlertBook
from ioc_core.alerts.rules import AlertRule, load_rules, parse_rules

__all__ = ["SEVERITY_RANK", "Alert", "AlertBook", "AlertRule", "load_rules", "parse_rules"]
