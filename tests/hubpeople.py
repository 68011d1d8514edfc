"""A real hub with people on it, for the tests of the phones' page, messages and manual entry: Mosquitto, the
integration gateway (tests/hubsite.py's Feed) and ``ioc-hub`` in a child process, with the accounts below made
before it starts; ``signed_in`` gives a requests session signed in as a person (its cookie and CSRF token)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import requests

from ioc_hub.people import CSRF_HEADER, FILE_NAME, People

from .broker import Mosquitto
from .hubproc import READY, HubProcess, write_broker_link
from .hubsite import Feed

PASSWORD = "mật-khẩu-thử-nghiệm-1"  # every test account's (Vietnamese letters: UTF-8 all the way)
PEOPLE = {  # login: (role, name, sectors, department, email)
    "lanhdao": ("leader", "Nguyễn Văn Lãnh", (), "UBND tỉnh", "lanhdao@ioc.test"),
    "vanhanh": ("operator", "Trần Thị Vận", (), "Trung tâm IOC", "vanhanh@ioc.test"),
    "nhaplieu-ktxh": ("clerk", "Lê Văn Nhập", ("ktxh", "dulich"), "Sở Kế hoạch và Đầu tư", "nhaplieu@ioc.test"),
    "nhaplieu-yte": ("clerk", "Phạm Thị Y", ("yte",), "Sở Y tế", "yte@ioc.test"),
    "kiemduyet": ("checker", "Hoàng Văn Duyệt", (), "Trung tâm IOC", "kiemduyet@ioc.test"),
    "kythuat": ("technician", "Đỗ Văn Kỹ", (), "Trung tâm IOC", ""),
    "quantri": ("administrator", "Vũ Thị Quản", (), "Trung tâm IOC", ""),
}


def seed_people(state_dir: Path, people: dict | None = None) -> None:
    """The accounts in the hub's state folder, before the hub starts (as ``ioc-hub add-person`` makes them)."""
    store = People(Path(state_dir) / FILE_NAME)
    try:
        for login, (role, name, sectors, department, email) in (people or PEOPLE).items():
            store.add(login, name, role, PASSWORD, sectors, department, email)
    finally:
        store.close()


def signed_in(api_url: str, login: str, password: str = PASSWORD) -> requests.Session:
    """A browser's session as a person: the cookie kept by the session, the CSRF token sent on every request."""
    s = requests.Session()
    r = s.post(api_url + "/session", json={"login": login, "password": password}, timeout=10)
    assert r.status_code == 200, r.text
    s.headers[CSRF_HEADER] = r.json()["csrf"]
    s.api = api_url  # type: ignore[attr-defined]
    return s


@contextlib.contextmanager
def people_hub(folder: Path, *args: str, every_s: int = 1, people: dict | None = None):
    """(hub, feed, broker): a running hub with ``PEOPLE`` (or ``people``) on a broker and a feed of its own; every
    process ended when the block ends, however it ends."""
    folder = Path(folder)
    broker, feed, hub = Mosquitto(folder / "mosquitto"), Feed(), None
    try:
        broker.start()
        link = write_broker_link(folder / "hub-broker.json", broker)
        sources = feed.sources_file(folder, every_s)
        seed_people(folder / "hub", people)
        hub = HubProcess(folder / "hub", "--sources", str(sources), "--broker-link", str(link), "--name",
                         "hub-test", *args)
        hub.wait_for(READY, 60)
        yield hub, feed, broker
    finally:
        if hub is not None:
            hub.stop()
        feed.server.close()
        broker.stop()
