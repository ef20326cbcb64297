/* The search box: entities and statements as one list of suggestions (search.js), by
 * keyboard and mouse, and what picking one does. */
import { announce, clear, el } from "./dom.js";
import { fitTo } from "./focus.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { label, relLabel, typeLabel } from "./names.js";
import { REL, TYPES, byEdge, byNode } from "./page.js";
import { search, searchStatements } from "./search.js";
import { clearSelection, selectEdge, selectNode } from "./selection.js";
import { state } from "./state.js";
import { refreshViews } from "./tables.js";

// ------------------------------------------------------------------ search box
const searchBox = document.getElementById("search");
const suggestions = document.getElementById("search-results");
let active = -1;
let offered = []; // what the results list offers, in order: {kind: "node"|"edge", id}

/* One result of the list: an option the arrow keys and the mouse can choose. */
function option(hit, i, parts) {
  var attrs = { role: "option", id: "search-option-" + i, "aria-selected": "false",
    onmousedown: function (ev) { ev.preventDefault(); pick(hit); } };
  attrs["data-" + (hit.kind === "node" ? "id" : "edge")] = hit.id;
  var li = el("li", attrs);
  // (a part left out is null, which DOM append would write as "null")
  li.append.apply(li, parts.filter(function (part) { return part !== null && part !== undefined; }));
  return li;
}

/* The results for what is typed, grouped: entities (any name, near misses too), then
 * statements (the words of their quotes and sentences). */
function showSuggestions() {
  clear(suggestions);
  active = -1;
  searchBox.removeAttribute("aria-activedescendant");
  var found = { node: search(searchBox.value, 8), edge: searchStatements(searchBox.value, 6) };
  offered = [];
  [["node", t("searchEntities")], ["edge", t("searchStatements")]].forEach(function (group) {
    var ids = found[group[0]];
    if (!ids.length) return;
    var list = el("ul", { role: "group", "aria-label": group[1], class: "result-group" },
      el("li", { role: "none", class: "group-head", "aria-hidden": "true", text: group[1] }));
    ids.forEach(function (id) {
      var hit = { kind: group[0], id: id };
      list.append(option(hit, offered.length, group[0] === "node" ? entityResult(id) : statementResult(id)));
      offered.push(hit);
    });
    suggestions.append(list);
  });
  suggestions.hidden = offered.length === 0;
  searchBox.setAttribute("aria-expanded", String(!suggestions.hidden));
  announce(searchBox.value.trim() ? t("searchFound", { n: found.node.length, s: found.edge.length }) : "");
  return offered;
}

function entityResult(id) {
  var n = byNode.get(id);
  var other = state.lang === "de" ? n.label_en : n.label_de;
  return [el("span", { class: "swatch", style: "background:" + (TYPES.get(n.type) || { color: "#888" }).color }),
    el("span", { class: "name", text: label(id) }),
    other && other !== label(id) ? el("span", { class: "sub", text: " " + other }) : null,
    el("span", { class: "kind", text: " · " + typeLabel(n.type) })];
}

function statementResult(id) {
  var e = byEdge.get(id);
  return [el("span", { class: "swatch line", style: "background:" + (REL.get(e.relation) || { color: "#666" }).color }),
    el("span", { class: "statement-hit" },
      el("span", { class: "name", text: label(e.from) + " " + relLabel(e.relation) + " " + label(e.to) }),
      e.quote ? el("q", { class: "sub", lang: "de" }, e.quote) : null,
      e.sentence !== null ? el("span", { class: "kind", text: " [" + e.sentence + "]" }) : null)];
}

/* Choose a result: an entity is selected and shown; a statement opens its edge's panel. */
function pick(hit) {
  suggestions.hidden = true;
  searchBox.setAttribute("aria-expanded", "false");
  if (hit.kind === "edge") {
    selectEdge(hit.id);
    var e = byEdge.get(hit.id);
    fitTo([e.from, e.to]);
    return;
  }
  searchBox.value = label(hit.id);
  if (lod) lod.expand(hit.id); // level of detail: a found entity comes with its neighbours
  selectNode(hit.id, true);
}

export function init() {

  searchBox.addEventListener("input", function () {
    showSuggestions();
    state.query = searchBox.value;
    refreshViews();
  });
  searchBox.addEventListener("keydown", function (ev) {
    var items = suggestions.querySelectorAll("[role=option]");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!items.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, i) {
        li.classList.toggle("active", i === active);
        li.setAttribute("aria-selected", String(i === active));
      });
      searchBox.setAttribute("aria-activedescendant", items[active].id);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (suggestions.hidden) showSuggestions();
      if (offered.length) pick(offered[Math.max(active, 0)]);
    } else if (ev.key === "Escape") {
      suggestions.hidden = true;
      searchBox.setAttribute("aria-expanded", "false");
    }
  });
  searchBox.addEventListener("blur", function () { suggestions.hidden = true; searchBox.setAttribute("aria-expanded", "false"); });
  document.addEventListener("keydown", function (ev) {
    var tag = document.activeElement ? document.activeElement.tagName : "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "SELECT") { ev.preventDefault(); searchBox.focus(); }
    if (ev.key === "Escape" && tag !== "INPUT" && tag !== "SELECT") clearSelection();
  });
}
