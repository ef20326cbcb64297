/* The search rule (src/rule.js) against graph/names.py's: the shared list
 * tests/fixtures/search_cases.json on the bundled graph's page data, and the rule's parts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { entityIndex, keyed, matchStatements, nameRank, norm, searchEntities, statementIndex, tolerance, wordsMiss } from "../src/rule.js";
import { fixture, pageData } from "./python.js";

test("the normaliser folds case, accents, ß and punctuation", () => {
  assert.equal(norm("  Lew  Dawidowitsch-TROTZKI! "), "lew dawidowitsch trotzki");
  assert.equal(norm("Kámenew"), "kamenew");
  assert.equal(norm("Großer Terror"), "grosser terror");
  assert.equal(norm(norm("Jeschow, Nikolai")), norm("Jeschow, Nikolai"));
});

test("typing mistakes allowed grow with the word", () => {
  assert.deepEqual(["abc", "abcd", "abcdefg", "abcdefgh"].map(tolerance), [0, 1, 1, 2]);
  assert.equal(wordsMiss(["trotski"], ["trotzki"]), 1);
  assert.equal(wordsMiss(["tro"], ["trotzki"]), 0);
  assert.equal(wordsMiss(["xyz"], ["trotzki"]), -1);
});

test("ranks: the whole name, a prefix, word starts, a substring, near misses", () => {
  const name = keyed("leo trotzki");
  const rank = (q) => nameRank(norm(q), norm(q).split(" "), name);
  assert.deepEqual(["Leo Trotzki", "leo tr", "trotz", "o trot", "trotzky", "bucharin"].map(rank), [0, 1, 2, 3, 4, -1]);
});

test("every case of the shared list finds what Python finds", () => {
  const data = pageData();
  const index = entityIndex(data.search.entities);
  const curie = new Map(data.nodes.map((n) => [n.id, n.curie]));
  const cases = fixture("search_cases.json").cases;
  assert.ok(cases.length > 20);
  for (const c of cases) {
    const found = searchEntities(index, c.query, 1000).map((id) => curie.get(id));
    assert.equal(found[0] ?? null, c.first, c.query);
    for (const also of c.also) assert.ok(found.includes(also), `${c.query}: ${also}`);
  }
});

test("statements are found by their quote before their sentence", () => {
  const data = pageData();
  const edges = new Map(data.edges.map((e) => [e.id, e]));
  const index = statementIndex(data.search, (id) => edges.get(id).sentence);
  const edge = data.edges.find((e) => e.quote.split(" ").length > 3);
  const words = edge.quote.split(" ").filter((w) => norm(w).length >= 4).slice(0, 2).join(" ");
  const hits = matchStatements(index, words, 50);
  assert.ok(hits.includes(edge.id), words);
  assert.deepEqual(matchStatements(index, "zz", 5), []); // words of 3 letters or more only
});
