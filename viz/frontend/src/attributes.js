/** The entities' attributes the page can colour, size and filter by, and their scales, without
 * the DOM (appearance.js draws them; the Node test test/attributes.test.js checks them).
 *
 * An attribute is categorical (type, community, basis, source: a palette and a legend of its
 * values) or numeric (year, degree, betweenness: a colour ramp, a size scale and a range). An
 * entity without a value (no dated year, no statement) has `null`, drawn grey and outside every
 * range.
 *
 * @typedef {{id: string, type: string, years?: (number | null)[] | null, metrics?: Record<string, number>,
 *   looks?: Record<string, number[]>, facts?: {basis: string, source?: string | null}[]}} AttrNode
 * @typedef {{id: string, from: string, to: string, basis: string, source?: string | null,
 *   years?: (number | null)[] | null}} AttrEdge
 * @typedef {{id: string, kind: "category" | "number", values: Map<string, string | number | null>,
 *   categories?: {id: string, color: string | null}[], sqrt?: boolean}} Attribute
 * @typedef {{id: string, color: string}} Colored
 */

/** The colour of an entity without a value. */
export const NO_VALUE = "#bdbdbd";
/** The colours of categories without colours of their own (Okabe and Ito's, told apart by
 * most colour-blind readers), in order; more categories than colours share the last. */
export const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];
/** The numeric colour ramp, low to high (viridis, light to dark). */
export const RAMP = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
/** The smallest and the largest node (radius, canvas pixels) of a size scale. */
export const SIZES = [8, 40];
/** The attributes the page offers, in the order offered. */
export const ATTRIBUTE_IDS = ["type", "community", "basis", "source", "year", "degree", "betweenness"];

/**
 * Each entity's basis: "stated" when every statement about it (its relations and facts) is
 * stated, "inferred" or "reported" when some are that (and none the other), "mixed" when some
 * are inferred and some reported, null without statements.
 * @param {Iterable<string>} bases
 * @returns {string | null}
 */
export function basisOf(bases) {
  var seen = new Set(bases);
  if (!seen.size) return null;
  var inferred = seen.has("inferred"), reported = seen.has("reported");
  return inferred && reported ? "mixed" : inferred ? "inferred" : reported ? "reported" : "stated";
}

/**
 * The attributes of `nodes` (those the data has: no community without metrics), each with every
 * entity's value. `defaultSource` is the source of a statement that names none (a page of one
 * source); `community` lists the community bins (KG.metrics) whose colours the page already uses.
 * @param {AttrNode[]} nodes @param {AttrEdge[]} edges
 * @param {{defaultSource?: string | null, types?: Colored[], community?: {color: string}[] | null}} [opts]
 * @returns {Attribute[]}
 */
