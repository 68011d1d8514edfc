"""What the wall's crowded panels say (Qt-free): commune and ward names abbreviated by rule, never cut, and the
alert list's order and words (sector and indicator named on every alert)."""

from __future__ import annotations

from ioc_core.alerts import AlertBook
from ioc_core.catalogue import load_catalogue
from ioc_core.catalogue.regions import region_names
from ioc_core.views.alerts import alert_items, list_order, sector_names
from ioc_core.views.names import short_region_name

CAT = load_catalogue()


def test_the_unit_s_kind_is_abbreviated_and_the_name_kept_whole():
    assert short_region_name("Phường Trường Vinh") == "P. Trường Vinh"
    assert short_region_name("Xã Hưng Nguyên Nam") == "X. Hưng Nguyên Nam"
    assert short_region_name("Thị trấn Nông trường Thống Nhất") == "TT. Nông trường Thống Nhất"
    assert short_region_name("Thị xã Hoàng Mai") == "TX. Hoàng Mai"
    assert short_region_name("Thành phố Vinh") == "TP. Vinh"
    # no known kind, or nothing after it: as it is (a code shown for an unnamed commune stays a code)
    assert short_region_name("xa-131") == "xa-131"
    assert short_region_name("Xã ") == "Xã "
    assert short_region_name("Xã Xã Đoài") == "X. Xã Đoài"  # only the kind in front


def test_every_shipped_name_keeps_its_words_after_the_kind():
    for name in region_names().values():
        short = short_region_name(name)
        assert short.split()[1:] == name.split()[1:], name
        assert short.split()[0] in ("P.", "X."), name
        assert len(short) < len(name) or name.startswith("Xã ")  # "X." is narrower than "Xã" as drawn


def clocked(t: list[float]) -> AlertBook:
    return AlertBook(None, lambda: t[0])


def test_a_critical_alert_stays_above_every_warning_once_acknowledged():
    t = [1_000.0]
    book = clocked(t)
    crit = book.observe("mt-aqi", "moitruong", "province", "threshold", "critical",
                        "Chỉ số chất lượng không khí (VN_AQI): 182 AQI, vượt ngưỡng nghiêm trọng 151")
    t[0] += 60
    old_warn = book.observe("attt-camera-truc-tuyen", "attt", "province", "forecast", "warning",
                            "Dự báo vượt ngưỡng cảnh báo sau 7 kỳ")
    t[0] += 60
    new_warn = book.observe("hcc-ty-le-dung-han", "hcc", "province", "threshold", "warning", "Tỷ lệ: 91 %")
    book.acknowledge(crit.id, "trực ban")
    t[0] += 60
    book.acknowledge(new_warn.id, "trực ban")
    order = [a.id for a in list_order(book.alerts())]
    # most severe first; of the warnings, the unacknowledged before the acknowledged, then the newest
    assert order == [crit.id, old_warn.id, new_warn.id]


def test_each_alert_names_its_sector_and_indicator_once():
    t = [1_000.0]
    book = clocked(t)
    ind = next(i for i in CAT.indicators.values() if i.sector == "attt")
    book.observe(ind.id, "attt", "province", "forecast", "warning", "Dự báo vượt ngưỡng cảnh báo sau 7 kỳ")
    book.observe("mt-aqi", "moitruong", "province", "threshold", "critical",
                 "Chỉ số chất lượng không khí (VN_AQI): 182 AQI, vượt ngưỡng nghiêm trọng 151")
    aqi, forecast = alert_items(book.alerts(), CAT, sector_names(CAT))
    assert forecast.message == f"{ind.name_vi}: Dự báo vượt ngưỡng cảnh báo sau 7 kỳ"
    assert f" · {CAT.sectors['attt'].name_vi}" in forecast.head
    # the message already starts with the indicator's name: not said twice
    assert aqi.message == "Chỉ số chất lượng không khí (VN_AQI): 182 AQI, vượt ngưỡng nghiêm trọng 151"
    assert aqi.head.startswith("◆ ") and f" · {CAT.sectors['moitruong'].name_vi}" in aqi.head
