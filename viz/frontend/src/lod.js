/* The level of detail of a big graph's page (more than viz.lod.LOD_NODES entities): which
 * entities vis-network draws. The best-ranked first (viz/lod.py's plan), more on zoom and pan
 * (those in the view), on selection (search, links, explained chains) and on expand
 * (double-click, the panel's button). Every entity and relation stays in NODES and EDGES
 * (page.js), so the filters, panel, search, explain, time slider and address work on the whole
 * graph; the modules ask `lod` (null on a plain page) what is drawn.
 *
 * Global: window.kgLod (the API below, for the tests and users' scripts). */
import { edges, network, nodes, visEdge, visNode } from "./draw.js";
import { apply, edgeDrawn, nodeDrawn } from "./filters.js";
import { batch } from "./labels.js";
import { shown as landmarks } from "./landmarks.js";
import { t } from "./messages.js";
import { COMPACT, EDGES, KG, NODES, adjacency, byEdge, byNode } from "./page.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({}, { lod: () => lod });

/** The level of detail's API, or null on a plain page. @type {ReturnType<typeof make> | null} */
export let lod = null;

/** @type {Set<string>} */ let drawnNodes;
/** @type {Set<string>} */ let drawnEdges;
/** @type {number[]} */ let ORDER;
let FIRST = 0;
/** @type {Map<string, number>} */ let rank;

export function init() {
  if (!COMPACT) return;
  const plan = COMPACT.plan;
  ORDER = plan.order || NODES.map(function (_, i) { return i; });
  FIRST = plan.first === undefined ? NODES.length : plan.first;
  rank = new Map(ORDER.map(function (row, k) { return [NODES[row].id, k]; }));
  drawnNodes = new Set(ORDER.slice(0, FIRST).map(function (row) { return NODES[row].id; }));
  drawnEdges = new Set(EDGES.filter(function (e) {
    return drawnNodes.has(e.from) && drawnNodes.has(e.to);
  }).map(function (e) { return e.id; }));
  lod = make();
  window.kgLod = lod;
}

/* Draw the entities `ids` (those not drawn yet) and every relation whose ends are then both
 * drawn; the filters, the metric and the language apply to them as to the rest. Returns how
 * many entities were added. */
/** @param {Iterable<string>} ids */
function reveal(ids) {
  /** @type {string[]} */ const addNodes = [];
  /** @type {string[]} */ const addEdges = [];
  Array.from(ids).forEach(function (id) {
    if (!drawnNodes.has(id) && byNode.has(id)) { drawnNodes.add(id); addNodes.push(id); }
  });
  if (!addNodes.length) return 0;
  addNodes.forEach(function (id) {
    (adjacency.get(id) || []).forEach(function (eid) {
      if (drawnEdges.has(eid)) return;
      const e = /** @type {import("./page-types").DrawnEdge} */ (byEdge.get(eid));
      if (drawnNodes.has(e.from) && drawnNodes.has(e.to)) { drawnEdges.add(eid); addEdges.push(eid); }
    });
  });
  batch(function () {
    nodes.add(addNodes.map(function (id) { return visNode(/** @type {any} */ (byNode.get(id))); }));
    if (addEdges.length) edges.add(addEdges.map(function (eid) { return visEdge(/** @type {any} */ (byEdge.get(eid))); }));
  });
  addNodes.forEach(function (id) { nodeDrawn.set(id, { hidden: false, faded: false }); });
  addEdges.forEach(function (eid) { edgeDrawn.set(eid, { hidden: false, faded: false, undated: false }); });
  if (state.metric !== "type") late.setMetric(state.metric);
  if (state.colour || state.size) late.paint(); // appearance.js: colour and size by an attribute
  apply();
  if (lod) lod.revealed += addNodes.length;
  return addNodes.length;
}

/** @param {string} id */
function neighbours(id) {
  return (adjacency.get(id) || []).map(function (eid) {
    const e = /** @type {import("./page-types").DrawnEdge} */ (byEdge.get(eid));
    return e.from === id ? e.to : e.from;
  });
}

/* Draw an entity with all its neighbours. */
/** @param {string} id */
function expand(id) {
  return reveal([id].concat(neighbours(id)));
}

// a grid over the layout's positions, each cell's entities best-ranked first, to find the
// entities inside the view
const GRID = 64;
/** @type {{box: {x0: number, y0: number, x1: number, y1: number}, w: number, h: number, cells: any[][]} | null} */
let grid = null;

function buildGrid() {
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  NODES.forEach(function (n) {
    box.x0 = Math.min(box.x0, n.x); box.x1 = Math.max(box.x1, n.x);
    box.y0 = Math.min(box.y0, n.y); box.y1 = Math.max(box.y1, n.y);
  });
  const w = (box.x1 - box.x0) / GRID || 1, h = (box.y1 - box.y0) / GRID || 1;
  /** @type {any[][]} */
  const cells = [];
  for (let c = 0; c < GRID * GRID; c++) cells.push([]);
  ORDER.forEach(function (row) {
    const n = NODES[row];
    const cx = Math.min(GRID - 1, Math.floor((n.x - box.x0) / w)), cy = Math.min(GRID - 1, Math.floor((n.y - box.y0) / h));
    cells[cx * GRID + cy].push(n);
  });
  return { box: box, w: w, h: h, cells: cells };
}

/* Bring in the best-ranked entities inside the view until as many are drawn there as the
 * page opened with in all (the same density on the screen at every zoom). */
