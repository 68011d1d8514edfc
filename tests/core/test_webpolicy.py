"""Which web addresses the wall may show (Qt-free): the allowlist, its place in the wall configuration, the
controller refusing a page outside it, and the page catalogue offered to consoles."""

from __future__ import annotations

import pytest

from ioc_core.catalogue.webpages import load_webpages, parse_webpages
from ioc_core.control.controller import Controller
from ioc_core.layouts import LayoutLibrary
from ioc_core.problems import InvalidFile
from ioc_core.setup.geometry import WallGeometry
from ioc_core.setup.wall_config import DEFAULT_WEB_ALLOW, parse_config
from ioc_core.setup.webpolicy import WebAllowlist, entry_problem

from ..common import SHIPPED_LAYOUTS

ALLOW = WebAllowlist(("dichvucong.nghean.gov.vn", "*.hue.gov.vn", "127.0.0.1:8080", "[::1]"))


@pytest.mark.parametrize("url", [
    "https://dichvucong.nghean.gov.vn/",
    "http://DichVuCong.NgheAn.gov.vn:8443/ho-so?id=1",  # any port when the entry names none; case does not matter
    "https://ioc.hue.gov.vn/",
    "https://a.b.hue.gov.vn/x",
    "http://127.0.0.1:8080/page",
    "http://[::1]:9000/",
    "HTTPS://DICHVUCONG.NGHEAN.GOV.VN/",  # case does not matter, in the scheme or the host
    "https://ｄｉｃｈｖｕｃｏｎｇ.nghean.gov.vn/",  # full-width letters: the same host to browsers and to the check
    "https://dichvucong。nghean。gov。vn/",  # ideographic full stops are dots
    "http://127.0.0.1:8080/x?y=1#z",
    "http://[::1]:1/",
    "https://tin-tuc.hue.gov.vn:8443/",
])
def test_allowed(url):
    assert ALLOW.problem(url) is None


