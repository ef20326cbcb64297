/* The attributes the page colours, sizes and filters by (src/attributes.js), and the range the
 * filters apply (src/rules.js), on what Python makes for the bundled graph. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NO_VALUE, PALETTE, RAMP, SIZES, attributes, basisOf, colourScale, inRange, parseRange, rampColour,
  rangeText, sizeScale } from "../src/attributes.js";
import { passes } from "../src/rules.js";
import { decodeView, encodeView } from "../src/view.js";
import { pageData } from "./python.js";

function pageAttrs(data) {
  const community = data.metrics.find((m) => m.id === "community");
  return new Map(attributes(data.nodes, data.edges, { defaultSource: data.meta.sources[0].id, types: data.types,
    community: community.bins }).map((a) => [a.id, a]));
}

test("an entity's basis: every statement stated, some inferred, some reported, or both", () => {
  assert.equal(basisOf(["stated", "stated"]), "stated");
  assert.equal(basisOf(["stated", "inferred"]), "inferred");
  assert.equal(basisOf(["reported"]), "reported");
  assert.equal(basisOf(["inferred", "stated", "reported"]), "mixed");
  assert.equal(basisOf([]), null);
});

test("attributes: each entity's degree, basis, earliest year and source from the page data", () => {
  const data = pageData();
  const attrs = pageAttrs(data);
  assert.deepEqual([...attrs.keys()], ["type", "community", "basis", "source", "year", "degree", "betweenness"]);
  for (const n of data.nodes) {
    const mine = data.edges.filter((e) => e.from === n.id || e.to === n.id);
    assert.equal(attrs.get("degree").values.get(n.id), mine.length, n.id);
    const years = [...(n.years || []), ...mine.map((e) => (e.years ? e.years[0] : null))].filter((y) => y !== null);
    assert.equal(attrs.get("year").values.get(n.id), years.length ? Math.min(...years) : null, n.id);
    assert.equal(attrs.get("basis").values.get(n.id), basisOf([...mine, ...n.facts].map((s) => s.basis)), n.id);
    assert.equal(attrs.get("type").values.get(n.id), n.type);
    assert.equal(attrs.get("source").values.get(n.id), mine.length + n.facts.length ? data.meta.sources[0].id : null);
  }
  // the curated graph has entities of every basis but "mixed"? whatever it has is listed, and only that
  const bases = new Set(attrs.get("basis").values.values());
  assert.deepEqual(attrs.get("basis").categories.map((c) => c.id).sort(), [...bases].filter((b) => b !== null).sort());
  assert.ok(bases.has("stated") && bases.has("inferred") && bases.has("reported"));
});

test("categorical colours: the type's own, the palette for the rest, grey without a value; counts add up", () => {
  const data = pageData();
  const attrs = pageAttrs(data);
  const types = colourScale(attrs.get("type"));
  for (const n of data.nodes) assert.equal(types.colour(n.id), data.types.find((t) => t.id === n.type).color);
  const basis = colourScale(attrs.get("basis"));
  assert.deepEqual(basis.legend.map((c) => c.color), PALETTE.slice(0, basis.legend.length));
  assert.equal(basis.legend.reduce((s, c) => s + c.count, 0) + basis.missing, data.nodes.length);
  for (const n of data.nodes) {
    const v = attrs.get("basis").values.get(n.id);
    assert.equal(basis.colour(n.id), v === null ? NO_VALUE : basis.legend.find((c) => c.id === v).color);
  }
  const community = colourScale(attrs.get("community"));
  const bins = data.metrics.find((m) => m.id === "community").bins;
  for (const n of data.nodes) assert.equal(community.colour(n.id), bins[n.looks.community[1]].color);
});

test("numeric scales: the ramp's ends at the extremes, sizes in the order of the values", () => {
  assert.equal(rampColour(0), RAMP[0]);
  assert.equal(rampColour(1), RAMP[RAMP.length - 1]);
  assert.equal(rampColour(0.5), RAMP[2]);
  const data = pageData();
  const degree = pageAttrs(data).get("degree");
  const size = sizeScale(degree);
  const colour = colourScale(degree);
  const values = [...degree.values.entries()];
  const lowest = values.reduce((a, b) => (b[1] < a[1] ? b : a)), highest = values.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.equal(size(lowest[0]), SIZES[0]);
  assert.equal(size(highest[0]), SIZES[1]);
  assert.equal(colour.colour(highest[0]), RAMP[RAMP.length - 1]);
  assert.deepEqual(colour.extent, [lowest[1], highest[1]]);
  for (const [a, va] of values) for (const [b, vb] of values) if (va < vb) assert.ok(size(a) < size(b), `${a} ${b}`);
  const year = pageAttrs(data).get("year");
  const none = [...year.values.entries()].find((kv) => kv[1] === null)[0];
  assert.equal(sizeScale(year)(none), SIZES[0]);
  assert.equal(colourScale(year).colour(none), NO_VALUE);
});

test("a range: open ends, no value outside; the filters keep exactly the entities in it", () => {
  assert.ok(inRange(5, 5, null) && inRange(5, null, 5) && !inRange(4, 5, null) && !inRange(null, null, 9));
  assert.deepEqual(parseRange(rangeText({ attr: "year", from: 1917, to: 1930 })), { attr: "year", from: 1917, to: 1930 });
  assert.deepEqual(parseRange("degree:5:"), { attr: "degree", from: 5, to: null });
  assert.equal(parseRange("degree::"), null);
  assert.equal(parseRange("degree:x:1"), null);
  const data = pageData();
  const year = pageAttrs(data).get("year");
  const byNode = new Map(data.nodes.map((n) => [n.id, n]));
  const all = { types: new Set(data.types.map((t) => t.id)), relations: new Set(data.relations.map((r) => r.id)),
    year: null, statedOnly: false, hideOrphans: false };
  const keep = (n) => inRange(year.values.get(n.id), 1917, 1930);
  const shown = passes(data.nodes, data.edges, byNode, all, keep);
  const expected = data.nodes.filter(keep).map((n) => n.id);
  assert.ok(expected.length > 0 && expected.length < data.nodes.length);
  assert.deepEqual([...shown.nodes].sort(), expected.sort());
  for (const id of shown.edges) {
    const e = data.edges.find((x) => x.id === id);
    assert.ok(shown.nodes.has(e.from) && shown.nodes.has(e.to));
  }
});

test("the address keeps colour, size and range", () => {
  const data = pageData();
  const state = { selected: null, ends: null, avoid: [], year: null, relations: new Set(data.relations.map((r) => r.id)),
    types: new Set(data.types.map((t) => t.id)), focusDepth: 1, metric: "type", lang: data.meta.lang,
    statedOnly: false, mode: "hide", hideOrphans: true, view: "graph",
    colour: "basis", size: "degree", range: { attr: "year", from: 1917, to: null } };
  const hash = encodeView(state, data, (id) => id);
  const back = decodeView(hash, data);
  assert.equal(back.colour, "basis");
  assert.equal(back.size, "degree");
  assert.deepEqual(back.range, { attr: "year", from: 1917, to: null });
  assert.equal(decodeView("", data).range, null);
});
