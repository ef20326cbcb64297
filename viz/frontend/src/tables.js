/* The table views: entities and relations as sortable tables of what the filters and the
 * search box leave, and the tabs that switch between graph, tables and text. */
import { announce, clear, el } from "./dom.js";
import { hideTooltip, network } from "./draw.js";
import { passing, visible } from "./filters.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { basisLabel, basisText, factLabel, label, relLabel, typeLabel } from "./names.js";
import { COMPACT, EDGES, KG, METRICS, NODES } from "./page.js";
import { norm } from "./rule.js";
import { search, searchStatements } from "./search.js";
import { selectEdge, selectNode } from "./selection.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ refreshViews });

// ------------------------------------------------------------------ table and text views
/* The middle of the page shows the graph, a table of the entities, one of the relations or
 * the source text. The tables list what the graph shows (`visible`, from the one set of
 * filters: relations, types, basis, year, focus) and, when the search box holds something,
 * only what matches it (the search's own matching: names for entities; quoted words,
 * sentences and the names of either end for relations). On a big graph's page (level of
 * detail) they list the whole graph, drawn or not: what passes the filters. */
const VIEWS = ["graph", "entities", "relations", "text"];
const TABLE_LIMIT = 1000; // rows listed at most (the count says how many match)
const tabs = /** @type {HTMLElement[]} */ (Array.from(document.querySelectorAll("#views [role=tab]")));
export let READING;
export const factOwner = new Map(); // a dated fact's statement -> the entity it is about

export function setView(name) {
  var view = VIEWS.indexOf(name) >= 0 ? name : "graph";
  var changed = view !== state.view;
  state.view = view;
  if (view !== "graph") hideTooltip(); // the graph is covered: no tooltip over another view
  tabs.forEach(function (tab) {
    var on = tab.getAttribute("data-view") === view;
    tab.setAttribute("aria-selected", String(on));
    tab.setAttribute("tabindex", on ? "0" : "-1");
  });
  VIEWS.forEach(function (v) {
    var box = document.getElementById("view-" + v);
    if (v === "graph") { // kept in place (vis-network keeps its size), only covered
      box.classList.toggle("covered", view !== "graph");
      box.setAttribute("aria-hidden", String(view !== "graph"));
    } else {
      box.hidden = v !== view;
    }
  });
  if (view === "graph") network.redraw();
  refreshViews();
  if (changed) {
    var names = { graph: t("viewGraph"), entities: t("viewEntities"), relations: t("viewRelations"), text: t("viewText") };
    announce(t("announceView", { view: names[view] }));
    late.remember(false);
  }
}

export function refreshViews() {
  if (state.view === "entities" || state.view === "relations") buildTable(state.view);
  else if (state.view === "text") {
    if (!late.readingBuilt) late.buildReading(); // built when first shown (a big graph has many sentences)
    late.markReading();
  }
}

/* What the search box holds narrows the tables: the entities whose names match, the
 * relations whose quote or sentence matches or whose ends do (null: no narrowing). */
function queryMatches() {
  if (!norm(state.query)) return null;
  var names = new Set(search(state.query, Infinity));
  var statements = new Set(searchStatements(state.query, Infinity));
  EDGES.forEach(function (e) { if (names.has(e.from) || names.has(e.to)) statements.add(e.id); });
  return { nodes: names, edges: statements };
}

export function cellButton(text, onclick) {
  return el("button", { type: "button", class: "link", onclick: onclick }, text);
}

function dash(value) { return value === null || value === undefined || value === "" ? "—" : String(value); }

/* The columns of each table: its heading (a word of the page), the value it sorts by and
 * what its cell shows. */
let COLUMNS;

function compareValues(a, b) {
  var none = function (v) { return v === null || v === undefined || v === ""; };
  if (none(a) || none(b)) return none(a) && none(b) ? 0 : none(a) ? 1 : -1; // empty cells last
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), state.lang, { numeric: true, sensitivity: "base" });
}

/* What the tables list: what the graph shows (`visible`); on a big graph's page, where that
 * is only what is drawn, everything that passes the filters (an explained chain, the one
 * focus, is drawn whole). */
function listed() {
  return lod && !state.focus ? passing() : visible;
}

/* The rows of a table: what the graph shows, narrowed by the search, sorted. */
export function tableRows(name) {
  var matches = queryMatches();
  var shown = listed();
  var items = name === "entities"
    ? NODES.filter(function (n) { return shown.nodes.has(n.id) && (!matches || matches.nodes.has(n.id)); })
    : EDGES.filter(function (e) { return shown.edges.has(e.id) && (!matches || matches.edges.has(e.id)); });
  var sort = state.sort[name];
  var col = COLUMNS[name].find(function (c) { return c.id === sort.key; }) || COLUMNS[name][0];
  var key = col.sortValue || col.value;
  var keyed = items.map(function (item, i) { return [key(item), i, item]; });
  keyed.sort(function (a, b) {
    var c = compareValues(a[0], b[0]);
    if (c && (a[0] === null || a[0] === undefined || a[0] === "" || b[0] === null || b[0] === undefined || b[0] === "")) return c;
    return c * sort.dir || a[1] - b[1];
  });
  return keyed.map(function (k) { return k[2]; });
}

function sortBy(name, key) {
  var sort = state.sort[name];
  if (sort.key === key) sort.dir = -sort.dir;
  else { sort.key = key; sort.dir = COLUMNS[name].find(function (c) { return c.id === key; }).numeric ? -1 : 1; }
  buildTable(name);
  /** @type {HTMLElement | null} */
  var head = document.querySelector("#" + name + "-table th[data-col=" + key + "] button");
  if (head) head.focus();
}

