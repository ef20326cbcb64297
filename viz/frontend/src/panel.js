/* The side panel: the introduction (the most connected entities), an entity's facts and
 * relations, a relation's evidence (quote, sentence, basis), all with their sources. */
import { clear, el } from "./dom.js";
import { visible } from "./filters.js";
import { setFocusDepth } from "./focus.js";
import { setExplainEnd } from "./keys.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { basisLabel, basisParts, basisText, factLabel, label, localName, relLabel, relLabelFrom, typeLabel } from "./names.js";
import { BASES, EDGES, KG, METRICS, NODES, REL, TYPES, adjacency, byEdge, byNode } from "./page.js";
import { selectEdge, selectNode } from "./selection.js";
import { state } from "./state.js";
import { READING } from "./tables.js";
import { late, provide } from "./late.js";
import { citeBlock } from "./cite.js";

// what modules below this one call (late.js)
provide({ showIntro, lineSample, refreshPanel, statementsNote, showEdge, showNode, existsText });

// ------------------------------------------------------------------ side panel
export const panel = document.getElementById("panel");

function row(term, value) {
  return [el("dt", { text: term }), el("dd", null, value)];
}

/* A line `length` pixels long drawn as the network draws an edge of basis `b` (its dash
 * pattern and width), for the legend and the panels; `alpha` below 1 draws it paler. */
export function lineSample(b, length, colour, alpha) {
  var ratio = window.devicePixelRatio || 1;
  var canvas = el("canvas", { class: "line-sample", width: Math.round(length * ratio), height: Math.round(10 * ratio),
    style: "width:" + length + "px;height:10px", "aria-hidden": "true" });
  var ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  ctx.globalAlpha = alpha === undefined ? 1 : alpha;
  ctx.strokeStyle = colour || "#1d2733";
  ctx.lineWidth = (b && b.width) || 1.5;
  ctx.setLineDash(b && b.dashes ? b.dashes : []);
  ctx.lineCap = "round"; // as vis-network draws edges
  ctx.beginPath();
  ctx.moveTo(2, 5);
  ctx.lineTo(length - 2, 5);
  ctx.stroke();
  return canvas;
}

/* A small label of an item's basis ("inferred", "reported") with its line. */
export function basisTag(item) {
  return el("span", { class: "basis-tag basis-" + item.basis, title: basisText(item) },
    lineSample(BASES.get(item.basis), 26), basisLabel(item.basis));
}

/* What an edge or fact rests on, and the curator's note: "the curator inferred only its
 * date", "according to Lenin" (a link to Lenin when `links` and he is in the page). */
export function basisBlock(item, links) {
  var who = links && item.claimant && byNode.has(item.claimant.id) ? nodeButton(item.claimant.id) : null;
  var parts = basisParts(item, who);
  if (!parts.length && !item.note) return null;
  var box = el("div", { class: "basis basis-" + (item.basis || "none") });
  if (parts.length) {
    var head = el("p", { class: "basis-head" }, lineSample(BASES.get(item.basis), 30));
    head.append.apply(head, parts);
    box.append(head);
  }
  if (item.note) box.append(el("p", { class: "note", text: t("note") + ": " + item.note }));
  return box;
}

/* An IRI as the panel shows it (`text`, in code type): a link to its Linked Data page when a
 * server sent the page (KG.meta.served: /person/Stalin on that server, ?lang=de while the page
 * is German; a new tab, as every link of the panel, so the viewer stays); plain text in a page
 * written to a file, which has no page to link to. */
function iriText(iri, text) {
  var served = KG.meta.served;
  var code = el("code", { text: text });
  var rest = served && iri.indexOf(served.base) === 0 ? iri.slice(served.base.length) : "";
  if (!served || !rest || rest.charAt(0) === "/") return code; // "//host" would leave the server
  var path = served.root + encodeURI(rest) + (state.lang === "de" ? "?lang=de" : "");
  return el("a", { href: new URL(path, window.location.href).href, class: "iri-page" }, code);
}

export function nodeButton(id) {
  return el("button", { type: "button", class: "link", onclick: function () { selectNode(id, true); } }, label(id));
}

function sentenceOf(item) {
  if (item.sentence_text) return item.sentence_text;
  return item.sentence !== null && item.sentence !== undefined ? KG.sentences[String(item.sentence)] : null;
}

