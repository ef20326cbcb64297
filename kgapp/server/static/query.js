// The query workbench: YASGUI (vendored, offline) plus a form for each named query.
//
// Nothing leaves this server: YASGUI's completers that ask lov.linkeddata.es (classes,
// properties) and prefix.cc are removed, and completion comes from the graph's own prefixes,
// properties and classes (the #data block). Named queries run through /queries/NAME, so a
// parameter without a value takes its default or is refused by the server, by name. The URL
// holds what ran (?query=TEXT or ?named=NAME&param=value); opening it runs it again.
// Text from the server or the data is written with textContent, never as HTML; only http(s)
// IRIs become links, and iriPage() alone decides where they go. The page's words come with the
// data (data.messages: the catalogue's server.query.* texts, graph/locales), through t().
//
// Results a person reads: every IRI the graph names is shown by its label in the page's
// language (data.lang, from /query/labels) and links to its page; an entity also to the viewer.
// Beside YASR's Table and Response, three views of the same rows: a graph of the resources the
// rows link (vis-network, the viewer's build), a timeline of the dated rows and a bar chart of
// counts. Each column has a filter; the filters, the table's search and order and the view are
// kept in the page's address with the query.
"use strict";

const data = JSON.parse(document.getElementById("data").textContent);
const PLACEHOLDER = /\{(\w+)\}/g; // as graph.messages.PLACEHOLDER

// The text of a key of the catalogue, each {name} replaced by params[name].
function t(key, params) {
  const text = data.messages[key];
  if (text === undefined) throw new Error("no message " + key);
  return text.replace(PLACEHOLDER, (whole, name) => (params && name in params ? String(params[name]) : whole));
}

// The text of a key as nodes to append: each {name} replaced by parts[name], a node or text.
function tNodes(key, parts) {
  return data.messages[key].split(PLACEHOLDER).map((piece, i) => (i % 2 ? parts[piece] : piece));
}
const Yasgui = window.Yasgui;
const Yasqe = Yasgui.Yasqe;
const ENDPOINT = window.location.origin + "/sparql";
const RESULTS = "application/sparql-results+json";
const picker = document.getElementById("picker");
const about = document.getElementById("about");
const form = document.getElementById("params");
const fields = document.getElementById("fields");
const namedStatus = document.getElementById("named-status");
const permalink = document.getElementById("permalink");
const entityNames = document.getElementById("entity-names");
const DEFAULT_QUERY = `SELECT ?person ?label WHERE {
  ?person a kg:Person ; rdfs:label ?label .
  FILTER(LANG(?label) = "en")
}
ORDER BY ?label`;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function isHttp(iri) {
  try {
    const url = new URL(iri);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch (e) {
    return false;
  }
}

// Where a link to an IRI goes: every IRI the project mints opens its Linked Data page on this
// server (its path after the project's base: /person/Stalin, /vocab/rel#exiledWith), other
// http(s) IRIs open as they are, anything else is no link (null). Every IRI link uses it.
function iriPage(iri) {
  if (!isHttp(iri)) return null;
  if (iri.startsWith(data.base)) return withLang("/" + iri.slice(data.base.length));
  return iri;
}

const LANG = data.lang;
const DOT = "\u00b7";

// A path of this server in the page's language (English needs no parameter).
function withLang(path) {
  if (LANG === "en") return path;
  const hash = path.indexOf("#");
  const [address, fragment] = hash < 0 ? [path, ""] : [path.slice(0, hash), path.slice(hash)];
  return address + (address.includes("?") ? "&" : "?") + "lang=" + LANG + fragment;
}

// The viewer, showing an entity (its prefixed name), in the page's language.
function viewerUrl(curie) {
  return "/#" + new URLSearchParams({ node: curie, lang: LANG });
}

// ------------------------------------------------------------------ labels
// What the graph calls an IRI, in the page's language: {label, entity, curie}, or null when
// the graph does not name it; asked of /query/labels once per IRI.
const known = new Map();

async function lookUp(iris) {
  const wanted = [...new Set(iris)].filter((iri) => isHttp(iri) && !known.has(iri));
  for (let i = 0; i < wanted.length; i += 1000) {
    const part = wanted.slice(i, i + 1000);
    const answer = await fetch("/query/labels?" + new URLSearchParams({ lang: LANG }), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(part),
    });
    const found = answer.ok ? await answer.json() : {};
    for (const iri of part) known.set(iri, found[iri] || null);
  }
}