function buildTable(name) {
  var table = document.getElementById(name + "-table");
  var sort = state.sort[name];
  var headRow = el("tr");
  COLUMNS[name].forEach(function (col) {
    var on = col.id === sort.key;
    headRow.append(el("th", { scope: "col", "data-col": col.id, class: col.numeric ? "num" : null,
      "aria-sort": on ? (sort.dir > 0 ? "ascending" : "descending") : "none" },
    el("button", { type: "button", class: "sort", onclick: function () { sortBy(name, col.id); } },
      t(col.head), el("span", { class: "sort-mark", "aria-hidden": "true", text: on ? (sort.dir > 0 ? " ▲" : " ▼") : "" }))));
  });
  clear(table.tHead).append(headRow);
  var rows = tableRows(name);
  var body = document.createElement("tbody");
  var sel = state.selected;
  rows.slice(0, TABLE_LIMIT).forEach(function (item) {
    var kind = name === "entities" ? "node" : "edge";
    var current = sel && sel.kind === kind && sel.id === item.id;
    var tr = el("tr", { "data-id": item.id, class: current ? "current" : null, "aria-current": current ? "true" : null,
      onclick: function (ev) {
        if (ev.target.closest("button, a")) return; // its own action
        if (kind === "node") selectNode(item.id, true); else selectEdge(item.id);
      } });
    COLUMNS[name].forEach(function (col) {
      var content = col.cell ? col.cell(item) : dash(col.value(item));
      tr.append(el("td", { class: col.numeric ? "num" : null }, content));
    });
    body.append(tr);
  });
  table.replaceChild(body, table.tBodies[0]);
  var total = name === "entities" ? NODES.length : EDGES.length;
  var counted = { n: rows.length, N: total };
  var text = name === "entities" ? t("entitiesCount", counted) : t("relationsCount", counted);
  if (norm(state.query)) text += t("bySearch", { q: state.query.trim() });
  if (rows.length > TABLE_LIMIT) text += t("rowsCut", { k: TABLE_LIMIT });
  document.getElementById(name + "-count").textContent = text + ". " + t("sortHint");
}

export function init() {
  if (COMPACT && !KG.reading) KG.reading = COMPACT.reading(); // level of detail: compact in the page
  READING = new Map((KG.reading || []).map(function (r) { return [r.number, r]; }));
  NODES.forEach(function (n) { (n.facts || []).forEach(function (f) { if (f.statement) factOwner.set(f.statement, n.id); }); });

  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function () { setView(tab.getAttribute("data-view")); });
    tab.addEventListener("keydown", function (/** @type {KeyboardEvent} */ ev) {
      var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      var next = tabs[(to + tabs.length) % tabs.length];
      setView(next.getAttribute("data-view"));
      next.focus();
    });
  });
  COLUMNS = {
    entities: [
      { id: "name", head: "colName", value: function (n) { return label(n.id); },
        cell: function (n) { return cellButton(label(n.id), function () { selectNode(n.id, true); }); } },
      { id: "type", head: "colType", value: function (n) { return typeLabel(n.type); } },
      { id: "shown", head: "colShown", numeric: true, value: function (n) { return visible.degree.get(n.id) || 0; } },
      { id: "degree", head: "colDegree", numeric: true, value: function (n) { return n.metrics ? n.metrics.degree : n.degree; } },
      { id: "betweenness", head: "colBetweenness", numeric: true, value: function (n) { return n.metrics ? n.metrics.betweenness : null; } },
      { id: "community", head: "colCommunity", value: function (n) {
        return n.looks ? METRICS.get("community").bins[n.looks.community[1]]["label_" + state.lang] : null; } },
      { id: "facts", head: "colFacts", value: function (n) {
        return (n.facts || []).map(function (f) { return factLabel(f) + ": " + f.value; }).join("; "); } },
      { id: "exists", head: "colExists", value: function (n) { return n.years ? late.existsText(n.years) : t("undated"); },
        sortValue: function (n) { return n.years ? (n.years[0] !== null ? n.years[0] : n.years[1]) : null; } },
    ],
    relations: [
      { id: "from", head: "colFrom", value: function (e) { return label(e.from); },
        cell: function (e) { return cellButton(label(e.from), function () { selectNode(e.from, true); }); } },
      { id: "relation", head: "colRelation", value: function (e) { return relLabel(e.relation); },
        cell: function (e) { return cellButton(relLabel(e.relation), function () { selectEdge(e.id); }); } },
      { id: "to", head: "colTo", value: function (e) { return label(e.to); },
        cell: function (e) { return cellButton(label(e.to), function () { selectNode(e.to, true); }); } },
      { id: "basis", head: "colBasis", value: function (e) { return basisLabel(e.basis) + (e.basis !== "stated" ? ": " + basisText(e) : ""); } },
      { id: "sentence", head: "colSentence", numeric: true, value: function (e) { return e.sentence; } },
      { id: "quote", head: "colQuote", value: function (e) { return e.quote || ""; },
        cell: function (e) { return e.quote ? el("q", { lang: "de" }, e.quote) : "—"; } },
      { id: "start", head: "colStart", value: function (e) { return e.start; } },
      { id: "end", head: "colEnd", value: function (e) { return e.end; } },
      { id: "at", head: "colAt", value: function (e) { return e.point; } },
    ],
  };
}