/* The sentence with the quoted words marked; the quote alone if it is not found in it. */
export function evidence(item) {
  var text = sentenceOf(item);
  var box = el("figure", { class: "evidence" });
  if (text) {
    var quote = el("blockquote", { lang: "de" });
    var at = item.quote ? text.indexOf(item.quote) : -1;
    if (at >= 0) {
      quote.append(text.slice(0, at), el("mark", null, item.quote), text.slice(at + item.quote.length));
    } else {
      quote.append(text);
    }
    box.append(quote);
    if (at < 0 && item.quote) box.append(el("p", null, t("quote") + ": ", el("q", { lang: "de" }, item.quote)));
  } else if (item.quote) {
    box.append(el("blockquote", { lang: "de" }, el("mark", null, item.quote)));
  }
  var cite = [];
  if (item.sentence !== null && item.sentence !== undefined) cite.push(t("sentence") + " " + (item.sentence_ref || item.sentence));
  var srcId = item.source || (item.sentence !== null && item.sentence !== undefined ? (KG.sentence_sources || {})[String(item.sentence)] : null);
  var src = KG.meta.sources.find(function (x) { return x.id === srcId; });
  if (src) cite.push(src["label_" + state.lang]);
  if (cite.length) box.append(el("figcaption", { text: cite.join(" · ") }));
  box.append(citeBlock(item, srcId));
  if (item.criticisms) box.append(criticismBlock(item.criticisms));
  return box;
}

/* Source criticism beside the claim: what the literature says instead, with the works cited
 * (item.criticisms, from viz.data.criticism_data). An editorial note, never the source's claim. */
function criticismBlock(list) {
  var aside = el("aside", { class: "criticism" }, el("h4", { text: t("criticism") }));
  list.forEach(function (c) {
    var refs = el("ul", { class: "references" });
    c.references.forEach(function (r) {
      refs.append(el("li", null, r.citation, r.url ? " " : null, r.url ? el("a", { href: r.url }, r.url) : null));
    });
    var verdict = c.verdict === "wrong" ? t("criticismWrong") : t("criticismDisputed");
    aside.append(el("p", null, el("strong", { text: verdict })),
      el("p", null, t("criticismSourceSays") + " ", el("q", { lang: "de" }, c.words)),
      el("p", { class: "says", text: t("criticismLiterature") + " " + c["says_" + state.lang] }),
      el("p", { class: "hint", text: t("criticismCited") }), refs);
  });
  return aside;
}

/* What a statement count means: relations are drawn, dated facts are not (KG.meta.counts). */
export function statementsNote() {
  var c = KG.meta.counts;
  return t("statementsNote", { s: c.statements, e: c.edges, f: c.facts });
}

/* The panel with nothing selected: what the page holds, and the entities with the most
 * relations among those the filters show now. */
export function showIntro() {
  clear(panel);
  panel.append(el("p", { class: "hint", text: t("intro") }),
    el("p", { class: "hint", text: t("introCounts", { n: NODES.length, e: EDGES.length }) }),
    el("p", { class: "hint statements-note", text: statementsNote() }));
  var degree = visible.degree;
  var hubs = Array.from(visible.nodes).filter(function (id) { return degree.get(id); }).sort(function (a, b) {
    return degree.get(b) - degree.get(a) || (label(a) < label(b) ? -1 : 1);
  }).slice(0, 12);
  if (!hubs.length) return;
  var list = el("ul", { class: "plain hubs" });
  hubs.forEach(function (id) {
    var n = byNode.get(id);
    list.append(el("li", { "data-id": id },
      el("span", { class: "swatch", style: "background:" + (TYPES.get(n.type) || { color: "#888" }).color }),
      nodeButton(id), el("span", { class: "count", text: " " + degree.get(id) })));
  });
  panel.append(el("h2", { class: "hubs-head", text: t("hubs") }), list);
}

/* When an entity exists, in words: "until 1924", "1936–1938", "1945". */
export function existsText(years) {
  if (years[0] !== null && years[1] !== null) return years[0] === years[1] ? String(years[0]) : years[0] + "–" + years[1];
  return years[0] !== null ? t("existsFrom", { y: years[0] }) : t("existsUntil", { y: years[1] });
}

