"""The Python view of the graph's records: entities, statements, and their dates.

>>> parse_date("1911-09")
PartialDate(year=1911, month=9, day=None)
>>> str(parse_date("1919-10-20"))
'1919-10-20'
>>> Span(parse_date("1941"), parse_date("1945"), None).holds_in(1943)
True
>>> Span(None, None, parse_date("1927")).holds_in(1928)
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from .namespaces import KG, XSD
from .terms import local_name

__all__ = [
    "BASES", "DATE_TYPES", "EDTF", "INFERRED_PARTS", "KINDS", "Entity", "PartialDate", "Relation",
    "Sentence", "Span",
    "Statement", "date_order", "parse_date",
]

#: The entity classes, in the order the viewer's legend and ``kg stats`` list them.
KINDS: dict[str, str] = {
    str(KG.Person): "Person",
    str(KG.Group): "Group",
    str(KG.Organisation): "Organisation",
    str(KG.State): "State",
    str(KG.Place): "Place",
    str(KG.Event): "Event",
    str(KG.Position): "Position",
    str(KG.Document): "Document",
}

#: The datatypes of the model's dates, by the length of what they know: a day (``xsd:date``,
#: "1941-06-22"), a month (``xsd:gYearMonth``, "1936-09") or a year (``xsd:gYear``, "1924").
#: A date is a literal of one of them, whose lexical form fits it, and nothing else: not a
#: string, not an ``xsd:dateTime`` (a time of day is more than a source of this kind says; write
#: the day). ``data/shapes.ttl`` (``kgsh:TypedDate``) says the same to ``kg check``.
#: Where a source is vaguer than a year or more precise than a year but less than a month
#: ("Anfang 1924", "Ende 1927", "um 1924"), the date is an EDTF literal (:data:`EDTF`, the Library
#: of Congress datatype): a year or a month, or a year with a season or sub-year grouping
#: (``-21`` .. ``-41``: spring .. winter, quarters, quadrimesters, halves; "1924-33" is the first
#: quarter of 1924), optionally qualified ``~`` (approximate), ``?`` (uncertain) or ``%`` (both);
#: a day is an ``xsd:date``. What it knows for "does it hold in year Y" is its year (and month).
DATE_TYPES: tuple[str, ...] = (str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear),
                               "http://id.loc.gov/datatypes/edtf/EDTF")
#: The EDTF datatype (Extended Date/Time Format, ISO 8601-2), for uncertain and approximate dates.
EDTF = DATE_TYPES[3]
# the part of EDTF this project writes: YYYY, YYYY-MM, YYYY-SS (21-41), and a qualifier
_EDTF = re.compile(r"(\d{4})(?:-(\d{2}))?([~?%]?)")

# a year of four digits or more (no leading zero beyond four), a month, a day, a time zone
_DATE = re.compile(r"(-?(?:[1-9]\d{4,}|\d{4}))(?:-(\d{2})(?:-(\d{2}))?)?(?:Z|[+-]\d{2}:\d{2})?")
_PARTS = {str(XSD.date): 3, str(XSD.gYearMonth): 2, str(XSD.gYear): 1}

@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (``xsd:gYear``, ``gYearMonth``, ``date``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{'-' if self.year < 0 else ''}{abs(self.year):04d}"  # XSD: "-0044"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def parse_date(value: Any) -> PartialDate | None:
    """The date ``value`` writes, by the one date rule (:data:`DATE_TYPES`); None if it is none.

    ``value`` is a literal (rdflib's or pyoxigraph's: typed with one of :data:`DATE_TYPES`, its
    lexical form fitting that type) or a lexical form of one of them (``str``). The month must
    be 1 to 12 and the day a day of that month (proleptic Gregorian calendar); a time zone is
    allowed and ignored. Everything else is None: an ``xsd:dateTime``, a string, a
    language-tagged literal, "1927-13-45", "1941-02-30".

    >>> parse_date("1941-06-22"), parse_date("1936-09"), parse_date("1924")
    (PartialDate(year=1941, month=6, day=22), PartialDate(year=1936, month=9, day=None), PartialDate(year=1924, month=None, day=None))
    >>> from rdflib.namespace import XSD
    >>> parse_date(Literal("1953-03-05", datatype=XSD.date)), parse_date(Literal("1953-03", datatype=XSD.date))
    (PartialDate(year=1953, month=3, day=5), None)
    >>> parse_date(Literal("1941-06-22T04:00:00", datatype=XSD.dateTime)), parse_date("1941-06-22T04:00:00")
    (None, None)
    >>> parse_date(Literal("1941")), parse_date("1927-13-45"), parse_date("1900-02-29"), parse_date(None)
    (None, None, None, None)
    """
    if value is None:
        return None
    literal = True
    if isinstance(value, Literal):  # rdflib: str() is the lexical form
        datatype: Any = value.datatype
        text = str(value)
    elif hasattr(value, "datatype") and isinstance(getattr(value, "value", None), str):
        datatype, text = value.datatype, value.value  # pyoxigraph: .value is the lexical form
    else:  # a lexical form alone: its shape says which type it is
        literal, datatype, text = False, None, str(value)
    if literal and getattr(datatype, "value", str(datatype)) == EDTF:
        return _edtf_date(text)
    m = _DATE.fullmatch(text)
    if m is None:
        return None
    year, month, day = m.groups()
    known = 1 + (month is not None) + (day is not None)
    if literal and (datatype is None
                    or _PARTS.get(getattr(datatype, "value", str(datatype))) != known):
        return None  # a string, a tagged literal, another type, or a form that does not fit it
    date = PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    if date.month is not None and not 1 <= date.month <= 12:
        return None
    if date.day is not None and not 1 <= date.day <= _days_in(date.year, date.month or 1):
        return None
    return date


def date_order(value: Any) -> tuple[int, int, int, int]:
    """A sort key for dated values: earliest first by :func:`parse_date` (a year before its
    months, a month before its days), values that are no date last. The one order of an
    entity's dated facts (``kg show``, the viewer's panel).

    >>> sorted(["1938-12", "1936-09", "undatiert", "1936"], key=date_order)
    ['1936', '1936-09', '1938-12', 'undatiert']
    """
    date = parse_date(value)
    if date is None:
        return (1, 0, 0, 0)
    return (0, date.year, date.month or 0, date.day or 0)


def _edtf_date(text: str) -> PartialDate | None:
    """What an EDTF lexical form (:data:`EDTF`) knows: its year and month; a season or sub-year
    grouping is known to the year; None if it is not of the part of EDTF the model takes.

    >>> _edtf_date("1924-33"), _edtf_date("1927-12~"), _edtf_date("1924?")
    (PartialDate(year=1924, month=None, day=None), PartialDate(year=1927, month=12, day=None), PartialDate(year=1924, month=None, day=None))
    >>> _edtf_date("1924-42"), _edtf_date("1941-06-22"), _edtf_date("1924-13"), _edtf_date("Anfang 1924")
    (None, None, None, None)
    """
    m = _EDTF.fullmatch(text)
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if month is not None and 21 <= month <= 41:
        return PartialDate(year)
    if month is not None and not 1 <= month <= 12:
        return None
    return PartialDate(year, month)


def _days_in(year: int, month: int) -> int:
    """The days of a month in the proleptic Gregorian calendar (XSD's; year 0 is 1 BCE, a leap
    year)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True)
