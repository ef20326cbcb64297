/** Explain, without the DOM: the chains of relations between two entities, as
 * graph.explain.explain finds them in Python. The page runs it over the relations its filters
 * let through; tests/fixtures/explain_cases.json holds both to the same chains (the Node test
 * test/explain.test.js and tests/test_explain_cases.py).
 *
 * @typedef {{adjacency: Map<string, string[]>, byEdge: Map<string, {from: string, to: string}>, pass: Set<string>}} Graph
 *   each entity's relations (edge ids in the text's order), the edges, and those that may be used
 * @typedef {{from: string, to: string, edges: string[]}} Hop
 * @typedef {{nodes: string[], hops: Hop[]}} Chain
 */

/* The chains of relations between a and b over the relations that pass the filters, avoiding
 * the entities in `avoid`: distinct simple paths of entities (no entity twice; every relation
 * between two consecutive entities is one hop, not another chain), shortest first, up to
 * maxHops, at most `limit`; as graph.explain.explain finds them in Python (the same chains
 * for the whole graph, tests/test_viz_browser.py checks), here so the filters apply. */
/**
 * @param {Graph} graph @param {string} a @param {string} b
 * @param {number} [maxHops] @param {number} [limit] @param {string[]} [avoid]
 * @returns {Chain[]}
 */
export function findChains(graph, a, b, maxHops, limit, avoid) {
  var adjacency = graph.adjacency, byEdge = graph.byEdge, pass = graph.pass;
  maxHops = maxHops || 4;
  limit = limit || 10;
  var banned = new Set(avoid || []);
  if (a === b || !adjacency.has(a) || !adjacency.has(b) || banned.has(a) || banned.has(b)) return [];
  var links = new Map(); // entity -> Map(neighbour -> [edge ids, in text order])
  function linksOf(u) {
    if (!links.has(u)) {
      var near = new Map();
      adjacency.get(u).forEach(function (eid) {
        if (!pass.has(eid)) return;
        var e = byEdge.get(eid);
        var v = e.from === u ? e.to : e.from;
        if (v === u || banned.has(v)) return;
        if (!near.has(v)) near.set(v, []);
        near.get(v).push(eid);
      });
      links.set(u, near);
    }
    return links.get(u);
  }
  var dist = new Map([[b, 0]]); // steps to b, to prune paths that cannot reach it in time
  var frontier = [b];
  for (var d = 0; d < maxHops && frontier.length; d++) {
    var next = [];
    frontier.forEach(function (u) {
      linksOf(u).forEach(function (_, v) { if (!dist.has(v)) { dist.set(v, d + 1); next.push(v); } });
    });
    frontier = next;
  }
  if (!dist.has(a)) return [];
  var chains = [];
  var path = [a];
  var onPath = new Set(path);
  function walk(u, left) {
    if (left === 0) {
      if (u === b) chains.push(toChain(path, linksOf));
      return;
    }
    var ahead = Array.from(linksOf(u).keys()).sort();
    for (var i = 0; i < ahead.length && chains.length < limit; i++) {
      var v = ahead[i];
      var dv = dist.get(v);
      if (onPath.has(v) || dv === undefined || dv > left - 1 || (v === b && left !== 1)) continue;
      path.push(v); onPath.add(v);
      walk(v, left - 1);
      path.pop(); onPath.delete(v);
    }
  }
  for (var k = dist.get(a); k <= maxHops && chains.length < limit; k++) walk(a, k);
  return chains;
}

export function toChain(path, linksOf) {
  var hops = [];
  for (var i = 1; i < path.length; i++) {
    hops.push({ from: path[i - 1], to: path[i], edges: linksOf(path[i - 1]).get(path[i]).slice() });
  }
  return { nodes: path.slice(), hops: hops };
}

