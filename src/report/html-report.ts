// `--report-html FILE` and `firemend show --html PLAN`: one self-contained page (inline CSS and JS, no network: a
// Content-Security-Policy forbids every fetch) that works from a file:// URL and as an e-mail attachment. The data
// is the redacted report (html-view.ts), embedded as JSON and put on the page with textContent only, so device
// output can never become markup. Pure: a function of the view; the CLI writes the string.
import { writeFileAtomic } from './atomic-write.js';
import type { HtmlView } from './html-view.js';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// JSON inside <script>: no "</script>", no "<!--", and the two line separators JavaScript once choked on.
const scriptJson = (v: unknown): string =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const CSS = `
:root{--ok:#2e7d32;--changed:#1565c0;--pending:#00838f;--action_required:#8e24aa;--failed:#c62828;--unreachable:#6d4c41;--skipped:#9e9e9e;--none:#eceff1;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;color:#1c1c1c}
body{margin:0;padding:16px 20px;background:#fafafa}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 8px}
.meta{color:#555;margin:2px 0}.meta b{color:#1c1c1c}
.exit{display:inline-block;padding:2px 8px;border-radius:4px;background:#eee;font-weight:600}
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.tile{background:#fff;border:1px solid #ddd;border-left:6px solid var(--c);border-radius:4px;padding:6px 12px;min-width:90px;cursor:pointer}
.tile .n{font-size:22px;font-weight:700}.tile .l{color:#555;font-size:12px}
.causes{list-style:none;padding:0;margin:0}
.causes li{background:#fff;border:1px solid #ddd;border-left:6px solid var(--c);border-radius:4px;padding:8px 12px;margin:6px 0}
.causes .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.causes .cnt{font-weight:700;font-size:16px;white-space:nowrap}
.causes .msg{flex:1;min-width:300px}
.causes .hosts{color:#444;font-size:12px;margin-top:4px;word-break:break-word;max-height:4.6em;overflow:auto}
.causes pre{margin:6px 0 0}
button{font:inherit;cursor:pointer;border:1px solid #bbb;background:#fff;border-radius:4px;padding:2px 8px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:8px 0;position:sticky;top:0;background:#fafafa;padding:6px 0;z-index:3}
.filters label{font-size:12px;color:#555;display:flex;flex-direction:column}
.filters select,.filters input{font:inherit;padding:3px 6px;min-width:160px}
#shown{font-weight:600}
.wrap{display:flex;gap:16px;align-items:flex-start}
.matrixbox{overflow:auto;max-height:75vh;border:1px solid #ddd;background:#fff;flex:0 1 auto}
table.matrix{border-collapse:collapse;font-size:12px}
.matrix th{position:sticky;top:0;background:#f0f0f0;z-index:2;padding:4px;border-bottom:1px solid #ccc;writing-mode:vertical-rl;transform:rotate(180deg);height:120px;text-align:left;font-weight:600}
.matrix th.hn{writing-mode:horizontal-tb;transform:none;height:auto;left:0;z-index:4;vertical-align:bottom}
.matrix td{padding:0;border:1px solid #fff}
.matrix td.hn{position:sticky;left:0;background:#fff;padding:2px 8px;white-space:nowrap;border-right:1px solid #ddd}
.matrix tr{cursor:pointer}.matrix tr:hover td.hn,.matrix tr.sel td.hn{background:#fff3c4}
.cell{display:block;width:26px;height:18px;line-height:18px;text-align:center;color:#fff;font-weight:700;background:var(--c,var(--none))}
.st{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;background:var(--c);font-size:12px;font-weight:600}
.detail{flex:1;min-width:360px;background:#fff;border:1px solid #ddd;border-radius:4px;padding:10px 14px;max-height:75vh;overflow:auto}
.step{border-top:1px solid #eee;padding:6px 0}
pre{background:#f5f5f5;padding:6px 8px;white-space:pre-wrap;word-break:break-word;margin:4px 0;font-size:12px;max-height:300px;overflow:auto}
.legend{display:flex;gap:10px;flex-wrap:wrap;font-size:12px;margin:4px 0}
.muted{color:#777}
@media print{.filters{position:static}.matrixbox,.detail{max-height:none}}
`;