class Span:
    """When a statement holds: a start and end, or a single point in time, or nothing known."""

    start: PartialDate | None = None
    end: PartialDate | None = None
    point: PartialDate | None = None

    @property
    def dated(self) -> bool:
        return any((self.start, self.end, self.point))

    def first(self) -> PartialDate | None:
        """The earliest date the span mentions, for ordering a timeline."""
        return self.start or self.point or self.end

    def years(self) -> tuple[int, int | None] | None:
        """The first and last year the span holds in (last None: it has no end), or None
        when it is undated. This is the one rule of "does it hold in year Y": a point alone
        holds in its year; otherwise the span runs from its start (or point, or end) to its end.

        >>> Span(parse_date("1941-06-22"), parse_date("1945"), None).years()
        (1941, 1945)
        >>> Span(None, None, parse_date("1927-11")).years(), Span(parse_date("1917")).years()
        ((1927, 1927), (1917, None))
        >>> Span().years() is None
        True
        """
        if not self.dated:
            return None
        if self.point and not (self.start or self.end):
            return (self.point.year, self.point.year)
        low = (self.start or self.point or self.end).year  # type: ignore[union-attr]
        return (low, self.end.year if self.end else None)

    def holds_in(self, year: int) -> bool:
        """Whether the statement holds in ``year`` (within :meth:`years`); undated ones always do.

        >>> Span(parse_date("1917")).holds_in(1953), Span(None, parse_date("1920")).holds_in(1919)
        (True, False)
        """
        years = self.years()
        if years is None:
            return True
        first, last = years
        return first <= year and (last is None or year <= last)

    def ended_by(self, date: PartialDate | None) -> Span:
        """This span, or, when it has a start and no end, the span from its start to ``date``
        (a subject's death ends what it began).

        >>> Span(parse_date("1941")).ended_by(parse_date("1953-03-05")).years()
        (1941, 1953)
        >>> Span(None, None, parse_date("1927")).ended_by(parse_date("1953")).years()
        (1927, 1927)
        """
        if date is None or not self.start or self.end:
            return self
        return Span(self.start, date, self.point)

    def __str__(self) -> str:
        if self.point and not (self.start or self.end):
            return str(self.point)
        if not self.dated:
            return "undated"
        return f"{self.start or '…'}–{self.end or '…'}"


