/* The operator dashboard: plain JS, no framework, every byte from the gateway. Data is inserted as
   text (never as HTML), so nothing a device or an operator typed can run as script. */
"use strict";
(function () {
  const VIEWS = {
    maintenance: ["overview", "faults"],
    committee: ["overview", "faults", "usage", "bills", "report"],
    admin: ["overview", "faults", "usage", "bills", "report"]
  };
  const POLL_MS = 5000;
  const S = { me: null, csrf: null, lang: null, view: null, overview: null, skewMs: 0, elevators: [],
    faultPage: 0, faultSize: 20, faultSel: null, timers: [], charts: {}, types: {}, emergency: null, asking: null };
  const $ = (id) => document.getElementById(id);

  // ---- language -------------------------------------------------------------------------------
  function pickLang() {
    const saved = localStorage.getItem("courtyard.lang");
    if (saved === "zh" || saved === "en") return saved;
    return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  }
  function t(key, vars) {
    let s = (window.I18N[S.lang] || {})[key];
    if (s === undefined) s = window.I18N.en[key];
    if (s === undefined) return key;
    if (vars) Object.keys(vars).forEach((k) => { s = s.replace("{" + k + "}", vars[k]); });
    return s;
  }
  function applyLang() {
    document.documentElement.lang = S.lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
    $("lang").textContent = S.lang === "zh" ? "English" : "中文";
    document.title = t("brand");
  }
  function switchLang() {
    S.lang = S.lang === "zh" ? "en" : "zh";
    localStorage.setItem("courtyard.lang", S.lang);
    applyLang();
    if (S.view) show(S.view);
  }

  // ---- small helpers --------------------------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const n = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach((k) => {
      if (k === "class") n.className = attrs[k];
      else if (k.startsWith("on")) n.addEventListener(k.slice(2), attrs[k]);
      else n.setAttribute(k, attrs[k]);
    });
    kids.flat().forEach((c) => { if (c !== null && c !== undefined) n.append(c instanceof Node ? c : String(c)); });
    return n;
  }
  function fill(table, head, rows, opts) {
    table.replaceChildren();
    if (head) table.append(el("thead", null, el("tr", null, head.map((h) => el("th", h.num ? { class: "num" } : null, h.label || h)))));
    const body = el("tbody");
    rows.forEach((r) => {
      const tr = el("tr", r.attrs || null, r.cells.map((c, i) =>
        el("td", head && head[i] && head[i].num ? { class: "num" } : null, c)));
      body.append(tr);
    });
    if (!rows.length) body.append(el("tr", null, el("td", { colspan: head ? head.length : 1, class: "muted" }, t("ov.none"))));
    table.append(body);
  }
  const yuan = (fen) => (fen / 100).toFixed(2);
  function dur(ms) {
    if (ms === null || ms === undefined) return "–";
    const s = Math.round(Math.abs(ms) / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(x).padStart(2, "0");
  }
  function when(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return d.toLocaleString(S.lang === "zh" ? "zh-CN" : "en-GB", { hour12: false });
  }
  const sevChip = (s) => el("span", { class: "chip sev-" + s }, t("sev." + s));
  /** A fault type's name in the page's language, from the gateway's vocabulary; its id when unnamed. */
  function typeName(id) {
    const n = S.types[id];
    return n ? n[S.lang] || n.en : id;
  }
  async function loadTypes() {
    if (Object.keys(S.types).length) return;
    try { S.types = (await api("GET", "/api/faults/types")).types; } catch (e) { /* ids then */ }
  }
  function thisMonth() { return (S.overview ? S.overview.today : new Date().toISOString()).slice(0, 7); }
  function every(ms, fn) { fn(); S.timers.push(setInterval(fn, ms)); }
  function stopTimers() { S.timers.forEach(clearInterval); S.timers = []; }

  // ---- API ------------------------------------------------------------------------------------
  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = S.csrf || "";
    if (body) headers["Content-Type"] = "application/json";
    const res = await fetch(path, { method, headers, credentials: "same-origin", body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text.trim() }; }
    if (res.status === 401 && path !== "/api/login" && path !== "/api/me") { loggedOut(t("login.expired")); }
    if (!res.ok) { const err = new Error((data && data.error) || res.status); err.status = res.status; err.data = data; throw err; }
    return data;
  }

  // ---- login ----------------------------------------------------------------------------------
  async function login(ev) {
    ev.preventDefault();
    $("login-error").textContent = "";
    $("login-button").disabled = true;
    try {
      const me = await api("POST", "/api/login", { user: $("user").value, password: $("password").value });
      $("password").value = "";
      loggedIn(me);
    } catch (e) {
      $("login-error").textContent = e.status === 429
        ? t("login.throttled", { s: (e.data && (e.data.error.match(/(\d+) s/) || [])[1]) || "…" })
        : t("login.wrong");
    } finally {
      $("login-button").disabled = false;
    }
  }
  function loggedIn(me) {
    S.me = me; S.csrf = me.csrf; S.emKey = null;
    $("who").textContent = me.user + " · " + me.role;
    $("top").hidden = false;
    document.querySelectorAll("#nav a").forEach((a) => { a.hidden = !VIEWS[me.role].includes(a.dataset.view); });
    const want = location.hash.slice(1);
    show(VIEWS[me.role].includes(want) ? want : "overview");
  }
  function loggedOut(message) {
    S.me = null; S.csrf = null; S.emKey = null; S.asking = null; stopTimers();
    $("em-confirm").hidden = true;
    $("top").hidden = true;
    document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== "login"; });
    $("login-error").textContent = message || "";
  }
  async function logout() {
    try { await api("POST", "/api/logout"); } catch (e) { /* gone already */ }
    loggedOut("");
  }

  // ---- views ----------------------------------------------------------------------------------
  function show(view) {
    if (!S.me) return;
    if (!VIEWS[S.me.role].includes(view)) view = "overview";
    stopTimers();
    S.view = view;
    if (location.hash !== "#" + view) history.replaceState(null, "", "#" + view);
    document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== view; });
    document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
    ({ overview: showOverview, faults: showFaults, usage: showUsage, bills: showBills, report: showReport })[view]();
  }

  async function loadOverview() {
    const o = await api("GET", "/api/overview");
    S.overview = o;
    S.elevators = o.elevators;
    S.skewMs = new Date(o.now).getTime() - Date.now();
    return o;
  }
  function elevatorSelects() {
    ["u-elevator", "b-elevator", "r-elevator"].forEach((id) => {
      const s = $(id), cur = s.value;
      s.replaceChildren(...S.elevators.map((e) => el("option", { value: e }, e)));
      if (cur) s.value = cur;
    });
    ["u-month", "b-month", "r-month"].forEach((id) => { if (!$(id).value) $(id).value = thisMonth(); });
  }

  function showOverview() {
    every(POLL_MS, async () => {
      try { await loadTypes(); renderOverview(await loadOverview()); } catch (e) { /* shown at the next poll */ }
      try { renderEmergency(await api("GET", "/api/emergency")); } catch (e) { /* shown at the next poll */ }
    });
    every(1000, tickClocks);
  }
  function renderOverview(o) {
    const kinds = Object.keys(o.devices.byKind);
    fill($("ov-devices"), [t("ov.kind"), { label: t("ov.online"), num: 1 }, { label: t("ov.offline"), num: 1 }],
      kinds.map((k) => ({ cells: [t("kind." + k), o.devices.byKind[k].online,
        el("span", { class: o.devices.byKind[k].offline ? "offline" : "" }, o.devices.byKind[k].offline)] })));
    $("ov-severity").replaceChildren(...Object.keys(o.faults.bySeverity).map((s) =>
      el("span", { class: "chip sev-" + s, "data-severity": s }, t("sev." + s) + " " + o.faults.bySeverity[s])));
    $("ov-rides").textContent = o.rides.total;
    fill($("ov-rides-by"), null, Object.keys(o.rides.byElevator).map((e) => ({ cells: [e, o.rides.byElevator[e]] })));
    $("ov-traffic-total").textContent = t("ov.trafficTotal", { g: o.traffic.grants, d: o.traffic.denials });
    fill($("ov-traffic"), [t("f.device"), { label: t("ov.grants"), num: 1 }, { label: t("ov.denials"), num: 1 }],
      o.traffic.devices.map((x) => ({ attrs: { "data-device": x.device },
        cells: [(x.name || x.device) + " · " + t("kind." + x.kind), x.grants, x.denials] })));
    const sinks = Object.keys(o.journal.sinks);
    fill($("ov-journal"), [t("ov.sink"), { label: t("ov.behind"), num: 1 }, { label: t("ov.lag"), num: 1 }],
      [{ cells: [t("ov.lastSeq"), o.journal.lastSeq, ""] }, { cells: [t("ov.queued"), o.journal.queued, ""] }]
        .concat(sinks.map((s) => ({ cells: [s, o.journal.sinks[s].behind, dur(o.journal.sinks[s].lagSeconds * 1000)] }))));
    // Running rescue clocks first, then by severity, then the newest: what needs someone now is on top.
    const rank = { critical: 0, major: 1, minor: 2, info: 3 };
    o.faults.open.sort((a, b) => ((b.rescue && b.rescue.running) ? 1 : 0) - ((a.rescue && a.rescue.running) ? 1 : 0)
      || (rank[a.severity] ?? 9) - (rank[b.severity] ?? 9) || b.raisedAt.localeCompare(a.raisedAt));
    fill($("ov-faults"), [t("f.severity"), t("f.device"), t("f.type"), t("f.state"), t("f.raised"), t("f.rescue")],
      o.faults.open.map((f) => ({ attrs: { class: "clickable", "data-fault": f.id },
        cells: [sevChip(f.severity), f.device, el("span", { "data-type": f.type }, typeName(f.type)), t("state." + f.state), when(f.raisedAt),
          f.rescue ? el("span", { class: "clock", "data-deadline": f.rescue.deadline, "data-running": f.rescue.running,
            "data-elapsed": f.rescue.elapsedMs }, "") : "–"] })));
    $("ov-faults").querySelectorAll("tr[data-fault]").forEach((tr) => tr.addEventListener("click", () => {
      S.faultSel = tr.dataset.fault; show("faults"); }));
    $("ov-updated").textContent = when(o.now);
    tickClocks();
  }
  // ---- emergency modes: everyone sees them; the admin raises and clears those the site allows -----
  function renderEmergency(em) {
    S.emergency = em;
    const active = em.modes.filter((m) => m.active);
    $("em-banner").hidden = !active.length;
    if (active.length) {
      $("em-banner").textContent = t("em.banner", { modes: active.map((m) => t("em.mode." + m.mode)).join(", "),
        since: when(active[0].since) });
    }
    const admin = S.me && S.me.role === "admin";
    $("em-card").hidden = !admin;
    // Drawn again only when something changed: a poll must not swap a button under the admin's finger.
    const key = S.lang + JSON.stringify(em);
    if (!admin || key === S.emKey) return;
    S.emKey = key;
    fill($("em-modes"), [t("em.mode"), t("em.state"), t("em.since"), t("em.source"), ""], em.modes.map((m) => ({
      attrs: { "data-mode": m.mode },
      cells: [t("em.mode." + m.mode), el("span", { class: m.active ? "active-mode" : "" }, t(m.active ? "em.active" : "em.inactive")),
        m.active ? when(m.since) : "", m.active ? m.source : "",
        !m.dashboard ? el("span", { class: "muted" }, t("em.notHere"))
          : m.active && m.heldLocally ? el("span", { class: "muted" }, t("em.heldLocally"))
            : el("button", { type: "button", class: m.active ? "secondary" : "danger", "data-em": m.mode,
              "data-action": m.active ? "clear" : "raise", onclick: () => ask(m.mode, m.active ? "clear" : "raise") },
            t(m.active ? "em.clear" : "em.raise"))] })));
  }
  /** The confirmation step: nothing is sent until the admin has read what the change does. */
  function ask(mode, action) {
    S.asking = { mode, action };
    $("em-question").textContent = t("em.ask." + action + "." + mode, { devices: (S.emergency.opensOnFire || []).join(", ") });
    $("em-yes").textContent = t("em.yes." + action, { mode: t("em.mode." + mode) });
    $("em-yes").dataset.mode = mode; $("em-yes").dataset.action = action;
    $("em-confirm").hidden = false;
    $("em-result").textContent = "";
  }
  async function confirmEmergency() {
    const a = S.asking;
    if (!a) return;
    S.asking = null;
    $("em-confirm").hidden = true;
    try {
      const em = await api("POST", "/api/emergency/" + a.mode + "/" + a.action + "?confirm=" + a.mode);
      renderEmergency(em);
      $("em-result").textContent = t("em.done", { mode: t("em.mode." + a.mode), state: t(a.action === "raise" ? "em.active" : "em.inactive") });
    } catch (e) {
      $("em-result").textContent = e.status === 403 ? t("err.forbidden") + " " + e.message : t("err.failed", { e: e.message });
    }
  }

  function tickClocks() {
    const now = Date.now() + S.skewMs;
    document.querySelectorAll(".clock[data-deadline]").forEach((c) => {
      if (c.dataset.running !== "true") { c.textContent = t("f.arrivedIn") + " " + dur(Number(c.dataset.elapsed)); c.classList.remove("overdue"); return; }
      const left = new Date(c.dataset.deadline).getTime() - now;
      c.textContent = left >= 0 ? dur(left) + " " + t("f.left") : t("f.overdue") + " " + dur(-left);
      c.classList.toggle("overdue", left < 0);
    });
  }

  // ---- fault log ------------------------------------------------------------------------------
  function faultQuery() {
    const q = new URLSearchParams();
    ["device", "type", "severity", "state"].forEach((k) => { const v = $("f-" + k).value.trim(); if (v) q.set(k, v); });
    if ($("f-from").value) q.set("from", new Date($("f-from").value + "T00:00:00").toISOString());
    if ($("f-to").value) q.set("to", new Date($("f-to").value + "T23:59:59").toISOString());
    return q;
  }
  async function showFaults() {
    if (!S.overview) await loadOverview().catch(() => null);
    await loadTypes();
    typeOptions();
    await listFaults();
    if (S.faultSel) openFault(S.faultSel);
    perElevator();
  }
  function typeOptions() {
    const sel = $("f-type"), cur = sel.value;
    const ids = Object.keys(S.types).sort((a, b) => typeName(a).localeCompare(typeName(b), S.lang === "zh" ? "zh-CN" : "en"));
    sel.replaceChildren(el("option", { value: "" }, t("f.anyType")), ...ids.map((id) => el("option", { value: id }, typeName(id))));
    sel.value = cur;
  }
  async function listFaults() {
    const q = faultQuery();
    q.set("page", S.faultPage); q.set("size", S.faultSize);
    const csv = new URLSearchParams(q); csv.set("format", "csv"); csv.delete("page"); csv.set("size", 1000);
    $("f-csv").href = "/api/faults?" + csv;
    const p = await api("GET", "/api/faults?" + q);
    fill($("fault-table"), [t("f.id"), t("f.severity"), t("f.device"), t("f.type"), t("f.state"), t("f.raised"), t("f.by")],
      p.faults.map((f) => ({ attrs: { class: "clickable", "data-fault": f.id },
        cells: [f.id, sevChip(f.severity), f.device, el("span", { "data-type": f.type }, typeName(f.type)), t("state." + f.state), when(f.raisedAt), f.acknowledgedBy || ""] })));
    $("fault-table").querySelectorAll("tr[data-fault]").forEach((tr) => tr.addEventListener("click", () => openFault(tr.dataset.fault)));
    $("f-page").textContent = t("f.page", { n: p.page + 1 });
    $("f-prev").disabled = p.page === 0;
    $("f-next").disabled = !p.more;
  }
  async function openFault(id) {
    S.faultSel = id;
    const f = await api("GET", "/api/faults/" + encodeURIComponent(id));
    $("fault-detail").hidden = false;
    $("fd-id").textContent = f.id;
    $("fd-summary").replaceChildren(sevChip(f.severity), " ", f.device, " · ", typeName(f.type), " · ", t("state." + f.state));
    $("fd-timeline").replaceChildren(...f.changes.map((c) => el("li", { "data-change": c.change },
      when(c.at), " — ", t("change." + c.change), c.by ? " (" + c.by + ")" : "", c.note ? ": " + c.note : "")));
    $("fd-actions").hidden = !(S.me.role === "maintenance" || S.me.role === "admin") || f.state === "closed";
    $("fd-result").textContent = "";
  }
  async function act(action) {
    const q = new URLSearchParams();
    const note = $("fd-note").value.trim();
    if (note) q.set("note", note);
    try {
      const f = await api("POST", "/api/faults/" + encodeURIComponent(S.faultSel) + "/" + action + "?" + q);
      $("fd-result").textContent = t("f.done", { state: t("state." + f.state) });
      $("fd-note").value = "";
      await openFault(S.faultSel);
      await listFaults();
    } catch (e) {
      $("fd-result").textContent = e.status === 403 ? t("err.forbidden") : t("err.failed", { e: e.message });
    }
  }
  /** Each elevator's figures, counted on the gateway over every fault of the 30 days. */
  async function perElevator() {
    const p = await api("GET", "/api/faults/elevators");
    fill($("fault-elevators"), [t("f.elevator"), { label: t("f.faults"), num: 1 }, { label: t("f.arrive.mean"), num: 1 },
      { label: t("f.mttr"), num: 1 }, { label: t("f.rescues"), num: 1 }, { label: t("f.availability"), num: 1 }],
    p.elevators.map((e) => ({ attrs: { "data-elevator": e.elevator }, cells: [e.elevator, e.faults, dur(e.meanToArriveMs),
      dur(e.meanToRepairMs), e.rescuesInTime + " / " + e.rescues, (e.availability * 100).toFixed(2) + " %"] })));
  }

  // ---- usage ----------------------------------------------------------------------------------
  function chart(id, option) {
    if (!window.echarts) return;
    let c = S.charts[id];
    if (!c || c.isDisposed()) { c = window.echarts.init($(id)); S.charts[id] = c; }
    c.setOption(Object.assign({ animation: false, grid: { left: 40, right: 10, top: 20, bottom: 30 }, tooltip: { trigger: "axis" } }, option), true);
  }
  async function showUsage() {
    if (!S.overview) await loadOverview().catch(() => null);
    elevatorSelects();
    await loadUsage();
  }
  async function loadUsage() {
    const m = $("u-month").value, e = $("u-elevator").value;
    const u = await api("GET", "/api/usage?month=" + m + "&elevator=" + encodeURIComponent(e));
    const x = u.elevators[0] || { rides: 0, floorsTravelled: 0, byHourOfDay: {}, byDay: {}, byFloor: {}, byHousehold: {}, trips: {} };
    fill($("u-summary"), null, [
      { cells: [t("u.rides"), el("span", { id: "u-rides" }, x.rides)] }, { cells: [t("u.floors"), x.floorsTravelled] },
      { cells: [t("u.peak"), x.peakHour >= 0 ? x.peakHour + ":00" : "–"] },
      { cells: [t("u.trips"), x.trips.trips] }, { cells: [t("u.doorCycles"), x.trips.doorCycles] },
      { cells: [t("u.running"), dur(x.trips.runningMs)] }]);
    const hours = [...Array(24).keys()];
    chart("u-chart-hour", { xAxis: { type: "category", data: hours.map((h) => h + t("u.hour")) }, yAxis: { type: "value", minInterval: 1 },
      series: [{ name: t("u.rides"), type: "bar", data: hours.map((h) => x.byHourOfDay[h] || 0) }] });
    const days = Object.keys(x.byDay).sort();
    chart("u-chart-day", { xAxis: { type: "category", data: days.map((d) => d.slice(5)) }, yAxis: { type: "value", minInterval: 1 },
      series: [{ name: t("u.rides"), type: "line", data: days.map((d) => x.byDay[d]) }] });
    const floors = Object.keys(x.byFloor).map(Number).sort((a, b) => a - b);
    chart("u-chart-floor", { xAxis: { type: "category", data: floors.map((f) => f + "F") }, yAxis: { type: "value", minInterval: 1 },
      series: [{ name: t("u.rides"), type: "bar", data: floors.map((f) => x.byFloor[f]) }] });
    $("u-chart-hour").dataset.total = hours.reduce((s, h) => s + (x.byHourOfDay[h] || 0), 0);
    fill($("u-households"), [t("u.household"), { label: t("u.rides"), num: 1 }, { label: t("u.floors"), num: 1 }],
      Object.keys(x.byHousehold).map((h) => ({ cells: [h, x.byHousehold[h].rides, x.byHousehold[h].floorsTravelled] })));
  }

  // ---- bills ----------------------------------------------------------------------------------
  async function showBills() {
    if (!S.overview) await loadOverview().catch(() => null);
    elevatorSelects();
    await loadBill();
  }
  function billQuery(id) {
    return "month=" + $(id + "-month").value + "&elevator=" + encodeURIComponent($(id + "-elevator").value);
  }
  async function loadBill() {
    const q = billQuery("b");
    $("b-csv").href = "/api/bills?" + q + "&format=csv";
    $("b-csv").setAttribute("download", "bill-" + $("b-elevator").value + "-" + $("b-month").value + ".csv");
    let b;
    try { b = await api("GET", "/api/bills?" + q); } catch (e) {
      $("b-head").textContent = t("err.failed", { e: e.message }); $("b-items").replaceChildren(); $("b-lines").replaceChildren(); return;
    }
    const s = b.statement;
    $("b-head").replaceChildren(el("p", null, t("b.total") + ": ", el("strong", { id: "b-total" }, "¥" + yuan(s.totalFen)),
      " · " + t("b.issued") + ": " + t("issued." + b.issued)), el("p", { class: "hash" }, t("b.hash") + ": " + s.hash));
    fill($("b-items"), [t("b.item"), t("b.model"), t("b.basis"), { label: t("b.amount"), num: 1 }],
      s.items.map((i) => ({ cells: [i.item, t("model." + i.model), i.basis, yuan(i.amountFen)] })));
    const head = [t("b.household"), { label: t("u.floor"), num: 1 }, { label: t("b.area"), num: 1 }, { label: t("b.coefficient"), num: 1 },
      t("b.exempt"), t("b.vacant"), { label: t("u.rides"), num: 1 }, { label: t("u.floors"), num: 1 }]
      .concat(s.items.map((i) => ({ label: i.item, num: 1 })))
      .concat([{ label: t("b.adjustment"), num: 1 }, { label: t("b.total"), num: 1 }]);
    fill($("b-lines"), head, s.lines.map((l) => ({ attrs: { "data-household": l.household }, cells:
      [l.household, l.floor, l.area, l.coefficient, l.exempt ? t("b.yes") : "", l.vacant ? t("b.yes") : "", l.rides, l.floorsTravelled]
        .concat(l.itemFen.map(yuan)).concat([yuan(l.adjustmentFen), yuan(l.totalFen)]) })));
    const cmp = await api("GET", "/api/bills?" + q + "&compare=true");
    const households = Object.keys(cmp), models = households.length ? Object.keys(cmp[households[0]]) : [];
    fill($("b-compare"), [t("b.household")].concat(models.map((m) => ({ label: t("model." + m), num: 1 }))),
      households.map((h) => ({ cells: [h].concat(models.map((m) => yuan(cmp[h][m]))) })));
    chart("b-chart", { legend: { top: 0 }, grid: { left: 50, right: 10, top: 30, bottom: 60 },
      xAxis: { type: "category", data: households, axisLabel: { rotate: 45 } }, yAxis: { type: "value" },
      series: models.map((m) => ({ name: t("model." + m), type: "bar", data: households.map((h) => cmp[h][m] / 100) })) });
  }

  // ---- monthly report -------------------------------------------------------------------------
  async function showReport() {
    if (!S.overview) await loadOverview().catch(() => null);
    elevatorSelects();
    await loadReport();
  }
  async function loadReport() {
    const m = $("r-month").value, e = $("r-elevator").value;
    $("r-pdf").href = "/api/report.pdf?" + billQuery("r");
    const page = $("r-page");
    page.replaceChildren(el("h1", null, t("r.title", { e, m })));
    const [u, figures] = await Promise.all([
      api("GET", "/api/usage?month=" + m + "&elevator=" + encodeURIComponent(e)),
      api("GET", "/api/faults/elevators?month=" + m)]);
    const a = figures.elevators.find((x) => x.elevator === e) || { faults: 0, rescues: 0, rescuesInTime: 0, availability: 1 };
    const x = u.elevators[0] || { rides: 0 };
    const target = S.overview ? S.overview.rescueTargetMinutes : 30;
    const facts = el("table", { class: "small" });
    fill(facts, null, [
      { cells: [t("r.availability"), (a.availability * 100).toFixed(2) + " %"] },
      { cells: [t("u.rides"), x.rides] },
      { cells: [t("r.faults"), a.faults] },
      { cells: [t("r.rescues", { t: target }), a.rescuesInTime + " / " + a.rescues] },
      { cells: [t("r.overdue"), a.rescues - a.rescuesInTime] },
      { cells: [t("r.arrive"), dur(a.meanToArriveMs)] },
      { cells: [t("r.mttr"), dur(a.meanToRepairMs)] }]);
    page.append(facts);
    try {
      const b = (await api("GET", "/api/bills?" + billQuery("r"))).statement;
      const items = el("table", { class: "small" }), lines = el("table", { class: "small" });
      fill(items, [t("b.item"), t("b.model"), { label: t("b.amount"), num: 1 }],
        b.items.map((i) => ({ cells: [i.item, t("model." + i.model), yuan(i.amountFen)] })).concat([{ cells: [t("b.total"), "", yuan(b.totalFen)] }]));
      fill(lines, [t("b.household"), { label: t("u.rides"), num: 1 }, { label: t("b.total"), num: 1 }],
        b.lines.map((l) => ({ cells: [l.household, l.rides, yuan(l.totalFen)] })));
      page.append(el("h2", null, t("r.costs")), items, el("h2", null, t("r.bill")), lines,
        el("p", { class: "hash" }, t("b.hash") + ": " + b.hash), el("p", { class: "muted" }, t("r.check")));
    } catch (err) {
      page.append(el("p", { class: "muted" }, t("err.failed", { e: err.message })));
    }
  }

  // ---- start ----------------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", async () => {
    S.lang = pickLang();
    applyLang();
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    $("lang").addEventListener("click", switchLang);
    $("lang-login").addEventListener("click", switchLang);
    $("fault-filter").addEventListener("submit", (ev) => { ev.preventDefault(); S.faultPage = 0; listFaults(); });
    $("f-prev").addEventListener("click", () => { S.faultPage = Math.max(0, S.faultPage - 1); listFaults(); });
    $("f-next").addEventListener("click", () => { S.faultPage++; listFaults(); });
    document.querySelectorAll("#fd-actions [data-action]").forEach((b) => b.addEventListener("click", () => act(b.dataset.action)));
    $("usage-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadUsage(); });
    $("bill-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadBill(); });
    $("report-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadReport(); });
    $("r-print").addEventListener("click", () => window.print());
    $("em-yes").addEventListener("click", confirmEmergency);
    $("em-no").addEventListener("click", () => { S.asking = null; $("em-confirm").hidden = true; });
    window.addEventListener("hashchange", () => show(location.hash.slice(1)));
    window.addEventListener("resize", () => Object.values(S.charts).forEach((c) => c.resize()));
    try { loggedIn(await api("GET", "/api/me")); } catch (e) { loggedOut(""); }
  });
})();
