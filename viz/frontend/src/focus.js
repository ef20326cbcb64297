/* Focus: the status line, a selected entity's neighbourhood, and fitting the view to a set
 * of entities or an explained chain. */
import { network } from "./draw.js";
import { apply, dimmed, edgeDrawn, nodeDrawn, passing, visible } from "./filters.js";
import { focusSelect } from "./legend.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { label } from "./names.js";
import { EDGES, NODES, adjacency, animation, byEdge, byNode } from "./page.js";
import { state } from "./state.js";
import { provide } from "./late.js";

// what modules below this one call (late.js)
provide({ neighbourhood, updateStatus, setFocusDepth });

/* The status line: in "hide" mode what is shown; in "fade" mode what is drawn and how much of
 * it faded (counted from what was sent to vis-network); the year, the basis, the focus. */
export function updateStatus() {
  document.getElementById("status").textContent = statusText(false);
}

/* The status line's words; for a picture (`paper`: an export's subtitle) without what only the
 * screen needs (Esc, the level of detail's "zoom in"). */
export function statusText(paper) {
  var text;
  if (state.mode === "fade") {
    var drawn = { n: 0, fn: 0, e: 0, fe: 0 };
    nodeDrawn.forEach(function (d) { if (!d.hidden) { drawn.n++; if (d.faded) drawn.fn++; } });
    edgeDrawn.forEach(function (d) { if (!d.hidden) { drawn.e++; if (d.faded) drawn.fe++; } });
    text = t("statusFade", { dn: drawn.n, N: NODES.length, de: drawn.e, E: EDGES.length, fn: drawn.fn, fe: drawn.fe });
  } else {
    text = t("status", { n: visible.nodes.size, N: NODES.length, e: visible.edges.size, E: EDGES.length });
  }
  if (state.year !== null) {
    text += t("statusYear", { y: state.year });
    var undated = 0;
    visible.nodes.forEach(function (id) { if (!byNode.get(id).years) undated++; });
    text += t("statusUndated", { u: undated });
  }
  if (state.statedOnly) text += t("statusStated");
  if (dimmed) {
    var focus = { k: dimmed.nodes.size, d: state.focusDepth, name: label(state.selected.id) };
    text += paper ? t("statusFocusExport", focus) : t("statusFocus", focus);
  }
  if (lod && !paper) text += lod.statusNote(); // level of detail
  return text;
}

/* The entities and relations within `depth` steps of `id` over what passes the filters. */
export function neighbourhood(id, depth, pass) {
  pass = pass || passing();
  var seenNodes = new Set([id]);
  var seenEdges = new Set();
  var frontier = [id];
  for (var d = 0; d < depth; d++) {
    var next = [];
    frontier.forEach(function (u) {
      adjacency.get(u).forEach(function (eid) {
        if (!pass.edges.has(eid)) return;
        var e = byEdge.get(eid);
        var v = e.from === u ? e.to : e.from;
        seenEdges.add(eid);
        if (!seenNodes.has(v)) { seenNodes.add(v); next.push(v); }
      });
    });
    frontier = next;
  }
  return { nodes: seenNodes, edges: seenEdges, force: false };
}

export function setFocusDepth(depth) {
  state.focusDepth = Math.max(0, Math.min(2, Number(depth) || 0));
  focusSelect.value = String(state.focusDepth);
  apply();
  if (dimmed) fitTo(dimmed.nodes);
}

export function fitTo(ids) {
  network.fit({ nodes: lod ? lod.onlyIds(ids) : Array.from(ids), animation: animation(400), maxZoomLevel: 1.5 }); // level of detail
}

export function setFocus(focus) {
  state.focus = focus;
  apply();
  if (focus) {
    var ids = lod ? lod.onlyIds(focus.nodes) : Array.from(focus.nodes); // level of detail
    network.fit({ nodes: ids, animation: animation(400), maxZoomLevel: 1.5 });
  }
}