export function attributes(nodes, edges, opts = {}) {
  var defaultSource = opts.defaultSource || null;
  /** @type {Map<string, string[]>} */ var bases = new Map();
  /** @type {Map<string, Set<string>>} */ var sources = new Map();
  /** @type {Map<string, number>} */ var degree = new Map();
  /** @type {Map<string, number>} */ var firstYear = new Map();
  /** @param {string} id @param {number | null | undefined} y */
  function dated(id, y) {
    if (y === null || y === undefined) return;
    var was = firstYear.get(id);
    if (was === undefined || y < was) firstYear.set(id, y);
  }
  /** @param {string} id @param {{basis: string, source?: string | null}} st */
  function stated(id, st) {
    /** @type {string[]} */ (bases.get(id)).push(st.basis);
    var s = st.source || defaultSource;
    if (s) /** @type {Set<string>} */ (sources.get(id)).add(s);
  }
  nodes.forEach(function (n) {
    bases.set(n.id, []);
    sources.set(n.id, new Set());
    degree.set(n.id, 0);
    (n.years || []).forEach(function (y) { dated(n.id, y); });
    (n.facts || []).forEach(function (f) { stated(n.id, f); });
  });
  edges.forEach(function (e) {
    var ends = e.from === e.to ? [e.from] : [e.from, e.to];
    ends.forEach(function (id) {
      if (!degree.has(id)) return;
      degree.set(id, /** @type {number} */ (degree.get(id)) + 1);
      stated(id, e);
      dated(id, e.years ? e.years[0] : null);
    });
  });
  /** @param {(n: AttrNode) => string | number | null} f */
  function valuesOf(f) { return new Map(nodes.map(function (n) { return [n.id, f(n)]; })); }
  /** @param {string[]} ids */
  function seenIn(ids, values) {
    var present = new Set(values.values());
    return ids.filter(function (id) { return present.has(id); });
  }
  /** @type {Attribute[]} */
  var out = [];
  var typeColours = new Map((opts.types || []).map(function (t) { return [t.id, t.color]; }));
  var types = valuesOf(function (n) { return n.type; });
  out.push({ id: "type", kind: "category", values: types,
    categories: seenIn((opts.types || []).map(function (t) { return t.id; }).concat(
      Array.from(new Set(nodes.map(function (n) { return n.type; }))).filter(function (t) { return !typeColours.has(t); }).sort()), types)
      .map(function (id) { return { id: id, color: typeColours.get(id) || null }; }) });
  var community = opts.community;
  if (community && community.length && nodes.some(function (n) { return n.looks && n.looks.community; })) {
    var bins = valuesOf(function (n) { return n.looks && n.looks.community ? String(n.looks.community[1]) : null; });
    out.push({ id: "community", kind: "category", values: bins,
      categories: community.map(function (b, i) { return { id: String(i), color: b.color }; })
        .filter(function (c) { return new Set(bins.values()).has(c.id); }) });
  }
  var basis = valuesOf(function (n) { return basisOf(/** @type {string[]} */ (bases.get(n.id))); });
  out.push({ id: "basis", kind: "category", values: basis,
    categories: seenIn(["stated", "inferred", "reported", "mixed"], basis).map(function (id) { return { id: id, color: null }; }) });
  var source = valuesOf(function (n) {
    var s = /** @type {Set<string>} */ (sources.get(n.id));
    return s.size === 0 ? null : s.size > 1 ? "several" : Array.from(s)[0];
  });
  var sourceIds = Array.from(new Set(Array.from(source.values()).filter(function (v) { return v !== null && v !== "several"; })));
  out.push({ id: "source", kind: "category", values: source,
    categories: seenIn(/** @type {string[]} */ (sourceIds).sort().concat(["several"]), source).map(function (id) { return { id: id, color: null }; }) });
  out.push({ id: "year", kind: "number", values: valuesOf(function (n) { return firstYear.has(n.id) ? /** @type {number} */ (firstYear.get(n.id)) : null; }) });
  out.push({ id: "degree", kind: "number", sqrt: true, values: valuesOf(function (n) { return /** @type {number} */ (degree.get(n.id)); }) });
  if (nodes.some(function (n) { return n.metrics && typeof n.metrics.betweenness === "number"; })) {
    out.push({ id: "betweenness", kind: "number", sqrt: true,
      values: valuesOf(function (n) { return n.metrics && typeof n.metrics.betweenness === "number" ? n.metrics.betweenness : null; }) });
  }
  return out;
}

/**
 * The smallest and largest value of a numeric attribute (null when no entity has one).
 * @param {Attribute} attr
 * @returns {[number, number] | null}
 */
export function extent(attr) {
  var lo = Infinity, hi = -Infinity;
  attr.values.forEach(function (v) {
    if (typeof v !== "number") return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  });
  return lo === Infinity ? null : [lo, hi];
}

/** Where `v` lies between the attribute's extent, 0 to 1 (square roots for counts).
 * @param {Attribute} attr @param {[number, number]} ext @param {number} v */
function position(attr, ext, v) {
  var f = attr.sqrt ? function (/** @type {number} */ x) { return Math.sqrt(Math.max(x, 0)); }
    : function (/** @type {number} */ x) { return x; };
  var span = f(ext[1]) - f(ext[0]);
  return span <= 0 ? 0.5 : (f(v) - f(ext[0])) / span;
}

