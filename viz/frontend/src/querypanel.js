/* The SPARQL panel and window.kg (docs/reference/viewer-api.md): the named queries of
 * graph/queries (viz/engine.py puts them into the page from those files), a query text, its
 * answer as a table, and "show in graph" for the entities and statements the answer names.
 *
 * The engine (engine.js) starts on the first query. The panel's text is what runs: picking a
 * named query, or changing one of its parameters, writes the query with the parameters' terms
 * into it. A parameter's value is a SPARQL term (person:Stalin, <IRI>, 1941, "text") or, for an
 * entity, a name the page's search finds. The table follows the viewer's tables (data-table):
 * an entity by its name in the page's language (a click selects it), a statement by its
 * relation (a click opens it), any other IRI by its prefixed name, a literal as written. */
import { clear, el } from "./dom.js";
import { blankQuery, boundQuery, makeEngine } from "./engine.js";
import { setFocus } from "./focus.js";
import { t } from "./messages.js";
import { state } from "./state.js";
import { translate } from "./words.js";
import { label, relLabel } from "./names.js";
import { adjacency, byEdge, byNode } from "./page.js";
import { search } from "./search.js";
import { selectEdge, selectNode } from "./selection.js";

const ROWS_SHOWN = 500; // table rows drawn at most (the status says how many there are)

/** @typedef {import("./engine.js").SparqlJson} SparqlJson */
/** @typedef {{ name: string, kind: string, help: string, value: string | null, default: string | null }} QueryParam */
/** @typedef {{ name: string, title: string, description: string, params: QueryParam[], parts: (string | { param: string })[] }} NamedQuery */

/** @param {string} id */
function block(id) {
  var node = document.getElementById(id);
  return node ? node.textContent : null;
}

/** The page's named queries and prefixes (null on a page without the engine). */
function catalogue() {
  var text = block("kg-sparql");
  return text ? JSON.parse(text) : null;
}

/** The SPARQL term a parameter's value stands for, or an Error saying what to type.
 * @param {string} value @param {QueryParam} param @returns {string | Error} */
