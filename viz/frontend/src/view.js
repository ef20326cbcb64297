/** The view in the address, without the DOM: how the page writes its state into the URL's
 * fragment and reads it back (address.js applies it). URLSearchParams: node or edge (the
 * selection), year, hideRel and hideType (the relations and types filtered out), focus (depth),
 * metric, lang, stated, mode, orphans, view, the explained pair: from, to, avoid, and colour, size
 * and range (appearance.js: attributes.js's rangeText, "year:1917:1930"). Only what
 * differs from how the page opens is written. The Node test test/view.test.js reads back what
 * it writes.
 *
 * @typedef {{relations: {id: string}[], types: {id: string}[], meta: {lang: string, year?: number | null}}} ViewKG
 * @typedef {{kind: string, id: string} | null} Selected
 * @typedef {{selected: Selected, ends: string[] | null, avoid: string[], year: number | null,
 *   relations: Set<string>, types: Set<string>, focusDepth: number, metric: string, lang: string,
 *   statedOnly: boolean, mode: string, hideOrphans: boolean, view: string, colour?: string | null,
 *   size?: string | null, range?: {attr: string, from: number | null, to: number | null} | null}} ViewState
 */
import { parseRange, rangeText } from "./attributes.js";

/**
 * The fragment (without "#") of a view; `curie` names an entity (its CURIE where it has one).
 * @param {ViewState} state @param {ViewKG} kg @param {(id: string) => string} curie
 */
export function encodeView(state, kg, curie) {
  var p = new URLSearchParams();
  var sel = state.selected;
  if (sel && sel.kind === "node") p.set("node", curie(sel.id));
  if (sel && sel.kind === "edge") p.set("edge", sel.id);
  if (state.ends) { p.set("from", curie(state.ends[0])); p.set("to", curie(state.ends[1])); }
  if (state.avoid.length) p.set("avoid", state.avoid.map(curie).join(","));
  if (state.year !== null) p.set("year", String(state.year));
  var relOff = kg.relations.filter(function (r) { return !state.relations.has(r.id); }).map(function (r) { return r.id; });
  if (relOff.length) p.set("hideRel", relOff.join(","));
  var typeOff = kg.types.filter(function (x) { return !state.types.has(x.id); }).map(function (x) { return x.id; });
  if (typeOff.length) p.set("hideType", typeOff.join(","));
  if (state.focusDepth !== 1) p.set("focus", String(state.focusDepth));
  if (state.metric !== "type") p.set("metric", state.metric);
  if (state.lang !== kg.meta.lang) p.set("lang", state.lang);
  if (state.statedOnly) p.set("stated", "1");
  if (state.mode !== "hide") p.set("mode", state.mode);
  if (!state.hideOrphans) p.set("orphans", "1");
  if (state.view !== "graph") p.set("view", state.view);
  if (state.colour) p.set("colour", state.colour);
  if (state.size) p.set("size", state.size);
  if (state.range) p.set("range", rangeText(state.range));
  return p.toString();
}

/** @param {URLSearchParams} p @param {string} key */
function listParam(p, key) {
  return (p.get(key) || "").split(",").filter(Boolean);
}

/**
 * The view a fragment ("#..." or without "#") holds, every field given (how the page opens
 * where the fragment says nothing). An old-style fragment that is only a name
 * ("#person:Stalin") selects that entity. Entities are as written (CURIEs or IRIs).
 * @param {string} hash @param {ViewKG} kg
 */
export function decodeView(hash, kg) {
  var text = hash.replace(/^#/, "");
  var legacy = !!text && text.indexOf("=") < 0;
  var p = new URLSearchParams(legacy ? "" : text);
  var lang = p.get("lang");
  var relOff = new Set(listParam(p, "hideRel"));
  var typeOff = new Set(listParam(p, "hideType"));
  var year = p.has("year") ? Number(p.get("year")) : !text || legacy ? kg.meta.year : null;
  return {
    lang: lang === "de" || lang === "en" ? lang : kg.meta.lang === "de" ? "de" : "en",
    statedOnly: p.get("stated") === "1",
    mode: p.get("mode") === "fade" ? "fade" : "hide",
    hideOrphans: p.get("orphans") !== "1",
    relations: new Set(kg.relations.map(function (r) { return r.id; }).filter(function (r) { return !relOff.has(r); })),
    types: new Set(kg.types.map(function (x) { return x.id; }).filter(function (x) { return !typeOff.has(x); })),
    focusDepth: p.has("focus") ? Math.max(0, Math.min(2, Number(p.get("focus")) || 0)) : 1,
    metric: p.get("metric") || "type",
    year: year === null || year === undefined || isNaN(year) ? null : year,
    avoid: listParam(p, "avoid"),
    from: p.get("from"),
    to: p.get("to"),
    view: p.get("view") || "graph",
    node: legacy ? decodeURIComponent(text) : p.get("node"),
    edge: p.get("edge"),
    colour: p.get("colour"),
    size: p.get("size"),
    range: parseRange(p.get("range")),
  };
}
