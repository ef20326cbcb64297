/* Export for papers: the view or the whole graph as SVG and PNG (with title, legend and
 * credit) and the relations as CSV, made in the page and downloaded. */
import { colourLegendRows } from "./appearance.js";
import { announce, el } from "./dom.js";
import { container, network, nodes } from "./draw.js";
import { dimmed, edgeColour, edgeDrawn, edgeLabel, nodeDrawn, visible } from "./filters.js";
import { statusText } from "./focus.js";
import { labelled } from "./labels.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { basisLabel, claimantName, label, relLabel, typeLabel } from "./names.js";
import { EDGES, KG, METRICS, NODES, REL, TYPES, byEdge, byNode } from "./page.js";
import { state } from "./state.js";
import { late } from "./late.js";

// ------------------------------------------------------------------ export for papers
const SVG_NS = "http://www.w3.org/2000/svg";
const exportScope = document.getElementById("export-scope");
const exportScale = document.getElementById("export-scale");

/* svg("rect", {x: 1, ...}, child, ...): an SVG element, attributes and text set as values
 * (never parsed), children appended; the document is serialised, never put in the page. */
function svg(tag, attrs) {
  var node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs || {}).forEach(function (key) {
    var value = attrs[key];
    if (value === null || value === undefined || value === false) return;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  });
  for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.append(arguments[i]);
  return node;
}

function round2(x) { return Math.round(x * 100) / 100; }

// the legend of an export: its width, and how many relations it lists at most
const LEGEND_WIDTH = 200, LEGEND_RELATIONS = 8;
// node labels wrap at about this many characters (vis-network's 150 pixels at 14 px)
const LABEL_CHARS = 21;

/* A label as the lines vis-network wraps it into (about LABEL_CHARS characters each). */
function wrapped(text) {
  var lines = [""];
  String(text).split(" ").forEach(function (word) {
    var last = lines[lines.length - 1];
    if (last && (last + " " + word).length > LABEL_CHARS) lines.push(word);
    else lines[lines.length - 1] = last ? last + " " + word : word;
  });
  return lines;
}

/* The outline of a vis-network shape of radius r at (x, y), as an SVG element. */
function shapeOf(shape, x, y, r, attrs) {
  function poly(points) {
    return svg("polygon", Object.assign({ points: points.map(function (p) { return round2(p[0]) + "," + round2(p[1]); }).join(" ") }, attrs));
  }
  var k, pts = [];
  if (shape === "square") return svg("rect", Object.assign({ x: round2(x - r), y: round2(y - r), width: round2(2 * r), height: round2(2 * r) }, attrs));
  if (shape === "diamond") return poly([[x, y - r], [x + r, y], [x, y + r], [x - r, y]]);
  if (shape === "hexagon") {
    for (k = 0; k < 6; k++) pts.push([x + r * Math.cos(k * Math.PI / 3), y + r * Math.sin(k * Math.PI / 3)]);
    return poly(pts);
  }
  if (shape === "star") {
    var s = r * 0.82, cy = y + 0.1 * s;
    for (k = 0; k < 10; k++) {
      var rr = k % 2 === 0 ? 1.3 * s : 0.5 * s;
      pts.push([x + rr * Math.sin(2 * k * Math.PI / 10), cy - rr * Math.cos(2 * k * Math.PI / 10)]);
    }
    return poly(pts);
  }
  if (shape === "triangle" || shape === "triangleDown") {
    var n = r * 1.15, side = 2 * n, h = Math.sqrt(side * side - n * n), off = Math.sqrt(3) / 6 * side;
    var dir = shape === "triangle" ? 1 : -1, c = y + dir * 0.275 * n;
    return poly([[x, c - dir * (h - off)], [x + n, c + dir * off], [x - n, c + dir * off]]);
  }
  return svg("circle", Object.assign({ cx: round2(x), cy: round2(y), r: round2(r) }, attrs));
}

