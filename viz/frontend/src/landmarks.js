/* Landmarks: on a big graph's page (level of detail) the drawing names what it shows while the
 * entities' own labels are too small to read (vis-network draws a label from LABEL_MIN_PX
 * screen pixels on): the largest communities, each at its centre (viz/lod.py: communities),
 * and the most connected entities, by their names. Both are written over the canvas after
 * each frame, at a fixed size on screen, the most important first and as many as fit without
 * overlapping one another or a label vis-network draws; zooming in makes room for more, until
 * the entities' own labels take over. What the filters hide or a selection dims gets none. */
import { LABEL_FONT, container, network } from "./draw.js";
import { dimmed, nodeDrawn, visible } from "./filters.js";
import { label } from "./names.js";
import { COMPACT, NODES, OPTIONS } from "./page.js";
import { state } from "./state.js";

const ENTITY_PX = 12, COMMUNITY_PX = 14; // label heights on screen
const GAP = 4; // screen pixels kept free around each label
const AREA_PER_LABEL = 9000; // at most one label per this many square pixels of the view

/** @typedef {{kind: "community" | "entity", id: string, text: string, x: number, y: number, width: number, height: number}} Landmark */

/** @type {{community: number, size: number, label_en: string, label_de: string, centre: number[]}[]} */
let COMMUNITIES = [];
/** @type {import("./page-types").DrawnNode[]} */ let HUBS = []; // most connected first
/** @type {Map<number, string[]>} */ const members = new Map();
let MIN_PX = 11;
/** The landmarks written over the last frame (screen pixels, from the graph's top left). @type {Landmark[]} */
export let shown = [];
// what the filters leave of both, worked out again only when they change (filters.js makes a
// new `visible` each time), not each frame
/** @type {any} */ let seenVisible = null;
/** @type {import("./page-types").DrawnNode[]} */ let visibleHubs = [];
/** @type {typeof COMMUNITIES} */ let visibleCommunities = [];

function refresh() {
  if (seenVisible === visible) return;
  seenVisible = visible;
  visibleHubs = HUBS.filter(function (n) { return visible.nodes.has(n.id); });
  visibleCommunities = COMMUNITIES.filter(function (c) {
    return (members.get(c.community) || []).some(function (id) { return visible.nodes.has(id); });
  });
}

/** @param {import("./page-types").DrawnNode} n */
function connections(n) { return n.metrics ? n.metrics.degree : n.degree; }

/* Whether vis-network draws the entity's own label at this zoom. */
/** @param {string} id @param {number} scale */
function ownLabel(id, scale) {
  const body = network.body.nodes[id];
  return !!body && body.options.font.size * scale >= MIN_PX;
}

/* The candidates, most important first: the largest community, the most connected entity
 * in view, the next community, the next entity, ..., at most `most` entities (so that a
 * label goes to a hub, not to whatever stands alone at the edge); communities only while
 * nothing is selected or explained, and while the entities' usual labels are not drawn. */
/** @param {number} scale @param {number} most @param {number} width @param {number} height */
function candidates(scale, most, width, height) {
  /** @type {{kind: "community" | "entity", id: string, text: string, at: {x: number, y: number}, below: number}[]} */
  const out = [];
  refresh();
  const plain = !state.focus && !dimmed && LABEL_FONT * scale < MIN_PX;
  const communities = plain ? visibleCommunities : [];
  const at = network.body.nodes;
  let k = 0, entities = 0;
  const community = function () {
    const c = communities[k++];
    out.push({ kind: "community", id: String(c.community), text: c["label_" + state.lang] || c.label_en,
      at: { x: c.centre[0], y: c.centre[1] }, below: 0 });
  };
  visibleHubs.forEach(function (n) {
    if (entities >= most || !at[n.id] || ownLabel(n.id, scale)) return;
    const d = nodeDrawn.get(n.id);
    if (d && (d.hidden || d.faded)) return;
    const p = network.canvasToDOM(at[n.id]);
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) return;
    entities++;
    if (k < communities.length) community();
    out.push({ kind: "entity", id: n.id, text: label(n.id), at: at[n.id], below: at[n.id].options.size || n.size });
  });
  while (k < communities.length) community();
  return out;
}

/* The boxes of the labels vis-network draws in view (none of ours may cover one). */
/** @param {number} scale @param {number} width @param {number} height */
function ownBoxes(scale, width, height) {
  /** @type {{x0: number, y0: number, x1: number, y1: number}[]} */
  const boxes = [];
  visible.nodes.forEach(function (id) {
    const body = network.body.nodes[id];
    if (!body || !ownLabel(id, scale)) return;
    const lab = body.labelModule.size;
    if (!lab || !lab.width) return;
    const a = network.canvasToDOM({ x: lab.left, y: lab.top });
    const b = network.canvasToDOM({ x: lab.left + lab.width, y: lab.top + lab.height });
    if (b.x < 0 || b.y < 0 || a.x > width || a.y > height) return;
    boxes.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
  });
  return boxes;
}

/* Place the landmarks that fit at this zoom and write them on the canvas. */
/** @param {CanvasRenderingContext2D} ctx */
function draw(ctx) {
  const scale = network.getScale();
  const width = container.clientWidth, height = container.clientHeight;
  const most = Math.max(4, Math.floor(width * height / AREA_PER_LABEL));
  const face = OPTIONS.nodes.font.face;
  const taken = ownBoxes(scale, width, height);
  /** @param {{x0: number, y0: number, x1: number, y1: number}} a @param {{x0: number, y0: number, x1: number, y1: number}} b */
  const hits = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };
  /** @type {Landmark[]} */
  const placed = [];
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const ratio = ctx.canvas.width / Math.max(1, width);
  ctx.scale(ratio, ratio);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  const list = candidates(scale, most, width, height);
  for (let i = 0; i < list.length && placed.length < most; i++) {
    const c = list[i];
    const px = c.kind === "community" ? COMMUNITY_PX : ENTITY_PX;
    ctx.font = [c.kind === "community" ? "bold" : "normal", px + "px", face].join(" ");
    const p = network.canvasToDOM(c.at);
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) continue;
    const w = ctx.measureText(c.text).width;
    const top = c.kind === "community" ? p.y - px / 2 : p.y + c.below * scale + 2;
    const box = { x0: p.x - w / 2 - GAP, x1: p.x + w / 2 + GAP, y0: top - GAP, y1: top + px * 1.25 + GAP };
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
    if (taken.some(function (o) { return hits(o, box); })) continue;
    taken.push(box);
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.fillStyle = c.kind === "community" ? "#4a3b6b" : "#1d2733";
    ctx.strokeText(c.text, p.x, top);
    ctx.fillText(c.text, p.x, top);
    placed.push({ kind: c.kind, id: c.id, text: c.text, x: p.x, y: top, width: w, height: px });
  }
  ctx.restore();
  shown = placed;
}

export function init() {
  if (!COMPACT) return; // a plain page draws every entity, with its own labels
  MIN_PX = OPTIONS.nodes.scaling.label.drawThreshold - 1;
  COMMUNITIES = COMPACT.plan.communities || [];
  NODES.forEach(function (n) {
    const c = n.metrics ? n.metrics.community : null;
    if (c === null || c === undefined) return;
    if (!members.has(c)) members.set(c, []);
    /** @type {string[]} */ (members.get(c)).push(n.id);
  });
  HUBS = NODES.filter(function (n) { return connections(n) > 0; }).sort(function (a, b) {
    return connections(b) - connections(a) || b.degree - a.degree || (a.id < b.id ? -1 : 1);
  });
  network.on("afterDrawing", draw);
}
