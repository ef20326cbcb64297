/* Relation labels: drawn only for the selection and the relation under the mouse, a fixed
 * size on screen, placed where they cover no entity and no other label. */
import { LABEL_FONT, container, drawnFont, edges, labelFont, network, nodeFont, nodes } from "./draw.js";
import { edgeDrawn, edgeLabel, nodeDrawn, visible } from "./filters.js";
import { EDGES, NODES, OPTIONS, byEdge, byNode } from "./page.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ batch, relabel });

// ------------------------------------------------------------------ edge labels
/* Edges are drawn without labels; the selected edge, the selected entity's relations (or an
 * explained chain's) and the edge under the mouse get theirs, EDGE_LABEL_PX screen pixels
 * high whatever the zoom, as many as fit without covering one another (the edge under the
 * mouse first, then the selected edge, then the rest in the text's order). */
const EDGE_LABEL_PX = 12;
let LABEL_MIN_PX; // node labels drawn from here
let hovered = null; // the edge under the mouse
export let labelled = new Map(); // edge id -> the label it has now
export let labelScale = null; // the zoom the labels were placed at

function labelWanted() {
  var want = [];
  var sel = state.selected;
  if (hovered && visible.edges.has(hovered)) want.push(hovered);
  if (sel && sel.kind === "edge") want.push(sel.id);
  if (sel && sel.kind === "node" && visible.nodes.has(sel.id)) {
    // by priority (callouts.js): the relations with the neighbours it names first
    late.relationOrder(sel.id).forEach(function (id) { if (visible.edges.has(id)) want.push(id); });
  }
  if (state.focus && sel && sel.kind === "explain") {
    EDGES.forEach(function (e) { if (state.focus.edges.has(e.id) && visible.edges.has(e.id)) want.push(e.id); });
  }
  return want.filter(function (id, i) { return want.indexOf(id) === i; });
}

/* The screen boxes of the entities drawn, undimmed, with their labels (as drawn at this
 * zoom): what edge labels must not cover. */
function nodeBoxes() {
  var scale = network.getScale();
  var boxes = [];
  var at = network.getPositions();
  var width = container.clientWidth, height = container.clientHeight;
  visible.nodes.forEach(function (id) {
    if (nodeDrawn.get(id).faded) return;
    var n = byNode.get(id), p = at[id], r = network.body.nodes[id].options.size || n.size;
    var a = network.canvasToDOM({ x: p.x - r, y: p.y - r }), b = network.canvasToDOM({ x: p.x + r, y: p.y + r });
    if (b.x < -200 || b.y < -100 || a.x > width + 200 || a.y > height + 100) return; // far off the view
    boxes.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
    if (labelFont(n) * scale < LABEL_MIN_PX || !network.body.nodes[id]) return;
    var lab = network.body.nodes[id].labelModule.size;
    if (!lab || !lab.width) return;
    a = network.canvasToDOM({ x: lab.left, y: lab.top });
    b = network.canvasToDOM({ x: lab.left + lab.width, y: lab.top + lab.height });
    boxes.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
  });
  return boxes;
}

/* The labels that fit: each label's box on screen (at its edge's middle, up to two lines
 * above or below it, or farther up or down while the box still sits on its edge, as on a
 * steep one) kept clear of the entities and their labels and of the boxes placed before it,
 * the labels with the fewest free places placed first; the edge under the mouse and the
 * selected edge get theirs in any case, clear of the other labels where a place is (parallel
 * edges' labels never hide one another). Labels are measured in bold, as vis-network draws a
 * selected edge's label, in its own canvas. Returns id -> {text, dy}: the label and how far
 * (screen pixels) it is moved down. */
