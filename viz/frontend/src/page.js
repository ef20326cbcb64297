/* The page data: the JSON blocks viz/render.py wrote into the page (their shape: viz/page_types.py,
 * declared for this code in page-types.d.ts), the big graph's compact block decoded
 * (compact.js), and the look-ups every other module reads. */
import { decode } from "./compact.js";

/** @typedef {import("./page-types").DrawnNode} PageNode */
/** @typedef {import("./page-types").DrawnEdge} PageEdge */
/** @typedef {import("./page-types").PageData} PageData */

/** When the page's steps were done (performance.now()), for the tests and the benchmarks. */
export const timings = /** @type {Record<string, number>} */ ({ start: window.performance.now() });

/** @param {string} id */
function readJSON(id) {
  return JSON.parse(/** @type {HTMLElement} */ (document.getElementById(id)).textContent || "null");
}

/** @type {PageNode[]} */ export let NODES;
/** @type {PageEdge[]} */ export let EDGES;
/** @type {any} */ export let OPTIONS;
/** @type {PageData} */ export let KG;
/** Whether the graph is big enough for the lighter drawing (viz.render.LARGE_GRAPH_EDGES). */
export let LARGE = false;
/** How a move of the view is animated: over `ms` milliseconds, or not at all on a big graph
 * (too many to redraw smoothly) or where the reader asked for less motion (the system's
 * "reduce motion", the media query prefers-reduced-motion), asked at each move.
 * @param {number} ms @returns {false | {duration: number}} */
export function animation(ms) {
  var still = LARGE || (!!window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  return still ? false : { duration: ms };
}
/** The decoded compact block of a big graph's page (level of detail), else null.
 * @type {ReturnType<typeof decode> | null} */
export let COMPACT = null;

/** @type {Map<string, PageNode>} */ export let byNode;
/** @type {Map<string, PageEdge>} */ export let byEdge;
/** @type {Map<string, import("./page-types").PageRelation>} */ export let REL;
/** @type {Map<string, import("./page-types").PageType>} */ export let TYPES;
/** @type {Map<string, import("./page-types").PageBasis>} */ export let BASES;
/** @type {Map<string, import("./page-types").PageMetric>} */ export let METRICS;
/** Each entity's relations (edge ids), in the text's order. @type {Map<string, string[]>} */
export const adjacency = new Map();

export function init() {
  OPTIONS = readJSON("kg-options");
  KG = readJSON("kg-data");
  if (document.getElementById("kg-compact")) {
    COMPACT = decode(readJSON("kg-compact"), KG);
    NODES = COMPACT.nodes;
    EDGES = COMPACT.edges;
  } else {
    NODES = readJSON("kg-nodes");
    EDGES = readJSON("kg-edges");
  }
  LARGE = EDGES.length > 2000 || NODES.length > 1500;
  timings.parsed = window.performance.now();
  byNode = new Map(NODES.map(function (n) { return [n.id, n]; }));
  byEdge = new Map(EDGES.map(function (e) { return [e.id, e]; }));
  REL = new Map(KG.relations.map(function (r) { return [r.id, r]; }));
  TYPES = new Map(KG.types.map(function (t) { return [t.id, t]; }));
  BASES = new Map(KG.bases.map(function (b) { return [b.id, b]; }));
  METRICS = new Map((KG.metrics || []).map(function (m) { return [m.id, m]; }));
  NODES.forEach(function (n) { adjacency.set(n.id, []); });
  EDGES.forEach(function (e) {
    /** @type {string[]} */ (adjacency.get(e.from)).push(e.id);
    if (e.to !== e.from) /** @type {string[]} */ (adjacency.get(e.to)).push(e.id);
  });
}