// The page's behaviour: filters over the matrix, a device's drill-down. Plain DOM, textContent only.
const JS = `
"use strict";
const V = JSON.parse(document.getElementById("data").textContent);
const ST = ["unreachable","failed","action_required","pending","changed","ok","skipped"];
const LETTER = {ok:"\\u2713",changed:"C",pending:"P",action_required:"!",failed:"F",unreachable:"U",skipped:"-"};
const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v; else if (k === "style") e.style.cssText = v; else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}
const colour = (s) => "--c:var(--" + s + ")";
const badge = (s) => el("span", {class: "st", style: colour(s), text: s});
const base = (id) => id.replace(/\\[\\d+\\]$/, "");
const worst = (a, b) => (ST.indexOf(a) <= ST.indexOf(b) ? a : b);
const secs = (ms) => (ms === undefined ? "" : (ms / 1000).toFixed(1) + " s");
const causeLabel = (c) => (c.step !== undefined ? c.step + " " + c.status + (c.code ? " [" + c.code + "]" : "") : c.status + " [" + (c.code || "") + "]");

// Header counts.
for (const s of ["hosts"].concat(ST)) {
  const n = V.summary[s] || 0;
  const t = el("div", {class: "tile", style: colour(s === "hosts" ? "none" : s), "data-status": s, id: "count-" + s},
    el("div", {class: "n", text: String(n)}), el("div", {class: "l", text: s === "hosts" ? "devices" : s.replace("_", " ")}));
  t.addEventListener("click", () => { $("f-status").value = s === "hosts" ? "" : s; apply(); });
  $("tiles").append(t);
}

// Root causes.
$("causes-n").textContent = String(V.causes.length);
if (V.causes.length === 0) $("causes").append(el("li", {style: colour("ok"), text: "No cause: nothing to fix or look at."}));
V.causes.forEach((c, i) => {
  const items = c.items && c.items.length ? " (items: " + c.items.join(", ") + ")" : "";
  const li = el("li", {style: colour(c.status), "data-cause": String(i)},
    el("div", {class: "head"},
      el("span", {class: "cnt", text: c.hosts.length + (c.hosts.length === 1 ? " device" : " devices")}),
      badge(c.status),
      el("b", {text: c.step !== undefined ? c.step : c.code}),
      c.step !== undefined && c.code ? el("span", {text: c.code}) : null,
      el("span", {class: "msg", text: c.message + items}),
      el("button", {type: "button", "data-show-cause": String(i), text: "show devices"})),
    el("div", {class: "hosts", text: c.hosts.join(", ")}),
    c.remedy !== undefined && c.remedy !== c.message ? el("pre", {text: c.remedy}) : null);
  $("causes").append(li);
});
document.querySelectorAll("[data-show-cause]").forEach((b) => b.addEventListener("click", () => {
  $("f-cause").value = b.getAttribute("data-show-cause"); apply(); $("matrix-h").scrollIntoView();
}));

// Filter choices.
const opt = (v, t) => el("option", {value: v, text: t});
$("f-status").append(opt("", "any status"), ...ST.map((s) => opt(s, s)));
const groups = [...new Set(V.hosts.flatMap((h) => h.groups))].sort();
$("f-group").append(opt("", groups.length ? "any group" : "no groups known"), ...groups.map((g) => opt(g, g)));
if (!groups.length) $("f-group").disabled = true;
$("f-cause").append(opt("", "any cause"), ...V.causes.map((c, i) => opt(String(i), (i + 1) + ". " + causeLabel(c) + " (" + c.hosts.length + ")")));

// The matrix: a row per device, a column per step (loop items folded into their step, worst outcome shown).
$("thead").append(el("tr", {}, el("th", {class: "hn", text: "device"}), ...V.columns.map((c) => el("th", {title: c.name, text: c.id}))));
const rows = V.hosts.map((h, i) => {
  const byCol = new Map();
  for (const s of h.steps) {
    const k = base(s.id);
    const prev = byCol.get(k);
    byCol.set(k, prev ? {status: worst(prev.status, s.status), n: prev.n + 1} : {status: s.status, n: 1});
  }
  const tr = el("tr", {"data-host": h.name},
    el("td", {class: "hn"}, badge(h.status), " ", el("span", {text: h.name})),
    ...V.columns.map((c) => {
      const x = byCol.get(c.id);
      if (!x) return el("td", {}, el("span", {class: "cell", title: h.name + " " + c.id + ": not run", text: ""}));
      return el("td", {}, el("span", {class: "cell", "data-status": x.status, style: colour(x.status),
        title: h.name + " " + c.id + ": " + x.status + (x.n > 1 ? " (" + x.n + " items)" : ""), text: LETTER[x.status]}));
    }));
  tr.addEventListener("click", () => show(i));
  const text = [h.name, h.address, h.status, h.error ? h.error.code + " " + h.error.message : "", h.reason || "",
    ...h.steps.map((s) => [s.id, s.status, s.reason || "", s.remedy || "", s.error ? s.error.code : ""].join(" "))].join("\\n").toLowerCase();
  return {tr, h, text};
});
$("tbody").append(...rows.map((r) => r.tr));

function apply() {
  const st = $("f-status").value, g = $("f-group").value, c = $("f-cause").value, q = $("f-text").value.trim().toLowerCase();
  let n = 0;
  for (const r of rows) {
    const show = (!st || r.h.status === st) && (!g || r.h.groups.includes(g)) && (!c || r.h.causes.includes(Number(c))) && (!q || r.text.includes(q));
    r.tr.hidden = !show;
    if (show) n++;
  }
  $("shown").textContent = n + " of " + rows.length + " devices";
}
for (const id of ["f-status", "f-group", "f-cause"]) $(id).addEventListener("change", apply);
$("f-text").addEventListener("input", apply);
$("f-reset").addEventListener("click", () => { for (const id of ["f-status", "f-group", "f-cause", "f-text"]) $(id).value = ""; apply(); });

// A device's drill-down: every step, the command sent or planned, the check's output, the remedy, the timings.
function show(i) {
  const h = V.hosts[i];
  rows.forEach((r, j) => r.tr.classList.toggle("sel", j === i));
  const d = $("detail");
  d.replaceChildren(el("div", {id: "detail-body"},
    el("h2", {id: "detail-host", text: h.name}),
    el("div", {class: "meta"}, badge(h.status), " ", el("span", {text: h.address}), " ",
      el("span", {class: "muted", text: (V.kind === "plan" ? "estimated " : "") + secs(h.duration_ms)})),
    h.groups.length ? el("div", {class: "meta", text: "groups: " + h.groups.join(", ")}) : null,
    h.error ? el("pre", {text: h.error.code + ": " + h.error.message}) : null,
    h.reason ? el("div", {class: "meta", text: h.reason}) : null,
    h.causes.length ? el("div", {class: "meta", text: "causes: " + h.causes.map((c) => (c + 1) + ". " + causeLabel(V.causes[c])).join("; ")}) : null,
    ...h.steps.map((s) => {
      const parts = [el("div", {}, badge(s.status), " ", el("b", {text: s.id}), " ", el("span", {text: s.name}),
        s.duration_ms !== undefined ? el("span", {class: "muted", text: "  " + secs(s.duration_ms)}) : null)];
      if (s.reason) parts.push(el("div", {class: "muted", text: s.reason}));
      if (s.check) {
        parts.push(el("div", {class: "muted", text: "check" + (s.check.passed ? " passed" : " failed") + (s.check.duration_ms !== undefined ? " in " + secs(s.check.duration_ms) : "") + ":"}), el("pre", {class: "cmd", text: "$ " + s.check.command}));
        if (s.check.output !== undefined) parts.push(el("pre", {class: "out", text: s.check.output || "(no output)"}));
      }
      if (s.fix && s.fix.commands.length) parts.push(el("div", {class: "muted", text: s.fix.sent ? "fix sent:" : (s.after_fix_of ? "fix, only if still failing after " + s.after_fix_of + "'s fix:" : "fix that would be sent:")}), el("pre", {class: "fix", text: s.fix.commands.join("\\n")}));
      if (s.verify) parts.push(el("div", {class: "muted", text: "verification " + (s.verify.passed ? "passed" : "failed")}), s.verify.output !== undefined ? el("pre", {text: s.verify.output}) : null);
      if (s.error) parts.push(el("pre", {text: s.error.code + ": " + s.error.message}));
      if (s.remedy) parts.push(el("div", {class: "muted", text: "remedy:"}), el("pre", {class: "remedy", text: s.remedy}));
      return el("div", {class: "step", "data-step": s.id}, ...parts);
    })));
}
apply();
if (rows.length) show(rows.findIndex((r) => r.h.status !== "ok") >= 0 ? rows.findIndex((r) => r.h.status !== "ok") : 0);
`;

