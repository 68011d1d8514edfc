"""``ioc-hub``: the province's data hub (Qt-free). ``ioc-hub add-wall NAME``: a wall's account (accounts.py);
``ioc-hub add-person LOGIN --role ROLE --name NAME``: a person's (people.py); ``ioc-hub people``: everyone.

    ioc-hub --sources /etc/ioc/sources.json --broker-link /etc/ioc/hub-broker.json
    ioc-hub --demo                    the demo's simulated sources and history

Every option has an IOC_HUB_* variable (IOC_HUB_STATE_DIR, IOC_HUB_NAME, IOC_HUB_SOURCES, IOC_HUB_BROKER_LINK,
IOC_HUB_TOPIC_PREFIX, IOC_HUB_API_BIND, IOC_HUB_API_PORT, IOC_HUB_API_PLAIN_HTTP, IOC_HUB_ZEROCONF, IOC_HUB_LOG),
as the wall's IOC_WALL_*. The broker link file (0600):

    {"schema_version": 1, "broker": {"url": "mqtt://127.0.0.1:1883", "username": "hub", "password": "...",
                                     "ca_file": null}}
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import stat
import sys
import threading
from pathlib import Path

from ioc_core.problems import InvalidFile, Problem

log = logging.getLogger("hub")

BROKER_FILE = "hub-broker.json"
DEFAULT_PORT = 8766  # the wall's API is on 8765: a hub and a wall may share a PC


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"IOC_HUB_{name}", default)


def default_state_dir(demo: bool) -> Path:
    """As the wall's (Qt's GenericDataLocation), without Qt: ~/.local/share/ioc-hub on Linux ($XDG_DATA_HOME),
    %LOCALAPPDATA%\\ioc-hub on Windows, ~/Library/Application Support/ioc-hub on macOS; demo/ inside for --demo."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ioc-hub" / ("demo" if demo else "")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="ioc-hub", description="IOC hub: runs the province's sources, store and alert "
                                "rules once and publishes them to every wall through an MQTT broker. "
                                "'ioc-hub add-wall NAME --help': a wall's account.")
    p.add_argument("--demo", action="store_true", help="run the demo's simulated sources (and its history)")
    p.add_argument("--sources", metavar="FILE", type=Path, default=_path(_env("SOURCES")),
                   help="the systems that feed indicator data (JSON, the wall's format)")
    p.add_argument("--state-dir", metavar="DIR", type=Path, default=_path(_env("STATE_DIR")),
                   help="where the hub keeps its store, alert book, tokens, audit log and certificate")
    p.add_argument("--name", default=_env("NAME", socket.gethostname()), help="the hub's name (default: host name)")
    p.add_argument("--broker-link", metavar="FILE", type=Path, default=_path(_env("BROKER_LINK")),
                   help=f"the broker's address and the hub's account (default: {BROKER_FILE} in the state folder)")
    p.add_argument("--topic-prefix", default=_env("TOPIC_PREFIX", "ioc"), help="topics under this (default ioc)")
    p.add_argument("--api-bind", metavar="ADDRESS", default=_env("API_BIND", "0.0.0.0"),
                   help="address the hub's API listens on (default 0.0.0.0: every interface)")
    p.add_argument("--api-port", metavar="PORT", type=int, default=int(_env("API_PORT", str(DEFAULT_PORT))),
                   help=f"the hub's API port (default {DEFAULT_PORT}; 0 picks a free one, logged at start)")
    p.add_argument("--api-plain-http", action="store_true", default=_env("API_PLAIN_HTTP", "") not in ("", "0"),
                   help="plain HTTP instead of HTTPS with the hub's own certificate (tokens cross the LAN readable)")
    p.add_argument("--zeroconf", metavar="IFACES", default=_env("ZEROCONF", "all"),
                   help="advertise _iochub._tcp on these interfaces (comma-separated addresses), 'all', or 'off'")
    p.add_argument("--log-level", default=_env("LOG", "INFO"))
    args = p.parse_args(argv)
    if args.state_dir is None:
        args.state_dir = default_state_dir(args.demo)
    return args


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def broker_link_path(args: argparse.Namespace) -> Path:
    return getattr(args, "broker_link", None) or args.state_dir / BROKER_FILE


