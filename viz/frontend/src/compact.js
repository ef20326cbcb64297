/* The compact page data of a big graph (schema: viz/compact.py), decoded into exactly the
 * objects a plain page has in its kg-nodes and kg-edges blocks, its search index and its
 * reading. No DOM: the Node tests decode what Python encoded (test/compact.test.js). */

/** @param {string} iri */
function localName(iri) {
  return /** @type {RegExpExecArray} */ (/[^/#:]*$/.exec(iri))[0];
}

/**
 * object[name], worked out by make() the first time it is read (the search reads the keys at
 * the first search, not when the page opens).
 * @param {object} object @param {string} name @param {() => any} make
 */
function lazily(object, name, make) {
  /** @type {any} */
  let value;
  Object.defineProperty(object, name, { enumerable: true, get: function () {
    if (value === undefined) value = make();
    return value;
  } });
}

/**
 * Decode a kg-compact block `doc` with the page's kg-data `kg`.
 * @param {any} doc @param {import("./page-types").PageData} kg
 */
export function decode(doc, kg) {
  if (doc.v !== 1) throw new Error("kg-compact: schema version " + doc.v + " is not 1");
  const VALUES = doc.values;
  /** @type {Record<string, number>} */
  const timings = { started: performance.now() };

  /** @param {any} row */
  function sentenceText(row) {
    if (typeof row.sentence_text === "string") return row.sentence_text;
    return row.sentence !== null && row.sentence !== undefined ? kg.sentences[String(row.sentence)] : undefined;
  }

  /* One cell of a column (codecs: viz/compact.py), for a row whose other fields are set. */
  /** @param {string} kind @param {string} other @param {any} c @param {any} row @param {any[] | null} rows */
  function cell(kind, other, c, row, rows) {
    if (kind === "raw") return c;
    if (kind === "val") return VALUES[c];
    if (kind === "iri") return VALUES[c[0]] + String(c[1]);
    if (kind === "node") return /** @type {any[]} */ (rows)[c].id;
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
  /** @param {any} table @param {Record<string, (row: any) => any>} derived @param {any[] | null} nodeRows */
  function decodeTable(table, derived, nodeRows) {
    /** @type {any[]} */
    const rows = [];
    for (let i = 0; i < table.n; i++) rows.push({});
    /** @type {string[]} */
    const later = [];
    Object.keys(table.cols).forEach(function (field) {
      const codec = table.cols[field][0], data = table.cols[field][1];
      const parts = codec.split(":");
      if (parts[0] === "tail" || parts[0] === "same" || parts[0] === "quote") { later.push(field); return; }
      for (let r = 0; r < rows.length; r++) rows[r][field] = cell(parts[0], parts[1], data[r], rows[r], nodeRows);
    });
    Object.keys(table.extra).forEach(function (field) {
      const pairs = table.extra[field];
      for (let k = 0; k < pairs.length; k += 2) rows[pairs[k]][field] = VALUES[pairs[k + 1]];
    });
    later.forEach(function (field) {
      const parts = table.cols[field][0].split(":"), data = table.cols[field][1];
      for (let r = 0; r < rows.length; r++) rows[r][field] = cell(parts[0], parts[1], data[r], rows[r], nodeRows);
    });
    (table.derived || []).forEach(function (/** @type {string} */ field) {
      const rule = derived[field];
      for (let r = 0; r < rows.length; r++) if (!(field in rows[r])) rows[r][field] = rule(rows[r]);
    });
    return rows;
  }

  const lang = doc.lang;
  const types = new Map(kg.types.map(function (t) { return [t.id, t]; }));
  const rels = new Map(kg.relations.map(function (r) { return [r.id, r]; }));
  const bases = new Map(kg.bases.map(function (b) { return [b.id, b]; }));
  /** @param {Map<string, any>} map @param {string} key @param {string} field */
  function from(map, key, field) { const x = map.get(key); return x ? x[field] : undefined; }
  /** @type {import("./page-types").DrawnNode[]} */
  const nodes = decodeTable(doc.nodes, {
    label: function (n) { return n["label_" + lang]; },
    shape: function (n) { return from(types, n.type, "shape"); },
    color: function (n) { return from(types, n.type, "color"); },
  }, null);
  timings.nodes = performance.now();
  /** @type {import("./page-types").DrawnEdge[]} */
  const edges = decodeTable(doc.edges, {
    label: function (e) { return from(rels, e.relation, "label_" + lang); },
    arrows: function (e) { return e.symmetric ? "" : "to"; },
    dashes: function (e) { return from(bases, e.basis, "dashes"); },
    width: function (e) { return from(bases, e.basis, "width"); },
  }, nodes);
  timings.decoded = performance.now();

  /* The search index viz.data builds, rebuilt here with the page's normaliser `norm` (the
   * rule of viz.data.search_key): every entity's names, every quote, every sentence. */
  /** @param {(text: string) => string} norm */
  function searchIndex(norm) {
    /** @param {(string | null | undefined)[]} names */
    function keys(names) {
      const seen = new Set(), out = /** @type {string[]} */ ([]);
      names.forEach(function (name) {
        const k = name ? norm(name) : "";
        if (k && !seen.has(k)) { seen.add(k); out.push(k); }
      });
      return out;
    }
    const index = /** @type {import("./page-types").PageSearch} */ ({});
    lazily(index, "entities", function () {
      return nodes.map(function (n) {
        return [n.id, keys([n.label_de, n.label_en, localName(n.id)].concat(n.aliases || []))];
      });
    });
    lazily(index, "statements", function () {
      return edges.map(function (e) { return [e.id, norm(e.quote || "")]; });
    });
    lazily(index, "sentences", function () {
      /** @type {Record<string, string>} */
      const sentences = {};
      Object.keys(kg.sentences).forEach(function (k) { sentences[k] = norm(kg.sentences[k]); });
      return sentences;
    });
    return index;
  }

  /* The page's reading (the text view), from its compact form (viz/compact.py: READING). */
  function reading() {
    const rd = doc.reading || { rows: [], ids: [], sources: {}, texts: {}, unquoted: {} };
    const ids = rd.ids.map(function (/** @type {[number, number]} */ c) { return VALUES[c[0]] + String(c[1]); });
    /** @param {number} ref */
    function statement(ref) { return ref >= 0 ? edges[ref].id : ids[-1 - ref]; }
    return rd.rows.map(function (/** @type {any[]} */ row, /** @type {number} */ k) {
      const number = row[0];
      const text = k in rd.texts ? rd.texts[k] : kg.sentences[String(number)];
      const segments = [];
      let at = 0;
      for (let i = 1; i < row.length;) {
        const length = row[i], count = row[i + 1];
        segments.push([text.substr(at, length), row.slice(i + 2, i + 2 + count).map(statement)]);
        at += length;
        i += 2 + count;
      }
      return { number: number, source: k in rd.sources ? VALUES[rd.sources[k]] : null,
               segments: segments, unquoted: rd.unquoted[k] || [] };
    });
  }

  return { nodes: nodes, edges: edges, plan: doc.lod || {}, timings: timings,
           searchIndex: searchIndex, reading: reading };
}
