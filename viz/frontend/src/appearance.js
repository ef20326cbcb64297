/* Colour and size by any attribute, and a range filter (the side bar's "Appearance" section):
 * the entities drawn with the scales of attributes.js, a legend of the colours, and the range
 * the filters apply (filters.js: rangeKeeps). The choices are state.colour, state.size and
 * state.range, kept in the address (view.js). */
import { NO_VALUE, colourScale, extent, inRange, sizeScale } from "./attributes.js";
import { pageAttribute, pageAttributes } from "./attrs.js";
import { clear, el } from "./dom.js";
import { fillColour, nodes } from "./draw.js";
import { apply } from "./filters.js";
import { batch } from "./labels.js";
import { setMetric } from "./legend.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { typeLabel } from "./names.js";
import { KG, NODES } from "./page.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ paint });

/** The words of each attribute's name, and of each basis an entity can have. */
const ATTR_WORDS = {
  type: () => t("attrType"), community: () => t("attrCommunity"), basis: () => t("attrBasis"),
  source: () => t("attrSource"), year: () => t("attrYear"), degree: () => t("attrDegree"),
  betweenness: () => t("attrBetweenness"),
};
const BASIS_WORDS = {
  stated: () => t("nodeBasisStated"), inferred: () => t("nodeBasisInferred"),
  reported: () => t("nodeBasisReported"), mixed: () => t("nodeBasisMixed"),
};

/** The words of an attribute's name. */
function attrLabel(id) { return ATTR_WORDS[id] ? ATTR_WORDS[id]() : id; }

/** The words of a value of a categorical attribute. */
function valueLabel(attr, value) {
  if (attr === "type") return typeLabel(value);
  if (attr === "basis") return BASIS_WORDS[value] ? BASIS_WORDS[value]() : value;
  if (attr === "community") {
    var bins = (KG.metrics || []).find(function (m) { return m.id === "community"; }).bins;
    return bins[Number(value)]["label_" + state.lang];
  }
  if (attr === "source") {
    if (value === "several") return t("sourceSeveral");
    var s = KG.meta.sources.find(function (x) { return x.id === value; });
    return s ? s["label_" + state.lang] : value;
  }
  return String(value);
}

/* Draw every drawn entity in the colour and size its attributes give (what state.colour and
 * state.size leave null stays as the metric draws it), and the legend. */
export function paint() {
  var colourAttr = pageAttribute(state.colour), sizeAttr = pageAttribute(state.size);
  var colour = colourAttr ? colourScale(colourAttr) : null;
  var size = sizeAttr && sizeAttr.kind === "number" ? sizeScale(sizeAttr) : null;
  if (colour || size) {
    batch(function () {
      nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) { // level of detail
        var update = { id: n.id };
        if (colour) update.color = fillColour(colour.colour(n.id));
        if (size) update.size = size(n.id);
        return update;
      }));
    });
  }
  // the metric's legend tells its colours only while nodes have them
  if (colour) document.getElementById("metric-legend").hidden = true;
  buildLegend();
}

/* Colour by the attribute `colour` and size by `size` (ids of attributes.js; null or unknown:
 * as the metric says). */
export function setAppearance(colour, size) {
  var c = pageAttribute(colour), s = pageAttribute(size);
  state.colour = c ? c.id : null;
  state.size = s && s.kind === "number" ? s.id : null;
  colourSelect.value = state.colour || "";
  sizeSelect.value = state.size || "";
  setMetric(state.metric); // the metric's look first, then what overrides it
  paint();
  late.remember(false);
}

/* The metric chosen ("Size and colour by", or the API's setMetric) draws sizes and colours as
 * it says: what this section chose gives way. */
export function followMetric() {
  state.colour = null;
  state.size = null;
  colourSelect.value = "";
  sizeSelect.value = "";
  buildLegend();
  late.remember(false);
}

/* Show only the entities whose `attr` lies between `from` and `to` (either null: open); null
 * or an unknown attribute: no range. Applies the filters unless `now` is false. */