// the room the title (top), the attribution (bottom) and the page's edge leave the drawing,
// and the legend's column on the right
const TOP = 64, BOTTOM = 44, SIDE = 16, RIGHT = LEGEND_WIDTH + 2 * SIDE;
// a whole-graph export: labels at least this high (pixels of the picture at 1x), the picture
// at most this wide or high (so that 3x stays within what a canvas can hold)
const LEGIBLE_PX = 11, WHOLE_MAX = 4800, WHOLE_MIN = { width: 640, height: 480 };
// a PNG has at most this many pixels (its scale lowered, never below 1x, to keep to it)
const PNG_PIXELS = 64e6;

/* The entities the current view's export keeps in its frame: the selection (an entity with
 * the neighbours its focus leaves undimmed, an explained chain, a relation's two ends). */
function selectionIds() {
  var sel = state.selected;
  if (!sel) return [];
  if (sel.kind === "explain" && state.focus) return Array.from(state.focus.nodes);
  if (sel.kind === "node") return dimmed ? Array.from(dimmed.nodes) : [sel.id];
  if (sel.kind === "edge" && byEdge.has(sel.id)) return [byEdge.get(sel.id).from, byEdge.get(sel.id).to];
  return [];
}

/* The box (canvas units) the entities `ids` take with their labels drawn `px` pixels high at
 * `zoom`, or null for none. */
function drawingBox(ids, zoom, px) {
  var at = network.getPositions(ids);
  var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  ids.forEach(function (id) {
    if (!at[id]) return;
    var r = (nodes.get(id) ? nodes.get(id).size : 0) || 16;
    var lines = wrapped(label(id));
    var half = Math.max(r, (Math.max.apply(null, lines.map(function (l) { return l.length; })) * 0.56 * px / zoom) / 2);
    box.x0 = Math.min(box.x0, at[id].x - half); box.x1 = Math.max(box.x1, at[id].x + half);
    box.y0 = Math.min(box.y0, at[id].y - r); box.y1 = Math.max(box.y1, at[id].y + r + (lines.length * 1.2 + 0.4) * px / zoom);
  });
  return box.x0 === Infinity ? null : box;
}

/* How the drawing maps the graph onto a width x height picture. The current view: as the
 * canvas shows it, moved (and zoomed out where it must be) so that the selection is whole and
 * clear of the title, the legend and the attribution. The whole graph (every entity shown): a
 * picture of the drawing's own proportions around its bounding box, at the layout's own scale
 * (labels 14 px, as the layout spaced them) or, where that would be bigger than WHOLE_MAX, as
 * large as it may be (labels never below LEGIBLE_PX: those without room are left out). */
function exportFrame(scope) {
  var width = container.clientWidth, height = container.clientHeight;
  var zoom, dx, dy, box;
  if (scope !== "whole") {
    zoom = network.getScale();
    var origin = network.canvasToDOM({ x: 0, y: 0 });
    dx = origin.x; dy = origin.y;
    var keep = selectionIds().filter(function (id) { return visible.nodes.has(id); });
    box = keep.length ? drawingBox(keep, zoom, Math.max(14 * zoom, LEGIBLE_PX)) : null;
    if (box) {
      var room = { x0: SIDE, y0: TOP, x1: width - RIGHT, y1: height - BOTTOM };
      var fit = Math.min(1, (room.x1 - room.x0) / (zoom * (box.x1 - box.x0) || 1), (room.y1 - room.y0) / (zoom * (box.y1 - box.y0) || 1));
      if (fit < 1) { // zoomed out about the selection's middle, which then sits in the room's
        zoom *= fit;
        dx = (room.x0 + room.x1) / 2 - zoom * (box.x0 + box.x1) / 2;
        dy = (room.y0 + room.y1) / 2 - zoom * (box.y0 + box.y1) / 2;
      } else { // moved as little as it takes
        dx += Math.max(0, room.x0 - (zoom * box.x0 + dx)) - Math.max(0, zoom * box.x1 + dx - room.x1);
        dy += Math.max(0, room.y0 - (zoom * box.y0 + dy)) - Math.max(0, zoom * box.y1 + dy - room.y1);
      }
    }
    return frameOf(width, height, zoom, dx, dy);
  }
  var ids = Array.from(visible.nodes);
  zoom = 1; // the layout's own scale, at which it kept the labels apart (viz/layout.py)
  box = drawingBox(ids, zoom, Math.max(14 * zoom, LEGIBLE_PX)) || { x0: -1, y0: -1, x1: 1, y1: 1 };
  var bw = Math.max(box.x1 - box.x0, 1), bh = Math.max(box.y1 - box.y0, 1);
  zoom = Math.min(zoom, (WHOLE_MAX - SIDE - RIGHT) / bw, (WHOLE_MAX - TOP - BOTTOM) / bh);
  box = drawingBox(ids, zoom, Math.max(14 * zoom, LEGIBLE_PX)) || box; // the labels' room at that zoom
  bw = Math.max(box.x1 - box.x0, 1); bh = Math.max(box.y1 - box.y0, 1);
  zoom = Math.min(zoom, (WHOLE_MAX - SIDE - RIGHT) / bw, (WHOLE_MAX - TOP - BOTTOM) / bh);
  width = Math.max(WHOLE_MIN.width, Math.ceil(zoom * bw + SIDE + RIGHT));
  height = Math.max(WHOLE_MIN.height, Math.ceil(zoom * bh + TOP + BOTTOM));
  dx = SIDE + ((width - SIDE - RIGHT) - zoom * bw) / 2 - zoom * box.x0;
  dy = TOP + ((height - TOP - BOTTOM) - zoom * bh) / 2 - zoom * box.y0;
  return frameOf(width, height, zoom, dx, dy);
}

