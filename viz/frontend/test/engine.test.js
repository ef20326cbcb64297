/* The page's SPARQL engine (src/engine.js) without a browser: Oxigraph's WebAssembly build,
 * installed from the lockfile, over the blocks viz/engine.py writes into a page, answering every
 * named query as `kg query` does (graph.KnowledgeGraph.run, the same SPARQL JSON). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { blankQuery, boundQuery, fileFormat, fromBase64, gunzip64, makeEngine, relocate } from "../src/engine.js";
import { ROOT, fromPython } from "./python.js";

let cached = null;
/** Values for the parameters that have no default (the others keep theirs). */
export const SAMPLES = { year: 1941, n: 9 };

/** The page's blocks for the bundled graph, and for each named query kg.run's answer with
 * its defaults and SAMPLES, and the terms these are (graph.queries' rule). */
function fromGraph() {
  cached = cached || fromPython(
    "import json, graph\nfrom graph import queries\nfrom viz.engine import sparql_blocks\n" +
    `kg = graph.load()\nb = sparql_blocks(kg)\nsamples = ${JSON.stringify(SAMPLES)}\n` +
    "b['answers'], b['terms'] = {}, {}\n" +
    "for q in queries.all_queries():\n" +
    "    given = {p.name: samples[p.name] for p in q.params if p.default is None}\n" +
    "    b['terms'][q.name] = {k: v.n3() for k, v in q.bind(given, kg).items()}\n" +
    "    b['answers'][q.name] = json.loads(kg.run(q.name, **given).to_json())\n" +
    "print(json.dumps(b))");
  return cached;
}

function engineOf(data) {
  return makeEngine(() => ({ wasm: data.wasm, triples: data.triples, prefixes: data.queries.prefixes }));
}

/** The terms the page binds: a parameter's default as viz/engine.py gives it, else Python's
 * term for the sample value. */
function terms(data, q) {
  return Object.fromEntries(q.params.map((p) => [p.name, p.default !== null ? p.default : data.terms[q.name][p.name]]));
}

test("base64 and gzip: the bytes Python wrote", async () => {
  assert.deepEqual(Array.from(fromBase64("AAEC/w==")), [0, 1, 2, 255]);
  const wasm = readFileSync(path.join(ROOT, "viz/frontend/node_modules/oxigraph/web_bg.wasm"));
  const bytes = await gunzip64(fromGraph().wasm);
  assert.equal(bytes.length, wasm.length);
  assert.ok(Buffer.from(bytes).equals(wasm));
});

test("every named query: the page's engine gives kg query's answer", async () => {
  const data = fromGraph();
  const engine = engineOf(data);
  assert.equal(engine.started(), false); // nothing decoded before the first query
  assert.equal(data.queries.queries.length, Object.keys(data.answers).length);
  for (const q of data.queries.queries) {
    const got = /** @type {any} */ (await engine.query(boundQuery(q.parts, terms(data, q))));
    const want = data.answers[q.name];
    assert.deepEqual(got.head.vars, want.head.vars, q.name);
    assert.ok(want.results.bindings.length > 0, `${q.name} has rows to compare`);
    assert.deepEqual(got.results.bindings, want.results.bindings, q.name);
  }
});

test("prefixes declared, ASK and CONSTRUCT, errors located as written", async () => {
  const engine = engineOf(fromGraph());
  assert.deepEqual(await engine.query("ASK { person:Stalin rel:exiledWith person:Kamenew }"), { head: {}, boolean: true });
  const nt = /** @type {string} */ (await engine.query("CONSTRUCT { person:Stalin rel:exiledWith ?b } WHERE { person:Stalin rel:exiledWith ?b }"));
  assert.match(nt, /^<https:\/\/w3id.org\/stalin-kg\/person\/Stalin> <[^>]+exiledWith> <[^>]+Kamenew> \.\n$/);
  await assert.rejects(engine.query("SELECT * {\n  ?s ?p ?o\n  FILTER(}"), /error at 3:11/);
  await assert.rejects(engine.query("SELECT * { ?s ?p ?o"), (/** @type {any} */ err) => /error at 1:(\d+)/.exec(err.message)[1] === "20");
});

test("relocate: only line 1's column moves", () => {
  assert.equal(relocate("error at 1:120: expected x", 100), "error at 1:20: expected x");
  assert.equal(relocate("error at 2:5: expected x", 100), "error at 2:5: expected x");
  assert.throws(() => boundQuery(["a", { param: "x" }], {}), /\$x/);
  assert.equal(boundQuery(["a ", { param: "x" }, " b"], { x: "<i>" }), "a <i> b");
});

test("one's own file: read by its kind, errors located, the page's data back", async () => {
  assert.equal(fileFormat("mine.TTL"), "text/turtle");
  assert.equal(fileFormat("g.jsonld"), "application/ld+json");
  assert.equal(fileFormat("notes.txt"), null);
  assert.equal(fileFormat("constructor"), null);
  const engine = engineOf(fromGraph());
  const ask = "ASK { person:Stalin rel:exiledWith person:Kamenew }";
  const n = await engine.useFile("@prefix x: <http://x/> .\nx:a x:p x:b , x:c .\n", "text/turtle", "mine.ttl");
  assert.equal(n, 2);
  assert.deepEqual(engine.file(), { name: "mine.ttl", size: 2 });
  assert.equal((/** @type {any} */ (await engine.query("SELECT ?o { <http://x/a> ?p ?o }"))).results.bindings.length, 2);
  assert.equal((/** @type {any} */ (await engine.query(ask))).boolean, false);
  await assert.rejects(engine.useFile("@prefix x: <http://x/> .\nx:a x:p\n  x:b x:c .", "text/turtle", "bad.ttl"), /line 3/);
  assert.equal(engine.file().name, "mine.ttl"); // a file that does not parse changes nothing
  await engine.useFile('{"@id": "http://x/j", "http://x/p": "v"}', "application/ld+json", "j.jsonld");
  assert.equal((/** @type {any} */ (await engine.query("SELECT * { <http://x/j> ?p ?o }"))).results.bindings.length, 1);
  await engine.usePage();
  assert.equal(engine.file(), null);
  assert.equal((/** @type {any} */ (await engine.query(ask))).boolean, true);
});

test("a text of blanks and comments holds no query; one with a pattern, or an IRI with #, does", () => {
  for (const blank of ["", "  \n\t", "# the friends\n  # of Stalin\r\n"]) assert.equal(blankQuery(blank), true, JSON.stringify(blank));
  for (const query of ["ASK {}", "# a comment\nSELECT * { ?s ?p ?o }", "SELECT * { <http://x/#y> ?p ?o }", "PREFIX x: <http://x/>"]) {
    assert.equal(blankQuery(query), false, query);
  }
});