@pytest.mark.parametrize(("url", "words"), [
    ("https://hue.gov.vn/", "'hue.gov.vn' is not in the wall's web allowlist"),  # *.x is x's subdomains only
    ("https://evilhue.gov.vn/", "not in the wall's web allowlist"),
    ("http://127.0.0.1:8081/", "not in the wall's web allowlist"),  # the entry names a port: only that one
    ("http://127.0.0.1/", "not in the wall's web allowlist"),  # port 80
    ("https://dichvucong.nghean.gov.vn@evil.example/", "'evil.example'"),  # user info is not the host
    ("https://dichvucong.nghean.gov.vn.evil.example/", "not in the wall's web allowlist"),
    ("file:///etc/passwd", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("data:text/html,hi", "only http and https"),
    ("http:///nohost", "names no host"),
    ("http://127.0.0.1:99999/", "not a valid address"),
    ("FILE:///etc/passwd", "only http and https"),
    ("file://dichvucong.nghean.gov.vn/etc/passwd", "only http and https"),
    ("data:text/html;base64,PGgxPmhpPC9oMT4=", "only http and https"),
    ("javascript:fetch('https://dichvucong.nghean.gov.vn/')", "only http and https"),
    ("about:blank", "only http and https"),
    ("blob:https://dichvucong.nghean.gov.vn/1b2c", "only http and https"),
    ("view-source:https://dichvucong.nghean.gov.vn/", "only http and https"),
    ("ftp://dichvucong.nghean.gov.vn/", "only http and https"),
    ("//dichvucong.nghean.gov.vn/", "only http and https"),
    # user info: the browser goes to the host after the '@'
    ("http://dichvucong.nghean.gov.vn@evil.example/", "before its host 'evil.example'"),
    ("http://dichvucong.nghean.gov.vn:443@evil.example/", "before its host 'evil.example'"),
    ("https://khach:MatKhau1@dichvucong.nghean.gov.vn/", "user name or password before its host"),
    # a backslash: Python's parser takes the host after the '@', Chromium the one before it
    ("http://evil.example\\@dichvucong.nghean.gov.vn/", "backslash"),
    ("https://dichvucong.nghean.gov.vn\t.evil.example/", "control character"),
    ("https://dichvucong.nghean.gov.vn /", "a space"),
    ("https://evil.example%2f.hue.gov.vn/", "not a host name ('evil.example%2f.hue.gov.vn')"),
    ("https://dichvucong.nghean.gov.vn%00.evil.example/", "not a host name"),
    ("https://dіchvucong.nghean.gov.vn/", "'xn--dchvucong-"),  # a Cyrillic і: another host, and refused as one
    ("https://x.straße.hue.gov.vn/", "ß or ς"),
    ("https://x.hue\u200d.gov.vn/", "control character"),  # a zero-width joiner: invisible, and refused
    ("https://hue.gov.vn/", "'hue.gov.vn' is not in the wall's web allowlist"),
    ("http://2130706433:8080/", "not in the wall's web allowlist"),  # 127.0.0.1 written as one number
    ("http://127.0.0.1:8081/", "not in the wall's web allowlist"),
    ("http://127.0.0.1:-1/", "not a valid address"),
    ("http://[::1/", "not a valid address"),
    ("http://[::1%25eth0]/", "not in the wall's web allowlist"),
    ("http://[1.2.3.4]/", "not a valid address"),
    ("http://[::ffff:zz]/", "not a valid address"),
])
def test_refused_with_the_reason(url, words):
    problem = ALLOW.problem(url)
    assert problem is not None and words in problem, problem
    assert "MatKhau1" not in problem  # a refusal is logged: it never repeats a password


def test_an_empty_allowlist_says_so():
    assert "lists no web hosts" in WebAllowlist().problem("https://dichvucong.nghean.gov.vn/")


@pytest.mark.parametrize(("entry", "ok"), [
    ("portal.nghean.gov.vn", True), ("*.nghean.gov.vn", True), ("127.0.0.1:8080", True), ("[::1]:8080", True),
    ("*.vn", False), ("*", False), ("http://portal.gov.vn", False), ("portal.gov.vn/path", False), ("", False),
    ("127.0.0.1:65535", True), ("*.nghean.gov.vn:443", True), ("xn--tnmin-hua.gov.vn", True),
])
def test_allowlist_entries_are_checked(entry, ok):
    assert (entry_problem(entry) is None) is ok


@pytest.mark.parametrize(("entry", "words"), [
    ("*.[::1]", "a wildcard (*.) is for domain names"),
    ("*.[::1]:8080", "a wildcard (*.) is for domain names"),
    ("*.0.0.1", "a wildcard (*.) is for domain names"),
    ("*.10.0.0.1:8080", "a wildcard (*.) is for domain names"),
    ("127.0.0.1:99999", "a port is a number from 1 to 65535"),
    ("portal.gov.vn:0", "a port is a number from 1 to 65535"),
    ("[::1]:65536", "a port is a number from 1 to 65535"),
    ("[1.2.3.4]", "not an IPv6 address"),
    ("[:::::]", "not an IPv6 address"),
    ("*.vn", "every host under a top-level domain"),
])
def test_allowlist_entries_that_would_allow_too_much_or_nothing_are_refused(entry, words):
    problem = entry_problem(entry)
    assert problem is not None and words in problem, problem


def config(**extra):
    return {"schema_version": 1, "screens": {"rows": 3, "cols": 3, "width_px": 1920, "height_px": 1080}, **extra}


def test_the_configuration_holds_the_allowlist():
    assert parse_config(config()).web_allow == DEFAULT_WEB_ALLOW == ("*.gov.vn",)
    cfg = parse_config(config(web={"allow": ["127.0.0.1:8080", "*.nghean.gov.vn"]}))
    assert cfg.web_allowlist().allows("http://127.0.0.1:8080/")
    with pytest.raises(InvalidFile) as err:
        parse_config(config(web={"allow": ["portal.gov.vn", "*.vn"]}), "wall.json")
    assert "wall.json: $.web.allow[1]: '*.vn' would allow every host under a top-level domain" in str(err.value)


def test_the_controller_refuses_a_page_outside_the_allowlist_and_keeps_the_region():
    c = Controller(LayoutLibrary.load_dir(SHIPPED_LAYOUTS), WallGeometry(), web_allow=ALLOW)
    before = c.state
    result = c.execute({"command": "show_view", "region": "hcc",
                        "view": {"kind": "web", "url": "https://evil.example/"}})
    assert not result.accepted
    assert result.reason.startswith("web page refused: host 'evil.example' is not in the wall's web allowlist")
    assert c.state is before
    ok = c.execute({"command": "show_view", "region": "hcc",
                    "view": {"kind": "web", "url": "https://dichvucong.nghean.gov.vn/", "zoom": 1.5}})
    assert ok.accepted and c.state.views["hcc"]["url"] == "https://dichvucong.nghean.gov.vn/"
    bad_scheme = c.execute({"command": "show_view", "region": "hcc", "view": {"kind": "web", "url": "file:///x"}})
    assert not bad_scheme.accepted and "url" in bad_scheme.reason  # the schema already refuses it


def test_the_shipped_pages_are_valid_and_all_allowed_by_default():
    pages = load_webpages()
    assert len(pages.pages) >= 4
    checked = pages.checked(WebAllowlist(DEFAULT_WEB_ALLOW))
    assert set(checked.pages) == set(pages.pages) and not checked.problems
    assert all(p.view["kind"] == "web" and p.view["url"].startswith("https://") for p in pages.pages.values())


def test_pages_outside_the_allowlist_are_not_offered_and_say_why():
    pages = parse_webpages({"schema_version": 1, "pages": [
        {"id": "a", "name": {"vi": "Cổng A"}, "url": "https://a.nghean.gov.vn/", "zoom": 2},
        {"id": "b", "name": {"vi": "Trang B"}, "url": "https://b.example.com/"}]})
    checked = pages.checked(WebAllowlist(("*.nghean.gov.vn",)), "webpages.json")
    assert list(checked.pages) == ["a"]
    assert checked.pages["a"].view == {"kind": "web", "url": "https://a.nghean.gov.vn/", "zoom": 2}
    assert "webpages.json: $.pages[1].url: warning: page 'b' is not offered: host 'b.example.com'" in str(
        checked.problems[0])


def test_a_bad_page_catalogue_names_its_problems():
    with pytest.raises(InvalidFile) as err:
        parse_webpages({"schema_version": 1, "pages": [
            {"id": "a", "name": {"vi": "A"}, "url": "ftp://x/"},
            {"id": "a", "name": {"vi": "A2"}, "url": "https://a.gov.vn/", "zoom": 9}]}, "webpages.json")
    text = str(err.value)
    assert "$.pages[0].url" in text and "$.pages[1].zoom" in text


def test_international_names_are_compared_in_their_ascii_form():
    allow = WebAllowlist(("xn--tnmin-hua.gov.vn",))
    assert allow.problem("https://tnminõ.gov.vn/") is None
    assert allow.problem("https://xn--tnmin-hua.gov.vn/") is None
    assert allow.problem("https://dichvucong.nghean.gov.vn./") is not None  # a trailing dot is the same host ...
    assert WebAllowlist(("dichvucong.nghean.gov.vn",)).problem("https://dichvucong.nghean.gov.vn./") is None
