/* The selection named on the graph. A selected entity's neighbours (or an explained chain's
 * entities, or a selected relation's ends) are named wherever they are drawn: vis-network draws
 * a name only from its size on screen, so at the zoom of a big view most names are left out.
 * This module names those it leaves out, NAME_PX screen pixels high, beside the entity (below,
 * above, right or left of it), by priority (the selected entity, then its neighbours with the
 * most relations among what the filters show, then the text's order) and where the name covers
 * no entity, no other name and no label; what does not fit is left to the panel, which says how
 * many it is (#on-graph). The relations' labels are placed after the names, in the same order
 * (labels.js asks relationOrder and placeNames through late.js); a chain's entities are named
 * whether or not there is room, so every step of an explanation reads on the graph. */
import { network } from "./draw.js";
import { visible } from "./filters.js";
import { labelled } from "./labels.js";
import { t } from "./messages.js";
import { label } from "./names.js";
import { OPTIONS, adjacency, byEdge } from "./page.js";
import { state } from "./state.js";
import { provide } from "./late.js";

// what modules below this one call (late.js)
provide({ placeNames, relationOrder });

/** How high a name is on screen (pixels): vis-network's own labels start at 11. */
const NAME_PX = 12;
/** How wide a name's line may be before it wraps (screen pixels). */
const NAME_WRAP = 170;
const LINE = NAME_PX * 1.25;

/** @typedef {{x0: number, y0: number, x1: number, y1: number}} Box */
/** @typedef {{id: string, lines: string[], dx: number, dy: number, w: number, h: number, forced: boolean}} Name */

/** The names placed last: each with its box's offset from its entity (screen pixels at the
 * zoom it was placed at, so a pan moves it along). @type {Name[]} */
let placed = [];
/** The entities the selection wants named now, and those vis-network names itself. */
let wanted = /** @type {string[]} */ ([]);
let namedByNetwork = new Set();

/* The other end of each relation of `id` the filters let through, once each, in the text's order. */
function neighbours(id) {
  var out = [];
  var seen = new Set([id]);
  adjacency.get(id).forEach(function (eid) {
    if (!visible.edges.has(eid)) return;
    var e = byEdge.get(eid), other = e.from === id ? e.to : e.from;
    if (!seen.has(other)) { seen.add(other); out.push(other); }
  });
  return out;
}

/* The neighbours of `id` that are shown, by priority: the most relations among what the
 * filters show first, then the text's order. */
function rankedNeighbours(id) {
  var degree = visible.degree;
  var order = neighbours(id).filter(function (v) { return visible.nodes.has(v); });
  var at = new Map(order.map(function (v, i) { return [v, i]; }));
  return order.sort(function (a, b) { return (degree.get(b) || 0) - (degree.get(a) || 0) || at.get(a) - at.get(b); });
}

/** The relations of `id` by priority: those with the neighbours named first, each
 * neighbour's in the text's order (labels.js labels them in this order). @param {string} id */
export function relationOrder(id) {
  var rank = new Map(rankedNeighbours(id).map(function (v, i) { return [v, i]; }));
  var ids = adjacency.get(id).slice();
  var at = new Map(ids.map(function (eid, i) { return [eid, i]; }));
  var of = function (eid) {
    var e = byEdge.get(eid), other = e.from === id ? e.to : e.from;
    return rank.has(other) ? rank.get(other) : -1; // a relation with itself first
  };
  return ids.sort(function (a, b) { return of(a) - of(b) || at.get(a) - at.get(b); });
}

/* What the selection wants named, by priority, and which of them must be named in any case. */
function selectionNames() {
  var sel = state.selected;
  if (state.focus && sel && sel.kind === "explain") {
    var chain = state.chains[state.chain];
    return { ids: chain ? chain.nodes.slice() : Array.from(state.focus.nodes), forced: true };
  }
  if (sel && sel.kind === "node" && visible.nodes.has(sel.id)) {
    return { ids: [sel.id].concat(rankedNeighbours(sel.id)), forced: false };
  }
  if (sel && sel.kind === "edge" && visible.edges.has(sel.id)) {
    var e = byEdge.get(sel.id);
    return { ids: e.from === e.to ? [e.from] : [e.from, e.to], forced: true };
  }
  return { ids: [], forced: false };
}

/* A name's lines: words wrapped at NAME_WRAP pixels as `measure` measures them. */
function wrap(text, measure) {
  var lines = [""];
  String(text).split(/\s+/).forEach(function (word) {
    var last = lines[lines.length - 1];
    var joined = last ? last + " " + word : word;
    if (last && measure.measureText(joined).width > NAME_WRAP) lines.push(word);
    else lines[lines.length - 1] = joined;
  });
  return lines;
}

