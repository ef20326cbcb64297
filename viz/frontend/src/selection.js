/* Selection: an entity (moved to, its relations labelled) or a relation, and clearing it. */
import { announce } from "./dom.js";
import { network } from "./draw.js";
import { apply, visible } from "./filters.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { label, relLabel, typeLabel } from "./names.js";
import { adjacency, animation, byEdge, byNode } from "./page.js";
import { state } from "./state.js";
import { late } from "./late.js";

// ------------------------------------------------------------------ selection
/* Select an entity: its panel, everything beyond state.focusDepth steps dimmed, the view
 * moved to it (unless `move` is false), a new entry in the browser's history. */
export function selectNode(id, move) {
  if (!byNode.has(id)) return false;
  late.navigate(function () {
    if (lod && !lod.has(id)) lod.expand(id); // level of detail: brought in with its neighbours
    state.selected = { kind: "node", id: id };
    network.selectNodes([id]);
    late.showNode(id);
    apply();
    late.setCursor(null);
    announce(t("announceNode", { name: label(id), type: typeLabel(byNode.get(id).type), k: adjacency.get(id).length }));
    if (move !== false) {
      network.focus(id, { scale: focusScale(id), animation: animation(400) });
    }
  });
  return true;
}

/* The zoom a selected entity is moved to: at least 1 (or the zoom now, when closer), zoomed
 * out as far as it takes to show its neighbours around it, the entity in the middle (their
 * names are drawn whatever the zoom, callouts.js). */
function focusScale(id) {
  var want = Math.max(network.getScale(), 1.0);
  var box = network.body.container;
  var half = { x: box.clientWidth / 2 - 60, y: box.clientHeight / 2 - 40 };
  if (half.x <= 0 || half.y <= 0) return want;
  var ids = [id];
  adjacency.get(id).forEach(function (eid) {
    var e = byEdge.get(eid);
    if (visible.edges.has(eid)) ids.push(e.from === id ? e.to : e.from);
  });
  if (lod) ids = lod.onlyIds(ids); // level of detail
  var at = network.getPositions(ids);
  if (!at[id]) return want;
  ids.forEach(function (v) {
    if (!at[v]) return;
    var dx = Math.abs(at[v].x - at[id].x), dy = Math.abs(at[v].y - at[id].y);
    if (dx > 0) want = Math.min(want, half.x / dx);
    if (dy > 0) want = Math.min(want, half.y / dy);
  });
  return want;
}

export function selectEdge(id) {
  if (!byEdge.has(id)) return false;
  late.navigate(function () {
    if (lod) lod.reveal([byEdge.get(id).from, byEdge.get(id).to]); // level of detail
    state.selected = { kind: "edge", id: id };
    network.setSelection({ nodes: [], edges: [id] });
    late.showEdge(id);
    apply();
    late.setCursor(null);
    var e = byEdge.get(id);
    announce(t("announceEdge", { rel: relLabel(e.relation), from: label(e.from), to: label(e.to) }));
  });
  return true;
}

/* Nothing selected (Esc, a click on the background): nothing dimmed, the overview panel. */
export function clearSelection() {
  late.navigate(function () {
    if (state.selected && state.selected.kind === "explain") late.dropChains();
    var had = state.selected !== null;
    state.selected = null;
    late.setCursor(null);
    network.unselectAll();
    apply();
    late.showIntro();
    if (had) announce(t("announceClosed"));
  });
}

export function init() {

  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });
}