@dataclass(frozen=True)
class Entity:
    """A node of the graph with its names.

    ``aliases`` are the ``skos:altLabel`` values of both languages; ``facts`` hold the dated
    facts about the entity itself (``dateOfDeath``, ``startDate`` ...), by relation name.
    """

    iri: str
    kind: str
    label_de: str
    label_en: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    description_de: str | None = None
    description_en: str | None = None
    facts: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``de`` or ``en``), falling back to the other."""
        return (self.label_de or self.label_en) if lang == "de" else (self.label_en or self.label_de)


@dataclass(frozen=True)
class Relation:
    """A relation of the vocabulary: its IRI, labels, definition and symmetry."""

    iri: str
    name: str
    label_de: str
    label_en: str
    comment: str = ""
    symmetric: bool = False
    datatype: bool = False
    inverse_de: str = ""
    inverse_en: str = ""

    def label(self, lang: str = "en") -> str:
        return self.label_de if lang == "de" else self.label_en

    def inverse_label(self, lang: str = "en") -> str:
        """The relation read from its object's side (``kg:inverseLabel``): "was defeated by"
        for "prevailed over"; a symmetric relation reads the same both ways.

        >>> r = Relation("x", "prevailedOver", "setzte sich durch gegen", "prevailed over",
        ...              inverse_de="unterlag", inverse_en="was defeated by")
        >>> r.inverse_label(), r.inverse_label("de")
        ('was defeated by', 'unterlag')
        """
        given = self.inverse_de if lang == "de" else self.inverse_en
        if given:
            return given
        if self.symmetric:
            return self.label(lang)
        return f"{self.label(lang)} (reversed)"


#: How the text supports a statement (``kg:basis``): the quoted words make the claim; the
#: curator resolved something they leave open (``inferred_part``: the ``"relation"`` itself or
#: only its ``"date"``); or the text attributes or hedges it (``claimant``: who, where it says).
BASES = ("stated", "inferred", "reported")
#: What of an inferred statement the curator resolved (``kg:inferredPart``).
INFERRED_PARTS = ("relation", "date")


@dataclass(frozen=True)
class Statement:
    """One fact with its evidence: the direct edge it backs, its dates, sentence and quote, and
    its basis: ``"stated"``, ``"inferred"`` or ``"reported"`` (see :data:`BASES`)."""

    iri: str
    subject: str
    relation: str
    object: Any  # an rdflib URIRef for edges, a Literal for dated facts
    span: Span
    sentence: int | None
    quote: str
    note: str | None = None
    sentence_text: str | None = None
    basis: str = "stated"
    inferred_part: str | None = None
    claimant: str | None = None
    #: The IRI of the cited sentence (its number alone is unique only within its source; the
    #: source is :meth:`graph.KnowledgeGraph.source_of` this IRI).
    sentence_iri: str | None = None
    #: Every sentence the statement cites, when it cites more than one (of one source or of
    #: several: each kg:quote is verbatim in one of them), in IRI order; else empty.
    cited_sentences: tuple[str, ...] = ()

    @property
    def stated(self) -> bool:
        """True when the quoted words themselves make the claim (``kg:Stated``)."""
        return self.basis == "stated"

    @property
    def relation_name(self) -> str:
        """The relation's local name (``exiledWith``)."""
        return local_name(self.relation)

    @property
    def is_edge(self) -> bool:
        """True when the object is an entity (an IRI), not a literal such as a date."""
        return isinstance(self.object, URIRef)


@dataclass(frozen=True)
class Sentence:
    """A source sentence (``kg:Sentence``): its IRI, number (``kg:sentenceNumber``; None when it
    has none, or none that is an integer), text (``kg:text``) and the document it is part of
    (``dcterms:isPartOf``), each None when the graph does not say.
    :meth:`graph.KnowledgeGraph.sentences` reads them all.

    >>> Sentence("https://w3id.org/stalin-kg/sentence/08", 8, "…", None).number
    8
    """

    iri: str
    number: int | None
    text: str | None
    source: str | None
