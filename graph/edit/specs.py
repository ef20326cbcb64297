"""What a curator says when making a statement, an entity or a relation, before it is written.

>>> quote_at("Stalin wehrte sich zwar gegen dieses Vorgehen.", 0, 19)
'Stalin wehrte sich '
>>> mint_local("Stählerne Brigade"), mint_local("ZK der KPdSU"), mint_local("Anton Antonow-Owsejenko")
('StaehlerneBrigade', 'ZKDerKPdSU', 'AntonAntonowOwsejenko')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Literal

from graph.errors import InputError
from graph.messages import message
from graph.model import BASES, INFERRED_PARTS, KINDS

__all__ = ["EntitySpec", "RelationSpec", "StatementSpec", "mint_local", "quote_at"]

_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def quote_at(sentence: str, start: int, end: int) -> str:
    """The words of ``sentence`` from character ``start`` to ``end``: a quote that is verbatim
    by construction. Offsets outside the sentence, or an empty or blank selection, are an
    :class:`~graph.errors.InputError`."""
    if not 0 <= start < end <= len(sentence) or not sentence[start:end].strip():
        raise InputError(message("edit.badSelection", start=start, end=end, length=len(sentence)))
    return sentence[start:end]


def mint_local(label: str) -> str:
    """A local name for an IRI from a label: umlauts spelled out, accents dropped, words
    capitalised and joined, nothing but ASCII letters and digits."""
    text = "".join(_UMLAUTS.get(ch, ch) for ch in label)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    return "".join(w[0].upper() + w[1:] for w in words) or "Entity"


@dataclass(frozen=True)
class StatementSpec:
    """A statement to write: IRIs of its ends and relation, its sentence, its quotes (verbatim
    substrings of the sentence), basis, note, dates (literals of :data:`graph.model.DATE_TYPES`)
    and order links (IRIs of statements or entities)."""

    subject: str
    relation: str
    object: str | Literal
    sentence: str
    quotes: tuple[str, ...]
    basis: str = "stated"
    inferred_part: str | None = None
    claimant: str | None = None
    note: str | None = None
    note_lang: str = "en"
    at: Literal | None = None
    start: Literal | None = None
    end: Literal | None = None
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    because: tuple[str, ...] = ()
    #: further sentences it cites (of other sources, say), kept as they are by an edit
    also_from: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise InputError(message("edit.badBasis", basis=self.basis, bases=", ".join(BASES)))
        if self.inferred_part is not None and self.inferred_part not in INFERRED_PARTS:
            raise InputError(message("edit.badPart", part=self.inferred_part,
                                     parts=", ".join(INFERRED_PARTS)))
        if not self.quotes or not all(q.strip() for q in self.quotes):
            raise InputError(message("edit.noQuote"))


@dataclass(frozen=True)
class EntitySpec:
    """An entity to create: its kind (``Person`` ... ``Document``), German and English labels,
    aliases as (text, language) pairs, and optional descriptions."""

    kind: str
    label_de: str
    label_en: str
    aliases: tuple[tuple[str, str], ...] = ()
    description_de: str | None = None
    description_en: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS.values():
            raise InputError(message("edit.badKind", kind=self.kind,
                                     kinds=", ".join(KINDS.values())))
        if not self.label_de.strip() or not self.label_en.strip():
            raise InputError(message("edit.needLabels"))


@dataclass(frozen=True)
class RelationSpec:
    """A relation to declare in the vocabulary: its local name (``friendOf``), labels, inverse
    labels, definition, domain and range (class local names: ``Person``, ``Agent`` ...)."""

    name: str
    label_de: str
    label_en: str
    inverse_de: str = ""
    inverse_en: str = ""
    definition: str = ""
    domain: str = "Agent"
    range: str = "Agent"
    symmetric: bool = False
    aliases: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][A-Za-z0-9]*", self.name):
            raise InputError(message("edit.badRelationName", name=repr(self.name)))
        if not self.label_de.strip() or not self.label_en.strip():
            raise InputError(message("edit.needLabels"))
        if not self.definition.strip():
            raise InputError(message("edit.needDefinition"))
