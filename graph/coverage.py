"""Coverage, for curators: how much of each sentence the statements quote, and what they miss.

For every sentence (``kg:Sentence`` with a ``kg:sentenceNumber``) :func:`coverage` reports

* the share of its words that lie inside the quote (``kg:quote``) of some statement derived
  from it (``prov:wasDerivedFrom``);
* the words no quote covers, in order;
* the known names it contains (labels and aliases, either language, of every entity) whose
  entity takes part in none of its statements (neither ``rdf:subject``, ``rdf:object`` nor
  ``prov:wasAttributedTo``): people and things the text names but the graph does not yet say
  anything about *from this sentence*;
* the quotes it could not place, because they are not verbatim in the sentence.

>>> import graph
>>> report = coverage(graph.load())
>>> report.sentences[7].number
8
>>> 0 <= report.share <= 1 and all(0 <= s.share <= 1 for s in report.sentences)
True
>>> report.covered <= report.words
True

Words are runs of letters and digits (any script; combining marks stay with their letter), so
"Hitler-Stalin-Pakts" is three words and "16." one. A word is covered when its whole span lies
within the span of one quote; quotes are placed by exact substring search, and a quote that
occurs several times in its sentence covers every occurrence (it does not say which one it
means). Names are matched as whole words, ignoring case and diacritics
(:func:`graph.lookup.normalise`), longest first: in "Josef Stalin" the name "Josef Stalin" is
found, not "Stalin" inside it. A name several entities share is reported only when none of them
takes part in the sentence's statements.

Everything goes through the graph's public API (``kg.statements``, ``kg.entities``,
``kg.query``), so it works on a SPARQL endpoint (:func:`graph.connect`) too.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .lookup import normalise
from .model import Entity
from .table import clip, line, table, widths

if TYPE_CHECKING:
    from .access import GraphAccess

__all__ = [
    "Coverage",
    "Mention",
    "NameMatcher",
    "SentenceCoverage",
    "Word",
    "coverage",
    "format_table",
    "quote_spans",
    "words",
]


@dataclass(frozen=True)
class Word:
    """A word of a sentence and its character span (``text[start:end]``)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Mention:
    """A known name found in a sentence, its span, and the entities (IRIs) it may denote."""

    name: str
    start: int
    end: int
    entities: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "start": self.start, "end": self.end,
                "entities": list(self.entities)}


@dataclass(frozen=True)
class SentenceCoverage:
    """How well the statements derived from one sentence cover it.

    ``words`` counts its words and ``covered`` those inside a quote; ``uncovered`` lists the
    others in text order. ``unmodelled`` holds the names of entities the sentence mentions but
    none of its statements involves; ``unplaced_quotes`` the quotes not found verbatim in it.
    """

    number: int
    iri: str
    text: str
    statements: int
    words: int
    covered: int
    uncovered: tuple[Word, ...] = ()
    unmodelled: tuple[Mention, ...] = ()
    unplaced_quotes: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        """Covered words / words, between 0 and 1 (1 for a sentence without words)."""
        return self.covered / self.words if self.words else 1.0

    @property
    def complete(self) -> bool:
        """True when every word lies inside some quote."""
        return self.covered == self.words

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number, "iri": self.iri, "text": self.text,
            "statements": self.statements, "words": self.words, "covered": self.covered,
            "share": self.share, "complete": self.complete,
            "uncovered": [w.to_dict() for w in self.uncovered],
            "unmodelled": [m.to_dict() for m in self.unmodelled],
            "unplaced_quotes": list(self.unplaced_quotes),
        }