function frameOf(width, height, zoom, dx, dy) {
  return { width: width, height: height, zoom: zoom,
    place: function (p) { return { x: zoom * p.x + dx, y: zoom * p.y + dy }; } };
}

/* The entities and relations an export holds: those drawn now (shown, or faded), and for the
 * current view only those it reaches into. */
export function exported(scope, frame) {
  if (lod && scope === "whole") lod.revealAll(); // level of detail: the whole graph is drawn
  frame = frame || exportFrame(scope);
  var inside = function (p, margin) {
    return p.x >= -margin && p.y >= -margin && p.x <= frame.width + margin && p.y <= frame.height + margin;
  };
  var at = network.getPositions();
  var placed = new Map();
  NODES.forEach(function (n) { if (!nodeDrawn.get(n.id).hidden) placed.set(n.id, frame.place(at[n.id])); });
  var nodeIds = Array.from(placed.keys()).filter(function (id) { return scope === "whole" || inside(placed.get(id), 40); });
  var edgeIds = EDGES.filter(function (e) {
    if (edgeDrawn.get(e.id).hidden || !placed.has(e.from) || !placed.has(e.to)) return false;
    return scope === "whole" || inside(placed.get(e.from), 0) || inside(placed.get(e.to), 0);
  }).map(function (e) { return e.id; });
  return { nodes: nodeIds, edges: edgeIds, placed: placed, frame: frame };
}

/* The attribution of the sources, one line each: "Source: Wikipedia: … , CC BY-SA 4.0". */
function attributions() {
  return KG.meta.sources.map(function (src) {
    return t("source") + ": " + src["label_" + state.lang] + (src.licence ? ", " + src.licence : "")
      + (src.url ? " · " + src.url : "");
  });
}

/* The box an entity's label takes in an export (under the entity at `p`, `font` pixels high). */
function labelBox(id, p, font, k) {
  var r = (nodes.get(id).size || 16) * k, lines = wrapped(label(id));
  var w = Math.max.apply(null, lines.map(function (l) { return l.length; })) * 0.6 * font;
  return { x0: p.x - w / 2, x1: p.x + w / 2, y0: p.y + r, y1: p.y + r + (lines.length * 1.2 + 0.3) * font };
}

/* Where (how far down) a relation's label goes in an export: at its edge's middle or up to two lines above or below it, clear of `taken` (the
 * entities, their labels and the labels placed before); null where there is no such place. */
function labelSpot(mid, text, taken) {
  var w = text.length * 0.6 * LEGIBLE_PX, h = LEGIBLE_PX * 1.4;
  var spot = [0, -h, h, -2 * h, 2 * h].find(function (dy) {
    var b = { x0: mid.x - w / 2, x1: mid.x + w / 2, y0: mid.y + dy - h / 2, y1: mid.y + dy + h / 2 };
    return !taken.some(function (o) { return o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1; });
  });
  if (spot === undefined) return null;
  taken.push({ x0: mid.x - w / 2, x1: mid.x + w / 2, y0: mid.y + spot - h / 2, y1: mid.y + spot + h / 2 });
  return spot;
}

