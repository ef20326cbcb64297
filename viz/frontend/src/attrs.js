/* The page's attributes (attributes.js over the page data), worked out once, when first asked
 * for: what the appearance (appearance.js) and the range filter (filters.js) read. */
import { attributes } from "./attributes.js";
import { EDGES, KG, METRICS, NODES } from "./page.js";

/** @type {Map<string, import("./attributes.js").Attribute> | null} */
let found = null;

/** The page's attributes, by id, in the order offered. */
export function pageAttributes() {
  if (!found) {
    var community = METRICS.get("community");
    found = new Map(attributes(NODES, EDGES, {
      defaultSource: KG.meta.sources.length === 1 ? KG.meta.sources[0].id : null,
      types: KG.types, community: community ? community.bins : null,
    }).map(function (a) { return [a.id, a]; }));
  }
  return found;
}

/** The attribute `id`, or null where the page has none of that name. */
export function pageAttribute(id) {
  return (id && pageAttributes().get(id)) || null;
}
