/* Filters in the drawing: what passes them (rules.js, and an attribute's range), sent to
 * vis-network as only what changed, with the selected entity's neighbourhood undimmed. */
import { inRange } from "./attributes.js";
import { pageAttribute } from "./attrs.js";
import { edges, nodeFont, nodes } from "./draw.js";
import { t } from "./messages.js";
import { relLabel } from "./names.js";
import { EDGES, LARGE, NODES, REL, byNode } from "./page.js";
import { passes } from "./rules.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ edgeColour });

// ------------------------------------------------------------------ filters and focus
/* What passes the filters now (rules.js: passes), with the range of state.range. */
export function passing() {
  return passes(NODES, EDGES, byNode, state, rangeKeeps());
}

/** Whether an entity lies in the range chosen (state.range), or null without a range. */
export function rangeKeeps() {
  var range = state.range, attr = range ? pageAttribute(range.attr) : null;
  if (!range || !attr) return null;
  return function (n) { return inRange(attr.values.get(n.id), range.from, range.to); };
}

// what each item is drawn as now ({hidden, faded, undated, lang}): everything starts shown
// (level of detail: what is not drawn yet counts as hidden)
export let nodeDrawn;
export let edgeDrawn;
export let visible;
export let dimmed = null; // the selected entity's neighbourhood, when the rest is dimmed
// an undated relation in the "as of" view is drawn at this share of the usual opacity (its
// dash pattern says its basis, so "undated" cannot be a dash pattern too)
export const UNDATED_OPACITY = 0.5;

export function edgeLabel(e, undated) {
  return relLabel(e.relation) + (undated ? t("undatedMark") : "");
}

/* The relation's colour; faded by the filters, or paler when undated in the "as of" view. */
export function edgeColour(e, faded, undated) {
  var c = REL.get(e.relation) ? REL.get(e.relation).color : "#666666";
  var opacity = faded ? 0.08 : (LARGE ? 0.4 : 0.85) * (undated ? UNDATED_OPACITY : 1);
  return { color: c, highlight: c, hover: c, opacity: opacity };
}

/* Bring the drawing in line with the filters. Only what changed is sent to vis-network
 * (a property update of 15,000 edges costs about a second; a "hidden" flag alone, less). */
export function apply() {
  var pass = passing();
  // an explained pair's chains were found over other relations: find them again over these
  // (or say why there are none), so no chain runs through a relation the filters hide
  if (state.ends && state.explainedOver && !sameSet(state.explainedOver, pass.edges)) late.reExplain();
  var focus = state.focus;
  var fade = state.mode === "fade";
  var nodeUpdates = [];
  var edgeUpdates = [];
  visible = { nodes: new Set(), edges: new Set(), degree: pass.degree };
  var sel = state.selected;
  dimmed = !focus && sel && sel.kind === "node" && state.focusDepth > 0 && pass.nodes.has(sel.id)
    ? late.neighbourhood(sel.id, state.focusDepth, pass) : null;
  NODES.forEach(function (n) {
    if (late.lod && !late.lod.has(n.id)) return; // level of detail: not drawn yet
    var on = pass.nodes.has(n.id);
    if (focus) on = focus.nodes.has(n.id) && (on || focus.force);
    if (on) visible.nodes.add(n.id);
    var dim = on && dimmed !== null && !dimmed.nodes.has(n.id);
    var want = { hidden: !on && !fade, faded: (!on && fade) || dim };
    var was = nodeDrawn.get(n.id);
    var update = { id: n.id };
    var changed = false;
    if (want.hidden !== was.hidden) { update.hidden = want.hidden; changed = true; }
    if (want.faded !== was.faded) {
      update.opacity = want.faded ? 0.18 : 1;
      // (a faded label in a big graph: its opacity alone, a font update costs too much there)
      if (!LARGE) update.font = nodeFont(n, want.faded);
      changed = true;
    }
    if (changed) { nodeDrawn.set(n.id, want); nodeUpdates.push(update); }
  });
  EDGES.forEach(function (e) {
    if (late.lod && !late.lod.hasEdge(e.id)) return; // level of detail: not drawn yet
    var on = pass.edges.has(e.id);
    if (focus) on = focus.edges.has(e.id) && (on || focus.force);
    if (on) visible.edges.add(e.id);
    var dim = on && dimmed !== null && !dimmed.edges.has(e.id);
    var want = { // in big graphs a faded edge is as good as hidden, and much cheaper
      hidden: (!on && (!fade || LARGE)) || (dim && LARGE), faded: ((!on && fade) || dim) && !LARGE,
      undated: on && state.year !== null && !e.years,
    };
    var was = edgeDrawn.get(e.id);
    var update = { id: e.id };
    var changed = false;
    if (want.hidden !== was.hidden) { update.hidden = want.hidden; changed = true; }
    if (want.faded !== was.faded || want.undated !== was.undated) {
      update.color = edgeColour(e, want.faded, want.undated);
      changed = true;
    }
    if (changed) { edgeDrawn.set(e.id, want); edgeUpdates.push(update); }
  });
  if (nodeUpdates.length || edgeUpdates.length) {
    late.batch(function () {
      if (nodeUpdates.length) nodes.update(nodeUpdates);
      if (edgeUpdates.length) edges.update(edgeUpdates);
    });
  }
  late.updateStatus();
  late.relabel();
  if (!state.selected && late.started) late.showIntro(); // the most connected, as the filters leave them
  if (late.started) late.refreshViews();
  late.remember(false);
}

/** @param {Set<string>} a @param {Set<string>} b */
function sameSet(a, b) {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function init() {
  nodeDrawn = new Map(NODES.map(function (n) { return [n.id, { hidden: !!late.lod && !late.lod.has(n.id), faded: false }]; }));
  edgeDrawn = new Map(EDGES.map(function (e) {
    return [e.id, { hidden: !!late.lod && !late.lod.hasEdge(e.id), faded: false, undated: false }];
  }));
  visible = { nodes: new Set(), edges: new Set(), degree: new Map() };
}
