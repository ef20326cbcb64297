/** The filters' rules, without the DOM: which entities and relations a view shows, for the
 * page (filters.js) and the Node tests (test/filters.test.js).
 *
 * @typedef {{types: Set<string>, relations: Set<string>, year: number | null, statedOnly: boolean, hideOrphans: boolean}} Filters
 */

// whether an edge is shown in a year: a look-up in the years Python worked out for it
// (edge.years = [first, last], last null when open, from graph.project.holding_span)
export function holds(edge, year) {
  if (year === null || !edge.years) return true;
  return edge.years[0] <= year && (edge.years[1] === null || year <= edge.years[1]);
}

// whether an entity exists in a year: the same look-up in the years Python worked out for it
// (node.years = [first, last], either null when open, from graph.project.existence_years)
export function exists(node, year) {
  if (year === null || !node.years) return true;
  return (node.years[0] === null || node.years[0] <= year) && (node.years[1] === null || year <= node.years[1]);
}

/**
 * The entities and relations that pass the filters, and each entity's number of relations
 * that do: the types and relations chosen, the year (holds, exists), stated only, and
 * entities left without relations hidden; and, where `keep` is given, only the entities it
 * keeps (an attribute's range), and the relations between them.
 * @template {{id: string, type: string, years?: (number | null)[] | null, degree: number}} N
 * @template {{id: string, from: string, to: string, relation: string, basis: string, years?: (number | null)[] | null}} E
 * @param {N[]} NODES @param {E[]} EDGES @param {Map<string, N>} byNode @param {Filters} state
 * @param {((node: N) => boolean) | null} [keep]
 */
export function passes(NODES, EDGES, byNode, state, keep = null) {
  var shownEdges = new Set();
  var degree = new Map();
  EDGES.forEach(function (e) {
    if (!state.relations.has(e.relation)) return;
    var a = byNode.get(e.from), b = byNode.get(e.to);
    if (!state.types.has(a.type) || !state.types.has(b.type)) return;
    if (keep && (!keep(a) || !keep(b))) return;
    if (!holds(e, state.year) || !exists(a, state.year) || !exists(b, state.year)) return;
    if (state.statedOnly && e.basis !== "stated") return;
    shownEdges.add(e.id);
    degree.set(e.from, (degree.get(e.from) || 0) + 1);
    degree.set(e.to, (degree.get(e.to) || 0) + 1);
  });
  var shownNodes = new Set();
  NODES.forEach(function (n) {
    if (!state.types.has(n.type) || !exists(n, state.year)) return;
    if (keep && !keep(n)) return;
    if (state.hideOrphans && n.degree > 0 && !degree.get(n.id)) return;
    shownNodes.add(n.id);
  });
  return { nodes: shownNodes, edges: shownEdges, degree: degree };
}

