/* The page's words in its language now (state.lang): t() over the catalogue in the page data
 * (words.js has the rule). */
import { KG } from "./page.js";
import { state } from "./state.js";
import { translate } from "./words.js";

/**
 * The words of `key` in the page's language, each {name} replaced by params[name].
 * @param {string} key @param {Record<string, unknown>} [params]
 */
export function t(key, params) {
  return translate(KG.messages, state.lang, key, params);
}