function labelOf(iri) {
  const found = known.get(iri);
  return found ? found.label : null;
}

// The IRIs of a result's rows.
function resultIris(bindings) {
  const iris = [];
  for (const row of bindings) {
    for (const value of Object.values(row)) if (value.type === "uri") iris.push(value.value);
  }
  return iris;
}

// Every IRI link of the results that the graph names shows its label; an entity's gets a
// link to the viewer beside it.
function labelLinks(root) {
  for (const link of root.querySelectorAll("a.iri[data-iri]:not([data-labelled])")) {
    const found = known.get(link.dataset.iri);
    if (found === undefined) continue;
    link.dataset.labelled = found ? "1" : "0";
    if (!found) continue;
    link.textContent = found.label;
    link.title = found.curie + " " + DOT + " " + link.dataset.iri;
    link.classList.add("labelled");
    if (found.entity) {
      const view = el("a", "\u25ce", "to-viewer");
      view.href = viewerUrl(found.curie);
      view.title = t("inViewer", { name: found.label });
      view.setAttribute("aria-label", view.title);
      link.after(view);
    }
  }
}

// ------------------------------------------------------------------ completion, all local
// A query's project prefixes as PREFIX lines, so that YASQE knows them (the server does too).
function withPrefixes(yasqe) {
  const text = yasqe.getValue().replace(/<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, " ");
  const declared = yasqe.getPrefixesFromQuery();
  const used = {};
  for (const match of text.matchAll(/(?:^|[^\w:])([A-Za-z][\w-]*):(?=[\w(])/g)) {
    const prefix = match[1];
    if (data.prefixes[prefix] && !(prefix in declared)) used[prefix] = data.prefixes[prefix];
  }
  if (Object.keys(used).length) yasqe.addPrefixes(used);
}

const labels = new Map(data.relations.map((r) => [r.term, r.label]));

// A completer over a fixed list of terms, written as the editor writes them (rel:exiledWith).
function localCompleter(base, name, terms) {
  Yasqe.forkAutocompleter(base, {
    name: name,
    bulk: false,
    autoShow: true,
    persistenceId: null,
    get: (_yasqe, token) => {
      const typed = (token.autocompletionString || "").toLowerCase();
      return terms.filter((term) => term.toLowerCase().startsWith(typed));
    },
    preProcessToken: (_yasqe, token) => ({ ...token, autocompletionString: token.string.trim() }),
    postProcessSuggestion: (_yasqe, _token, suggestion) => suggestion,
    postprocessHints: (_yasqe, hints) => hints.map((hint) => (
      labels.has(hint.text) ? { ...hint, displayText: hint.text + " · " + labels.get(hint.text) } : hint
    )),
  }, false);
}

function configureCompletion() {
  const terms = new Set(data.relations.map((r) => r.term));
  for (const p of data.properties) terms.add(p);
  localCompleter("property", "kg-properties", [...terms].sort());
  localCompleter("class", "kg-classes", data.classes);
  const prefixes = Object.entries(data.prefixes).map(([p, ns]) => p + ": <" + ns + ">").sort();
  Yasqe.forkAutocompleter("prefixes", { name: "kg-prefixes", persistenceId: null, get: () => prefixes }, false);
  for (const remote of ["prefixes", "property", "class"]) delete Yasqe.Autocompleters[remote];
  Yasqe.defaults.autocompleters.splice(0, Infinity, "variables", "kg-prefixes", "kg-properties", "kg-classes");
  Yasqe.defaults.prefixCcApi = null;
}

// ------------------------------------------------------------------ views of a result
const XSD = "http://www.w3.org/2001/XMLSchema#";
const DATED = new Set(["date", "dateTime", "gYear", "gYearMonth"].map((x) => XSD + x));
const NUMBERS = new Set(["integer", "decimal", "double", "float", "int", "long",
  "nonNegativeInteger", "positiveInteger"].map((x) => XSD + x));

// A term as the views show it: an IRI by its label (else its prefixed name), a literal as it is.
function shown(term) {
  if (!term) return "";
  if (term.type !== "uri") return term.value;
  const found = known.get(term.value);
  return found ? found.label : shortName(term.value);
}

function shortName(iri) {
  for (const [prefix, ns] of Object.entries(data.prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
  }
  return iri;
}

function selectResult(yasr) {
  const results = yasr.results;
  if (!results || results.getType() !== "json") return null;
  const bindings = results.getBindings() || [];
  return { variables: results.getVariables() || [], bindings: bindings };
}

// The year and sortable key of a dated literal ("1927", "1941-06", "1941-06-22").
function when(term) {
  if (!term || term.type === "uri" || !DATED.has(term.datatype)) return null;
  const m = /^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?/.exec(term.value);
  if (!m) return null;
  const year = Number(m[1]);
  return { year: year, key: year + (Number(m[2] || 1) - 1) / 12 + (Number(m[3] || 1) - 1) / 372 };
}

// A YASR view: a name, an icon, when it applies, and what it draws into the results.
class View {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 1;
  }

  getIcon() {
    const icon = el("span", this.icon, "view-icon");
    icon.setAttribute("aria-hidden", "true");
    return icon;
  }

  canHandleResults() {
    const result = selectResult(this.yasr);
    return Boolean(result && result.bindings.length && this.applies(result));
  }

  async draw() {
    const result = selectResult(this.yasr);
    await lookUp(resultIris(result.bindings));
    const box = el("div", undefined, "view");
    box.classList.add("view-" + this.name);
    this.yasr.resultsEl.append(box);
    await this.fill(box, result);
  }
}

// The resources of the rows and how each row links them: a row's relation IRI (a rel: term)
// labels the edge between the resources on either side of it; otherwise the row's first
// resource is linked to each other one, the edge named by the other's variable.
class GraphView extends View {
  get name() { return "graph"; }
  get label() { return t("views.graph"); }
  get icon() { return "\u2b21"; }

  applies(result) {
    return result.bindings.some((row) => this.links(result.variables, row).length > 0);
  }

  links(variables, row) {
    const uris = variables.filter((v) => row[v] && row[v].type === "uri");
    const relation = uris.find((v) => row[v].value.startsWith(data.prefixes.rel));
    const ends = uris.filter((v) => v !== relation);
    if (relation && ends.length >= 2) {
      return [{ from: row[ends[0]], to: row[ends[1]], label: shown(row[relation]) }];
    }
    return ends.slice(1).map((v) => ({ from: row[ends[0]], to: row[v], label: v }));
  }

  async fill(box, result) {
    await loadVis();
    const nodes = new Map();
    const edges = [];
    for (const row of result.bindings) {
      for (const link of this.links(result.variables, row)) {
        for (const end of [link.from, link.to]) {
          if (!nodes.has(end.value)) {
            const found = known.get(end.value);
            nodes.set(end.value, { id: end.value, label: shown(end), title: shortName(end.value),
              shape: "dot", size: 10, color: found && found.entity ? "#4e79a7" : "#9aa5b1" });
          }
        }
        edges.push({ from: link.from.value, to: link.to.value, label: link.label, arrows: "to",
          font: { size: 11, align: "middle" } });
      }
    }
    const canvas = el("div", undefined, "graph-canvas");
    box.append(canvas);
    const network = new window.vis.Network(canvas, { nodes: [...nodes.values()], edges: edges }, {
      physics: { stabilization: { iterations: 200 } },
      interaction: { hover: true },
    });
    network.on("doubleClick", (event) => {
      const page = event.nodes.length ? iriPage(event.nodes[0]) : null;
      if (page) window.location.assign(page);
    });
    network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
    window.kgQuery.network = network;
  }
}

let visLoading = null;
function loadVis() {
  if (window.vis) return Promise.resolve();
  if (!visLoading) {
    visLoading = new Promise((resolve, reject) => {
      const style = el("link");
      style.rel = "stylesheet";
      style.href = "/static/vis-network/vis-network.min.css";
      const script = el("script");
      script.src = "/static/vis-network/vis-network.min.js";
      script.onload = resolve;
      script.onerror = () => reject(new Error("vis-network did not load"));
      document.head.append(style, script);
    });
  }
  return visLoading;
}

// The dated rows along a time axis, earliest first: each at its date, with the row's other
// values (labels for IRIs).
class TimelineView extends View {
  get name() { return "timeline"; }
  get label() { return t("views.timeline"); }
  get icon() { return "\u25f4"; }

  applies(result) {
    return result.bindings.some((row) => result.variables.some((v) => when(row[v])));
  }

  fill(box, result) {
    const items = [];
    for (const row of result.bindings) {
      const dated = result.variables.find((v) => when(row[v]));
      if (!dated) continue;
      const rest = result.variables.filter((v) => v !== dated && row[v] && !when(row[v]));
      items.push({ at: when(row[dated]), date: row[dated].value,
        text: rest.map((v) => shown(row[v])).filter(Boolean).slice(0, 3).join(" " + DOT + " ") });
    }
    items.sort((a, b) => a.at.key - b.at.key);
    const first = items[0].at.year;
    const last = Math.max(items[items.length - 1].at.year + 1, first + 1);
    const place = (key) => String(Math.max(0, Math.min(1, (key - first) / (last - first))));
    const list = el("ol", undefined, "timeline");
    const axis = el("li", undefined, "timeline-axis");
    const ticks = el("span", undefined, "timeline-track");
    for (const year of new Set([first, Math.round((first + last) / 2), last])) {
      const tick = el("span", String(year), "timeline-tick");
      tick.style.setProperty("--at", place(year));
      ticks.append(tick);
    }
    axis.setAttribute("aria-hidden", "true");
    axis.append(el("span"), ticks, el("span"));
    list.append(axis);
    for (const item of items) {
      const entry = el("li");
      const track = el("span", undefined, "timeline-track");
      const mark = el("span", undefined, "timeline-mark");
      mark.style.setProperty("--at", place(item.at.key));
      track.append(mark);
      entry.append(el("time", item.date), track, el("span", item.text, "timeline-text"));
      list.append(entry);
    }
    box.append(list);
  }
}

// A bar per row of a result with a number (the number's column against the row's first other
// value), else a bar per distinct value of the first column, as long as the rows that hold it.
class ChartView extends View {
  get name() { return "chart"; }
  get label() { return t("views.chart"); }
  get icon() { return "\u2261"; }

  applies(result) {
    return result.variables.length > 0;
  }

  bars(result) {
    const numeric = result.variables.find((v) => result.bindings.every(
      (row) => !row[v] || (row[v].type !== "uri" && NUMBERS.has(row[v].datatype))));
    const named = result.variables.find((v) => v !== numeric);
    if (numeric && result.bindings.some((row) => row[numeric])) {
      return result.bindings.filter((row) => row[numeric]).map((row) => ({
        name: named ? shown(row[named]) : "", value: Number(row[numeric].value), unit: numeric }));
    }
    const counts = new Map();
    for (const row of result.bindings) {
      const name = shown(row[result.variables[0]]);
      counts.set(name, (counts.get(name) || 0) + 1);
    }
    return [...counts].map(([name, value]) => ({ name: name, value: value, unit: t("count") }))
      .sort((a, b) => b.value - a.value);
  }

  fill(box, result) {
    const bars = this.bars(result).slice(0, 60);
    const top = Math.max(...bars.map((b) => b.value), 1);
    const list = el("ul", undefined, "chart");
    for (const bar of bars) {
      const row = el("li");
      const fill = el("span", undefined, "chart-bar");
      fill.style.width = Math.max(0, 100 * bar.value / top) + "%";
      row.title = bar.name + ": " + bar.value + " " + bar.unit;
      row.append(el("span", bar.name, "chart-name"), fill, el("span", String(bar.value), "chart-value"));
      list.append(row);
    }
    box.append(list);
  }
}

const VIEWS = { graph: GraphView, timeline: TimelineView, chart: ChartView };
function registerViews() {
  for (const [name, view] of Object.entries(VIEWS)) Yasgui.Yasr.registerPlugin(name, view);
  Yasgui.Yasr.defaults.pluginOrder = ["table", "graph", "timeline", "chart", "response"];
}

// ------------------------------------------------------------------ the table's state
// Per-column filters under the table's header (an IRI matches by its address, prefixed name
// or label), and the state of the table in the page's address.
const tableState = { filters: {}, search: "", order: "", view: "" };

function readTableState(params) {
  tableState.filters = {};
  for (const [key, value] of params) if (key.startsWith("f.")) tableState.filters[key.slice(2)] = value;
  tableState.search = params.get("search") || "";
  tableState.order = params.get("order") || "";
  tableState.view = params.get("view") || "";
}

function writeTableState(params) {
  for (const [name, text] of Object.entries(tableState.filters)) if (text) params.set("f." + name, text);
  if (tableState.search) params.set("search", tableState.search);
  if (tableState.order) params.set("order", tableState.order);
  if (tableState.view) params.set("view", tableState.view);
  return params;
}

let lastQuery = null; // the URLSearchParams of what ran, without the table's state

function keepState() {
  if (!lastQuery) return;
  const params = writeTableState(new URLSearchParams(lastQuery));
  const url = "/query?" + params.toString();
  window.history.replaceState(null, "", url);
  permalink.href = url;
}

function matches(cell, text) {
  const wanted = text.toLowerCase();
  const label = labelOf(cell);
  return cell.toLowerCase().includes(wanted) || shortName(cell).toLowerCase().includes(wanted)
    || Boolean(label && label.toLowerCase().includes(wanted));
}

function addFilters(yasr, table) {
  const dt = table.dataTable;
  if (!dt || !table.tableEl) return;
  const variables = yasr.results.getVariables();
  const head = table.tableEl.querySelector("thead");
  if (!head || head.querySelector("tr.filters")) return;
  const row = el("tr", undefined, "filters");
  row.append(el("th"));
  variables.forEach((name, i) => {
    const cell = el("th");
    const input = el("input");
    input.type = "search";
    input.dataset.column = name;
    input.placeholder = t("filter", { column: name });
    input.setAttribute("aria-label", input.placeholder);
    input.value = tableState.filters[name] || "";
    const apply = () => {
      const text = input.value.trim();
      tableState.filters[name] = text;
      dt.column(i + 1).search(text ? (cellText) => matches(String(cellText), text) : "");
    };
    input.addEventListener("input", () => {
      apply();
      dt.draw();
      keepState();
    });
    if (input.value) apply();
    cell.append(input);
    row.append(cell);
  });
  head.append(row);
  if (tableState.search) dt.search(tableState.search);
  const [column, direction] = tableState.order.split(":");
  const index = variables.indexOf(column);
  if (index >= 0) dt.order([index + 1, direction === "desc" ? "desc" : "asc"]);
  dt.draw();
  dt.on("search.dt", () => {
    tableState.search = dt.search() || "";
    keepState();
  });
  dt.on("order.dt", () => {
    const [first] = dt.order();
    tableState.order = first && first[0] > 0 ? variables[first[0] - 1] + ":" + first[1] : "";
    keepState();
  });
}

// After a result is drawn: the table's filters and state, the view in the address, the link
// to the viewer and the warnings.
function afterDraw(yasr, plugin) {
  const name = Object.keys(yasr.plugins).find((key) => yasr.plugins[key] === plugin) || "";
  if (name === "table") addFilters(yasr, plugin);
  const view = name === "table" ? "" : name;
  if (view !== tableState.view) {
    tableState.view = view;
    keepState();
  }
}

function showViewerLink(bindings) {
  const link = document.getElementById("open-viewer");
  const entity = resultIris(bindings).map((iri) => known.get(iri)).find((f) => f && f.entity);
  link.hidden = !entity;
  if (entity) link.href = viewerUrl(entity.curie);
}

async function showWarnings(form) {
  const list = document.getElementById("warnings");
  list.replaceChildren();
  const answer = await fetch("/query/check?" + new URLSearchParams({ lang: LANG }), {
    method: "POST", body: new URLSearchParams(form),
  });
  if (!answer.ok) return;
  const found = await answer.json();
  list.replaceChildren(...found.warnings.map((w) => el("li", t("warning", { text: w }), "warning")));
}

// ------------------------------------------------------------------ the workbench
function createYasgui() {
  return new Yasgui(document.getElementById("workbench"), {
    requestConfig: { endpoint: ENDPOINT, method: "POST", acceptHeaderSelect: RESULTS },
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    copyEndpointOnNewTab: true,
    populateFromUrl: false, // the page reads its own URL (and no other endpoint may come from it)
    persistenceId: null, // the URL holds the query; nothing is kept in the browser
    autofocus: false,
    yasqe: { value: DEFAULT_QUERY, editorHeight: "260px" },
    yasr: { prefixes: data.prefixes, defaultPlugin: "table",
      pluginOrder: ["table", "graph", "timeline", "chart", "response"] },
  });
}

// IRI links in the results go where iriPage() says (YASR writes them as the raw IRI).
function routeIriLinks(root) {
  const fix = () => {
    const fresh = [];
    for (const link of root.querySelectorAll("a.iri:not([data-iri])")) {
      const iri = link.getAttribute("href") || "";
      link.dataset.iri = iri;
      link.title = iri;
      const page = iriPage(iri);
      if (page === null) {
        link.removeAttribute("href");
      } else {
        link.href = page;
        const local = page.startsWith("/");
        link.target = local ? "_self" : "_blank";
        link.rel = local ? "" : "noopener noreferrer";
      }
      fresh.push(iri);
    }
    if (fresh.length) lookUp(fresh).then(() => labelLinks(root));
  };
  new MutationObserver(fix).observe(root, { childList: true, subtree: true });
  fix();
}

function setLocation(params) {
  if (LANG !== "en") params.set("lang", LANG);
  lastQuery = new URLSearchParams(params);
  const url = "/query?" + writeTableState(params).toString();
  if (window.location.pathname + window.location.search !== url) window.history.pushState(null, "", url);
  permalink.href = url;
}

function resetTableState() {
  tableState.filters = {};
  tableState.search = "";
  tableState.order = "";
}

function showStatus(text, isError) {
  namedStatus.textContent = text;
  namedStatus.className = isError ? "error" : "";
}

// ------------------------------------------------------------------ named queries
function fieldFor(param, value) {
  const id = "param-" + param.name;
  const row = el("div", undefined, "field");
  const label = el("label", param.name);
  label.htmlFor = id;
  const input = el("input");
  input.id = id;
  input.name = param.name;
  input.value = value === undefined ? "" : value;
  input.autocomplete = "off";
  input.placeholder = param.default ? t("default", { value: param.default }) : t("needed");
  if (param.kind === "integer") input.inputMode = "numeric";
  if (param.kind === "entity") {
    input.setAttribute("list", entityNames.id);
    input.addEventListener("input", () => suggestNames(input.value));
  }
  if (param.kind === "relation") input.setAttribute("list", "relation-names");
  const help = el("small", param.kind + (param.help ? " — " + param.help : ""));
  help.id = id + "-help";
  input.setAttribute("aria-describedby", help.id);
  row.append(label, input, help);
  return row;
}

let suggesting = 0;
async function suggestNames(text) {
  const asked = ++suggesting;
  if (!text.trim()) return;
  const response = await fetch("/query/names?" + new URLSearchParams({ q: text }));
  if (!response.ok || asked !== suggesting) return;
  const found = await response.json();
  entityNames.replaceChildren(...found.map((f) => {
    const option = el("option", f.label);
    option.value = f.value;
    return option;
  }));
}

function showNamed(q, values) {
  if (!q) {
    about.replaceChildren();
    fields.replaceChildren();
    form.hidden = true;
    return;
  }
  const link = el("a", q.url);
  link.href = q.url;
  const text = tNodes("about", { description: q.description, link: link });
  about.replaceChildren(...text);
  fields.replaceChildren(...q.parameters.map((p) => fieldFor(p, values[p.name])));
  form.hidden = false;
}

function formValues() {
  const values = {};
  for (const input of fields.querySelectorAll("input")) {
    if (input.value.trim()) values[input.name] = input.value.trim();
  }
  return values;
}

function response(fetched, content) {
  return {
    ok: fetched.ok, status: fetched.status, statusText: fetched.statusText,
    headers: fetched.headers, type: fetched.type, content: content,
  };
}

// Run a named query through /queries/NAME: its text (parameters bound) goes into the editor,
// its results into the table. A missing or bad parameter is the server's to refuse.
async function runNamed(q, values) {
  const params = new URLSearchParams(values);
  setLocation(new URLSearchParams({ named: q.name, ...values }));
  const url = q.url + (params.toString() ? "?" + params : "");
  const tab = yasgui.getTab();
  showStatus(t("running", { name: q.name }), false);
  let text, answer;
  try {
    text = await fetch(url, { headers: { Accept: "application/sparql-query" } });
    const body = await text.text();
    if (!text.ok) {
      showStatus(body.trim(), true);
      tab.getYasr().setResponse(new Error(body.trim()));
      return;
    }
    tab.setName(q.title);
    tab.setQuery(body);
    withPrefixes(tab.getYasqe());
    const started = performance.now();
    answer = await fetch(url, { headers: { Accept: RESULTS } });
    const content = await answer.text();
    const ms = Math.round(performance.now() - started);
    tab.getYasr().setResponse(answer.ok ? response(answer, content) : new Error(content.trim()), ms);
    if (!answer.ok) {
      showStatus(content.trim(), true);
      return;
    }
    const rows = JSON.parse(content).results.bindings.length;
    if (rows === 0) showWarnings({ named: q.name, ...values });
    else document.getElementById("warnings").replaceChildren();
    const cut = answer.headers.get("X-Truncated") === "true"
      ? " " + t("cut", { limit: answer.headers.get("X-Row-Limit") }) : "";
    showStatus((rows === 1 ? t("row", { n: rows, ms: ms }) : t("rows", { n: rows, ms: ms })) + cut, false);
  } catch (e) {
    showStatus(t("noAnswer", { error: e.message }), true);
  }
}

function named(name) {
  return data.queries.find((q) => q.name === name);
}

// ------------------------------------------------------------------ start
let restoredQuery = null; // the query text the address held, until it has run
let pendingView = "";

function restore() {
  const params = new URLSearchParams(window.location.search);
  readTableState(params);
  pendingView = tableState.view;
  for (const key of [...params.keys()]) {
    if (key.startsWith("f.") || ["search", "order", "view", "lang"].includes(key)) params.delete(key);
  }
  restoredQuery = params.get("query");
  restoreQuery(params);
}

function restoreQuery(params) {
  const tab = yasgui.getTab();
  if (params.has("named")) {
    const name = params.get("named");
    const q = named(name);
    params.delete("named");
    const values = Object.fromEntries(params);
    if (!q) {
      showStatus(t("noSuchQuery", { name: JSON.stringify(name) }), true);
      return;
    }
    picker.value = q.name;
    showNamed(q, values);
    runNamed(q, values);
  } else if (params.has("query")) {
    tab.setQuery(params.get("query"));
    withPrefixes(tab.getYasqe());
    tab.query().catch(() => {});
  }
}

window.kgQuery = { known: known };
configureCompletion();
registerViews();
const yasgui = createYasgui();
withPrefixes(yasgui.getTab().getYasqe());
routeIriLinks(document.getElementById("workbench"));
document.getElementById("yasgui-version").textContent = data.yasgui;

const prefixRows = document.querySelector("#prefixes tbody");
for (const [prefix, ns] of Object.entries(data.prefixes)) {
  const row = prefixRows.insertRow();
  row.insertCell().textContent = prefix + ":";
  row.insertCell().textContent = ns;
}
document.getElementById("relation-names").replaceChildren(...data.relations.map((r) => {
  const option = el("option", r.label);
  option.value = r.name;
  return option;
}));
for (const q of data.queries) {
  const option = el("option", q.title + " (" + q.name + ")");
  option.value = q.name;
  picker.append(option);
}
// picking a named query shows its SPARQL (its defaults bound) before it runs
picker.addEventListener("change", () => {
  const q = named(picker.value);
  showNamed(q, {});
  showStatus("", false);
  if (q) {
    const tab = yasgui.getTab();
    tab.setName(q.title);
    tab.setQuery(q.example);
    withPrefixes(tab.getYasqe());
  }
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = named(picker.value);
  resetTableState();
  if (q) runNamed(q, formValues());
});
// a query run from the editor declares the project prefixes it uses, and the URL holds it
yasgui.on("queryBefore", (_yasgui, tab) => withPrefixes(tab.getYasqe()));
yasgui.on("query", (_yasgui, tab) => {
  if (tab.getQuery() !== restoredQuery) resetTableState(); // a new query: a new table
  restoredQuery = null;
  setLocation(new URLSearchParams({ query: tab.getQuery() }));
  showStatus("", false);
  showWarnings({ query: tab.getQuery() });
});

// YASR's header in the page's language: YASR has no setting for its words ("Shows Table
// view", "3 results in 0.2 seconds", "View documentation of Table") and writes them again on
// every draw, so whatever it writes there is rewritten from the catalogue (server.query.*) as it
// appears. A text is only set when it differs, so the rewriting does not wake the observer again.
function inOurWords(yasr) {
  const header = yasr.headerEl;
  if (!header) return;
  const own = { table: t("views.table"), response: t("views.response") };
  const set = (node, attribute, text) => {
    if (node.getAttribute(attribute) !== text) node.setAttribute(attribute, text);
  };
  const viewName = (name) => own[name] || (yasr.plugins[name] && yasr.plugins[name].label) || name;
  const rewrite = () => {
    for (const button of header.querySelectorAll("button.yasr_btn")) {
      const name = Array.from(button.classList).find((c) => c.startsWith("select_"));
      if (!name) continue;
      const word = viewName(name.slice("select_".length));
      set(button, "title", word);
      set(button, "aria-label", t("views.shows", { view: word }));
      const text = button.querySelector(":scope > span:not(.plugin_icon)"); // not the view's icon
      if (text && text.textContent !== word) text.textContent = word;
    }
    const chip = header.querySelector(".yasr_response_chip");
    if (chip && yasr.results && chip.textContent) {
      const bindings = yasr.results.getBindings();
      const ms = Math.round(yasr.results.getResponseTime() || 0);
      let text;
      if (bindings) {
        const n = bindings.length;
        text = ms ? t(n === 1 ? "row" : "rows", { n, ms }) : n + " " + t("count");
      } else {
        text = t("answered", { ms });
      }
      if (chip.textContent !== text) chip.textContent = text;
    }
    const help = yasr.documentationLink;
    if (help) {
      const plugin = yasr.getSelectedPlugin && yasr.getSelectedPlugin();
      if (plugin && plugin.helpReference) {
        const text = t("views.help", { view: viewName(yasr.getSelectedPluginName()) });
        set(help, "title", text);
        set(help, "aria-label", text);
      } else if (help.hasAttribute("title")) {
        help.removeAttribute("title");
      }
    }
  };
  new MutationObserver(rewrite).observe(header, {
    childList: true, subtree: true, characterData: true, attributes: true,
    attributeFilter: ["title", "aria-label"],
  });
  rewrite();
}

// each tab's results: labels, the viewer link, the table's filters and the view
const watched = new WeakSet();
function watch(tab) {
  const yasr = tab.getYasr();
  if (watched.has(yasr)) return;
  watched.add(yasr);
  inOurWords(yasr);
  yasr.on("drawn", (drawn, plugin) => {
    const result = selectResult(drawn);
    if (result) lookUp(resultIris(result.bindings)).then(() => showViewerLink(result.bindings));
    const name = Object.keys(drawn.plugins).find((key) => drawn.plugins[key] === plugin);
    if (pendingView && name !== pendingView && drawn.plugins[pendingView]
        && drawn.plugins[pendingView].canHandleResults()) {
      const view = pendingView;
      pendingView = "";
      drawn.selectPlugin(view);
      return;
    }
    pendingView = "";
    afterDraw(drawn, plugin);
  });
}
watch(yasgui.getTab());
yasgui.on("tabSelect", (_yasgui, id) => watch(yasgui.getTab(id)));
window.addEventListener("popstate", restore);
restore();
