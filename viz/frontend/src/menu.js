/* An entity's menu: the actions of its panel (show its evidence, focus on its neighbours or
 * theirs, show all, explain from or to it) by touch, mouse or keyboard. It opens, with the
 * entity selected, on a long press on a node (vis-network's "hold": a touch held still for
 * 250 ms; not the mouse's, which starts a drag), a right-click on a node, and Shift+F10 or the
 * menu key on the graph (for the entity the arrow keys marked, else the one selected). Arrow
 * keys, Home and End move in it, Enter chooses, Escape or a press outside closes it. */
import { clear, el } from "./dom.js";
import { container, network } from "./draw.js";
import { setFocusDepth } from "./focus.js";
import { cursorRing, setExplainEnd } from "./keys.js";
import { t } from "./messages.js";
import { label } from "./names.js";
import { byNode } from "./page.js";
import { selectNode } from "./selection.js";
import { openSheet } from "./sheet.js";
import { state } from "./state.js";

export const menu = document.getElementById("node-menu");
/** @type {HTMLElement | null} where the focus goes back to when the menu closes */
let opener = null;

/** The menu's items for entity `id`: [words, action]. @param {string} id */
function actions(id) {
  return [
    [t("menuEvidence"), function () { openSheet(true); return true; }],
    [t("focus1"), function () { setFocusDepth(1); }],
    [t("focus2"), function () { setFocusDepth(2); }],
    [t("unfocus"), function () { setFocusDepth(0); }],
    [t("explainFrom"), function () { setExplainEnd("explain-a", id); }],
    [t("explainTo"), function () { setExplainEnd("explain-b", id); }],
  ];
}

/**
 * Open the menu of entity `id` at (x, y) in the window (kept inside it), the entity selected.
 * @param {string} id @param {number} x @param {number} y @returns {boolean} whether it opened
 */
export function openMenu(id, x, y) {
  if (!byNode.has(id)) return false;
  var sel = state.selected;
  if (!sel || sel.kind !== "node" || sel.id !== id) selectNode(id, false);
  if (menu.hidden) opener = /** @type {HTMLElement | null} */ (document.activeElement);
  clear(menu);
  menu.setAttribute("aria-label", t("menuLabel", { name: label(id) }));
  actions(id).forEach(function (item) {
    var run = /** @type {() => boolean | void} */ (item[1]);
    menu.append(el("button", { type: "button", role: "menuitem", tabindex: "-1",
      onclick: function () { closeMenu(run() !== true); } }, item[0]));
  });
  menu.hidden = false;
  var room = { x: window.innerWidth - menu.offsetWidth - 4, y: window.innerHeight - menu.offsetHeight - 4 };
  menu.style.left = Math.max(4, Math.min(x + 8, room.x)) + "px";
  menu.style.top = Math.max(4, Math.min(y + 8, room.y)) + "px";
  items()[0].focus();
  return true;
}

/** Close the menu; with `back`, the focus returns to where it was. @param {boolean} [back] */
export function closeMenu(back) {
  if (menu.hidden) return;
  menu.hidden = true;
  if (back && opener && document.contains(opener)) opener.focus();
  opener = null;
}

function items() {
  return /** @type {HTMLElement[]} */ (Array.from(menu.querySelectorAll("[role=menuitem]")));
}

/* Where entity `id` is in the window. @param {string} id */
function onScreen(id) {
  var p = network.canvasToDOM(network.getPositions([id])[id]);
  var box = container.getBoundingClientRect();
  return { x: box.left + p.x, y: box.top + p.y };
}

export function init() {
  network.on("hold", function (params) {
    // a touch or a pen held still; a mouse held still is the start of a drag (it has right-click)
    if (!params.nodes.length || (params.event && params.event.pointerType === "mouse")) return;
    var box = container.getBoundingClientRect();
    openMenu(params.nodes[0], box.left + params.pointer.DOM.x, box.top + params.pointer.DOM.y);
  });
  network.on("oncontext", function (params) {
    var id = network.getNodeAt(params.pointer.DOM);
    if (id === undefined) return; // the browser's own menu on the background
    params.event.preventDefault();
    var box = container.getBoundingClientRect();
    openMenu(String(id), box.left + params.pointer.DOM.x, box.top + params.pointer.DOM.y);
  });
  container.addEventListener("keydown", function (ev) {
    if (!(ev.key === "ContextMenu" || (ev.shiftKey && ev.key === "F10"))) return;
    var sel = state.selected;
    var id = cursorRing() || (sel && sel.kind === "node" ? sel.id : null);
    if (!id) return;
    ev.preventDefault();
    var at = onScreen(id);
    openMenu(id, at.x, at.y);
  });
  menu.addEventListener("keydown", function (ev) {
    var list = items(), i = list.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    var to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: list.length - 1 }[ev.key];
    if (to !== undefined) list[(to + list.length) % list.length].focus();
    else if (ev.key === "Escape") closeMenu(true);
    else if (ev.key === "Tab") closeMenu(false);
    else return;
    if (ev.key !== "Tab") ev.preventDefault();
    ev.stopPropagation();
  });
  document.addEventListener("pointerdown", function (ev) {
    if (!menu.hidden && !menu.contains(/** @type {Node} */ (ev.target))) closeMenu(false);
  }, true);
}
