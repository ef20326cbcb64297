/* The address: the view kept in the URL's fragment (view.js encodes and decodes it), history
 * entries for selections, and the view restored on opening and on back and forward. */
import { setAppearance, setRange } from "./appearance.js";
import { buildAvoid, dropChains, runExplain } from "./explain.js";
import { apply } from "./filters.js";
import { setLang } from "./lang.js";
import { buildRelations, buildTypes, focusSelect, setMetric, statedOnlyBox } from "./legend.js";
import { label } from "./names.js";
import { KG, NODES, byEdge, byNode } from "./page.js";
import { clearSelection, selectEdge, selectNode } from "./selection.js";
import { state } from "./state.js";
import { setView } from "./tables.js";
import { setYear, stopPlaying } from "./time.js";
import { decodeView, encodeView } from "./view.js";
import { provide } from "./late.js";

// what modules below this one call (late.js)
provide({ navigate, remember }, { started: () => started });

// ------------------------------------------------------------------ the address: a shareable view
/* The view in the URL's fragment, as URLSearchParams: node or edge (the selection), year,
 * hideRel and hideType (the relations and types filtered out), focus (depth), metric, lang,
 * stated, mode, orphans, and the explained pair: from, to, avoid. Only what differs from how
 * the page opens is written. Selections add an entry to the browser's history (so the back
 * button steps back through them); other changes replace the current entry. */
export let started = false;

/** From now on the address follows the view (the page has opened). */
export function start() { started = true; }
let restoring = false;
let navigating = 0;

function curieOf(id) {
  var n = byNode.get(id);
  return n && n.curie ? n.curie : id;
}

function nodeNamed(text) {
  var hit = text ? NODES.find(function (n) { return n.curie === text || n.id === text; }) : null;
  return hit ? hit.id : null;
}

export function viewHash() {
  return encodeView(state, KG, curieOf);
}

/* Write the view into the address: a new history entry when `push`, else in place. */
export function remember(push) {
  if (!started || restoring || (navigating && !push)) return;
  var hash = viewHash();
  if (hash === window.location.hash.replace(/^#/, "")) return;
  var url = hash ? "#" + hash : window.location.pathname + window.location.search;
  try {
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  } catch (err) {
    // a page without a history of its own (a sandboxed notebook frame): the view still works
  }
}

/* Run a change of selection, then remember it as one new history entry. */
export function navigate(work) {
  navigating++;
  var result;
  try {
    result = work();
  } finally {
    navigating--;
  }
  if (!navigating) remember(true);
  return result;
}

/* Bring the page to the view the address holds (on opening, and on back and forward). An
 * old-style fragment that is only a name ("#person:Stalin") selects that entity. */
export function restoreView() {
  var v = decodeView(window.location.hash, KG);
  var yearChanged = false;
  restoring = true;
  try {
    stopPlaying();
    if (v.lang !== state.lang) setLang(v.lang);
    state.statedOnly = v.statedOnly && !statedOnlyBox.disabled;
    statedOnlyBox.checked = state.statedOnly;
    state.mode = v.mode;
    document.querySelectorAll(/** @type {"input"} */ ("input[name=mode]")).forEach(function (r) { r.checked = r.value === state.mode; });
    state.hideOrphans = v.hideOrphans;
    document.getElementById("orphans").checked = state.hideOrphans;
    state.relations = v.relations;
    state.types = v.types;
    buildTypes();
    buildRelations();
    state.focusDepth = v.focusDepth;
    focusSelect.value = String(state.focusDepth);
    if (v.metric !== state.metric) setMetric(v.metric);
    setRange(v.range, false);
    if (v.colour !== state.colour || v.size !== state.size) setAppearance(v.colour, v.size);
    // a year the data has not is kept to its years (time.js says so under the slider)
    yearChanged = setYear(v.year) !== v.year;
    state.avoid = v.avoid.map(nodeNamed).filter(Boolean);
    buildAvoid();
    var from = nodeNamed(v.from), to = nodeNamed(v.to);
    if (from && to) {
      setExplainInputs(from, to);
      runExplain();
    } else {
      dropChains();
      ["explain-a", "explain-b"].forEach(function (id) { document.getElementById(id).value = ""; });
    }
    setView(v.view);
    var node = nodeNamed(v.node);
    if (node) selectNode(node, true);
    else if (v.edge && byEdge.has(v.edge)) selectEdge(v.edge);
    else if (!(from && to)) clearSelection();
    apply();
  } finally {
    restoring = false;
  }
  if (yearChanged) remember(false); // the address holds the year shown, not the one asked for
}

function setExplainInputs(a, b) {
  [["explain-a", a], ["explain-b", b]].forEach(function (pair) {
    var input = document.getElementById(pair[0]);
    input.value = label(pair[1]);
    input.dataset.id = pair[1];
  });
}

export function init() {

  window.addEventListener("popstate", restoreView);
  window.addEventListener("hashchange", function () { if (window.location.hash.replace(/^#/, "") !== viewHash()) restoreView(); });
}
