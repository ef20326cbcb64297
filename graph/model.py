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

from rdflib import URIRef

from .namespaces import KG

__all__ = ["KINDS", "Entity", "PartialDate", "Relation", "Span", "Statement", "parse_date"]

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

_DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (``xsd:gYear``, ``gYearMonth``, ``date``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def parse_date(value: Any) -> PartialDate | None:
    """Read the lexical form of an xsd:date/gYearMonth/gYear (or dateTime); None if it is none."""
    if value is None:
        return None
    m = _DATE.match(str(value))
    if not m:
        return None
    year, month, day = m.groups()
    return PartialDate(int(year), int(month) if month else None, int(day) if day else None)


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

    def holds_in(self, year: int) -> bool:
        """Whether the statement holds in ``year``; undated statements always hold."""
        if not self.dated:
            return True
        if self.point and not (self.start or self.end):
            return self.point.year == year
        low = (self.start or self.point or self.end).year  # type: ignore[union-attr]
        high = self.end.year if self.end else None
        return low <= year and (high is None or year <= high)

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

    def label(self, lang: str = "en") -> str:
        return self.label_de if lang == "de" else self.label_en


@dataclass(frozen=True)
class Statement:
    """One fact with its evidence: the direct edge it backs, its dates, sentence and quote."""

    iri: str
    subject: str
    relation: str
    object: Any  # an rdflib URIRef for edges, a Literal for dated facts
    span: Span
    sentence: int | None
    quote: str
    note: str | None = None
    sentence_text: str | None = None

    @property
    def relation_name(self) -> str:
        """The relation's local name (``exiledWith``)."""
        return self.relation.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    @property
    def is_edge(self) -> bool:
        """True when the object is an entity (an IRI), not a literal such as a date."""
        return isinstance(self.object, URIRef)
