/* The page on every screen: the evidence panel as a sheet and the side bar (explain, legend,
 * filters) as a drawer, each closed and reopened by its button (aria-expanded) or its close
 * button. Three layouts, set by app.css at the same widths as WIDE and NARROW below:
 *   wide (1000 px and more): side bar, graph, panel side by side; both open at first;
 *   medium (a notebook cell of 800 px): the panel a narrower column, open at first; the side
 *     bar a drawer over the graph, closed at first;
 *   narrow (phones, under 700 px): the panel a bottom sheet over the graph, closed at first;
 *     the side bar a drawer, closed at first.
 * A new selection (an entity, a relation, an explanation, a quote) opens the panel; a change of
 * language, which rebuilds the same panel, does not. A selected entity that falls out of the part
 * of the graph one sees (the box changed size, the bottom sheet opened over it, a move of the
 * view ended under it) is brought back to its middle. */
import { container, network } from "./draw.js";
import { panel } from "./panel.js";
import { state } from "./state.js";

export const WIDE = "(min-width:1000px)";
export const NARROW = "(max-width:699px)";

export const sheet = document.getElementById("sheet");
const side = document.getElementById("side");
const sheetToggle = document.getElementById("sheet-toggle");
const sideToggle = document.getElementById("side-toggle");

/** Which of the three layouts the page has now. @returns {"wide" | "medium" | "narrow"} */
export function layout() {
  if (window.matchMedia(WIDE).matches) return "wide";
  return window.matchMedia(NARROW).matches ? "narrow" : "medium";
}

/** @param {HTMLElement} box @param {HTMLElement} toggle @param {boolean} open */
function show(box, toggle, open) {
  box.hidden = !open;
  toggle.setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("sheet-open", !sheet.hidden); // a phone's header then shorter
}

/** Open the evidence panel; with `focus`, move the keyboard's focus into it. @param {boolean} [focus] */
export function openSheet(focus) {
  var was = sheet.hidden;
  show(sheet, sheetToggle, true);
  if (focus) panel.focus();
  if (was) window.requestAnimationFrame(keepSelectedInView);
}

/* Close the evidence panel; the focus, if it was in it, goes to the button that reopens it. */
export function closeSheet() {
  var inside = sheet.contains(document.activeElement);
  show(sheet, sheetToggle, false);
  if (inside) sheetToggle.focus();
}

/** Open the side bar; with `focus`, move the focus to its first control (its close button where
 * it is a drawer). @param {boolean} [focus] */
export function openSide(focus) {
  show(side, sideToggle, true);
  if (!focus) return;
  var close = document.getElementById("side-close");
  (close.offsetParent !== null ? close : document.getElementById("explain-a")).focus();
}

export function closeSide() {
  var inside = side.contains(document.activeElement);
  show(side, sideToggle, false);
  if (inside) sideToggle.focus();
}

/* What is open when the page opens, or enters another layout. */
function defaults() {
  var now = layout();
  show(sheet, sheetToggle, now !== "narrow");
  show(side, sideToggle, now === "wide");
}

/* The selection the panel shows, as a key: a new one opens the panel. */
function selectionKey() {
  var sel = state.selected;
  return sel ? JSON.stringify([sel, sel.kind === "explain" ? [state.ends, state.avoid] : null]) : null;
}

/* The part of the graph's box that the bottom sheet leaves uncovered (on a phone; all of it
 * elsewhere), in the box's pixels. */
function uncovered() {
  var box = container.getBoundingClientRect();
  var bottom = box.height;
  if (!sheet.hidden && layout() === "narrow") bottom = Math.min(bottom, sheet.getBoundingClientRect().top - box.top);
  return { width: box.width, height: box.height, bottom: Math.max(bottom, 48) };
}

/* A selected entity out of the part of the graph's box one sees (the box changed size, the
 * sheet opened over it, an animation ended there) brought to the middle of that part. */
export function keepSelectedInView() {
  var sel = state.selected;
  if (!sel || sel.kind !== "node") return;
  var at = network.getPositions([sel.id])[sel.id];
  if (!at) return;
  var p = network.canvasToDOM(at), room = uncovered(), margin = Math.min(48, room.bottom / 4); // a node's width
  if (p.x >= margin && p.y >= margin && p.x <= room.width - margin && p.y <= room.bottom - margin) return;
  var dy = room.bottom / 2 - room.height / 2; // the middle of the part seen, below the box's
  network.moveTo({ position: { x: at.x, y: at.y - dy / network.getScale() }, animation: false });
}

export function init() {
  defaults();
  [WIDE, NARROW].forEach(function (query) {
    window.matchMedia(query).addEventListener("change", defaults);
  });
  sheetToggle.addEventListener("click", function () {
    if (sheet.hidden) openSheet(true); else closeSheet();
  });
  sideToggle.addEventListener("click", function () {
    if (side.hidden) openSide(true); else closeSide();
  });
  document.getElementById("sheet-close").addEventListener("click", closeSheet);
  document.getElementById("side-close").addEventListener("click", closeSide);
  // Escape in the drawer (not in a box of it, where it clears the box) closes it
  side.addEventListener("keydown", function (ev) {
    var tag = /** @type {HTMLElement} */ (ev.target).tagName;
    if (ev.key !== "Escape" || layout() === "wide" || tag === "INPUT" || tag === "SELECT") return;
    ev.preventDefault();
    ev.stopPropagation();
    closeSide();
  });
  var shown = selectionKey();
  new window.MutationObserver(function () {
    var now = selectionKey();
    if (now !== null && now !== shown) openSheet(false);
    shown = now;
  }).observe(panel, { childList: true });
  new window.ResizeObserver(keepSelectedInView).observe(container);
  network.on("animationFinished", keepSelectedInView);
}
