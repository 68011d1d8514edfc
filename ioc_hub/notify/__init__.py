"""Alert messages to people (the hub's part ``hub.messenger``): e-mail and the province's signed webhook gateways.

    GET /api/v1/me/subscription             subscribe: the caller's subscription (a default if none is stored)
    PUT /api/v1/me/subscription             subscribe: {"sectors", "severities", "quiet", "channels"}; 400 names
                                            the field (an unknown sector, a bad time, an unknown gateway, an
                                            address not the person's own: subscriptions.Own)
    GET/PUT /api/v1/people/{login}/subscription   people: anyone's, for an administrator, any address (the
                                            channels set so become that person's to use on their own)
    GET /api/v1/deliveries                  deliveries: ?alert=ID&state=queued|held|sent|failed&limit=N, newest
                                            first, addresses masked; "config": whether notify.json is in use

Threads: the hub's thread only hands an alert's change to the planner (``_alert_changed`` returns at once); the
planner ("notify-plan") makes the deliveries (who wants it, on which channel, held in their quiet hours), rereads
notify.json when it changes, releases what quiet hours held and escalates what nobody acknowledged; two senders
("notify-send-N") send what is due with retries (first_s doubling up to max_s, then "failed"). Neither the hub's
thread nor an API thread ever waits on a mail server or a gateway.

Who gets what: a person who subscribed gets an alert raised in their sectors and severities, and again when a
warning becomes critical ("escalated"), once per channel. A cleared alert is not messaged: the wall and the page
show it; a second message at night saying "it is over" wakes people for nothing. An alert still open and not
acknowledged ``after_min`` after it was raised goes to the first person of its sector's chain (or "*"), one more
person each ``after_min``, whatever their quiet hours (they are on call): to their subscription's channels, else
their account's e-mail. Manual entry tells a department (``tell_department``) by e-mail."""

from __future__ import annotations

import logging
import queue
import threading
import time

from ioc_core import clock as wallclock
from ioc_core.api.routes import answer, refusal
from ioc_hub.notify import channels, config, store, subscriptions, texts

log = logging.getLogger("hub.notify")

PLAN_TICK_S = 0.5  # the planner's beat: notify.json, quiet hours ending, escalations
SENDERS = 2
LIMIT_MAX = 1000
KEEP_DAYS = 90  # sent and failed deliveries kept in the log this long
_STOP = object()


