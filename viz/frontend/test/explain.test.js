/* Explain (src/chains.js) against graph/explain.py: the shared list
 * tests/fixtures/explain_cases.json (tests/test_explain_cases.py holds Python to it). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { findChains } from "../src/chains.js";
import { fixture, pageData } from "./python.js";

function graphOf(data) {
  const adjacency = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    adjacency.get(e.from).push(e.id);
    if (e.to !== e.from) adjacency.get(e.to).push(e.id);
  }
  return { adjacency, byEdge: new Map(data.edges.map((e) => [e.id, e])), pass: new Set(data.edges.map((e) => e.id)) };
}

test("every pair of the shared list gets Python's chains", () => {
  const data = pageData();
  const graph = graphOf(data);
  const id = new Map(data.nodes.map((n) => [n.curie, n.id]));
  const curie = new Map(data.nodes.map((n) => [n.id, n.curie]));
  for (const c of fixture("explain_cases.json").cases) {
    const chains = findChains(graph, id.get(c.a), id.get(c.b), c.max_hops, c.limit, c.avoid.map((x) => id.get(x)));
    const got = chains.map((ch) => ch.nodes.map((n) => curie.get(n)));
    const lengths = got.map((ch) => ch.length);
    assert.deepEqual(lengths, [...lengths].sort((x, y) => x - y), "shortest first");
    const key = (ch) => ch.join(" ");
    assert.deepEqual(got.map(key).sort(), c.chains.map(key).sort(), `${c.a} – ${c.b}`);
    for (const ch of chains) for (const hop of ch.hops) assert.ok(hop.edges.length > 0);
  }
});

test("a chain never uses a relation the filters leave out, nor an avoided entity", () => {
  const data = pageData();
  const graph = graphOf(data);
  const [a, b] = ["person:Kamenew", "person:Bucharin"].map((c) => data.nodes.find((n) => n.curie === c).id);
  const all = findChains(graph, a, b, 4, 200);
  const used = all[0].hops[0].edges[0];
  graph.pass.delete(used);
  for (const ch of findChains(graph, a, b, 4, 200)) for (const hop of ch.hops) assert.ok(!hop.edges.includes(used));
  const stalin = data.nodes.find((n) => n.curie === "person:Stalin").id;
  for (const ch of findChains(graph, a, b, 4, 200, [stalin])) assert.ok(!ch.nodes.includes(stalin));
  assert.deepEqual(findChains(graph, a, a), []);
});
