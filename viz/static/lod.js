/* stalin-kg viewer: compact page data and the level of detail of big graphs.
 *
 * Runs before app.js on pages of more than viz.lod.LOD_NODES entities (the curated page does
 * not have this script). It decodes the kg-compact block (schema: viz/compact.py) into the
 * objects a plain page has in its kg-nodes and kg-edges blocks, and decides which of them
 * vis-network draws: the best-ranked entities first (viz/lod.py's plan), more on zoom and pan
 * (those in the view), on selection (search, links, explained chains) and on expand
 * (double-click, the panel's button). app.js keeps every entity and relation in NODES and
 * EDGES, so its filters, panel, search, explain, time slider and address work on the whole
 * graph; it asks this script what is drawn (the hooks marked "level of detail" there).
 *
 * Global: window.kgLod.
 */
(function () {
  "use strict";

  var started = window.performance.now();

  function readJSON(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var DOC = readJSON("kg-compact");
  var KG = readJSON("kg-data");
  if (DOC.v !== 1) throw new Error("kg-compact: schema version " + DOC.v + " is not 1");
  var VALUES = DOC.values;
  var parsed = window.performance.now();

  function localName(iri) {
    return /[^/#:]*$/.exec(iri)[0];
  }

  function sentenceText(row) {
    if (typeof row.sentence_text === "string") return row.sentence_text;
    return row.sentence !== null && row.sentence !== undefined ? KG.sentences[String(row.sentence)] : undefined;
  }

  /* One cell of a column (codecs: viz/compact.py), for a row whose other fields are set. */
  function cell(kind, other, c, row, rows) {
    if (kind === "raw") return c;
    if (kind === "val") return VALUES[c];
    if (kind === "iri") return VALUES[c[0]] + String(c[1]);
    if (kind === "node") return rows[c].id;
    if (kind === "tail") return typeof c === "number" ? VALUES[c] + localName(row[other]) : c[0];
    if (kind === "same") return c === 0 ? row[other] : c[0];
    if (kind === "quote") {
      if (c === null || !Array.isArray(c)) return c;
      if (c.length === 1) return c[0];
      return sentenceText(row).substr(c[0], c[1]);
    }
    throw new Error("kg-compact: unknown codec " + kind);
  }

  /* The rows of a table: independent columns, then the fields only some rows have, then the
   * columns that read other fields of their row, then the derived fields. */
  function decodeTable(table, derived, nodeRows) {
    var rows = [];
    for (var i = 0; i < table.n; i++) rows.push({});
    var later = [];
    Object.keys(table.cols).forEach(function (field) {
      var codec = table.cols[field][0], data = table.cols[field][1];
      var parts = codec.split(":");
      if (parts[0] === "tail" || parts[0] === "same" || parts[0] === "quote") { later.push(field); return; }
      for (var r = 0; r < rows.length; r++) rows[r][field] = cell(parts[0], parts[1], data[r], rows[r], nodeRows);
    });
    Object.keys(table.extra).forEach(function (field) {
      var pairs = table.extra[field];
      for (var k = 0; k < pairs.length; k += 2) rows[pairs[k]][field] = VALUES[pairs[k + 1]];
    });
    later.forEach(function (field) {
      var parts = table.cols[field][0].split(":"), data = table.cols[field][1];
      for (var r = 0; r < rows.length; r++) rows[r][field] = cell(parts[0], parts[1], data[r], rows[r], nodeRows);
    });
    (table.derived || []).forEach(function (field) {
      var rule = derived[field];
      for (var r = 0; r < rows.length; r++) if (!(field in rows[r])) rows[r][field] = rule(rows[r]);
    });
    return rows;
  }

  var lang = DOC.lang;
  var types = new Map(KG.types.map(function (t) { return [t.id, t]; }));
  var rels = new Map(KG.relations.map(function (r) { return [r.id, r]; }));
  var bases = new Map(KG.bases.map(function (b) { return [b.id, b]; }));
  function from(map, key, field) { var x = map.get(key); return x ? x[field] : undefined; }
  var NODES = decodeTable(DOC.nodes, {
    label: function (n) { return n["label_" + lang]; },
    shape: function (n) { return from(types, n.type, "shape"); },
    color: function (n) { return from(types, n.type, "color"); },
  }, null);
  var nodesDone = window.performance.now();
  var EDGES = decodeTable(DOC.edges, {
    label: function (e) { return from(rels, e.relation, "label_" + lang); },
    arrows: function (e) { return e.symmetric ? "" : "to"; },
    dashes: function (e) { return from(bases, e.basis, "dashes"); },
    width: function (e) { return from(bases, e.basis, "width"); },
  }, NODES);
  var decoded = window.performance.now();

  /* The search index viz.data builds, rebuilt here with the page's normaliser `norm` (app.js's,
   * the rule of viz.data.search_key): every entity's names, every quote, every sentence. */
  function searchIndex(norm) {
    function keys(names) {
      var seen = new Set(), out = [];
      names.forEach(function (name) {
        var k = name ? norm(name) : "";
        if (k && !seen.has(k)) { seen.add(k); out.push(k); }
      });
      return out;
    }
    var index = {};
    lazily(index, "entities", function () {
      return NODES.map(function (n) {
        return [n.id, keys([n.label_de, n.label_en, localName(n.id)].concat(n.aliases || []))];
      });
    });
    lazily(index, "statements", function () {
      return EDGES.map(function (e) { return [e.id, norm(e.quote || "")]; });
    });
    lazily(index, "sentences", function () {
      var sentences = {};
      Object.keys(KG.sentences).forEach(function (k) { sentences[k] = norm(KG.sentences[k]); });
      return sentences;
    });
    return index;
  }

  /* object[name], worked out by make() the first time it is read (app.js reads the keys
   * at the first search, not when the page opens). */
  function lazily(object, name, make) {
    var value;
    Object.defineProperty(object, name, { enumerable: true, get: function () {
      if (value === undefined) value = make();
      return value;
    } });
  }

  /* Run work() once the first frame is drawn and the browser is idle (or at once when it is
   * asked for sooner: app.js's list of names for the explain boxes). */
  function whenIdle(work) {
    var done = false;
    function once() { if (!done) { done = true; work(); } }
    var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 200); };
    window.setTimeout(function () { idle(once, { timeout: 5000 }); }, 0);
    ["explain-a", "explain-b", "explain-avoid"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) input.addEventListener("focus", once, { once: true });
    });
  }

  // ---------------------------------------------------------------- what is drawn
  var PLAN = DOC.lod || {};
  var ORDER = PLAN.order || NODES.map(function (_, i) { return i; });
  var FIRST = PLAN.first === undefined ? NODES.length : PLAN.first;
  var rank = new Map(ORDER.map(function (row, k) { return [NODES[row].id, k]; }));
  var drawnNodes = new Set(ORDER.slice(0, FIRST).map(function (row) { return NODES[row].id; }));
  var drawnEdges = new Set(EDGES.filter(function (e) {
    return drawnNodes.has(e.from) && drawnNodes.has(e.to);
  }).map(function (e) { return e.id; }));
  var ctx = null; // app.js's parts, once attached

  /* The page's words (app.js's t(): the catalogue in the page data, graph/locales/*.json);
   * in English until app.js attaches. */
  function t(key, params) {
    return ctx ? ctx.t(key, params) : KG.messages.en[key];
  }

  /* Draw the entities `ids` (those not drawn yet) and every relation whose ends are then both
   * drawn; the filters, the metric and the language apply to them as to the rest. Returns how
   * many entities were added. */
  function reveal(ids) {
    var addNodes = [], addEdges = [];
    ids.forEach(function (id) {
      if (!drawnNodes.has(id) && ctx.byNode.has(id)) { drawnNodes.add(id); addNodes.push(id); }
    });
    if (!addNodes.length) return 0;
    addNodes.forEach(function (id) {
      ctx.adjacency.get(id).forEach(function (eid) {
        if (drawnEdges.has(eid)) return;
        var e = ctx.byEdge.get(eid);
        if (drawnNodes.has(e.from) && drawnNodes.has(e.to)) { drawnEdges.add(eid); addEdges.push(eid); }
      });
    });
    ctx.batch(function () {
      ctx.nodes.add(addNodes.map(function (id) { return ctx.visNode(ctx.byNode.get(id)); }));
      if (addEdges.length) ctx.edges.add(addEdges.map(function (eid) { return ctx.visEdge(ctx.byEdge.get(eid)); }));
    });
    addNodes.forEach(function (id) { ctx.nodeDrawn.set(id, { hidden: false, faded: false }); });
    addEdges.forEach(function (eid) {
      ctx.edgeDrawn.set(eid, { hidden: false, faded: false, undated: false });
    });
    if (ctx.state.metric !== "type") ctx.setMetric(ctx.state.metric);
    ctx.apply();
    api.revealed += addNodes.length;
    return addNodes.length;
  }

  function neighbours(id) {
    var out = [];
    (ctx.adjacency.get(id) || []).forEach(function (eid) {
      var e = ctx.byEdge.get(eid);
      out.push(e.from === id ? e.to : e.from);
    });
    return out;
  }

  /* Draw an entity with all its neighbours. */
  function expand(id) {
    return reveal([id].concat(neighbours(id)));
  }

  // a grid over the layout's positions, each cell's entities best-ranked first, to find the
  // entities inside the view
  var GRID = 64;
  var grid = null;

  function buildGrid() {
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    NODES.forEach(function (n) {
      box.x0 = Math.min(box.x0, n.x); box.x1 = Math.max(box.x1, n.x);
      box.y0 = Math.min(box.y0, n.y); box.y1 = Math.max(box.y1, n.y);
    });
    var w = (box.x1 - box.x0) / GRID || 1, h = (box.y1 - box.y0) / GRID || 1;
    var cells = [];
    for (var c = 0; c < GRID * GRID; c++) cells.push([]);
    ORDER.forEach(function (row) {
      var n = NODES[row];
      var cx = Math.min(GRID - 1, Math.floor((n.x - box.x0) / w)), cy = Math.min(GRID - 1, Math.floor((n.y - box.y0) / h));
      cells[cx * GRID + cy].push(n);
    });
    return { box: box, w: w, h: h, cells: cells };
  }

  /* Bring in the best-ranked entities inside the view until as many are drawn there as the
   * page opened with in all (the same density on the screen at every zoom). */
  function inView() {
    if (!ctx) return 0;
    grid = grid || buildGrid();
    var el = ctx.network.body.container;
    var a = ctx.network.DOMtoCanvas({ x: 0, y: 0 });
    var b = ctx.network.DOMtoCanvas({ x: el.clientWidth, y: el.clientHeight });
    var cx0 = Math.max(0, Math.floor((a.x - grid.box.x0) / grid.w)), cx1 = Math.min(GRID - 1, Math.floor((b.x - grid.box.x0) / grid.w));
    var cy0 = Math.max(0, Math.floor((a.y - grid.box.y0) / grid.h)), cy1 = Math.min(GRID - 1, Math.floor((b.y - grid.box.y0) / grid.h));
    var drawn = 0, wanted = [];
    for (var cx = cx0; cx <= cx1; cx++) {
      for (var cy = cy0; cy <= cy1; cy++) {
        grid.cells[cx * GRID + cy].forEach(function (n) {
          if (n.x < a.x || n.x > b.x || n.y < a.y || n.y > b.y) return;
          if (drawnNodes.has(n.id)) drawn++;
          else wanted.push(n.id);
        });
      }
    }
    var room = FIRST - drawn;
    if (room <= 0 || !wanted.length) return 0;
    wanted.sort(function (p, q) { return rank.get(p) - rank.get(q); });
    return reveal(wanted.slice(0, room));
  }

  var pending = null;
  function soon() {
    if (pending !== null) window.clearTimeout(pending);
    pending = window.setTimeout(function () { pending = null; inView(); }, 150);
  }

  /* The panel's button: draw the entity's neighbours (disabled once they all are). */
  function expandButton(id) {
    var missing = new Set(neighbours(id).filter(function (v) { return !drawnNodes.has(v); })).size;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "lod-expand";
    button.textContent = missing ? t("lodExpand", { n: missing }) : t("lodExpanded");
    button.disabled = missing === 0;
    button.addEventListener("click", function () { expand(id); ctx.refresh(); });
    var row = document.createElement("div");
    row.className = "row buttons";
    row.append(button);
    return row;
  }

  /* Called by app.js once its network and data sets exist: `parts` are its network, data
   * sets, vis records, draw states and functions (see app.js's hook). */
  function attach(parts) {
    ctx = parts;
    // the browser's dblclick, not vis-network's doubleClick: that one needs the two clicks
    // within 300 ms of handling, and the first click's panel takes longer in a big graph
    var box = ctx.network.body.container;
    box.addEventListener("dblclick", function (ev) {
      var r = box.getBoundingClientRect();
      var id = ctx.network.getNodeAt({ x: ev.clientX - r.left, y: ev.clientY - r.top });
      if (id !== undefined) { expand(id); ctx.refresh(); }
    });
    ctx.network.on("zoom", soon);
    ctx.network.on("dragEnd", soon);
  }

  /* The page's reading (the text view), from its compact form (viz/compact.py: READING). */
  function reading() {
    var doc = DOC.reading || { rows: [], ids: [], sources: {}, texts: {}, unquoted: {} };
    var ids = doc.ids.map(function (c) { return VALUES[c[0]] + String(c[1]); });
    function statement(ref) { return ref >= 0 ? EDGES[ref].id : ids[-1 - ref]; }
    return doc.rows.map(function (row, k) {
      var number = row[0];
      var text = k in doc.texts ? doc.texts[k] : KG.sentences[String(number)];
      var segments = [], at = 0;
      for (var i = 1; i < row.length;) {
        var length = row[i], count = row[i + 1];
        segments.push([text.substr(at, length), row.slice(i + 2, i + 2 + count).map(statement)]);
        at += length;
        i += 2 + count;
      }
      return { number: number, source: k in doc.sources ? VALUES[doc.sources[k]] : null,
               segments: segments, unquoted: doc.unquoted[k] || [] };
    });
  }

  var api = {
    nodes: NODES,
    edges: EDGES,
    kg: KG,
    timings: { started: started, parsed: parsed, nodes: nodesDone, decoded: decoded },
    revealed: 0, // entities drawn since the page opened
    searchIndex: searchIndex,
    reading: reading,
    has: function (id) { return drawnNodes.has(id); },
    hasEdge: function (id) { return drawnEdges.has(id); },
    onlyNodes: function (list) { return list.filter(function (n) { return drawnNodes.has(n.id); }); },
    onlyEdges: function (list) { return list.filter(function (e) { return drawnEdges.has(e.id); }); },
    onlyIds: function (ids) { return Array.from(ids).filter(function (id) { return drawnNodes.has(id); }); },
    drawn: function () { return { nodes: Array.from(drawnNodes), edges: Array.from(drawnEdges) }; },
    reveal: function (ids) { return ctx ? reveal(Array.from(ids)) : 0; },
    expand: function (id) { return ctx ? expand(id) : 0; },
    revealAll: function () { return ctx ? reveal(NODES.map(function (n) { return n.id; })) : 0; },
    inView: inView,
    statusNote: function () { return drawnNodes.size < NODES.length ? t("lodNote") : ""; },
    expandButton: expandButton,
    whenIdle: whenIdle,
    attach: attach,
  };
  window.kgLod = api;
})();
