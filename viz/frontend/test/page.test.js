/* The page's rules without a browser: filters and time (src/rules.js), the address
 * (src/view.js), the words (src/words.js) and the compact decoding (src/compact.js), on what
 * Python makes for the bundled graph. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { exists, holds, passes } from "../src/rules.js";
import { decodeView, encodeView } from "../src/view.js";
import { fill, fillParts, translate } from "../src/words.js";
import { decode } from "../src/compact.js";
import { fromPython, pageData } from "./python.js";

function allOn(data) {
  return { types: new Set(data.types.map((t) => t.id)), relations: new Set(data.relations.map((r) => r.id)),
           year: null, statedOnly: false, hideOrphans: true };
}

test("time: a relation holds, an entity exists, within its years", () => {
  assert.ok(holds({ years: [1917, 1924] }, 1920) && !holds({ years: [1917, 1924] }, 1925));
  assert.ok(holds({ years: [1917, null] }, 1950) && holds({ years: null }, 1800) && holds({ years: [1917, 1924] }, null));
  assert.ok(exists({ years: [null, 1940] }, 1900) && !exists({ years: [null, 1940] }, 1941));
});

test("filters: relations, types, year, stated only, entities left alone", () => {
  const data = pageData();
  const byNode = new Map(data.nodes.map((n) => [n.id, n]));
  const every = passes(data.nodes, data.edges, byNode, allOn(data));
  assert.equal(every.edges.size, data.edges.length);
  const stated = passes(data.nodes, data.edges, byNode, { ...allOn(data), statedOnly: true });
  assert.ok(stated.edges.size > 0 && stated.edges.size < data.edges.length);
  for (const id of stated.edges) assert.equal(data.edges.find((e) => e.id === id).basis, "stated");
  const one = data.edges[0].relation;
  const only = passes(data.nodes, data.edges, byNode, { ...allOn(data), relations: new Set([one]) });
  for (const id of only.edges) assert.equal(data.edges.find((e) => e.id === id).relation, one);
  for (const id of only.nodes) assert.ok(only.degree.get(id) > 0 || byNode.get(id).degree === 0); // orphans hidden
  const year = 1930;
  const then = passes(data.nodes, data.edges, byNode, { ...allOn(data), year: year });
  for (const id of then.edges) assert.ok(holds(data.edges.find((e) => e.id === id), year));
  assert.ok(then.edges.size < every.edges.size);
});

test("the address: what is written is read back, and only what differs is written", () => {
  const data = pageData();
  const base = { ...allOn(data), selected: null, ends: null, avoid: [], focusDepth: 1, metric: "type",
                 lang: data.meta.lang, mode: "hide", view: "graph" };
  assert.equal(encodeView(base, data, (id) => id), "");
  const rel = data.relations[0].id;
  const view = { ...base, selected: { kind: "node", id: "person:Stalin" }, year: 1930, statedOnly: true,
                 relations: new Set([...base.relations].filter((r) => r !== rel)), lang: "de", mode: "fade",
                 focusDepth: 2, view: "text", hideOrphans: false, ends: ["person:Lenin", "person:Bucharin"], avoid: ["person:Stalin"] };
  const hash = encodeView(view, data, (id) => id);
  const back = decodeView("#" + hash, data);
  assert.deepEqual([back.node, back.year, back.statedOnly, back.lang, back.mode, back.focusDepth, back.view, back.hideOrphans],
                   ["person:Stalin", 1930, true, "de", "fade", 2, "text", false]);
  assert.deepEqual([back.from, back.to, back.avoid], ["person:Lenin", "person:Bucharin", ["person:Stalin"]]);
  assert.ok(!back.relations.has(rel) && back.relations.size === data.relations.length - 1);
  assert.equal(decodeView("#person:Trotzki", data).node, "person:Trotzki"); // an old-style fragment
  assert.equal(decodeView("#year=abc", data).year, null);
});

test("words: the catalogue's page messages, English where a language lacks one", () => {
  const data = pageData();
  const words = data.messages;
  assert.deepEqual(Object.keys(words).sort(), ["de", "en"]);
  assert.deepEqual(Object.keys(words.de).sort(), Object.keys(words.en).sort());
  const key = Object.keys(words.en).find((k) => /\{\w+\}/.test(words.en[k]));
  const name = /\{(\w+)\}/.exec(words.en[key])[1];
  assert.ok(!translate(words, "de", key, { [name]: "X" }).includes("{" + name + "}"));
  assert.equal(translate({ en: { a: "A" }, de: {} }, "de", "a"), "A");
  assert.equal(translate({ en: {}, de: {} }, "de", "nosuch"), "nosuch");
  assert.equal(fill("{n} of {m}", { n: 1, m: 2 }), "1 of 2");
  assert.deepEqual(fillParts("by {who}.", { who: 7 }), ["by ", 7, "."]);
});

test("compact decoding gives the records a plain page has", () => {
  const got = fromPython([
    "import json, graph",
    "from viz.data import page_data",
    "from viz.render import vis_nodes, vis_edges",
    "from viz.compact import encode",
    "from viz.lod import plan",
    "d = page_data(graph.load())",
    "n, e = vis_nodes(d), vis_edges(d)",
    "kg = {k: v for k, v in d.items() if k not in ('nodes', 'edges')}",
    "print(json.dumps({'doc': encode(d, n, e, plan(d['nodes'], d['edges'])), 'nodes': n, 'edges': e, 'kg': kg}))",
  ].join("\n"));
  const out = decode(got.doc, got.kg);
  assert.deepEqual(out.nodes, got.nodes);
  assert.deepEqual(out.edges, got.edges);
  assert.deepEqual(JSON.parse(JSON.stringify(out.reading())), got.kg.reading);
  const index = out.searchIndex((s) => s.toLowerCase());
  assert.equal(index.entities.length, got.nodes.length);
  assert.throws(() => decode({ ...got.doc, v: 2 }, got.kg), /schema version 2 is not 1/);
});

test("motion: the view moves in an animation unless the reader asked for less motion", async () => {
  let reduce = false;
  const media = (query) => ({ matches: reduce && query === "(prefers-reduced-motion: reduce)" });
  const global = /** @type {any} */ (globalThis); // a window with what page.js reads of it
  global.window = { performance: globalThis.performance, matchMedia: media };
  try {
    const { animation } = await import("../src/page.js");
    assert.deepEqual(animation(400), { duration: 400 });
    reduce = true; // asked at each move: a change of the setting holds at once
    assert.equal(animation(400), false);
    global.window = { performance: globalThis.performance }; // no matchMedia: it animates
    assert.deepEqual(animation(300), { duration: 300 });
  } finally {
    delete global.window;
  }
});
