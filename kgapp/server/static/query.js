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
  if (iri.startsWith(data.base)) return "/" + iri.slice(data.base.length);
  return iri;
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
    yasr: { prefixes: data.prefixes, defaultPlugin: "table" },
  });
}

// IRI links in the results go where iriPage() says (YASR writes them as the raw IRI).
function routeIriLinks(root) {
  const fix = () => {
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
    }
  };
  new MutationObserver(fix).observe(root, { childList: true, subtree: true });
  fix();
}

function setLocation(params) {
  const url = "/query?" + params.toString();
  if (window.location.pathname + window.location.search !== url) window.history.pushState(null, "", url);
  permalink.href = url;
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
function restore() {
  const params = new URLSearchParams(window.location.search);
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

configureCompletion();
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
picker.addEventListener("change", () => {
  showNamed(named(picker.value), {});
  showStatus("", false);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = named(picker.value);
  if (q) runNamed(q, formValues());
});
// a query run from the editor declares the project prefixes it uses, and the URL holds it
yasgui.on("queryBefore", (_yasgui, tab) => withPrefixes(tab.getYasqe()));
yasgui.on("query", (_yasgui, tab) => {
  setLocation(new URLSearchParams({ query: tab.getQuery() }));
  showStatus("", false);
});
window.addEventListener("popstate", restore);
restore();