/** @param {string} hex */
function rgb(hex) {
  return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
}

/**
 * The colour at `t` (0 to 1) of `RAMP`, interpolated in RGB.
 * @param {number} t
 */
export function rampColour(t) {
  var x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
  var i = Math.min(Math.floor(x), RAMP.length - 2), f = x - i;
  var a = rgb(RAMP[i]), b = rgb(RAMP[i + 1]);
  return "#" + a.map(function (c, k) { return Math.round(c + (b[k] - c) * f).toString(16).padStart(2, "0"); }).join("");
}

/**
 * The colour scale of an attribute: each entity's colour, and the legend (a category's colour
 * and count, or a numeric attribute's ramp with its lowest and highest value).
 * @param {Attribute} attr
 * @returns {{colour: (id: string) => string, legend: {id: string, color: string, count: number}[],
 *   extent: [number, number] | null, missing: number}}
 */
export function colourScale(attr) {
  var missing = 0;
  attr.values.forEach(function (v) { if (v === null) missing++; });
  if (attr.kind === "category") {
    var colours = new Map();
    var free = 0;
    (attr.categories || []).forEach(function (c) {
      colours.set(c.id, c.color || PALETTE[Math.min(free++, PALETTE.length - 1)]);
    });
    var counts = new Map();
    attr.values.forEach(function (v) { if (v !== null) counts.set(v, (counts.get(v) || 0) + 1); });
    return {
      colour: function (id) { var v = attr.values.get(id); return v === null || v === undefined ? NO_VALUE : colours.get(v) || NO_VALUE; },
      legend: (attr.categories || []).map(function (c) { return { id: c.id, color: colours.get(c.id), count: counts.get(c.id) || 0 }; }),
      extent: null, missing: missing,
    };
  }
  var ext = extent(attr);
  return {
    colour: function (id) {
      var v = attr.values.get(id);
      return typeof v !== "number" || !ext ? NO_VALUE : rampColour(position(attr, ext, v));
    },
    legend: RAMP.map(function (c, i) { return { id: String(i), color: c, count: 0 }; }),
    extent: ext, missing: missing,
  };
}

/**
 * The size scale of a numeric attribute: each entity's radius, from SIZES[0] (the lowest value)
 * to SIZES[1] (the highest), by square roots for counts; an entity without a value the smallest.
 * @param {Attribute} attr
 * @returns {(id: string) => number}
 */
export function sizeScale(attr) {
  var ext = extent(attr);
  return function (id) {
    var v = attr.values.get(id);
    if (typeof v !== "number" || !ext) return SIZES[0];
    return Math.round((SIZES[0] + (SIZES[1] - SIZES[0]) * position(attr, ext, v)) * 10) / 10;
  };
}

/**
 * Whether an entity's value lies in a range (either end null: open); without a value, never.
 * @param {string | number | null | undefined} value @param {number | null} from @param {number | null} to
 */
export function inRange(value, from, to) {
  if (typeof value !== "number") return false;
  return (from === null || value >= from) && (to === null || value <= to);
}

/**
 * A range as the address writes it ("degree:5:" is degree at least 5), and back; null for
 * anything else.
 * @param {{attr: string, from: number | null, to: number | null} | null} range
 */
export function rangeText(range) {
  if (!range) return "";
  return range.attr + ":" + (range.from === null ? "" : range.from) + ":" + (range.to === null ? "" : range.to);
}

/** @param {string | null} text @returns {{attr: string, from: number | null, to: number | null} | null} */
export function parseRange(text) {
  var m = /^([a-z]+):(-?[0-9.]*):(-?[0-9.]*)$/.exec(text || "");
  if (!m) return null;
  var from = m[2] === "" ? null : Number(m[2]), to = m[3] === "" ? null : Number(m[3]);
  if ((from !== null && isNaN(from)) || (to !== null && isNaN(to)) || (from === null && to === null)) return null;
  return { attr: m[1], from: from, to: to };
}