@dataclass(frozen=True)
class Coverage:
    """Coverage of every sentence, in sentence order, with the overall figures."""

    sentences: list[SentenceCoverage] = field(default_factory=list)

    @property
    def words(self) -> int:
        """Words in all sentences."""
        return sum(s.words for s in self.sentences)

    @property
    def covered(self) -> int:
        """Words inside some quote, in all sentences."""
        return sum(s.covered for s in self.sentences)

    @property
    def share(self) -> float:
        """Share of all words covered, between 0 and 1 (1 when there are no words)."""
        return self.covered / self.words if self.words else 1.0

    @property
    def complete(self) -> int:
        """How many sentences are fully covered."""
        return sum(s.complete for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the overall figures and one entry per sentence."""
        return {
            "words": self.words, "covered": self.covered, "share": self.share,
            "sentences_complete": self.complete, "sentences_total": len(self.sentences),
            "sentences": [s.to_dict() for s in self.sentences],
        }


# ---------------------------------------------------------------------------- the text
def words(text: str) -> list[Word]:
    """The words of ``text``: runs of letters and digits, combining marks included.

    Parameters
    ----------
    text
        Any text, in any script.

    Returns
    -------
    list of Word
        Each word with its span, in text order.

    Examples
    --------
    >>> [w.text for w in words("Hitler-Stalin-Pakts am 16. Juli 1941, Łódź")]
    ['Hitler', 'Stalin', 'Pakts', 'am', '16', 'Juli', '1941', 'Łódź']
    >>> words("Jose\\u0301 Stalin")[0].end
    5
    """
    out: list[Word] = []
    start: int | None = None
    for i, char in enumerate(text):
        kind = unicodedata.category(char)[0]
        inside = kind in "LN" or (kind == "M" and start is not None)
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            out.append(Word(text[start:i], start, i))
            start = None
    if start is not None:
        out.append(Word(text[start:], start, len(text)))
    return out


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Every span where ``quote`` occurs in ``text``, overlapping occurrences too.

    Parameters
    ----------
    text
        The sentence.
    quote
        The words a statement quotes from it; an empty quote occurs nowhere.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each occurrence, so that ``text[start:end] == quote``.

    Examples
    --------
    >>> quote_spans("und er und sie", "und")
    [(0, 3), (7, 10)]
    >>> quote_spans("abc", "x"), quote_spans("abc", "")
    ([], [])
    """
    spans = []
    at = text.find(quote) if quote else -1
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return spans


class NameMatcher:
    """Every name (labels and aliases) of every entity, to find as whole words in a text.

    Names are compared as sequences of normalised words (:func:`graph.lookup.normalise`), so
    case, diacritics and punctuation between the words do not matter.

    Parameters
    ----------
    entities
        The entities whose names to look for, e.g. ``kg.entities.values()``.

    Examples
    --------
    >>> import graph
    >>> matcher = NameMatcher(graph.load().entities.values())
    >>> [(m.name, m.entities) for m in matcher.find("Damals traf JOSEF STALIN Trotzki.")]
    [('JOSEF STALIN', ('https://w3id.org/stalin-kg/person/Stalin',)), ('Trotzki', ('https://w3id.org/stalin-kg/person/Trotzki',))]
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for e in entities:
            for name in (e.label_de, e.label_en, *e.aliases):
                key = tuple(normalise(name).split())
                if key:
                    self.names[key].add(e.iri)
        self.lengths = sorted({len(k) for k in self.names}, reverse=True)

    def find(self, text: str) -> list[Mention]:
        """The names in ``text``, in text order.

        Only whole words match, and where names overlap the one of more words (then of more
        characters, then the earlier) wins: "Josef Stalin" rather than "Stalin" inside it.
        """
        ws = words(text)
        # a word may normalise to several pieces ("ﬁ" stays one, "½" becomes "1 2")
        pieces: list[tuple[str, int]] = [
            (p, i) for i, w in enumerate(ws) for p in normalise(w.text).split()
        ]
        found: list[tuple[int, int, int, int]] = []  # pieces, characters, first, last piece
        for first in range(len(pieces)):
            if first and pieces[first - 1][1] == pieces[first][1]:
                continue  # a name starts at the start of a word
            for n in self.lengths:
                last = first + n - 1
                if last >= len(pieces):
                    continue
                if last + 1 < len(pieces) and pieces[last + 1][1] == pieces[last][1]:
                    continue  # and ends at the end of one
                if tuple(p for p, _ in pieces[first:last + 1]) in self.names:
                    chars = ws[pieces[last][1]].end - ws[pieces[first][1]].start
                    found.append((n, chars, first, last))
        taken: set[int] = set()
        chosen = []
        for _n, _chars, first, last in sorted(found, key=lambda f: (-f[0], -f[1], f[2])):
            span = set(range(first, last + 1))
            if span & taken:
                continue
            taken |= span
            chosen.append((first, last))
        out = []
        for first, last in sorted(chosen):
            start, end = ws[pieces[first][1]].start, ws[pieces[last][1]].end
            key = tuple(p for p, _ in pieces[first:last + 1])
            out.append(Mention(text[start:end], start, end, tuple(sorted(self.names[key]))))
        return out


# ---------------------------------------------------------------------------- the report
def coverage(kg: GraphAccess) -> Coverage:
    """How well the statements derived from each sentence cover it (see the module's notes).

    Parameters
    ----------
    kg
        A local graph (:func:`graph.load`) or an endpoint (:func:`graph.connect`). Sentences
        are its ``kg:Sentence`` resources with a ``kg:sentenceNumber``; one without ``kg:text``
        has no words.

    Returns
    -------
    Coverage
        One :class:`SentenceCoverage` per sentence, in the order of their numbers, and the
        overall figures (``share`` of all words covered, ``complete`` sentences).

    Examples
    --------
    >>> import graph
    >>> report = coverage(graph.load())
    >>> [s.number for s in report.sentences][:3]
    [1, 2, 3]
    >>> s8 = report.sentences[7]
    >>> s8.statements > 0 and s8.covered == s8.words - len(s8.uncovered)
    True
    >>> 0 <= report.complete <= len(report.sentences)
    True
    """
    numbered = kg.sentences()  # those without a number (kg check reports them) are left out
    derived: dict[str, set[str]] = defaultdict(set)
    claimants: dict[str, set[str]] = defaultdict(set)
    for node, sen, who in kg.query(
        "SELECT ?st ?sen ?who WHERE { ?st a rdf:Statement ; prov:wasDerivedFrom ?sen ."
        " OPTIONAL { ?st prov:wasAttributedTo ?who } }"
    ).rows:
        derived[str(node)].add(str(sen))
        if who is not None:
            claimants[str(node)].add(str(who))
    by_sentence: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for st in kg.statements:
        involved = {st.subject, *claimants.get(st.iri, ())}
        if st.is_edge:
            involved.add(str(st.object))
        for source in derived.get(st.iri, ()):
            by_sentence[source].append((st.quote, involved))
    matcher = NameMatcher(kg.entities.values())
    report = [
        _sentence(s.iri, s.number, s.text or "", by_sentence.get(s.iri, []), matcher)
        for s in numbered if s.number is not None
    ]
    return Coverage(sorted(report, key=lambda s: (s.number, s.iri)))


def _sentence(
    iri: str, number: int, text: str, statements: list[tuple[str, set[str]]],
    matcher: NameMatcher,
) -> SentenceCoverage:
    spans: list[tuple[int, int]] = []
    unplaced: list[str] = []
    involved: set[str] = set()
    for quote, who in statements:
        involved |= who
        found = quote_spans(text, quote)
        spans += found
        if quote and not found:
            unplaced.append(quote)
    ws = words(text)
    uncovered = tuple(w for w in ws if not any(s <= w.start and w.end <= e for s, e in spans))
    unmodelled = tuple(m for m in matcher.find(text) if not involved.intersection(m.entities))
    return SentenceCoverage(
        number=number, iri=iri, text=text, statements=len(statements), words=len(ws),
        covered=len(ws) - len(uncovered), uncovered=uncovered, unmodelled=unmodelled,
        unplaced_quotes=tuple(dict.fromkeys(unplaced)),
    )


# ---------------------------------------------------------------------------- as text
def format_table(
    report: Coverage, *, curie: Callable[[str], str] | None = None, width: int = 60
) -> str:
    """The report as a fixed-width table: a row per sentence, a total, the unplaced quotes.

    Parameters
    ----------
    report
        What :func:`coverage` returned.
    curie
        Shortens an entity IRI (pass ``kg.curie``) to show which entity each name was matched
        to; without it only the names are shown.
    width
        Longest cell of unmodelled names and of uncovered words; longer ones end in "…".

    Returns
    -------
    str
        Columns ``sentence``, ``statements``, ``words``, ``covered``, ``share``,
        ``unmodelled names`` and ``uncovered words``, a line ``all`` with the totals, then one
        line per quote not found verbatim in its sentence.

    Examples
    --------
    >>> report = Coverage([SentenceCoverage(1, "s1", "Stalin traf Lenin.", 1, 3, 1,
    ...     (Word("traf", 7, 11), Word("Lenin", 12, 17)),
    ...     (Mention("Lenin", 12, 17, ("https://w3id.org/stalin-kg/person/Lenin",)),),
    ...     ("Stalin traf Trotzki",))])
    >>> print(format_table(report, curie=lambda iri: "person:" + iri.rsplit("/", 1)[-1]))
    sentence  statements  words  covered  share  unmodelled names      uncovered words
    --------  ----------  -----  -------  -----  --------------------  ---------------
    1         1           3      1        33%    Lenin (person:Lenin)  traf Lenin
    all       1           3      1        33%    0 of 1 sentences fully covered
    sentence 1: quote not found verbatim: „Stalin traf Trotzki“
    """
    head = ["sentence", "statements", "words", "covered", "share", "unmodelled names",
            "uncovered words"]
    rows = []
    for s in report.sentences:
        seen = dict.fromkeys(
            f"{m.name} ({', '.join(curie(e) for e in m.entities)})" if curie else m.name
            for m in s.unmodelled
        )
        rows.append([
            str(s.number), str(s.statements), str(s.words), str(s.covered), _percent(s.share),
            clip(", ".join(seen), width), clip(" ".join(w.text for w in s.uncovered), width),
        ])
    lines = table(head, rows)
    total = ["all", str(sum(s.statements for s in report.sentences)), str(report.words),
             str(report.covered), _percent(report.share)]
    lines.append(line(total, widths(head, rows), strip=False)
                 + f"  {report.complete} of {len(report.sentences)} sentences fully covered")
    lines += [f"sentence {s.number}: quote not found verbatim: „{q}“"
              for s in report.sentences for q in s.unplaced_quotes]
    return "\n".join(lines)


def _percent(share: float) -> str:
    """A share as a whole percentage, never rounded up to 100% or down to 0%.

    >>> _percent(1.0), _percent(0.999), _percent(0.334), _percent(0.001), _percent(0.0)
    ('100%', '99%', '33%', '1%', '0%')
    """
    value = round(share * 100)
    if value == 100 and share < 1:
        value = 99
    elif value == 0 and share > 0:
        value = 1
    return f"{value}%"
