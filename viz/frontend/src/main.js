/* The page's scripting API (window.kgViewer, docs/reference/viewer-api.md) and the start:
 * the side bar built, the first view drawn, the address restored. */
import { restoreView, start, viewHash } from "./address.js";
import { network } from "./draw.js";
import { selectionCounts, shownNames } from "./callouts.js";
import { buildNames, explain, runExplain, setAvoid } from "./explain.js";
import { exportCSV, exportPNG, exportSVG, exported } from "./export.js";
import { apply, dimmed, visible } from "./filters.js";
import { setFocusDepth } from "./focus.js";
import { cursorRing } from "./keys.js";
import { labelScale, labelled, labelsDrawn, relabelQueued } from "./labels.js";
import { buildControls, langSelect, setLang, translatePage } from "./lang.js";
import { setMetric, setMode, setStatedOnly } from "./legend.js";
import { listen, lod } from "./lod.js";
import { KG, timings } from "./page.js";
import { showIntro } from "./panel.js";
import { showInText } from "./reading.js";
import { keyed, nameRank, norm } from "./rule.js";
import { search, searchStatements } from "./search.js";
import { clearSelection, selectEdge, selectNode } from "./selection.js";
import { state } from "./state.js";
import { setView, tableRows } from "./tables.js";
import { play, setYear, setupYears, stopPlaying } from "./time.js";
import { late } from "./late.js";
import { followMetric, setAppearance, setRange } from "./appearance.js";
import { pageAttributes } from "./attrs.js";
import { kept, resetLayout, running, startLayout, stopLayout } from "./layoutrun.js";

// ------------------------------------------------------------------ start
export let api;

export function init() {
  api = {
    ready: false,
    readyAt: null,
    stabilised: 0, // how many stabilisations have finished
    timings: timings,
    state: state,
    search: search,
    searchStatements: searchStatements,
    normalise: norm,
    // the rank of the name rule (graph.names.rank) of `name` for `query`, null for no match
    rank: function (query, name) {
      var q = norm(query), r = q ? nameRank(q, q.split(" "), keyed(norm(name))) : -1;
      return r < 0 ? null : r;
    },
    select: function (id) { return selectNode(id, true); },
    selectEdge: selectEdge,
    clearSelection: clearSelection,
    explain: function (a, b) {
      document.getElementById("explain-a").value = a;
      document.getElementById("explain-b").value = b;
      delete document.getElementById("explain-a").dataset.id;
      delete document.getElementById("explain-b").dataset.id;
      return runExplain();
    },
    chains: explain,
    avoid: function (ids) { setAvoid(ids || []); },
    setYear: setYear,
    play: play,
    stop: stopPlaying,
    setStatedOnly: setStatedOnly,
    setLang: setLang,
    setMode: setMode,
    setMetric: function (id) { setMetric(id); followMetric(); },
    setFocusDepth: setFocusDepth,
    /* Colour by an attribute and size by a numeric one (null: as the metric says). */
    setAppearance: setAppearance,
    /* Show only the entities whose attribute lies in a range ({attr, from, to}; null: none). */
    setRange: function (range) { setRange(range); late.remember(false); },
    /* The attributes: each entity's value of each ({id: {kind, values: {entity: value}}}). */
    attributes: function () {
      return Object.fromEntries(Array.from(pageAttributes().values(), function (a) {
        return [a.id, { kind: a.kind, values: Object.fromEntries(a.values) }];
      }));
    },
    /* ForceAtlas2 in a worker: start, stop (its positions kept), reset (the computed layout). */
    layout: {
      start: startLayout, stop: stopLayout, reset: resetLayout,
      running: running, kept: kept,
    },
    setFocus: function (id, depth) {
      if (depth !== undefined) setFocusDepth(depth);
      if (id) selectNode(id, true); else clearSelection();
    },
    reset: late.reset,
    exportPNG: exportPNG,
    exportSVG: exportSVG,
    exportCSV: exportCSV,
    exported: function (scope) {
      var what = exported(scope);
      return { nodes: what.nodes, edges: what.edges, width: what.frame.width, height: what.frame.height };
    },
    cursor: function () { return cursorRing(); },
    setView: setView,
    showInText: showInText,
    /* The ids of a table's rows, in the order listed ("entities" or "relations"). */
    tableRows: function (name) { return tableRows(name).map(function (item) { return item.id; }); },
    /* The edges with a label now, and the label each has. */
    /* Whether the labels are placed for the zoom of the view and drawn. */
    labelsSettled: function () { return labelScale === network.getScale() && !relabelQueued && labelsDrawn; },
    edgeLabels: function () {
      return Object.fromEntries(Array.from(labelled, function (kv) { return [kv[0], kv[1].text]; }));
    },
    /* The selection's names drawn now: entity id -> {text, box, by} (callouts.js). */
    selectionNames: shownNames,
    /* How many of the selected entity's neighbours are named and relations labelled now. */
    selectionCounts: selectionCounts,
    /* Each shown entity's relations among what the filters show: [[id, n], ...]. */
    visibleDegree: function () { return Array.from(visible.degree); },
    viewHash: viewHash,
    visible: function () {
      return { nodes: Array.from(visible.nodes), edges: Array.from(visible.edges) };
    },
    /* What a selected entity's focus leaves undimmed (null: nothing is dimmed). */
    focused: function () {
      return dimmed ? { nodes: Array.from(dimmed.nodes), edges: Array.from(dimmed.edges) } : null;
    },
  };
  window.kgViewer = api;
  if (lod) api.lod = lod; // level of detail
  listen();

  langSelect.value = state.lang;
  setupYears();
  translatePage();
  buildControls();
  if (lod) lod.whenIdle(buildNames); else buildNames(); // level of detail: after the first frame
  apply();
  showIntro();
  timings.ui = window.performance.now();
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = timings.drawn = window.performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
  late.overview(false);
  start();
  if (window.location.hash.length > 1) restoreView();
  else if (KG.meta.year !== null && KG.meta.year !== undefined) setYear(KG.meta.year);
}
