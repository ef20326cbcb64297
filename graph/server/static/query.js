// The query page: a named-query picker, an editor and a results table.
// Everything the server or the data says is written with textContent, never as HTML, and only
// http(s) IRIs become links (entities of the graph link to /entity, others open as they are).
"use strict";

const data = JSON.parse(document.getElementById("data").textContent);
const byLength = Object.entries(data.prefixes).sort((a, b) => b[1].length - a[1].length);
const editor = document.getElementById("editor");
const picker = document.getElementById("picker");
const about = document.getElementById("about");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
const permalink = document.getElementById("permalink");
const ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function curie(iri) {
  for (const [prefix, ns] of byLength) {
    if (iri.startsWith(ns) && iri.length > ns.length) return prefix + ":" + iri.slice(ns.length);
  }
  return iri;
}

function isHttp(iri) {
  try {
    const url = new URL(iri);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch (e) {
    return false;
  }
}

function isEntity(iri) {
  return data.entities.some((ns) => iri.startsWith(ns));
}

function termNode(term) {
  if (term.type === "uri") {
    if (!isHttp(term.value)) return el("span", term.value);
    const link = el("a", curie(term.value));
    link.title = term.value;
    if (isEntity(term.value)) {
      link.href = "/entity?iri=" + encodeURIComponent(term.value);
    } else {
      link.href = term.value;
      link.rel = "noopener noreferrer";
    }
    return link;
  }
  if (term.type === "bnode") return el("span", "_:" + term.value, "bnode");
  if (term.type === "triple") {
    const span = el("span", "<< ", "triple");
    for (const part of [term.value.subject, term.value.predicate, term.value.object]) {
      span.append(termNode(part), " ");
    }
    span.append(">>");
    return span;
  }
  const span = el("span", term.value);
  if (term["xml:lang"]) span.append(el("small", "@" + term["xml:lang"]));
  else if (term.datatype && !term.datatype.endsWith("#string")) {
    span.append(el("small", "^^" + curie(term.datatype)));
  }
  return span;
}

function showStatus(text, isError) {
  statusLine.textContent = text;
  statusLine.className = isError ? "error" : "";
}

function showTable(json) {
  const table = el("table");
  const head = table.createTHead().insertRow();
  for (const name of json.head.vars) head.append(el("th", "?" + name));
  const body = table.createTBody();
  for (const binding of json.results.bindings) {
    const row = body.insertRow();
    for (const name of json.head.vars) {
      const cell = row.insertCell();
      if (binding[name]) cell.append(termNode(binding[name]));
    }
  }
  results.replaceChildren(table);
  return json.results.bindings.length;
}

async function run() {
  const query = editor.value;
  permalink.href = "/query?" + new URLSearchParams({ query: query }).toString();
  showStatus("Running…", false);
  const started = performance.now();
  let response, text;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: ACCEPT },
      body: new URLSearchParams({ query: query }),
    });
    text = await response.text();
  } catch (e) {
    showStatus("The server did not answer: " + e.message, true);
    return;
  }
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    results.replaceChildren();
    showStatus("Error " + response.status + ": " + text.trim(), true);
    return;
  }
  const cut = response.headers.get("X-Truncated") === "true"
    ? " — cut at the server's limit of " + response.headers.get("X-Row-Limit") + " rows" : "";
  const type = response.headers.get("Content-Type") || "";
  if (type.startsWith("application/n-triples")) {
    const triples = text.split("\n").filter((line) => line.trim()).length;
    results.replaceChildren(el("pre", text));
    showStatus(triples + " triples in " + ms + " ms" + cut, false);
    return;
  }
  const json = JSON.parse(text);
  if ("boolean" in json) {
    results.replaceChildren(el("p", json.boolean ? "yes" : "no", "boolean"));
    showStatus("answered in " + ms + " ms", false);
    return;
  }
  const n = showTable(json);
  showStatus(n + (n === 1 ? " row" : " rows") + " in " + ms + " ms" + cut, false);
}

async function loadNamed(name, params) {
  const url = "/queries/" + encodeURIComponent(name) + "?" + params.toString();
  const response = await fetch(url, { headers: { Accept: "application/sparql-query" } });
  const text = await response.text();
  if (!response.ok) {
    showStatus("Error " + response.status + ": " + text.trim(), true);
    return false;
  }
  editor.value = text;
  return true;
}

async function start() {
  const prefixRows = document.querySelector("#prefixes tbody");
  for (const [prefix, ns] of Object.entries(data.prefixes)) {
    const row = prefixRows.insertRow();
    row.insertCell().textContent = prefix + ":";
    row.insertCell().textContent = ns;
  }
  const response = await fetch("/queries");
  const named = response.ok ? await response.json() : [];
  for (const q of named) {
    const option = el("option", q.title + " (" + q.name + ")");
    option.value = q.name;
    picker.append(option);
  }
  picker.addEventListener("change", () => {
    const q = named.find((item) => item.name === picker.value);
    if (!q) {
      about.replaceChildren();
      return;
    }
    editor.value = q.example;
    const link = el("a", q.url);
    link.href = q.url;
    about.replaceChildren(q.description + " Also at ", link,
      q.parameters.length ? " with " + q.parameters.map((p) => p.name + "=…").join(", ") : "", ".");
  });
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  const params = new URLSearchParams(window.location.search);
  if (params.has("named")) {
    const name = params.get("named");
    params.delete("named");
    picker.value = name;
    if (await loadNamed(name, params)) run();
  } else if (params.has("query")) {
    editor.value = params.get("query");
    run();
  }
}

start();
