/* The graph by keyboard: a cursor over the entities in view (arrow keys, Enter, Escape), a
 * steady zoom on + and -, panning, and the skip link. */
import { announce } from "./dom.js";
import { container, network, nodes } from "./draw.js";
import { visible } from "./filters.js";
import { t } from "./messages.js";
import { label, relLabelFrom, typeLabel } from "./names.js";
import { adjacency, byEdge, byNode } from "./page.js";
import { selectNode } from "./selection.js";
import { state } from "./state.js";
import { setView } from "./tables.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ setCursor });

// ------------------------------------------------------------------ keyboard on the graph
/* The entity the arrow keys have marked (drawn with a ring; Enter opens it), or null. The
 * arrow keys step through the selected entity's neighbours among those shown, clockwise
 * from twelve o'clock; with nothing selected, through the entities shown, most connected
 * first. */
export let cursor = null;

/** Put the keyboard's cursor on an entity (null: nowhere). @param {string | null} id */
export function setCursor(id) { cursor = id; }
// + and - zoom by ZOOM_STEP a key press, at most one step every ZOOM_INTERVAL milliseconds
// however fast the keyboard repeats, between ZOOM_MIN and ZOOM_MAX
const ZOOM_STEP = 1.25, ZOOM_INTERVAL = 120, ZOOM_MIN = 0.05, ZOOM_MAX = 4;
let lastZoom = -Infinity;
const PAN_STEP = 80;

export function cursorRing() {
  return cursor && visible.nodes.has(cursor) ? cursor : null;
}

/* What the arrow keys step through now, in order, and the entity they step around. */
function stops() {
  var sel = state.selected;
  if (sel && sel.kind === "node" && visible.nodes.has(sel.id)) {
    var centre = network.getPositions([sel.id])[sel.id];
    var near = new Map();
    adjacency.get(sel.id).forEach(function (eid) {
      if (!visible.edges.has(eid)) return;
      var e = byEdge.get(eid);
      var other = e.from === sel.id ? e.to : e.from;
      if (other !== sel.id && !near.has(other)) near.set(other, e);
    });
    var ids = Array.from(near.keys());
    var at = network.getPositions(ids);
    var angle = function (id) {
      var a = Math.atan2(at[id].x - centre.x, centre.y - at[id].y);
      return a < 0 ? a + 2 * Math.PI : a;
    };
    ids.sort(function (a, b) { return angle(a) - angle(b) || (a < b ? -1 : 1); });
    return { centre: sel.id, ids: ids, via: near };
  }
  var degree = visible.degree;
  var all = Array.from(visible.nodes).sort(function (a, b) {
    return (degree.get(b) || 0) - (degree.get(a) || 0) || (label(a) < label(b) ? -1 : 1);
  });
  return { centre: null, ids: all, via: null };
}

function moveCursor(step) {
  var s = stops();
  if (!s.ids.length) { cursor = null; announce(t("kbdNone")); network.redraw(); return; }
  var i = s.ids.indexOf(cursor);
  i = i < 0 ? (step > 0 ? 0 : s.ids.length - 1) : (i + step + s.ids.length) % s.ids.length;
  cursor = s.ids[i];
  var n = byNode.get(cursor);
  var words = { name: label(cursor), type: typeLabel(n.type), i: i + 1, n: s.ids.length };
  if (s.centre) {
    words.rel = relLabelFrom(s.via.get(cursor), s.centre);
    words.centre = label(s.centre);
  }
  announce(s.centre ? t("kbdNeighbour", words) : t("kbdHub", words));
  var p = network.getPositions([cursor])[cursor];
  var box = container.getBoundingClientRect();
  var dom = network.canvasToDOM(p);
  if (dom.x < 40 || dom.y < 40 || dom.x > box.width - 40 || dom.y > box.height - 40) {
    network.moveTo({ position: p, animation: false });
  }
  network.redraw();
}

/* Zoom in (direction 1) or out (-1) one step around the middle of the view; for a key
 * (`keyed`), not when the last key's step was less than ZOOM_INTERVAL ago. Returns whether
 * it zoomed. */
function zoomStep(direction, keyed) {
  var now = window.performance.now();
  if (keyed && now - lastZoom < ZOOM_INTERVAL) return false;
  if (keyed) lastZoom = now;
  var scale = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, network.getScale() * Math.pow(ZOOM_STEP, direction)));
  network.moveTo({ scale: scale, animation: false });
  announce(t("announceZoom", { z: scale.toFixed(2) }));
  return true;
}

function pan(dx, dy) {
  var at = network.getViewPosition();
  var scale = network.getScale();
  network.moveTo({ position: { x: at.x + dx / scale, y: at.y + dy / scale }, animation: false });
}

export function setExplainEnd(inputId, id) {
  var input = document.getElementById(inputId);
  input.value = label(id);
  input.dataset.id = id;
  var other = document.getElementById(inputId === "explain-a" ? "explain-b" : "explain-a");
  if (other.value.trim()) late.runExplain();
}

export function init() {

  network.on("afterDrawing", function (ctx) {
    var id = cursorRing();
    if (!id) return;
    var p = network.getPositions([id])[id];
    var size = (nodes.get(id) || {}).size || 16;
    ctx.save();
    ctx.strokeStyle = "#2b5aa6";
    ctx.lineWidth = 3 / Math.max(network.getScale(), 0.3);
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.arc(p.x, p.y, size + 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  });

  container.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var arrows = { ArrowRight: [1, PAN_STEP, 0], ArrowDown: [1, 0, PAN_STEP], ArrowLeft: [-1, -PAN_STEP, 0], ArrowUp: [-1, 0, -PAN_STEP] };
    if (ev.key in arrows) {
      var a = arrows[ev.key];
      if (ev.shiftKey) pan(a[1], a[2]); else moveCursor(a[0]);
    } else if (ev.key === "Enter" || ev.key === " ") {
      if (!cursorRing()) return;
      selectNode(cursorRing(), false);
    } else if (ev.key === "+" || ev.key === "=") {
      zoomStep(1, true);
    } else if (ev.key === "-" || ev.key === "_") {
      zoomStep(-1, true);
    } else if (ev.key === "0") {
      late.fit();
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  });
  document.getElementById("zoom-in").addEventListener("click", function () { zoomStep(1); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomStep(-1); });
  document.getElementById("skip").addEventListener("click", function () {
    if (state.view !== "graph") setView("graph");
    container.focus();
  });
}