export function setRange(range, now) {
  var attr = range ? pageAttribute(range.attr) : null;
  var ok = attr && attr.kind === "number" && (range.from !== null || range.to !== null);
  state.range = ok ? { attr: attr.id, from: range.from, to: range.to } : null;
  showRange();
  if (now !== false) apply();
}

/**
 * The rows of an export's legend for the colour chosen here (null when the metric colours):
 * the heading, then the colours of the values the exported entities (`ids`) have, or a numeric
 * attribute's lowest and highest colour; and "no value" where one of them has none.
 * @param {string[]} ids
 */
export function colourLegendRows(ids) {
  var attr = pageAttribute(state.colour);
  if (!attr) return null;
  var scale = colourScale(attr);
  var rows = [{ kind: "head", text: t("colourBy", { m: attrLabel(attr.id) }) }];
  var values = new Set(ids.map(function (id) { return attr.values.get(id); }));
  if (attr.kind === "category") {
    scale.legend.forEach(function (c) {
      if (values.has(c.id)) rows.push({ kind: "shape", shape: "dot", color: c.color, text: valueLabel(attr.id, c.id) });
    });
  } else if (scale.extent) {
    scale.extent.forEach(function (v, i) {
      rows.push({ kind: "shape", shape: "dot", color: scale.legend[i ? scale.legend.length - 1 : 0].color, text: String(v) });
    });
  }
  if (values.has(null)) rows.push({ kind: "shape", shape: "dot", color: NO_VALUE, text: t("noValue") });
  return rows;
}

// ------------------------------------------------------------------ the controls
let colourSelect, sizeSelect, legendBox, rangeSelect, rangeFrom, rangeTo, rangeNote;

function option(value, text) { return el("option", { value: value }, text); }

/* The section's words and choices in the page's language (lang.js: buildControls). */
export function buildAppearance() {
  clear(colourSelect).append(option("", t("asMetric")));
  clear(sizeSelect).append(option("", t("asMetric")));
  clear(rangeSelect).append(option("", t("rangeNone")));
  pageAttributes().forEach(function (a) {
    colourSelect.append(option(a.id, attrLabel(a.id)));
    if (a.kind === "number") {
      sizeSelect.append(option(a.id, attrLabel(a.id)));
      rangeSelect.append(option(a.id, attrLabel(a.id)));
    }
  });
  colourSelect.value = state.colour || "";
  sizeSelect.value = state.size || "";
  showRange();
  buildLegend();
}

/* The legend of the colours: each category with its colour and count, or a numeric
 * attribute's ramp from its lowest to its highest value; and who has no value. */
function buildLegend() {
  clear(legendBox);
  var attr = pageAttribute(state.colour);
  legendBox.hidden = !attr;
  if (!attr) return;
  var scale = colourScale(attr);
  legendBox.append(el("h3", { text: t("colourBy", { m: attrLabel(attr.id) }) }));
  var list = el("ul", { class: "legend appearance-bins" });
  if (attr.kind === "category") {
    scale.legend.forEach(function (c) {
      list.append(el("li", { "data-value": c.id, "data-color": c.color },
        el("span", { class: "swatch", style: "background:" + c.color }),
        el("span", { class: "name", text: valueLabel(attr.id, c.id) }),
        el("span", { class: "count", text: String(c.count) })));
    });
  } else if (scale.extent) {
    list.append(el("li", { class: "ramp-row" },
      el("span", { class: "ramp-end", text: String(scale.extent[0]) }),
      el("span", { class: "ramp", "aria-hidden": "true",
        style: "background:linear-gradient(90deg," + scale.legend.map(function (c) { return c.color; }).join(",") + ")" }),
      el("span", { class: "ramp-end", text: String(scale.extent[1]) })));
  }
  if (scale.missing) {
    list.append(el("li", { "data-value": "", "data-color": NO_VALUE },
      el("span", { class: "swatch", style: "background:" + NO_VALUE }),
      el("span", { class: "name", text: t("noValue") }),
      el("span", { class: "count", text: String(scale.missing) })));
  }
  legendBox.append(list);
}