function hits(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

/** Whether vis-network draws the label of `id` at the zoom now. @param {string} id */
function drawnByNetwork(id, scale) {
  var body = network.body.nodes[id];
  if (!body || body.options.hidden) return false;
  var threshold = OPTIONS.nodes.scaling.label.drawThreshold - 1;
  return body.labelModule.fontOptions.size * scale >= threshold;
}

/** Place the selection's names clear of `obstacles` (the screen boxes of the entities and the
 * labels drawn, labels.js): returns the boxes of the names placed, which the relations' labels
 * must then keep clear of. @param {Box[]} obstacles @returns {Box[]} */
export function placeNames(obstacles) {
  var want = selectionNames();
  placed = [];
  wanted = want.ids;
  namedByNetwork = new Set();
  if (!want.ids.length) return [];
  var scale = network.getScale();
  var box = network.body.container;
  var width = box.clientWidth, height = box.clientHeight;
  var measure = network.canvas.getContext();
  measure.save();
  measure.setTransform(1, 0, 0, 1, 0, 0);
  measure.font = nameFont();
  var taken = [];
  var at = network.getPositions(want.ids);
  want.ids.forEach(function (id) {
    if (!at[id]) return;
    if (drawnByNetwork(id, scale)) { namedByNetwork.add(id); return; }
    var p = network.canvasToDOM(at[id]);
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) return; // out of the view
    var r = (network.body.nodes[id].options.size || 10) * scale;
    var lines = wrap(label(id), measure);
    var w = Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; })) + 4;
    var h = lines.length * LINE + 2;
    // beside the entity: below (as vis-network puts its labels), above, right, left
    var spots = [[-w / 2, r + 2], [-w / 2, -r - 2 - h], [r + 4, -h / 2], [-r - 4 - w, -h / 2]].map(function (d) {
      return { x0: p.x + d[0], y0: p.y + d[1], x1: p.x + d[0] + w, y1: p.y + d[1] + h, dx: d[0], dy: d[1] };
    });
    var inside = function (b) { return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= width && b.y1 <= height; };
    var free = function (b) {
      return inside(b) && !obstacles.some(function (o) { return hits(o, b); })
        && !taken.some(function (o) { return hits(o, b); });
    };
    var spot = spots.find(free);
    if (!spot && want.forced) spot = spots.find(function (b) { return !taken.some(function (o) { return hits(o, b); }); }) || spots[0];
    if (!spot) return;
    taken.push(spot);
    placed.push({ id: id, lines: lines, dx: spot.dx, dy: spot.dy, w: w, h: h, forced: want.forced });
  });
  measure.restore();
  return taken;
}

function nameFont() {
  return [NAME_PX + "px", OPTIONS.nodes.font.face].join(" ");
}

/** The names drawn now: entity id -> {text, box: [x0, y0, x1, y1] on screen, by: "page"
 * (this module) or "network" (vis-network's own label)}. */
export function shownNames() {
  var out = {};
  var at = network.getPositions(placed.map(function (n) { return n.id; }));
  placed.forEach(function (n) {
    var p = network.canvasToDOM(at[n.id]);
    out[n.id] = { text: n.lines.join(" "), box: [p.x + n.dx, p.y + n.dy, p.x + n.dx + n.w, p.y + n.dy + n.h], by: "page" };
  });
  namedByNetwork.forEach(function (id) { out[id] = { text: label(id), box: null, by: "network" }; });
  return out;
}

/** What the selection wants named and labelled, and how much of it the graph shows now. */
export function selectionCounts() {
  var sel = state.selected;
  var names = wanted.filter(function (id) { return !sel || sel.kind !== "node" || id !== sel.id; });
  var named = names.filter(function (id) { return namedByNetwork.has(id) || placed.some(function (n) { return n.id === id; }); });
  var rels = sel && sel.kind === "node" ? adjacency.get(sel.id).filter(function (eid) { return visible.edges.has(eid); }) : [];
  var labelledNow = rels.filter(function (eid) { return labelled.has(eid); });
  return { neighbours: names.length, named: named.length, relations: rels.length, labelled: labelledNow.length };
}

/* The panel's line on what the graph names and labels of the selected entity now. */
function updateNote() {
  var note = document.getElementById("on-graph");
  if (!note) return;
  var sel = state.selected;
  var text = "";
  if (sel && sel.kind === "node") {
    var c = selectionCounts();
    if (c.named < c.neighbours || c.labelled < c.relations) {
      text = t("onGraph", { named: c.named, n: c.neighbours, labelled: c.labelled, r: c.relations,
        more: c.neighbours - c.named + c.relations - c.labelled });
    } else if (c.relations) {
      text = t("onGraphAll");
    }
  }
  if (note.textContent !== text) note.textContent = text;
}

/* Draw the names placed, over everything else, with a white halo as vis-network's labels. */
function draw(ctx) {
  if (placed.length) {
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    var at = network.getPositions(placed.map(function (n) { return n.id; }));
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = nameFont();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#1d2733";
    placed.forEach(function (n) {
      var p = network.canvasToDOM(at[n.id]);
      var x = p.x + n.dx + n.w / 2;
      n.lines.forEach(function (line, i) {
        var y = p.y + n.dy + 1 + i * LINE;
        ctx.strokeText(line, x, y);
        ctx.fillText(line, x, y);
      });
    });
    ctx.restore();
  }
  updateNote();
}

export function init() {
  network.on("afterDrawing", draw);
}
