/* SPARQL in the page: Oxigraph's WebAssembly build (npm oxigraph, its web.js glue bundled
 * here; the binary vendored in viz/static/vendor/oxigraph) over the graph's triples.
 *
 * viz/engine.py writes the engine and the triples into the page as gzipped base64 text
 * blocks; nothing of them is decoded until the first query (decompressed with the browser's
 * DecompressionStream, instantiated with WebAssembly, which the page's policy allows with
 * 'wasm-unsafe-eval' only on a page that carries the engine), so the first frame does not wait
 * for it. A query sees what `kg query` sees: the same triples, the default graph as the union of
 * the graphs, the project's prefixes declared (on the query's first line, so an error's line is
 * the user's; its column on line 1 is set back by their length). No DOM here: the blocks come
 * from a reader, so the Node tests run the same code on Python's output. */
import init, { Store } from "oxigraph/web.js";

/** The media type of the answers of SELECT and ASK queries. */
export const RESULTS_JSON = "application/sparql-results+json";

/** @typedef {{ wasm: string, triples: string, prefixes: string }} EngineSource */
/** @typedef {{ head: { vars?: string[] }, results?: { bindings: Record<string, {type: string, value: string, datatype?: string, "xml:lang"?: string}>[] }, boolean?: boolean }} SparqlJson */

/** Bytes of base64 text. @param {string} text */
export function fromBase64(text) {
  var binary = atob(text.replace(/\s+/g, ""));
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes gzipped in base64 `text`, decompressed by the platform's DecompressionStream.
 * @param {string} text @returns {Promise<Uint8Array>} */
export async function gunzip64(text) {
  var stream = new Blob([fromBase64(text)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** An engine's error message with its place as the user wrote the query: Oxigraph counts from
 * the prefixes put before it on line 1 ("error at 1:C"), which `shift` characters long.
 * @param {string} text @param {number} shift */
export function relocate(text, shift) {
  return text.replace(/\b(at |line )1([:, ]+(?:column )?)(\d+)/, function (_, at, sep, col) {
    return at + "1" + sep + String(Math.max(1, Number(col) - shift));
  });
}

/** A query engine over `read()`'s blocks, started on its first query (and once).
 * @param {() => EngineSource} read */
export function makeEngine(read) {
  /** @type {Promise<{ store: any, prefixes: string }> | null} */
  var loading = null;
  var timings = { loaded: null };

  async function start() {
    var t0 = Date.now();
    var source = read();
    var parts = await Promise.all([gunzip64(source.wasm), gunzip64(source.triples)]);
    await init({ module_or_path: parts[0] });
    var store = new Store();
    store.load(new TextDecoder().decode(parts[1]), { format: "application/n-triples" });
    timings.loaded = Date.now() - t0;
    return { store: store, prefixes: source.prefixes };
  }

  /** The answer to `text`: SPARQL JSON results for SELECT and ASK; for CONSTRUCT and DESCRIBE,
   * the triples as N-Triples text. Rejects with the engine's message, located as written.
   * @param {string} text @returns {Promise<SparqlJson | string>} */
  async function query(text) {
    if (!loading) loading = start();
    var engine = await loading;
    var full = engine.prefixes + text;
    var options = { use_default_graph_as_union: true };
    try {
      var out = engine.store.query(full, Object.assign({ results_format: RESULTS_JSON }, options));
      return JSON.parse(out);
    } catch (err) {
      var said = String(err && err.message || err);
      if (/RDF format/.test(said)) { // a CONSTRUCT or DESCRIBE: its triples
        return engine.store.query(full, Object.assign({ results_format: "application/n-triples" }, options));
      }
      throw new Error(relocate(said, engine.prefixes.length));
    }
  }

  /** Answer from now on over the RDF `text` (of media type `format`, read from the file
   * `name`) instead of the page's triples; rejects with the parser's message, located in the
   * file, and leaves the data as it was. Resolves to how many quads the file holds.
   * @param {string} text @param {string} format @param {string} name */
  async function useFile(text, format, name) {
    if (!loading) loading = start();
    var engine = await loading;
    var store = new Store();
    try {
      store.load(text, { format: format, base_iri: "file:///" + encodeURIComponent(name) });
    } catch (err) {
      throw new Error(String(err && err.message || err));
    }
    if (!own) own = engine.store;
    engine.store = store;
    file = { name: name, size: store.size };
    return store.size;
  }

  /** Answer over the page's own triples again. */
  async function usePage() {
    if (!own) return;
    var engine = await loading;
    engine.store = own;
    own = null;
    file = null;
  }
  /** @type {any} */ var own = null;
  /** @type {{ name: string, size: number } | null} */ var file = null;

  return { query: query, started: function () { return loading !== null; }, timings: timings,
           useFile: useFile, usePage: usePage, file: function () { return file; } };
}

/** The media types of the RDF files the page reads, by file name extension. */
export const FILE_FORMATS = {
  ttl: "text/turtle", trig: "application/trig", nt: "application/n-triples",
  nq: "application/n-quads", jsonld: "application/ld+json", json: "application/ld+json",
  rdf: "application/rdf+xml", owl: "application/rdf+xml",
};

/** The media type of the file `name` by its extension, or null for a kind the page does not read.
 * @param {string} name */
export function fileFormat(name) {
  var m = /\.([A-Za-z]+)$/.exec(name);
  var ext = m ? m[1].toLowerCase() : "";
  return Object.prototype.hasOwnProperty.call(FILE_FORMATS, ext) ? FILE_FORMATS[ext] : null;
}

/** A named query's text (viz/engine.py's parts) with each parameter's SPARQL term put in.
 * @param {(string | { param: string })[]} parts @param {Record<string, string>} terms */
export function boundQuery(parts, terms) {
  return parts.map(function (part) {
    if (typeof part === "string") return part;
    if (!(part.param in terms)) throw new Error("no value for $" + part.param);
    return terms[part.param];
  }).join("");
}

/** Whether `text` holds no query: nothing but blanks and whole-line # comments (a PREFIX line
 * alone is a query Oxigraph locates the error of).
 * @param {string} text */
export function blankQuery(text) {
  return text.split(/\r?\n/).every(function (line) { return /^\s*(#.*)?$/.test(line); });
}
