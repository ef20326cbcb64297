/** The name rule of graph/names.py, without the DOM: the page's search box and the Node tests
 * (test/search.test.js runs tests/fixtures/search_cases.json) use it, and
 * tests/test_search_rule.py holds the page to Python's answers in Chromium. norm() is
 * graph.names.normalise; tolerance(), wordsMiss() and nameRank() its functions of those
 * names; searchEntities() its search().
 *
 * @typedef {{key: string, words: string[]}} Name
 * @typedef {{id: string, names: Name[]}} Entry
 * @typedef {{statements: {id: string, quote: string[], sentence: string | null}[], sentences: Map<string, string[]>}} StatementIndex
 */

/** The entities' index from the page data's search.entities ([id, [normalised names]]).
 * @param {[string, string[]][]} entities @returns {Entry[]} */
export function entityIndex(entities) {
  return entities.map(function (item) { return { id: item[0], names: item[1].map(keyed) }; });
}

/** The statements' index: each quote's words and its sentence's.
 * @param {import("./page-types").PageSearch} search
 * @param {(id: string) => (number | null | undefined)} sentenceOf the sentence number of a statement
 * @returns {StatementIndex} */
export function statementIndex(search, sentenceOf) {
  return {
    sentences: new Map(Object.keys(search.sentences).map(function (k) { return [k, keyed(search.sentences[k]).words]; })),
    statements: search.statements.map(function (item) {
      var n = sentenceOf(item[0]);
      return { id: item[0], quote: keyed(item[1]).words, sentence: n === null || n === undefined ? null : String(n) };
    }),
  };
}

/* Accents dropped (NFKD), lower case, ß as ss, every run of characters that are neither
 * letters nor digits one space. */
export function norm(text) {
  return String(text).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(/ß/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** A normalised name and its words. @param {string} key @returns {Name} */
export function keyed(key) { return { key: key, words: key ? key.split(" ") : [] }; }

/* How many typing mistakes a word of this length may have and still match: none below 4
 * letters, one up to 7, two from 8. */
export function tolerance(word) {
  return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
}

/* The edit distance of two words (insertions, deletions, substitutions and swaps of two
 * neighbouring letters), or max + 1 once it is sure to exceed max. */
export function editDistance(a, b, max) {
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
export function wordsMiss(query, words) {
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
export function nameRank(q, qw, name) {
  if (name.key === q) return 0;
  if (name.key.startsWith(q)) return 1;
  if (qw.every(function (w) { return name.words.some(function (x) { return x.startsWith(w); }); })) return 2;
  if (name.key.indexOf(q) >= 0) return 3;
  var miss = wordsMiss(qw, name.words);
  return miss > 0 ? 3 + miss : -1;
}

export function byRank(a, b) {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}

/* Entities whose names match `text`, best first: by the rank of their best name
 * (nameRank), then that name's length (the closest fit), then IRI. */
/** @param {Entry[]} index @param {string} text @param {number} [limit] */
export function searchEntities(index, text, limit) {
  var q = norm(text);
  if (!q) return [];
  var qw = q.split(" ");
  var hits = [];
  index.forEach(function (item) {
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

/* Relations whose quoted words, or else whose sentence, hold every word of `text` (a word
 * prefix or a near miss; words of 3 letters or more), best first: quote before sentence,
 * fewest mistakes, then in the text's order. */
/** @param {StatementIndex} index @param {string} text @param {number} [limit] */
export function matchStatements(index, text, limit) {
  var qw = norm(text).split(" ").filter(function (w) { return w.length >= 3; });
  if (!qw.length) return [];
  var hits = [];
  index.statements.forEach(function (item, order) {
    var miss = wordsMiss(qw, item.quote);
    var rank = miss >= 0 ? miss : -1;
    if (rank < 0 && item.sentence !== null) {
      miss = wordsMiss(qw, index.sentences.get(item.sentence) || []);
      if (miss >= 0) rank = 100 + miss;
    }
    if (rank >= 0) hits.push([rank, order, "", item.id]);
  });
  hits.sort(byRank);
  return hits.slice(0, limit || 6).map(function (h) { return h[3]; });
}