/* The range controls as state.range says, with the attribute's extent and how many entities
 * the range keeps. */
function showRange() {
  var range = state.range, attr = range ? pageAttribute(range.attr) : pageAttribute(rangeSelect.value);
  if (range) rangeSelect.value = range.attr;
  var ext = attr ? extent(attr) : null;
  [rangeFrom, rangeTo].forEach(function (input, i) {
    input.disabled = !attr;
    input.min = ext ? String(ext[0]) : "";
    input.max = ext ? String(ext[1]) : "";
    input.placeholder = ext ? String(ext[i]) : "";
    var want = range ? (i ? range.to : range.from) : null;
    if (range || !attr) input.value = want === null ? "" : String(want);
  });
  if (!range) { rangeNote.textContent = ""; return; }
  var kept = 0;
  attr.values.forEach(function (v) { if (inRange(v, range.from, range.to)) kept++; });
  rangeNote.textContent = t("rangeCount", { n: kept, total: attr.values.size });
}

/* The range the controls hold now. */
function rangeFromControls() {
  var number = function (input) { return input.value === "" || isNaN(Number(input.value)) ? null : Number(input.value); };
  setRange(rangeSelect.value ? { attr: rangeSelect.value, from: number(rangeFrom), to: number(rangeTo) } : null);
  if (!state.range) showRange();
  late.remember(false);
}

export function init() {
  var side = document.getElementById("side");
  var after = document.getElementById("metric").closest("section");
  var pick = function (key, words, control, id) {
    control.id = id;
    return el("label", { class: "pick" }, el("span", { "data-i18n": key, text: words }), " ", control);
  };
  colourSelect = el("select");
  sizeSelect = el("select");
  rangeSelect = el("select");
  rangeFrom = el("input", { type: "number", step: "any", "data-i18n-label": "rangeFrom", "aria-label": t("rangeFrom") });
  rangeTo = el("input", { type: "number", step: "any", "data-i18n-label": "rangeTo", "aria-label": t("rangeTo") });
  legendBox = el("div", { id: "appearance-legend", hidden: true });
  rangeNote = el("p", { class: "hint", id: "range-note", "aria-live": "polite" });
  var section = el("section", { class: "appearance", id: "appearance" },
    el("h2", { "data-i18n": "appearance", text: t("appearance") }),
    pick("colourAttr", t("colourAttr"), colourSelect, "colour-by"),
    pick("sizeAttr", t("sizeAttr"), sizeSelect, "size-by"),
    legendBox,
    el("h3", { "data-i18n": "rangeHead", text: t("rangeHead") }),
    pick("rangeAttr", t("rangeAttr"), rangeSelect, "range-attr"),
    el("div", { class: "row range-row" }, rangeFrom, el("span", { "aria-hidden": "true" }, "–"), rangeTo,
      el("button", { type: "button", id: "range-clear", "data-i18n": "rangeClear", text: t("rangeClear") })),
    rangeNote);
  rangeFrom.id = "range-from";
  rangeTo.id = "range-to";
  if (after && after.parentNode === side) after.after(section); else side.append(section);

  colourSelect.addEventListener("change", function () { setAppearance(colourSelect.value || null, state.size); });
  sizeSelect.addEventListener("change", function () { setAppearance(state.colour, sizeSelect.value || null); });
  document.getElementById("metric").addEventListener("change", followMetric);
  rangeSelect.addEventListener("change", function () {
    rangeFrom.value = "";
    rangeTo.value = "";
    if (!rangeSelect.value) rangeFromControls(); else showRange();
  });
  [rangeFrom, rangeTo].forEach(function (input) { input.addEventListener("change", rangeFromControls); });
  document.getElementById("range-clear").addEventListener("click", function () {
    rangeSelect.value = "";
    rangeFromControls();
  });
}
