"""The topics the hub publishes on and the walls read, under one prefix per province (``ioc`` unless configured).

    {p}/hub/presence                    retained: the hub online (with its counts) or offline (its last will)
    {p}/readings/{indicator}            retained: the latest reading of one indicator in every region
    {p}/alerts/{alert id}               retained: one alert as the hub's book holds it; an empty payload removes it
    {p}/health                          retained: every source's health record
    {p}/forecasts/{indicator}           retained: one indicator's outlook (forecast, record, risks, anomalies) as
                                        the hub computed it; an empty payload removes it
    {p}/walls/{wall}/presence           retained, written by each wall: online, or offline (its last will)
    {p}/requests/{request id}           retained: a leader's request to show something on a wall, as asked and as
                                        answered (ioc_hub/requests.py); an empty payload removes it

Only the hub writes the first five and the requests (the broker's ACL: ``deploy/mosquitto/acl``); a wall writes
only under its own ``walls/{its user name}``. Alert ids hold slashes ("indicator/region/cause/n"): they become topic
levels, read back whole from everything after ``alerts/``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PREFIX = "ioc"
_FORBIDDEN = set("+#\x00")


def _level(text: str, what: str) -> str:
    if not text or _FORBIDDEN & set(text) or "/" in text:
        raise ValueError(f"{what} {text!r} cannot be a topic level (empty, or holds '/', '+', '#' or NUL)")
    return text


@dataclass(frozen=True)
class Topics:
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self):
        if not self.prefix or _FORBIDDEN & set(self.prefix) or self.prefix.startswith("/") or self.prefix.endswith("/"):
            raise ValueError(f"topic prefix {self.prefix!r}: letters, digits and inner '/' only")

    # -- what the hub writes -------------------------------------------------------------------------------
    @property
    def presence(self) -> str:
        return f"{self.prefix}/hub/presence"

    @property
    def health(self) -> str:
        return f"{self.prefix}/health"

    def readings(self, indicator: str) -> str:
        return f"{self.prefix}/readings/{_level(indicator, 'indicator')}"

    def forecast(self, indicator: str) -> str:
        return f"{self.prefix}/forecasts/{_level(indicator, 'indicator')}"

    def alert(self, alert_id: str) -> str:
        if not alert_id or _FORBIDDEN & set(alert_id) or "//" in alert_id or alert_id.startswith("/"):
            raise ValueError(f"alert id {alert_id!r} cannot be a topic")
        return f"{self.prefix}/alerts/{alert_id}"

    def request(self, request_id: str) -> str:
        return f"{self.prefix}/requests/{_level(request_id, 'request id')}"

    # -- what a wall writes --------------------------------------------------------------------------------
    def wall_presence(self, wall: str) -> str:
        return f"{self.prefix}/walls/{_level(wall, 'wall name')}/presence"

    # -- subscriptions -------------------------------------------------------------------------------------
    @property
    def indicators_all(self) -> str:
        return f"{self.prefix}/readings/+"

    @property
    def forecasts_all(self) -> str:
        return f"{self.prefix}/forecasts/+"

    @property
    def alerts_all(self) -> str:
        return f"{self.prefix}/alerts/#"

    @property
    def requests_all(self) -> str:
        return f"{self.prefix}/requests/+"

    @property
    def walls_all(self) -> str:
        return f"{self.prefix}/walls/+/presence"

    def wall_subscriptions(self) -> list[str]:
        """What a wall subscribes to, the hub's presence first (it says how many readings to wait for)."""
        return [self.presence, self.indicators_all, self.alerts_all, self.health, self.requests_all,
                self.forecasts_all]

    # -- reading a topic back --------------------------------------------------------------------------------
    def parse(self, topic: str) -> tuple[str, tuple[str, ...]]:
        """(kind, parts): ("readings", (indicator,)), ("alert", (id,)), ("health", ()), ("presence", ()),
        ("wall", (name,)), ("request", (id,)), ("forecast", (indicator,)); ("", ()) for anything else (ignored)."""
        head = self.prefix + "/"
        if not topic.startswith(head):
            return "", ()
        rest = topic[len(head):]
        if rest == "hub/presence":
            return "presence", ()
        if rest == "health":
            return "health", ()
        parts = rest.split("/")
        if parts[0] == "readings" and len(parts) == 2:
            return "readings", (parts[1],)
        if parts[0] == "forecasts" and len(parts) == 2 and parts[1]:
            return "forecast", (parts[1],)
        if parts[0] == "alerts" and len(parts) > 1:
            return "alert", ("/".join(parts[1:]),)
        if parts[0] == "requests" and len(parts) == 2 and parts[1]:
            return "request", (parts[1],)
        if parts[0] == "walls" and len(parts) == 3 and parts[2] == "presence":
            return "wall", (parts[1],)
        return "", ()