export function termFor(value, param) {
  var v = value.trim();
  if (!v) return new Error(t("sparqlNeeded", { param: param.name }));
  if (param.default !== null && v === param.value) return param.default;
  if (/^<[^<>"{}|^`\\\s]*>$/.test(v) || /^[+-]?\d+$/.test(v) || /^"(?:[^"\\]|\\.)*"(@[\w-]+)?$/.test(v)) return v;
  if (param.kind === "integer") return new Error(t("sparqlNumber", { param: param.name, value: v }));
  if (param.kind === "string") return JSON.stringify(v);
  if (/^[A-Za-z][\w-]*:[^\s]*$/.test(v)) return v;
  var found = search(v, 1)[0];
  if (found) return "<" + found + ">";
  return new Error(t("sparqlNoEntity", { param: param.name, value: v }));
}

/** A cell of the table: what a value of the answer is, in words of the page.
 * @param {{ type: string, value: string, datatype?: string, "xml:lang"?: string }} term
 * @param {Record<string, string>} prefixes */
function cell(term, prefixes) {
  if (!term) return el("td");
  if (term.type === "uri") {
    if (byNode.has(term.value)) {
      return el("td", null, el("button", { type: "button", class: "link", onclick: function () { selectNode(term.value, true); } }, label(term.value)));
    }
    if (byEdge.has(term.value)) {
      var e = byEdge.get(term.value);
      return el("td", null, el("button", { type: "button", class: "link", title: term.value, onclick: function () { selectEdge(term.value); } },
        label(e.from) + " · " + relLabel(e.relation) + " · " + label(e.to)));
    }
    return el("td", { title: term.value }, short(term.value, prefixes));
  }
  if (term.type === "bnode") return el("td", null, "_:" + term.value);
  var lang = term["xml:lang"];
  return el("td", lang ? { lang: lang } : null, term.value);
}

/** An IRI by its prefixed name where a prefix of the page's covers it. @param {string} iri @param {Record<string, string>} prefixes */
function short(iri, prefixes) {
  var best = null;
  Object.keys(prefixes).forEach(function (p) {
    var base = prefixes[p];
    if (iri.startsWith(base) && /^[\w-]*$/.test(iri.slice(base.length)) && (!best || base.length > prefixes[best].length)) best = p;
  });
  return best ? best + ":" + iri.slice(prefixes[best].length) : iri;
}

/** The entities and statements an answer names (statements bring their two entities); an
 * answer that names no statement brings the relations among its entities.
 * @param {SparqlJson} result */
export function named(result) {
  var nodes = new Set(), edges = new Set();
  ((result && result.results && result.results.bindings) || []).forEach(function (row) {
    Object.keys(row).forEach(function (k) {
      var v = row[k];
      if (v.type !== "uri") return;
      if (byNode.has(v.value)) nodes.add(v.value);
      else if (byEdge.has(v.value)) {
        var e = byEdge.get(v.value);
        edges.add(v.value); nodes.add(e.from); nodes.add(e.to);
      }
    });
  });
  if (!edges.size) {
    nodes.forEach(function (id) {
      adjacency.get(id).forEach(function (eid) {
        var e = byEdge.get(eid);
        if (nodes.has(e.from) && nodes.has(e.to)) edges.add(eid);
      });
    });
  }
  return { nodes: nodes, edges: edges };
}

/** Select or highlight what an answer names: one entity selected, more dimming the rest and
 * fitted in view. Returns how many entities it names. @param {SparqlJson} result */
export function show(result) {
  var found = named(result);
  if (found.nodes.size === 1 && !found.edges.size) selectNode(found.nodes.values().next().value, true);
  else if (found.nodes.size) setFocus({ nodes: found.nodes, edges: found.edges, force: true });
  return found.nodes.size;
}

/** Opens the panel (on a page that has it). */
export let openPanel = function () {};

export let engine = makeEngine(function () {
  var data = catalogue();
  if (!data) throw new Error(t("sparqlOff"));
  return { wasm: block("kg-sparql-wasm"), triples: block("kg-sparql-triples"), prefixes: data.prefixes };
});

export function init() {
  var data = catalogue();
  /** The query workbench's words the panel shares (viz.engine.WORKBENCH_WORDS), in the page's language.
   * @param {string} key @param {Record<string, unknown>} [params] */
  function shared(key, params) { return translate(data.words, state.lang, key.replace(/^server\.query\./, ""), params); }
  /** @type {NamedQuery[]} */ var queries = data ? data.queries : [];
  window.kg = {
    /** SPARQL JSON results of `text` (SELECT, ASK; N-Triples text for CONSTRUCT, DESCRIBE). */
    query: function (text) {
      if (!data) return Promise.reject(new Error(t("sparqlOff")));
      if (typeof text !== "string") return Promise.reject(new TypeError(t("sparqlNotText")));
      return engine.query(text);
    },
    /** The named queries: name, title, description and parameters. */
    queries: function () {
      return queries.map(function (q) { return { name: q.name, title: q.title, description: q.description, params: q.params.map(function (p) { return Object.assign({}, p); }) }; });
    },
    /** A named query's text with `values` (or the defaults) for its parameters. */
    text: function (name, values) { return textOf(find(name), values || {}); },
    show: show,
    started: engine.started,
    timings: engine.timings,
  };
  var panel = document.getElementById("sparql");
  if (!data || !panel) return;
  var prefixes = prefixMap(data.prefixes);
  var toggle = document.getElementById("sparql-toggle");
  var picker = document.getElementById("sparql-named");
  var fields = document.getElementById("sparql-params");
  var about = document.getElementById("sparql-about");
  var text = document.getElementById("sparql-text");
  var status = document.getElementById("sparql-status");
  var showButton = document.getElementById("sparql-show");
  var table = document.getElementById("sparql-table");
  /** @type {SparqlJson | string | null} */ var last = null;
  var lastMs = 0;

  function find(name) {
    var q = queries.find(function (x) { return x.name === name; });
    if (!q) throw new Error(t("sparqlNoQuery", { name: name }));
    return q;
  }

  function textOf(q, values) {
    /** @type {Record<string, string>} */ var terms = {};
    q.params.forEach(function (p) {
      var term = termFor(String(p.name in values ? values[p.name] : p.value || ""), p);
      if (term instanceof Error) throw term;
      terms[p.name] = term;
    });
    return boundQuery(q.parts, terms);
  }

  function open(on) {
    panel.hidden = !on;
    toggle.setAttribute("aria-expanded", String(on));
    if (on) text.focus();
  }
  openPanel = function () { if (panel.hidden) open(true); };
  toggle.addEventListener("click", function () { open(panel.hidden); });
  document.getElementById("sparql-close").addEventListener("click", function () { open(false); toggle.focus(); });

  function buildPicker() {
    var chosen = picker.value;
    clear(picker).append(el("option", { value: "" }, t("sparqlOwn")));
    queries.forEach(function (q) { picker.append(el("option", { value: q.name }, q.title + " (" + q.name + ")")); });
    picker.value = chosen;
  }

  function values() {
    var out = {};
    fields.querySelectorAll("input").forEach(function (input) { out[input.name] = input.value; });
    return out;
  }

  function rewrite() {
    if (!picker.value) return;
    try {
      text.value = textOf(find(picker.value), values());
      say("");
    } catch (err) {
      say(err.message);
    }
  }

  function pick() {
    clear(fields);
    clear(about);
    if (!picker.value) return;
    var q = find(picker.value);
    about.textContent = q.description;
    q.params.forEach(function (p) {
      var id = "sparql-param-" + p.name;
      var input = el("input", { id: id, name: p.name, type: "search", autocomplete: "off", value: p.value || "",
        list: p.kind === "entity" ? "entity-names" : null, onchange: rewrite });
      var hint = p.value !== null ? shared("server.query.default", { value: p.value }) : shared("server.query.needed");
      fields.append(el("label", { for: id }, "$" + p.name + " ", el("span", { class: "hint" }, p.help + " (" + hint + ")")), input);
    });
    rewrite();
  }
  picker.addEventListener("change", pick);
  // the text edited by hand is no longer the named query: the picker and its words say so
  text.addEventListener("input", function () {
    if (!picker.value) return;
    picker.value = "";
    clear(fields);
    clear(about);
  });

  function say(words) { status.textContent = words; }

  function render(result, ms) {
    var head = table.querySelector("thead"), body = table.querySelector("tbody");
    clear(head); clear(body);
    last = result;
    lastMs = ms;
    showButton.disabled = true;
    if (typeof result === "string") {
      var lines = result.split("\n").filter(Boolean);
      say(t("sparqlTriples", { n: lines.length, ms: ms }));
      head.append(el("tr", null, el("th", { scope: "col" }, "N-Triples")));
      lines.slice(0, ROWS_SHOWN).forEach(function (line) { body.append(el("tr", null, el("td", null, line))); });
      return;
    }
    if (typeof result.boolean === "boolean") {
      say(result.boolean ? t("sparqlYes", { ms: ms }) : t("sparqlNo", { ms: ms }));
      return;
    }
    var vars = result.head.vars || [], rows = result.results.bindings;
    head.append(el("tr", null, ...vars.map(function (v) { return el("th", { scope: "col", "data-col": v }, "?" + v); })));
    rows.slice(0, ROWS_SHOWN).forEach(function (row) {
      body.append(el("tr", null, ...vars.map(function (v) { return cell(row[v], prefixes); })));
    });
    var count = shared(rows.length === 1 ? "server.query.row" : "server.query.rows", { n: rows.length, ms: ms });
    if (rows.length > ROWS_SHOWN) count += " " + t("sparqlFirst", { n: ROWS_SHOWN });
    say(count);
    showButton.disabled = named(result).nodes.size === 0;
  }

  var running = false;
  async function run() {
    if (running) return;
    if (blankQuery(text.value)) { say(t("sparqlEmpty")); text.focus(); return; }
    running = true;
    say(engine.started() ? shared("server.query.running", { name: picker.value || "SPARQL" }) : t("sparqlStarting"));
    var t0 = window.performance.now();
    try {
      var result = await engine.query(text.value);
      render(result, Math.round(window.performance.now() - t0));
    } catch (err) {
      clear(table.querySelector("thead")); clear(table.querySelector("tbody"));
      last = null; showButton.disabled = true;
      say(t("sparqlError", { error: err.message }));
    } finally {
      running = false;
    }
  }
  document.getElementById("sparql-run").addEventListener("click", run);
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });
  showButton.addEventListener("click", function () {
    if (!last || typeof last === "string") return;
    var n = show(last);
    say(t("sparqlShown", { n: n }));
  });
  document.getElementById("lang").addEventListener("change", function () {
    buildPicker();
    if (last !== null) render(last, lastMs);
  });
  buildPicker();
}

/** The prefixes of the page's PREFIX line, by name. @param {string} line */
function prefixMap(line) {
  /** @type {Record<string, string>} */ var out = {};
  line.replace(/PREFIX\s+([\w-]*):\s*<([^>]*)>/g, function (_, p, iri) { out[p] = iri; return ""; });
  return out;
}
