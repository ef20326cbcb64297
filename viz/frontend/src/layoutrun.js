/* A layout run in the page (the side bar's "Layout" section): ForceAtlas2 (graphology's
 * graphology-layout-forceatlas2, in a Web Worker made from a blob: URL, so the page stays
 * responsive) over what is shown; stop keeps its positions until reset, which brings back the
 * layout the page was rendered with. */
import Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { announce, el } from "./dom.js";
import { network, nodes } from "./draw.js";
import { visible } from "./filters.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { LARGE, NODES, byEdge } from "./page.js";

let supervisor = null; // the running (or stopped) layout, null when none was started since reset
let graph = null;
let frame = 0;

let failed = false;
let startButton, stopButton, resetButton, note;

/** Whether the layout runs now. */
export function running() { return !!supervisor && supervisor.isRunning(); }

/** Whether the drawing holds the layout's positions (a run since the last reset). */
export function kept() { return !!supervisor; }

/* Draw the positions the worker found: while it runs, by moving vis-network's drawn nodes
 * (network.body.nodes of vis-network 9.1.2, pinned in package.json) and redrawing once, which
 * costs a fraction of a data set update (876 positions: 4 ms against 360 ms, and a redraw each);
 * when it stops (`keep`), into the data set too, which the rest of the page reads. */
function draw(keep) {
  if (!graph) return;
  if (keep) {
    var updates = [];
    graph.forEachNode(function (id, a) { updates.push({ id: id, x: a.x, y: a.y }); });
    nodes.update(updates);
    return;
  }
  var drawn = network.body.nodes;
  graph.forEachNode(function (id, a) {
    var n = drawn[id];
    if (n) { n.x = a.x; n.y = a.y; }
  });
  network.redraw();
}

// the positions are drawn at most every DRAW_EVERY ms (a big graph's, every DRAW_EVERY_LARGE ms):
// the drawing, on the page's thread, is the cost, and the layout goes on in the worker meanwhile
const DRAW_EVERY = 100, DRAW_EVERY_LARGE = 1000;
let drawnAt = 0;

function tick(now) {
  frame = 0;
  if (!running()) return;
  if (now - drawnAt >= (LARGE ? DRAW_EVERY_LARGE : DRAW_EVERY)) { drawnAt = now; draw(false); }
  frame = window.requestAnimationFrame(tick);
}

/* The ForceAtlas2 settings for a graph of `order` entities: graphology's inferred ones, spread to
 * the page's scale (nodes of 10 to 40 pixels). */
function settings(order) {
  return { barnesHutOptimize: order > 2000, strongGravityMode: true, gravity: 0.05,
    scalingRatio: 80, slowDown: 1 + Math.log(order) };
}

/* Start ForceAtlas2 over the entities and relations shown, from where they are drawn. Returns
 * whether it runs (false where the page cannot start a worker). */
export function startLayout() {
  if (running()) return true;
  if (supervisor) supervisor.kill();
  network.setOptions({ physics: { enabled: false } });
  var physics = document.getElementById("physics");
  if (physics) physics.checked = false;
  var ids = Array.from(visible.nodes);
  var at = network.getPositions(ids);
  graph = new Graph({ multi: true, type: "mixed" });
  ids.forEach(function (id) { graph.addNode(id, { x: at[id].x, y: at[id].y }); });
  var seen = new Set(ids);
  visible.edges.forEach(function (id) {
    var e = byEdge.get(id);
    if (seen.has(e.from) && seen.has(e.to)) graph.addEdgeWithKey(id, e.from, e.to);
  });
  try {
    supervisor = new FA2Layout(graph, { settings: settings(graph.order) });
    // a worker the page's policy (or a frame) refuses fails after it is made, not at once:
    // the supervisor's worker (its `worker` property, not in its types) tells
    /** @type {any} */ (supervisor).worker.addEventListener("error", unavailable);
    supervisor.start();
    failed = false;
  } catch (err) {
    unavailable();
    return false;
  }
  if (!frame) frame = window.requestAnimationFrame(tick);
  show();
  announce(t("layoutRunning"));
  return true;
}

/* The worker cannot run here: nothing moved, and the note says why. */
function unavailable() {
  if (supervisor) supervisor.kill();
  supervisor = null;
  graph = null;
  failed = true;
  show();
  announce(t("layoutUnavailable"));
}

/* Stop the layout: the entities stay where it put them. */
export function stopLayout() {
  if (!running()) return;
  supervisor.stop();
  draw(true);
  show();
  announce(t("layoutKept"));
}

/* Back to the layout the page was rendered with (every drawn entity where it was computed). */
export function resetLayout() {
  if (supervisor) supervisor.kill();
  supervisor = null;
  graph = null;
  if (frame) window.cancelAnimationFrame(frame);
  frame = 0;
  nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) { return { id: n.id, x: n.x, y: n.y }; })); // level of detail
  show();
}

/* The buttons and the note as the layout is now. */
function show() {
  var on = running();
  startButton.disabled = on;
  stopButton.disabled = !on;
  resetButton.disabled = !supervisor && !failed;
  startButton.setAttribute("aria-pressed", String(on));
  note.textContent = failed ? t("layoutUnavailable") : on ? t("layoutRunning") : supervisor ? t("layoutKept") : t("layoutHint");
}

/* The section's words in the page's language (lang.js: buildControls). */
export function buildLayout() { show(); }

export function init() {
  startButton = el("button", { type: "button", id: "layout-start", "data-i18n": "layoutRun", text: t("layoutRun") });
  stopButton = el("button", { type: "button", id: "layout-stop", "data-i18n": "layoutStop", text: t("layoutStop") });
  resetButton = el("button", { type: "button", id: "layout-reset", "data-i18n": "layoutReset", text: t("layoutReset") });
  note = el("p", { class: "hint", id: "layout-note" });
  var section = el("section", { class: "layout-run", id: "layout-run" },
    el("h2", { "data-i18n": "layoutHead", text: t("layoutHead") }),
    el("div", { class: "row" }, startButton, stopButton, resetButton), note);
  var appearance = document.getElementById("appearance");
  if (appearance) appearance.after(section); else document.getElementById("side").append(section);
  // the button pressed turns off: the keyboard's focus goes to the one that undoes it
  startButton.addEventListener("click", function () { if (startLayout() && running()) stopButton.focus(); });
  stopButton.addEventListener("click", function () { stopLayout(); startButton.focus(); });
  resetButton.addEventListener("click", resetLayout);
  show();
}
