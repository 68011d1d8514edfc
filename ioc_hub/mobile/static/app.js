// The leaders' mobile page: vanilla JS, no framework, nothing from elsewhere (the hub's CSP allows only its own
// files). Every text a person reads goes through t(Vietnamese text); English comes from /m/en.json, made from
// ioc_hub/mobile/i18n/ioc_mobile_en.ts (python -m ioc_hub.mobile.i18n). Data is only ever put in the page as text
// (textContent, SVG text nodes): a message holding markup shows as the characters it is.
"use strict";

const API = "/api/v1";
const N = (text) => text; // marks a text for translation where it is declared (QT_TRANSLATE_NOOP): t() where shown
const S = (text) => text; // the same, for the wall's status words (context "Status": the wall's own English)
const STATUS = { // as the wall's tiles say it (ioc_core/views/text.py STATUS_MARK): a shape and a word
  normal: ["●", S("Bình thường")], warning: ["▲", S("Cảnh báo")], critical: ["◆", S("Nghiêm trọng")],
  stale: ["◷", S("Số liệu cũ")], no_data: ["○", S("Chưa có dữ liệu")],
};
const SEVERITY = {critical: 2, warning: 1};
const REQUEST_STATE = {pending: N("Đang chờ trung tâm IOC"), accepted: N("Đã đưa lên màn hình"),
  declined: N("Bị từ chối")};

let lang = localStorage.getItem("ioc-lang") === "en" ? "en" : "vi";
let EN = {};
let me = null, caps = new Set(), csrf = "";
let summary = null, sectorDoc = null, skew = 0; // skew: the hub's clock minus this phone's (ages)
const notesOf = {}; // alert id -> its notes, once read
const requests = {}; // request id -> doc (the person's own)
let events = null, firstState = true, retry = 0, refreshTimer = 0, usable = false;

function t(text, context) { // context: en.json holds "Context|text" for words that differ by place
  if (lang !== "en") return text;
  return (context && EN[context + "|" + text]) || EN[text] || text;
}

function fill(text, ...args) {
  return args.reduce((s, a, i) => s.split("%" + (i + 1)).join(String(a)), text);
}

// -- elements --------------------------------------------------------------------------------------------------
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function add(parent, ...children) {
  for (const c of children) if (c) parent.appendChild(c);
  return parent;
}

function button(label, cls, onClick) {
  const b = el("button", cls || "btn", label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

let toastTimer = 0;
function toast(text, bad) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.className = "toast" + (bad ? " bad" : "");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.className = "toast hidden"; }, 5000);
}

// -- formats (ioc_core/fmt.py) ---------------------------------------------------------------------------------
function number(v, decimals) {
  const fixed = (Math.round(v * 10 ** decimals) / 10 ** decimals + 0).toFixed(decimals);
  const [whole, part] = fixed.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return sign + digits + (part ? "," + part : "");
}

function value(v, unit) {
  if (unit === "%" || (Math.abs(v) < 100 && v !== Math.trunc(v))) return number(v, Math.abs(v) >= 1 || unit === "%" ? 1 : 2);
  return number(v, 0);
}

function age(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  for (const [size, unit] of [[86400, N("%1 ngày trước")], [3600, N("%1 giờ trước")], [60, N("%1 phút trước")]]) {
    if (s >= size) return fill(t(unit), Math.floor(s / size));
  }
  return t("vừa xong");
}

const two = (n) => String(n).padStart(2, "0");
function moment(epoch) { // "14:05 07/12/2026", Asia/Ho_Chi_Minh (UTC+7, no summer time)
  const d = new Date((epoch + 7 * 3600) * 1000);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function now() {
  return Date.now() / 1000 + skew;
}

// -- the hub ---------------------------------------------------------------------------------------------------
async function call(method, path, body) {
  const init = {method, credentials: "same-origin", headers: {}};
  if (method !== "GET") init.headers["X-CSRF-Token"] = csrf;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(API + path, init);
  } catch (e) {
    return {status: 0, doc: {error: t("Không kết nối được trung tâm IOC")}, headers: new Headers()};
  }
  let doc = {};
  try { doc = await r.json(); } catch (e) { doc = {}; }
  if (r.status === 401 && path !== "/session") signedOut();
  return {status: r.status, doc, headers: r.headers};
}

