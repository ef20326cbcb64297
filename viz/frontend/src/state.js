/* The view's state: the choices the side bar, the search box, explain and the tables make;
 * the modules read it and change it through their functions. */
import { KG } from "./page.js";

export let state;

export function init() {
  state = {
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
    explainedOver: null, // the relations the filters let through when the chains were found (a Set)
    avoid: [], // entities no chain may pass through
    view: "graph", // what the middle of the page shows: graph, entities, relations or text
    query: "", // what the search box holds: the tables list only what matches it
    sort: { entities: { key: "shown", dir: -1 }, relations: { key: "sentence", dir: 1 } },
    marked: null, // the statement whose quote the reading view marks ("show in text")
    colour: null, // the attribute nodes are coloured by (attributes.js), null: as the metric says
    size: null, // the numeric attribute nodes are sized by, null: as the metric says
    range: null, // {attr, from, to}: only entities whose value lies in the range (either end null: open)
  };
}