export function showNode(id) {
  var n = byNode.get(id);
  if (!n) return;
  state.selected = { kind: "node", id: id };
  clear(panel);
  var ty = TYPES.get(n.type) || { color: "#888" };
  var other = state.lang === "de" ? n.label_en : n.label_de;
  panel.append(el("h2", { class: "entity-name", text: label(id) }));
  if (other && other !== label(id)) panel.append(el("p", { class: "sub", text: other }));
  var chip = el("span", { class: "chip" }, el("span", { class: "swatch", style: "background:" + ty.color }), typeLabel(n.type));
  panel.append(el("p", null, chip));
  if (!visible.nodes.has(id)) panel.append(el("p", { class: "hint", text: t("hiddenByFilters") }));
  var desc = n["description_" + state.lang] || n.description_de || n.description_en;
  if (desc) panel.append(el("p", { class: "desc", text: desc }));
  var dl = el("dl", { class: "facts" });
  dl.append.apply(dl, row(t("german"), n.label_de));
  dl.append.apply(dl, row(t("english"), n.label_en));
  if (n.aliases && n.aliases.length) dl.append.apply(dl, row(t("aliases"), n.aliases.join(" · ")));
  dl.append.apply(dl, row(t("type"), typeLabel(n.type)));
  if (n.facts && n.facts.length) {
    var facts = el("ul", { class: "plain" });
    n.facts.forEach(function (f) {
      var item = el("li", null, factLabel(f) + ": " + f.value);
      if (f.statement) {
        if (f.basis !== "stated") item.append(basisTag(f));
        var details = el("details", null, el("summary", { text: t("evidence") + (f.sentence ? " [" + f.sentence + "]" : "") }),
          evidence(f), basisBlock(f, false));
        item.append(details);
      } else {
        item.append(el("span", { class: "hint", text: " (" + t("noEvidence") + ")" }));
      }
      facts.append(item);
    });
    dl.append.apply(dl, row(t("dates"), facts));
  }
  dl.append.apply(dl, row(t("exists"), n.years ? existsText(n.years) : el("span", { class: "hint", text: t("undatedEntity") })));
  if (n.metrics) {
    var community = METRICS.get("community").bins[n.looks.community[1]];
    // the degree is the number of distinct neighbours (graph.analysis): said so, next to the
    // relations (statements) counted below, which differ where two entities share several
    dl.append.apply(dl, row(t("neighboursDegree"), String(neighboursOf(id).size)));
    dl.append.apply(dl, row(t("betweenness"), String(n.metrics.betweenness)));
    dl.append.apply(dl, row(t("community"), el("span", null,
      el("span", { class: "swatch", style: "background:" + community.color }), community["label_" + state.lang])));
  }
  if (n.wikidata) {
    dl.append.apply(dl, row(t("wikidata"), el("a", { href: n.wikidata.url }, n.wikidata.id)));
  }
  dl.append.apply(dl, row(t("iri"), iriText(n.id, n.curie || n.id)));
  panel.append(dl);
  panel.append(el("div", { class: "row buttons" },
    el("button", { type: "button", onclick: function () { setFocusDepth(1); } }, t("focus1")),
    el("button", { type: "button", onclick: function () { setFocusDepth(2); } }, t("focus2")),
    el("button", { type: "button", onclick: function () { setFocusDepth(0); } }, t("unfocus"))));
  panel.append(el("div", { class: "row buttons" },
    el("button", { type: "button", onclick: function () { setExplainEnd("explain-a", id); } }, t("explainFrom")),
    el("button", { type: "button", onclick: function () { setExplainEnd("explain-b", id); } }, t("explainTo"))));
  if (lod) panel.append(lod.expandButton(id)); // level of detail
  panel.append(relationsOf(id));
}

/* The entity's neighbours: the other end of each of its relations, each with how many
 * relations link it to the entity (a relation with itself counts none). */
function neighboursOf(id) {
  var out = new Map();
  adjacency.get(id).forEach(function (eid) {
    var e = byEdge.get(eid), other = e.from === id ? e.to : e.from;
    if (other !== id) out.set(other, (out.get(other) || 0) + 1);
  });
  return out;
}

/* Why the relations outnumber the neighbours, in words ("5 relations link Trotsky to 4
 * neighbours: 2 with Joseph Stalin"), or "" where each neighbour has one. */
function relationCounts(id) {
  var near = neighboursOf(id), total = adjacency.get(id).length;
  if (total === near.size) return "";
  var several = Array.from(near).filter(function (kv) { return kv[1] > 1; }).sort(function (a, b) {
    return b[1] - a[1] || (label(a[0]) < label(b[0]) ? -1 : 1);
  });
  var shown = several.slice(0, 3).map(function (kv) { return t("relationsWith", { k: kv[1], name: label(kv[0]) }); });
  if (several.length > 3) shown.push(t("andMore", { n: several.length - 3 }));
  var selfLoops = total - Array.from(near.values()).reduce(function (a, b) { return a + b; }, 0);
  var text = several.length ? t("relationsVsNeighbours", { e: total, name: label(id), n: near.size, several: shown.join(", ") })
    : t("relationsToNeighbours", { e: total, name: label(id), n: near.size });
  return text + (selfLoops ? " " + t("relationsSelf", { k: selfLoops }) : "");
}