function inView() {
  if (!network) return 0;
  const g = grid = grid || buildGrid();
  const el = network.body.container;
  const a = network.DOMtoCanvas({ x: 0, y: 0 });
  const b = network.DOMtoCanvas({ x: el.clientWidth, y: el.clientHeight });
  const cx0 = Math.max(0, Math.floor((a.x - g.box.x0) / g.w)), cx1 = Math.min(GRID - 1, Math.floor((b.x - g.box.x0) / g.w));
  const cy0 = Math.max(0, Math.floor((a.y - g.box.y0) / g.h)), cy1 = Math.min(GRID - 1, Math.floor((b.y - g.box.y0) / g.h));
  let drawn = 0;
  /** @type {string[]} */
  const wanted = [];
  for (let cx = cx0; cx <= cx1; cx++) {
    for (let cy = cy0; cy <= cy1; cy++) {
      g.cells[cx * GRID + cy].forEach(function (n) {
        if (n.x < a.x || n.x > b.x || n.y < a.y || n.y > b.y) return;
        if (drawnNodes.has(n.id)) drawn++;
        else wanted.push(n.id);
      });
    }
  }
  const room = FIRST - drawn;
  if (room <= 0 || !wanted.length) return 0;
  wanted.sort(function (p, q) { return /** @type {number} */ (rank.get(p)) - /** @type {number} */ (rank.get(q)); });
  return reveal(wanted.slice(0, room));
}

/** @type {number | null} */
let pending = null;
function soon() {
  if (pending !== null) window.clearTimeout(pending);
  pending = window.setTimeout(function () { pending = null; inView(); }, 150);
}

/* The panel's button: draw the entity's neighbours (disabled once they all are). */
/** @param {string} id */
function expandButton(id) {
  const missing = new Set(neighbours(id).filter(function (v) { return !drawnNodes.has(v); })).size;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "lod-expand";
  button.textContent = missing ? t("lodExpand", { n: missing }) : t("lodExpanded");
  button.disabled = missing === 0;
  button.addEventListener("click", function () { expand(id); late.refreshPanel(); });
  const row = document.createElement("div");
  row.className = "row buttons";
  row.append(button);
  return row;
}

/* Run work() once the first frame is drawn and the browser is idle (or at once when it is
 * asked for sooner: the list of names for the explain boxes). */
/** @param {() => void} work */
function whenIdle(work) {
  let done = false;
  function once() { if (!done) { done = true; work(); } }
  /** @type {(f: () => void, options: {timeout: number}) => number} */
  const idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 200); };
  window.setTimeout(function () { idle(once, { timeout: 5000 }); }, 0);
  ["explain-a", "explain-b", "explain-avoid"].forEach(function (id) {
    const input = document.getElementById(id);
    if (input) input.addEventListener("focus", once, { once: true });
  });
}

/* Once the network exists: double-click expands, zoom and pan bring in what is in view. */
export function listen() {
  if (!lod) return;
  // the browser's dblclick, not vis-network's doubleClick: that one needs the two clicks
  // within 300 ms of handling, and the first click's panel takes longer in a big graph
  const box = network.body.container;
  box.addEventListener("dblclick", function (/** @type {MouseEvent} */ ev) {
    const r = box.getBoundingClientRect();
    const id = network.getNodeAt({ x: ev.clientX - r.left, y: ev.clientY - r.top });
    if (id !== undefined) { expand(id); late.refreshPanel(); }
  });
  network.on("zoom", soon);
  network.on("dragEnd", soon);
}

function make() {
  return {
    nodes: NODES,
    edges: EDGES,
    kg: KG,
    timings: /** @type {Record<string, number>} */ (/** @type {any} */ (COMPACT).timings),
    revealed: 0, // entities drawn since the page opened
    reading: /** @type {any} */ (COMPACT).reading,
    /** @param {string} id */
    has: function (id) { return drawnNodes.has(id); },
    /** @param {string} id */
    hasEdge: function (id) { return drawnEdges.has(id); },
    /** @template {{id: string}} T @param {T[]} list */
    onlyNodes: function (list) { return list.filter(function (n) { return drawnNodes.has(n.id); }); },
    /** @template {{id: string}} T @param {T[]} list */
    onlyEdges: function (list) { return list.filter(function (e) { return drawnEdges.has(e.id); }); },
    /** @param {Iterable<string>} ids */
    onlyIds: function (ids) { return Array.from(ids).filter(function (id) { return drawnNodes.has(id); }); },
    drawn: function () { return { nodes: Array.from(drawnNodes), edges: Array.from(drawnEdges) }; },
    reveal: reveal,
    expand: expand,
    revealAll: function () { return reveal(NODES.map(function (n) { return n.id; })); },
    inView: inView,
    statusNote: function () { return drawnNodes.size < NODES.length ? t("lodNote") : ""; },
    expandButton: expandButton,
    whenIdle: whenIdle,
    /* Of the entities `ids` (at their positions `at`), those inside the box of the graph's
     * largest connected part (viz/lod.py: core), where the view opens: the layout puts the
     * small parts far out around it (all of them where none is inside). */
    /** @param {string[]} ids @param {Record<string, {x: number, y: number}>} at */
    core: function (ids, at) {
      const box = /** @type {any} */ (COMPACT).plan.core;
      if (!box) return ids;
      const inside = ids.filter(function (id) {
        const p = at[id];
        return p.x >= box[0] && p.x <= box[2] && p.y >= box[1] && p.y <= box[3];
      });
      return inside.length ? inside : ids;
    },
    /* The communities' and entities' names written over the last frame (landmarks.js). */
    landmarks: function () { return landmarks.slice(); },
  };
}
