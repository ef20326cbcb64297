"""Names as every surface compares them: one normaliser and one search rule.

The Python API (:meth:`~graph.kg.KnowledgeGraph.search`, :meth:`~graph.kg.KnowledgeGraph.find`),
the CLI, HTTP (``/query/names``) and the viewer's search box all follow this module. The page
cannot run Python: ``viz/frontend/src/rule.js`` implements the same rule in functions of the same
names (``norm``, ``tolerance``, ``wordsMiss``, ``nameRank``, ``searchEntities``), and
``tests/fixtures/search_cases.json`` holds every surface to the same answers
(``tests/test_search_rule.py``, and ``npm test`` in ``viz/frontend``).

**The normaliser** (:func:`normalise`): accents and umlauts dropped (Unicode NFKD, marks removed:
ä→a, é→e), lower case, ``ß`` as ``ss``, every run of characters that are neither letters nor
digits one space. Spellings that differ by a letter or two more (``Trotski`` for ``Trotzki``,
``Staehlerne`` for ``Stählerne``) meet through the typo tolerance below; German and English
names further apart (``Sinowjew``, ``Zinoviev``) are separate labels and aliases of the entity.

**The rule** (:func:`rank`): a name matches a query, both normalised, with the first rank that
applies:

====  ====================================================================================
rank  when
====  ====================================================================================
0     the name is the query
1     the name starts with the query
2     every word of the query starts a word of the name (in any order)
3     the name holds the query
3+k   every word of the query is within its :func:`tolerance` of a word of the name (or
      starts one), ``k`` > 0 typing mistakes in all: the optimal string alignment distance
      (insertions, deletions, substitutions, swaps of two neighbours; ``rapidfuzz.distance.OSA``)
====  ====================================================================================

An entity ranks by its best name; entities are ordered by that rank, then by the length of that
best name (the closest fit first), then by IRI: deterministic, and the same on every surface.
:meth:`~graph.kg.KnowledgeGraph.find` takes an entity only from ranks 0 to 2
(:data:`graph.lookup.RESOLVING_RANK`); the others are what it suggests when it refuses.

>>> normalise("Generalsekretär"), normalise("Straße"), normalise("J.W.Stalin")
('generalsekretar', 'strasse', 'j w stalin')
>>> rank("trotski", "leo trotzki"), rank("trotz", "leo trotzki"), rank("leo", "leo trotzki")
(4, 2, 1)
>>> search("Trotski", {"person/Trotzki": ["trotzki", "leon trotsky"], "person/Stalin": ["stalin"]})
['person/Trotzki']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["Index", "close", "normalise", "rank", "search", "tolerance", "words_miss"]

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """``text`` as names are compared: accents dropped (NFKD), lower case, ``ß`` as ``ss``,
    every run of characters that are neither letters nor digits one space.

    >>> normalise("Sinowjew, Grigori J."), normalise("STAHLERNE Brigade"), normalise("Stählerne")
    ('sinowjew grigori j', 'stahlerne brigade', 'stahlerne')
    >>> normalise("  Jalta-Konferenz! "), normalise("Bucharin") == normalise("BUCHARIN")
    ('jalta konferenz', True)
    """
    if not text.isascii():  # (ASCII has no accents: the common case, kept fast)
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.category(c).startswith("M"))
    # (a letter or a digit, categories L and N, is exactly what str.isalnum() admits; \w adds _)
    return _NOT_LETTER_OR_DIGIT.sub(" ", text.lower().replace("ß", "ss")).strip()


def tolerance(word: str) -> int:
    """How many typing mistakes a query word of this length may have and still match: none
    below 4 letters, one up to 7, two from 8.

    >>> [tolerance(w) for w in ("zk", "lenin", "trotzki", "sinowjew")]
    [0, 1, 1, 2]
    """
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def words_miss(query: Sequence[str], words: Sequence[str]) -> int | None:
    """How far the words of a query are from a name's words: 0 when each starts one of them,
    else the sum of each query word's least distance to one of them, where each is within its
    :func:`tolerance`; None when some query word matches none.

    >>> words_miss(["trotski"], ["leo", "trotzki"]), words_miss(["trotz"], ["trotzki"])
    (1, 0)
    >>> words_miss(["zk"], ["zx"]) is None
    True
    """
    from rapidfuzz.distance import OSA  # here, not at start-up: most commands search nothing

    total = 0
    for q in query:
        most = tolerance(q)
        best = most + 1
        for w in words:
            if w.startswith(q):
                best = 0
                break
            if most:
                best = min(best, OSA.distance(q, w, score_cutoff=most))
        if best > most:
            return None
        total += best
    return total


def rank(query: str, name: str) -> int | None:
    """How well ``name`` matches ``query`` (both :func:`normalise`-d) by the rule of this
    module: 0 is best; None when it does not match.

    >>> rank("stalin", "stalin"), rank("stal", "stalin s helpers"), rank("helpers stalin", "stalin s helpers")
    (0, 1, 2)
    >>> rank("alin", "stalin"), rank("zinovyev", "grigory zinoviev"), rank("xyz", "stalin")
    (3, 4, None)
    """
    if not query:
        return None
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    words = name.split()
    query_words = query.split()
    if all(any(w.startswith(q) for w in words) for q in query_words):
        return 2
    if query in name:
        return 3
    miss = words_miss(query_words, words)
    return None if miss is None else 3 + miss  # (miss is not 0 here: that is rank 2)


def search(text: str, names: Mapping[str, Iterable[str]],
           limit: int | None = 10) -> list[str]:
    """The keys of ``names`` (an id, such as an IRI, and its :func:`normalise`-d names) whose
    names match ``text``, best first (the module's rule), at most ``limit`` (None: all).
    (:class:`Index` prepares ``names`` once for many searches.)

    >>> index = {"a": ["kamenew", "lev kamenev"], "b": ["kamenew affare"], "c": ["stalin"]}
    >>> search("Kamenjew", index), search("kamenew", index), search("", index)
    (['a', 'b'], ['a', 'b'], [])
    """
    return Index(names).search(text, limit)


class Index:
    """Names prepared for :func:`search`: the same answers as ranking every name with
    :func:`rank`, found faster. Each query word's near words are looked up once among all
    the words (``rapidfuzz.process``), and only the names holding them, or holding the
    query, are ranked.

    >>> Index({"person/Trotzki": ["trotzki", "leon trotsky"]}).search("Trotski")
    ['person/Trotzki']
    """

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        #: every (id, name) pair
        self.pairs = [(key, name) for key, keys in names.items() for name in dict.fromkeys(keys)]
        #: the pairs whose name holds a word, by word
        self.holding: dict[str, list[tuple[str, str]]] = {}
        for pair in self.pairs:
            for word in set(pair[1].split()):
                self.holding.setdefault(word, []).append(pair)

    def search(self, text: str, limit: int | None = 10) -> list[str]:
        """The ids whose names match ``text``, best first (see :func:`search`)."""
        return [key for key, _ in self.ranked(text, limit)]

    def ranked(self, text: str, limit: int | None = None) -> list[tuple[str, int]]:
        """:meth:`search`, each id with the :func:`rank` of its best name.

        >>> Index({"a": ["leo trotzki"], "b": ["trotzkismus"]}).ranked("trotz")
        [('b', 1), ('a', 2)]
        """
        query = normalise(text)
        if not query:
            return []
        near = [self._near(q) for q in query.split()]
        candidates = {pair for pair in self.pairs if query in pair[1]}
        first = near[0]
        candidates.update(pair for word in first for pair in self.holding[word])
        best: dict[str, tuple[int, int]] = {}
        for key, name in candidates:
            r = _rank(query, near, name)
            if r is not None and (r, len(name)) < best.get(key, (r + 1, 0)):
                best[key] = (r, len(name))
        return [(key, r) for (r, _), key in sorted((v, k) for k, v in best.items())[:limit]]

    def _near(self, query_word: str) -> dict[str, int]:
        """The words that ``query_word`` matches, with their misses: 0 for a word it starts,
        else the distance within its :func:`tolerance` (as :func:`words_miss`)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        most = tolerance(query_word)
        found = {w: 0 for w in self.holding if w.startswith(query_word)}
        if most:
            for word, distance, _ in process.extract(query_word, self.holding.keys(),
                                                     scorer=OSA.distance, score_cutoff=most,
                                                     limit=None):
                found.setdefault(word, int(distance))
        return found


def _rank(query: str, near: list[dict[str, int]], name: str) -> int | None:
    """:func:`rank` of ``name``, given each query word's near words (:meth:`Index._near`)."""
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    words = name.split()
    total: int | None = 0
    for found in near:
        misses = [found[w] for w in words if w in found]
        if not misses:
            total = None
            break
        total = (total or 0) + min(misses)
    if total == 0:
        return 2
    if query in name:
        return 3
    return None if total is None else 3 + total


def close(name: str, names: Iterable[str], n: int = 5) -> list[str]:
    """The ``n`` identifiers most like ``name`` (difflib's ratio of at least 0.5): the
    suggestions for a mistyped prefix or relation name, which are identifiers, not names.

    >>> close("persn", ["person", "place", "rel"])
    ['person']
    """
    import difflib  # here: most commands never suggest a name

    return difflib.get_close_matches(name, list(names), n=n, cutoff=0.5)