/** The whole HTML page of a run or a plan. */
export function renderHtmlReport(view: HtmlView): string {
  const title = `firemend ${view.kind === 'plan' ? 'plan' : view.mode === 'check' ? 'dry-run' : 'apply'}: ${view.playbook}`;
  const meta = (label: string, value: string): string => `<div class="meta">${escapeHtml(label)}: <b>${escapeHtml(value)}</b></div>`;
  const flags = [view.interrupted ? 'interrupted' : '', view.stopped_early !== undefined ? `stopped early: ${view.stopped_early}` : ''].filter((s) => s !== '');
  const head = [
    meta('mode', view.kind === 'plan' ? 'saved plan (check): what apply would do' : view.mode === 'check' ? 'check (dry-run: nothing was changed)' : 'apply'),
    meta('playbook', view.playbook),
    meta('inventory', view.inventory),
    meta(view.kind === 'plan' ? 'planned at' : 'started', view.started_at),
    view.finished_at !== undefined ? meta('finished', view.finished_at) : '',
    view.exit_code !== undefined ? `<div class="meta">exit code: <span class="exit" id="exit-code">${view.exit_code}</span> ${escapeHtml(view.exit_meaning ?? '')}</div>` : '',
    flags.length > 0 ? meta('note', flags.join('; ')) : '',
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="firemend ${escapeHtml(view.tool_version)}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${head}
<div class="tiles" id="tiles"></div>
<h2>Root causes (<span id="causes-n"></span>, largest first)</h2>
<ul class="causes" id="causes"></ul>
<h2 id="matrix-h">Devices × steps</h2>
<div class="legend">${['ok', 'changed', 'pending', 'action_required', 'failed', 'skipped'].map((s) => `<span><span class="st" style="--c:var(--${s})">${s}</span></span>`).join(' ')} <span class="muted">click a device for its details</span></div>
<div class="filters">
<label>status<select id="f-status"></select></label>
<label>group<select id="f-group"></select></label>
<label>cause<select id="f-cause"></select></label>
<label>search<input id="f-text" type="search" placeholder="name, address, error, remedy"></label>
<button type="button" id="f-reset">reset</button>
<span id="shown"></span>
</div>
<div class="wrap">
<div class="matrixbox"><table class="matrix" id="matrix"><thead id="thead"></thead><tbody id="tbody"></tbody></table></div>
<div class="detail" id="detail"><p class="muted">Click a device.</p></div>
</div>
<noscript><p>This report needs JavaScript for its matrix; the same data is in the JSON report.</p></noscript>
<script type="application/json" id="data">${scriptJson(view)}</script>
<script>${JS}</script>
</body>
</html>
`;
}

/** Write the page atomically (whole or not at all), like the JSON report. */
export function writeHtmlReport(path: string, html: string): void {
  writeFileAtomic(path, html);
}
