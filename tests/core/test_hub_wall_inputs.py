"""What a wall in hub mode takes from files and messages it does not control: its link file's mode, the hub's
source health records."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from ioc_core.catalogue import load_catalogue
from ioc_core.hublink.credentials import HubLinkConfig
from ioc_core.indicators.indicator_store import IndicatorStore

LINK = ('{"schema_version": 1, "hub": "https://hub:8443/api/v1", "token": "T0KEN-SECRET", "wall": "a",'
        ' "broker": {"url": "mqtt://127.0.0.1:1883", "username": "a", "password": "PA55-SECRET"}}')


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_link_file_readable_by_others_is_made_private_with_a_warning(tmp_path, caplog):
    path = tmp_path / "hub-link.json"
    path.write_text(LINK)
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        config = HubLinkConfig.load(path)
    assert config.broker.password == "PA55-SECRET"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    said = [r.getMessage() for r in caplog.records]
    assert any(str(path) in m and "600" in m for m in said)
    assert not any("SECRET" in m for m in said)
    caplog.clear()
    HubLinkConfig.load(path)  # already private: nothing to say
    assert not caplog.records


def test_one_bad_health_record_from_the_hub_leaves_the_others_shown(tmp_path):
    store = IndicatorStore(tmp_path / "i.sqlite", load_catalogue())
    try:
        store.mirror_health([
            {"source": "a", "consecutive_errors": 2, "last_success": 1_765_000_000},
            {"source": "b", "consecutive_errors": "many", "last_success": "yesterday"},
            {"source": "c", "error_count": 3.0, "last_error_message": 7},
            {"source": "d", "last_attempt": 1_765_000_001.5, "records_received": 40},
        ])
        health = {h.source: h for h in store.health()}
    finally:
        store.close()
    assert sorted(health) == ["a", "d"]
    assert health["a"].consecutive_errors == 2 and health["a"].last_success == 1_765_000_000
    assert health["d"].records_received == 40 and health["d"].error_count == 0
