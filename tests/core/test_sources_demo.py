"""The demo simulator: plausible, deterministic, with anomalies and a feed that goes silent."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ioc_core.catalogue import Status, load_catalogue
from ioc_core.fmt import TZ
from ioc_core.sources.base import SourceTimeout
from ioc_core.sources.demo import DemoSource, Simulator

CAT = load_catalogue()
MORNING = datetime(2026, 11, 23, 9, 30, tzinfo=TZ)


def test_every_catalogue_source_has_demo_values_for_all_its_indicators():
    for source in CAT.sources():
        obs = DemoSource(source, CAT, clock=MORNING.timestamp).run(None).observations
        assert {o.indicator for o in obs} == {i.id for i in CAT.indicators.values() if i.source == source}


def test_same_seed_same_figures_other_seed_other_figures():
    a = DemoSource("ioffice", CAT, seed=7, clock=MORNING.timestamp).run(None).observations
    b = DemoSource("ioffice", CAT, seed=7, clock=MORNING.timestamp).run(None).observations
    c = DemoSource("ioffice", CAT, seed=8, clock=MORNING.timestamp).run(None).observations
    assert a == b and a != c


def test_nine_months_at_provincial_scale():
    sim = Simulator(CAT)
    days = [date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + n) for n in range(273)]
    incoming = sum(sim.value(CAT.indicators["vbdt-van-ban-den"], d) for d in days)
    dossiers = sum(sim.value(CAT.indicators["hcc-ho-so-tiep-nhan"], d) for d in days)
    assert 4_000_000 < incoming < 6_500_000  # Nghệ An: 5,238,802 in nine months of 2021
    assert 200_000 < dossiers < 380_000  # 283,175


def test_weekends_are_quiet_in_offices_and_summer_busy_for_tourism():
    sim = Simulator(CAT)
    dossiers = CAT.indicators["hcc-ho-so-tiep-nhan"]
    assert sim.value(dossiers, date(2026, 11, 22)) < 0.6 * sim.value(dossiers, date(2026, 11, 23))  # Sun vs Mon
    tourists = CAT.indicators["dl-luot-khach"]
    july = sum(sim.value(tourists, date(2026, 7, d)) for d in range(1, 29))
    january = sum(sim.value(tourists, date(2026, 1, d)) for d in range(1, 29))
    assert july > 1.5 * january


def test_commune_breakdown_adds_up_and_anomalies_cross_thresholds():
    sim = Simulator(CAT, communes=12)
    ind = CAT.indicators["hcc-ho-so-tiep-nhan"]
    day = date(2026, 11, 23)
    assert sum(sim.value(ind, day, c) for c in sim.communes) == pytest.approx(sim.value(ind, day), rel=0.1)
    overdue = CAT.indicators["hcc-ho-so-tre-han"]
    statuses = {overdue.status(sim.value(overdue, date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + n)))
                for n in range(365)}
    assert Status.NORMAL in statuses and Status.CRITICAL in statuses


def test_a_feed_goes_silent_now_and_then():
    t = [0.0]
    src = DemoSource("drop-yte", CAT, clock=lambda: t[0], silent_every_s=3 * 86400, silent_for_s=6 * 3600)
    t[0] = 3 * 86400 * 100 + 3600
    with pytest.raises(SourceTimeout, match="no answer from drop-yte"):
        src.run(None)
    t[0] += 6 * 3600
    assert src.run(None).observations