/* The entity's relations grouped by kind and direction, each read from the entity's side (the
 * inverse label where it is the object), with its quote and, unless stated, its basis. */
function relationsOf(id) {
  var groups = new Map();
  adjacency.get(id).forEach(function (eid) {
    var e = byEdge.get(eid);
    var key = e.relation + (e.symmetric || e.from === id ? ">" : "<");
    if (!groups.has(key)) groups.set(key, { relation: e.relation, head: relLabelFrom(e, id), edges: [] });
    groups.get(key).edges.push(e);
  });
  var section = el("section", { class: "relations-of" });
  section.append(el("h3", { text: t("relationsOf") + " (" + adjacency.get(id).length + ")" }));
  var counted = relationCounts(id);
  if (counted) section.append(el("p", { class: "hint relation-count", text: counted }));
  // how many of them the graph names and labels now (callouts.js fills it in as it draws)
  section.append(el("p", { class: "hint on-graph", id: "on-graph" }));
  Array.from(groups.values()).sort(function (a, b) {
    return a.head < b.head ? -1 : a.head > b.head ? 1 : a.relation < b.relation ? -1 : 1;
  }).forEach(function (g) {
    var head = g.head;
    var colour = REL.get(g.relation) ? REL.get(g.relation).color : "#666";
    var list = el("ul", { class: "plain" });
    g.edges.forEach(function (e) {
      var otherId = e.from === id ? e.to : e.from;
      var li = el("li", { class: visible.edges.has(e.id) ? null : "muted" },
        nodeButton(otherId),
        el("span", { class: "when", text: " " + (e.years ? e.span : t("undated")) }),
        el("button", { type: "button", class: "link cite", onclick: function () { selectEdge(e.id); } },
          e.sentence !== null ? " [" + e.sentence + "]" : " [?]"));
      if (e.quote) li.append(el("q", { class: "quote", lang: "de" }, e.quote));
      if (e.basis !== "stated") {
        li.append(el("details", { class: "basis-more" },
          el("summary", null, basisTag(e), " ", basisParts(e).join("")),
          e.note ? el("p", { class: "note", text: t("note") + ": " + e.note }) : null));
      }
      list.append(li);
    });
    section.append(el("h4", null, el("span", { class: "swatch line", style: "background:" + colour }), head), list);
  });
  return section;
}

export function showEdge(id) {
  var e = byEdge.get(id);
  if (!e) return;
  state.selected = { kind: "edge", id: id };
  clear(panel);
  var r = REL.get(e.relation);
  panel.append(el("h2", { class: "relation-name", text: relLabel(e.relation) }));
  var other = r ? (state.lang === "de" ? r.label_en : r.label_de) : null;
  if (other && other !== relLabel(e.relation)) panel.append(el("p", { class: "sub", text: other }));
  panel.append(el("p", { class: "ends" }, nodeButton(e.from), e.symmetric ? " — " : " → ", nodeButton(e.to)));
  if (!visible.edges.has(id)) panel.append(el("p", { class: "hint", text: t("hiddenByFilters") }));
  panel.append(basisBlock(e, true));
  var dl = el("dl", { class: "facts" });
  dl.append.apply(dl, row(t("dates"), e.years ? e.span : t("undated")));
  if (e.sentence !== null) {
    var number = e.sentence_ref || String(e.sentence); // ID:N for a sentence of another source
    var sentenceIri = KG.meta.served && KG.meta.served.sentences[number];
    dl.append.apply(dl, row(t("sentence"), sentenceIri ? iriText(sentenceIri, number) : number));
  }
  if (e.symmetric) dl.append.apply(dl, row(t("type"), t("mutualRel")));
  if (r && r.comment) dl.append.apply(dl, row(t("definition"), r.comment));
  dl.append.apply(dl, row(t("statement"), iriText(e.id, localName(e.id))));
  panel.append(dl);
  panel.append(evidence(e));
  if (e.sentence !== null && READING.has(e.sentence)) {
    panel.append(el("div", { class: "row buttons" },
      el("button", { type: "button", class: "show-in-text", onclick: function () { late.showInText(e.id); } }, t("showInText"))));
  }
}

export function refreshPanel() {
  if (!state.selected) showIntro();
  else if (state.selected.kind === "explain") { late.showExplanation(); late.markChain(state.chain); }
  else if (state.selected.kind === "node") showNode(state.selected.id);
  else if (state.selected.kind === "quote") late.showQuote(state.selected.ids, state.selected.text);
  else showEdge(state.selected.id);
}
