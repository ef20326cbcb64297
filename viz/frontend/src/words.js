/* The page's words, without the DOM: the one message catalogue of the project
 * (graph/locales/*.json, keys "page.*", which viz/data.py puts into the page data as
 * messages: {lang: {key: text}}) and the rule of graph.messages.message for filling in
 * {name} placeholders. The Node test test/messages.test.js holds it to the catalogue. */

/**
 * The words of `key` in `lang` (English when that language lacks it, the key when both do),
 * each {name} replaced by params[name].
 * @param {Record<string, Record<string, string>>} words @param {string} lang
 * @param {string} key @param {Record<string, unknown>} [params]
 */
export function translate(words, lang, key, params) {
  var mine = words[lang] || words.en;
  var text = key in mine ? mine[key] : words.en[key] || key;
  return params ? fill(text, params) : text;
}

/** A text with each {name} replaced by values[name]: the rule of graph.messages.message.
 * @param {string} template @param {Record<string, unknown>} values */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
}

/**
 * fill() for the page: the parts of the template, with each {key} replaced by values[key]
 * (a string or an element), for el()'s children.
 * @template T
 * @param {string} template @param {Record<string, T>} values @returns {(string | T)[]}
 */
export function fillParts(template, values) {
  return template.split(/(\{\w+\})/).filter(Boolean).map(function (part) {
    var m = /^\{(\w+)\}$/.exec(part);
    return m && m[1] in values ? values[m[1]] : part;
  });
}
