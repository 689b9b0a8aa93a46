// neuronkit explorer: the page. It computes nothing itself: it sends what the user set
// to the neuronkit server over a WebSocket and draws what comes back. No build step, no
// library, no network access beyond the server that served it.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k === "style") Object.assign(e.style, v);  // CSSOM: allowed by the page's CSP
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  };

  const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e08a00", "#17becf"];
  // an activation's colour is the one its declaration gives (the same as in every figure)
  const curveColor = (c, i) => c.color || COLORS[i % COLORS.length];
  // class 0 / negative weight and class 1 / positive weight: the colours of every
  // figure (neuronkit._drawing.CLASS_COLORS), which the server sends in its hello
  let NEG = [230, 159, 0];   // orange #E69F00: negative weight, class 0
  let POS = [0, 114, 178];   // blue #0072B2: positive weight, class 1
  const hexRgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  // the input features' symbols (mathematics: the same in both languages)
  const FEATURE_LABELS = { x1: "x₁", x2: "x₂", x1_sq: "x₁²", x2_sq: "x₂²", x1x2: "x₁x₂",
    sin_x1: "sin x₁", sin_x2: "sin x₂", cos_x1: "cos x₁", cos_x2: "cos x₂",
    abs_x1: "|x₁|", abs_x2: "|x₂|" };
  const LR_CHOICES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const RATE_CHOICES = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

  // ---------------------------------------------------------------- language
  // ?lang=zh|en, else the browser's language; the texts themselves come from the server
  const urlLang = new URLSearchParams(location.search).get("lang");
  let lang = ["en", "zh"].includes(urlLang) ? urlLang
    : ((navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en");
  let S = {};  // key -> text in `lang` (neuronkit.explorer.strings)
  const t = (key, fields = {}) => {
    const text = S[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, k) => (k in fields ? String(fields[k]) : m));
  };
  function applyStrings() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.body.dataset.lang = lang;
    for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
    for (const e of document.querySelectorAll("[data-i18n-title]")) {
      e.title = t(e.dataset.i18nTitle);
      if (e.tagName === "BUTTON") e.setAttribute("aria-label", e.title);
    }
    $("lang").lang = lang === "zh" ? "en" : "zh-CN";
    const c = $("conn");
    c.textContent = t(c.className === "ok" ? "conn.connected" : c.className === "bad" ? "conn.retrying" : "conn.connecting");
  }
  function switchLanguage() {
    lang = lang === "zh" ? "en" : "zh";
    const q = new URLSearchParams(location.search);
    q.set("lang", lang);
    history.replaceState(null, "", `${location.pathname}?${q}${location.hash}`);
    send({ type: "language", lang });
  }

  // ---------------------------------------------------------------- state and URL
  const st = {
    view: "activations",
    acts: [{ name: "logistic", params: {} }, { name: "tanh", params: {} }],
    xmin: -5, xmax: 5,
    neuron: { mode: "mp", w1: 1, w2: 1, b: -1.5, gate: "and", act: "logistic" },
    pg: null,
    cmp: "",     // compare mode: network B's hidden activation ("" when off)
    preset: "",  // the chapter's claim whose experiment is loaded (explorer/presets.py)
  };
  let hello = null;
  const catalogue = {};
  let ws = null;
  let reqId = 0;
  const latest = { curves: 0, neuron: 0 };
  let curveData = null;
  let pgData = null;       // points of the current data set
  let pgFrame = null;      // the last frame
  let pgHistory = [];      // [epoch, train, test]
  let pgFlow = [];         // [epoch, grad norms, dead shares, saturated shares], per layer
  let pgStatus = "idle";
  let pgConfirmed = false; // the server accepted st.pg
  let pgHover = null;      // "layer.unit" whose output the output panel shows, or null
  let linkGeom = [];       // the links as drawn: [{layer, source, target, w, pts}]

  const num = (v, d) => { const n = Number(v); return v !== null && v !== "" && Number.isFinite(n) ? n : d; };
  const actToStr = (a) => [a.name, ...Object.entries(a.params || {}).map(([k, v]) => `${k}=${v}`)].join(";");
  const strToAct = (s) => {
    // the CLI's form name:param=value (neuronkit plot) is read as name;param=value
    const [name, ...ps] = (s.includes(":") && !s.includes(";") ? s.replace(":", ";") : s).split(";");
    const params = {};
    for (const p of ps) {
      const i = p.indexOf("=");
      if (i <= 0) continue;
      const k = p.slice(0, i), v = p.slice(i + 1);
      params[k] = v !== "" && Number.isFinite(Number(v)) ? Number(v) : v;
    }
    return { name, params };
  };

  // an alias in a link (sigmoid, silu, ...) as its catalogue name
  const canonical = (a) => {
    if (catalogue[a.name]) return a;
    const entry = Object.values(catalogue).find((c) => (c.aliases || []).includes(a.name));
    return entry ? { name: entry.name, params: a.params } : a;
  };

  function encodeHash() {
    const q = new URLSearchParams();
    q.set("view", st.view);
    q.set("acts", st.acts.map(actToStr).join(","));
    q.set("xmin", st.xmin); q.set("xmax", st.xmax);
    const n = st.neuron;
    q.set("nmode", n.mode); q.set("w1", n.w1); q.set("w2", n.w2); q.set("b", n.b);
    q.set("gate", n.gate); q.set("nact", n.act);
    if (st.preset) q.set("preset", st.preset);
    if (st.cmp) q.set("cmp", st.cmp);
    if (st.pg) {
      const c = st.pg;
      q.set("data", c.dataset); q.set("feat", c.features.join(",")); q.set("noise", c.noise); q.set("size", c.size);
      q.set("test", c.test_fraction); q.set("dseed", c.data_seed);
      q.set("layers", c.hidden.map((l) => `${l.units}:${actToStr(l.activation)}`).join(","));
      q.set("loss", c.loss); q.set("opt", c.optimizer); q.set("lr", c.learning_rate);
      q.set("batch", c.batch_size); q.set("reg", c.regularization);
      q.set("rate", c.regularization_rate); q.set("seed", c.seed);
    }
    // readable links: keep , ; : = unescaped inside values (URLSearchParams reads them back)
    return [...q].map(([k, v]) => `${k}=${encodeURIComponent(v)
      .replace(/%2C/g, ",").replace(/%3B/g, ";").replace(/%3A/g, ":").replace(/%3D/g, "=")}`)
      .join("&");
  }

  function saveHash() {
    history.replaceState(null, "", "#" + encodeHash());
  }

  function loadHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    if (["activations", "neuron", "playground"].includes(q.get("view"))) st.view = q.get("view");
    if (q.get("acts")) {
      const acts = q.get("acts").split(",").filter(Boolean).slice(0, 6).map(strToAct).map(canonical);
      const unknown = acts.filter((a) => !catalogue[a.name]).map((a) => a.name);
      if (unknown.length) {
        showError(t("error.link_activation", { names: unknown.join(", "),
                                               known: Object.keys(catalogue).join(", ") }));
      }
      if (acts.some((a) => catalogue[a.name])) st.acts = acts.filter((a) => catalogue[a.name]);
    }
    st.xmin = num(q.get("xmin"), st.xmin); st.xmax = num(q.get("xmax"), st.xmax);
    const n = st.neuron;
    if (q.get("nmode") === "general" || q.get("nmode") === "mp") n.mode = q.get("nmode");
    n.w1 = num(q.get("w1"), n.w1); n.w2 = num(q.get("w2"), n.w2); n.b = num(q.get("b"), n.b);
    if (q.get("gate")) n.gate = q.get("gate");
    if (q.get("nact")) n.act = q.get("nact");
    if (hello.presets.some((p) => p.id === q.get("preset"))) st.preset = q.get("preset");
    if (catalogue[q.get("cmp")]) st.cmp = q.get("cmp");
    const c = structuredClone(hello.default_config);
    const s = (key, field, conv) => { if (q.has(key)) c[field] = conv(q.get(key), c[field]); };
    const txt = (v) => v;
    s("data", "dataset", txt); s("noise", "noise", num);
    s("feat", "features", (v) => v.split(",").filter(Boolean)); s("size", "size", num);
    s("test", "test_fraction", num); s("dseed", "data_seed", num);
    s("loss", "loss", txt); s("opt", "optimizer", txt); s("lr", "learning_rate", num);
    s("batch", "batch_size", num); s("reg", "regularization", txt);
    s("rate", "regularization_rate", num); s("seed", "seed", num);
    if (q.has("layers")) {
      c.hidden = q.get("layers").split(",").filter(Boolean).map((part) => {
        const i = part.indexOf(":");
        return { units: num(part.slice(0, i), 4), activation: strToAct(part.slice(i + 1)) };
      });
    }
    st.pg = c;
  }

  // ---------------------------------------------------------------- connection
  function send(msg) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  function connect() {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    // beyond loopback the server wants its token (from the URL it printed) on every request
    const token = new URLSearchParams(location.search).get("token");
    const query = `?lang=${lang}` + (token ? `&token=${encodeURIComponent(token)}` : "");
    ws = new WebSocket(`${proto}://${location.host}/ws${query}`);
    // the status's words come with the server's strings (the hello): until they have
    // arrived the page keeps its own text rather than show a key such as conn.connected
    const status = (cls, key) => {
      $("conn").className = cls;
      if (key in S) $("conn").textContent = t(key);
    };
    ws.onopen = () => status("ok", "conn.connected");
    ws.onclose = () => {
      document.body.dataset.connected = "0";
      status("bad", "conn.retrying");
      setTimeout(connect, 1500);
    };
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      const handler = HANDLERS[m.type];
      if (handler) handler(m);
    };
  }

  let errorTimer = null;
  // a click closes the message at once (it may cover the toolbar under it)
  $("error").addEventListener("click", () => { $("error").hidden = true; });
  function showError(text) {
    const e = $("error");
    e.textContent = text;
    e.hidden = false;
    document.body.dataset.error = text;
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => { e.hidden = true; }, 8000);
  }

  const HANDLERS = {
    hello(m) {
      const first = hello === null;
      hello = m;
      S = m.strings; lang = m.lang;
      applyStrings();
      if (m.class_colors) {
        [NEG, POS] = m.class_colors.slice(0, 2).map(hexRgb);
        document.documentElement.style.setProperty("--neg", `rgb(${NEG.join(", ")})`);
        document.documentElement.style.setProperty("--pos", `rgb(${POS.join(", ")})`);
      }
      for (const a of m.activations) catalogue[a.name] = a;
      $("version").textContent = `neuronkit ${m.version}`;
      if (first) {
        loadHash();
        buildActivationsView();
        buildNeuronView();
        buildPlaygroundView();
        showView(st.view);
        compare();
      }
      document.body.dataset.connected = "1";
      document.body.dataset.session = m.session;
      requestCurves();
      requestNeuron();
      configure();
    },
    error(m) {
      showError(m.message);
      if (m.about === "configure" && !pgConfirmed) {  // a bad link: fall back to defaults
        st.pg = structuredClone(hello.default_config);
        syncPlaygroundControls();
        configure();
      }
    },
    strings(m) {
      S = m.strings; lang = m.lang;
      applyStrings();
      relabel();
    },
    curves(m) { if (m.id >= latest.curves) { curveData = m; drawCurves(); } },
    neuron(m) { if (m.id >= latest.neuron) drawNeuron(m); },
    data(m) { onData(m); },
    frame(m) { onFrame(m); },
    status(m) { setStatus(m.status); },
    diverged(m) {
      const d = $("pg-diverged");
      d.textContent = "⚠ " + m.message;
      d.hidden = false;
      $("view-playground").dataset.diverged = "1";
    },
  };

  // ---------------------------------------------------------------- views
  function showView(name) {
    st.view = name;
    document.body.dataset.view = name;
    for (const v of ["activations", "neuron", "playground"]) $(`view-${v}`).hidden = v !== name;
    for (const b of document.querySelectorAll("#tabs button")) {
      b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false");
    }
    saveHash();
    if (name === "playground") requestAnimationFrame(drawLinks);
  }

  // small throttle: at most one request in flight per kind, the last one wins
  function throttled(fn) {
    let scheduled = false;
    return () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => { scheduled = false; fn(); });
    };
  }

  // ---------------------------------------------------------------- plotting helpers
  function niceStep(span, n) {
    const raw = span / n, p = 10 ** Math.floor(Math.log10(raw)), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }
  function fmt(v, d = 4) {
    if (v === null || v === undefined) return "–";
    if (typeof v === "string") return v;
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) return v.toExponential(d - 1);
    return String(Number(v.toPrecision(d)));
  }
  // "f(x) = " and a formula: the MathML the server made from the declaration's LaTeX,
  // parsed as XML (no innerHTML), with the plain-text formula as its tooltip and fallback
  function mathLine(lhs, mathml, plain) {
    const line = el("div", { title: lhs + plain }, el("span", { class: "lhs", text: lhs }));
    const doc = mathml ? new DOMParser().parseFromString(mathml, "application/xml") : null;
    if (doc && doc.documentElement.localName === "math") line.append(document.importNode(doc.documentElement, true));
    else line.append(plain);
    return line;
  }
  function colorFor(t) {  // t in [0, 1]: orange - white - blue
    const c = t < 0.5 ? NEG : POS, s = Math.abs(t - 0.5) * 2;
    return [0, 1, 2].map((i) => Math.round(255 + (c[i] - 255) * s));
  }
  function axes(ctx, box, xr, yr, whole = false) {  // whole: x ticks on whole numbers
    const { l, t, w, h } = box;
    ctx.save();
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#666"; ctx.strokeStyle = "#e6e6e6"; ctx.lineWidth = 1;
    const X = (x) => l + (x - xr[0]) / (xr[1] - xr[0]) * w;
    const Y = (y) => t + h - (y - yr[0]) / (yr[1] - yr[0]) * h;
    // as many x ticks as their labels leave room for (at least 12 px between two)
    const widest = Math.max(...xr.map((v) => ctx.measureText(fmt(v, 3) + "0").width));
    let nx = Math.min(8, Math.max(1, Math.floor(w / (widest + 12))));
    let sx = niceStep(xr[1] - xr[0], nx);
    while (sx / (xr[1] - xr[0]) * w < widest + 12 && nx > 1) sx = niceStep(xr[1] - xr[0], --nx);
    if (whole) sx = Math.max(1, sx);
    const sy = niceStep(yr[1] - yr[0], Math.min(6, Math.max(2, Math.floor(h / 18))));
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const ticks = [];
    // each tick a whole multiple of the step (a running sum drifts: -5.55e-17 for 0)
    for (let i = Math.ceil(xr[0] / sx), x = i * sx; x <= xr[1] + 1e-9; x = ++i * sx) {
      ctx.beginPath(); ctx.moveTo(X(x), t); ctx.lineTo(X(x), t + h); ctx.stroke();
      const label = fmt(x, 3), half = ctx.measureText(label).width / 2;
      ctx.fillText(label, X(x), t + h + 4);
      ticks.push([X(x) - half, X(x) + half, label]);
    }
    // the smallest gap between two x labels, in px: tests read that they never overlap
    let gap = Infinity;
    for (let i = 1; i < ticks.length; i++) gap = Math.min(gap, ticks[i][0] - ticks[i - 1][1]);
    ctx.canvas.dataset.xtickGap = Number.isFinite(gap) ? gap.toFixed(1) : "";
    ctx.canvas.dataset.xticks = ticks.map((k) => k[2]).join(" ");
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (let i = Math.ceil(yr[0] / sy), y = i * sy; y <= yr[1] + 1e-9; y = ++i * sy) {
      ctx.beginPath(); ctx.moveTo(l, Y(y)); ctx.lineTo(l + w, Y(y)); ctx.stroke();
      ctx.fillText(fmt(y, 3), l - 5, Y(y));
    }
    ctx.strokeStyle = "#999";
    if (xr[0] < 0 && xr[1] > 0) { ctx.beginPath(); ctx.moveTo(X(0), t); ctx.lineTo(X(0), t + h); ctx.stroke(); }
    if (yr[0] < 0 && yr[1] > 0) { ctx.beginPath(); ctx.moveTo(l, Y(0)); ctx.lineTo(l + w, Y(0)); ctx.stroke(); }
    ctx.restore();
    return { X, Y };
  }
  function hashString(s) {  // FNV-1a, hex: lets tests see that a plot changed
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    return (h >>> 0).toString(16).padStart(8, "0");
  }
  function b64bytes(s) {
    const bin = atob(s), out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function bytesToCanvas(bytes, size, target) {
    const img = new ImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const [r, g, b] = colorFor(bytes[i] / 255);
      img.data.set([r, g, b, 255], i * 4);
    }
    target.width = size; target.height = size;
    target.getContext("2d").putImageData(img, 0, 0);
    return target;
  }

  // ---------------------------------------------------------------- 1. activations
  function buildActivationsView() {
    const list = $("act-list");
    list.replaceChildren();
    for (const name of Object.keys(catalogue)) {
      const a = catalogue[name];
      const box = el("input", { type: "checkbox", value: name, "data-activation": name });
      box.checked = st.acts.some((x) => x.name === name);
      box.addEventListener("change", () => {
        if (box.checked) {
          if (st.acts.length >= hello.limits.max_curves) {
            box.checked = false;
            showError(t("act.too_many", { n: hello.limits.max_curves }));
            return;
          }
          st.acts.push({ name, params: {} });
        } else {
          st.acts = st.acts.filter((x) => x.name !== name);
        }
        buildActParams();
        requestCurves();
      });
      list.append(el("label", { "data-summary": name, title: summaryOf(a) }, box, " " + name));
    }
    $("act-xmin").value = st.xmin; $("act-xmax").value = st.xmax;
    for (const id of ["act-xmin", "act-xmax"]) {
      $(id).addEventListener("change", () => {
        const lo = num($("act-xmin").value, -5), hi = num($("act-xmax").value, 5);
        if (lo < hi) { st.xmin = lo; st.xmax = hi; requestCurves(); }
        else showError(t("act.bad_range"));
      });
    }
    buildActParams();
    const cv = $("act-plot");
    cv.addEventListener("mousemove", (ev) => {
      const r = cv.getBoundingClientRect();
      drawCurves((ev.clientX - r.left) * cv.width / r.width);
    });
    cv.addEventListener("mouseleave", () => drawCurves());
  }

  function paramControl(key, p, value, onChange) {
    // a slider and a typed value for numbers, a select for choices
    const wrap = el("div", { class: "param" });
    wrap.append(el("div", { class: "pname", text: p.name, title: p.doc, ...(p.i18n ? { "data-i18n": p.i18n } : {}) }));
    if (p.kind === "choice") {
      const sel = el("select", { "data-param": key });
      for (const c of p.choices) sel.append(el("option", { value: c, text: c }));
      sel.value = value;
      sel.addEventListener("change", () => onChange(sel.value));
      wrap.append(sel);
      return wrap;
    }
    const slider = el("input", { type: "range", min: p.min, max: p.max, step: p.step,
      "data-param": key });
    const box = el("input", { type: "number", step: p.step, class: "numbox",
      "data-param-value": key });
    slider.value = value; box.value = value;
    slider.addEventListener("input", () => { box.value = slider.value; onChange(Number(slider.value)); });
    box.addEventListener("change", () => {
      const v = Number(box.value);
      if (box.value === "" || !Number.isFinite(v)) { showError(t("param.not_number", { name: p.name })); return; }
      slider.value = v; onChange(v);
    });
    wrap.append(slider, box);
    return wrap;
  }

  function buildActParams() {
    const host = $("act-params");
    host.replaceChildren();
    st.acts.forEach((a, i) => {
      const entry = catalogue[a.name];
      if (!entry || !entry.params.length) return;
      const block = el("div", { class: "pblock" });
      block.append(el("h3", { text: a.name, style: { color: entry.color || COLORS[i % COLORS.length] } }));
      for (const p of entry.params) {
        const value = a.params[p.name] ?? p.default;
        block.append(paramControl(`${a.name}.${p.name}`, p, value, (v) => {
          a.params[p.name] = v;
          requestCurves();
        }));
      }
      host.append(block);
    });
  }

  const requestCurves = throttled(() => {
    if (!hello) return;
    saveHash();
    if (!st.acts.length) { curveData = null; drawCurves(); return; }
    latest.curves = ++reqId;
    send({ type: "curves", id: reqId, activations: st.acts, x_min: st.xmin, x_max: st.xmax,
      points: 401 });
  });

  function drawCurves(mouseX) {
    const cv = $("act-plot"), ctx = cv.getContext("2d");
    ctx.clearRect(0, 0, cv.width, cv.height);
    const legend = $("act-legend");
    const tbody = $("act-props").querySelector("tbody");
    const formulas = $("act-formulas").querySelector("tbody");
    if (!curveData || !st.acts.length) {
      legend.replaceChildren(); tbody.replaceChildren(); formulas.replaceChildren();
      cv.dataset.curveHash = ""; cv.dataset.activations = "";
      return;
    }
    const xs = curveData.x;
    let lo = Infinity, hi = -Infinity;
    for (const c of curveData.curves) {
      for (const arr of [c.y, c.dy]) for (const v of arr) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (!Number.isFinite(lo)) { lo = -1; hi = 1; }
    lo = Math.min(lo, 0); hi = Math.max(hi, 0);
    const pad = (hi - lo || 1) * 0.08; lo -= pad; hi += pad;
    const box = { l: 48, t: 12, w: cv.width - 64, h: cv.height - 40 };
    const { X, Y } = axes(ctx, box, [xs[0], xs[xs.length - 1]], [lo, hi]);
    curveData.curves.forEach((c, i) => {
      ctx.strokeStyle = curveColor(c, i);
      for (const [arr, dash, width] of [[c.y, [], 2.5], [c.dy, [6, 4], 1.6]]) {
        ctx.setLineDash(dash); ctx.lineWidth = width; ctx.beginPath();
        let pen = false;
        arr.forEach((v, k) => {
          if (v === null) { pen = false; return; }
          if (pen) ctx.lineTo(X(xs[k]), Y(v)); else ctx.moveTo(X(xs[k]), Y(v));
          pen = true;
        });
        ctx.stroke();
      }
    });
    ctx.setLineDash([]);
    // legend and properties
    legend.replaceChildren(...curveData.curves.map((c, i) => el("span", {
      style: { color: curveColor(c, i), marginRight: "18px" }, text: c.label })));
    tbody.replaceChildren(...curveData.curves.map((c, i) => {
      const p = c.properties, yes = (b) => t(b ? "yes" : "no");
      return el("tr", { "data-activation": c.name },
        el("td", { style: { color: curveColor(c, i) }, text: c.name }),
        el("td", { text: p.range_text }), el("td", { text: yes(p.zero_centered) }),
        el("td", { text: yes(p.monotonic) }), el("td", { text: t(`sat.${p.saturation}`) }),
        el("td", { text: t(`smooth.${p.smoothness}`) }), el("td", { text: fmt(p.derivative_at_zero) }),
        el("td", { text: p.kinks.length ? p.kinks.map((k) => fmt(k)).join(", ") : "–" }),
        el("td", { text: p.learnable.length ? p.learnable.join(", ") : "–" }));
    }));
    formulas.replaceChildren(...curveData.curves.map((c, i) => el("tr", { "data-activation": c.name },
      el("td", { style: { color: curveColor(c, i) }, text: c.name }),
      el("td", { class: "math" }, mathLine("f(x) = ", c.mathml, c.text),
        mathLine("f′(x) = ", c.derivative_mathml, c.derivative_text)))));
    const h = hashString(JSON.stringify(curveData.curves.map((c) => [c.label, c.y, c.dy])));
    cv.dataset.curveHash = h;
    cv.dataset.activations = curveData.curves.map((c) => c.label).join(" ");
    $("view-activations").dataset.ready = "1";
    // value and derivative under the mouse: the exact sample the server computed
    if (mouseX !== undefined && mouseX >= box.l && mouseX <= box.l + box.w) {
      const k = Math.round((mouseX - box.l) / box.w * (xs.length - 1));
      ctx.strokeStyle = "#444"; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(X(xs[k]), box.t); ctx.lineTo(X(xs[k]), box.t + box.h); ctx.stroke();
      const lines = [`x = ${fmt(xs[k], 6)}`];
      curveData.curves.forEach((c, i) => {
        ctx.fillStyle = curveColor(c, i);
        for (const v of [c.y[k], c.dy[k]]) {
          if (v !== null) { ctx.beginPath(); ctx.arc(X(xs[k]), Y(v), 3.5, 0, 7); ctx.fill(); }
        }
        lines.push(`${c.name}: f = ${fmt(c.y[k], 7)}, f′ = ${fmt(c.dy[k], 7)}`);
      });
      $("act-readout").textContent = lines.join("   ·   ");
      $("act-readout").dataset.x = xs[k];
    }
  }

  // ---------------------------------------------------------------- 2. neuron
  function buildNeuronView() {
    const n = st.neuron;
    for (const r of document.querySelectorAll("input[name=nmode]")) {
      r.checked = r.value === n.mode;
      r.addEventListener("change", () => { n.mode = r.value; syncNeuronMode(); requestNeuron(); });
    }
    const sel = $("n-act");
    for (const name of Object.keys(catalogue)) sel.append(el("option", { value: name, text: name }));
    sel.value = catalogue[n.act] ? n.act : "logistic";
    n.act = sel.value;
    sel.addEventListener("change", () => { n.act = sel.value; requestNeuron(); });
    const host = $("n-sliders");
    const spec = { kind: "number", min: -3, max: 3, step: 0.1 };
    for (const key of ["w1", "w2", "b"]) {
      const label = t(`n.${key}`);
      host.append(paramControl(`neuron.${key}`, { ...spec, name: label, doc: label, i18n: `n.${key}` }, n[key],
        (v) => { n[key] = v; requestNeuron(); }));
    }
    const gate = $("n-gate");
    for (const g of Object.keys(hello.gates)) gate.append(el("option", { value: g, text: g.toUpperCase() }));
    gate.value = hello.gates[n.gate] ? n.gate : "and";
    n.gate = gate.value;
    gate.addEventListener("change", () => { n.gate = gate.value; $("n-preset-note").textContent = ""; requestNeuron(); });
    $("n-preset").addEventListener("click", () => {
      const p = hello.gates[n.gate].preset;
      if (!p) {
        $("n-preset-note").textContent = t("n.no_weights", { gate: n.gate.toUpperCase() });
      } else {
        [n.w1, n.w2, n.b] = p;
        $("n-preset-note").textContent = `w₁ = ${p[0]}, w₂ = ${p[1]}, b = ${p[2]}`;
        syncNeuronSliders();
      }
      requestNeuron();
    });
    syncNeuronMode();
  }
  function syncNeuronSliders() {
    for (const key of ["w1", "w2", "b"]) {
      document.querySelector(`[data-param="neuron.${key}"]`).value = st.neuron[key];
      document.querySelector(`[data-param-value="neuron.${key}"]`).value = st.neuron[key];
    }
  }
  function syncNeuronMode() {
    const general = st.neuron.mode === "general";
    $("n-act-wrap").hidden = !general;
    $("n-formula").textContent = t(general ? "n.formula.general" : "n.formula.mp");
  }

  const requestNeuron = throttled(() => {
    if (!hello) return;
    saveHash();
    const n = st.neuron;
    latest.neuron = ++reqId;
    send({ type: "neuron", id: reqId, mode: n.mode, weights: [n.w1, n.w2], bias: n.b,
      activation: { name: n.act, params: {} }, gate: n.gate, grid: 61 });
  });

  function drawNeuron(m) {
    const cv = $("n-plot"), ctx = cv.getContext("2d");
    ctx.clearRect(0, 0, cv.width, cv.height);
    const box = { l: 36, t: 10, w: cv.width - 50, h: cv.height - 40 };
    const [e0, e1] = m.extent, g = m.grid;
    // colour scale: the activation's range where bounded, else the values shown
    const props = catalogue[m.activation].properties;
    let [lo, hi] = props.range;
    if (typeof lo !== "number" || typeof hi !== "number") [lo, hi] = m.value_range;
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const img = new ImageData(g, g);
    for (let r = 0; r < g; r++) {
      for (let c = 0; c < g; c++) {
        const v = m.values[r * g + c];
        const t = v === null ? 0.5 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
        const [R, G, B] = colorFor(t);
        img.data.set([R, G, B, 255], ((g - 1 - r) * g + c) * 4);  // row 0 is x2 = e0: bottom
      }
    }
    const off = document.createElement("canvas");
    off.width = g; off.height = g; off.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, box.l, box.t, box.w, box.h);
    const { X, Y } = axes(ctx, box, [e0, e1], [e0, e1]);
    ctx.drawImage(off, box.l, box.t, box.w, box.h);  // the map over the grid lines
    // decision line w1 x1 + w2 x2 + b = 0
    const [w1, w2] = m.weights, b = m.bias;
    ctx.save();
    ctx.beginPath(); ctx.rect(box.l, box.t, box.w, box.h); ctx.clip();
    ctx.strokeStyle = "#222"; ctx.lineWidth = 2.5;
    ctx.beginPath();
    if (Math.abs(w2) > 1e-12) {
      ctx.moveTo(X(e0), Y(-(w1 * e0 + b) / w2)); ctx.lineTo(X(e1), Y(-(w1 * e1 + b) / w2));
    } else if (Math.abs(w1) > 1e-12) {
      ctx.moveTo(X(-b / w1), Y(e0)); ctx.lineTo(X(-b / w1), Y(e1));
    }
    ctx.stroke();
    ctx.restore();
    ctx.font = "12px system-ui, sans-serif"; ctx.fillStyle = "#333";
    ctx.fillText("x₁", box.l + box.w - 14, box.t + box.h + 26);
    ctx.fillText("x₂", 4, box.t + 12);
    for (const row of m.truth_table) {
      const [x1, x2] = row.inputs;
      ctx.beginPath(); ctx.arc(X(x1), Y(x2), 11, 0, 7);
      ctx.fillStyle = row.target ? `rgb(${POS})` : "#fff";
      ctx.fill();
      ctx.lineWidth = 3; ctx.strokeStyle = row.correct ? "#1a7f37" : "#d1242f"; ctx.stroke();
      ctx.fillStyle = row.target ? "#fff" : "#222";
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      ctx.fillText(row.target, X(x1), Y(x2));
    }
    ctx.textAlign = "start"; ctx.textBaseline = "alphabetic";
    // table, verdict, why
    const tbody = $("n-table").querySelector("tbody");
    tbody.replaceChildren(...m.truth_table.map((r) => el("tr", { class: r.correct ? "ok" : "bad" },
      el("td", { text: r.inputs[0] }), el("td", { text: r.inputs[1] }),
      el("td", { text: fmt(r.z) }), el("td", { text: fmt(r.output) }),
      el("td", { text: r.class }), el("td", { text: r.target }),
      el("td", { text: r.correct ? "✓" : "✗" }))));
    const G = m.gate.toUpperCase(), wrong = m.truth_table.filter((r) => !r.correct).length;
    $("n-verdict").textContent = m.solves_gate
      ? t("n.computes", { gate: G })
      : t("n.wrong", { gate: G, wrong }) + (m.separable ? t("n.move_line") : "");
    $("n-verdict").className = "verdict " + (m.solves_gate ? "ok" : "bad");
    const why = $("n-why");
    if (m.why) {
      why.hidden = false;
      why.replaceChildren(el("h3", { text: t("n.why_title", { gate: G }) }),
        el("ul", {}, ...m.conditions.map((c) => el("li", { class: c.holds ? "ok" : "bad" },
          t("n.needs", { inputs: c.inputs, condition: c.condition }),
          el("b", { text: t(c.holds ? "n.holds" : "n.violated") })))),
        el("p", { text: t("n.why", { gate: G }) }));
    } else {
      why.hidden = true;
    }
    const v = $("view-neuron");
    v.dataset.solves = m.solves_gate ? "1" : "0";
    v.dataset.separable = m.separable ? "1" : "0";
    v.dataset.outputs = m.truth_table.map((r) => r.output).join(",");
    v.dataset.classes = m.truth_table.map((r) => r.class).join(",");
  }

  // ---------------------------------------------------------------- 3. playground
  function fillSelect(sel, values, label = (v) => v) {
    sel.replaceChildren(...values.map((v) => el("option", { value: v, text: label(v) })));
  }

  function labelSelects() {
    for (const [id, values, prefix] of [["pg-opt", hello.optimizers, "opt"],
      ["pg-loss", hello.losses, "loss"], ["pg-reg", hello.regularizations, "reg"]]) {
      const v = $(id).value;
      fillSelect($(id), values, (x) => t(`${prefix}.${x}`));
      if (v) $(id).value = v;
    }
    for (const b of document.querySelectorAll("#pg-datasets button")) b.textContent = t(`ds.${b.dataset.dataset}`);
    const cmp = $("pg-cmp");
    cmp.replaceChildren(el("option", { value: "", text: t("cmp.off") }),
      ...Object.keys(catalogue).map((n) => el("option", { value: n, text: n })));
    cmp.value = st.cmp;
    if (st.cmp) $("pg-cmp-caption").textContent = t("cmp.caption", { act: st.cmp });
    const pre = $("pg-preset");
    pre.replaceChildren(el("option", { value: "", text: t("preset.choose") }),
      ...hello.presets.map((p) => el("option", { value: p.id, text: t(`preset.${p.id}.title`) })));
    pre.value = st.preset;
    showClaim();
  }

  // an activation's one-line summary in the page's language (its declaration holds both)
  const summaryOf = (a) => (lang === "zh" && a.summary_zh) || a.summary;

  // the page in the other language: every text drawn by the script, again
  function relabel() {
    for (const e of document.querySelectorAll("[data-summary]")) {
      e.title = summaryOf(catalogue[e.dataset.summary]);
    }
    labelSelects();
    syncPlaygroundControls();
    syncNeuronMode();
    drawCurves();
    requestNeuron();
    if (pgFrame) renderFrame(pgFrame);
    setStatus(pgStatus);
  }

  function buildPlaygroundView() {
    const ds = $("pg-datasets");
    for (const name of hello.datasets) {
      ds.append(el("button", { type: "button", "data-dataset": name,
        onclick: () => { st.pg.dataset = name; configure(); } }));
    }
    labelSelects();
    const bind = (id, field, conv) => $(id).addEventListener("change", () => {
      st.pg[field] = conv($(id).value); configure();
    });
    bind("pg-opt", "optimizer", String); bind("pg-loss", "loss", String);
    bind("pg-reg", "regularization", String); bind("pg-lr", "learning_rate", Number);
    bind("pg-rate", "regularization_rate", Number);
    // the batch size goes from 1 to the number of points (the server's limit, in its hello)
    $("pg-batch").addEventListener("change", () => {
      const box = $("pg-batch"), v = Math.round(num(box.value, st.pg.batch_size));
      st.pg.batch_size = Math.min(Math.max(1, v), st.pg.size);
      if (st.pg.batch_size !== v) showError(t("pg.batch_limit", { n: st.pg.size }));
      box.value = st.pg.batch_size;
      configure();
    });
    $("pg-size").addEventListener("change", () => {
      st.pg.batch_size = Math.min(st.pg.batch_size, Number($("pg-size").value));
    });
    bind("pg-seed", "seed", Number); bind("pg-noise", "noise", Number);
    bind("pg-size", "size", Number); bind("pg-test", "test_fraction", Number);
    for (const [id, out] of [["pg-noise", "pg-noise-v"], ["pg-size", "pg-size-v"], ["pg-test", "pg-test-v"]]) {
      $(id).addEventListener("input", () => { $(out).textContent = $(id).value; });
    }
    $("pg-play").addEventListener("click", () => sendBoth({ type: pgStatus === "playing" ? "pause" : "play" }));
    $("pg-step").addEventListener("click", () => sendBoth({ type: "step", epochs: 1 }));
    $("pg-reset").addEventListener("click", () => { clearDiverged(); sendBoth({ type: "reset" }); });
    $("pg-regen").addEventListener("click", () => sendBoth({ type: "regenerate" }));
    $("pg-cmp").addEventListener("change", () => { st.cmp = $("pg-cmp").value; saveHash(); compare(); });
    $("pg-add-layer").addEventListener("click", () => {
      if (st.pg.hidden.length >= hello.limits.max_hidden_layers) return;
      const last = st.pg.hidden[st.pg.hidden.length - 1];
      st.pg.hidden.push({ units: 2, activation: last ? structuredClone(last.activation) : { name: "tanh", params: {} } });
      configure();
    });
    $("pg-del-layer").addEventListener("click", () => {
      if (!st.pg.hidden.length) return;
      st.pg.hidden.pop(); configure();
    });
    $("pg-show-test").addEventListener("change", drawHeat);
    $("pg-discrete").addEventListener("change", drawHeat);
    $("pg-preset").addEventListener("change", () => loadPreset($("pg-preset").value));
    $("pg-network").addEventListener("click", editLink);
    $("pg-weight").addEventListener("change", () => {
      const box = $("pg-weight"), v = Number(box.value), e = $("pg-weight-edit");
      if (box.value === "" || !Number.isFinite(v)) { showError(t("param.not_number", { name: t("pg.weight") })); return; }
      send({ type: "set_weight", layer: Number(e.dataset.layer), source: Number(e.dataset.source),
        target: Number(e.dataset.target), value: v });
    });
    $("pg-weight").addEventListener("keydown", (ev) => {
      const e = $("pg-weight-edit");
      if (ev.key === "Escape") {
        e.hidden = true;
        if (e.dataset.node) document.querySelector(`.node[data-node="${e.dataset.node}"]`)?.focus();
      } else if ((ev.key === "PageDown" || ev.key === "PageUp") && e.dataset.node) {
        ev.preventDefault();
        editIncoming(e.dataset.node, ev.key === "PageDown" ? 1 : -1);
      }
    });
    $("pg-copy").addEventListener("click", () => {
      saveHash();
      navigator.clipboard?.writeText(location.href).catch(() => {});
      $("pg-copy").textContent = t("pg.copied");
      setTimeout(() => { $("pg-copy").textContent = t("pg.copy"); }, 1500);
    });
    window.addEventListener("resize", () => { drawLinks(); drawFlow(); });
    syncPlaygroundControls();
  }

  function syncPlaygroundControls() {
    const c = st.pg;
    const lrs = LR_CHOICES.includes(c.learning_rate) ? LR_CHOICES : [...LR_CHOICES, c.learning_rate].sort((a, b) => a - b);
    fillSelect($("pg-lr"), lrs);
    const rates = RATE_CHOICES.includes(c.regularization_rate) ? RATE_CHOICES : [...RATE_CHOICES, c.regularization_rate].sort((a, b) => a - b);
    fillSelect($("pg-rate"), rates);
    $("pg-lr").value = c.learning_rate; $("pg-rate").value = c.regularization_rate;
    $("pg-opt").value = c.optimizer; $("pg-loss").value = c.loss; $("pg-reg").value = c.regularization;
    $("pg-batch").value = c.batch_size; $("pg-seed").value = c.seed;
    $("pg-batch").max = c.size;
    $("pg-noise").value = c.noise; $("pg-noise-v").textContent = c.noise;
    $("pg-size").value = c.size; $("pg-size-v").textContent = c.size;
    $("pg-test").value = c.test_fraction; $("pg-test-v").textContent = c.test_fraction;
    $("pg-dseed").textContent = c.data_seed;
    $("pg-rate").disabled = c.regularization === "none";
    $("pg-loss").disabled = hello.regression.includes(c.dataset);  // squared error there
    for (const b of document.querySelectorAll("#pg-datasets button")) {
      b.classList.toggle("active", b.dataset.dataset === c.dataset);
    }
    const k = c.hidden.length;
    $("pg-layer-count").textContent = t(k === 1 ? "pg.hidden_layer" : "pg.hidden_layers", { n: k });
    buildColumns();
  }

  function buildColumns() {
    const host = $("pg-columns"), box = $("pg-weight-edit");
    // a keyboard user editing a neuron's weight gets the focus back on that neuron
    const refocus = !box.hidden && box.contains(document.activeElement) ? box.dataset.node : "";
    host.replaceChildren();
    box.hidden = true;
    const c = st.pg;
    // every input feature, toggled on and off (TensorFlow Playground's column of inputs)
    const inputs = el("div", { class: "col inputs", "data-layer": "input" }, el("div", { class: "col-head", text: t("pg.inputs") }));
    for (const name of hello.features) {
      const i = c.features.indexOf(name), label = FEATURE_LABELS[name] || name;
      const cv = el("canvas", { class: "thumb", width: 20, height: 20, "data-feature-thumb": name });
      if (i >= 0) cv.dataset.unit = `in.${i}`;
      const thumb = pgData && pgData.features && pgData.features[name];
      if (thumb) { const bytes = b64bytes(thumb.thumb); bytesToCanvas(bytes, Math.round(Math.sqrt(bytes.length)), cv); }
      const on = i >= 0;
      inputs.append(el("button", { type: "button", class: "node feature" + (on ? " on" : ""),
        "data-feature": name, "aria-pressed": on ? "true" : "false",
        title: t(on ? "pg.feature_off" : "pg.feature_on", { f: label }),
        "aria-label": t(on ? "pg.feature_off" : "pg.feature_on", { f: label }),
        onclick: () => toggleFeature(name) }, cv, el("span", { class: "nlabel", text: label })));
    }
    host.append(inputs);
    c.hidden.forEach((layer, li) => {
      const head = el("div", { class: "col-head" });
      const plus = el("button", { type: "button", text: "+", title: t("pg.add_neuron"), "aria-label": t("pg.add_neuron"),
        onclick: () => { if (layer.units < hello.limits.max_units) { layer.units++; configure(); } } });
      const minus = el("button", { type: "button", text: "−", title: t("pg.del_neuron"), "aria-label": t("pg.del_neuron"),
        onclick: () => { if (layer.units > 1) { layer.units--; configure(); } } });
      const sel = el("select", { "data-layer-activation": li, title: t("pg.layer_activation"), "aria-label": t("pg.layer_activation") });
      for (const name of Object.keys(catalogue)) sel.append(el("option", { value: name, text: name }));
      sel.value = layer.activation.name;
      sel.addEventListener("change", () => { layer.activation = { name: sel.value, params: {} }; configure(); });
      head.append(el("div", {}, plus, minus), el("span", { class: "units", text: t(layer.units === 1 ? "pg.neuron" : "pg.neurons", { n: layer.units }) }), sel);
      head.append(...layerParams(layer, li));
      const col = el("div", { class: "col", "data-layer": li }, head);
      for (let j = 0; j < layer.units; j++) {
        col.append(unitNode(`${li}.${j}`));
      }
      col.append(el("canvas", { class: "preact", width: 96, height: 64, "data-preact": li,
        title: t("pg.preact", { n: li + 1 }), role: "img", "aria-label": t("pg.preact", { n: li + 1 }) }));
      host.append(col);
    });
    const out = el("div", { class: "col", "data-layer": "output" }, el("div", { class: "col-head", text: t("pg.output_unit") }));
    out.append(unitNode(`${c.hidden.length}.0`));
    host.append(out);
    if (refocus) document.querySelector(`.node[data-node="${refocus}"]`)?.focus();
    requestAnimationFrame(drawLinks);
  }

  // a neuron: hovering or focusing it shows its output large in the output panel
  function unitNode(key) {
    const show = (k) => () => { pgHover = k; drawHeat(); };
    const keys = (ev) => { if (ev.key === "Enter") { ev.preventDefault(); editIncoming(key, 0); } };
    return el("div", { class: "node", tabindex: "0", "data-node": key, title: t("pg.node_keys"),
      onmouseenter: show(key), onfocus: show(key), onmouseleave: show(null), onblur: show(null),
      onkeydown: keys },
    el("canvas", { class: "thumb", width: 20, height: 20, "data-unit": key }));
  }

  // the parameters of a layer's activation (slope of leaky ReLU, β of swish, α of ELU...),
  // from the catalogue's declarations; a learnable one shows the value it has learned
  function layerParams(layer, li) {
    const entry = catalogue[layer.activation.name];
    if (!entry) return [];
    return entry.params.map((p) => {
      const label = t("pg.param_of", { param: p.name, layer: li + 1 });
      const value = layer.activation.params[p.name] ?? p.default;
      let input;
      if (p.kind === "choice") {
        input = el("select", { "aria-label": label, title: `${label}: ${p.doc}` });
        for (const c of p.choices) input.append(el("option", { value: c, text: c }));
      } else {
        input = el("input", { type: "number", min: p.min, max: p.max, step: p.step,
          "aria-label": label, title: `${label}: ${p.doc}` });
      }
      input.value = value;
      input.dataset.layerParam = `${li}.${p.name}`;
      input.addEventListener("change", () => {
        const v = p.kind === "choice" ? input.value : Number(input.value);
        if (p.kind !== "choice" && (input.value === "" || !Number.isFinite(v))) {
          showError(t("param.not_number", { name: label })); return;
        }
        layer.activation.params[p.name] = v;
        configure();
      });
      const row = el("label", { class: "lparam" }, el("span", { text: p.name }), input);
      if (p.learnable) row.append(el("span", { class: "learned", "data-learned": `${li}.${p.name}` }));
      return row;
    });
  }

  function showClaim() {
    const c = $("pg-claim");
    c.hidden = !st.preset;
    c.textContent = st.preset ? t(`preset.${st.preset}.claim`) : "";
  }
  function loadPreset(id) {
    const p = hello.presets.find((x) => x.id === id);
    st.preset = p ? id : "";
    if (p) st.pg = structuredClone(p.config);
    showClaim();
    configure();
  }

  function toggleFeature(name) {
    const f = st.pg.features;
    if (f.includes(name)) {
      if (f.length === 1) { showError(t("pg.one_feature")); return; }
      st.pg.features = f.filter((x) => x !== name);
    } else {
      st.pg.features = hello.features.filter((x) => x === name || f.includes(x));
    }
    configure();
  }

  // ---- compare mode: network B in a second session of its own (a second socket), on the
  // same data and seed, its hidden layers with another activation
  let wsB = null, dataB = null, frameB = null;
  const configB = () => ({ ...structuredClone(st.pg), hidden: st.pg.hidden.map((l) => ({
    units: l.units, activation: { name: st.cmp, params: {} } })) });
  function sendBoth(msg) {
    send(msg);
    if (wsB && wsB.readyState === WebSocket.OPEN) wsB.send(JSON.stringify(msg));
  }
  function compare() {
    $("pg-cmp-box").hidden = !st.cmp;
    if (!st.cmp) { if (wsB) { wsB.onclose = null; wsB.close(); wsB = null; } return; }
    $("pg-cmp-caption").textContent = t("cmp.caption", { act: st.cmp });
    if (wsB && wsB.readyState === WebSocket.OPEN) { wsB.send(JSON.stringify({ type: "configure", config: configB() })); return; }
    if (wsB) return;  // connecting: it configures itself when it opens
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const token = new URLSearchParams(location.search).get("token");
    wsB = new WebSocket(`${proto}://${location.host}/ws?lang=${lang}` + (token ? `&token=${encodeURIComponent(token)}` : ""));
    wsB.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      if (m.type === "hello") wsB.send(JSON.stringify({ type: "configure", config: configB() }));
      else if (m.type === "data") dataB = m;
      else if (m.type === "frame") { frameB = m; drawCompare(); }
      else if (m.type === "error") showError("B: " + m.message);
    };
    wsB.onclose = () => { wsB = null; };
  }
  function drawCompare() {
    const cv = $("pg-heat-b"), ctx = cv.getContext("2d"), f = frameB;
    if (!f || !dataB) return;
    let bytes = b64bytes(f.heatmap.data);
    if ($("pg-discrete").checked) bytes = bytes.map((b) => (b >= 128 ? 255 : 0));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(bytesToCanvas(bytes, f.heatmap.size, document.createElement("canvas")), 0, 0, cv.width, cv.height);
    const [x0, x1, y0, y1] = dataB.extent, hm = f.heatmap;
    for (let i = 0; i < dataB.train.y.length; i++) {
      const y = dataB.train.y[i];
      ctx.beginPath();
      ctx.arc((dataB.train.x[2 * i] - x0) / (x1 - x0) * cv.width, (1 - (dataB.train.x[2 * i + 1] - y0) / (y1 - y0)) * cv.height, 3.4, 0, 7);
      ctx.fillStyle = f.regression ? `rgb(${colorFor((y - hm.lo) / (hm.hi - hm.lo))})` : y ? `rgb(${POS})` : `rgb(${NEG})`;
      ctx.fill(); ctx.strokeStyle = f.regression ? "#444" : "#fff"; ctx.stroke();
    }
    $("pg-cmp-train").textContent = fmt(f.train_loss); $("pg-cmp-test").textContent = fmt(f.test_loss);
    const box = $("pg-compare");
    box.dataset.epoch = f.epoch; box.dataset.testLoss = f.test_loss ?? "";
    box.dataset.config = JSON.stringify(dataB.config);
  }

  function configure() {
    if (!hello || !st.pg) return;
    if (st.cmp) compare();
    clearDiverged();
    pgConfirmed = false;
    saveHash();
    send({ type: "configure", config: st.pg });
  }

  function clearDiverged() {
    $("pg-diverged").hidden = true;
    $("view-playground").dataset.diverged = "0";
  }

  function setStatus(s) {
    pgStatus = s;
    const v = $("view-playground");
    v.dataset.status = s;
    $("pg-play").textContent = s === "playing" ? "❚❚" : "▶";
    $("pg-play").disabled = s === "diverged";
    $("pg-step").disabled = s === "diverged";
  }

  function onData(m) {
    st.pg = m.config;
    pgConfirmed = true;
    pgData = m;
    pgHistory = [];
    syncPlaygroundControls();
    $("view-playground").dataset.config = JSON.stringify(m.config);
    saveHash();
  }
  function onFrame(f) {
    pgFrame = f;
    if (f.full_history) { pgHistory = []; pgFlow = []; }
    for (const h of f.history) pgHistory.push(h);
    for (const h of f.flow || []) pgFlow.push(h);
    if (f.status) setStatus(f.status);
    renderFrame(f);
  }
  function renderFrame(f) {
    const v = $("view-playground");
    v.dataset.epoch = f.epoch;
    v.dataset.trainLoss = f.train_loss ?? "";
    v.dataset.testLoss = f.test_loss ?? "";
    $("pg-epoch").textContent = String(f.epoch).padStart(6, "0");
    $("pg-train-loss").textContent = fmt(f.train_loss);
    $("pg-test-loss").textContent = fmt(f.test_loss);
    $("pg-acc").textContent = f.regression ? "" : t("pg.accuracy", { acc: fmt(100 * f.test_accuracy, 3) });
    const head = document.querySelector("[data-layer='output'] .col-head");
    if (head) head.textContent = t(f.regression ? "pg.output_linear" : "pg.output_unit");
    if (!f.diverged) clearDiverged();
    // neurons
    let dead = 0, saturated = 0;
    f.units.forEach((units, li) => {
      const hidden = li < f.units.length - 1;
      const act = hidden ? st.pg.hidden[li].activation.name : "logistic";
      units.forEach((u, j) => {
        const cv = document.querySelector(`canvas[data-unit="${li}.${j}"]`);
        if (!cv) return;
        bytesToCanvas(b64bytes(u.thumb), f.thumb_size, cv);
        const node = cv.parentElement;
        const isDead = hidden && u.dead, isSat = hidden && u.saturated;
        node.classList.toggle("dead", isDead);
        node.classList.toggle("saturated", isSat);
        node.dataset.dead = isDead ? "1" : "0";
        node.dataset.saturated = isSat ? "1" : "0";
        dead += isDead; saturated += isSat;
        node.dataset.flag = isDead ? t("pg.dead") : isSat ? t("pg.saturated") : "";
        node.title = `${hidden ? t("pg.unit", { layer: li + 1, unit: j + 1 }) : t("pg.unit_output")}: `
          + t("pg.unit_tip", { act, bias: fmt(f.biases[li][j], 3),
            zero: fmt(100 * u.zero_gradient_fraction, 3), small: fmt(100 * u.small_gradient_fraction, 3) })
          + (isDead ? "\n" + t("pg.dead_tip") : isSat ? "\n" + t("pg.sat_tip") : "");
      });
    });
    (f.activations || []).forEach((act, li) => {
      for (const [k, val] of Object.entries(act.params)) {
        const e = document.querySelector(`[data-learned="${li}.${k}"]`);
        if (e) { e.textContent = t("pg.learned", { v: fmt(val, 4) }); e.dataset.value = val; }
      }
    });
    v.dataset.deadUnits = dead;
    v.dataset.saturatedUnits = saturated;
    drawLinks();
    drawHeat();
    drawLossCurve();
    drawFlow();
    (f.preact || []).forEach(drawPreact);
  }

  // under a layer: its units' net inputs z (histogram), f and f' of its activation there
  function drawPreact(p, li) {
    const cv = document.querySelector(`canvas[data-preact="${li}"]`);
    if (!cv) return;
    const ctx = cv.getContext("2d"), W = cv.width, H = cv.height - 12;
    ctx.clearRect(0, 0, cv.width, cv.height);
    const top = Math.max(...p.counts, 1), bw = W / p.counts.length;
    ctx.fillStyle = "#d0d7de";
    p.counts.forEach((c, k) => { const h = c / top * (H - 4); ctx.fillRect(k * bw, H - h, bw - 0.5, h); });
    let lo = Infinity, hi = -Infinity;
    for (const arr of [p.f, p.df]) for (const v of arr) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const Y = (v) => H - 2 - (v - lo) / (hi - lo) * (H - 6);
    for (const [arr, dash, color] of [[p.f, [], "#24292f"], [p.df, [3, 2], "#bf3989"]]) {
      ctx.setLineDash(dash); ctx.strokeStyle = color; ctx.lineWidth = 1.4; ctx.beginPath();
      arr.forEach((v, k) => { if (v === null) return; const x = k / (arr.length - 1) * W; if (k) ctx.lineTo(x, Y(v)); else ctx.moveTo(x, Y(v)); });
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.fillStyle = "#656d76"; ctx.font = "9px system-ui, sans-serif";
    // the range's ends a little inside, apart from the next layer's labels
    ctx.textAlign = "left"; ctx.fillText(fmt(p.range[0], 2), 4, cv.height - 2);
    ctx.textAlign = "right"; ctx.fillText(fmt(p.range[1], 2), W - 4, cv.height - 2);
    ctx.textAlign = "center"; ctx.fillText("z", W / 2, cv.height - 2);
    cv.dataset.count = p.counts.reduce((a, b) => a + b, 0);
  }

  // a colour-blind-safe sequence (viridis) from the first layer to the output
  const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function layerColor(i, n) {
    const x = n > 1 ? i / (n - 1) * (VIRIDIS.length - 1) * 0.85 : 0, k = Math.min(Math.floor(x), VIRIDIS.length - 2), f = x - k;
    return `rgb(${[0, 1, 2].map((c) => Math.round(VIRIDIS[k][c] + (VIRIDIS[k + 1][c] - VIRIDIS[k][c]) * f))})`;
  }
  function drawFlow() {
    const cv = $("pg-flow"), ctx = cv.getContext("2d");
    // drawn at the size it is shown (text stays legible); the panels stacked when narrow
    const W = Math.max(280, Math.min(640, cv.parentElement.clientWidth || 640)), narrow = W < 520;
    if (cv.width !== W) cv.width = W;
    cv.height = narrow ? 330 : 180;
    ctx.clearRect(0, 0, cv.width, cv.height);
    if (!pgFlow.length) return;
    const n = pgFlow[pgFlow.length - 1][1].length, maxE = Math.max(1, pgFlow[pgFlow.length - 1][0]);
    const half = cv.width / 2, ph = narrow ? 165 : cv.height;
    const left = narrow ? { l: 44, t: 18, w: W - 56, h: ph - 42 } : { l: 44, t: 18, w: half - 60, h: ph - 42 };
    const right = narrow ? { l: 44, t: ph + 18, w: W - 56, h: ph - 42 } : { l: half + 40, t: 18, w: half - 52, h: ph - 42 };
    let lo = Infinity, hi = -Infinity;
    for (const [, g] of pgFlow) for (const v of g) if (v > 0) { lo = Math.min(lo, Math.log10(v)); hi = Math.max(hi, Math.log10(v)); }
    if (!Number.isFinite(lo)) { lo = -3; hi = 0; }
    lo = Math.floor(lo); hi = Math.max(lo + 1, Math.ceil(hi));
    const A = axes(ctx, left, [0, maxE], [lo, hi], true), B = axes(ctx, right, [0, maxE], [0, 1], true);
    ctx.font = "11px system-ui, sans-serif"; ctx.fillStyle = "#444"; ctx.textAlign = "left";
    ctx.fillText(t("flow.grad") + "  (log₁₀)", left.l, 11); ctx.fillText(t("flow.share"), right.l, right.t - 7);
    for (let li = 0; li < n; li++) {
      ctx.strokeStyle = layerColor(li, n); ctx.lineWidth = 1.8;
      for (const [k, box, dash] of [[1, A, []], [2, B, []], [3, B, [5, 3]]]) {
        if (k > 1 && li === n - 1) continue;  // the output unit has no dead/saturated marks
        ctx.setLineDash(dash); ctx.beginPath();
        let pen = false;
        for (const row of pgFlow) {
          const v = row[k][li];
          if (v === null || v === undefined || (k === 1 && !(v > 0))) { pen = false; continue; }
          const y = box.Y(k === 1 ? Math.log10(v) : v), x = box.X(row[0]);
          if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
          pen = true;
        }
        ctx.stroke();
      }
    }
    ctx.setLineDash([]);
    const last = pgFlow[pgFlow.length - 1];
    cv.dataset.layers = n;
    cv.dataset.grad = JSON.stringify(last[1]);
    cv.dataset.dead = JSON.stringify(last[2]);
    $("pg-flow-legend").replaceChildren(...last[1].map((_, li) => el("span", {
      style: { color: layerColor(li, n) },
      text: "━ " + (li === n - 1 ? t("pg.unit_output") : t("flow.layer", { n: li + 1 })) })));
  }

  function drawHeat() {
    const cv = $("pg-heat"), ctx = cv.getContext("2d");
    ctx.clearRect(0, 0, cv.width, cv.height);
    if (!pgFrame || !pgData) return;
    // the network's output, or the output of the neuron under the mouse
    const hm = pgFrame.heatmap, reg = pgFrame.regression;
    let map = hm.data, size = hm.size, lo = hm.lo ?? 0, hi = hm.hi ?? 1;
    let caption = t(reg ? "pg.heat_regression" : "pg.heat_output"), showing = "output";
    if (pgHover) {
      const [li, j] = pgHover.split(".").map(Number), u = pgFrame.units[li] && pgFrame.units[li][j];
      if (u) {
        map = u.thumb; size = pgFrame.thumb_size; lo = u.lo; hi = u.hi; showing = pgHover;
        const last = li === pgFrame.units.length - 1;
        caption = t("pg.heat_unit", { unit: last ? t("pg.unit_output") : t("pg.unit", { layer: li + 1, unit: j + 1 }) });
      }
    }
    let bytes = b64bytes(map);
    if ($("pg-discrete").checked) bytes = bytes.map((b) => (b >= 128 ? 255 : 0));
    $("pg-heat-caption").textContent = caption;
    $("pg-cb-lo").textContent = fmt(lo, 3); $("pg-cb-hi").textContent = fmt(hi, 3);
    $("pg-cb-mid").textContent = fmt((lo + hi) / 2, 3);
    cv.dataset.showing = showing;
    const off = bytesToCanvas(bytes, size, document.createElement("canvas"));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, cv.width, cv.height);
    const [x0, x1, y0, y1] = pgData.extent;
    const X = (x) => (x - x0) / (x1 - x0) * cv.width;
    const Y = (y) => (1 - (y - y0) / (y1 - y0)) * cv.height;
    const parts = [[pgData.train, reg ? "#444" : "#fff", 1]];
    if ($("pg-show-test").checked) parts.push([pgData.test, "#111", 1.6]);
    for (const [part, stroke, lw] of parts) {
      ctx.lineWidth = lw; ctx.strokeStyle = stroke;
      for (let i = 0; i < part.y.length; i++) {
        ctx.beginPath();
        ctx.arc(X(part.x[2 * i]), Y(part.x[2 * i + 1]), 3.4, 0, 7);
        // a class's colour, or for a regression target its colour on the map's scale
        ctx.fillStyle = reg ? `rgb(${colorFor((part.y[i] - hm.lo) / (hm.hi - hm.lo))})`
          : part.y[i] ? `rgb(${POS})` : `rgb(${NEG})`;
        ctx.fill(); ctx.stroke();
      }
    }
    cv.dataset.hash = hashString(map + ($("pg-discrete").checked ? "d" : ""));
  }

  function drawLossCurve() {
    const cv = $("pg-curve"), ctx = cv.getContext("2d");
    ctx.clearRect(0, 0, cv.width, cv.height);
    if (!pgHistory.length) return;
    const box = { l: 40, t: 6, w: cv.width - 48, h: cv.height - 26 };
    const maxE = Math.max(1, pgHistory[pgHistory.length - 1][0]);
    let hi = 0;
    for (const [, a, b] of pgHistory) hi = Math.max(hi, a ?? 0, b ?? 0);
    const { X, Y } = axes(ctx, box, [0, maxE], [0, hi * 1.05 || 1], true);
    if (pgHistory.length === 1) {
      for (const [k, color] of [[1, "#333"], [2, "#d1242f"]]) {
        const h = pgHistory[0];
        if (h[k] !== null) { ctx.fillStyle = color; ctx.beginPath(); ctx.arc(X(h[0]), Y(h[k]), 3, 0, 7); ctx.fill(); }
      }
      return;
    }
    for (const [k, color] of [[1, "#333"], [2, "#d1242f"]]) {
      ctx.strokeStyle = color; ctx.lineWidth = 1.6; ctx.beginPath();
      pgHistory.forEach((h, i) => { if (h[k] === null) return; if (i) ctx.lineTo(X(h[0]), Y(h[k])); else ctx.moveTo(X(h[0]), Y(h[k])); });
      ctx.stroke();
    }
  }

  function drawLinks() {
    const host = $("pg-network"), cv = $("pg-links");
    if (!host || host.offsetParent === null) return;
    cv.width = host.clientWidth; cv.height = host.clientHeight;
    const ctx = cv.getContext("2d");
    ctx.clearRect(0, 0, cv.width, cv.height);
    linkGeom = [];
    if (!pgFrame || !st.pg) return;
    const base = host.getBoundingClientRect();
    const pos = (key, side) => {
      const c = document.querySelector(`canvas[data-unit="${key}"]`);
      if (!c) return null;
      const r = c.getBoundingClientRect();
      return [side ? r.right - base.left : r.left - base.left, r.top + r.height / 2 - base.top];
    };
    pgFrame.weights.forEach((W, li) => {
      const [nin, nout] = pgFrame.shapes[li];
      for (let i = 0; i < nin; i++) {
        const a = pos(li === 0 ? `in.${i}` : `${li - 1}.${i}`, true);
        for (let j = 0; j < nout; j++) {
          const b = pos(`${li}.${j}`, false);
          const w = W[i * nout + j];
          if (!a || !b || w === null) continue;
          const mag = Math.min(1, Math.abs(w) / 3);
          ctx.strokeStyle = `rgba(${w >= 0 ? POS : NEG},${0.25 + 0.7 * mag})`;
          ctx.lineWidth = 0.5 + 5 * mag;
          ctx.beginPath();
          const mx = (a[0] + b[0]) / 2;
          ctx.moveTo(a[0], a[1]); ctx.bezierCurveTo(mx, a[1], mx, b[1], b[0], b[1]);
          ctx.stroke();
          const pts = [];
          for (let k = 0; k <= 24; k++) {  // points along the curve, to find a clicked link
            const s = k / 24, r = 1 - s;
            pts.push([r ** 3 * a[0] + 3 * r * r * s * mx + 3 * r * s * s * mx + s ** 3 * b[0],
              r ** 3 * a[1] + 3 * r * r * s * a[1] + 3 * r * s * s * b[1] + s ** 3 * b[1]]);
          }
          linkGeom.push({ layer: li, source: i, target: j, w, pts });
        }
      }
    });
  }

  // clicking a link opens a box with its weight; a new value goes to the server
  function editLink(ev) {
    if (ev.target.closest("button, select, input, .node, .weight-edit")) return;
    const host = $("pg-network"), r = host.getBoundingClientRect();
    const x = ev.clientX - r.left, y = ev.clientY - r.top;
    let best = null, bestD = 7;
    for (const g of linkGeom) {
      for (const [px, py] of g.pts) {
        const d = Math.hypot(px - x, py - y);
        if (d < bestD) { bestD = d; best = g; }
      }
    }
    if (!best) { $("pg-weight-edit").hidden = true; return; }
    openWeight(best, x, y, "");
  }

  function openWeight(g, x, y, node) {
    const host = $("pg-network"), e = $("pg-weight-edit");
    Object.assign(e.dataset, { layer: g.layer, source: g.source, target: g.target, node });
    Object.assign(e.style, { left: `${Math.min(x, host.clientWidth - 150)}px`, top: `${y + 8}px` });
    $("pg-weight").value = g.w;
    e.hidden = false;
    $("pg-weight").focus();
    $("pg-weight").select();
  }

  // the keyboard's way to the same box: Enter on a neuron opens its first incoming
  // weight; Page Up / Page Down in the box step through the neuron's other inputs
  function editIncoming(key, step) {
    const [li, j] = key.split(".").map(Number);
    const links = linkGeom.filter((g) => g.layer === li && g.target === j);
    if (!links.length) return;
    const e = $("pg-weight-edit"), now = e.dataset.node === key ? Number(e.dataset.source) : -step;
    const at = links.findIndex((g) => g.source === now);
    const g = links[((at < 0 ? 0 : at + step) % links.length + links.length) % links.length];
    const host = $("pg-network").getBoundingClientRect();
    const r = document.querySelector(`.node[data-node="${key}"]`).getBoundingClientRect();
    openWeight(g, r.left - host.left, r.bottom - host.top, key);
  }

  // ---------------------------------------------------------------- start
  document.addEventListener("DOMContentLoaded", () => {
    for (const b of document.querySelectorAll("#tabs button")) {
      b.addEventListener("click", () => showView(b.dataset.tab));
    }
    $("lang").addEventListener("click", switchLanguage);
    connect();
  });
})();