const enc = (id) => encodeURIComponent(id);

// -- signing in ------------------------------------------------------------------------------------------------
function signInForm(message) {
  me = null;
  stopEvents();
  drawBar();
  const main = document.getElementById("main");
  main.replaceChildren();
  const form = el("form", "card signin");
  form.noValidate = true;
  const login = el("input", "field");
  login.name = "login"; login.id = "login"; login.autocomplete = "username"; login.autocapitalize = "none";
  login.required = true;
  const password = el("input", "field");
  password.type = "password"; password.name = "password"; password.id = "password";
  password.autocomplete = "current-password"; password.required = true;
  const lLogin = el("label", "label", t("Tên đăng nhập")); lLogin.htmlFor = "login";
  const lPass = el("label", "label", t("Mật khẩu")); lPass.htmlFor = "password";
  const error = el("p", "error", message || "");
  error.id = "signin-error";
  const submit = el("button", "btn primary wide", t("Đăng nhập"));
  submit.type = "submit";
  add(form, el("h1", "title", t("Trung tâm điều hành IOC")), el("p", "muted", t("Dành cho lãnh đạo tỉnh")),
      lLogin, login, lPass, password, error, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    error.textContent = "";
    const r = await call("POST", "/session", {login: login.value, password: password.value});
    submit.disabled = false;
    if (r.status === 200) {
      password.value = "";
      await started(r.doc);
    } else if (r.status === 401) {
      error.textContent = t("Sai tên đăng nhập hoặc mật khẩu");
    } else if (r.status === 429) {
      const minutes = Math.floor((parseInt(r.headers.get("Retry-After") || "60", 10) - 1) / 60) + 1;
      error.textContent = fill(t("Tạm khoá đăng nhập do nhập sai nhiều lần: thử lại sau %1 phút"), minutes);
    } else {
      error.textContent = r.doc.error || fill(t("Không đăng nhập được (mã %1)"), r.status);
    }
  });
  add(main, form);
  login.focus();
}

function signedOut() {
  if (me !== null) signInForm(t("Phiên làm việc đã hết: xin đăng nhập lại"));
}

async function started(session) {
  if (document.activeElement) document.activeElement.blur(); // the sign-in form's field: gone with it
  me = session.person;
  caps = new Set(session.caps || []);
  csrf = session.csrf || "";
  drawBar();
  await refresh();
  startEvents();
  loadRequests();
}

async function signOut() {
  await call("DELETE", "/session");
  me = null;
  summary = null;
  signInForm(t("Đã đăng xuất"));
}

// -- the bar ---------------------------------------------------------------------------------------------------
function drawBar() {
  const bar = document.getElementById("bar");
  bar.replaceChildren();
  const nav = el("nav", "nav");
  if (me) {
    const open = summary ? summary.alerts.filter((a) => !a.acknowledged_by).length : 0;
    const tab = (hash, label, id) => {
      const a = el("a", "tab" + (route().view === id ? " on" : ""), label);
      a.href = hash;
      return a;
    };
    add(nav, tab("#/", t("Các lĩnh vực"), "home"),
        tab("#/alerts", open ? fill(t("Cảnh báo (%1)"), open) : t("Cảnh báo"), "alerts"));
  }
  const tools = el("div", "tools");
  const langBtn = button(lang === "en" ? "Tiếng Việt" : "English", "btn small", switchLanguage);
  langBtn.id = "lang";
  add(tools, langBtn);
  if (me) {
    const out = button(t("Đăng xuất"), "btn small", signOut);
    out.id = "signout";
    add(tools, out);
  }
  add(bar, el("span", "who", me ? me.name : "IOC"), nav, tools);
}

async function loadLanguage() {
  if (lang === "en" && !Object.keys(EN).length) {
    try {
      const r = await fetch("/m/en.json", {credentials: "same-origin"});
      EN = await r.json();
    } catch (e) {
      EN = {};
    }
  }
  document.documentElement.lang = lang;
}