class Messenger:
    def __init__(self, clock=None, senders: int = SENDERS):
        # the time of alerts, quiet hours, retries and the outbox: the hub's clock of record unless a test gives one
        self.clock = clock
        self.senders = senders
        self.hub = None
        self.watched: config.Watched | None = None
        self.outbox: store.Outbox | None = None
        self._events: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._cond = threading.Condition()
        self._generation = 0
        self._threads: list[threading.Thread] = []
        self._escalated: set[tuple[str, int]] = set()  # (alert, step) queued already (the outbox is the record)
        self._unknown: set[str] = set()  # chain logins warned about once
        self._refused: set[tuple] = set()  # (login, channel) not theirs to use, warned about once

    # -- the part's life ----------------------------------------------------------------------------------------
    def start(self, hub) -> None:
        self.hub = hub
        self.clock = self.clock or getattr(hub, "clock", None) or wallclock.now_s
        state = hub.settings.state_dir
        self.watched = config.Watched(state / config.FILE_NAME, sectors=set(hub.catalogue.sectors))
        self.watched.poll()
        self.outbox = store.Outbox(state / store.FILE_NAME, clock=self.clock)
        hub.api.add_routes([
            ("GET", r"/me/subscription", "subscribe", self._my_subscription),
            ("PUT", r"/me/subscription", "subscribe", self._set_my_subscription),
            ("GET", r"/people/(?P<login>[^/]+)/subscription", "people", self._subscription_of),
            ("PUT", r"/people/(?P<login>[^/]+)/subscription", "people", self._set_subscription_of),
            ("GET", r"/deliveries", "deliveries", self._deliveries),
        ])
        hub.alert_listeners.append(self._alert_changed)
        hub.messenger = self
        self._threads = [threading.Thread(target=self._plan, name="notify-plan", daemon=True)]
        self._threads += [threading.Thread(target=self._send_loop, name=f"notify-send-{n + 1}", daemon=True)
                          for n in range(self.senders)]
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        self._events.put(_STOP)
        self._wake()
        for t in self._threads:
            t.join(15)
        if self.hub is not None and self._alert_changed in self.hub.alert_listeners:
            self.hub.alert_listeners.remove(self._alert_changed)
        if self.outbox is not None:
            self.outbox.close()

    # -- what other parts call ------------------------------------------------------------------------------------
    def page_link(self, fragment: str) -> str:
        """A place on the mobile page as phones reach it: notify.json's page_url, else the hub's own /m/."""
        base = self.watched.config.page_url
        if not base:
            api = getattr(self.hub, "api_url", "") or ""
            base = (api[:-len("/api/v1")] if api.endswith("/api/v1") else api) + "/m/"
        return base + fragment

    def alert_link(self, alert_id: str) -> str:
        """Where a message about the alert leads: the mobile page, opened on the alert."""
        return self.watched.config.link(alert_id, self.page_link(""))

    def tell_department(self, department: str, subject: str, text: str, link: str, key: str) -> int:
        """An e-mail to each person of ``department`` (their subscription's e-mail, else their account's); once per
        ``key``: the number of messages queued now (0 when they were before). ``link``: an address, or a place on
        the mobile page ("#/sector/ktxh") made whole with its address (``page_link``)."""
        wanted = " ".join(department.split()).casefold()
        people = [p for p in self.hub.people.all()
                  if not p.disabled and " ".join(p.department.split()).casefold() == wanted]
        return sum(self._tell(p, subject, text, link, key) for p in people)

    def tell_person(self, login: str, subject: str, text: str, link: str, key: str) -> int:
        person = self.hub.people.get(login)
        if person is None or person.disabled:
            return 0
        return self._tell(person, subject, text, link, key)

    def _tell(self, person, subject: str, text: str, link: str, key: str) -> int:
        if link.startswith("#"):  # a place on the mobile page ("#/sector/ktxh"), as phones reach it
            link = self.page_link(link)
        sub = self.outbox.subscription(person.login)
        addresses = [c["to"] for c in self._usable(person, (sub or {}).get("channels", [])) if c["kind"] == "email"] \
            or ([person.email] if person.email else [])
        hold = subscriptions.quiet_until((sub or {}).get("quiet"), self.clock(), "warning")
        body = f"{text}\n\n{link}\n\n--\n{texts.SIGNATURE}" if link else f"{text}\n\n--\n{texts.SIGNATURE}"
        n = 0
        for to in addresses:
            did = self.outbox.add(f"msg:{key}", "message", person.login, f"email:{to}", name=person.name,
                                  kind="email", gateway="", recipient=to, subject=subject[:200], text=body,
                                  link=link, payload={}, hold_until=hold)
            if did is not None:
                n += 1
                log.info("message %s %s: '%s' to %s by email", did, "held" if hold else "queued", key, person.login)
        if not addresses:
            log.warning("message '%s' not sent to %s: no e-mail address", key, person.login)
        if n:
            self._wake()
        return n

    # -- the hub's thread ---------------------------------------------------------------------------------------
    def _alert_changed(self, alert, event: str) -> None:
        if event in ("raised", "escalated"):
            self._events.put((alert.to_json(), event))

    # -- the planner --------------------------------------------------------------------------------------------
    def _plan(self) -> None:
        next_beat = next_prune = 0.0
        while not self._stop.is_set():
            try:
                item = self._events.get(timeout=max(0.0, next_beat - time.monotonic()))
            except queue.Empty:
                item = None
            if item is _STOP:
                return
            try:
                if item is not None:
                    self._fan_out(*item)
                if time.monotonic() >= next_beat:
                    next_beat = time.monotonic() + PLAN_TICK_S
                    self.watched.poll()
                    if self.outbox.release_held():
                        self._wake()
                    self._escalate()
                    if time.monotonic() >= next_prune:
                        next_prune = time.monotonic() + 3600
                        if pruned := self.outbox.prune(self.clock() - KEEP_DAYS * 86400):
                            log.info("%d deliveries older than %d days forgotten", pruned, KEEP_DAYS)
            except Exception:
                log.exception("planning alert messages failed")

    def _fan_out(self, alert: dict, event: str) -> None:
        about = texts.describe(alert, self.hub.catalogue)
        link = self.alert_link(alert["id"])
        n = 0
        for login, sub in self.outbox.subscriptions().items():
            if not subscriptions.wants(sub, alert.get("sector", ""), alert.get("severity", "")):
                continue
            person = self.hub.people.get(login)
            if person is None or person.disabled or "subscribe" not in person.caps:
                continue
            hold = subscriptions.quiet_until(sub.get("quiet"), self.clock(), alert.get("severity", ""))
            n += self._queue(alert["id"], event, person, self._usable(person, sub.get("channels", [])), about, link,
                             hold)
        if n:
            self._wake()

    def _queue(self, alert_id: str, event: str, person, chans: list[dict], about: dict, link: str,
               hold: float | None, step: int = 0) -> int:
        cfg, n = self.watched.config, 0
        waited = cfg.after_min * max(step, 1)  # an escalation's step n: n * after_min after it was raised
        subject = texts.subject(event, about, waited)
        body = texts.body(event, about, link, waited, step)
        line = texts.line(event, about, waited)
        for c in chans:
            kind, gateway, to = c["kind"], c.get("gateway", ""), c["to"]
            channel = f"{kind}:{gateway}:{to}" if gateway else f"{kind}:{to}"
            did = self.outbox.add(alert_id, event, person.login, channel, name=person.name, kind=kind,
                                  gateway=gateway, recipient=to, subject=subject, text=line if gateway else body,
                                  link=link, payload=about, hold_until=hold)
            if did is not None:
                n += 1
                log.info("message %s %s: alert %s %s to %s by %s", did, "held" if hold else "queued", alert_id,
                         event, person.login, f"webhook:{gateway}" if gateway else kind)
        return n

    def _escalate(self) -> None:
        cfg = self.watched.config
        if not cfg.chains or self.hub.publisher is None:
            return
        now, after = self.clock(), cfg.after_min * 60.0
        alerts = self.hub.alerts()
        if len(self._escalated) > 1000:  # forget those of alerts closed meanwhile (the outbox is the record)
            open_ids = {a["id"] for a in alerts}
            self._escalated = {k for k in self._escalated if k[0] in open_ids}
        for alert in alerts:
            if alert.get("cleared_at") is not None or alert.get("acknowledged_by") is not None:
                continue
            chain = cfg.chain(alert.get("sector", ""))
            due = min(len(chain), int((now - (alert.get("raised_at") or now)) // after))
            for step in range(1, due + 1):
                if (alert["id"], step) in self._escalated:
                    continue
                self._escalated.add((alert["id"], step))
                login = chain[step - 1]
                person = self.hub.people.get(login)
                if person is None or person.disabled:
                    if login not in self._unknown:
                        self._unknown.add(login)
                        log.warning("escalation chain of %s: no person '%s' (notify.json): skipped",
                                    alert.get("sector"), login)
                    continue
                sub = self.outbox.subscription(login) or {}
                chans = self._usable(person, sub.get("channels") or []) or \
                    ([{"kind": "email", "to": person.email}] if person.email else [])
                if not chans:
                    log.warning("escalation of alert %s: %s has no e-mail nor channel", alert["id"], login)
                    continue
                about = texts.describe(alert, self.hub.catalogue)
                if self._queue(alert["id"], f"escalation-{step}", person, chans, about, self.alert_link(alert["id"]),
                               None, step):
                    self._wake()

    def _usable(self, person, chans: list[dict]) -> list[dict]:
        """The channels ``person`` may be messaged on now: their account's e-mail and phone and what an
        administrator set for them (a subscription stored before that rule, or before the account's e-mail changed,
        may hold others: not sent to, said once in the log without the address)."""
        own = subscriptions.Own(person.email, person.phone, self.outbox.approved(person.login))
        out = []
        for c in chans:
            if own.allows(c):
                out.append(c)
            elif (person.login, subscriptions.channel_key(c)) not in self._refused:
                self._refused.add((person.login, subscriptions.channel_key(c)))
                log.warning("a channel of %s's subscription (%s) is not their account's nor set by an administrator: "
                            "not messaged there", person.login,
                            f"webhook:{c.get('gateway')}" if c["kind"] == "webhook" else c["kind"])
        return out

    # -- the senders --------------------------------------------------------------------------------------------
    def _wake(self) -> None:
        with self._cond:
            self._generation += 1
            self._cond.notify_all()

    def _send_loop(self) -> None:
        http = channels.requests.Session()
        try:
            while not self._stop.is_set():
                with self._cond:
                    generation = self._generation
                try:
                    row = self.outbox.claim()
                except Exception:
                    log.exception("the outbox could not be read")
                    row = None
                if row is None:
                    due = self.outbox.next_due() if not self._stop.is_set() else None
                    wait = 1.0 if due is None else min(1.0, max(0.0, due - self.clock()))
                    with self._cond:
                        if self._generation == generation and not self._stop.is_set():
                            self._cond.wait(wait)
                    continue
                self._send(row, http)
        finally:
            http.close()

    def _send(self, row, http) -> None:
        cfg = self.watched.config
        did, attempt = row["id"], row["attempts"] + 1
        try:
            if row["kind"] == "email":
                if cfg.smtp is None:
                    raise channels.SendFailed("no SMTP server in notify.json")
                channels.send_email(cfg.smtp, row["recipient"], row["subject"], row["text"], did)
            else:
                gateway = cfg.gateways.get(row["gateway"])
                if gateway is None:
                    raise channels.SendFailed(f"no gateway '{row['gateway']}' in notify.json")
                import json

                body = channels.webhook_body(did, json.loads(row["payload"]), row["recipient"], row["text"],
                                             row["link"], row["queued_at"])
                channels.send_webhook(gateway, body, did, http)
        except channels.SendFailed as exc:
            reason = store.clean_error(exc.reason, cfg.secrets())
            last = exc.permanent or attempt >= cfg.retry.attempts
            retry_at = None if last else self.clock() + cfg.retry.delay(attempt)
            self.outbox.failed(did, reason, retry_at)
            if last:
                log.warning("message %s failed (attempt %d, %s): %s", did, attempt,
                            "not retried" if exc.permanent else "the last", reason)
            else:
                log.info("message %s not sent (attempt %d): %s; again in %g s", did, attempt, reason,
                         cfg.retry.delay(attempt))
            return
        except Exception as exc:  # a bug must not lose the message: retried as any failure
            reason = store.clean_error(f"{type(exc).__name__}: {exc}", cfg.secrets())
            log.exception("message %s: sending failed unexpectedly", did)
            self.outbox.failed(did, reason, None if attempt >= cfg.retry.attempts
                               else self.clock() + cfg.retry.delay(attempt))
            return
        self.outbox.sent(did)
        log.info("message %s sent: alert %s %s to %s by %s (attempt %d)", did, row["alert"], row["event"],
                 row["login"], f"webhook:{row['gateway']}" if row["gateway"] else row["kind"], attempt)

    # -- the API's threads ----------------------------------------------------------------------------------------
    def _subscription_doc(self, person) -> dict:
        sub = self.outbox.subscription(person.login)
        cfg = self.watched.config
        return {"login": person.login, **(sub or subscriptions.default(person.email)), "stored": sub is not None,
                "gateways": [{"name": g.name, "title": g.title} for g in cfg.gateways.values()]}

    def _set(self, who, person, body, anyone: bool) -> object:
        """Store ``person``'s subscription; ``anyone``: an administrator sets it, any address, and the channels
        become theirs to use on their own; else only the person's own addresses (subscriptions.Own)."""
        own = None if anyone else subscriptions.Own(person.email, person.phone, self.outbox.approved(person.login))
        try:
            doc = self.hub.api._json_body(body)
            sub = subscriptions.checked(doc, set(self.hub.catalogue.sectors), self.watched.config.gateways, own)
        except subscriptions.Refused as exc:
            return refusal(400, str(exc), field=exc.field)
        except ValueError as exc:
            return refusal(400, str(exc))
        self.outbox.set_subscription(person.login, sub, [subscriptions.channel_key(c) for c in sub["channels"]]
                                     if anyone else None)
        self.hub.api._record(who, {"command": "set_subscription", "login": person.login,
                                   "sectors": sub["sectors"], "severities": sub["severities"],
                                   "quiet": sub["quiet"], "channels": [
                                       c["kind"] + (f":{c['gateway']}" if c.get("gateway") else "")
                                       for c in sub["channels"]]})
        return answer(200, self._subscription_doc(person))

    def _my_subscription(self, who, q, body):
        if who.person is None:
            return refusal(400, "a bearer token has no subscription: a person signs in")
        return answer(200, self._subscription_doc(who.person))

    def _set_my_subscription(self, who, q, body):
        if who.person is None:
            return refusal(400, "a bearer token has no subscription: a person signs in")
        return self._set(who, who.person, body, anyone=who.may("people"))

    def _subscription_of(self, who, q, body):
        person = self.hub.people.get(q["login"])
        if person is None:
            return refusal(404, f"no person '{q['login']}'")
        return answer(200, self._subscription_doc(person))

    def _set_subscription_of(self, who, q, body):
        person = self.hub.people.get(q["login"])
        if person is None:
            return refusal(404, f"no person '{q['login']}'")
        return self._set(who, person, body, anyone=True)

    def _deliveries(self, who, q, body):
        state, limit = q.get("state") or None, q.get("limit", "200")
        if state is not None and state not in ("queued", "held", "sent", "failed"):
            return refusal(400, f"state: '{state}' is not one of queued, held, sent, failed")
        if not (limit.isascii() and limit.isdecimal()) or not 1 <= int(limit) <= LIMIT_MAX:
            return refusal(400, f"limit: a whole number 1-{LIMIT_MAX}")
        rows = self.outbox.deliveries(q.get("alert") or None, state, int(limit))
        cfg = self.watched.config
        return answer(200, {"deliveries": rows, "config": {"ok": self.watched.loaded and not self.watched.problem,
                                                           "problem": self.watched.problem, **cfg.summary()}})
