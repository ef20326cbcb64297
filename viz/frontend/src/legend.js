/* The side bar's legend and display choices: types, relations (and their filter box),
 * bases and "stated only", the metric nodes are sized and coloured by, hide or fade. */
import { clear, el } from "./dom.js";
import { fillColour, nodeColour, nodes } from "./draw.js";
import { UNDATED_OPACITY, apply } from "./filters.js";
import { batch } from "./labels.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { basisLabel, typeLabel } from "./names.js";
import { BASES, EDGES, KG, METRICS, NODES } from "./page.js";
import { norm } from "./rule.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ setMetric });

// ------------------------------------------------------------------ legend and filters
const GLYPHS = { dot: "●", hexagon: "⬢", square: "■", diamond: "◆", triangle: "▲", star: "★", triangleDown: "▼" };

export function buildTypes() {
  var list = clear(document.getElementById("types"));
  KG.types.forEach(function (ty) {
    var box = el("input", { type: "checkbox", "data-type": ty.id });
    box.checked = state.types.has(ty.id);
    box.addEventListener("change", function () {
      if (box.checked) state.types.add(ty.id); else state.types.delete(ty.id);
      apply();
    });
    list.append(el("li", null, el("label", null, box,
      el("span", { class: "glyph" + (ty.id === "Document" ? " dashed" : ""), style: "color:" + ty.color, "aria-hidden": "true" }, GLYPHS[ty.shape] || "●"),
      el("span", { class: "name", text: typeLabel(ty.id) }),
      el("span", { class: "count", text: String(ty.count) }))));
  });
}

export function buildRelations() {
  var list = clear(document.getElementById("relations"));
  var q = norm(document.getElementById("rel-filter").value || "");
  KG.relations.forEach(function (r) {
    if (q && norm(r.label_de + " " + r.label_en + " " + r.id).indexOf(q) < 0) return;
    var box = el("input", { type: "checkbox", "data-relation": r.id });
    box.checked = state.relations.has(r.id);
    box.addEventListener("change", function () {
      if (box.checked) state.relations.add(r.id); else state.relations.delete(r.id);
      apply();
    });
    list.append(el("li", { title: r.comment || null }, el("label", null, box,
      el("span", { class: "swatch line", style: "background:" + r.color }),
      el("span", { class: "name", text: r["label_" + state.lang] + (r.symmetric ? " ↔" : "") }),
      el("span", { class: "count", text: String(r.count) }))));
  });
}

/* Size and colour the nodes by a metric of KG.metrics (Python's graph.analysis.node_metrics:
 * each node's looks[metric] is [size, bin]) or, for "type", as the page opens. */
export function setMetric(metric) {
  state.metric = METRICS.has(metric) ? metric : "type";
  metricSelect.value = state.metric;
  var m = METRICS.get(state.metric);
  batch(function () {
    nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) { // level of detail
      if (state.metric === "type" || !n.looks) return { id: n.id, size: n.size, color: nodeColour(n.type) };
      var look = n.looks[state.metric];
      return { id: n.id, size: look[0], color: fillColour(m.bins[look[1]].color) };
    }));
  });
  buildMetricLegend();
  late.remember(false);
}

/* The legend of the metric nodes are coloured by: each bin with its colour and count. */
export function buildMetricLegend() {
  var box = clear(document.getElementById("metric-legend"));
  var m = METRICS.get(state.metric);
  box.hidden = !m || !m.bins.length;
  if (box.hidden) return;
  box.append(el("h3", { text: t("colourBy", { m: m["label_" + state.lang] }) }));
  if (m.sample) box.append(el("p", { class: "hint metric-sample", text: t("sampled", { k: m.sample }) }));
  var list = el("ul", { class: "legend metric-bins" });
  m.bins.forEach(function (b, i) {
    list.append(el("li", { "data-bin": i },
      el("span", { class: "swatch", style: "background:" + b.color }),
      el("span", { class: "name", text: b["label_" + state.lang] }),
      el("span", { class: "count", text: String(b.count) })));
  });
  box.append(list);
}

const metricSelect = document.getElementById("metric");
export const focusSelect = document.getElementById("focus-depth");

export function buildMetricChoices() {
  var chosen = state.metric;
  clear(metricSelect);
  (KG.metrics || []).forEach(function (m) {
    metricSelect.append(el("option", { value: m.id }, m["label_" + state.lang]));
  });
  metricSelect.value = chosen;
  metricSelect.disabled = METRICS.size === 0;
}

/* The basis part of the legend: each basis with the line its edges are drawn with. */
export function buildBases() {
  var list = clear(document.getElementById("bases"));
  KG.bases.forEach(function (b) {
    if (!b.count) return;
    list.append(el("li", { title: b.comment || null, "data-basis": b.id },
      el("span", { class: "sample" }, late.lineSample(b, 48)),
      el("span", { class: "name", text: basisLabel(b.id) }),
      el("span", { class: "count", text: String(b.count) })));
  });
  clear(document.getElementById("undated-sample")).append(late.lineSample(BASES.get("stated"), 20, null, UNDATED_OPACITY));
  document.getElementById("statements-legend").textContent = late.statementsNote();
}

export const statedOnlyBox = document.getElementById("stated-only");

export function setStatedOnly(on) {
  state.statedOnly = !!on;
  statedOnlyBox.checked = state.statedOnly;
  apply();
  if (state.selected) late.refreshPanel();
}

export function setAllRelations(on) {
  var q = norm(document.getElementById("rel-filter").value || "");
  KG.relations.forEach(function (r) {
    if (q && norm(r.label_de + " " + r.label_en + " " + r.id).indexOf(q) < 0) return;
    if (on) state.relations.add(r.id); else state.relations.delete(r.id);
  });
  buildRelations();
  apply();
}

/* Hide what the filters leave out, or fade it. */
/** @param {string} mode */
export function setMode(mode) {
  state.mode = mode === "fade" ? "fade" : "hide";
  document.querySelectorAll(/** @type {"input"} */ ("input[name=mode]")).forEach(function (r) { r.checked = r.value === state.mode; });
  apply();
}

export function init() {

  metricSelect.addEventListener("change", function () { setMetric(metricSelect.value); });
  focusSelect.addEventListener("change", function () { late.setFocusDepth(focusSelect.value); });
  statedOnlyBox.disabled = !EDGES.some(function (e) { return e.basis !== "stated"; });

  statedOnlyBox.addEventListener("change", function () { setStatedOnly(statedOnlyBox.checked); });

  document.querySelectorAll(/** @type {"input"} */ ("input[name=mode]")).forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) setMode(radio.value); });
  });

  document.getElementById("orphans").addEventListener("change", function (ev) {
    state.hideOrphans = ev.target.checked;
    apply();
  });
  document.getElementById("rel-filter").addEventListener("input", buildRelations);
  document.getElementById("rel-all").addEventListener("click", function () { setAllRelations(true); });
  document.getElementById("rel-none").addEventListener("click", function () { setAllRelations(false); });
}
