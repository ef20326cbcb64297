/* Drawing: the vis-network records of entities and relations (colour, size, font by the
 * metric and the zoom), their data sets, and the network itself (window.network). */
import { t } from "./messages.js";
import { basisText, label, relLabel, typeLabel } from "./names.js";
import { EDGES, LARGE, NODES, OPTIONS, TYPES, timings } from "./page.js";
import { late } from "./late.js";

// ------------------------------------------------------------------ the network
export const container = document.getElementById("mynetwork");
// vis-network gets only what it draws; the evidence stays in NODES/EDGES (byNode, byEdge).
export function nodeColour(type) {
  return fillColour((TYPES.get(type) || { color: "#8c8c8c" }).color);
}

export function fillColour(c) {
  return { background: c, border: "#2d3a47", highlight: { background: c, border: "#000000" },
    hover: { background: c, border: "#000000" } };
}

// the usual label font (canvas pixels) and wrapping width; the most connected entities have
// bigger fonts (n.font, from viz.data.LABEL_TIERS), so the first view can show their names
export const LABEL_FONT = 14, LABEL_WRAP = 150;

// a bigger font is drawn at most LABEL_MAX_PX screen pixels high (never below LABEL_FONT)
const LABEL_MAX_PX = 18;

export function labelFont(n) { return n.font || LABEL_FONT; }

/* The font a label is drawn with at the current zoom: a bigger font only as big as it
 * needs to be read, no bigger on screen than LABEL_MAX_PX. */
export function drawnFont(n) {
  var font = labelFont(n);
  if (font === LABEL_FONT || !network) return font;
  return Math.max(LABEL_FONT, Math.min(font, Math.round(2 * LABEL_MAX_PX / network.getScale()) / 2));
}

/* A node's label font for vis-network: its size, and its colour (paler when faded). */
export function nodeFont(n, faded) {
  return { size: drawnFont(n), color: faded ? "rgba(29,39,51,0.25)" : "#1d2733" };
}

export function visNode(n) {
  var ty = TYPES.get(n.type) || { shape: "dot" };
  var item = {
    id: n.id, label: label(n.id), x: n.x, y: n.y, size: n.size, shape: ty.shape,
    color: nodeColour(n.type), title: label(n.id) + " · " + typeLabel(n.type),
  };
  if (labelFont(n) !== LABEL_FONT) {
    item.font = nodeFont(n, false);
    if (!LARGE) item.widthConstraint = { maximum: Math.round(LABEL_WRAP * labelFont(n) / LABEL_FONT) };
  }
  if (n.type === "Document") item.shapeProperties = { borderDashes: [4, 3] };
  return item;
}

/* An edge as vis-network draws it: the relation's colour, the line of its basis (dashes and
 * width, from the Python side's BASIS_STYLES), an arrow unless it is mutual. */
export function visEdge(e) {
  var item = {
    id: e.id, from: e.from, to: e.to, label: "",
    arrows: { to: { enabled: !e.symmetric } },
    color: late.edgeColour(e, false, false),
    dashes: e.dashes || false,
    title: relLabel(e.relation) + (e.sentence !== null ? " · " + t("sentence") + " " + e.sentence : "")
      + (e.basis && e.basis !== "stated" ? " · " + basisText(e) : ""),
  };
  if (e.width) item.width = e.width;
  if (e.smooth) item.smooth = e.smooth;
  return item;
}

export let nodes; // level of detail
export let edges;
export let network;

export function init() {
  nodes = new vis.DataSet((late.lod ? late.lod.onlyNodes(NODES) : NODES).map(visNode));
  edges = new vis.DataSet((late.lod ? late.lod.onlyEdges(EDGES) : EDGES).map(visEdge));
  timings.datasets = window.performance.now();
  network = new vis.Network(container, { nodes: nodes, edges: edges }, OPTIONS);
  window.network = network;
  // one tab stop for the graph: the container (the page's keys), not vis-network's frame too
  container.querySelectorAll("[tabindex]").forEach(function (node) { node.setAttribute("tabindex", "-1"); });
  // a tooltip is for a pointer that hovers: after a tap (a finger, which never moves away as a
  // mouse does) vis-network would leave one standing over the entity, even over another tab
  var pointer = "mouse";
  container.addEventListener("pointerdown", function (ev) { pointer = ev.pointerType; }, true);
  container.addEventListener("pointermove", function (ev) { if (ev.pointerType !== "touch") pointer = ev.pointerType; }, true);
  network.on("showPopup", function () { if (pointer === "touch") hideTooltip(); });
  timings.network = window.performance.now();
}

/* Hide vis-network's tooltip, if one stands (a tap left it, or the graph is covered). */
export function hideTooltip() {
  var tip = /** @type {HTMLElement | null} */ (container.querySelector(".vis-tooltip"));
  if (tip) tip.style.visibility = "hidden";
}