function labelPlaces(ids) {
  // the selection's names first (callouts.js), clear of the entities and their labels
  var obstacles = nodeBoxes();
  obstacles = obstacles.concat(late.placeNames(obstacles));
  if (!ids.length) return new Map();
  var measure = network.canvas.getContext();
  measure.save();
  measure.setTransform(1, 0, 0, 1, 0, 0);
  measure.font = ["bold", EDGE_LABEL_PX + "px", OPTIONS.edges.font.face].join(" ");
  var sel = state.selected;
  var h = EDGE_LABEL_PX * 1.4;
  var hits = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };
  // each label's candidate boxes: at the edge's middle, up to two lines above or below it, or
  // farther while the box still sits on its edge (a steep one)
  var labels = [];
  ids.forEach(function (id, order) {
    var body = network.body.edges[id];
    if (!body || !body.edgeType) return;
    var text = edgeLabel(byEdge.get(id), edgeDrawn.get(id).undated);
    var mid = network.canvasToDOM(body.edgeType.getPoint(0.5));
    var w = measure.measureText(text).width + 6;
    var path = [];
    for (var step = 0.1; step < 0.91; step += 0.05) path.push(network.canvasToDOM(body.edgeType.getPoint(step)));
    var spots = [];
    for (var k = 0; k <= 8; k++) {
      [k * -h, k * h].forEach(function (dy, i) {
        if (k === 0 && i) return;
        var box = { x0: mid.x - w / 2, x1: mid.x + w / 2, y0: mid.y + dy - h / 2, y1: mid.y + dy + h / 2, dy: dy };
        var onEdge = path.some(function (p) { return p.x > box.x0 && p.x < box.x1 && p.y > box.y0 && p.y < box.y1; });
        if (k <= 2 || onEdge) spots.push(box);
      });
    }
    var forced = id === hovered || (sel && sel.kind === "edge" && sel.id === id);
    var free = spots.filter(function (box) { return !obstacles.some(function (o) { return hits(o, box); }); });
    labels.push({ id: id, text: text, spots: spots, free: free, forced: forced, order: order });
  });
  measure.restore();
  // the edge under the mouse and the selected edge first, then the labels with the fewest
  // free places (so that one with many does not take the only place of another), in order
  // (a selected entity's relations by priority instead: those of the neighbours named first)
  var ranked = sel && sel.kind === "node";
  labels.sort(function (a, b) {
    return (b.forced - a.forced) || (ranked ? 0 : a.free.length - b.free.length) || (a.order - b.order);
  });
  var placed = [];
  var out = new Map();
  labels.forEach(function (lab) {
    var clear = function (box) { return !placed.some(function (p) { return hits(p, box); }); };
    var box = lab.free.find(clear);
    if (!box) {
      if (!lab.forced) return;
      box = lab.spots.find(clear) || lab.spots[0];
    }
    placed.push(box);
    out.set(lab.id, { text: lab.text, dy: box.dy });
  });
  return out;
}

/* Give the edges that should have a label theirs, at the size the zoom needs, and take it
 * from the others. */

export function relabel() {
  var scale = network.getScale();
  var want = labelPlaces(labelWanted());
  var updates = [];
  var size = EDGE_LABEL_PX / scale;
  // (vis-network keeps a label once set: one without a place is drawn at size 0, which its
  // drawThreshold leaves out)
  labelled.forEach(function (place, id) {
    if (!want.has(id)) updates.push({ id: id, font: { size: 0 } });
  });
  want.forEach(function (place, id) {
    var was = labelled.get(id);
    if (!was || was.text !== place.text || was.dy !== place.dy || scale !== labelScale) {
      updates.push({ id: id, label: place.text, font: { size: size, vadjust: place.dy / scale } });
    }
  });
  labelled = want;
  labelScale = scale;
  if (updates.length) { labelsDrawn = false; edges.update(updates); }
}
// after a zoom (the wheel, the keys, an animation) the labels are placed again, once the
// view is still: at most once a frame
export let relabelQueued = false;
export let labelsDrawn = true; // whether the labels placed last have been drawn

/* The bigger label fonts at the size the zoom needs (drawnFont); whether any changed. */
let BIG_LABELS;
function resizeLabels() {
  var updates = [];
  BIG_LABELS.forEach(function (n) {
    var size = drawnFont(n);
    if (nodes.get(n.id).font.size !== size) updates.push({ id: n.id, font: nodeFont(n, nodeDrawn.get(n.id).faded) });
  });
  if (updates.length) nodes.update(updates);
  return updates.length > 0;
}

/* Run data set updates with vis-network's redraw held back, then draw once (each update
 * would otherwise redraw every edge). */
export function batch(work) {
  network.body.emitter.emit("_blockRedraw");
  try {
    work();
  } finally {
    network.body.emitter.emit("_allowRedraw");
    network.redraw();
  }
}

export function init() {
  LABEL_MIN_PX = OPTIONS.nodes.scaling.label.drawThreshold - 1;

  network.on("hoverEdge", function (params) { hovered = params.edge; relabel(); });
  network.on("blurEdge", function () { hovered = null; relabel(); });
  network.on("afterDrawing", function () {
    labelsDrawn = true;
    if (relabelQueued || labelScale === network.getScale()) return;
    relabelQueued = true;
    window.requestAnimationFrame(function () {
      relabelQueued = false;
      if (resizeLabels()) labelScale = null; // placed again once drawn at their new size
      else relabel();
    });
  });
  BIG_LABELS = NODES.filter(function (n) { return labelFont(n) !== LABEL_FONT; });
}
