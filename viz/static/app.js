/* stalin-kg viewer: the page's behaviour.
 *
 * Reads the JSON blocks the Python side wrote (kg-nodes, kg-edges, kg-options, kg-data),
 * draws them with vis-network (positions precomputed, physics off) and builds every other
 * element of the page with createElement/textContent: no string from the data is ever parsed
 * as HTML, and only http(s) URLs become links.
 *
 * Globals: window.network (the vis.Network, as pyvis pages have it) and window.kgViewer
 * (a small API for tests and users' scripts).
 */
(function () {
  "use strict";

  var timings = { start: window.performance.now() };

  function readJSON(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var NODES = readJSON("kg-nodes");
  var EDGES = readJSON("kg-edges");
  var OPTIONS = readJSON("kg-options");
  var KG = readJSON("kg-data");
  var LARGE = EDGES.length > 2000 || NODES.length > 1500;
  timings.parsed = window.performance.now();

  var byNode = new Map(NODES.map(function (n) { return [n.id, n]; }));
  var byEdge = new Map(EDGES.map(function (e) { return [e.id, e]; }));
  var REL = new Map(KG.relations.map(function (r) { return [r.id, r]; }));
  var TYPES = new Map(KG.types.map(function (t) { return [t.id, t]; }));
  var BASES = new Map(KG.bases.map(function (b) { return [b.id, b]; }));
  var adjacency = new Map();
  NODES.forEach(function (n) { adjacency.set(n.id, []); });
  EDGES.forEach(function (e) {
    adjacency.get(e.from).push(e.id);
    if (e.to !== e.from) adjacency.get(e.to).push(e.id);
  });

  // ------------------------------------------------------------------ words of the page
  var WORDS = {
    en: {
      howto: "Click a node or an edge to read its evidence. Search by any name; filter on the left; pick two entities under “Explain” to see how they are linked. Drag to pan, scroll to zoom.",
      search: "Search", searchPlaceholder: "Find an entity (any name, either language) … (/)",
      language: "Language", fit: "Fit", reset: "Reset", stabilise: "Stabilise", physics: "Physics",
      png: "PNG", types: "Entity types", directed: "directed relation",
      mutual: "mutual relation, drawn once", undatedLegend: "undated, when a year is set (paler)",
      time: "Time", asOf: "As of year",
      yearHint: "Hides relations that do not hold in that year; undated ones stay, paler.",
      basis: "Basis", statedOnly: "stated only (hide inferred and reported relations)",
      basisHint: "Stated: the quoted words make the claim. Inferred: the curator resolved what they leave open (a note says what and why). Reported: the text attributes or hedges the claim.",
      basisStated: "stated by the quoted words", basisInferred: "the curator inferred this",
      basisInferredRelation: "the curator inferred this relation",
      basisInferredDate: "the curator inferred only its date",
      accordingTo: "according to {who}", reportedAnon: "reported (the text does not name who claims it)",
      statusStated: ", stated only",
      display: "Display", hide: "hide filtered", fade: "fade filtered",
      orphans: "hide entities left without relations", relations: "Relations",
      relFilter: "filter the list", all: "all", none: "none", explain: "Explain",
      explainHint: "Shortest chains of relations (up to 4 steps, either direction) between two entities.",
      from: "from …", to: "to …", explainGo: "Explain", clear: "Clear",
      intro: "Select a node or an edge to see its evidence here.",
      introCounts: "{n} entities and {e} relations, each relation with the sentence that states it.",
      german: "German", english: "English", aliases: "Also called", type: "Type",
      dates: "Dates", wikidata: "Wikidata", iri: "IRI", relationsOf: "Relations",
      focus1: "Neighbours", focus2: "Neighbours of neighbours", unfocus: "Show all",
      explainFrom: "Explain from here", explainTo: "Explain to here",
      sentence: "Sentence", statement: "Statement", note: "Curator’s note", undated: "undated",
      quote: "Quote", definition: "Definition", noEvidence: "no statement node",
      hiddenByFilters: "hidden by the current filters", noMatch: "No entity has that name.",
      noChain: "No chain of up to 4 relations links them.", chain: "Chain", steps: "steps",
      pickBoth: "Name two entities first.", same: "Pick two different entities.",
      status: "Showing {n} of {N} entities and {e} of {E} relations",
      statusYear: " as of {y}", source: "Source", licence: "licence", stabilising: "Stabilising …",
      undatedMark: " (undated)", select: "Select", mutualRel: "mutual relation",
      factsNone: "—", evidence: "Evidence", hubs: "Most connected",
      chainsFound: "{n} shortest chain(s) of {k} step(s), listed on the right.",
    },
    de: {
      howto: "Knoten oder Kante anklicken, um die Belege zu lesen. Nach jedem Namen suchen; links filtern; unter „Erklären“ zwei Entitäten wählen, um ihre Verbindung zu sehen. Ziehen verschiebt, Mausrad zoomt.",
      search: "Suche", searchPlaceholder: "Entität finden (jeder Name, beide Sprachen) … (/)",
      language: "Sprache", fit: "Einpassen", reset: "Zurücksetzen", stabilise: "Stabilisieren",
      physics: "Physik", png: "PNG", types: "Entitätstypen", directed: "gerichtete Beziehung",
      mutual: "wechselseitige Beziehung, einmal gezeichnet",
      undatedLegend: "undatiert, wenn ein Jahr gewählt ist (blasser)", time: "Zeit", asOf: "Stand im Jahr",
      yearHint: "Blendet Beziehungen aus, die in dem Jahr nicht bestehen; undatierte bleiben, blasser.",
      basis: "Grundlage", statedOnly: "nur Ausgesagtes (erschlossene und berichtete Beziehungen ausblenden)",
      basisHint: "Ausgesagt: die zitierten Worte machen die Aussage. Erschlossen: die Kuratoren haben ergänzt, was die Worte offenlassen (eine Anmerkung sagt, was und warum). Berichtet: der Text schreibt die Aussage jemandem zu oder schränkt sie ein.",
      basisStated: "von den zitierten Worten ausgesagt", basisInferred: "von den Kuratoren erschlossen",
      basisInferredRelation: "die Beziehung ist von den Kuratoren erschlossen",
      basisInferredDate: "nur das Datum ist von den Kuratoren erschlossen",
      accordingTo: "laut {who}", reportedAnon: "berichtet (der Text nennt nicht, wer es behauptet)",
      statusStated: ", nur Ausgesagtes",
      display: "Anzeige", hide: "Gefiltertes ausblenden", fade: "Gefiltertes abschwächen",
      orphans: "Entitäten ohne Beziehungen ausblenden", relations: "Beziehungen",
      relFilter: "Liste filtern", all: "alle", none: "keine", explain: "Erklären",
      explainHint: "Kürzeste Ketten von Beziehungen (bis 4 Schritte, beide Richtungen) zwischen zwei Entitäten.",
      from: "von …", to: "nach …", explainGo: "Erklären", clear: "Leeren",
      intro: "Einen Knoten oder eine Kante wählen, um hier die Belege zu sehen.",
      introCounts: "{n} Entitäten und {e} Beziehungen, jede mit dem Satz, der sie aussagt.",
      german: "Deutsch", english: "Englisch", aliases: "Auch genannt", type: "Typ",
      dates: "Daten", wikidata: "Wikidata", iri: "IRI", relationsOf: "Beziehungen",
      focus1: "Nachbarn", focus2: "Nachbarn der Nachbarn", unfocus: "Alle zeigen",
      explainFrom: "Erklären ab hier", explainTo: "Erklären bis hier",
      sentence: "Satz", statement: "Aussage", note: "Anmerkung der Kuratoren", undated: "undatiert",
      quote: "Zitat", definition: "Definition", noEvidence: "kein Aussageknoten",
      hiddenByFilters: "durch die aktuellen Filter ausgeblendet", noMatch: "Keine Entität heißt so.",
      noChain: "Keine Kette aus bis zu 4 Beziehungen verbindet sie.", chain: "Kette",
      steps: "Schritte", pickBoth: "Zuerst zwei Entitäten nennen.",
      same: "Zwei verschiedene Entitäten wählen.",
      status: "{n} von {N} Entitäten und {e} von {E} Beziehungen sichtbar",
      statusYear: " im Jahr {y}", source: "Quelle", licence: "Lizenz", stabilising: "Stabilisiere …",
      undatedMark: " (undatiert)", select: "Wählen", mutualRel: "wechselseitige Beziehung",
      factsNone: "—", evidence: "Beleg", hubs: "Am stärksten verbunden",
      chainsFound: "{n} kürzeste Kette(n) mit {k} Schritt(en), rechts aufgeführt.",
    },
  };

  var state = {
    lang: KG.meta.lang === "de" ? "de" : "en",
    types: new Set(KG.types.map(function (t) { return t.id; })),
    relations: new Set(KG.relations.map(function (r) { return r.id; })),
    year: null,
    statedOnly: false,
    mode: "hide",
    hideOrphans: true,
    focus: null, // {nodes: Set, edges: Set, force: bool}
    selected: null, // {kind: "node"|"edge", id}
    chains: [],
    chain: 0,
    ends: null,
  };

  function t(key) {
    var words = WORDS[state.lang];
    return key in words ? words[key] : WORDS.en[key] || key;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
  }

  /* fill() for the page: the parts of the template, with each {key} replaced by values[key]
   * (a string or an element), for el()'s children. */
  function fillParts(template, values) {
    return template.split(/(\{\w+\})/).filter(Boolean).map(function (part) {
      var m = /^\{(\w+)\}$/.exec(part);
      return m && m[1] in values ? values[m[1]] : part;
    });
  }

  // ------------------------------------------------------------------ safe DOM building
  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (err) {
      return null;
    }
  }

  /* el("a", {class: "x", href: url, onclick: fn}, child, "text", ...): attribute names are
   * always literals of this file; values and children are set as text, never as HTML. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else if (key === "href") {
        var href = safeHref(value);
        if (href) {
          node.setAttribute("href", href);
          node.setAttribute("target", "_blank");
          node.setAttribute("rel", "noopener noreferrer");
        }
      } else node.setAttribute(key, value === true ? "" : String(value));
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof window.Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // ------------------------------------------------------------------ names
  function label(id) {
    var n = byNode.get(id);
    return n ? n["label_" + state.lang] || n.label_de || n.label_en : String(id);
  }

  function relLabel(name) {
    var r = REL.get(name);
    return r ? r["label_" + state.lang] : name;
  }

  /* The relation read from its object's side ("was defeated by" for "prevailed over"). */
  function inverseLabel(name) {
    var r = REL.get(name);
    return r ? r["inverse_" + state.lang] : name;
  }

  /* How a relation reads from the side of `id`, one of its ends. */
  function relLabelFrom(e, id) {
    return e.symmetric || e.from === id ? relLabel(e.relation) : inverseLabel(e.relation);
  }

  function basisLabel(name) {
    var b = BASES.get(name);
    return b ? b["label_" + state.lang] : name;
  }

  function claimantName(c) {
    return c["label_" + state.lang] || c.label_en || c.curie;
  }

  /* What an edge or fact rests on, in words: parts for el() (the claimant as `who`, a string
   * or an element), or [] when the item has no basis. */
  function basisParts(item, who) {
    if (item.basis === "stated") return [t("basisStated")];
    if (item.basis === "inferred") {
      return [t(item.inferred_part === "date" ? "basisInferredDate"
        : item.inferred_part === "relation" ? "basisInferredRelation" : "basisInferred")];
    }
    if (item.basis === "reported") {
      return item.claimant ? fillParts(t("accordingTo"), { who: who || claimantName(item.claimant) }) : [t("reportedAnon")];
    }
    return [];
  }

  function basisText(item) {
    return basisParts(item).join("");
  }

  function typeLabel(name) {
    var ty = TYPES.get(name);
    return ty ? ty["label_" + state.lang] : name;
  }

  function localName(iri) {
    var m = /[^/#:]+$/.exec(iri);
    return m ? m[0] : iri;
  }

  function norm(text) {
    return String(text).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  var INDEX = NODES.map(function (n) {
    var names = [n.label_de, n.label_en, localName(n.id)].concat(n.aliases || []);
    var seen = new Set();
    var list = [];
    names.forEach(function (name) {
      var k = norm(name || "");
      if (k && !seen.has(k)) { seen.add(k); list.push({ key: k, words: k.split(" ") }); }
    });
    return { id: n.id, names: list };
  });

  /* Entities whose names match `text`, best first: whole name, name prefix, every word a word
   * prefix, substring; then by number of relations. */
  function search(text, limit) {
    var q = norm(text);
    if (!q) return [];
    var qw = q.split(" ");
    var hits = [];
    INDEX.forEach(function (item) {
      var best = 9;
      item.names.forEach(function (name) {
        var rank = 9;
        if (name.key === q) rank = 0;
        else if (name.key.startsWith(q)) rank = 1;
        else if (qw.every(function (w) { return name.words.some(function (x) { return x.startsWith(w); }); })) rank = 2;
        else if (name.key.indexOf(q) >= 0) rank = 3;
        if (rank < best) best = rank;
      });
      if (best < 9) hits.push([best, -byNode.get(item.id).degree, label(item.id), item.id]);
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    return hits.slice(0, limit || 8).map(function (h) { return h[3]; });
  }

  // ------------------------------------------------------------------ the network
  var container = document.getElementById("mynetwork");
  // vis-network gets only what it draws; the evidence stays in NODES/EDGES (byNode, byEdge).
  function nodeColour(type) {
    var c = (TYPES.get(type) || { color: "#8c8c8c" }).color;
    return { background: c, border: "#2d3a47", highlight: { background: c, border: "#000000" },
      hover: { background: c, border: "#000000" } };
  }

  function visNode(n) {
    var ty = TYPES.get(n.type) || { shape: "dot" };
    var item = {
      id: n.id, label: label(n.id), x: n.x, y: n.y, size: n.size, shape: ty.shape,
      color: nodeColour(n.type), title: label(n.id) + " · " + typeLabel(n.type),
    };
    if (n.type === "Document") item.shapeProperties = { borderDashes: [4, 3] };
    return item;
  }

  /* An edge as vis-network draws it: the relation's colour, the line of its basis (dashes and
   * width, from the Python side's BASIS_STYLES), an arrow unless it is mutual. */
  function visEdge(e) {
    var item = {
      id: e.id, from: e.from, to: e.to, label: edgeLabel(e, false),
      arrows: { to: { enabled: !e.symmetric } },
      color: edgeColour(e, false, false),
      dashes: e.dashes || false,
      title: relLabel(e.relation) + (e.sentence !== null ? " · " + t("sentence") + " " + e.sentence : "")
        + (e.basis && e.basis !== "stated" ? " · " + basisText(e) : ""),
    };
    if (e.width) item.width = e.width;
    if (e.smooth) item.smooth = e.smooth;
    return item;
  }

  var nodes = new vis.DataSet(NODES.map(visNode));
  var edges = new vis.DataSet(EDGES.map(visEdge));
  timings.datasets = window.performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, OPTIONS);
  window.network = network;
  timings.network = window.performance.now();

  // ------------------------------------------------------------------ filters and focus
  // whether an edge is shown in a year: a look-up in the years Python worked out for it
  // (edge.years = [first, last], last null when open, from graph.project.holding_span)
  function holds(edge, year) {
    if (year === null || !edge.years) return true;
    return edge.years[0] <= year && (edge.years[1] === null || year <= edge.years[1]);
  }

  function passing() {
    var shownEdges = new Set();
    var degree = new Map();
    EDGES.forEach(function (e) {
      if (!state.relations.has(e.relation)) return;
      if (!state.types.has(byNode.get(e.from).type) || !state.types.has(byNode.get(e.to).type)) return;
      if (!holds(e, state.year)) return;
      if (state.statedOnly && e.basis !== "stated") return;
      shownEdges.add(e.id);
      degree.set(e.from, (degree.get(e.from) || 0) + 1);
      degree.set(e.to, (degree.get(e.to) || 0) + 1);
    });
    var shownNodes = new Set();
    NODES.forEach(function (n) {
      if (!state.types.has(n.type)) return;
      if (state.hideOrphans && n.degree > 0 && !degree.get(n.id)) return;
      shownNodes.add(n.id);
    });
    return { nodes: shownNodes, edges: shownEdges };
  }

  // what each item is drawn as now ({hidden, faded, undated, lang}): everything starts shown
  var nodeDrawn = new Map(NODES.map(function (n) { return [n.id, { hidden: false, faded: false }]; }));
  var edgeDrawn = new Map(EDGES.map(function (e) {
    return [e.id, { hidden: false, faded: false, undated: false, lang: state.lang }];
  }));
  var visible = { nodes: new Set(), edges: new Set() };
  // an undated relation in the "as of" view is drawn at this share of the usual opacity (its
  // dash pattern says its basis, so "undated" cannot be a dash pattern too)
  var UNDATED_OPACITY = 0.5;

  function edgeLabel(e, undated) {
    return relLabel(e.relation) + (undated ? t("undatedMark") : "");
  }

  /* The relation's colour; faded by the filters, or paler when undated in the "as of" view. */
  function edgeColour(e, faded, undated) {
    var c = REL.get(e.relation) ? REL.get(e.relation).color : "#666666";
    var opacity = faded ? 0.08 : (LARGE ? 0.4 : 0.85) * (undated ? UNDATED_OPACITY : 1);
    return { color: c, highlight: c, hover: c, opacity: opacity };
  }

  /* Bring the drawing in line with the filters. Only what changed is sent to vis-network
   * (a property update of 15,000 edges costs about a second; a "hidden" flag alone, less). */
  function apply() {
    var pass = passing();
    var focus = state.focus;
    var fade = state.mode === "fade";
    var nodeUpdates = [];
    var edgeUpdates = [];
    visible = { nodes: new Set(), edges: new Set() };
    NODES.forEach(function (n) {
      var on = pass.nodes.has(n.id);
      if (focus) on = focus.nodes.has(n.id) && (on || focus.force);
      if (on) visible.nodes.add(n.id);
      var want = { hidden: !on && !fade, faded: !on && fade };
      var was = nodeDrawn.get(n.id);
      var update = { id: n.id };
      var changed = false;
      if (want.hidden !== was.hidden) { update.hidden = want.hidden; changed = true; }
      if (want.faded !== was.faded) {
        update.opacity = want.faded ? 0.18 : 1;
        update.font = { color: want.faded ? "rgba(29,39,51,0.25)" : "#1d2733" };
        changed = true;
      }
      if (changed) { nodeDrawn.set(n.id, want); nodeUpdates.push(update); }
    });
    EDGES.forEach(function (e) {
      var on = pass.edges.has(e.id);
      if (focus) on = focus.edges.has(e.id) && (on || focus.force);
      if (on) visible.edges.add(e.id);
      var want = { // in big graphs a faded edge is as good as hidden, and much cheaper
        hidden: !on && (!fade || LARGE), faded: !on && fade && !LARGE,
        undated: on && state.year !== null && !e.years, lang: state.lang,
      };
      var was = edgeDrawn.get(e.id);
      var update = { id: e.id };
      var changed = false;
      if (want.hidden !== was.hidden) { update.hidden = want.hidden; changed = true; }
      if (want.faded !== was.faded || want.undated !== was.undated) {
        update.color = edgeColour(e, want.faded, want.undated);
        update.font = { color: want.faded ? "rgba(74,85,97,0.2)" : "#4a5561" };
        changed = true;
      }
      if (want.undated !== was.undated || want.lang !== was.lang) {
        update.label = edgeLabel(e, want.undated);
        changed = true;
      }
      if (changed) { edgeDrawn.set(e.id, want); edgeUpdates.push(update); }
    });
    if (nodeUpdates.length || edgeUpdates.length) {
      batch(function () {
        if (nodeUpdates.length) nodes.update(nodeUpdates);
        if (edgeUpdates.length) edges.update(edgeUpdates);
      });
    }
    updateStatus();
  }

  /* Run data set updates with vis-network's redraw held back, then draw once (each update
   * would otherwise redraw every edge). */
  function batch(work) {
    network.body.emitter.emit("_blockRedraw");
    try {
      work();
    } finally {
      network.body.emitter.emit("_allowRedraw");
      network.redraw();
    }
  }

  function updateStatus() {
    var text = fill(t("status"), {
      n: visible.nodes.size, N: NODES.length, e: visible.edges.size, E: EDGES.length,
    });
    if (state.year !== null) text += fill(t("statusYear"), { y: state.year });
    if (state.statedOnly) text += t("statusStated");
    document.getElementById("status").textContent = text;
  }

  function neighbourhood(id, depth) {
    var pass = passing();
    var seenNodes = new Set([id]);
    var seenEdges = new Set();
    var frontier = [id];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (u) {
        adjacency.get(u).forEach(function (eid) {
          if (!pass.edges.has(eid)) return;
          var e = byEdge.get(eid);
          var v = e.from === u ? e.to : e.from;
          seenEdges.add(eid);
          if (!seenNodes.has(v)) { seenNodes.add(v); next.push(v); }
        });
      });
      frontier = next;
    }
    return { nodes: seenNodes, edges: seenEdges, force: false };
  }

  function setFocus(focus) {
    state.focus = focus;
    apply();
    if (focus) {
      var ids = Array.from(focus.nodes);
      network.fit({ nodes: ids, animation: LARGE ? false : { duration: 400 }, maxZoomLevel: 1.5 });
    }
  }

  // ------------------------------------------------------------------ explain
  /* The shortest chains of relations between a and b, up to maxHops, either direction: breadth-
   * first search from a, then every way back from b along edges that step one closer. */
  function explain(a, b, maxHops, limit) {
    maxHops = maxHops || 4;
    limit = limit || 10;
    if (a === b || !adjacency.has(a) || !adjacency.has(b)) return [];
    var dist = new Map([[a, 0]]);
    var frontier = [a];
    for (var d = 0; d < maxHops && !dist.has(b) && frontier.length; d++) {
      var next = [];
      frontier.forEach(function (u) {
        adjacency.get(u).forEach(function (eid) {
          var e = byEdge.get(eid);
          var v = e.from === u ? e.to : e.from;
          if (!dist.has(v)) { dist.set(v, d + 1); next.push(v); }
        });
      });
      frontier = next;
    }
    if (!dist.has(b)) return [];
    var chains = [];
    var path = [];
    (function walk(v) {
      if (chains.length >= limit) return;
      if (v === a) { chains.push(path.slice().reverse()); return; }
      adjacency.get(v).forEach(function (eid) {
        var e = byEdge.get(eid);
        var u = e.from === v ? e.to : e.from;
        if (u !== v && dist.get(u) === dist.get(v) - 1) {
          path.push({ edge: eid, from: u, to: v });
          walk(u);
          path.pop();
        }
      });
    })(b);
    return chains;
  }

  function resolve(input) {
    if (input.dataset.id && byNode.has(input.dataset.id) && input.value === label(input.dataset.id)) {
      return input.dataset.id;
    }
    var hits = search(input.value, 1);
    return hits.length ? hits[0] : null;
  }

  function runExplain() {
    var out = clear(document.getElementById("explain-out"));
    var inA = document.getElementById("explain-a");
    var inB = document.getElementById("explain-b");
    if (!inA.value.trim() || !inB.value.trim()) { out.append(el("p", { class: "hint", text: t("pickBoth") })); return []; }
    var a = resolve(inA);
    var b = resolve(inB);
    if (!a || !b) { out.append(el("p", { class: "hint", text: t("noMatch") })); return []; }
    inA.value = label(a); inA.dataset.id = a;
    inB.value = label(b); inB.dataset.id = b;
    if (a === b) { out.append(el("p", { class: "hint", text: t("same") })); return []; }
    state.chains = explain(a, b, 4, 10);
    state.ends = [a, b];
    if (!state.chains.length) { out.append(el("p", { class: "hint", text: t("noChain") })); return []; }
    out.append(el("p", { class: "hint", text: fill(t("chainsFound"), { n: state.chains.length, k: state.chains[0].length }) }));
    showExplanation();
    highlightChain(0);
    return state.chains;
  }

  /* The chains found, in the side panel: every step with its relation, quote and sentence. */
  function showExplanation() {
    state.selected = { kind: "explain" };
    clear(panel);
    var a = state.ends[0], b = state.ends[1];
    panel.append(el("h2", { text: t("explain") }), el("p", { class: "ends" }, nodeButton(a), " … ", nodeButton(b)));
    var list = el("ol", { class: "chains" });
    state.chains.forEach(function (chain, i) {
      var steps = el("ol", { class: "steps" });
      chain.forEach(function (step) {
        var e = byEdge.get(step.edge);
        // each step reads from its left end: the inverse label where the chain runs against
        // the relation's direction ("Trotsky — was defeated by → Joseph Stalin")
        var li = el("li", null,
          el("span", { class: "step" }, label(step.from),
            el("strong", null, " — " + relLabelFrom(e, step.from) + (e.symmetric ? " — " : " → ")), label(step.to)),
          el("span", { class: "when", text: " " + (e.years ? e.span : t("undated")) }));
        if (e.basis !== "stated") li.append(basisTag(e));
        var details = el("details", null,
          el("summary", null, e.quote ? el("q", { lang: "de" }, e.quote) : t("evidence"),
            e.sentence !== null ? el("span", { class: "cite", text: " [" + e.sentence + "]" }) : null),
          evidence(e), basisBlock(e, false));
        li.append(details);
        steps.append(li);
      });
      list.append(el("li", { class: "chain" },
        el("button", { type: "button", class: "chain-head", "data-chain": i, onclick: function () { highlightChain(i); } },
          t("chain") + " " + (i + 1) + " · " + chain.length + " " + t("steps")),
        steps));
    });
    panel.append(list);
  }

  function markChain(i) {
    state.chain = i;
    document.querySelectorAll("#panel .chain-head").forEach(function (b) {
      b.classList.toggle("active", b.getAttribute("data-chain") === String(i));
    });
  }

  function highlightChain(i) {
    var chain = state.chains[i];
    if (!chain) return;
    var nodeIds = new Set();
    var edgeIds = new Set();
    chain.forEach(function (s) { nodeIds.add(s.from); nodeIds.add(s.to); edgeIds.add(s.edge); });
    markChain(i);
    setFocus({ nodes: nodeIds, edges: edgeIds, force: true });
    network.setSelection({ nodes: Array.from(nodeIds), edges: Array.from(edgeIds) }, { highlightEdges: false });
  }

  function clearExplain() {
    state.chains = [];
    if (state.selected && state.selected.kind === "explain") { state.selected = null; showIntro(); }
    clear(document.getElementById("explain-out"));
    ["explain-a", "explain-b"].forEach(function (id) {
      var input = document.getElementById(id);
      input.value = "";
      delete input.dataset.id;
    });
    setFocus(null);
    network.unselectAll();
  }

  // ------------------------------------------------------------------ side panel
  var panel = document.getElementById("panel");

  function row(term, value) {
    return [el("dt", { text: term }), el("dd", null, value)];
  }

  /* A line `length` pixels long drawn as the network draws an edge of basis `b` (its dash
   * pattern and width), for the legend and the panels; `alpha` below 1 draws it paler. */
  function lineSample(b, length, colour, alpha) {
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
  function basisTag(item) {
    return el("span", { class: "basis-tag basis-" + item.basis, title: basisText(item) },
      lineSample(BASES.get(item.basis), 26), basisLabel(item.basis));
  }

  /* What an edge or fact rests on, and the curator's note: "the curator inferred only its
   * date", "according to Lenin" (a link to Lenin when `links` and he is in the page). */
  function basisBlock(item, links) {
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

  function nodeButton(id) {
    return el("button", { type: "button", class: "link", onclick: function () { selectNode(id, true); } }, label(id));
  }

  function sentenceOf(item) {
    if (item.sentence_text) return item.sentence_text;
    return item.sentence !== null && item.sentence !== undefined ? KG.sentences[String(item.sentence)] : null;
  }

  /* The sentence with the quoted words marked; the quote alone if it is not found in it. */
  function evidence(item) {
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
    if (item.sentence !== null && item.sentence !== undefined) cite.push(t("sentence") + " " + item.sentence);
    var srcId = item.sentence !== null && item.sentence !== undefined ? (KG.sentence_sources || {})[String(item.sentence)] : null;
    var src = KG.meta.sources.find(function (x) { return x.id === srcId; });
    if (src) cite.push(src["label_" + state.lang]);
    if (cite.length) box.append(el("figcaption", { text: cite.join(" · ") }));
    return box;
  }

  function showIntro() {
    clear(panel);
    panel.append(el("p", { class: "hint", text: t("intro") }),
      el("p", { class: "hint", text: fill(t("introCounts"), { n: NODES.length, e: EDGES.length }) }));
    var hubs = NODES.slice().sort(function (a, b) {
      return b.degree - a.degree || (label(a.id) < label(b.id) ? -1 : 1);
    }).slice(0, 12).filter(function (n) { return n.degree > 0; });
    if (!hubs.length) return;
    var list = el("ul", { class: "plain hubs" });
    hubs.forEach(function (n) {
      list.append(el("li", null,
        el("span", { class: "swatch", style: "background:" + (TYPES.get(n.type) || { color: "#888" }).color }),
        nodeButton(n.id), el("span", { class: "count", text: " " + n.degree })));
    });
    panel.append(el("h3", { text: t("hubs") }), list);
  }

  function showNode(id) {
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
        var item = el("li", null, relLabel(f.relation) + ": " + f.value);
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
    if (n.wikidata) {
      dl.append.apply(dl, row(t("wikidata"), el("a", { href: n.wikidata.url }, n.wikidata.id)));
    }
    dl.append.apply(dl, row(t("iri"), el("code", { text: n.curie || n.id })));
    panel.append(dl);
    panel.append(el("div", { class: "row buttons" },
      el("button", { type: "button", onclick: function () { setFocus(neighbourhood(id, 1)); } }, t("focus1")),
      el("button", { type: "button", onclick: function () { setFocus(neighbourhood(id, 2)); } }, t("focus2")),
      el("button", { type: "button", onclick: function () { setFocus(null); } }, t("unfocus"))));
    panel.append(el("div", { class: "row buttons" },
      el("button", { type: "button", onclick: function () { setExplainEnd("explain-a", id); } }, t("explainFrom")),
      el("button", { type: "button", onclick: function () { setExplainEnd("explain-b", id); } }, t("explainTo"))));
    panel.append(relationsOf(id));
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

  function showEdge(id) {
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
    if (e.sentence !== null) dl.append.apply(dl, row(t("sentence"), String(e.sentence)));
    if (e.symmetric) dl.append.apply(dl, row(t("type"), t("mutualRel")));
    if (r && r.comment) dl.append.apply(dl, row(t("definition"), r.comment));
    dl.append.apply(dl, row(t("statement"), el("code", { text: localName(e.id) })));
    panel.append(dl);
    panel.append(evidence(e));
  }

  function refreshPanel() {
    if (!state.selected) showIntro();
    else if (state.selected.kind === "explain") { showExplanation(); markChain(state.chain); }
    else if (state.selected.kind === "node") showNode(state.selected.id);
    else showEdge(state.selected.id);
  }

  // ------------------------------------------------------------------ selection
  function selectNode(id, move) {
    if (!byNode.has(id)) return false;
    network.selectNodes([id]);
    if (move !== false) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: LARGE ? false : { duration: 400 } });
    }
    showNode(id);
    return true;
  }

  function selectEdge(id) {
    if (!byEdge.has(id)) return false;
    network.setSelection({ nodes: [], edges: [id] });
    showEdge(id);
    return true;
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else { state.selected = null; showIntro(); }
  });

  // ------------------------------------------------------------------ search box
  var searchBox = document.getElementById("search");
  var suggestions = document.getElementById("search-results");
  var active = -1;

  function showSuggestions() {
    clear(suggestions);
    active = -1;
    var hits = search(searchBox.value, 8);
    hits.forEach(function (id) {
      var n = byNode.get(id);
      var other = state.lang === "de" ? n.label_en : n.label_de;
      suggestions.append(el("li", { role: "option", "data-id": id, onmousedown: function (ev) { ev.preventDefault(); pick(id); } },
        el("span", { class: "swatch", style: "background:" + (TYPES.get(n.type) || { color: "#888" }).color }),
        el("span", { class: "name", text: label(id) }),
        other && other !== label(id) ? el("span", { class: "sub", text: " " + other }) : null,
        el("span", { class: "kind", text: " · " + typeLabel(n.type) })));
    });
    suggestions.hidden = hits.length === 0;
    return hits;
  }

  function pick(id) {
    suggestions.hidden = true;
    searchBox.value = label(id);
    selectNode(id, true);
  }

  searchBox.addEventListener("input", showSuggestions);
  searchBox.addEventListener("keydown", function (ev) {
    var items = suggestions.querySelectorAll("li");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!items.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, i) { li.classList.toggle("active", i === active); });
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      var hits = search(searchBox.value, 8);
      if (hits.length) pick(hits[Math.max(active, 0)]);
    } else if (ev.key === "Escape") {
      suggestions.hidden = true;
    }
  });
  searchBox.addEventListener("blur", function () { suggestions.hidden = true; });
  document.addEventListener("keydown", function (ev) {
    var tag = document.activeElement ? document.activeElement.tagName : "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "SELECT") { ev.preventDefault(); searchBox.focus(); }
    if (ev.key === "Escape" && tag !== "INPUT") { network.unselectAll(); state.selected = null; showIntro(); }
  });

  function setExplainEnd(inputId, id) {
    var input = document.getElementById(inputId);
    input.value = label(id);
    input.dataset.id = id;
    var other = document.getElementById(inputId === "explain-a" ? "explain-b" : "explain-a");
    if (other.value.trim()) runExplain();
  }

  // ------------------------------------------------------------------ legend and filters
  var GLYPHS = { dot: "●", hexagon: "⬢", square: "■", diamond: "◆", triangle: "▲", star: "★", triangleDown: "▼" };

  function buildTypes() {
    var list = clear(document.getElementById("types"));
    KG.types.forEach(function (ty) {
      var box = el("input", { type: "checkbox", "data-type": ty.id });
      box.checked = state.types.has(ty.id);
      box.addEventListener("change", function () {
        if (box.checked) state.types.add(ty.id); else state.types.delete(ty.id);
        apply();
      });
      list.append(el("li", null, el("label", null, box,
        el("span", { class: "glyph" + (ty.id === "Document" ? " dashed" : ""), style: "color:" + ty.color, "aria-hidden": "true" }, GLYPHS[ty.shape] || "●"),
        el("span", { class: "name", text: typeLabel(ty.id) }),
        el("span", { class: "count", text: String(ty.count) }))));
    });
  }

  function buildRelations() {
    var list = clear(document.getElementById("relations"));
    var q = norm(document.getElementById("rel-filter").value || "");
    KG.relations.forEach(function (r) {
      if (q && norm(r.label_de + " " + r.label_en + " " + r.id).indexOf(q) < 0) return;
      var box = el("input", { type: "checkbox", "data-relation": r.id });
      box.checked = state.relations.has(r.id);
      box.addEventListener("change", function () {
        if (box.checked) state.relations.add(r.id); else state.relations.delete(r.id);
        apply();
      });
      list.append(el("li", { title: r.comment || null }, el("label", null, box,
        el("span", { class: "swatch line", style: "background:" + r.color }),
        el("span", { class: "name", text: r["label_" + state.lang] + (r.symmetric ? " ↔" : "") }),
        el("span", { class: "count", text: String(r.count) }))));
    });
  }

  /* The basis part of the legend: each basis with the line its edges are drawn with. */
  function buildBases() {
    var list = clear(document.getElementById("bases"));
    KG.bases.forEach(function (b) {
      if (!b.count) return;
      list.append(el("li", { title: b.comment || null, "data-basis": b.id },
        el("span", { class: "sample" }, lineSample(b, 48)),
        el("span", { class: "name", text: basisLabel(b.id) }),
        el("span", { class: "count", text: String(b.count) })));
    });
    clear(document.getElementById("undated-sample")).append(lineSample(BASES.get("stated"), 20, null, UNDATED_OPACITY));
  }

  var statedOnlyBox = document.getElementById("stated-only");
  statedOnlyBox.disabled = !EDGES.some(function (e) { return e.basis !== "stated"; });

  function setStatedOnly(on) {
    state.statedOnly = !!on;
    statedOnlyBox.checked = state.statedOnly;
    apply();
    if (state.selected) refreshPanel();
  }

  statedOnlyBox.addEventListener("change", function () { setStatedOnly(statedOnlyBox.checked); });

  function setAllRelations(on) {
    var q = norm(document.getElementById("rel-filter").value || "");
    KG.relations.forEach(function (r) {
      if (q && norm(r.label_de + " " + r.label_en + " " + r.id).indexOf(q) < 0) return;
      if (on) state.relations.add(r.id); else state.relations.delete(r.id);
    });
    buildRelations();
    apply();
  }

  var yearOn = document.getElementById("year-on");
  var yearRange = document.getElementById("year");
  var yearOut = document.getElementById("year-out");

  function setupYears() {
    var span = KG.meta.years;
    if (!span) {
      yearOn.disabled = true;
      return;
    }
    yearRange.min = String(span[0]);
    yearRange.max = String(span[1]);
    var start = KG.meta.year !== null && KG.meta.year !== undefined ? KG.meta.year : span[0];
    yearRange.value = String(Math.min(Math.max(start, span[0]), span[1]));
    yearOut.textContent = yearRange.value;
  }

  function setYear(year) {
    if (year === null || year === undefined) {
      state.year = null;
      yearOn.checked = false;
      yearRange.disabled = true;
    } else {
      state.year = Number(year);
      yearOn.checked = true;
      yearRange.disabled = false;
      yearRange.value = String(state.year);
      yearOut.textContent = String(state.year);
    }
    apply();
    if (state.selected) refreshPanel();
  }

  yearOn.addEventListener("change", function () { setYear(yearOn.checked ? Number(yearRange.value) : null); });
  yearRange.addEventListener("input", function () { yearOut.textContent = yearRange.value; setYear(Number(yearRange.value)); });

  document.querySelectorAll("input[name=mode]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) setMode(radio.value); });
  });

  function setMode(mode) {
    state.mode = mode === "fade" ? "fade" : "hide";
    document.querySelectorAll("input[name=mode]").forEach(function (r) { r.checked = r.value === state.mode; });
    apply();
  }

  document.getElementById("orphans").addEventListener("change", function (ev) {
    state.hideOrphans = ev.target.checked;
    apply();
  });
  document.getElementById("rel-filter").addEventListener("input", buildRelations);
  document.getElementById("rel-all").addEventListener("click", function () { setAllRelations(true); });
  document.getElementById("rel-none").addEventListener("click", function () { setAllRelations(false); });
  document.getElementById("explain-go").addEventListener("click", runExplain);
  document.getElementById("explain-clear").addEventListener("click", clearExplain);
  ["explain-a", "explain-b"].forEach(function (id) {
    var input = document.getElementById(id);
    input.addEventListener("input", function () { delete input.dataset.id; });
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runExplain(); } });
  });

  // ------------------------------------------------------------------ tools
  function fit() {
    network.fit({ animation: LARGE ? false : { duration: 300 } });
  }

  function reset() {
    state.types = new Set(KG.types.map(function (x) { return x.id; }));
    state.relations = new Set(KG.relations.map(function (r) { return r.id; }));
    state.hideOrphans = true;
    document.getElementById("orphans").checked = true;
    state.statedOnly = false;
    statedOnlyBox.checked = false;
    document.getElementById("rel-filter").value = "";
    state.focus = null;
    state.selected = null;
    clearExplain();
    setMode("hide");
    physicsBox.checked = false;
    network.setOptions({ physics: { enabled: false } });
    nodes.update(NODES.map(function (n) { return { id: n.id, x: n.x, y: n.y }; }));
    buildTypes();
    buildRelations();
    setYear(null);
    network.unselectAll();
    showIntro();
    fit();
  }

  var physicsBox = document.getElementById("physics");
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  function stabilise() {
    document.getElementById("status").textContent = t("stabilising");
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(LARGE ? 100 : 300);
  }

  network.on("stabilizationIterationsDone", function () {
    if (!physicsBox.checked) network.setOptions({ physics: { enabled: false } });
    api.stabilised += 1;
    updateStatus();
  });

  function exportPNG() {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    var link = document.createElement("a");
    link.download = "stalin-kg.png";
    link.href = out.toDataURL("image/png");
    document.body.append(link);
    link.click();
    link.remove();
    return link.download;
  }

  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("reset").addEventListener("click", reset);
  document.getElementById("stabilise").addEventListener("click", stabilise);
  document.getElementById("png").addEventListener("click", exportPNG);

  // ------------------------------------------------------------------ language
  var langSelect = document.getElementById("lang");

  function translatePage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) { node.placeholder = t(node.getAttribute("data-i18n-placeholder")); });
    var credit = clear(document.getElementById("credit"));
    KG.meta.sources.forEach(function (s) {
      credit.append(t("source") + ": ",
        s.url ? el("a", { href: s.url }, s["label_" + state.lang]) : s["label_" + state.lang]);
      if (s.licence) {
        credit.append(", " + t("licence") + " ",
          s.licence_url ? el("a", { href: s.licence_url }, s.licence) : s.licence);
      }
    });
  }

  function setLang(lang) {
    state.lang = lang === "de" ? "de" : "en";
    langSelect.value = state.lang;
    translatePage();
    batch(function () {
      nodes.update(NODES.map(function (n) {
        return { id: n.id, label: label(n.id), title: label(n.id) + " · " + typeLabel(n.type) };
      }));
      edges.update(EDGES.map(function (e) { return { id: e.id, title: visEdge(e).title }; }));
    });
    apply(); // edge labels are keyed on the language too
    buildTypes();
    buildBases();
    buildRelations();
    refreshPanel();
    ["explain-a", "explain-b"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input.dataset.id) input.value = label(input.dataset.id);
    });
  }

  langSelect.addEventListener("change", function () { setLang(langSelect.value); });

  // ------------------------------------------------------------------ start
  var api = {
    ready: false,
    readyAt: null,
    stabilised: 0, // how many stabilisations have finished
    timings: timings,
    state: state,
    search: search,
    select: function (id) { return selectNode(id, true); },
    selectEdge: selectEdge,
    explain: function (a, b) {
      document.getElementById("explain-a").value = a;
      document.getElementById("explain-b").value = b;
      delete document.getElementById("explain-a").dataset.id;
      delete document.getElementById("explain-b").dataset.id;
      return runExplain();
    },
    chains: explain,
    setYear: setYear,
    setStatedOnly: setStatedOnly,
    setLang: setLang,
    setMode: setMode,
    setFocus: function (id, depth) { setFocus(id ? neighbourhood(id, depth || 1) : null); },
    reset: reset,
    exportPNG: exportPNG,
    visible: function () {
      return { nodes: Array.from(visible.nodes), edges: Array.from(visible.edges) };
    },
  };
  window.kgViewer = api;

  langSelect.value = state.lang;
  setupYears();
  translatePage();
  buildTypes();
  buildBases();
  buildRelations();
  apply();
  showIntro();
  timings.ui = window.performance.now();
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = timings.drawn = window.performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
  network.fit();
  if (KG.meta.year !== null && KG.meta.year !== undefined) setYear(KG.meta.year);
  var wanted = decodeURIComponent(window.location.hash.slice(1));
  if (wanted) {
    var hit = NODES.find(function (n) { return n.curie === wanted || n.id === wanted; });
    if (hit) selectNode(hit.id, true);
  }
})();
