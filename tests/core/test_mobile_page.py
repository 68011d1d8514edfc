"""The leaders' mobile page in Debian's Chromium, headless, at a phone's 390x844, against a real hub: signing in
through the form, the nine sectors' figures as the hub has them, an alert arriving live and acknowledged from the
page, notes shown as text (never as markup), a sector's chart, English, and the first load's bytes and time to
usable with the CPU slowed 4x. Pictures in artifacts/mobile-*.png (looked at)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from ..browser import CHROMIUM, Browser
from ..hubpeople import PASSWORD, signed_in
from ..waiting import until
from .test_hub_mobile import NINE, STALE, XSS, alert_path, mobile_hub, overdue_alert

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
FIRST_LOAD_MAX = 300 * 1024
USABLE_MS = 2000


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mobile-page")
    ARTIFACTS.mkdir(exist_ok=True)
    with mobile_hub(folder) as (hub, feed):
        api = hub.api_url()
        until(lambda: len(hub.call("GET", "/readings").json()["readings"]) > 50, 60, "the seeded readings")
        browser = Browser(folder / "profile", 390, 844)
        try:
            browser.phone(390, 844)
            yield browser, hub, feed, api, api.removesuffix("/api/v1")
        finally:
            browser.close()


def text(browser: Browser, selector: str) -> str:
    return browser.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''")


def sign_in(browser: Browser, login: str, password: str) -> None:
    browser.wait_for("!!document.getElementById('login')")
    browser.evaluate(f"""(() => {{
        document.getElementById('login').value = {json.dumps(login)};
        document.getElementById('password').value = {json.dumps(password)};
        document.querySelector('form.signin').requestSubmit(); }})()""")


def test_signing_in_shows_the_nine_sectors_and_their_figures(phone):
    browser, hub, _feed, api, root = phone
    browser.open(root + "/m/")
    browser.wait_for("!!document.getElementById('login')")
    assert text(browser, "h1") == "Trung tâm điều hành IOC"
    browser.screenshot(ARTIFACTS / "mobile-signin.png")
    sign_in(browser, "lanhdao", "sai-mat-khau")
    browser.wait_for("document.getElementById('signin-error').textContent.length > 0")
    assert text(browser, "#signin-error") == "Sai tên đăng nhập hoặc mật khẩu"
    browser.screenshot(ARTIFACTS / "mobile-signin-wrong.png")

    sign_in(browser, "lanhdao", PASSWORD)
    browser.wait_for("window.iocUsable > 0")
    cards = browser.evaluate("[...document.querySelectorAll('[data-sector]')].map(c => [c.dataset.sector, "
                             "c.querySelector('h2').textContent])")
    summary = signed_in(api, "lanhdao").get(api + "/m/summary", timeout=10).json()
    assert [c[0] for c in cards] == NINE
    assert [c[1] for c in cards] == [s["name_vi"] for s in summary["sectors"]]
    shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('[data-sector] [data-indicator]')]"
                             ".map(f => [f.dataset.indicator, [f.querySelector('.num').textContent, "
                             "f.querySelector('.fig-status').textContent]]))")
    for s in summary["sectors"]:
        for f in s["figures"]:
            assert shown[f["indicator"]][0] == f["value_text"], f["indicator"]
    assert len(shown) == sum(len(s["figures"]) for s in summary["sectors"]) >= 30
    assert shown[STALE][1] == "◷ Số liệu cũ  ·  cập nhật 3 ngày trước"  # as the wall's tile words it
    assert "Kinh tế - Xã hội" in browser.evaluate("document.body.innerText")
    browser.screenshot(ARTIFACTS / "mobile-sectors.png")
    browser.screenshot_page(ARTIFACTS / "mobile-sectors-whole.png")


def test_an_alert_arrives_live_and_is_acknowledged_from_the_page(phone):
    browser, hub, feed, api, root = phone
    browser.wait_for("window.iocUsable > 0")
    browser.evaluate("window.sameLoad = true; location.hash = '#/alerts'")
    browser.wait_for("!!document.querySelector('.page h1')")
    feed.values["overdue"] = 200
    alert_id = overdue_alert(hub)
    card = f'[data-alert="{alert_id}"]'
    browser.wait_for(f"!!document.querySelector({json.dumps(card)})", 15)
    assert browser.evaluate("window.sameLoad === true")  # arrived on the event stream: no reload
    assert "Hồ sơ trễ hạn" in text(browser, card)
    browser.screenshot(ARTIFACTS / "mobile-alerts.png")

    browser.evaluate(f"document.querySelector({json.dumps(card + ' .ack')}).click()")
    until(lambda: next(a for a in hub.call("GET", "/alerts").json()["alerts"] if a["id"] == alert_id)
          ["acknowledged_by"] == "Nguyễn Văn Lãnh (lanhdao)", 15, "the acknowledgement at the hub")
    browser.wait_for("document.body.innerText.includes('Đã xác nhận: Nguyễn Văn Lãnh (lanhdao)')")


def test_notes_show_markup_as_text_and_a_link_opens_the_alert(phone):
    browser, hub, feed, api, root = phone
    feed.values["overdue"] = 200
    alert_id = overdue_alert(hub)
    other = signed_in(api, "lanhdao2")  # a leader whose name is markup
    assert other.post(api + alert_path(alert_id, "comment"), json={"text": XSS}, timeout=10).status_code == 201

    browser.open(root + "/m/#/alert/" + quote(alert_id, safe=""))  # as a message's link opens it
    browser.wait_for("[...document.querySelectorAll('.note-text')].some(n => n.textContent.includes('onerror'))")
    notes = browser.evaluate("[...document.querySelectorAll('.note')].map(n => n.textContent)")
    assert any(XSS in n for n in notes)
    assert browser.evaluate("window.__xss === undefined && document.querySelectorAll('main img').length === 0")

    browser.evaluate("""(() => { const t = document.getElementById('comment');
        t.value = 'Đề nghị Sở báo cáo trước 16:00'; t.dispatchEvent(new Event('input'));
        t.form.requestSubmit(); })()""")
    leader = signed_in(api, "lanhdao")
    until(lambda: any(n["text"] == "Đề nghị Sở báo cáo trước 16:00" and n["by_login"] == "lanhdao"
                      for n in leader.get(api + alert_path(alert_id, "notes"), timeout=10).json()["notes"]),
          15, "the comment at the hub")
    browser.wait_for("document.body.innerText.includes('Đề nghị Sở báo cáo trước 16:00')")
    browser.evaluate("window.scrollTo(0, 0)")
    browser.screenshot(ARTIFACTS / "mobile-alert.png")
    assert browser.evaluate("window.__xss === undefined")


def test_a_sector_shows_its_tiles_and_chart(phone):
    browser, hub, _feed, api, root = phone
    browser.wait_for("window.iocUsable > 0")
    browser.evaluate("location.hash = '#/sector/yte'")
    browser.wait_for("!!document.querySelector('svg polyline')")
    doc = signed_in(api, "lanhdao").get(api + "/m/sector/yte", timeout=10).json()
    tiles = browser.evaluate("[...document.querySelectorAll('.figs.wide [data-indicator]')]"
                             ".map(f => f.dataset.indicator)")
    assert tiles == [t["indicator"] for t in doc["tiles"]]
    points = browser.evaluate("document.querySelector('svg polyline').getAttribute('points').split(' ').length")
    assert points == len(doc["chart"]["points"])
    assert text(browser, ".chart h2").startswith(doc["chart"]["name_vi"])
    browser.screenshot(ARTIFACTS / "mobile-sector.png")


def test_a_figures_forecast_risk_is_said_under_it_with_the_forecasts_record(phone):
    browser, hub, _feed, api, root = phone
    leader = signed_in(api, "lanhdao")
    summary = until(lambda: (d := leader.get(api + "/m/summary", timeout=10).json()) and any(
        f["accuracy_vi"] for s in d["sectors"] for f in s["figures"]) and d, 300, "the hub's forecasts")
    risky = {f["indicator"]: f for s in summary["sectors"] for f in s["figures"] if f["risk"]}
    assert risky, "no figure of the demo's nine sectors has a forecast risk: nothing to see"
    browser.open(root + "/m/")
    browser.wait_for("window.iocUsable > 0")
    said = browser.evaluate("Object.fromEntries([...document.querySelectorAll('[data-sector] [data-indicator]')]"
                            ".map(f => [f.dataset.indicator, (f.querySelector('.fig-risk') || {}).textContent]))")
    for ind, f in risky.items():
        assert said[ind] == f"{'⚠' if f['risk']['severity'] else '↗'} {f['risk']['message_vi']} ({f['accuracy_vi']})"
    assert all(said[i] is None for i in said if i not in risky)
    browser.evaluate(f"document.querySelector('[data-sector] [data-indicator=\"{next(iter(risky))}\"]')"
                     ".scrollIntoView()")
    browser.screenshot(ARTIFACTS / "mobile-risks.png")


def test_english_after_switching(phone):
    browser, _hub, _feed, _api, root = phone
    # left with a field still focused (the back button pressed while typing): the sectors are drawn all the same
    browser.evaluate("location.hash = '#/alerts'")
    browser.wait_for("!!document.querySelector('main a[href^=\"#/alert/\"]')")
    browser.evaluate("document.querySelector('main a[href^=\"#/alert/\"]').click()")
    browser.wait_for("!!document.getElementById('comment')")
    browser.evaluate("document.getElementById('comment').focus()")
    browser.evaluate("location.hash = '#/'")
    browser.wait_for("!!document.querySelector('[data-sector]')", 5)
    browser.evaluate("document.getElementById('lang').click()")
    browser.wait_for("document.getElementById('signout').textContent === 'Sign out'")
    body = browser.evaluate("document.body.innerText")
    assert "Socio-economic" in body and "GRDP growth" in body
    assert text(browser, f'[data-indicator="{STALE}"] .fig-status') == "◷ Out of date  ·  updated 3 days ago"
    assert "Kinh tế - Xã hội" not in body
    browser.screenshot(ARTIFACTS / "mobile-en.png")
    browser.evaluate("document.getElementById('lang').click()")
    browser.wait_for("document.getElementById('signout').textContent === 'Đăng xuất'")


def test_first_load_is_light_and_usable_quickly_on_a_slow_phone(phone):
    browser, _hub, _feed, _api, root = phone
    log = browser.network_log()
    try:
        browser.slow_cpu(4)
        browser.open(root + "/m/")  # signed in already: the cookie
        browser.wait_for("window.iocUsable > 0", 30)
        usable_ms = browser.evaluate("window.iocUsable")
        until(lambda: log.received("/api/v1/events") > 0, 10, "the event stream's first bytes")  # counted too
        total = log.total_bytes()
        urls = log.urls()
    finally:
        browser.slow_cpu(1)
        log.close()
    (ARTIFACTS / "mobile-first-load.json").write_text(json.dumps(
        {"bytes": total, "usable_ms": round(usable_ms), "requests": urls}, indent=1))
    assert any(u.endswith("/api/v1/m/summary") for u in urls) and any(u.endswith("/m/app.js") for u in urls)
    assert total <= FIRST_LOAD_MAX, f"{total} bytes: {urls}"
    assert usable_ms <= USABLE_MS, f"usable after {usable_ms:.0f} ms with the CPU 4x slower"


def test_signing_out_ends_the_session_and_a_link_opens_its_alert_after_signing_in(phone):
    browser, hub, feed, api, root = phone
    browser.wait_for("!!document.getElementById('signout')")
    browser.evaluate("document.getElementById('signout').click()")
    browser.wait_for("!!document.getElementById('login')")
    assert text(browser, "#signin-error") == "Đã đăng xuất"
    feed.values["overdue"] = 200
    alert_id = overdue_alert(hub)
    browser.open(root + "/m/#/alert/" + quote(alert_id, safe=""))  # a message's link, on a phone signed out
    browser.wait_for("!!document.getElementById('login')")  # the cookie no longer signs in
    sign_in(browser, "lanhdao", PASSWORD)
    card = f'[data-alert="{alert_id}"]'
    browser.wait_for(f"!!document.querySelector({json.dumps(card)})")
    assert browser.evaluate("!!document.querySelector('.notes')")


def test_a_locked_login_is_told_when_to_try_again(phone):
    browser, _hub, _feed, _api, root = phone
    browser.open(root + "/m/")
    browser.wait_for("!!document.getElementById('signout') || !!document.getElementById('login')")
    if browser.evaluate("!!document.getElementById('signout')"):
        browser.evaluate("document.getElementById('signout').click()")
    for n in range(6):
        browser.evaluate("document.getElementById('signin-error').textContent = ''")
        sign_in(browser, "kythuat", f"sai-{n}")
        browser.wait_for("document.getElementById('signin-error').textContent.length > 0")
    assert text(browser, "#signin-error").startswith("Tạm khoá đăng nhập do nhập sai nhiều lần: thử lại sau 1")
    browser.screenshot(ARTIFACTS / "mobile-signin-locked.png")