async function switchLanguage() {
  lang = lang === "en" ? "vi" : "en";
  localStorage.setItem("ioc-lang", lang);
  await loadLanguage();
  if (me) { drawBar(); draw(); } else signInForm();
}

// -- reading the hub -------------------------------------------------------------------------------------------
async function refresh() {
  const r = await call("GET", "/m/summary");
  if (r.status !== 200) {
    if (r.status !== 401) toast(r.doc.error || t("Không kết nối được trung tâm IOC"), true);
    return;
  }
  summary = r.doc;
  skew = summary.now - Date.now() / 1000;
  const view = route();
  if (view.view === "sector") await loadSector(view.id, false);
  if (view.view === "alert") await loadNotes(view.id, false);
  drawBar();
  draw();
}

function refreshSoon(ms) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, ms);
}

async function loadSector(id, redraw = true) {
  const r = await call("GET", "/m/sector/" + enc(id));
  sectorDoc = r.status === 200 ? r.doc : {id, missing: true};
  if (redraw) draw();
}

async function loadNotes(id, redraw = true) {
  const r = await call("GET", "/alerts/" + enc(id) + "/notes");
  notesOf[id] = r.status === 200 ? r.doc.notes : [];
  if (redraw) draw();
}

async function loadRequests() {
  const r = await call("GET", "/wall-requests?mine=1");
  if (r.status === 200) {
    for (const q of r.doc.requests || []) requests[q.id] = q;
    draw();
  }
}

// -- live: the hub's event stream ------------------------------------------------------------------------------
function startEvents() {
  stopEvents();
  firstState = true;
  events = new EventSource(API + "/events?client=mobile", {withCredentials: true});
  const on = (kind, fn) => events.addEventListener(kind, (ev) => {
    retry = 0;
    let data = {};
    try { data = JSON.parse(ev.data); } catch (e) { return; }
    fn(data);
  });
  on("state", () => { if (!firstState) refreshSoon(0); firstState = false; });
  on("alert", (d) => alertEvent(d.event, d.alert));
  on("alert_note", noteEvent);
  on("readings", () => refreshSoon(800));
  on("figures", () => refreshSoon(300));
  on("forecasts", () => refreshSoon(800));
  on("request", (d) => requestEvent(d.request));
  events.onerror = () => {
    if (events && events.readyState === EventSource.CLOSED) { // refused (signed out?) or the hub gone: try again
      stopEvents();
      retry = Math.min(retry + 1, 6);
      setTimeout(async () => {
        if (!me) return;
        const r = await call("GET", "/session");
        if (r.status === 200) { startEvents(); refreshSoon(0); }
      }, 1000 * 2 ** retry);
    }
  };
}

function stopEvents() {
  if (events) events.close();
  events = null;
}

function sortAlerts(list) { // as the hub sorts them (Alert.sort_key): unacknowledged, most severe, newest first
  list.sort((a, b) => (!!a.acknowledged_by - !!b.acknowledged_by) || ((SEVERITY[b.severity] || 0) -
    (SEVERITY[a.severity] || 0)) || (b.updated_at - a.updated_at));
}

function alertEvent(kind, raw) {
  if (!summary || !raw) return;
  const list = summary.alerts;
  const at = list.findIndex((a) => a.id === raw.id);
  if (raw.cleared_at !== null && raw.cleared_at !== undefined) {
    if (at >= 0) list.splice(at, 1);
  } else {
    const known = summary.sectors.flatMap((s) => s.figures).find((f) => f.indicator === raw.indicator);
    const old = at >= 0 ? list[at] : {notes: 0, assigned: null, region_name: "",
      name_vi: known ? known.name_vi : "", name_en: known ? known.name_en : ""};
    const doc = Object.assign({}, old, {
      id: raw.id, indicator: raw.indicator, sector: raw.sector, region: raw.region, cause: raw.cause,
      severity: raw.severity, message_vi: raw.message_vi, message_en: raw.message_en, value: raw.value,
      raised_at: raw.raised_at, updated_at: raw.updated_at, acknowledged_by: raw.acknowledged_by,
      acknowledged_at: raw.acknowledged_at,
    });
    if (at >= 0) list[at] = doc; else list.push(doc);
    sortAlerts(list);
  }
  drawBar();
  draw();
  refreshSoon(500); // the rest (names, the sectors' colours) as the hub says it
}

