/* "Cite this statement" (src/citation.js): the page fills in the core's citation
 * (graph.release.Citation.text) to the letter, in both languages, for edges and facts. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { citationText } from "../src/citation.js";
import { fromPython, pageData } from "./python.js";

test("the page's citation of a statement is the core's, in German and English", () => {
  const data = pageData();
  const edge = data.edges.find((e) => e.basis === "reported") || data.edges[0];
  const fact = data.nodes.flatMap((n) => n.facts)[0];
  const want = fromPython(
    "import json, graph\nfrom graph.release import citation\nkg = graph.load()\n" +
    "by = {st.iri: st for st in kg.statements}\n" +
    `print(json.dumps({i: {l: citation(kg, by[i]).text(l) for l in ('en', 'de')} for i in ${JSON.stringify([edge.id, fact.statement])}}))`);
  for (const [item, iri] of [[edge, edge.id], [fact, fact.statement]]) {
    const source = item.source || data.sentence_sources[String(item.sentence)];
    for (const lang of ["en", "de"]) {
      assert.equal(citationText(data.meta.citations, lang, item, source), want[iri][lang]);
    }
  }
  assert.match(want[edge.id].en, /version working copy/);
  assert.equal(citationText(data.meta.citations, "en", { quote: "x" }, null), null);
});