def load_broker(path: Path):
    """The hub's BrokerAccount from its broker link file; InvalidFile naming each unusable field (the address is
    checked as a wall's link checks it: ioc_core/hublink/client.py's parse_url)."""
    from ioc_core.hublink.client import parse_url
    from ioc_core.hublink.credentials import SCHEMA_VERSION, BrokerAccount
    from ioc_core.jsonfile import read_json

    label = str(path)
    _keep_link_private(path)
    doc = read_json(path, label)
    if not isinstance(doc, dict):
        raise InvalidFile([Problem(label, "", "a JSON object is expected")])
    problems = []
    if doc.get("schema_version") != SCHEMA_VERSION:
        problems.append(Problem(label, "schema_version", f"{doc.get('schema_version')!r}: this hub reads version "
                                                         f"{SCHEMA_VERSION}"))
    broker = doc.get("broker")
    if not isinstance(broker, dict):
        raise InvalidFile([*problems, Problem(label, "broker", "an object with url, username and password is "
                                                               "required")])
    for key in ("url", "username", "password"):
        if not isinstance(broker.get(key), str) or not broker[key]:
            problems.append(Problem(label, f"broker.{key}", "is required (text)"))
    if isinstance(broker.get("url"), str) and broker["url"]:
        try:
            parse_url(broker["url"])
        except ValueError as exc:
            problems.append(Problem(label, "broker.url", str(exc)))
    ca = broker.get("ca_file") or None
    if ca is not None and (not isinstance(ca, str) or not os.path.isfile(ca)):
        problems.append(Problem(label, "broker.ca_file", f"{ca}: no such file"))
    if problems:
        raise InvalidFile(problems)
    return BrokerAccount(broker["url"], broker["username"], broker["password"], ca)


def _keep_link_private(path: Path) -> None:
    """The broker link holds the hub's broker password: a file readable by its group or others is made 0600 (as the
    API's token file is), with a warning naming the file (never what is in it)."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return  # read_json says what is wrong with it
    if not mode & 0o077:
        return
    try:
        os.chmod(path, 0o600)
        log.warning("the broker link %s (it holds the broker's password) was readable by others (%o); now 600", path,
                    mode)
    except OSError as exc:
        log.warning("the broker link %s (it holds the broker's password) is readable by others (%o) and cannot be "
                    "made 600: %s", path, mode, exc.strerror)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from ioc_core import redact
    from ioc_core.logsetup import stderr_handler

    if argv[:1] == ["add-wall"]:
        logging.basicConfig(level="WARNING", handlers=[stderr_handler()])
        redact.guard_logs()
        from ioc_hub.accounts import main as add_wall

        return add_wall(argv[1:])
    if argv[:1] in (["add-person"], ["people"]):
        logging.basicConfig(level="WARNING", handlers=[stderr_handler()])
        from ioc_hub.people import cli

        return cli(argv)
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), handlers=[stderr_handler()])
    redact.guard_logs()  # no password or token in an address reaches the log, whoever logs it
    from ioc_core.statedir import keep_private

    keep_private(args.state_dir)  # tokens, the audit log, the broker's password: 0600 in a 0700 folder
    link_path = broker_link_path(args)
    try:
        broker = load_broker(link_path)
    except InvalidFile as exc:
        log.error("no usable broker link (%s): write it as {\"schema_version\": 1, \"broker\": {\"url\": "
                  "\"mqtt://HOST:1883\", \"username\": \"hub\", \"password\": \"...\"}} (mode 0600), or give "
                  "--broker-link FILE", exc)
        return 2
    problems: list[Problem] = []
    from ioc_core.loading import load_data_model, load_source_set, store_demo_history

    catalogue, _views, _state = load_data_model(args, problems)
    if catalogue is None:
        log.error("the indicator catalogue is unusable: the hub cannot run")
        return 2
    from ioc_hub.service import Hub, HubSettings

    settings = HubSettings(args.state_dir, args.name, broker, args.topic_prefix, args.api_bind, args.api_port,
                           args.api_plain_http, args.zeroconf)
    try:
        hub = Hub(settings, catalogue, list(load_source_set(args, catalogue).sources),
                  prepare=(lambda path: store_demo_history(path, catalogue)) if args.demo else None)
    except ValueError as exc:  # a topic prefix that cannot be one
        log.error("%s", exc)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        hub.start()
    except OSError as exc:  # the API's port taken, the state folder not writable
        log.error("the hub cannot start: %s", exc)
        hub.stop()
        return 2
    from ioc_hub.accounts import write_api_file

    fingerprint = hub.identity.fingerprint if hub.identity is not None else ""
    try:
        write_api_file(args.state_dir, hub.api_url, fingerprint, settings.topic_prefix)
    except OSError as exc:
        log.warning("the hub's address is not written for add-wall: %s", exc)
    connected = hub.wait_connected(3.0)
    log.info("hub ready: '%s', %d sources, broker %s %s, topics under %s/", args.name, len(hub.runner.sources),
             broker.url, "connected" if connected else "not reachable yet (retrying)", settings.topic_prefix)
    from ioc_core import sdnotify

    sdnotify.notify("READY=1")
    while not stop.wait(3600):
        pass
    log.info("hub stopping")
    hub.stop()
    log.info("hub stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
