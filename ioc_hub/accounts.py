"""``ioc-hub add-wall NAME``: everything a new wall needs to join the hub, in one step.

1. a hub API token for the wall (role operator, named after the wall) in the hub's token file: the wall reads
   history and forwards its operators' acknowledgements with it (a running hub reads the file again by itself);
2. a broker account: user NAME with a new password, added to Mosquitto's password file with ``mosquitto_passwd -b``
   (the shipped ACL lets a user read the hub's topics and write only under ``walls/NAME/``); Mosquitto reads the
   file again on SIGHUP (``systemctl reload mosquitto`` or ``kill -HUP``);
3. the wall's link file (``ioc_core/hublink/credentials.py``, mode 0600) with the hub's API address, its
   certificate's fingerprint (pinned by the wall), the topic prefix and the broker account: copy it to the wall's
   state folder as ``hub-link.json`` and start the wall with ``--hub auto`` (or ``--hub FILE``).

Nothing secret is printed: the output names the files written."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import shutil
import subprocess
from pathlib import Path

from ioc_core.api.tokens import FILE_NAME as TOKENS_FILE
from ioc_core.api.tokens import TokenError, TokenStore
from ioc_core.hublink.credentials import BrokerAccount, HubLinkConfig
from ioc_core.hublink.topics import Topics
from ioc_core.jsonfile import read_json, write_json_atomic
from ioc_core.problems import InvalidFile

log = logging.getLogger("hub")

DEFAULT_PASSWD = Path("/etc/mosquitto/ioc.passwd")
API_FILE = "hub-api.json"  # where the running hub says its API address and fingerprint (for add-wall)
_WALL_NAME = "abcdefghijklmnopqrstuvwxyz0123456789-_"


def check_wall_name(name: str) -> str:
    """A wall's name is its broker user and a topic level: lower-case letters, digits, '-' and '_'."""
    if not name or len(name) > 64 or any(ch not in _WALL_NAME for ch in name) or name in ("hub",):
        raise ValueError(f"wall name {name!r}: 1 to 64 of a-z, 0-9, '-', '_' (and not 'hub')")
    Topics().wall_presence(name)
    return name


def write_api_file(state_dir: Path, url: str, fingerprint: str, prefix: str) -> None:
    """The hub's own address, written at each start for ``add-wall`` (nothing secret in it)."""
    write_json_atomic(Path(state_dir) / API_FILE, {"schema_version": 1, "api": url, "fingerprint": fingerprint,
                                                   "topic_prefix": prefix})


def add_broker_user(passwd_file: Path, user: str, password: str) -> None:
    """``mosquitto_passwd -b`` (``-c`` for a new file): the password hashed into the file; CalledProcessError
    with mosquitto_passwd's own message when it refuses."""
    tool = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
    passwd_file = Path(passwd_file)
    create = [] if passwd_file.exists() and passwd_file.stat().st_size else ["-c"]
    subprocess.run([tool, *create, "-b", str(passwd_file), user, password], check=True, capture_output=True,
                   text=True, timeout=30)


def add_wall(state_dir: Path, name: str, broker_url: str, passwd_file: Path, out: Path, api_url: str = "",
             fingerprint: str | None = None, prefix: str = "", ca_file: str | None = None) -> HubLinkConfig:
    """The three steps above; returns the link written to ``out``."""
    check_wall_name(name)
    state_dir = Path(state_dir)
    said = {}
    if (state_dir / API_FILE).exists():
        said = read_json(state_dir / API_FILE, str(state_dir / API_FILE))
    api_url = api_url or said.get("api", "")
    if not api_url:
        raise ValueError(f"the hub's API address is not known: start the hub once (it writes {state_dir / API_FILE})"
                         " or give --api-url https://HOST:PORT/api/v1")
    fingerprint = said.get("fingerprint", "") if fingerprint is None else fingerprint
    prefix = prefix or said.get("topic_prefix", "") or "ioc"
    password = secrets.token_urlsafe(24)
    add_broker_user(passwd_file, name, password)
    token = TokenStore(state_dir / TOKENS_FILE).issue(name, "operator")
    link = HubLinkConfig(api_url.rstrip("/"), token, BrokerAccount(broker_url, name, password, ca_file), name,
                         fingerprint, prefix)
    out.parent.mkdir(parents=True, exist_ok=True)
    link.save(out)
    HubLinkConfig.load(out)  # what the wall will read: checked now, not at the wall
    return link


def parse_args(argv: list[str]) -> argparse.Namespace:
    from ioc_hub.app import default_state_dir

    p = argparse.ArgumentParser(prog="ioc-hub add-wall", description="Give a wall its hub token, its broker "
                                "account and its link file (hub-link.json).")
    p.add_argument("name", metavar="NAME", help="the wall's name: its broker user and its token's name (phong-hop)")
    p.add_argument("--state-dir", metavar="DIR", type=Path,
                   default=Path(os.environ["IOC_HUB_STATE_DIR"]) if os.environ.get("IOC_HUB_STATE_DIR") else None,
                   help="the hub's state folder (default: the hub's)")
    p.add_argument("--broker-url", metavar="URL", help="the broker as the wall reaches it, mqtt://HOST:1883 or "
                   "mqtts://HOST:8883 (default: the hub's own broker link's)")
    p.add_argument("--ca-file", metavar="FILE", help="the CA certificate the wall checks an mqtts:// broker with")
    p.add_argument("--passwd-file", metavar="FILE", type=Path, default=DEFAULT_PASSWD,
                   help=f"Mosquitto's password file (default {DEFAULT_PASSWD})")
    p.add_argument("--api-url", metavar="URL", help="the hub's API as the wall reaches it (default: what the hub "
                   "said at its last start)")
    p.add_argument("--out", metavar="FILE", type=Path, help="the link file to write (default: "
                   "<state>/walls/NAME/hub-link.json)")
    args = p.parse_args(argv)
    if args.state_dir is None:
        args.state_dir = default_state_dir(False)
    return args


def main(argv: list[str]) -> int:
    from ioc_core.statedir import keep_private
    from ioc_hub.app import broker_link_path, load_broker

    args = parse_args(argv)
    keep_private(args.state_dir)
    broker_url = args.broker_url
    if not broker_url:
        try:
            broker_url = load_broker(broker_link_path(args)).url
        except InvalidFile as exc:
            print(f"ioc-hub add-wall: give --broker-url (the hub's broker link is not usable: {exc})")
            return 2
    out = args.out or args.state_dir / "walls" / args.name / "hub-link.json"
    try:
        link = add_wall(args.state_dir, args.name, broker_url, args.passwd_file, out, args.api_url or "",
                        ca_file=args.ca_file)
    except (ValueError, TokenError, InvalidFile, OSError) as exc:
        print(f"ioc-hub add-wall: {exc}")
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"ioc-hub add-wall: mosquitto_passwd refused ({exc.returncode}): {(exc.stderr or '').strip()}")
        return 2
    print(f"wall '{args.name}' added:\n"
          f"  hub token (operator) in {args.state_dir / TOKENS_FILE}\n"
          f"  broker user '{args.name}' in {args.passwd_file}: Mosquitto must reload it now "
          f"(systemctl reload mosquitto, or kill -HUP <mosquitto's pid>)\n"
          f"  link file {out} (0600; hub {link.hub}, broker {link.broker.url}): copy it to the wall's state folder "
          f"as hub-link.json and start the wall with --hub auto")
    return 0