/* The entities whose labels an export draws: every one where they are drawn at the screen's
 * size (the zoom makes the usual 14 px font at least LEGIBLE_PX high) unless `always`, else those whose label
 * box (under the entity) covers no label placed before it, the selection first, then the
 * shown before the faded, the biggest first. A grid of CELL pixels finds the neighbours. */
function labelsThatFit(ids, placed, font, k, always) {
  if (14 * k >= LEGIBLE_PX && !always) return new Set(ids);
  var first = new Set(selectionIds());
  var order = ids.slice().sort(function (a, b) {
    return (Number(first.has(b)) - Number(first.has(a))) || (Number(nodeDrawn.get(a).faded) - Number(nodeDrawn.get(b).faded))
      || ((nodes.get(b).size || 0) - (nodes.get(a).size || 0));
  });
  var CELL = 64, grid = new Map(), out = new Set();
  var cells = function (b, add) {
    var found = false;
    for (var cx = Math.floor(b.x0 / CELL); cx <= Math.floor(b.x1 / CELL) && !found; cx++) {
      for (var cy = Math.floor(b.y0 / CELL); cy <= Math.floor(b.y1 / CELL); cy++) {
        var key = cx + "," + cy;
        if (add) { if (!grid.has(key)) grid.set(key, []); grid.get(key).push(b); continue; }
        if ((grid.get(key) || []).some(function (o) { return o.x0 < b.x1 && b.x0 < o.x1 && o.y0 < b.y1 && b.y0 < o.y1; })) { found = true; break; }
      }
    }
    return found;
  };
  order.forEach(function (id) {
    var b = labelBox(id, placed.get(id), font, k);
    if (cells(b, false)) return;
    cells(b, true);
    out.add(id);
  });
  return out;
}

/* The drawing of what the page shows (scope "view" or "whole") as an SVG document built from
 * the node positions and edges, with the title, a legend of what it holds and the source
 * attribution drawn in. */
