/* The page's searches: entities by name and statements by their words, with the rule of
 * rule.js over the page data's search index (built from the compact block on a big page). */
import { COMPACT, KG, byEdge } from "./page.js";
import { entityIndex, matchStatements, norm, searchEntities, statementIndex } from "./rule.js";

/** @type {import("./rule.js").Entry[] | null} */
let ENTITIES = null; // level of detail: built at the first search
/** @type {import("./rule.js").StatementIndex | null} */
let STATEMENTS = null;

/** Entities whose names match `text`, best first (graph.names.search). @param {string} text @param {number} [limit] */
export function search(text, limit) {
  ENTITIES = ENTITIES || entityIndex(KG.search.entities);
  return searchEntities(ENTITIES, text, limit);
}

/** Statements whose quote, or else sentence, holds the words of `text`. @param {string} text @param {number} [limit] */
export function searchStatements(text, limit) {
  STATEMENTS = STATEMENTS || statementIndex(KG.search, function (id) {
    var e = byEdge.get(id);
    return e ? e.sentence : null;
  });
  return matchStatements(STATEMENTS, text, limit);
}

export function init() {
  if (COMPACT && !KG.search) KG.search = COMPACT.searchIndex(norm); // level of detail: not in the page
}
