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

  var lod = window.kgLod || null; // level of detail: a big graph's page, decoded by lod.js
  var NODES = lod ? lod.nodes : readJSON("kg-nodes");
  var EDGES = lod ? lod.edges : readJSON("kg-edges");
  var OPTIONS = readJSON("kg-options");
  var KG = lod ? lod.kg : readJSON("kg-data");
  var LARGE = EDGES.length > 2000 || NODES.length > 1500;
  timings.parsed = window.performance.now();

  var byNode = new Map(NODES.map(function (n) { return [n.id, n]; }));
  var byEdge = new Map(EDGES.map(function (e) { return [e.id, e]; }));
  var REL = new Map(KG.relations.map(function (r) { return [r.id, r]; }));
  var TYPES = new Map(KG.types.map(function (t) { return [t.id, t]; }));
  var BASES = new Map(KG.bases.map(function (b) { return [b.id, b]; }));
  var METRICS = new Map((KG.metrics || []).map(function (m) { return [m.id, m]; }));
  var adjacency = new Map();
  NODES.forEach(function (n) { adjacency.set(n.id, []); });
  EDGES.forEach(function (e) {
    adjacency.get(e.from).push(e.id);
    if (e.to !== e.from) adjacency.get(e.to).push(e.id);
  });

  // ------------------------------------------------------------------ words of the page
  /* The page's words in each language, by key: the one catalogue of the project
   * (graph/locales/*.json, keys "page.*"), which viz/data.py puts into the page data. */
  var WORDS = KG.messages;

  var state = {
    lang: KG.meta.lang === "de" ? "de" : "en",
    types: new Set(KG.types.map(function (t) { return t.id; })),
    relations: new Set(KG.relations.map(function (r) { return r.id; })),
    year: null,
    statedOnly: false,
    mode: "hide",
    hideOrphans: true,
    focus: null, // an explained chain: {nodes: Set, edges: Set, force: bool}
    focusDepth: 1, // a selected entity dims everything further than this many steps (0: off)
    metric: "type", // what nodes are sized and coloured by (KG.metrics)
    selected: null, // {kind: "node"|"edge"|"explain", id}
    chains: [], // [{nodes: [ids], hops: [{from, to, edges: [ids]}]}]
    chain: 0,
    ends: null,
    avoid: [], // entities no chain may pass through
    view: "graph", // what the middle of the page shows: graph, entities, relations or text
    query: "", // what the search box holds: the tables list only what matches it
    sort: { entities: { key: "shown", dir: -1 }, relations: { key: "sentence", dir: 1 } },
    marked: null, // the statement whose quote the reading view marks ("show in text")
  };

  /* The words of `key` in the page's language, each {name} replaced by params[name] (fill()). */
  function t(key, params) {
    var words = WORDS[state.lang];
    var text = key in words ? words[key] : WORDS.en[key] || key;
    return params ? fill(text, params) : text;
  }

  /* A text with each {name} replaced by values[name]: the rule of graph.messages.message. */
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

  /* Say `text` to screen readers (the page's live status region). */
  function announce(text) {
    var box = document.getElementById("announce");
    if (box.textContent !== text) box.textContent = text;
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
      if (item.inferred_part === "date") return [t("basisInferredDate")];
      return [item.inferred_part === "relation" ? t("basisInferredRelation") : t("basisInferred")];
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

  /* ---- the name rule of graph/names.py, for the page (tests/test_search_rule.py holds both
   * to tests/fixtures/search_cases.json): norm() is graph.names.normalise, tolerance(),
   * wordsMiss() and nameRank() its functions of those names, search() its search(). */

  /* Accents dropped (NFKD), lower case, ß as ss, every run of characters that are neither
   * letters nor digits one space. */
  function norm(text) {
    return String(text).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
      .replace(/ß/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  /* The search index Python prepared (viz.data.search_key normalises every name, quote and
   * sentence as norm() does what is typed): [key, its words] per name of each entity, the
   * words of each edge's quote, and of each sentence. */
  function keyed(key) { return { key: key, words: key ? key.split(" ") : [] }; }
  if (lod && !KG.search) KG.search = lod.searchIndex(norm); // level of detail: not in the page
  var INDEX = null; // level of detail: built at the first search
  function entityIndex() {
    INDEX = INDEX || KG.search.entities.map(function (item) {
      return { id: item[0], names: item[1].map(keyed) };
    });
    return INDEX;
  }
  var SENTENCE_WORDS = null, STATEMENT_INDEX = null; // level of detail: built at the first search
  function statementIndex() {
    if (STATEMENT_INDEX) return STATEMENT_INDEX;
    SENTENCE_WORDS = new Map(Object.keys(KG.search.sentences).map(function (k) {
      return [k, keyed(KG.search.sentences[k]).words];
    }));
    STATEMENT_INDEX = KG.search.statements.map(function (item) {
      return { id: item[0], quote: keyed(item[1]).words };
    });
    return STATEMENT_INDEX;
  }

  /* How many typing mistakes a word of this length may have and still match: none below 4
   * letters, one up to 7, two from 8. */
  function tolerance(word) {
    return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
  }

  /* The edit distance of two words (insertions, deletions, substitutions and swaps of two
   * neighbouring letters), or max + 1 once it is sure to exceed max. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        cur.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* How far the words of a query are from a list of words: 0 when each is a prefix of one of
   * them, else the sum of each word's least edit distance to one of them (a near miss, within
   * tolerance()), or -1 when some word matches none. */
  function wordsMiss(query, words) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var q = query[i], max = tolerance(q), best = max + 1;
      for (var k = 0; k < words.length && best > 0; k++) {
        if (words[k].startsWith(q)) best = 0;
        else if (max) best = Math.min(best, editDistance(q, words[k], max));
      }
      if (best > max) return -1;
      total += best;
    }
    return total;
  }

  /* How well a name matches the query, both normalised (q the query, qw its words, name
   * {key, words}): 0 the whole name, 1 a prefix of it, 2 every query word starts a word of it,
   * 3 a substring, 3 + k for k > 0 typing mistakes (wordsMiss); -1 when it does not match. */
  function nameRank(q, qw, name) {
    if (name.key === q) return 0;
    if (name.key.startsWith(q)) return 1;
    if (qw.every(function (w) { return name.words.some(function (x) { return x.startsWith(w); }); })) return 2;
    if (name.key.indexOf(q) >= 0) return 3;
    var miss = wordsMiss(qw, name.words);
    return miss > 0 ? 3 + miss : -1;
  }

  function byRank(a, b) {
    return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  }

  /* Entities whose names match `text`, best first: by the rank of their best name
   * (nameRank), then that name's length (the closest fit), then IRI. */
  function search(text, limit) {
    var q = norm(text);
    if (!q) return [];
    var qw = q.split(" ");
    var hits = [];
    entityIndex().forEach(function (item) {
      var best = null;
      item.names.forEach(function (name) {
        var rank = nameRank(q, qw, name);
        if (rank >= 0 && (!best || rank < best[0] || (rank === best[0] && name.key.length < best[1]))) {
          best = [rank, name.key.length];
        }
      });
      if (best) hits.push([best[0], best[1], item.id]);
    });
    hits.sort(byRank);
    return hits.slice(0, limit || 8).map(function (h) { return h[2]; });
  }
  /* ---- end of the name rule */

  /* Relations whose quoted words, or else whose sentence, hold every word of `text` (a word
   * prefix or a near miss; words of 3 letters or more), best first: quote before sentence,
   * fewest mistakes, then in the text's order. */
  function searchStatements(text, limit) {
    var qw = norm(text).split(" ").filter(function (w) { return w.length >= 3; });
    if (!qw.length) return [];
    var hits = [];
    statementIndex().forEach(function (item, order) {
      var e = byEdge.get(item.id);
      var miss = wordsMiss(qw, item.quote);
      var rank = miss >= 0 ? miss : -1;
      if (rank < 0 && e.sentence !== null) {
        miss = wordsMiss(qw, SENTENCE_WORDS.get(String(e.sentence)) || []);
        if (miss >= 0) rank = 100 + miss;
      }
      if (rank >= 0) hits.push([rank, order, "", item.id]);
    });
    hits.sort(byRank);
    return hits.slice(0, limit || 6).map(function (h) { return h[3]; });
  }

  // ------------------------------------------------------------------ the network
  var container = document.getElementById("mynetwork");
  // vis-network gets only what it draws; the evidence stays in NODES/EDGES (byNode, byEdge).
  function nodeColour(type) {
    return fillColour((TYPES.get(type) || { color: "#8c8c8c" }).color);
  }

  function fillColour(c) {
    return { background: c, border: "#2d3a47", highlight: { background: c, border: "#000000" },
      hover: { background: c, border: "#000000" } };
  }

  // the usual label font (canvas pixels) and wrapping width; the most connected entities have
  // bigger fonts (n.font, from viz.data.LABEL_TIERS), so the first view can show their names
  var LABEL_FONT = 14, LABEL_WRAP = 150;

  // a bigger font is drawn at most LABEL_MAX_PX screen pixels high (never below LABEL_FONT)
  var LABEL_MAX_PX = 18;

  function labelFont(n) { return n.font || LABEL_FONT; }

  /* The font a label is drawn with at the current zoom: a bigger font only as big as it
   * needs to be read, no bigger on screen than LABEL_MAX_PX. */
  function drawnFont(n) {
    var font = labelFont(n);
    if (font === LABEL_FONT || !network) return font;
    return Math.max(LABEL_FONT, Math.min(font, Math.round(2 * LABEL_MAX_PX / network.getScale()) / 2));
  }

  /* A node's label font for vis-network: its size, and its colour (paler when faded). */
  function nodeFont(n, faded) {
    return { size: drawnFont(n), color: faded ? "rgba(29,39,51,0.25)" : "#1d2733" };
  }

  function visNode(n) {
    var ty = TYPES.get(n.type) || { shape: "dot" };
    var item = {
      id: n.id, label: label(n.id), x: n.x, y: n.y, size: n.size, shape: ty.shape,
      color: nodeColour(n.type), title: label(n.id) + " · " + typeLabel(n.type),
    };
    if (labelFont(n) !== LABEL_FONT) {
      item.font = nodeFont(n, false);
      if (!LARGE) item.widthConstraint = { maximum: Math.round(LABEL_WRAP * labelFont(n) / LABEL_FONT) };
    }
    if (n.type === "Document") item.shapeProperties = { borderDashes: [4, 3] };
    return item;
  }

  /* An edge as vis-network draws it: the relation's colour, the line of its basis (dashes and
   * width, from the Python side's BASIS_STYLES), an arrow unless it is mutual. */
  function visEdge(e) {
    var item = {
      id: e.id, from: e.from, to: e.to, label: "",
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

  var nodes = new vis.DataSet((lod ? lod.onlyNodes(NODES) : NODES).map(visNode)); // level of detail
  var edges = new vis.DataSet((lod ? lod.onlyEdges(EDGES) : EDGES).map(visEdge));
  timings.datasets = window.performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, OPTIONS);
  window.network = network;
  // one tab stop for the graph: the container (the page's keys), not vis-network's frame too
  container.querySelectorAll("[tabindex]").forEach(function (node) { node.setAttribute("tabindex", "-1"); });
  timings.network = window.performance.now();

  // ------------------------------------------------------------------ filters and focus
  // whether an edge is shown in a year: a look-up in the years Python worked out for it
  // (edge.years = [first, last], last null when open, from graph.project.holding_span)
  function holds(edge, year) {
    if (year === null || !edge.years) return true;
    return edge.years[0] <= year && (edge.years[1] === null || year <= edge.years[1]);
  }

  // whether an entity exists in a year: the same look-up in the years Python worked out for it
  // (node.years = [first, last], either null when open, from graph.project.existence_years)
  function exists(node, year) {
    if (year === null || !node.years) return true;
    return (node.years[0] === null || node.years[0] <= year) && (node.years[1] === null || year <= node.years[1]);
  }

  function passing() {
    var shownEdges = new Set();
    var degree = new Map();
    EDGES.forEach(function (e) {
      if (!state.relations.has(e.relation)) return;
      var a = byNode.get(e.from), b = byNode.get(e.to);
      if (!state.types.has(a.type) || !state.types.has(b.type)) return;
      if (!holds(e, state.year) || !exists(a, state.year) || !exists(b, state.year)) return;
      if (state.statedOnly && e.basis !== "stated") return;
      shownEdges.add(e.id);
      degree.set(e.from, (degree.get(e.from) || 0) + 1);
      degree.set(e.to, (degree.get(e.to) || 0) + 1);
    });
    var shownNodes = new Set();
    NODES.forEach(function (n) {
      if (!state.types.has(n.type) || !exists(n, state.year)) return;
      if (state.hideOrphans && n.degree > 0 && !degree.get(n.id)) return;
      shownNodes.add(n.id);
    });
    return { nodes: shownNodes, edges: shownEdges, degree: degree };
  }

  // what each item is drawn as now ({hidden, faded, undated, lang}): everything starts shown
  // (level of detail: what is not drawn yet counts as hidden)
  var nodeDrawn = new Map(NODES.map(function (n) { return [n.id, { hidden: !!lod && !lod.has(n.id), faded: false }]; }));
  var edgeDrawn = new Map(EDGES.map(function (e) {
    return [e.id, { hidden: !!lod && !lod.hasEdge(e.id), faded: false, undated: false }];
  }));
  var visible = { nodes: new Set(), edges: new Set(), degree: new Map() };
  var dimmed = null; // the selected entity's neighbourhood, when the rest is dimmed
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
    visible = { nodes: new Set(), edges: new Set(), degree: pass.degree };
    var sel = state.selected;
    dimmed = !focus && sel && sel.kind === "node" && state.focusDepth > 0 && pass.nodes.has(sel.id)
      ? neighbourhood(sel.id, state.focusDepth, pass) : null;
    NODES.forEach(function (n) {
      if (lod && !lod.has(n.id)) return; // level of detail: not drawn yet
      var on = pass.nodes.has(n.id);
      if (focus) on = focus.nodes.has(n.id) && (on || focus.force);
      if (on) visible.nodes.add(n.id);
      var dim = on && dimmed !== null && !dimmed.nodes.has(n.id);
      var want = { hidden: !on && !fade, faded: (!on && fade) || dim };
      var was = nodeDrawn.get(n.id);
      var update = { id: n.id };
      var changed = false;
      if (want.hidden !== was.hidden) { update.hidden = want.hidden; changed = true; }
      if (want.faded !== was.faded) {
        update.opacity = want.faded ? 0.18 : 1;
        // (a faded label in a big graph: its opacity alone, a font update costs too much there)
        if (!LARGE) update.font = nodeFont(n, want.faded);
        changed = true;
      }
      if (changed) { nodeDrawn.set(n.id, want); nodeUpdates.push(update); }
    });
    EDGES.forEach(function (e) {
      if (lod && !lod.hasEdge(e.id)) return; // level of detail: not drawn yet
      var on = pass.edges.has(e.id);
      if (focus) on = focus.edges.has(e.id) && (on || focus.force);
      if (on) visible.edges.add(e.id);
      var dim = on && dimmed !== null && !dimmed.edges.has(e.id);
      var want = { // in big graphs a faded edge is as good as hidden, and much cheaper
        hidden: (!on && (!fade || LARGE)) || (dim && LARGE), faded: ((!on && fade) || dim) && !LARGE,
        undated: on && state.year !== null && !e.years,
      };
      var was = edgeDrawn.get(e.id);
      var update = { id: e.id };
      var changed = false;
      if (want.hidden !== was.hidden) { update.hidden = want.hidden; changed = true; }
      if (want.faded !== was.faded || want.undated !== was.undated) {
        update.color = edgeColour(e, want.faded, want.undated);
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
    relabel();
    if (!state.selected && started) showIntro(); // the most connected, as the filters leave them
    if (started) refreshViews();
    remember(false);
  }

  // ------------------------------------------------------------------ edge labels
  /* Edges are drawn without labels; the selected edge, the selected entity's relations (or an
   * explained chain's) and the edge under the mouse get theirs, EDGE_LABEL_PX screen pixels
   * high whatever the zoom, as many as fit without covering one another (the edge under the
   * mouse first, then the selected edge, then the rest in the text's order). */
  var EDGE_LABEL_PX = 12;
  var LABEL_MIN_PX = OPTIONS.nodes.scaling.label.drawThreshold - 1; // node labels drawn from here
  var hovered = null; // the edge under the mouse
  var labelled = new Map(); // edge id -> the label it has now
  var labelScale = null; // the zoom the labels were placed at

  function labelWanted() {
    var want = [];
    var sel = state.selected;
    if (hovered && visible.edges.has(hovered)) want.push(hovered);
    if (sel && sel.kind === "edge") want.push(sel.id);
    if (sel && sel.kind === "node" && visible.nodes.has(sel.id)) {
      adjacency.get(sel.id).forEach(function (id) { if (visible.edges.has(id)) want.push(id); });
    }
    if (state.focus && sel && sel.kind === "explain") {
      EDGES.forEach(function (e) { if (state.focus.edges.has(e.id) && visible.edges.has(e.id)) want.push(e.id); });
    }
    return want.filter(function (id, i) { return want.indexOf(id) === i; });
  }

  /* The screen boxes of the entities drawn, undimmed, with their labels (as drawn at this
   * zoom): what edge labels must not cover. */
  function nodeBoxes() {
    var scale = network.getScale();
    var boxes = [];
    var at = network.getPositions();
    var width = container.clientWidth, height = container.clientHeight;
    visible.nodes.forEach(function (id) {
      if (nodeDrawn.get(id).faded) return;
      var n = byNode.get(id), p = at[id], r = network.body.nodes[id].options.size || n.size;
      var a = network.canvasToDOM({ x: p.x - r, y: p.y - r }), b = network.canvasToDOM({ x: p.x + r, y: p.y + r });
      if (b.x < -200 || b.y < -100 || a.x > width + 200 || a.y > height + 100) return; // far off the view
      boxes.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
      if (labelFont(n) * scale < LABEL_MIN_PX || !network.body.nodes[id]) return;
      var lab = network.body.nodes[id].labelModule.size;
      if (!lab || !lab.width) return;
      a = network.canvasToDOM({ x: lab.left, y: lab.top });
      b = network.canvasToDOM({ x: lab.left + lab.width, y: lab.top + lab.height });
      boxes.push({ x0: a.x, y0: a.y, x1: b.x, y1: b.y });
    });
    return boxes;
  }

  /* The labels that fit: each label's box on screen (at its edge's middle, up to two lines
   * above or below it, or farther up or down while the box still sits on its edge, as on a
   * steep one) kept clear of the entities and their labels and of the boxes placed before it,
   * the labels with the fewest free places placed first; the edge under the mouse and the
   * selected edge get theirs in any case, clear of the other labels where a place is (parallel
   * edges' labels never hide one another). Labels are measured in bold, as vis-network draws a
   * selected edge's label, in its own canvas. Returns id -> {text, dy}: the label and how far
   * (screen pixels) it is moved down. */
  function labelPlaces(ids) {
    if (!ids.length) return new Map();
    var measure = network.canvas.getContext();
    measure.save();
    measure.setTransform(1, 0, 0, 1, 0, 0);
    measure.font = ["bold", EDGE_LABEL_PX + "px", OPTIONS.edges.font.face].join(" ");
    var obstacles = nodeBoxes();
    var sel = state.selected;
    var h = EDGE_LABEL_PX * 1.4;
    var hits = function (a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; };
    // each label's candidate boxes: at the edge's middle, up to two lines above or below it, or
    // farther while the box still sits on its edge (a steep one)
    var labels = [];
    ids.forEach(function (id, order) {
      var body = network.body.edges[id];
      if (!body || !body.edgeType) return;
      var text = edgeLabel(byEdge.get(id), edgeDrawn.get(id).undated);
      var mid = network.canvasToDOM(body.edgeType.getPoint(0.5));
      var w = measure.measureText(text).width + 6;
      var path = [];
      for (var t = 0.1; t < 0.91; t += 0.05) path.push(network.canvasToDOM(body.edgeType.getPoint(t)));
      var spots = [];
      for (var k = 0; k <= 8; k++) {
        [k * -h, k * h].forEach(function (dy, i) {
          if (k === 0 && i) return;
          var box = { x0: mid.x - w / 2, x1: mid.x + w / 2, y0: mid.y + dy - h / 2, y1: mid.y + dy + h / 2, dy: dy };
          var onEdge = path.some(function (p) { return p.x > box.x0 && p.x < box.x1 && p.y > box.y0 && p.y < box.y1; });
          if (k <= 2 || onEdge) spots.push(box);
        });
      }
      var forced = id === hovered || (sel && sel.kind === "edge" && sel.id === id);
      var free = spots.filter(function (box) { return !obstacles.some(function (o) { return hits(o, box); }); });
      labels.push({ id: id, text: text, spots: spots, free: free, forced: forced, order: order });
    });
    measure.restore();
    // the edge under the mouse and the selected edge first, then the labels with the fewest
    // free places (so that one with many does not take the only place of another), in order
    labels.sort(function (a, b) {
      return (b.forced - a.forced) || (a.free.length - b.free.length) || (a.order - b.order);
    });
    var placed = [];
    var out = new Map();
    labels.forEach(function (lab) {
      var clear = function (box) { return !placed.some(function (p) { return hits(p, box); }); };
      var box = lab.free.find(clear);
      if (!box) {
        if (!lab.forced) return;
        box = lab.spots.find(clear) || lab.spots[0];
      }
      placed.push(box);
      out.set(lab.id, { text: lab.text, dy: box.dy });
    });
    return out;
  }

  /* Give the edges that should have a label theirs, at the size the zoom needs, and take it
   * from the others. */
  function relabel() {
    var scale = network.getScale();
    var want = labelPlaces(labelWanted());
    var updates = [];
    var size = EDGE_LABEL_PX / scale;
    // (vis-network keeps a label once set: one without a place is drawn at size 0, which its
    // drawThreshold leaves out)
    labelled.forEach(function (place, id) {
      if (!want.has(id)) updates.push({ id: id, font: { size: 0 } });
    });
    want.forEach(function (place, id) {
      var was = labelled.get(id);
      if (!was || was.text !== place.text || was.dy !== place.dy || scale !== labelScale) {
        updates.push({ id: id, label: place.text, font: { size: size, vadjust: place.dy / scale } });
      }
    });
    labelled = want;
    labelScale = scale;
    if (updates.length) { labelsDrawn = false; edges.update(updates); }
  }

  network.on("hoverEdge", function (params) { hovered = params.edge; relabel(); });
  network.on("blurEdge", function () { hovered = null; relabel(); });
  // after a zoom (the wheel, the keys, an animation) the labels are placed again, once the
  // view is still: at most once a frame
  var relabelQueued = false;
  var labelsDrawn = true; // whether the labels placed last have been drawn
  network.on("afterDrawing", function () {
    labelsDrawn = true;
    if (relabelQueued || labelScale === network.getScale()) return;
    relabelQueued = true;
    window.requestAnimationFrame(function () {
      relabelQueued = false;
      if (resizeLabels()) labelScale = null; // placed again once drawn at their new size
      else relabel();
    });
  });

  /* The bigger label fonts at the size the zoom needs (drawnFont); whether any changed. */
  var BIG_LABELS = NODES.filter(function (n) { return labelFont(n) !== LABEL_FONT; });
  function resizeLabels() {
    var updates = [];
    BIG_LABELS.forEach(function (n) {
      var size = drawnFont(n);
      if (nodes.get(n.id).font.size !== size) updates.push({ id: n.id, font: nodeFont(n, nodeDrawn.get(n.id).faded) });
    });
    if (updates.length) nodes.update(updates);
    return updates.length > 0;
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

  /* The status line: in "hide" mode what is shown; in "fade" mode what is drawn and how much of
   * it faded (counted from what was sent to vis-network); the year, the basis, the focus. */
  function updateStatus() {
    var text;
    if (state.mode === "fade") {
      var drawn = { n: 0, fn: 0, e: 0, fe: 0 };
      nodeDrawn.forEach(function (d) { if (!d.hidden) { drawn.n++; if (d.faded) drawn.fn++; } });
      edgeDrawn.forEach(function (d) { if (!d.hidden) { drawn.e++; if (d.faded) drawn.fe++; } });
      text = t("statusFade", { dn: drawn.n, N: NODES.length, de: drawn.e, E: EDGES.length, fn: drawn.fn, fe: drawn.fe });
    } else {
      text = t("status", { n: visible.nodes.size, N: NODES.length, e: visible.edges.size, E: EDGES.length });
    }
    if (state.year !== null) {
      text += t("statusYear", { y: state.year });
      var undated = 0;
      visible.nodes.forEach(function (id) { if (!byNode.get(id).years) undated++; });
      text += t("statusUndated", { u: undated });
    }
    if (state.statedOnly) text += t("statusStated");
    if (dimmed) text += t("statusFocus", { k: dimmed.nodes.size, d: state.focusDepth, name: label(state.selected.id) });
    if (lod) text += lod.statusNote(); // level of detail
    document.getElementById("status").textContent = text;
  }

  /* The entities and relations within `depth` steps of `id` over what passes the filters. */
  function neighbourhood(id, depth, pass) {
    pass = pass || passing();
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

  function setFocusDepth(depth) {
    state.focusDepth = Math.max(0, Math.min(2, Number(depth) || 0));
    focusSelect.value = String(state.focusDepth);
    apply();
    if (dimmed) fitTo(dimmed.nodes);
  }

  function fitTo(ids) {
    network.fit({ nodes: lod ? lod.onlyIds(ids) : Array.from(ids), animation: LARGE ? false : { duration: 400 }, maxZoomLevel: 1.5 }); // level of detail
  }

  function setFocus(focus) {
    state.focus = focus;
    apply();
    if (focus) {
      var ids = lod ? lod.onlyIds(focus.nodes) : Array.from(focus.nodes); // level of detail
      network.fit({ nodes: ids, animation: LARGE ? false : { duration: 400 }, maxZoomLevel: 1.5 });
    }
  }

  // ------------------------------------------------------------------ explain
  /* The chains of relations between a and b over the relations that pass the filters, avoiding
   * the entities in `avoid`: distinct simple paths of entities (no entity twice; every relation
   * between two consecutive entities is one hop, not another chain), shortest first, up to
   * maxHops, at most `limit`; as graph.explain.explain finds them in Python (the same chains
   * for the whole graph, tests/test_viz_browser.py checks), here so the filters apply. */
  function explain(a, b, maxHops, limit, avoid) {
    maxHops = maxHops || 4;
    limit = limit || 10;
    var banned = new Set(avoid || []);
    if (a === b || !adjacency.has(a) || !adjacency.has(b) || banned.has(a) || banned.has(b)) return [];
    var pass = passing().edges;
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

  function toChain(path, linksOf) {
    var hops = [];
    for (var i = 1; i < path.length; i++) {
      hops.push({ from: path[i - 1], to: path[i], edges: linksOf(path[i - 1]).get(path[i]).slice() });
    }
    return { nodes: path.slice(), hops: hops };
  }

  function resolve(input) {
    if (input.dataset.id && byNode.has(input.dataset.id) && input.value === label(input.dataset.id)) {
      return input.dataset.id;
    }
    var hits = search(input.value, 1);
    return hits.length ? hits[0] : null;
  }

  var explainOut = document.getElementById("explain-out");

  function explainMessage(text) {
    explainOut.append(el("p", { class: "hint explain-message", text: text }));
  }

  /* Forget the chains found before (their highlight and panel): a new question's answer, or
   * its error, never stands next to an old answer. */
  function dropChains() {
    state.chains = [];
    state.ends = null;
    clear(explainOut);
    if (state.focus) setFocus(null);
    if (state.selected && state.selected.kind === "explain") {
      state.selected = null;
      network.unselectAll();
      showIntro();
    }
  }

  function runExplain() {
    return navigate(function () {
      dropChains();
      var inA = document.getElementById("explain-a");
      var inB = document.getElementById("explain-b");
      if (!inA.value.trim() || !inB.value.trim()) { explainMessage(t("pickBoth")); return []; }
      var ends = [[inA, t("boxFrom")], [inB, t("boxTo")]].map(function (box) {
        var id = resolve(box[0]);
        if (!id) explainMessage(t("noEntity", { box: box[1], name: box[0].value.trim() }));
        return id;
      });
      var a = ends[0], b = ends[1];
      if (!a || !b) return [];
      inA.value = label(a); inA.dataset.id = a;
      inB.value = label(b); inB.dataset.id = b;
      if (a === b) { explainMessage(t("same")); return []; }
      var blocked = [a, b].filter(function (id) { return state.avoid.indexOf(id) >= 0; });
      if (blocked.length) { explainMessage(t("avoidEnd", { name: label(blocked[0]) })); return []; }
      var chains = explain(a, b, 4, 10, state.avoid);
      state.ends = [a, b];
      if (!chains.length) { explainMessage(t("noChain")); return []; }
      state.chains = chains;
      explainMessage(t("chainsFound", { n: chains.length, k: chains[0].hops.length, m: chains[chains.length - 1].hops.length }));
      showExplanation();
      highlightChain(0);
      return chains;
    });
  }

  /* The entities chains must not pass through, as removable chips. */
  function buildAvoid() {
    var list = clear(document.getElementById("explain-avoiding"));
    state.avoid.forEach(function (id) {
      list.append(el("li", { class: "chip", "data-id": id }, label(id),
        el("button", { type: "button", class: "link remove", "aria-label": t("remove", { name: label(id) }),
          title: t("remove", { name: label(id) }), onclick: function () { setAvoid(state.avoid.filter(function (x) { return x !== id; })); } }, "×")));
    });
    list.hidden = state.avoid.length === 0;
  }

  function setAvoid(ids) {
    state.avoid = ids.filter(function (id, i) { return byNode.has(id) && ids.indexOf(id) === i; });
    buildAvoid();
    if (state.ends) {
      var ends = state.ends;
      document.getElementById("explain-a").dataset.id = ends[0];
      document.getElementById("explain-b").dataset.id = ends[1];
      runExplain();
    } else {
      remember(false);
    }
  }

  function addAvoid() {
    var input = document.getElementById("explain-avoid");
    if (!input.value.trim()) return;
    var id = resolve(input);
    if (!id) {
      dropChains();
      explainMessage(t("noEntity", { box: t("boxAvoid"), name: input.value.trim() }));
      return;
    }
    input.value = "";
    setAvoid(state.avoid.concat([id]));
  }

  /* Every label and alias, as suggestions for the explain boxes. */
  function buildNames() {
    var list = document.getElementById("entity-names");
    var seen = new Set();
    NODES.forEach(function (n) {
      [n.label_en, n.label_de].concat(n.aliases || []).forEach(function (name) {
        if (name && !seen.has(name)) { seen.add(name); list.append(el("option", { value: name })); }
      });
    });
  }

  /* The chains found, in the side panel: every step with every relation between its two
   * entities, each with its quote, sentence and basis. */
  function showExplanation() {
    state.selected = { kind: "explain" };
    clear(panel);
    var a = state.ends[0], b = state.ends[1];
    panel.append(el("h2", { text: t("explain") }), el("p", { class: "ends" }, nodeButton(a), " … ", nodeButton(b)));
    if (state.avoid.length) {
      panel.append(el("p", { class: "hint" }, t("avoiding") + ": " + state.avoid.map(label).join(", ")));
    }
    var list = el("ol", { class: "chains" });
    state.chains.forEach(function (chain, i) {
      var steps = el("ol", { class: "steps" });
      chain.hops.forEach(function (hop) {
        var li = el("li", { class: "hop" }, el("span", { class: "hop-ends" }, label(hop.from), " — ", label(hop.to)));
        var links = el("ul", { class: "plain links" });
        hop.edges.forEach(function (eid) {
          var e = byEdge.get(eid);
          // each link reads from the hop's left end: the inverse label where the chain runs
          // against the relation's direction ("Trotsky — was defeated by → Joseph Stalin")
          var item = el("li", null,
            el("span", { class: "step" }, el("strong", null, relLabelFrom(e, hop.from) + (e.symmetric ? " — " : " → ")), label(hop.to)),
            el("span", { class: "when", text: " " + (e.years ? e.span : t("undated")) }));
          if (e.basis !== "stated") item.append(basisTag(e));
          item.append(el("details", null,
            el("summary", null, e.quote ? el("q", { lang: "de" }, e.quote) : t("evidence"),
              e.sentence !== null ? el("span", { class: "cite", text: " [" + e.sentence + "]" }) : null),
            evidence(e), basisBlock(e, false)));
          links.append(item);
        });
        li.append(links);
        steps.append(li);
      });
      list.append(el("li", { class: "chain" },
        el("button", { type: "button", class: "chain-head", "data-chain": i, onclick: function () { highlightChain(i); } },
          t("chainHead", { i: i + 1, k: chain.hops.length, path: chain.nodes.map(label).join(" → ") })),
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
    var nodeIds = new Set(chain.nodes);
    var edgeIds = new Set();
    chain.hops.forEach(function (hop) { hop.edges.forEach(function (eid) { edgeIds.add(eid); }); });
    markChain(i);
    if (lod) lod.reveal(nodeIds); // level of detail
    setFocus({ nodes: nodeIds, edges: edgeIds, force: true });
    network.setSelection({ nodes: Array.from(nodeIds), edges: Array.from(edgeIds) }, { highlightEdges: false });
  }

  function clearExplain() {
    navigate(function () {
      dropChains();
      ["explain-a", "explain-b", "explain-avoid"].forEach(function (id) {
        var input = document.getElementById(id);
        input.value = "";
        delete input.dataset.id;
      });
      state.avoid = [];
      buildAvoid();
      network.unselectAll();
    });
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
    if (item.sentence !== null && item.sentence !== undefined) cite.push(t("sentence") + " " + (item.sentence_ref || item.sentence));
    var srcId = item.source || (item.sentence !== null && item.sentence !== undefined ? (KG.sentence_sources || {})[String(item.sentence)] : null);
    var src = KG.meta.sources.find(function (x) { return x.id === srcId; });
    if (src) cite.push(src["label_" + state.lang]);
    if (cite.length) box.append(el("figcaption", { text: cite.join(" · ") }));
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
  function statementsNote() {
    var c = KG.meta.counts;
    return t("statementsNote", { s: c.statements, e: c.edges, f: c.facts });
  }

  /* The panel with nothing selected: what the page holds, and the entities with the most
   * relations among those the filters show now. */
  function showIntro() {
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
  function existsText(years) {
    if (years[0] !== null && years[1] !== null) return years[0] === years[1] ? String(years[0]) : years[0] + "–" + years[1];
    return years[0] !== null ? t("existsFrom", { y: years[0] }) : t("existsUntil", { y: years[1] });
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
    dl.append.apply(dl, row(t("exists"), n.years ? existsText(n.years) : el("span", { class: "hint", text: t("undatedEntity") })));
    if (n.metrics) {
      var community = METRICS.get("community").bins[n.looks.community[1]];
      dl.append.apply(dl, row(t("degree"), String(n.metrics.degree)));
      dl.append.apply(dl, row(t("betweenness"), String(n.metrics.betweenness)));
      dl.append.apply(dl, row(t("community"), el("span", null,
        el("span", { class: "swatch", style: "background:" + community.color }), community["label_" + state.lang])));
    }
    if (n.wikidata) {
      dl.append.apply(dl, row(t("wikidata"), el("a", { href: n.wikidata.url }, n.wikidata.id)));
    }
    dl.append.apply(dl, row(t("iri"), el("code", { text: n.curie || n.id })));
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
    if (e.sentence !== null && READING.has(e.sentence)) {
      panel.append(el("div", { class: "row buttons" },
        el("button", { type: "button", class: "show-in-text", onclick: function () { showInText(e.id); } }, t("showInText"))));
    }
  }

  function refreshPanel() {
    if (!state.selected) showIntro();
    else if (state.selected.kind === "explain") { showExplanation(); markChain(state.chain); }
    else if (state.selected.kind === "node") showNode(state.selected.id);
    else if (state.selected.kind === "quote") showQuote(state.selected.ids, state.selected.text);
    else showEdge(state.selected.id);
  }

  // ------------------------------------------------------------------ selection
  /* Select an entity: its panel, everything beyond state.focusDepth steps dimmed, the view
   * moved to it (unless `move` is false), a new entry in the browser's history. */
  function selectNode(id, move) {
    if (!byNode.has(id)) return false;
    navigate(function () {
      if (lod && !lod.has(id)) lod.expand(id); // level of detail: brought in with its neighbours
      state.selected = { kind: "node", id: id };
      network.selectNodes([id]);
      showNode(id);
      apply();
      cursor = null;
      announce(t("announceNode", { name: label(id), type: typeLabel(byNode.get(id).type), k: adjacency.get(id).length }));
      if (move !== false) {
        network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: LARGE ? false : { duration: 400 } });
      }
    });
    return true;
  }

  function selectEdge(id) {
    if (!byEdge.has(id)) return false;
    navigate(function () {
      if (lod) lod.reveal([byEdge.get(id).from, byEdge.get(id).to]); // level of detail
      state.selected = { kind: "edge", id: id };
      network.setSelection({ nodes: [], edges: [id] });
      showEdge(id);
      apply();
      cursor = null;
      var e = byEdge.get(id);
      announce(t("announceEdge", { rel: relLabel(e.relation), from: label(e.from), to: label(e.to) }));
    });
    return true;
  }

  /* Nothing selected (Esc, a click on the background): nothing dimmed, the overview panel. */
  function clearSelection() {
    navigate(function () {
      if (state.selected && state.selected.kind === "explain") dropChains();
      var had = state.selected !== null;
      state.selected = null;
      cursor = null;
      network.unselectAll();
      apply();
      showIntro();
      if (had) announce(t("announceClosed"));
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });

  // ------------------------------------------------------------------ search box
  var searchBox = document.getElementById("search");
  var suggestions = document.getElementById("search-results");
  var active = -1;
  var offered = []; // what the results list offers, in order: {kind: "node"|"edge", id}

  /* One result of the list: an option the arrow keys and the mouse can choose. */
  function option(hit, i, parts) {
    var attrs = { role: "option", id: "search-option-" + i, "aria-selected": "false",
      onmousedown: function (ev) { ev.preventDefault(); pick(hit); } };
    attrs["data-" + (hit.kind === "node" ? "id" : "edge")] = hit.id;
    var li = el("li", attrs);
    li.append.apply(li, parts);
    return li;
  }

  /* The results for what is typed, grouped: entities (any name, near misses too), then
   * statements (the words of their quotes and sentences). */
  function showSuggestions() {
    clear(suggestions);
    active = -1;
    searchBox.removeAttribute("aria-activedescendant");
    var found = { node: search(searchBox.value, 8), edge: searchStatements(searchBox.value, 6) };
    offered = [];
    [["node", t("searchEntities")], ["edge", t("searchStatements")]].forEach(function (group) {
      var ids = found[group[0]];
      if (!ids.length) return;
      var list = el("ul", { role: "group", "aria-label": group[1], class: "result-group" },
        el("li", { role: "none", class: "group-head", "aria-hidden": "true", text: group[1] }));
      ids.forEach(function (id) {
        var hit = { kind: group[0], id: id };
        list.append(option(hit, offered.length, group[0] === "node" ? entityResult(id) : statementResult(id)));
        offered.push(hit);
      });
      suggestions.append(list);
    });
    suggestions.hidden = offered.length === 0;
    searchBox.setAttribute("aria-expanded", String(!suggestions.hidden));
    announce(searchBox.value.trim() ? t("searchFound", { n: found.node.length, s: found.edge.length }) : "");
    return offered;
  }

  function entityResult(id) {
    var n = byNode.get(id);
    var other = state.lang === "de" ? n.label_en : n.label_de;
    return [el("span", { class: "swatch", style: "background:" + (TYPES.get(n.type) || { color: "#888" }).color }),
      el("span", { class: "name", text: label(id) }),
      other && other !== label(id) ? el("span", { class: "sub", text: " " + other }) : null,
      el("span", { class: "kind", text: " · " + typeLabel(n.type) })];
  }

  function statementResult(id) {
    var e = byEdge.get(id);
    return [el("span", { class: "swatch line", style: "background:" + (REL.get(e.relation) || { color: "#666" }).color }),
      el("span", { class: "statement-hit" },
        el("span", { class: "name", text: label(e.from) + " " + relLabel(e.relation) + " " + label(e.to) }),
        e.quote ? el("q", { class: "sub", lang: "de" }, e.quote) : null,
        e.sentence !== null ? el("span", { class: "kind", text: " [" + e.sentence + "]" }) : null)];
  }

  /* Choose a result: an entity is selected and shown; a statement opens its edge's panel. */
  function pick(hit) {
    suggestions.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
    if (hit.kind === "edge") {
      selectEdge(hit.id);
      var e = byEdge.get(hit.id);
      fitTo([e.from, e.to]);
      return;
    }
    searchBox.value = label(hit.id);
    if (lod) lod.expand(hit.id); // level of detail: a found entity comes with its neighbours
    selectNode(hit.id, true);
  }

  searchBox.addEventListener("input", function () {
    showSuggestions();
    state.query = searchBox.value;
    refreshViews();
  });
  searchBox.addEventListener("keydown", function (ev) {
    var items = suggestions.querySelectorAll("[role=option]");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!items.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, i) {
        li.classList.toggle("active", i === active);
        li.setAttribute("aria-selected", String(i === active));
      });
      searchBox.setAttribute("aria-activedescendant", items[active].id);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (suggestions.hidden) showSuggestions();
      if (offered.length) pick(offered[Math.max(active, 0)]);
    } else if (ev.key === "Escape") {
      suggestions.hidden = true;
      searchBox.setAttribute("aria-expanded", "false");
    }
  });
  searchBox.addEventListener("blur", function () { suggestions.hidden = true; searchBox.setAttribute("aria-expanded", "false"); });
  document.addEventListener("keydown", function (ev) {
    var tag = document.activeElement ? document.activeElement.tagName : "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "SELECT") { ev.preventDefault(); searchBox.focus(); }
    if (ev.key === "Escape" && tag !== "INPUT" && tag !== "SELECT") clearSelection();
  });

  // ------------------------------------------------------------------ keyboard on the graph
  /* The entity the arrow keys have marked (drawn with a ring; Enter opens it), or null. The
   * arrow keys step through the selected entity's neighbours among those shown, clockwise
   * from twelve o'clock; with nothing selected, through the entities shown, most connected
   * first. */
  var cursor = null;
  // + and - zoom by ZOOM_STEP a key press, at most one step every ZOOM_INTERVAL milliseconds
  // however fast the keyboard repeats, between ZOOM_MIN and ZOOM_MAX
  var ZOOM_STEP = 1.25, ZOOM_INTERVAL = 120, ZOOM_MIN = 0.05, ZOOM_MAX = 4;
  var lastZoom = -Infinity;
  var PAN_STEP = 80;

  function cursorRing() {
    return cursor && visible.nodes.has(cursor) ? cursor : null;
  }

  /* What the arrow keys step through now, in order, and the entity they step around. */
  function stops() {
    var sel = state.selected;
    if (sel && sel.kind === "node" && visible.nodes.has(sel.id)) {
      var centre = network.getPositions([sel.id])[sel.id];
      var near = new Map();
      adjacency.get(sel.id).forEach(function (eid) {
        if (!visible.edges.has(eid)) return;
        var e = byEdge.get(eid);
        var other = e.from === sel.id ? e.to : e.from;
        if (other !== sel.id && !near.has(other)) near.set(other, e);
      });
      var ids = Array.from(near.keys());
      var at = network.getPositions(ids);
      var angle = function (id) {
        var a = Math.atan2(at[id].x - centre.x, centre.y - at[id].y);
        return a < 0 ? a + 2 * Math.PI : a;
      };
      ids.sort(function (a, b) { return angle(a) - angle(b) || (a < b ? -1 : 1); });
      return { centre: sel.id, ids: ids, via: near };
    }
    var degree = visible.degree;
    var all = Array.from(visible.nodes).sort(function (a, b) {
      return (degree.get(b) || 0) - (degree.get(a) || 0) || (label(a) < label(b) ? -1 : 1);
    });
    return { centre: null, ids: all, via: null };
  }

  function moveCursor(step) {
    var s = stops();
    if (!s.ids.length) { cursor = null; announce(t("kbdNone")); network.redraw(); return; }
    var i = s.ids.indexOf(cursor);
    i = i < 0 ? (step > 0 ? 0 : s.ids.length - 1) : (i + step + s.ids.length) % s.ids.length;
    cursor = s.ids[i];
    var n = byNode.get(cursor);
    var words = { name: label(cursor), type: typeLabel(n.type), i: i + 1, n: s.ids.length };
    if (s.centre) {
      words.rel = relLabelFrom(s.via.get(cursor), s.centre);
      words.centre = label(s.centre);
    }
    announce(s.centre ? t("kbdNeighbour", words) : t("kbdHub", words));
    var p = network.getPositions([cursor])[cursor];
    var box = container.getBoundingClientRect();
    var dom = network.canvasToDOM(p);
    if (dom.x < 40 || dom.y < 40 || dom.x > box.width - 40 || dom.y > box.height - 40) {
      network.moveTo({ position: p, animation: false });
    }
    network.redraw();
  }

  /* Zoom in (direction 1) or out (-1) one step around the middle of the view; for a key
   * (`keyed`), not when the last key's step was less than ZOOM_INTERVAL ago. Returns whether
   * it zoomed. */
  function zoomStep(direction, keyed) {
    var now = window.performance.now();
    if (keyed && now - lastZoom < ZOOM_INTERVAL) return false;
    if (keyed) lastZoom = now;
    var scale = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, network.getScale() * Math.pow(ZOOM_STEP, direction)));
    network.moveTo({ scale: scale, animation: false });
    announce(t("announceZoom", { z: scale.toFixed(2) }));
    return true;
  }

  function pan(dx, dy) {
    var at = network.getViewPosition();
    var scale = network.getScale();
    network.moveTo({ position: { x: at.x + dx / scale, y: at.y + dy / scale }, animation: false });
  }

  network.on("afterDrawing", function (ctx) {
    var id = cursorRing();
    if (!id) return;
    var p = network.getPositions([id])[id];
    var size = (nodes.get(id) || {}).size || 16;
    ctx.save();
    ctx.strokeStyle = "#2b5aa6";
    ctx.lineWidth = 3 / Math.max(network.getScale(), 0.3);
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.arc(p.x, p.y, size + 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  });

  container.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var arrows = { ArrowRight: [1, PAN_STEP, 0], ArrowDown: [1, 0, PAN_STEP], ArrowLeft: [-1, -PAN_STEP, 0], ArrowUp: [-1, 0, -PAN_STEP] };
    if (ev.key in arrows) {
      var a = arrows[ev.key];
      if (ev.shiftKey) pan(a[1], a[2]); else moveCursor(a[0]);
    } else if (ev.key === "Enter" || ev.key === " ") {
      if (!cursorRing()) return;
      selectNode(cursorRing(), false);
    } else if (ev.key === "+" || ev.key === "=") {
      zoomStep(1, true);
    } else if (ev.key === "-" || ev.key === "_") {
      zoomStep(-1, true);
    } else if (ev.key === "0") {
      fit();
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  });
  document.getElementById("zoom-in").addEventListener("click", function () { zoomStep(1); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomStep(-1); });
  document.getElementById("skip").addEventListener("click", function () {
    if (state.view !== "graph") setView("graph");
    container.focus();
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

  /* Size and colour the nodes by a metric of KG.metrics (Python's graph.analysis.node_metrics:
   * each node's looks[metric] is [size, bin]) or, for "type", as the page opens. */
  function setMetric(metric) {
    state.metric = METRICS.has(metric) ? metric : "type";
    metricSelect.value = state.metric;
    var m = METRICS.get(state.metric);
    batch(function () {
      nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) { // level of detail
        if (state.metric === "type" || !n.looks) return { id: n.id, size: n.size, color: nodeColour(n.type) };
        var look = n.looks[state.metric];
        return { id: n.id, size: look[0], color: fillColour(m.bins[look[1]].color) };
      }));
    });
    buildMetricLegend();
    remember(false);
  }

  /* The legend of the metric nodes are coloured by: each bin with its colour and count. */
  function buildMetricLegend() {
    var box = clear(document.getElementById("metric-legend"));
    var m = METRICS.get(state.metric);
    box.hidden = !m || !m.bins.length;
    if (box.hidden) return;
    box.append(el("h3", { text: t("colourBy", { m: m["label_" + state.lang] }) }));
    if (m.sample) box.append(el("p", { class: "hint metric-sample", text: t("sampled", { k: m.sample }) }));
    var list = el("ul", { class: "legend metric-bins" });
    m.bins.forEach(function (b, i) {
      list.append(el("li", { "data-bin": i },
        el("span", { class: "swatch", style: "background:" + b.color }),
        el("span", { class: "name", text: b["label_" + state.lang] }),
        el("span", { class: "count", text: String(b.count) })));
    });
    box.append(list);
  }

  var metricSelect = document.getElementById("metric");
  var focusSelect = document.getElementById("focus-depth");

  function buildMetricChoices() {
    var chosen = state.metric;
    clear(metricSelect);
    (KG.metrics || []).forEach(function (m) {
      metricSelect.append(el("option", { value: m.id }, m["label_" + state.lang]));
    });
    metricSelect.value = chosen;
    metricSelect.disabled = METRICS.size === 0;
  }

  metricSelect.addEventListener("change", function () { setMetric(metricSelect.value); });
  focusSelect.addEventListener("change", function () { setFocusDepth(focusSelect.value); });

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
    document.getElementById("statements-legend").textContent = statementsNote();
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

  yearOn.addEventListener("change", function () { stopPlaying(); setYear(yearOn.checked ? Number(yearRange.value) : null); });
  yearRange.addEventListener("input", function () { stopPlaying(); yearOut.textContent = yearRange.value; setYear(Number(yearRange.value)); });

  // the play button steps through the years, one every PLAY_STEP milliseconds, to the last
  var PLAY_STEP = LARGE ? 1200 : 700;
  var playButton = document.getElementById("play");
  var playing = null;

  function play() {
    var span = KG.meta.years;
    if (!span || playing !== null) return;
    if (state.year === null || state.year >= span[1]) setYear(span[0]);
    playing = window.setTimeout(step, PLAY_STEP);
    playButton.textContent = t("pause");
    playButton.setAttribute("aria-pressed", "true");

    function step() {
      if (state.year >= span[1]) { stopPlaying(); return; }
      setYear(state.year + 1);
      playing = window.setTimeout(step, PLAY_STEP);
    }
  }

  function stopPlaying() {
    if (playing !== null) window.clearTimeout(playing);
    playing = null;
    playButton.textContent = t("play");
    playButton.setAttribute("aria-pressed", "false");
  }

  playButton.disabled = !KG.meta.years;
  playButton.addEventListener("click", function () { if (playing === null) play(); else stopPlaying(); });

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
  document.getElementById("explain-avoid-add").addEventListener("click", addAvoid);
  ["explain-a", "explain-b", "explain-avoid"].forEach(function (id) {
    var input = document.getElementById(id);
    input.addEventListener("input", function () { delete input.dataset.id; });
    input.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      if (id === "explain-avoid") addAvoid(); else runExplain();
    });
  });

  // ------------------------------------------------------------------ tools
  /* The whole graph in view: every entity shown, with the labels drawn at that zoom (those
   * with a bigger font); the labels that appear only when zoomed in need not fit. */
  function overview(animate) {
    var ids = Array.from(visible.nodes.size ? visible.nodes : byNode.keys());
    if (!ids.length) return;
    var at = network.getPositions(ids);
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    ids.forEach(function (id) {
      var n = byNode.get(id), p = at[id], r = nodes.get(id).size || n.size || 16;
      var half = r, below = r;
      if (labelFont(n) !== LABEL_FONT) { // its label is drawn in the overview: room for it
        var font = labelFont(n), wrap = LABEL_WRAP * font / LABEL_FONT;
        var width = label(id).length * font * 0.52;
        half = Math.max(r, Math.min(width, wrap) / 2);
        below = r + 5 + Math.ceil(width / wrap) * font * 1.2;
      }
      box.x0 = Math.min(box.x0, p.x - half); box.x1 = Math.max(box.x1, p.x + half);
      box.y0 = Math.min(box.y0, p.y - r); box.y1 = Math.max(box.y1, p.y + below);
    });
    var margin = 16;
    var scale = Math.min((container.clientWidth - 2 * margin) / Math.max(box.x1 - box.x0, 1),
      (container.clientHeight - 2 * margin) / Math.max(box.y1 - box.y0, 1), 2);
    network.moveTo({ position: { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 }, scale: scale,
      animation: animate && !LARGE ? { duration: 300 } : false });
  }

  function fit() {
    overview(true);
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
    state.focusDepth = 1;
    focusSelect.value = "1";
    stopPlaying();
    clearExplain();
    setMetric("type");
    setMode("hide");
    physicsBox.checked = false;
    network.setOptions({ physics: { enabled: false } });
    nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) { return { id: n.id, x: n.x, y: n.y }; })); // level of detail
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

  // ------------------------------------------------------------------ export for papers
  var SVG_NS = "http://www.w3.org/2000/svg";
  var exportScope = document.getElementById("export-scope");
  var exportScale = document.getElementById("export-scale");

  /* svg("rect", {x: 1, ...}, child, ...): an SVG element, attributes and text set as values
   * (never parsed), children appended; the document is serialised, never put in the page. */
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, String(value));
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.append(arguments[i]);
    return node;
  }

  function round2(x) { return Math.round(x * 100) / 100; }

  // the legend of an export: its width, and how many relations it lists at most
  var LEGEND_WIDTH = 200, LEGEND_RELATIONS = 8;
  // node labels wrap at about this many characters (vis-network's 150 pixels at 14 px)
  var LABEL_CHARS = 21, LABEL_MIN = 6;

  /* A label as the lines vis-network wraps it into (about LABEL_CHARS characters each). */
  function wrapped(text) {
    var lines = [""];
    String(text).split(" ").forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last && (last + " " + word).length > LABEL_CHARS) lines.push(word);
      else lines[lines.length - 1] = last ? last + " " + word : word;
    });
    return lines;
  }

  /* The outline of a vis-network shape of radius r at (x, y), as an SVG element. */
  function shapeOf(shape, x, y, r, attrs) {
    function poly(points) {
      return svg("polygon", Object.assign({ points: points.map(function (p) { return round2(p[0]) + "," + round2(p[1]); }).join(" ") }, attrs));
    }
    var k, pts = [];
    if (shape === "square") return svg("rect", Object.assign({ x: round2(x - r), y: round2(y - r), width: round2(2 * r), height: round2(2 * r) }, attrs));
    if (shape === "diamond") return poly([[x, y - r], [x + r, y], [x, y + r], [x - r, y]]);
    if (shape === "hexagon") {
      for (k = 0; k < 6; k++) pts.push([x + r * Math.cos(k * Math.PI / 3), y + r * Math.sin(k * Math.PI / 3)]);
      return poly(pts);
    }
    if (shape === "star") {
      var s = r * 0.82, cy = y + 0.1 * s;
      for (k = 0; k < 10; k++) {
        var rr = k % 2 === 0 ? 1.3 * s : 0.5 * s;
        pts.push([x + rr * Math.sin(2 * k * Math.PI / 10), cy - rr * Math.cos(2 * k * Math.PI / 10)]);
      }
      return poly(pts);
    }
    if (shape === "triangle" || shape === "triangleDown") {
      var n = r * 1.15, side = 2 * n, h = Math.sqrt(side * side - n * n), off = Math.sqrt(3) / 6 * side;
      var dir = shape === "triangle" ? 1 : -1, c = y + dir * 0.275 * n;
      return poly([[x, c - dir * (h - off)], [x + n, c + dir * off], [x - n, c + dir * off]]);
    }
    return svg("circle", Object.assign({ cx: round2(x), cy: round2(y), r: round2(r) }, attrs));
  }

  /* How the drawing maps the graph onto a width x height picture: the current view as the
   * canvas shows it, or the whole graph (every entity shown) fitted between the title and the
   * attribution. */
  function exportFrame(scope) {
    var width = container.clientWidth, height = container.clientHeight;
    if (scope !== "whole") {
      return { width: width, height: height, zoom: network.getScale(),
        place: function (p) { return network.canvasToDOM(p); } };
    }
    var ids = Array.from(visible.nodes);
    var at = network.getPositions(ids);
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    ids.forEach(function (id) {
      var r = (nodes.get(id).size || 16) + 4;
      box.x0 = Math.min(box.x0, at[id].x - r - 60); box.x1 = Math.max(box.x1, at[id].x + r + 60);
      box.y0 = Math.min(box.y0, at[id].y - r); box.y1 = Math.max(box.y1, at[id].y + r + 36);
    });
    if (!ids.length) box = { x0: -1, y0: -1, x1: 1, y1: 1 };
    var top = 64, bottom = 44, side = 16, right = LEGEND_WIDTH + 2 * side; // the legend's column
    var zoom = Math.min((width - side - right) / (box.x1 - box.x0), (height - top - bottom) / (box.y1 - box.y0), 2);
    var dx = side + ((width - side - right) - zoom * (box.x1 - box.x0)) / 2 - zoom * box.x0;
    var dy = top + ((height - top - bottom) - zoom * (box.y1 - box.y0)) / 2 - zoom * box.y0;
    return { width: width, height: height, zoom: zoom,
      place: function (p) { return { x: zoom * p.x + dx, y: zoom * p.y + dy }; } };
  }

  /* The entities and relations an export holds: those drawn now (shown, or faded), and for the
   * current view only those it reaches into. */
  function exported(scope, frame) {
    if (lod && scope === "whole") lod.revealAll(); // level of detail: the whole graph is drawn
    frame = frame || exportFrame(scope);
    var inside = function (p, margin) {
      return p.x >= -margin && p.y >= -margin && p.x <= frame.width + margin && p.y <= frame.height + margin;
    };
    var at = network.getPositions();
    var placed = new Map();
    NODES.forEach(function (n) { if (!nodeDrawn.get(n.id).hidden) placed.set(n.id, frame.place(at[n.id])); });
    var nodeIds = Array.from(placed.keys()).filter(function (id) { return scope === "whole" || inside(placed.get(id), 40); });
    var edgeIds = EDGES.filter(function (e) {
      if (edgeDrawn.get(e.id).hidden || !placed.has(e.from) || !placed.has(e.to)) return false;
      return scope === "whole" || inside(placed.get(e.from), 0) || inside(placed.get(e.to), 0);
    }).map(function (e) { return e.id; });
    return { nodes: nodeIds, edges: edgeIds, placed: placed, frame: frame };
  }

  /* The attribution of the sources, one line each: "Source: Wikipedia: … , CC BY-SA 4.0". */
  function attributions() {
    return KG.meta.sources.map(function (src) {
      return t("source") + ": " + src["label_" + state.lang] + (src.licence ? ", " + src.licence : "")
        + (src.url ? " · " + src.url : "");
    });
  }

  /* The drawing of what the page shows (scope "view" or "whole") as an SVG document built from
   * the node positions and edges, with the title, a legend of what it holds and the source
   * attribution drawn in. */
  function exportSVG(scope) {
    var what = exported(scope || exportScope.value);
    var frame = what.frame, k = frame.zoom, placed = what.placed;
    var root = svg("svg", { xmlns: SVG_NS, width: frame.width, height: frame.height,
      viewBox: "0 0 " + frame.width + " " + frame.height, "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" },
    svg("title", { text: KG.meta.title }), svg("rect", { width: frame.width, height: frame.height, fill: "#ffffff" }));
    var edgeLayer = svg("g", { class: "edges", fill: "none" });
    var labelLayer = svg("g", { class: "edge-labels", "font-size": round2(11 * k), fill: "#4a5561", "text-anchor": "middle" });
    what.edges.forEach(function (id) {
      var e = byEdge.get(id), drawn = edgeDrawn.get(id);
      var a = placed.get(e.from), b = placed.get(e.to);
      var body = network.body.edges[id];
      var mid = body && body.edgeType ? frame.place(body.edgeType.getPoint(0.5)) : { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      var c = { x: 2 * mid.x - (a.x + b.x) / 2, y: 2 * mid.y - (a.y + b.y) / 2 };
      var colour = edgeColour(e, drawn.faded, drawn.undated);
      var width = Math.max(0.5, (e.width || 1.5) * k);
      var line = svg("path", { class: "edge", "data-id": id, d: "M" + round2(a.x) + " " + round2(a.y) + " Q" + round2(c.x) + " " + round2(c.y) + " " + round2(b.x) + " " + round2(b.y),
        stroke: colour.color, "stroke-opacity": colour.opacity, "stroke-width": round2(width), "stroke-linecap": "round",
        "stroke-dasharray": e.dashes ? e.dashes.map(function (d) { return round2(d * k); }).join(" ") : null });
      edgeLayer.append(line);
      if (!e.symmetric) {
        var r = (nodes.get(e.to).size || 16) * k, dx = b.x - c.x, dy = b.y - c.y, len = Math.hypot(dx, dy) || 1;
        var ux = dx / len, uy = dy / len, tip = { x: b.x - ux * r, y: b.y - uy * r }, head = Math.max(4, 9 * k);
        edgeLayer.append(svg("polygon", { class: "arrow", fill: colour.color, "fill-opacity": colour.opacity,
          points: [[tip.x, tip.y], [tip.x - ux * head - uy * head * 0.5, tip.y - uy * head + ux * head * 0.5],
            [tip.x - ux * head + uy * head * 0.5, tip.y - uy * head - ux * head * 0.5]].map(function (p) { return round2(p[0]) + "," + round2(p[1]); }).join(" ") }));
      }
      if (11 * k >= 9 && !drawn.faded) labelLayer.append(svg("text", { x: round2(mid.x), y: round2(mid.y + 4 * k), text: edgeLabel(e, drawn.undated) }));
    });
    var nodeLayer = svg("g", { class: "nodes" });
    what.nodes.forEach(function (id) {
      var n = byNode.get(id), vis = nodes.get(id), p = placed.get(id), r = (vis.size || 16) * k;
      var faded = nodeDrawn.get(id).faded;
      var group = svg("g", { class: "node", "data-id": id, opacity: faded ? 0.18 : null },
        shapeOf((TYPES.get(n.type) || { shape: "dot" }).shape, p.x, p.y, r,
          { fill: vis.color.background, stroke: "#2d3a47", "stroke-width": round2(Math.max(0.5, 1.5 * k)) }));
      // labels as the screen draws them, but never below LABEL_MIN pixels: a paper needs them
      var font = Math.max(14 * k, LABEL_MIN);
      var text = svg("text", { x: round2(p.x), y: round2(p.y + r + 1.1 * font), "font-size": round2(font), "text-anchor": "middle",
        fill: "#1d2733", stroke: "#ffffff", "stroke-width": round2(font / 5), "paint-order": "stroke" });
      wrapped(label(id)).forEach(function (line, i) {
        text.append(svg("tspan", { x: round2(p.x), dy: i ? round2(1.2 * font) : null, text: line }));
      });
      group.append(text);
      nodeLayer.append(group);
    });
    root.append(edgeLayer, nodeLayer, labelLayer, exportTitle(frame), exportLegend(what, frame), exportCredit(frame));
    return new XMLSerializer().serializeToString(root);
  }

  function exportTitle(frame) {
    var status = document.getElementById("status").textContent;
    return svg("g", { class: "title" },
      svg("rect", { x: 8, y: 8, width: Math.min(frame.width - 16, 12 + 7 * Math.max(KG.meta.title.length * 1.3, status.length)), height: 44, rx: 4, fill: "#ffffff", "fill-opacity": 0.88 }),
      svg("text", { x: 16, y: 28, "font-size": 16, "font-weight": 700, fill: "#1d2733", text: KG.meta.title }),
      svg("text", { x: 16, y: 44, "font-size": 11, fill: "#4a5561", text: status }));
  }

  /* The legend of an export: the entity types, the lines of the bases and the relations it
   * draws (the most used first), or the bins of the metric nodes are coloured by. */
  function exportLegend(what, frame) {
    var rows = [];
    var metric = METRICS.get(state.metric);
    if (state.metric === "type" || !metric) {
      var kinds = new Set(what.nodes.map(function (id) { return byNode.get(id).type; }));
      KG.types.forEach(function (ty) { if (kinds.has(ty.id)) rows.push({ kind: "shape", shape: ty.shape, color: ty.color, text: typeLabel(ty.id) }); });
    } else {
      rows.push({ kind: "head", text: t("colourBy", { m: metric["label_" + state.lang] }) });
      metric.bins.forEach(function (bin) { rows.push({ kind: "shape", shape: "dot", color: bin.color, text: bin["label_" + state.lang] }); });
    }
    var used = new Map();
    what.edges.forEach(function (id) { var e = byEdge.get(id); used.set(e.relation, (used.get(e.relation) || 0) + 1); });
    var bases = new Set(what.edges.map(function (id) { return byEdge.get(id).basis; }));
    KG.bases.forEach(function (b) { if (bases.has(b.id)) rows.push({ kind: "line", color: "#1d2733", dashes: b.dashes, width: b.width, text: basisLabel(b.id) }); });
    var rels = Array.from(used.keys()).sort(function (a, b) { return used.get(b) - used.get(a) || (relLabel(a) < relLabel(b) ? -1 : 1); });
    var room = Math.min(LEGEND_RELATIONS, Math.max(0, Math.floor((frame.height - 130) / 15) - rows.length - 1));
    rels.slice(0, room).forEach(function (r) {
      rows.push({ kind: "line", color: (REL.get(r) || { color: "#666" }).color, dashes: false, width: 3, text: relLabel(r) });
    });
    if (rels.length > room) rows.push({ kind: "head", text: t("moreRelations", { n: rels.length - room }) });
    rows.forEach(function (r) { if (r.text.length > 30) r.text = r.text.slice(0, 29) + "…"; });
    var boxW = LEGEND_WIDTH, boxH = 10 + rows.length * 15, x0 = frame.width - 8 - boxW, y0 = 60;
    var group = svg("g", { class: "legend", "font-size": 11, fill: "#1d2733" },
      svg("rect", { x: x0, y: y0, width: round2(boxW), height: boxH, rx: 4, fill: "#ffffff", "fill-opacity": 0.88, stroke: "#d5dbe1" }));
    rows.forEach(function (r, i) {
      var y = y0 + 14 + i * 15;
      if (r.kind === "shape") group.append(shapeOf(r.shape, x0 + 14, y - 4, 5, { fill: r.color, stroke: "#2d3a47", "stroke-width": 0.8 }));
      if (r.kind === "line") {
        group.append(svg("line", { x1: x0 + 6, y1: y - 4, x2: x0 + 24, y2: y - 4, stroke: r.color, "stroke-width": r.width, "stroke-linecap": "round",
          "stroke-dasharray": r.dashes ? r.dashes.join(" ") : null }));
      }
      group.append(svg("text", { x: r.kind === "head" ? x0 + 6 : x0 + 30, y: y, "font-weight": r.kind === "head" ? 600 : null, text: r.text }));
    });
    return group;
  }

  function exportCredit(frame) {
    var lines = attributions();
    var group = svg("g", { class: "attribution", "font-size": 11, fill: "#1d2733", "text-anchor": "end" });
    var widest = lines.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
    group.append(svg("rect", { x: round2(frame.width - 16 - widest * 6), y: frame.height - 10 - lines.length * 14 - 6, width: round2(widest * 6 + 8), height: lines.length * 14 + 8, rx: 4, fill: "#ffffff", "fill-opacity": 0.88 }));
    lines.forEach(function (line, i) {
      group.append(svg("text", { x: frame.width - 12, y: frame.height - 12 - (lines.length - 1 - i) * 14, text: line }));
    });
    return group;
  }

  /* Offer `blob` as a download called `name`. */
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = el("a", { download: name });
    link.setAttribute("href", url); // a blob: URL the page made, not a link from the data
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    announce(t("exported", { file: name }));
    return name;
  }

  /* The export drawing as a PNG `scale` (2 or 3) times the size of the view: the SVG drawn
   * into a canvas. Resolves to {name, width, height}, once the download is offered. */
  function exportPNG(scope, scale) {
    scale = Math.min(3, Math.max(2, Number(scale || exportScale.value) || 2));
    var text = exportSVG(scope);
    return new Promise(function (resolve, reject) {
      var image = new window.Image();
      image.onload = function () {
        var out = document.createElement("canvas");
        out.width = Math.round(image.width * scale);
        out.height = Math.round(image.height * scale);
        var ctx = out.getContext("2d");
        ctx.scale(scale, scale);
        ctx.drawImage(image, 0, 0, image.width, image.height);
        out.toBlob(function (blob) {
          resolve({ name: download(blob, "stalin-kg.png"), width: out.width, height: out.height });
        }, "image/png");
      };
      image.onerror = function () { reject(new Error("the drawing could not be rendered")); };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    });
  }

  /* The relations the export holds as CSV, with the columns of `kg export --format csv`
   * (KG.meta.csv_columns), labels in the page's language; RFC 4180 (CRLF rows, a field with a
   * comma, quote or line break quoted). */
  function exportCSV(scope) {
    var what = exported(scope || exportScope.value);
    var field = function (value) {
      var text = value === null || value === undefined ? "" : String(value);
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    };
    var lines = [KG.meta.csv_columns.map(field).join(",")];
    what.edges.forEach(function (id) {
      var e = byEdge.get(id);
      var row = {
        source: e.from, source_label: label(e.from), relation: e.relation, relation_label: relLabel(e.relation),
        target: e.to, target_label: label(e.to), start: e.start, end: e.end, point_in_time: e.point,
        sentence: e.sentence, quote: e.quote, statement: e.id, basis: e.basis, inferred_part: e.inferred_part,
        claimant: e.claimant ? e.claimant.id : null, claimant_label: e.claimant ? claimantName(e.claimant) : null, note: e.note,
      };
      lines.push(KG.meta.csv_columns.map(function (c) { return field(row[c]); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("reset").addEventListener("click", reset);
  document.getElementById("stabilise").addEventListener("click", stabilise);
  document.getElementById("png").addEventListener("click", function () { exportPNG(); });
  document.getElementById("svg").addEventListener("click", function () {
    download(new Blob([exportSVG()], { type: "image/svg+xml" }), "stalin-kg.svg");
  });
  document.getElementById("csv").addEventListener("click", function () {
    download(new Blob([exportCSV()], { type: "text/csv;charset=utf-8" }), "stalin-kg.csv");
  });

  // ------------------------------------------------------------------ table and text views
  /* The middle of the page shows the graph, a table of the entities, one of the relations or
   * the source text. The tables list what the graph shows (`visible`, from the one set of
   * filters: relations, types, basis, year, focus) and, when the search box holds something,
   * only what matches it (the search's own matching: names for entities; quoted words,
   * sentences and the names of either end for relations). */
  var VIEWS = ["graph", "entities", "relations", "text"];
  var TABLE_LIMIT = 1000; // rows listed at most (the count says how many match)
  var tabs = Array.from(document.querySelectorAll("#views [role=tab]"));
  if (lod && !KG.reading) KG.reading = lod.reading(); // level of detail: compact in the page
  var READING = new Map((KG.reading || []).map(function (r) { return [r.number, r]; }));
  var factOwner = new Map(); // a dated fact's statement -> the entity it is about
  NODES.forEach(function (n) { (n.facts || []).forEach(function (f) { if (f.statement) factOwner.set(f.statement, n.id); }); });

  function setView(name) {
    var view = VIEWS.indexOf(name) >= 0 ? name : "graph";
    var changed = view !== state.view;
    state.view = view;
    tabs.forEach(function (tab) {
      var on = tab.getAttribute("data-view") === view;
      tab.setAttribute("aria-selected", String(on));
      tab.setAttribute("tabindex", on ? "0" : "-1");
    });
    VIEWS.forEach(function (v) {
      var box = document.getElementById("view-" + v);
      if (v === "graph") { // kept in place (vis-network keeps its size), only covered
        box.classList.toggle("covered", view !== "graph");
        box.setAttribute("aria-hidden", String(view !== "graph"));
      } else {
        box.hidden = v !== view;
      }
    });
    if (view === "graph") network.redraw();
    refreshViews();
    if (changed) {
      var names = { graph: t("viewGraph"), entities: t("viewEntities"), relations: t("viewRelations"), text: t("viewText") };
      announce(t("announceView", { view: names[view] }));
      remember(false);
    }
  }

  tabs.forEach(function (tab, i) {
    tab.addEventListener("click", function () { setView(tab.getAttribute("data-view")); });
    tab.addEventListener("keydown", function (ev) {
      var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      var next = tabs[(to + tabs.length) % tabs.length];
      setView(next.getAttribute("data-view"));
      next.focus();
    });
  });

  function refreshViews() {
    if (state.view === "entities" || state.view === "relations") buildTable(state.view);
    else if (state.view === "text") {
      if (!readingBuilt) buildReading(); // built when first shown (a big graph has many sentences)
      markReading();
    }
  }

  /* What the search box holds narrows the tables: the entities whose names match, the
   * relations whose quote or sentence matches or whose ends do (null: no narrowing). */
  function queryMatches() {
    if (!norm(state.query)) return null;
    var names = new Set(search(state.query, Infinity));
    var statements = new Set(searchStatements(state.query, Infinity));
    EDGES.forEach(function (e) { if (names.has(e.from) || names.has(e.to)) statements.add(e.id); });
    return { nodes: names, edges: statements };
  }

  function cellButton(text, onclick) {
    return el("button", { type: "button", class: "link", onclick: onclick }, text);
  }

  function dash(value) { return value === null || value === undefined || value === "" ? "—" : String(value); }

  /* The columns of each table: its heading (a word of the page), the value it sorts by and
   * what its cell shows. */
  var COLUMNS = {
    entities: [
      { id: "name", head: "colName", value: function (n) { return label(n.id); },
        cell: function (n) { return cellButton(label(n.id), function () { selectNode(n.id, true); }); } },
      { id: "type", head: "colType", value: function (n) { return typeLabel(n.type); } },
      { id: "shown", head: "colShown", numeric: true, value: function (n) { return visible.degree.get(n.id) || 0; } },
      { id: "degree", head: "colDegree", numeric: true, value: function (n) { return n.metrics ? n.metrics.degree : n.degree; } },
      { id: "betweenness", head: "colBetweenness", numeric: true, value: function (n) { return n.metrics ? n.metrics.betweenness : null; } },
      { id: "community", head: "colCommunity", value: function (n) {
        return n.looks ? METRICS.get("community").bins[n.looks.community[1]]["label_" + state.lang] : null; } },
      { id: "facts", head: "colFacts", value: function (n) {
        return (n.facts || []).map(function (f) { return relLabel(f.relation) + ": " + f.value; }).join("; "); } },
      { id: "exists", head: "colExists", value: function (n) { return n.years ? existsText(n.years) : t("undated"); },
        sortValue: function (n) { return n.years ? (n.years[0] !== null ? n.years[0] : n.years[1]) : null; } },
    ],
    relations: [
      { id: "from", head: "colFrom", value: function (e) { return label(e.from); },
        cell: function (e) { return cellButton(label(e.from), function () { selectNode(e.from, true); }); } },
      { id: "relation", head: "colRelation", value: function (e) { return relLabel(e.relation); },
        cell: function (e) { return cellButton(relLabel(e.relation), function () { selectEdge(e.id); }); } },
      { id: "to", head: "colTo", value: function (e) { return label(e.to); },
        cell: function (e) { return cellButton(label(e.to), function () { selectNode(e.to, true); }); } },
      { id: "basis", head: "colBasis", value: function (e) { return basisLabel(e.basis) + (e.basis !== "stated" ? ": " + basisText(e) : ""); } },
      { id: "sentence", head: "colSentence", numeric: true, value: function (e) { return e.sentence; } },
      { id: "quote", head: "colQuote", value: function (e) { return e.quote || ""; },
        cell: function (e) { return e.quote ? el("q", { lang: "de" }, e.quote) : "—"; } },
      { id: "start", head: "colStart", value: function (e) { return e.start; } },
      { id: "end", head: "colEnd", value: function (e) { return e.end; } },
      { id: "at", head: "colAt", value: function (e) { return e.point; } },
    ],
  };

  function compareValues(a, b) {
    var none = function (v) { return v === null || v === undefined || v === ""; };
    if (none(a) || none(b)) return none(a) && none(b) ? 0 : none(a) ? 1 : -1; // empty cells last
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), state.lang, { numeric: true, sensitivity: "base" });
  }

  /* The rows of a table: what the graph shows, narrowed by the search, sorted. */
  function tableRows(name) {
    var matches = queryMatches();
    var items = name === "entities"
      ? NODES.filter(function (n) { return visible.nodes.has(n.id) && (!matches || matches.nodes.has(n.id)); })
      : EDGES.filter(function (e) { return visible.edges.has(e.id) && (!matches || matches.edges.has(e.id)); });
    var sort = state.sort[name];
    var col = COLUMNS[name].find(function (c) { return c.id === sort.key; }) || COLUMNS[name][0];
    var key = col.sortValue || col.value;
    var keyed = items.map(function (item, i) { return [key(item), i, item]; });
    keyed.sort(function (a, b) {
      var c = compareValues(a[0], b[0]);
      if (c && (a[0] === null || a[0] === undefined || a[0] === "" || b[0] === null || b[0] === undefined || b[0] === "")) return c;
      return c * sort.dir || a[1] - b[1];
    });
    return keyed.map(function (k) { return k[2]; });
  }

  function sortBy(name, key) {
    var sort = state.sort[name];
    if (sort.key === key) sort.dir = -sort.dir;
    else { sort.key = key; sort.dir = COLUMNS[name].find(function (c) { return c.id === key; }).numeric ? -1 : 1; }
    buildTable(name);
    var head = document.querySelector("#" + name + "-table th[data-col=" + key + "] button");
    if (head) head.focus();
  }

  function buildTable(name) {
    var table = document.getElementById(name + "-table");
    var sort = state.sort[name];
    var headRow = el("tr");
    COLUMNS[name].forEach(function (col) {
      var on = col.id === sort.key;
      headRow.append(el("th", { scope: "col", "data-col": col.id, class: col.numeric ? "num" : null,
        "aria-sort": on ? (sort.dir > 0 ? "ascending" : "descending") : "none" },
      el("button", { type: "button", class: "sort", onclick: function () { sortBy(name, col.id); } },
        t(col.head), el("span", { class: "sort-mark", "aria-hidden": "true", text: on ? (sort.dir > 0 ? " ▲" : " ▼") : "" }))));
    });
    clear(table.tHead).append(headRow);
    var rows = tableRows(name);
    var body = document.createElement("tbody");
    var sel = state.selected;
    rows.slice(0, TABLE_LIMIT).forEach(function (item) {
      var kind = name === "entities" ? "node" : "edge";
      var current = sel && sel.kind === kind && sel.id === item.id;
      var tr = el("tr", { "data-id": item.id, class: current ? "current" : null, "aria-current": current ? "true" : null,
        onclick: function (ev) {
          if (ev.target.closest("button, a")) return; // its own action
          if (kind === "node") selectNode(item.id, true); else selectEdge(item.id);
        } });
      COLUMNS[name].forEach(function (col) {
        var content = col.cell ? col.cell(item) : dash(col.value(item));
        tr.append(el("td", { class: col.numeric ? "num" : null }, content));
      });
      body.append(tr);
    });
    table.replaceChild(body, table.tBodies[0]);
    var total = name === "entities" ? NODES.length : EDGES.length;
    var counted = { n: rows.length, N: total };
    var text = name === "entities" ? t("entitiesCount", counted) : t("relationsCount", counted);
    if (norm(state.query)) text += t("bySearch", { q: state.query.trim() });
    if (rows.length > TABLE_LIMIT) text += t("rowsCut", { k: TABLE_LIMIT });
    document.getElementById(name + "-count").textContent = text + ". " + t("sortHint");
  }

  /* The reading view: every sentence of the source, each quoted span a button that opens the
   * statements resting on it; quotes not found verbatim are listed under their sentence. */
  var readingBuilt = false;

  function buildReading() {
    readingBuilt = true;
    var list = clear(document.getElementById("reading"));
    (KG.reading || []).forEach(function (r) {
      var li = el("li", { id: "sentence-" + r.number, value: r.number, "data-sentence": r.number });
      var para = el("p", { class: "sentence" });
      r.segments.forEach(function (seg) {
        if (!seg[1].length) { para.append(seg[0]); return; }
        var ids = seg[1];
        if (!seg[0].trim()) { // the space between two quoted words: marked, not a stop of its own
          para.append(el("mark", { class: "quoted gap", "data-statements": ids.join(" ") }, seg[0]));
          return;
        }
        // a marked span that wraps with the text (a <button> would not): a button to the keys
        para.append(el("mark", { class: ids.length > 1 ? "quoted many" : "quoted", role: "button", tabindex: "0", "data-statements": ids.join(" "),
          title: t("spanTitle", { n: ids.length }),
          onclick: function () { openQuoted(ids, seg[0]); },
          onkeydown: function (ev) {
            if (ev.key !== "Enter" && ev.key !== " ") return;
            ev.preventDefault();
            openQuoted(ids, seg[0]);
          } }, seg[0]));
      });
      li.append(para);
      if (r.unquoted.length) {
        var missing = el("ul", { class: "unquoted plain" });
        r.unquoted.forEach(function (u) {
          missing.append(el("li", { "data-statement": u[0] },
            cellButton(statementName(u[0]), function () { openStatement(u[0]); }), ": ", el("q", null, u[1])));
        });
        li.append(el("div", { class: "hint", lang: state.lang }, t("unquoted"), missing));
      }
      list.append(li);
    });
    var credit = clear(document.getElementById("reading-credit"));
    KG.meta.sources.forEach(function (src) {
      credit.append(el("span", null, t("source") + ": ",
        src.url ? el("a", { href: src.url }, src["label_" + state.lang]) : src["label_" + state.lang],
        src.licence ? ", " + t("licence") + " " : null,
        src.licence ? (src.licence_url ? el("a", { href: src.licence_url }, src.licence) : src.licence) : null));
    });
    markReading();
  }

  /* Whether a statement of the page is shown by the filters (a fact: its entity is). */
  function statementShown(id) {
    if (byEdge.has(id)) return visible.edges.has(id);
    return factOwner.has(id) && visible.nodes.has(factOwner.get(id));
  }

  function statementName(id) {
    var e = byEdge.get(id);
    if (e) return label(e.from) + " " + relLabel(e.relation) + " " + label(e.to);
    return factOwner.has(id) ? t("factOf", { name: label(factOwner.get(id)) }) : localName(id);
  }

  /* The spans of statements the filters hide are drawn paler; the statement "show in text"
   * asked for is marked. */
  function markReading() {
    document.querySelectorAll("#reading .quoted").forEach(function (span) {
      var ids = span.getAttribute("data-statements").split(" ");
      span.classList.toggle("filtered", !ids.some(statementShown));
      var marked = state.marked !== null && ids.indexOf(state.marked) >= 0;
      span.classList.toggle("current", marked);
      if (marked) span.setAttribute("aria-current", "true"); else span.removeAttribute("aria-current");
    });
    document.querySelectorAll("#reading [data-statement]").forEach(function (item) {
      item.classList.toggle("current", item.getAttribute("data-statement") === state.marked);
    });
  }

  function openStatement(id) {
    if (byEdge.has(id)) selectEdge(id);
    else if (factOwner.has(id)) selectNode(factOwner.get(id), true);
  }

  function openQuoted(ids, text) {
    if (ids.length === 1) { openStatement(ids[0]); return; }
    navigate(function () {
      state.selected = { kind: "quote", ids: ids, text: text };
      network.unselectAll();
      showQuote(ids, text);
      apply();
      panel.focus();
    });
  }

  /* The panel for a quoted span several statements rest on: each of them, to open. */
  function showQuote(ids, text) {
    clear(panel);
    panel.append(el("h2", { text: t("quoteStatements") }), el("blockquote", { class: "quote-head", lang: "de" }, el("mark", null, text)));
    var list = el("ul", { class: "plain statements" });
    ids.forEach(function (id) {
      var e = byEdge.get(id);
      var item = el("li", { "data-statement": id }, cellButton(statementName(id), function () { openStatement(id); }));
      if (e && e.basis !== "stated") item.append(basisTag(e));
      if (!statementShown(id)) item.append(el("span", { class: "hint", text: " (" + t("hiddenByFilters") + ")" }));
      list.append(item);
    });
    panel.append(list);
  }

  /* The reading view, scrolled to the quote of statement `id`, marked. */
  function showInText(id) {
    state.marked = id;
    setView("text");
    markReading();
    var target = document.querySelector("#reading .quoted.current") || document.querySelector("#reading [data-statement].current");
    var e = byEdge.get(id);
    if (target) {
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    }
    if (e) announce(t("markedInText", { n: e.sentence }));
    return !!target;
  }

  // ------------------------------------------------------------------ language
  var langSelect = document.getElementById("lang");

  function translatePage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) { node.placeholder = t(node.getAttribute("data-i18n-placeholder")); });
    document.querySelectorAll("[data-i18n-label]").forEach(function (node) { node.setAttribute("aria-label", t(node.getAttribute("data-i18n-label"))); });
    container.setAttribute("aria-label", t("canvasLabel", { n: NODES.length, e: EDGES.length }));
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
    batch(function () { // (level of detail: what is drawn)
      nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) {
        return { id: n.id, label: label(n.id), title: label(n.id) + " · " + typeLabel(n.type) };
      }));
      edges.update((lod ? lod.onlyEdges(EDGES) : EDGES).map(function (e) { return { id: e.id, title: visEdge(e).title }; }));
    });
    apply(); // edge labels are keyed on the language too
    buildTypes();
    buildBases();
    buildRelations();
    buildMetricChoices();
    buildMetricLegend();
    buildAvoid();
    if (readingBuilt) buildReading();
    refreshViews();
    playButton.textContent = (playing === null ? t("play") : t("pause"));
    refreshPanel();
    ["explain-a", "explain-b"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input.dataset.id) input.value = label(input.dataset.id);
    });
  }

  langSelect.addEventListener("change", function () { setLang(langSelect.value); });

  // ------------------------------------------------------------------ the address: a shareable view
  /* The view in the URL's fragment, as URLSearchParams: node or edge (the selection), year,
   * hideRel and hideType (the relations and types filtered out), focus (depth), metric, lang,
   * stated, mode, orphans, and the explained pair: from, to, avoid. Only what differs from how
   * the page opens is written. Selections add an entry to the browser's history (so the back
   * button steps back through them); other changes replace the current entry. */
  var started = false;
  var restoring = false;
  var navigating = 0;

  function curieOf(id) {
    var n = byNode.get(id);
    return n && n.curie ? n.curie : id;
  }

  function nodeNamed(text) {
    var hit = text ? NODES.find(function (n) { return n.curie === text || n.id === text; }) : null;
    return hit ? hit.id : null;
  }

  function viewHash() {
    var p = new URLSearchParams();
    var sel = state.selected;
    if (sel && sel.kind === "node") p.set("node", curieOf(sel.id));
    if (sel && sel.kind === "edge") p.set("edge", sel.id);
    if (state.ends) { p.set("from", curieOf(state.ends[0])); p.set("to", curieOf(state.ends[1])); }
    if (state.avoid.length) p.set("avoid", state.avoid.map(curieOf).join(","));
    if (state.year !== null) p.set("year", String(state.year));
    var relOff = KG.relations.filter(function (r) { return !state.relations.has(r.id); }).map(function (r) { return r.id; });
    if (relOff.length) p.set("hideRel", relOff.join(","));
    var typeOff = KG.types.filter(function (x) { return !state.types.has(x.id); }).map(function (x) { return x.id; });
    if (typeOff.length) p.set("hideType", typeOff.join(","));
    if (state.focusDepth !== 1) p.set("focus", String(state.focusDepth));
    if (state.metric !== "type") p.set("metric", state.metric);
    if (state.lang !== KG.meta.lang) p.set("lang", state.lang);
    if (state.statedOnly) p.set("stated", "1");
    if (state.mode !== "hide") p.set("mode", state.mode);
    if (!state.hideOrphans) p.set("orphans", "1");
    if (state.view !== "graph") p.set("view", state.view);
    return p.toString();
  }

  /* Write the view into the address: a new history entry when `push`, else in place. */
  function remember(push) {
    if (!started || restoring || (navigating && !push)) return;
    var hash = viewHash();
    if (hash === window.location.hash.replace(/^#/, "")) return;
    var url = hash ? "#" + hash : window.location.pathname + window.location.search;
    try {
      window.history[push ? "pushState" : "replaceState"](null, "", url);
    } catch (err) {
      // a page without a history of its own (a sandboxed notebook frame): the view still works
    }
  }

  /* Run a change of selection, then remember it as one new history entry. */
  function navigate(work) {
    navigating++;
    var result;
    try {
      result = work();
    } finally {
      navigating--;
    }
    if (!navigating) remember(true);
    return result;
  }

  function listParam(p, key) {
    return (p.get(key) || "").split(",").filter(Boolean);
  }

  /* Bring the page to the view the address holds (on opening, and on back and forward). An
   * old-style fragment that is only a name ("#person:Stalin") selects that entity. */
  function restoreView() {
    var text = window.location.hash.replace(/^#/, "");
    var legacy = text && text.indexOf("=") < 0;
    var p = new URLSearchParams(legacy ? "" : text);
    restoring = true;
    try {
      stopPlaying();
      var lang = p.get("lang") === "de" || p.get("lang") === "en" ? p.get("lang") : KG.meta.lang === "de" ? "de" : "en";
      if (lang !== state.lang) setLang(lang);
      state.statedOnly = p.get("stated") === "1" && !statedOnlyBox.disabled;
      statedOnlyBox.checked = state.statedOnly;
      state.mode = p.get("mode") === "fade" ? "fade" : "hide";
      document.querySelectorAll("input[name=mode]").forEach(function (r) { r.checked = r.value === state.mode; });
      state.hideOrphans = p.get("orphans") !== "1";
      document.getElementById("orphans").checked = state.hideOrphans;
      var relOff = new Set(listParam(p, "hideRel"));
      state.relations = new Set(KG.relations.map(function (r) { return r.id; }).filter(function (r) { return !relOff.has(r); }));
      var typeOff = new Set(listParam(p, "hideType"));
      state.types = new Set(KG.types.map(function (x) { return x.id; }).filter(function (x) { return !typeOff.has(x); }));
      buildTypes();
      buildRelations();
      state.focusDepth = p.has("focus") ? Math.max(0, Math.min(2, Number(p.get("focus")) || 0)) : 1;
      focusSelect.value = String(state.focusDepth);
      if ((p.get("metric") || "type") !== state.metric) setMetric(p.get("metric"));
      var year = p.has("year") ? Number(p.get("year")) : !text || legacy ? KG.meta.year : null;
      setYear(year === null || year === undefined || isNaN(year) ? null : year);
      state.avoid = listParam(p, "avoid").map(nodeNamed).filter(Boolean);
      buildAvoid();
      var from = nodeNamed(p.get("from")), to = nodeNamed(p.get("to"));
      if (from && to) {
        setExplainInputs(from, to);
        runExplain();
      } else {
        dropChains();
        ["explain-a", "explain-b"].forEach(function (id) { document.getElementById(id).value = ""; });
      }
      setView(p.get("view") || "graph");
      var node = nodeNamed(legacy ? decodeURIComponent(text) : p.get("node"));
      if (node) selectNode(node, true);
      else if (p.get("edge") && byEdge.has(p.get("edge"))) selectEdge(p.get("edge"));
      else if (!(from && to)) clearSelection();
      apply();
    } finally {
      restoring = false;
    }
  }

  function setExplainInputs(a, b) {
    [["explain-a", a], ["explain-b", b]].forEach(function (pair) {
      var input = document.getElementById(pair[0]);
      input.value = label(pair[1]);
      input.dataset.id = pair[1];
    });
  }

  window.addEventListener("popstate", restoreView);
  window.addEventListener("hashchange", function () { if (window.location.hash.replace(/^#/, "") !== viewHash()) restoreView(); });

  // ------------------------------------------------------------------ start
  var api = {
    ready: false,
    readyAt: null,
    stabilised: 0, // how many stabilisations have finished
    timings: timings,
    state: state,
    search: search,
    searchStatements: searchStatements,
    normalise: norm,
    // the rank of the name rule (graph.names.rank) of `name` for `query`, null for no match
    rank: function (query, name) {
      var q = norm(query), r = q ? nameRank(q, q.split(" "), keyed(norm(name))) : -1;
      return r < 0 ? null : r;
    },
    select: function (id) { return selectNode(id, true); },
    selectEdge: selectEdge,
    clearSelection: clearSelection,
    explain: function (a, b) {
      document.getElementById("explain-a").value = a;
      document.getElementById("explain-b").value = b;
      delete document.getElementById("explain-a").dataset.id;
      delete document.getElementById("explain-b").dataset.id;
      return runExplain();
    },
    chains: explain,
    avoid: function (ids) { setAvoid(ids || []); },
    setYear: setYear,
    play: play,
    stop: stopPlaying,
    setStatedOnly: setStatedOnly,
    setLang: setLang,
    setMode: setMode,
    setMetric: setMetric,
    setFocusDepth: setFocusDepth,
    setFocus: function (id, depth) {
      if (depth !== undefined) setFocusDepth(depth);
      if (id) selectNode(id, true); else clearSelection();
    },
    reset: reset,
    exportPNG: exportPNG,
    exportSVG: exportSVG,
    exportCSV: exportCSV,
    exported: function (scope) {
      var what = exported(scope);
      return { nodes: what.nodes, edges: what.edges, width: what.frame.width, height: what.frame.height };
    },
    cursor: function () { return cursorRing(); },
    setView: setView,
    showInText: showInText,
    /* The ids of a table's rows, in the order listed ("entities" or "relations"). */
    tableRows: function (name) { return tableRows(name).map(function (item) { return item.id; }); },
    /* The edges with a label now, and the label each has. */
    /* Whether the labels are placed for the zoom of the view and drawn. */
    labelsSettled: function () { return labelScale === network.getScale() && !relabelQueued && labelsDrawn; },
    edgeLabels: function () {
      return Object.fromEntries(Array.from(labelled, function (kv) { return [kv[0], kv[1].text]; }));
    },
    viewHash: viewHash,
    visible: function () {
      return { nodes: Array.from(visible.nodes), edges: Array.from(visible.edges) };
    },
    /* What a selected entity's focus leaves undimmed (null: nothing is dimmed). */
    focused: function () {
      return dimmed ? { nodes: Array.from(dimmed.nodes), edges: Array.from(dimmed.edges) } : null;
    },
  };
  window.kgViewer = api;
  if (lod) { // level of detail: lod.js draws more into these
    lod.attach({ network: network, nodes: nodes, edges: edges, visNode: visNode, visEdge: visEdge,
      nodeDrawn: nodeDrawn, edgeDrawn: edgeDrawn, byNode: byNode, byEdge: byEdge, adjacency: adjacency,
      state: state, apply: apply, batch: batch, setMetric: setMetric, refresh: refreshPanel, t: t });
    api.lod = lod;
  }

  langSelect.value = state.lang;
  setupYears();
  translatePage();
  buildTypes();
  buildBases();
  buildRelations();
  buildMetricChoices();
  buildMetricLegend();
  buildAvoid();
  if (lod) lod.whenIdle(buildNames); else buildNames(); // level of detail: after the first frame
  apply();
  showIntro();
  timings.ui = window.performance.now();
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = timings.drawn = window.performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
  overview(false);
  started = true;
  if (window.location.hash.length > 1) restoreView();
  else if (KG.meta.year !== null && KG.meta.year !== undefined) setYear(KG.meta.year);
})();
