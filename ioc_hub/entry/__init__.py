"""Departments' figures entered by hand, with approval (maker-checker): the hub's part ``Entry`` (``hub.entry``).

A clerk of a department enters a period's figures of their sector in the form, or uploads the department's Excel
template filled in; every row is checked against the catalogue (``checks.py``) and nothing is kept when one is
wrong. A checker (never the person who entered them) approves or rejects with a reason. Only approved figures reach
the hub's store, as source ``manual-<sector>`` with the approval's time, and from there the walls and phones, as
any fetch's; each names who entered and who approved it (``provenance``; and the source's health record). A
correction is a new submission of the same period carrying every figure approved before (one left out is refused:
the walls could never be told it was withdrawn): approved, it replaces the figures and the one before is kept as
superseded (``/entry/history``). A period whose deadline passed with nothing submitted shows as the source's error
("chưa nộp số liệu tháng 10/2026 (hạn 05/11/2026)") and is messaged once to the department.

Routes (under /api/v1; capability in brackets):

    GET  /entry/forms?sector=S                [enter or check] the form: indicators, periods open, latest figures
    GET  /entry/template?sector=S&period=P    [enter] the department's .xlsx
    POST /entry/submissions                   [enter] {"sector", "period", "kind"?, "rows": [{"indicator",
                                              "region"?, "value"}]} -> 201 the submission; 422 problems
    POST /entry/upload?sector=S&period=P      [enter] the .xlsx filled in -> 201 the submission; 422 problems
    GET  /entry/submissions?sector=&state=    [enter or check] newest first (a clerk: their sectors')
    GET  /entry/submissions/{id}              [enter or check] (a clerk: their sectors')
    POST /entry/submissions/{id}/approve      [check]
    POST /entry/submissions/{id}/reject       [check] {"reason"}
    GET  /entry/history?indicator=&region=    [read] every version of a figure, who and when (figures never
                                              approved: only to checkers and the sector's clerks)
    GET  /entry/missing                       [read] periods past their deadline with nothing submitted
    GET  /entry/provenance?indicator=&region= [read] who entered and approved the figure now shown
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import date, datetime

from ioc_core import fmt
from ioc_core.api.routes import Response, answer, refusal
from ioc_core.fmt import TZ
from ioc_core.indicators.indicator_store import IndicatorStore
from ioc_core.indicators.observation import PROVINCE, Observation
from ioc_core.problems import InvalidFile
from ioc_hub.entry import workbook
from ioc_hub.entry.checks import KIND_VI, check_rows, commune_codes, recheck
from ioc_hub.entry.config import KINDS, EntryConfig, Period, PeriodError, entry_kind, load_config, parse_period
from ioc_hub.entry.store import FILE_NAME, STATES, EntryStore, Submission
from ioc_hub.routes import XLSX

log = logging.getLogger("hub.entry")

SOURCE_PREFIX = "manual-"
EVERY_S = 60.0  # the deadlines looked at
LOOKBACK = 3  # periods past their deadline looked at, per sector and kind
MISSING_S = 5.0  # how long the periods missing are answered from what was last worked out
STATE_VI = {"submitted": "chờ duyệt", "approved": "đã duyệt", "rejected": "bị trả lại", "superseded": "đã thay thế"}
REASON_MAX = 500


def source_of(sector: str) -> str:
    return SOURCE_PREFIX + sector


class Refused(Exception):
    def __init__(self, status: int, text: str, problems: list | None = None):
        super().__init__(text)
        self.status, self.text, self.problems = status, text, problems

    def response(self) -> Response:
        return refusal(self.status, self.text, **({"problems": self.problems} if self.problems else {}))


class Entry:
    def __init__(self, clock=None, every_s: float = EVERY_S):
        """``clock``: epoch seconds (default the hub's), what deadlines are judged against."""
        self._clock, self.every_s = clock, every_s
        self.hub = self.store = None
        self.config = EntryConfig()
        self.config_problems: list[str] = []
        self.entered: dict[str, list] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()  # look at the deadlines now (a submission or an approval)
        self._thread: threading.Thread | None = None
        self._check_lock = threading.Lock()
        # (indicator, region, period) -> the submission whose approval last wrote it: who entered and approved it
        self._approved: dict[tuple[str, str, str], Submission] = {}
        self._index_lock = threading.Lock()
        self._changes = 0  # submissions and decisions so far: what ``missing``'s cache is of
        self._missing: tuple[float, int, list] | None = None
        self._published = False  # the sources' health published once since start

    # -- life ------------------------------------------------------------------------------------------------
    def start(self, hub) -> None:
        self.hub = hub
        self.clock = self._clock or hub.clock
        state_dir = hub.settings.state_dir
        try:
            self.config = load_config(state_dir, hub.catalogue)
        except InvalidFile as exc:
            self.config_problems = [str(p) for p in exc.problems]
            for p in exc.problems:
                log.error("manual entry's settings: %s", p)
            log.error("manual entry runs with its defaults until entry.json is fixed")
        self.entered = self.config.entered(hub.catalogue)
        self.store = EntryStore(state_dir / FILE_NAME)
        for sub in self.store.checked():
            self._index(sub)
        # periods whose deadline fell before entry began (or entry.json's "since") are never reported missing
        began = float(self.store.meta("began", repr(self.clock())))
        self.since = (datetime.combine(self.config.since, datetime.min.time(), TZ) if self.config.since
                      else datetime.fromtimestamp(began, TZ))
        hub.entry = self
        hub.api.add_routes([
            ("GET", r"/entry/forms", "read", self._route(self._form)),
            ("GET", r"/entry/template", "enter", self._route(self._template)),
            ("POST", r"/entry/submissions", "enter", self._route(self._submit)),
            ("POST", r"/entry/upload", "enter", self._route(self._upload)),
            ("GET", r"/entry/submissions", "read", self._route(self._list)),
            ("GET", r"/entry/submissions/(?P<sid>\d{1,12})", "read", self._route(self._one)),
            ("POST", r"/entry/submissions/(?P<sid>\d{1,12})/approve", "check", self._route(self._approve)),
            ("POST", r"/entry/submissions/(?P<sid>\d{1,12})/reject", "check", self._route(self._reject)),
            ("GET", r"/entry/history", "read", self._route(self._history)),
            ("GET", r"/entry/missing", "read", self._route(lambda who, q, b: answer(200, {"missing": self.missing()}))),
            ("GET", r"/entry/provenance", "read", self._route(self._provenance)),
        ])
        self._restore_health()
        self._thread = threading.Thread(target=self._run, name="hub-entry", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(10)
        if self.store is not None:
            self.store.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            if getattr(self.hub, "publisher", None) is not None:
                break  # the hub publishes from here on (parts start before its publisher)
            self._stop.wait(0.1)
        while not self._stop.is_set():
            self._wake.clear()  # a submission meanwhile sets it again: looked at once more straight after
            try:
                self.check_deadlines()
            except Exception:
                log.exception("looking at the deadlines failed")
            self._wake.wait(self.every_s)

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), TZ)

    def _today(self) -> date:
        return self._now().date()

    def _route(self, handler):
        def run(who, q, body):
            try:
                return handler(who, q, body)
            except Refused as exc:
                return exc.response()
        return run

    # -- what other parts ask --------------------------------------------------------------------------------
    def provenance(self, indicator: str, region: str = PROVINCE) -> dict | None:
        """Who entered and who approved the figure now shown for ``indicator`` in ``region`` (None: it is not one
        entered by hand)."""
        ind = self.hub.catalogue.indicators.get(indicator)
        if ind is None or ind.sector not in self.entered:
            return None
        row = self._shown(indicator, region)
        if row is None or row[1] != source_of(ind.sector):
            return None
        with self._index_lock:
            sub = self._approved.get((indicator, region, row[0]))
        if sub is None:
            return None
        return {"entered_by": sub.entered_by, "entered_at": sub.entered_at, "approved_by": sub.checked_by,
                "approved_at": sub.checked_at, "version": sub.version, "period": row[0], "submission": sub.id,
                "text": _note(sub)}

    def _index(self, sub: Submission) -> None:
        with self._index_lock:
            for r in sub.rows:
                self._approved[(r["indicator"], r["region"], r["period"])] = sub

    def _shown(self, indicator: str, region: str) -> tuple | None:
        try:
            db = sqlite3.connect(f"file:{self.hub.store_path}?mode=ro", uri=True, timeout=10)
        except sqlite3.Error:  # no store yet
            return None
        try:
            return db.execute("SELECT period, source FROM observations WHERE indicator=? AND region=? "
                              "ORDER BY period DESC LIMIT 1", (indicator, region)).fetchone()
        except sqlite3.Error:
            return None
        finally:
            db.close()

    def missing(self) -> list[dict]:
        """Periods past their deadline with no figures submitted or approved (nor stored by another source), the
        oldest deadline first: {"sector", "period", "deadline", "department", ...}. Worked out again after a
        submission or a decision, else at most every ``MISSING_S`` (the phones' page asks often)."""
        t, changes = self.clock(), self._changes
        cached = self._missing
        if cached is not None and cached[1] == changes and 0 <= t - cached[0] < MISSING_S:
            return list(cached[2])
        try:
            db = sqlite3.connect(f"file:{self.hub.store_path}?mode=ro", uri=True, timeout=10)
        except sqlite3.Error:  # no store yet: nothing delivered
            db = None
        try:
            out = self._work_out_missing(db)
        finally:
            if db is not None:
                db.close()
        self._missing = (t, changes, out)
        return list(out)

    def _work_out_missing(self, db) -> list[dict]:
        now = self._now()
        since = self.since
        out = []
        for sector, inds in self.entered.items():
            for kind in sorted({entry_kind(i) for i in inds}, key=KINDS.index):
                line = self.config.deadlines[kind]
                p = Period.containing(now.date(), kind)
                for _ in range(800):
                    if line.due(p) <= now:
                        break
                    p = p.shift(-1)
                for _ in range(LOOKBACK):
                    due = line.due(p)
                    if due <= since:
                        break
                    if not self._delivered(db, sector, p, [i for i in inds if entry_kind(i) == kind]):
                        text = f"chưa nộp số liệu {p.label} (hạn {line.shown(p)})"
                        out.append({"sector": sector, "sector_vi": self._sector_vi(sector), **p.to_json(),
                                    "deadline": line.shown(p), "deadline_at": due.timestamp(),
                                    "department": self.config.department(sector), "text": text,
                                    "source": source_of(sector)})
                    p = p.shift(-1)
        return sorted(out, key=lambda m: (m["deadline_at"], m["sector"]))

    def _delivered(self, db, sector: str, period: Period, inds: list) -> bool:
        if any(s.state in ("submitted", "approved")
               for s in self.store.find(sector=sector, kind=period.kind, period=period.stored)):
            return True
        own = [i.id for i in inds if i.period == period.kind]  # a year-to-date figure tells nothing of a month
        if not own or db is None:
            return False
        try:
            marks = ",".join("?" * len(own))
            return db.execute(f"SELECT 1 FROM observations WHERE indicator IN ({marks}) AND period=? LIMIT 1",
                              (*own, period.stored)).fetchone() is not None
        except sqlite3.Error:
            return False

    # -- deadlines and health --------------------------------------------------------------------------------
    def check_deadlines(self) -> list[dict]:
        """The sources' health says which periods are missing; each is messaged once to its department."""
        with self._check_lock:
            late = self.missing()
            by_sector: dict[str, list[str]] = {}
            for m in late:
                by_sector.setdefault(m["sector"], []).append(m["text"])
            store = IndicatorStore(self.hub.store_path, self.hub.catalogue, clock=self.clock)
            try:
                before = self._held(store)
                for sector in self.entered:
                    texts = by_sector.get(sector)
                    store.hold_error(source_of(sector), "; ".join(texts) if texts else None)
                publish = getattr(self.hub, "publish_stored", None)
                if publish is not None and (not self._published or self._held(store) != before):
                    publish((), store)  # the walls' health view: at the first look, then only on a change
                    self._published = True
            finally:
                store.close()
            for m in late:
                self._tell(m)
            return late

    @staticmethod
    def _held(store) -> dict:
        return {h.source: (h.consecutive_errors, h.last_error_message) for h in store.health()
                if h.source.startswith(SOURCE_PREFIX)}

    def _tell(self, m: dict) -> None:
        messenger = getattr(self.hub, "messenger", None)
        if messenger is None or not m["department"]:
            return
        key = f"deadline:{m['sector']}:{m['key']}"
        if self.store.told(key, self.clock()):
            return
        subject = f"Chưa nộp số liệu {m['sector_vi']} {m['label']}"
        text = (f"{m['department']} chưa nộp số liệu {m['sector_vi']} {m['label']} (hạn {m['deadline']}). "
                "Đề nghị nhập số liệu hoặc tải lên mẫu Excel trên hệ thống IOC.")
        try:
            messenger.tell_department(m["department"], subject, text, f"#/sector/{m['sector']}", key)
        except Exception:
            log.exception("telling %s of a missed deadline failed", m["department"])

    def _restore_health(self) -> None:
        """Each entered sector's source on the health view from the start, with its last approval (the hub forgets
        the records of sources it does not fetch when it starts)."""
        for sector in self.entered:  # a sector with nothing approved yet has no record (none to show)
            approved = self.store.find(sector=sector, state="approved", limit=1)
            if not approved:
                continue
            sub = approved[0]
            store = IndicatorStore(self.hub.store_path, self.hub.catalogue, clock=lambda t=sub.checked_at: t)
            try:
                store.record_fetch(source_of(sector), received=len(sub.rows), reason=_note(sub))
            finally:
                store.close()

    # -- the routes ------------------------------------------------------------------------------------------
    def _sector(self, who, sector, entering: bool) -> str:
        if not isinstance(sector, str) or not sector:
            raise Refused(400, "chưa chọn lĩnh vực (?sector=...)")
        if sector not in self.entered:
            raise Refused(404, f"lĩnh vực '{sector}' không có số liệu nhập tay (có: {', '.join(self.entered)})")
        if entering and not who.may_sector(sector):
            raise Refused(403, f"tài khoản '{who.name}' không được nhập số liệu lĩnh vực '{sector}'")
        return sector

    def _may_see(self, who) -> None:
        if not (who.may("enter") or who.may("check")):
            raise Refused(403, "chỉ cán bộ nhập liệu và cán bộ kiểm duyệt xem được biểu mẫu và danh sách nộp")

    def _kinds(self, sector: str) -> list[str]:
        return sorted({entry_kind(i) for i in self.entered[sector]}, key=KINDS.index)

    def _period(self, sector: str, text, kind=None) -> Period:
        try:
            period = parse_period(text, self._kinds(sector), kind)
        except PeriodError as exc:
            raise Refused(422, str(exc), [{"row": None, "field": "period", "problem": str(exc)}]) from None
        if period.kind not in self._kinds(sector):
            text = (f"lĩnh vực '{sector}' không nhập theo {KIND_VI[period.kind]} (nhập theo: "
                    f"{', '.join(KIND_VI[k] for k in self._kinds(sector))})")
            raise Refused(422, text, [{"row": None, "field": "period", "problem": text}])
        return period

    def _sector_vi(self, sector: str) -> str:
        s = self.hub.catalogue.sectors.get(sector)
        return s.name_vi if s is not None else sector

    def _form(self, who, q, body) -> Response:
        self._may_see(who)
        sector = self._sector(who, q.get("sector"), False)
        today = self._today()
        latest = self._latest_approved(sector)
        indicators = []
        for ind in self.entered[sector]:
            kind = entry_kind(ind)
            figure = latest.get((ind.id, PROVINCE))
            indicators.append({
                "id": ind.id, "name_vi": ind.name_vi, "name_en": ind.name_en, "unit": ind.unit, "kind": kind,
                "kind_vi": KIND_VI[kind], "period_kind": ind.period, "min": ind.min_value, "max": ind.max_value,
                "region_level": ind.region_level, "aggregation": ind.aggregation,
                "latest": figure})
        periods = []
        for kind in self._kinds(sector):
            line = self.config.deadlines[kind]
            p = Period.containing(today, kind)
            for _ in range(self.config.open_periods[kind]):
                subs = self.store.find(sector=sector, kind=kind, period=p.stored, limit=1)
                periods.append({**p.to_json(), "deadline": line.shown(p), "deadline_at": line.due(p).timestamp(),
                                "state": subs[0].state if subs else None,
                                "state_vi": STATE_VI[subs[0].state] if subs else "chưa nộp"})
                p = p.shift(-1)
        communes = [{"code": c, "name": n} for c, n in commune_codes(self.hub.catalogue).items()] \
            if any(i.region_level == "commune" for i in self.entered[sector]) else []
        return answer(200, {"sector": sector, "sector_vi": self._sector_vi(sector),
                            "department": self.config.department(sector), "source": source_of(sector),
                            "may_enter": who.may("enter") and who.may_sector(sector), "may_check": who.may("check"),
                            "indicators": indicators, "periods": periods, "communes": communes,
                            **({"config_problems": self.config_problems} if self.config_problems else {})})

    def _latest_approved(self, sector: str) -> dict:
        """(indicator, region) -> the latest period's approved figure, with who entered and approved it."""
        out: dict = {}
        with self._index_lock:
            found = [(k, sub) for k, sub in self._approved.items() if sub.sector == sector]
        for (indicator, region, period), sub in found:
            key = (indicator, region)
            if key not in out or period > out[key]["period"]:
                value = next(r["value"] for r in sub.rows if (r["indicator"], r["region"], r["period"]) ==
                             (indicator, region, period))
                out[key] = {"period": period, "value": value, "version": sub.version,
                            "entered_by": sub.entered_by, "approved_by": sub.checked_by,
                            "approved_at": sub.checked_at, "submission": sub.id}
        return out

    def _template(self, who, q, body) -> Response:
        sector = self._sector(who, q.get("sector"), True)
        period = self._period(sector, q.get("period") or Period.containing(self._today(), self._kinds(sector)[0]).key,
                              q.get("kind"))
        inds = [i for i in self.entered[sector] if entry_kind(i) == period.kind]
        data = workbook.template(self.hub.catalogue.sectors[sector], period, inds, commune_codes(self.hub.catalogue),
                                 self.config.department(sector))
        name = f"mau-{sector}-{period.key}.xlsx"
        return Response(200, data, XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                  "Cache-Control": "no-store"})

    def _submit(self, who, q, body) -> Response:
        try:
            doc = self.hub.api._json_body(body)
        except ValueError as exc:
            raise Refused(400, str(exc)) from None
        if not isinstance(doc, dict):
            raise Refused(400, 'gửi {"sector", "period", "rows": [{"indicator", "region", "value"}]}')
        sector = self._sector(who, doc.get("sector"), True)
        period = self._period(sector, doc.get("period"), doc.get("kind"))
        return self._take(who, sector, period, doc.get("rows"), "form")

    def _upload(self, who, q, body) -> Response:
        sector = self._sector(who, q.get("sector"), True)
        period = self._period(sector, q.get("period"), q.get("kind"))
        try:
            rows = workbook.read_upload(body, sector, period.key)
        except workbook.WorkbookError as exc:
            raise Refused(422, str(exc), exc.problems) from None
        if not rows:
            raise Refused(422, "tệp chưa có giá trị nào ở cột 'Giá trị'",
                          [{"row": None, "field": "value", "problem": "tệp chưa có giá trị nào ở cột 'Giá trị'"}])
        return self._take(who, sector, period, rows, "upload")

    def _take(self, who, sector: str, period: Period, rows, via: str) -> Response:
        if who.person is None:
            raise Refused(403, "số liệu chỉ do người có tài khoản nhập")
        checked = check_rows(self.hub.catalogue, self.entered[sector], period, rows, self._today())
        problems = checked.problems or self._left_out(sector, period, checked.rows)
        if problems:
            first = problems[0]
            where = f"{first['row']}: " if isinstance(first["row"], str) else \
                f"dòng {first['row']}: " if first["row"] is not None else ""
            raise Refused(422, f"số liệu không được nhận ({len(problems)} lỗi); {where}{first['problem']}", problems)
        audit = getattr(self.hub.api, "audit", None)
        if audit is not None and audit.full:
            raise Refused(507, "không lưu được: nhật ký kiểm toán đầy")
        sub = self.store.submit(sector, period.kind, period.stored, checked.rows, via, who.display, who.person.login,
                                self.clock())
        self._changes += 1
        self.hub.api._record(who, {"command": "entry_submit" if via == "form" else "entry_upload",
                                   "submission": sub.id, "sector": sector, "period": period.key,
                                   "version": sub.version, "rows": len(sub.rows)})
        self._wake.set()
        return answer(201, self.doc(sub))

    def _left_out(self, sector: str, period: Period, rows) -> list[dict]:
        """A correction must carry every figure of the version approved before it (its value changed or not): one
        left out would stay stored and on the walls (the walls' stores only ever take newer rows; nothing tells
        them a figure is withdrawn), still named as the old version's. The problems: one for each figure left out
        (a province total made from communes only when no commune of it is named), with its approved value."""
        approved = self.store.find(sector=sector, state="approved", kind=period.kind, period=period.stored, limit=1)
        if not approved:
            return []
        before = approved[0]
        given = {(r["indicator"], r["region"]) for r in rows}
        gone = [r for r in before.rows if (r["indicator"], r["region"]) not in given]
        named = [r for r in gone if "parts" not in r] or gone
        cat, communes = self.hub.catalogue, commune_codes(self.hub.catalogue)
        out = []
        for r in named:
            ind = cat.indicators.get(r["indicator"])
            name, unit = (ind.name_vi, ind.unit) if ind is not None else (r["indicator"], "")
            where = "toàn tỉnh" if r["region"] == PROVINCE else \
                f"{communes.get(r['region']) or cat.regions.get(r['region'], r['region'])} ({r['region']})"
            out.append({"row": None, "field": "rows", "indicator": r["indicator"], "region": r["region"],
                        "problem": f"bản sửa thiếu '{name}' ({where}) đã duyệt ở phiên bản {before.version}: "
                                   f"{_exact(r['value'])} {unit}. Số đã duyệt không rút bỏ được bằng "
                                   "bản sửa: gửi lại cả số này (sửa giá trị nếu cần)"})
        return out

    def _list(self, who, q, body) -> Response:
        self._may_see(who)
        sector, state = q.get("sector") or None, q.get("state") or None
        if state is not None and state not in STATES:
            raise Refused(400, f"trạng thái '{state}' không có (có: {', '.join(STATES)})")
        if sector is not None:
            self._sector(who, sector, who.may("enter") and not who.may("check"))
        subs = self.store.find(sector=sector, state=state)
        if not who.may("check"):
            subs = [s for s in subs if who.may_sector(s.sector)]
        return answer(200, {"submissions": [self.doc(s) for s in subs]})

    def _get(self, q) -> Submission:
        sub = self.store.get(int(q["sid"]))
        if sub is None:
            raise Refused(404, f"không có lần nộp số {q['sid']}")
        return sub

    def _one(self, who, q, body) -> Response:
        """As ``_list`` sees it: a checker (or an administrator) any sector's, a clerk their sectors' only; nobody
        else reads figures not yet approved (a leader, a wall's token: 403)."""
        self._may_see(who)
        sub = self._get(q)
        if not self._may_see_unapproved(who, sub.sector):
            raise Refused(403, f"tài khoản '{who.name}' không được xem số liệu nộp của lĩnh vực '{sub.sector}'")
        return answer(200, self.doc(sub))

    @staticmethod
    def _may_see_unapproved(who, sector: str) -> bool:
        """Figures submitted, rejected or replaced before approval: the checkers' (any sector) and the sector's own
        clerks' to read."""
        return who.may("check") or (who.may("enter") and who.may_sector(sector))

    def _decide_first(self, who, q) -> Submission:
        sub = self._get(q)
        if who.person is None:
            raise Refused(403, "số liệu chỉ do người có tài khoản duyệt")
        if sub.state != "submitted":
            raise Refused(409, f"lần nộp số {sub.id} {STATE_VI[sub.state]}: không duyệt lại được")
        if sub.entered_login == who.person.login:
            raise Refused(403, "không ai được tự duyệt số liệu do chính mình nhập: cần một cán bộ kiểm duyệt khác")
        audit = getattr(self.hub.api, "audit", None)
        if audit is not None and audit.full:
            raise Refused(507, "không duyệt được: nhật ký kiểm toán đầy")
        return sub

    def _approve(self, who, q, body) -> Response:
        sub = self._decide_first(who, q)
        # the catalogue changed since it was submitted, or a correction submitted before corrections had to carry
        # every approved figure: nothing stored, the clerk sends it again
        problems = recheck(self.hub.catalogue, sub.rows) or self._left_out(sub.sector, self._p(sub), sub.rows)
        if problems:
            raise Refused(422, f"không duyệt được lần nộp số {sub.id}: {problems[0]['problem']} "
                               f"({len(problems)} lỗi); trả lại để cán bộ nhập liệu nộp lại", problems)
        at = self.clock()
        source = source_of(sub.sector)
        store = IndicatorStore(self.hub.store_path, self.hub.catalogue, clock=self.clock)
        try:
            def write(decided: Submission) -> None:
                # every row or none (a province total refused must not leave the communes' rows stored)
                report = store.ingest(source, [Observation(r["indicator"], r["period"], r["value"], r["region"],
                                                           observed_at=at, parts=r.get("parts"))
                                               for r in decided.rows], whole=True)
                if report.rejected:
                    i, reason = report.rejected[0]
                    r = decided.rows[i]
                    raise Refused(422, f"kho số liệu không nhận '{r['indicator']}' ({r['region']}, {r['period']}): "
                                       f"{reason}; không số nào được lưu")
                store.record_fetch(source, received=report.accepted, reason=_note(decided))

            try:
                sub = self.store.decide(sub.id, True, who.display, who.person.login, at, then=write)
            except LookupError:
                raise Refused(409, f"lần nộp số {sub.id} vừa được xử lý") from None
            self._index(sub)
            self._changes += 1
            self.hub.api._record(who, {"command": "entry_approve", "submission": sub.id, "sector": sub.sector,
                                       "period": self._p(sub).key, "version": sub.version, "rows": len(sub.rows)})
            indicators = sorted({r["indicator"] for r in sub.rows})
            publish = getattr(self.hub, "publish_stored", None)
            if publish is not None:
                publish(indicators, store)
        finally:
            store.close()
        bus = getattr(self.hub.api, "bus", None)
        if bus is not None:
            p = self._p(sub)
            bus.publish("figures", {"sector": sub.sector, "period": p.stored, "period_key": p.key,
                                    "period_label": p.label, "indicators": indicators, "version": sub.version})
        self._wake.set()
        return answer(200, self.doc(sub))

    def _reject(self, who, q, body) -> Response:
        try:
            doc = self.hub.api._json_body(body)
        except ValueError as exc:
            raise Refused(400, str(exc)) from None
        reason = doc.get("reason") if isinstance(doc, dict) else None
        if not isinstance(reason, str) or not reason.strip():
            raise Refused(400, 'ghi lý do trả lại: {"reason": "..."}')
        reason = " ".join(reason.split())[:REASON_MAX]
        sub = self._decide_first(who, q)
        try:
            sub = self.store.decide(sub.id, False, who.display, who.person.login, self.clock(), reason)
        except LookupError:
            raise Refused(409, f"lần nộp số {sub.id} vừa được xử lý") from None
        self._changes += 1
        self.hub.api._record(who, {"command": "entry_reject", "submission": sub.id, "sector": sub.sector,
                                   "period": self._p(sub).key, "reason": reason})
        return answer(200, self.doc(sub))

    def _history(self, who, q, body) -> Response:
        indicator, region = q.get("indicator", ""), q.get("region") or PROVINCE
        ind = self.hub.catalogue.indicators.get(indicator)
        if ind is None:
            raise Refused(404, f"không có chỉ tiêu '{indicator}' trong danh mục")
        versions = []
        if ind.sector in self.entered:
            everything = self._may_see_unapproved(who, ind.sector)
            for sub in self.store.find(sector=ind.sector, limit=5000):
                if not everything and not _was_approved(sub):
                    continue  # figures never approved are not published: only checkers and the sector's clerks
                for r in sub.rows:
                    if r["indicator"] == indicator and r["region"] == region:
                        p = self._p(sub)
                        versions.append({"submission": sub.id, "version": sub.version, "state": sub.state,
                                         "state_vi": STATE_VI[sub.state], "period": r["period"],
                                         "period_key": p.key, "period_label": p.label, "value": r["value"],
                                         "entered_by": sub.entered_by, "entered_at": sub.entered_at,
                                         "checked_by": sub.checked_by, "checked_at": sub.checked_at,
                                         "reason": sub.reason})
        return answer(200, {"indicator": indicator, "region": region, "versions": versions})

    def _provenance(self, who, q, body) -> Response:
        indicator, region = q.get("indicator", ""), q.get("region") or PROVINCE
        if indicator not in self.hub.catalogue.indicators:
            raise Refused(404, f"không có chỉ tiêu '{indicator}' trong danh mục")
        return answer(200, {"indicator": indicator, "region": region,
                            "provenance": self.provenance(indicator, region)})

    # -- documents -------------------------------------------------------------------------------------------
    @staticmethod
    def _p(sub: Submission) -> Period:
        return Period(sub.kind, date.fromisoformat(sub.period))

    def doc(self, sub: Submission, rows: bool = True) -> dict:
        p = self._p(sub)
        cat = self.hub.catalogue
        out = {"id": sub.id, "sector": sub.sector, "sector_vi": self._sector_vi(sub.sector), "period": sub.period,
               "kind": sub.kind, "period_key": p.key, "period_label": p.label, "version": sub.version,
               "state": sub.state, "state_vi": STATE_VI[sub.state], "via": sub.via, "entered_by": sub.entered_by,
               "entered_by_login": sub.entered_login, "entered_at": sub.entered_at,
               "entered_at_vi": _moment(sub.entered_at), "checked_by": sub.checked_by,
               "checked_by_login": sub.checked_login, "checked_at": sub.checked_at,
               "checked_at_vi": _moment(sub.checked_at), "reason": sub.reason,
               "department": self.config.department(sub.sector), "count": len(sub.rows)}
        if rows:
            out["rows"] = [{**r, "name_vi": cat.indicators[r["indicator"]].name_vi if r["indicator"] in
                            cat.indicators else r["indicator"],
                            "unit": cat.indicators[r["indicator"]].unit if r["indicator"] in cat.indicators else "",
                            "value_vi": fmt.value(r["value"], cat.indicators[r["indicator"]].unit
                                                  if r["indicator"] in cat.indicators else "")}
                           for r in sub.rows]
        return out


def _was_approved(sub: Submission) -> bool:
    """Approved, now or before a correction superseded it (a submission superseded before it was checked never
    was)."""
    return sub.state in ("approved", "superseded") and sub.checked_at is not None


def _exact(v: float) -> str:
    """A figure as entered, every decimal kept (the wall's rounding would have a clerk send 3,2 for 3,25)."""
    return fmt.number(v, 6).rstrip("0").rstrip(",")


def _moment(t: float | None) -> str:
    return fmt.moment(datetime.fromtimestamp(t, TZ)) if t is not None else ""


def _note(sub: Submission) -> str:
    """"Nhập: Lê Văn Nhập (nhaplieu-ktxh), duyệt: Hoàng Văn Duyệt (kiemduyet) 08:12 07/12/2026"."""
    return f"Nhập: {sub.entered_by}, duyệt: {sub.checked_by} {_moment(sub.checked_at)}"