function noteEvent(d) {
  if (summary) {
    const a = summary.alerts.find((x) => x.id === d.alert);
    if (a) { a.notes = d.notes; a.assigned = d.assigned; }
  }
  if (notesOf[d.alert] && !notesOf[d.alert].some((n) => n.id === d.note.id)) notesOf[d.alert].push(d.note);
  draw();
}

function requestEvent(q) {
  if (!q || !me || q.by_login !== me.login) return;
  const old = requests[q.id];
  requests[q.id] = q;
  if (old && old.state !== q.state) {
    toast(fill(t("Yêu cầu “%1”: %2"), q.title_vi || q.target, requestWords(q)), q.state === "declined");
  }
  draw();
}

// -- routes: #/ (the sectors), #/sector/<id>, #/alerts, #/alert/<id> ------------------------------------------
function route() {
  const h = location.hash.replace(/^#\/?/, "");
  const parts = h.split("/");
  const rest = decodeURIComponent(parts.slice(1).join("/"));
  if (parts[0] === "sector" && rest) return {view: "sector", id: rest};
  if (parts[0] === "alert" && rest) return {view: "alert", id: rest};
  if (parts[0] === "alerts") return {view: "alerts"};
  return {view: "home"};
}

window.addEventListener("hashchange", async () => {
  if (!me) return;
  // a move is the person's own: what they were typing in stays in its draft, the new place is drawn now (a redraw
  // is held only for live events, never for the back button pressed with a field still focused)
  if (document.activeElement && document.getElementById("main").contains(document.activeElement)) {
    document.activeElement.blur();
  }
  const v = route();
  drawBar();
  if (v.view === "sector" && (!sectorDoc || sectorDoc.id !== v.id)) { sectorDoc = null; draw(); await loadSector(v.id); }
  else if (v.view === "alert" && !notesOf[v.id]) { draw(); await loadNotes(v.id); }
  else draw();
  window.scrollTo(0, 0);
});

let drawLater = false;
const drafts = {}; // what a person is typing, kept across redraws (the page redraws on every event)

function draw() {
  if (!me || !summary) return;
  const main = document.getElementById("main");
  const focus = document.activeElement;
  if (focus && main.contains(focus) && focus.matches("input, textarea, select")) { // never under someone's thumb
    drawLater = true;
    return;
  }
  drawLater = false;
  const v = route();
  const view = v.view === "sector" ? sectorView(v.id) : v.view === "alerts" ? alertsView()
    : v.view === "alert" ? alertView(v.id) : homeView();
  main.replaceChildren(view);
  if (!usable) { // the first figures (or the alert a link opened) are on the screen: what the benchmark waits for
    usable = true;
    window.iocUsable = performance.now();
  }
}

// -- what a figure says ----------------------------------------------------------------------------------------
function statusWords(state) {
  const [shape, word] = STATUS[state] || STATUS.no_data;
  return shape + " " + t(word, "Status");
}

function figureStatus(f) { // the wall's tile status line (ioc_core/views/tiles.make_tile)
  if (f.freshness === "invalid") return STATUS.no_data[0] + " " + t(S("Số liệu không hợp lệ"), "Status");
  let words = statusWords(f.state);
  if (f.as_of && (f.freshness === "due" || f.freshness === "stale")) {
    words += "  ·  " + fill(t("cập nhật %1"), age(now() - f.as_of));
  }
  return words;
}

function figureView(f, big) {
  const box = el("div", "fig s-" + f.state);
  box.dataset.indicator = f.indicator;
  add(box, el("div", "fig-name", lang === "en" ? f.name_en : f.name_vi));
  const line = el("div", "fig-value");
  if (f.value_text !== null) {
    add(line, el("span", "num" + (big ? " big" : ""), f.value_text), el("span", "unit", f.unit));
  } else {
    add(line, el("span", "num none", "—"));
  }
  add(box, line);
  add(box, el("div", "fig-status", figureStatus(f)));
  const note = lang === "en" ? f.period_note_en : f.period_note;
  if (note) add(box, el("div", "fig-note", note));
  if (f.risk) { // the forecast's most serious risk, with the forecast's record (the hub's words, both languages)
    const r = f.risk, record = lang === "en" ? f.accuracy_en : f.accuracy_vi;
    add(box, el("div", "fig-risk" + (r.severity ? " r-" + r.severity : ""),
      (r.severity ? "⚠ " : "↗ ") + (lang === "en" ? r.message_en : r.message_vi) + (record ? " (" + record + ")" : "")));
  }
  if (f.as_of) { // which period, and how old (unless the status line says it already)
    const said = f.freshness === "due" || f.freshness === "stale";
    const label = lang === "en" ? f.period_label_en : f.period_label;
    add(box, el("div", "fig-when", said ? label : label + " · " + fill(t("cập nhật %1"), age(now() - f.as_of))));
  }
  const p = f.provenance;
  if (p) {
    add(box, el("div", "fig-who", fill(t("Nhập: %1 (%2) · Duyệt: %3 (%4)"), p.entered_by || "—",
      p.entered_at ? moment(p.entered_at) : "—", p.approved_by || "—", p.approved_at ? moment(p.approved_at) : "—")));
  }
  return box;
}

// -- home: the nine sectors ------------------------------------------------------------------------------------
function homeView() {
  const page = el("div", "page");
  const open = summary.alerts.filter((a) => !a.acknowledged_by);
  if (open.length) {
    const a = el("a", "banner s-" + (open.some((x) => x.severity === "critical") ? "critical" : "warning"),
      fill(t("%1 cảnh báo chưa xác nhận"), open.length));
    a.href = "#/alerts";
    add(page, a);
  }
  if (summary.missing && summary.missing.length) {
    const box = el("section", "card missing");
    add(box, el("h2", "h2", t("Chưa nộp số liệu")));
    for (const m of summary.missing) {
      add(box, el("p", "line", fill(t("%1 · kỳ %2 · hạn %3 · %4"), lang === "en" ? m.sector_name_en : m.sector_name_vi,
        m.period_text || m.period, m.deadline_text || "", m.department || "")));
    }
    add(page, box);
  }
  for (const s of summary.sectors) {
    const card = el("a", "card sector s-" + s.state);
    card.href = "#/sector/" + enc(s.id);
    card.dataset.sector = s.id;
    const head = el("div", "card-head");
    add(head, el("h2", "h2", lang === "en" ? s.name_en : s.name_vi), el("span", "badge s-" + s.state, statusWords(s.state)));
    add(card, head);
    if (s.alerts) add(card, el("div", "alerts-count", fill(t("%1 cảnh báo"), s.alerts)));
    const grid = el("div", "figs");
    for (const f of s.figures) add(grid, figureView(f, false));
    add(card, grid);
    add(page, card);
  }
  add(page, el("p", "muted foot", fill(t("Số liệu của trung tâm lúc %1"), moment(summary.now))));
  return page;
}

// -- a sector: its tiles and main chart ------------------------------------------------------------------------
function sectorView(id) {
  const page = el("div", "page");
  const back = el("a", "back", "‹ " + t("Các lĩnh vực"));
  back.href = "#/";
  add(page, back);
  if (!sectorDoc || sectorDoc.id !== id) return add(page, el("p", "wait", t("Đang tải…")));
  if (sectorDoc.missing) return add(page, el("p", "error", t("Không có lĩnh vực này")));
  const s = sectorDoc;
  add(page, el("h1", "title", lang === "en" ? s.name_en : s.name_vi));
  if (s.chart) add(page, chartView(s.chart));
  const grid = el("div", "figs wide");
  for (const f of s.tiles) add(grid, figureView(f, true));
  add(page, grid);
  if (caps.has("ask_wall")) add(page, askWallView("sector", id));
  const mine = summary.alerts.filter((a) => a.sector === id);
  if (mine.length) {
    add(page, el("h2", "h2", t("Cảnh báo")));
    for (const a of mine) add(page, alertCard(a, false));
  }
  return page;
}

function chartView(c) {
  const box = el("section", "card chart");
  add(box, el("h2", "h2", (lang === "en" ? c.name_en : c.name_vi) + (c.unit ? " (" + c.unit + ")" : "")));
  const pts = c.points;
  if (!pts.length) return add(box, el("p", "muted", t("Chưa có dữ liệu")));
  const W = 360, H = 200, L = 52, R = 8, T = 10, B = 24;
  const values = pts.map((p) => p[1]);
  let lo = Math.min(...values), hi = Math.max(...values);
  for (const x of [c.warning, c.critical]) if (x !== null && x !== undefined) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  const span0 = hi - lo || Math.abs(hi) || 1;
  if (c.target !== null && c.target !== undefined && c.target >= lo - span0 && c.target <= hi + span0) {
    lo = Math.min(lo, c.target); hi = Math.max(hi, c.target);
  }
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  lo -= pad; hi += pad;
  const x = (i) => L + (pts.length === 1 ? (W - L - R) / 2 : i * (W - L - R) / (pts.length - 1));
  const y = (v) => T + (hi - v) * (H - T - B) / (hi - lo);
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "svg");
  svg.setAttribute("role", "img");
  const shape = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  const band = (from, to, cls) => {
    const a = y(Math.min(Math.max(from, lo), hi)), b = y(Math.min(Math.max(to, lo), hi));
    if (Math.abs(a - b) > 0.5) shape("rect", {x: L, y: Math.min(a, b), width: W - L - R, height: Math.abs(a - b), class: cls});
  };
  const higher = c.direction === "higher_better";
  const has = (v) => v !== null && v !== undefined;
  if (has(c.warning)) band(c.warning, has(c.critical) ? c.critical : (higher ? lo : hi), "band-warning");
  if (has(c.critical)) band(c.critical, higher ? lo : hi, "band-critical");
  shape("line", {x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis"});
  if (has(c.target) && c.target >= lo && c.target <= hi) {
    shape("line", {x1: L, x2: W - R, y1: y(c.target), y2: y(c.target), class: "target"});
    shape("text", {x: W - R, y: y(c.target) - 4, class: "lbl end"}, fill(t("Mục tiêu %1"), value(c.target, c.unit)));
  }
  shape("polyline", {points: pts.map((p, i) => `${x(i).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" "), class: "line"});
  const last = pts[pts.length - 1];
  shape("circle", {cx: x(pts.length - 1), cy: y(last[1]), r: 4, class: "dot"});
  shape("text", {x: L, y: H - 6, class: "lbl"}, c.first);
  shape("text", {x: W - R, y: H - 6, class: "lbl end"}, c.last);
  shape("text", {x: L - 4, y: y(hi - pad) + 4, class: "lbl end"}, value(hi - pad, c.unit)); // the highest and
  shape("text", {x: L - 4, y: y(lo + pad) + 4, class: "lbl end"}, value(lo + pad, c.unit)); // lowest shown
  add(box, svg);
  const legend = el("p", "legend");
  if (has(c.warning)) add(legend, el("span", "key k-warning", fill(t("Cảnh báo %1"), value(c.warning, c.unit))));
  if (has(c.critical)) add(legend, el("span", "key k-critical", fill(t("Nghiêm trọng %1"), value(c.critical, c.unit))));
  if (legend.childNodes.length) add(box, legend);
  return box;
}

// -- alerts ----------------------------------------------------------------------------------------------------
function alertsView() {
  const page = el("div", "page");
  add(page, el("h1", "title", t("Cảnh báo đang mở")));
  if (!summary.alerts.length) add(page, el("p", "muted big-muted", t("Không có cảnh báo nào đang mở")));
  for (const a of summary.alerts) add(page, alertCard(a, true));
  const mine = Object.values(requests).sort((p, q) => (q.at || 0) - (p.at || 0)).slice(0, 10);
  if (mine.length) {
    add(page, el("h2", "h2", t("Yêu cầu đưa lên màn hình của tôi")));
    for (const q of mine) add(page, el("p", "line req r-" + q.state, (q.title_vi || q.target) + " — " + requestWords(q)));
  }
  return page;
}

function alertTitle(a) {
  const name = lang === "en" ? a.name_en : a.name_vi;
  const region = a.region === "province" ? t("Toàn tỉnh") : a.region_name;
  return (name || (lang === "en" ? a.message_en : a.message_vi) || a.indicator) + (region ? " · " + region : "");
}

function alertCard(a, withLink) {
  const card = el("article", "card alert s-" + a.severity + (a.acknowledged_by ? " acked" : ""));
  card.dataset.alert = a.id;
  add(card, el("span", "badge s-" + a.severity, statusWords(a.severity)));
  add(card, el("h2", "h2 alert-title", alertTitle(a)));
  const message = lang === "en" ? (a.message_en || a.message_vi) : a.message_vi;
  if (a.name_vi) add(card, el("p", "message", message)); // without a name the title is the message
  add(card, el("p", "line muted", fill(t("Từ %1"), moment(a.raised_at))));
  if (a.acknowledged_by) add(card, el("p", "line ack-by", fill(t("✔ Đã xác nhận: %1"), a.acknowledged_by)));
  if (a.assigned) add(card, el("p", "line", fill(t("Giao cho: %1"), a.assigned.department)));
  if (a.notes) add(card, el("p", "line muted", fill(t("%1 ghi chú"), a.notes)));
  const row = el("div", "actions");
  if (!a.acknowledged_by && caps.has("ack")) add(row, button(t("Xác nhận"), "btn primary ack", () => acknowledge(a.id)));
  if (withLink) {
    const more = el("a", "btn", t("Chi tiết"));
    more.href = "#/alert/" + enc(a.id);
    add(row, more);
  }
  add(card, row);
  return card;
}

function alertView(id) {
  const page = el("div", "page");
  const back = el("a", "back", "‹ " + t("Cảnh báo"));
  back.href = "#/alerts";
  add(page, back);
  const a = summary.alerts.find((x) => x.id === id);
  if (!a) {
    add(page, el("p", "error", t("Cảnh báo này đã kết thúc hoặc không còn")));
  } else {
    add(page, alertCard(a, false));
    if (caps.has("ask_wall")) add(page, askWallView("alert", id));
  }
  const notes = notesOf[id];
  const box = el("section", "card notes");
  add(box, el("h2", "h2", t("Ghi chú và giao việc")));
  if (!notes) add(box, el("p", "muted", t("Đang tải…")));
  else if (!notes.length) add(box, el("p", "muted", t("Chưa có ghi chú")));
  else for (const n of notes) {
    const item = el("div", "note");
    const what = n.kind === "assign" ? fill(t("Giao cho %1"), n.department) : "";
    add(item, el("p", "note-head", n.by + " · " + moment(n.at) + (what ? " · " + what : "")));
    if (n.text) add(item, el("p", "note-text", n.text));
    add(box, item);
  }
  add(page, box);
  if (a && caps.has("comment")) add(page, commentForm(id));
  if (a && caps.has("assign")) add(page, assignForm(id));
  return page;
}

function commentForm(id) {
  const form = el("form", "card");
  const text = el("textarea", "field");
  text.id = "comment"; text.maxLength = 500; text.rows = 3;
  text.value = drafts["comment " + id] || "";
  text.addEventListener("input", () => { drafts["comment " + id] = text.value; });
  text.placeholder = t("Ý kiến chỉ đạo, ghi chú…");
  const label = el("label", "label", t("Ghi chú")); label.htmlFor = "comment";
  const submit = el("button", "btn primary", t("Gửi ghi chú")); submit.type = "submit";
  add(form, label, text, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!text.value.trim()) return;
    submit.disabled = true;
    const r = await call("POST", "/alerts/" + enc(id) + "/comment", {text: text.value});
    submit.disabled = false;
    if (r.status === 201) { text.value = ""; drafts["comment " + id] = ""; toast(t("Đã gửi ghi chú")); noteEvent({alert: id, note: r.doc, notes: (notesOf[id] || []).length + 1, assigned: (summary.alerts.find((x) => x.id === id) || {}).assigned}); }
    else toast(r.doc.error || fill(t("Không gửi được (mã %1)"), r.status), true);
  });
  return form;
}

function assignForm(id) {
  const form = el("form", "card");
  const pick = el("select", "field");
  pick.id = "department";
  add(pick, el("option", "", t("— Chọn sở, ngành —")));
  pick.firstChild.value = "";
  for (const d of summary.departments || []) { const o = el("option", "", d); o.value = d; add(pick, o); }
  pick.value = drafts["department " + id] || "";
  pick.addEventListener("change", () => { drafts["department " + id] = pick.value; });
  const note = el("input", "field");
  note.id = "assign-note"; note.maxLength = 500; note.placeholder = t("Yêu cầu (không bắt buộc)");
  note.value = drafts["assign " + id] || "";
  note.addEventListener("input", () => { drafts["assign " + id] = note.value; });
  const label = el("label", "label", t("Giao cho sở, ngành")); label.htmlFor = "department";
  const submit = el("button", "btn primary", t("Giao việc")); submit.type = "submit";
  add(form, label, pick, note, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!pick.value) { toast(t("Chọn sở, ngành để giao"), true); return; }
    submit.disabled = true;
    const r = await call("POST", "/alerts/" + enc(id) + "/assign", {department: pick.value, note: note.value});
    submit.disabled = false;
    if (r.status === 201) {
      toast(fill(t("Đã giao cho %1"), pick.value));
      drafts["department " + id] = drafts["assign " + id] = "";
      note.value = "";
      noteEvent({alert: id, note: r.doc, notes: (notesOf[id] || []).length + 1,
        assigned: {department: r.doc.department, by: r.doc.by, at: r.doc.at}});
    }
    else toast(r.doc.error || fill(t("Không giao được (mã %1)"), r.status), true);
  });
  return form;
}

async function acknowledge(id) {
  const r = await call("POST", "/alerts/" + enc(id) + "/ack", {});
  if (r.status === 200) {
    toast(t("Đã xác nhận cảnh báo"));
    const a = summary.alerts.find((x) => x.id === id);
    if (a && !a.acknowledged_by) { a.acknowledged_by = r.doc.by; sortAlerts(summary.alerts); drawBar(); draw(); }
  } else {
    toast(r.doc.error || fill(t("Không xác nhận được (mã %1)"), r.status), true);
  }
}

// -- "show on the wall": a request the IOC's operators accept on the console ----------------------------------
function requestWords(q) {
  const words = t(REQUEST_STATE[q.state] || q.state);
  return q.state === "declined" && q.reason ? words + ": " + q.reason : words;
}

function askWallView(kind, target) {
  const box = el("section", "card ask");
  const latest = Object.values(requests).filter((q) => q.kind === kind && q.target === target)
    .sort((p, q) => (q.at || 0) - (p.at || 0))[0];
  add(box, button(kind === "sector" ? t("Đưa lĩnh vực lên màn hình") : t("Đưa lên màn hình"), "btn wide wall",
    () => askWall(kind, target)));
  if (latest) add(box, el("p", "line req r-" + latest.state, requestWords(latest)));
  return box;
}

async function askWall(kind, target) {
  const r = await call("POST", "/wall-requests", {kind, target});
  if (r.status === 201 || r.status === 200) {
    requests[r.doc.id] = r.doc;
    toast(fill(t("Đã gửi yêu cầu: %1"), requestWords(r.doc)));
    draw();
  } else {
    toast(r.doc.error || fill(t("Không gửi được yêu cầu (mã %1)"), r.status), true);
  }
}

// -- start -----------------------------------------------------------------------------------------------------
async function boot() {
  await loadLanguage();
  drawBar();
  const r = await call("GET", "/session");
  if (r.status === 200 && r.doc.person) await started(r.doc);
  else signInForm();
}

setInterval(() => { if (me && summary && !document.hidden) draw(); }, 30000); // the ages move on
// a redraw held while someone typed: once they leave the field (after the tap that left it has done its work)
document.addEventListener("focusout", () => { if (drawLater) setTimeout(() => { if (drawLater) draw(); }, 600); });
document.addEventListener("visibilitychange", () => { if (me && !document.hidden) refreshSoon(0); });
boot();