export function exportSVG(scope) {
  scope = scope || exportScope.value;
  var what = exported(scope);
  var frame = what.frame, k = frame.zoom, placed = what.placed;
  var root = svg("svg", { xmlns: SVG_NS, width: frame.width, height: frame.height,
    viewBox: "0 0 " + frame.width + " " + frame.height, "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" },
  svg("title", { text: KG.meta.title }), svg("rect", { width: frame.width, height: frame.height, fill: "#ffffff" }));
  // labels as the screen draws them, but never below LEGIBLE_PX: where the zoom would make
  // them smaller, they are drawn LEGIBLE_PX high where they cover no other (the selection
  // first, then the biggest entities), and the legend says how many are left out
  var font = Math.max(14 * k, LEGIBLE_PX);
  var named = labelsThatFit(what.nodes, placed, font, k, scope === "whole");
  var taken = what.nodes.filter(function (id) { return !nodeDrawn.get(id).faded; }).map(function (id) {
    var p = placed.get(id), r = (nodes.get(id).size || 16) * k;
    return { x0: p.x - r, x1: p.x + r, y0: p.y - r, y1: p.y + r };
  }).concat(Array.from(named).map(function (id) { return labelBox(id, placed.get(id), font, k); }));
  var edgeLayer = svg("g", { class: "edges", fill: "none" });
  var labelLayer = svg("g", { class: "edge-labels", "font-size": LEGIBLE_PX, fill: "#4a5561", "text-anchor": "middle",
    stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" });
  what.edges.forEach(function (id) {
    var e = byEdge.get(id), drawn = edgeDrawn.get(id);
    var a = placed.get(e.from), b = placed.get(e.to);
    var body = network.body.edges[id];
    var mid = body && body.edgeType ? frame.place(body.edgeType.getPoint(0.5)) : { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    var c = { x: 2 * mid.x - (a.x + b.x) / 2, y: 2 * mid.y - (a.y + b.y) / 2 };
    var colour = edgeColour(e, drawn.faded, drawn.undated);
    var width = Math.max(0.5, (e.width || 1.5) * k);
    var line = svg("path", { class: "edge", "data-id": id, d: "M" + round2(a.x) + " " + round2(a.y) + " Q" + round2(c.x) + " " + round2(c.y) + " " + round2(b.x) + " " + round2(b.y),
      stroke: colour.color, "stroke-opacity": colour.opacity, "stroke-width": round2(width), "stroke-linecap": "round",
      "stroke-dasharray": Array.isArray(e.dashes) ? e.dashes.map(function (d) { return round2(d * k); }).join(" ") : null });
    edgeLayer.append(line);
    if (!e.symmetric) {
      var r = (nodes.get(e.to).size || 16) * k, dx = b.x - c.x, dy = b.y - c.y, len = Math.hypot(dx, dy) || 1;
      var ux = dx / len, uy = dy / len, tip = { x: b.x - ux * r, y: b.y - uy * r }, head = Math.max(4, 9 * k);
      edgeLayer.append(svg("polygon", { class: "arrow", fill: colour.color, "fill-opacity": colour.opacity,
        points: [[tip.x, tip.y], [tip.x - ux * head - uy * head * 0.5, tip.y - uy * head + ux * head * 0.5],
          [tip.x - ux * head + uy * head * 0.5, tip.y - uy * head - ux * head * 0.5]].map(function (p) { return round2(p[0]) + "," + round2(p[1]); }).join(" ") }));
    }
    // the relations' labels the screen shows now (the selection's, labels.js), placed again
    // for the export's own drawing (its zoom and its names), where there is room
    if (labelled.has(id) && !drawn.faded) {
      var text = edgeLabel(e, drawn.undated);
      var down = labelSpot(mid, text, taken);
      if (down !== null) labelLayer.append(svg("text", { x: round2(mid.x), y: round2(mid.y + down + 4), text: text }));
    }
  });
  var nodeLayer = svg("g", { class: "nodes" });
  what.nodes.forEach(function (id) {
    var n = byNode.get(id), vis = nodes.get(id), p = placed.get(id), r = (vis.size || 16) * k;
    var faded = nodeDrawn.get(id).faded;
    var group = svg("g", { class: "node", "data-id": id, opacity: faded ? 0.18 : null },
      shapeOf((TYPES.get(n.type) || { shape: "dot" }).shape, p.x, p.y, r,
        { fill: vis.color.background, stroke: "#2d3a47", "stroke-width": round2(Math.max(0.5, 1.5 * k)) }));
    if (named.has(id)) {
      var text = svg("text", { x: round2(p.x), y: round2(p.y + r + 1.1 * font), "font-size": round2(font), "text-anchor": "middle",
        fill: "#1d2733", stroke: "#ffffff", "stroke-width": round2(font / 5), "paint-order": "stroke" });
      wrapped(label(id)).forEach(function (line, i) {
        text.append(svg("tspan", { x: round2(p.x), dy: i ? round2(1.2 * font) : null, text: line }));
      });
      group.append(text);
    }
    nodeLayer.append(group);
  });
  what.unnamed = what.nodes.length - named.size;
  root.append(edgeLayer, nodeLayer, labelLayer, exportTitle(frame), exportLegend(what, frame), exportCredit(frame));
  return new XMLSerializer().serializeToString(root);
}

/* The title and, under it, what the picture shows (the status line's words without the hints
 * of the screen, focus.js statusText). */
function exportTitle(frame) {
  var status = statusText(true);
  return svg("g", { class: "title" },
    svg("rect", { x: 8, y: 8, width: Math.min(frame.width - 16, 12 + 7 * Math.max(KG.meta.title.length * 1.3, status.length)), height: 44, rx: 4, fill: "#ffffff", "fill-opacity": 0.88 }),
    svg("text", { x: 16, y: 28, "font-size": 16, "font-weight": 700, fill: "#1d2733", text: KG.meta.title }),
    svg("text", { x: 16, y: 44, "font-size": 11, fill: "#4a5561", text: status }));
}

/* What an export shows plainly, for its legend: the entities inside its frame and the
 * relations with an end there, neither faded (a dimmed or filtered-out item drawn pale is
 * not what the picture shows). */
export function shownInFrame(what) {
  var frame = what.frame;
  var inside = function (id) {
    var p = what.placed.get(id);
    return p && p.x >= 0 && p.y >= 0 && p.x <= frame.width && p.y <= frame.height;
  };
  return {
    nodes: what.nodes.filter(function (id) { return !nodeDrawn.get(id).faded && inside(id); }),
    edges: what.edges.filter(function (id) {
      var e = byEdge.get(id);
      return !edgeDrawn.get(id).faded && (inside(e.from) || inside(e.to));
    }),
  };
}

/* The legend of an export: the entity types, the lines of the bases and the relations it
 * draws (the most used first), or the bins of the metric nodes are coloured by. */
function exportLegend(what, frame) {
  /** @type {{kind: string, text: string, shape?: string, color?: string, dashes?: boolean | number[], width?: number}[]} */
  var rows = [];
  var metric = METRICS.get(state.metric);
  var seen = shownInFrame(what);
  var coloured = colourLegendRows(seen.nodes); // colour by an attribute (appearance.js)
  if (coloured) rows.push.apply(rows, coloured);
  else if (state.metric === "type" || !metric) {
    var kinds = new Set(seen.nodes.map(function (id) { return byNode.get(id).type; }));
    KG.types.forEach(function (ty) { if (kinds.has(ty.id)) rows.push({ kind: "shape", shape: ty.shape, color: ty.color, text: typeLabel(ty.id) }); });
  } else {
    var bins = new Set(seen.nodes.map(function (id) { var n = byNode.get(id); return n.looks ? n.looks[state.metric][1] : -1; }));
    rows.push({ kind: "head", text: t("colourBy", { m: metric["label_" + state.lang] }) });
    metric.bins.forEach(function (bin, i) { if (bins.has(i)) rows.push({ kind: "shape", shape: "dot", color: bin.color, text: bin["label_" + state.lang] }); });
  }
  var used = new Map();
  seen.edges.forEach(function (id) { var e = byEdge.get(id); used.set(e.relation, (used.get(e.relation) || 0) + 1); });
  var bases = new Set(seen.edges.map(function (id) { return byEdge.get(id).basis; }));
  KG.bases.forEach(function (b) { if (bases.has(b.id)) rows.push({ kind: "line", color: "#1d2733", dashes: b.dashes, width: b.width, text: basisLabel(b.id) }); });
  var rels = Array.from(used.keys()).sort(function (a, b) { return used.get(b) - used.get(a) || (relLabel(a) < relLabel(b) ? -1 : 1); });
  var room = Math.min(LEGEND_RELATIONS, Math.max(0, Math.floor((frame.height - 130) / 15) - rows.length - 1));
  rels.slice(0, room).forEach(function (r) {
    rows.push({ kind: "line", color: (REL.get(r) || { color: "#666" }).color, dashes: false, width: 3, text: relLabel(r) });
  });
  if (rels.length > room) rows.push({ kind: "head", text: t("moreRelations", { n: rels.length - room }) });
  if (what.unnamed) rows.push({ kind: "head", text: t("exportMoreNames", { n: what.unnamed }) });
  rows.forEach(function (r) { if (r.text.length > 30) r.text = r.text.slice(0, 29) + "…"; });
  var boxW = LEGEND_WIDTH, boxH = 10 + rows.length * 15, x0 = frame.width - 8 - boxW, y0 = 60;
  var group = svg("g", { class: "legend", "font-size": 11, fill: "#1d2733" },
    svg("rect", { x: x0, y: y0, width: round2(boxW), height: boxH, rx: 4, fill: "#ffffff", "fill-opacity": 0.88, stroke: "#d5dbe1" }));
  rows.forEach(function (r, i) {
    var y = y0 + 14 + i * 15;
    if (r.kind === "shape") group.append(shapeOf(r.shape, x0 + 14, y - 4, 5, { fill: r.color, stroke: "#2d3a47", "stroke-width": 0.8 }));
    if (r.kind === "line") {
      group.append(svg("line", { x1: x0 + 6, y1: y - 4, x2: x0 + 24, y2: y - 4, stroke: r.color, "stroke-width": r.width, "stroke-linecap": "round",
        "stroke-dasharray": Array.isArray(r.dashes) ? r.dashes.join(" ") : null }));
    }
    group.append(svg("text", { x: r.kind === "head" ? x0 + 6 : x0 + 30, y: y, "font-weight": r.kind === "head" ? 600 : null, text: r.text }));
  });
  return group;
}

function exportCredit(frame) {
  var lines = attributions();
  var group = svg("g", { class: "attribution", "font-size": 11, fill: "#1d2733", "text-anchor": "end" });
  var widest = lines.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
  group.append(svg("rect", { x: round2(frame.width - 16 - widest * 6), y: frame.height - 10 - lines.length * 14 - 6, width: round2(widest * 6 + 8), height: lines.length * 14 + 8, rx: 4, fill: "#ffffff", "fill-opacity": 0.88 }));
  lines.forEach(function (line, i) {
    group.append(svg("text", { x: frame.width - 12, y: frame.height - 12 - (lines.length - 1 - i) * 14, text: line }));
  });
  return group;
}

/* Offer `blob` as a download called `name`. */
function download(blob, name) {
  var url = URL.createObjectURL(blob);
  var link = el("a", { download: name });
  link.setAttribute("href", url); // a blob: URL the page made, not a link from the data
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  announce(t("exported", { file: name }));
  return name;
}

/* The export drawing as a PNG `scale` (2 or 3) times its size (the view's, or the whole
 * graph's drawing, exportFrame), at most PNG_PIXELS: the SVG drawn into a canvas. Resolves to
 * {name, width, height}, once the download is offered. */
export function exportPNG(scope, scale) {
  scale = Math.min(3, Math.max(2, Number(scale || exportScale.value) || 2));
  var text = exportSVG(scope);
  return new Promise(function (resolve, reject) {
    var image = new window.Image();
    image.onload = function () {
      // a whole big graph at 3x would be a canvas of hundreds of megabytes: at most PNG_PIXELS
      scale = Math.max(1, Math.min(scale, Math.sqrt(PNG_PIXELS / (image.width * image.height))));
      var out = document.createElement("canvas");
      out.width = Math.round(image.width * scale);
      out.height = Math.round(image.height * scale);
      var ctx = out.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, image.width, image.height);
      out.toBlob(function (blob) {
        resolve({ name: download(blob, "stalin-kg.png"), width: out.width, height: out.height });
      }, "image/png");
    };
    image.onerror = function () { reject(new Error("the drawing could not be rendered")); };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  });
}

/* The relations the export holds as CSV, with the columns of `kg export --format csv`
 * (KG.meta.csv_columns), labels in the page's language; RFC 4180 (CRLF rows, a field with a
 * comma, quote or line break quoted). */
export function exportCSV(scope) {
  var what = exported(scope || exportScope.value);
  var field = function (value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  var lines = [KG.meta.csv_columns.map(field).join(",")];
  what.edges.forEach(function (id) {
    var e = byEdge.get(id);
    var row = {
      source: e.from, source_label: label(e.from), relation: e.relation, relation_label: relLabel(e.relation),
      target: e.to, target_label: label(e.to), start: e.start, end: e.end, point_in_time: e.point,
      sentence: e.sentence, quote: e.quote, statement: e.id, basis: e.basis, inferred_part: e.inferred_part,
      claimant: e.claimant ? e.claimant.id : null, claimant_label: e.claimant ? claimantName(e.claimant) : null, note: e.note,
    };
    lines.push(KG.meta.csv_columns.map(function (c) { return field(row[c]); }).join(","));
  });
  return lines.join("\r\n") + "\r\n";
}

export function init() {

  document.getElementById("fit").addEventListener("click", late.fit);
  document.getElementById("reset").addEventListener("click", late.reset);
  document.getElementById("stabilise").addEventListener("click", late.stabilise);
  document.getElementById("png").addEventListener("click", function () { exportPNG(); });
  document.getElementById("svg").addEventListener("click", function () {
    download(new Blob([exportSVG()], { type: "image/svg+xml" }), "stalin-kg.svg");
  });
  document.getElementById("csv").addEventListener("click", function () {
    download(new Blob([exportCSV()], { type: "text/csv;charset=utf-8" }), "stalin-kg.csv");
  });
}
