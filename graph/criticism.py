"""Source criticism, the editorial layer: where the literature says the source is wrong or
disputes it, read from the graph (``data/criticism.ttl``; the terms in ``data/vocab.ttl``).

A :class:`Criticism` stands beside the source's claim: the sentence and the words of the source
it is about, the statements that record the claim (never changed by it), what the literature
says instead, and the works that say so (:class:`Reference`). It is no statement of the graph:
no edge, not counted by coverage. Read it through :attr:`graph.access.GraphAccess.criticisms`.

>>> import graph
>>> kg = graph.load()
>>> first = kg.criticisms[0]
>>> first.sentence, first.words, first.verdict
(6, 'am 20. Oktober 1919 verlassen', 'wrong')
>>> [ref.short() for ref in first.references]
['Kotkin 2014', 'Service 2004']
>>> [c.sentence for c in about(kg.criticisms, ["https://w3id.org/stalin-kg/statement/s06-stalin-left-zarizyn"])]
[6]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .namespaces import OA

if TYPE_CHECKING:
    from .backends import Backend

__all__ = ["VERDICTS", "Criticism", "Reference", "about", "read"]

#: What a criticism says of the source, by its ``oa:motivatedBy``: ``wrong`` (``oa:assessing``,
#: the literature says the source is wrong) or ``disputed`` (``oa:questioning``).
VERDICTS: dict[str, str] = {str(OA.assessing): "wrong", str(OA.questioning): "disputed"}


@dataclass(frozen=True)
class Reference:
    """A work of the literature a criticism cites (``kg:Reference``): its authors, title and
    year, and where known its publisher, the collection it is part of, its pages and URL."""

    iri: str
    creators: tuple[str, ...]
    title: str
    year: str
    publisher: str | None = None
    part_of: str | None = None
    pages: str | None = None
    url: str | None = None

    def short(self) -> str:
        """Author (surname) and year: ``Kotkin 2014``."""
        names = [c.split(",")[0].strip() for c in self.creators] or ["?"]
        return f"{' / '.join(names)} {self.year}"

    @property
    def link(self) -> str | None:
        """``url`` when it is an absolute http(s) URL a page may link to, else None.

        >>> Reference("r", (), "t", "2000", url="javascript:alert(1)").link is None
        True
        """
        url = self.url or ""
        ok = url.startswith(("https://", "http://")) and not any(
            c.isspace() or ord(c) < 32 or c in "<>\"'`" for c in url)
        return url if ok else None

    def citation(self, *, url: bool = True) -> str:
        """The full reference, as a bibliography writes it (without its URL: ``url=False``).

        >>> Reference("r", ("Lewin, Moshe",), "Lenin's Last Struggle", "1968",
        ...           "Pantheon Books, New York").citation()
        "Lewin, Moshe (1968): Lenin's Last Struggle. Pantheon Books, New York."
        >>> Reference("r", ("Lenin, V. I.",), "A letter", "1917", part_of="Collected Works, vol. 26",
        ...           pages="216–219", url="https://example.org/l").citation()
        'Lenin, V. I. (1917): A letter. In: Collected Works, vol. 26. pp. 216–219. https://example.org/l'
        """
        parts = [f"{'; '.join(self.creators)} ({self.year}): {self.title}."]
        if self.part_of:
            parts.append(f"In: {self.part_of}.")
        elif self.publisher:
            parts.append(f"{self.publisher}.")
        if self.pages:
            parts.append(f"pp. {self.pages}.")
        if self.url and url:
            parts.append(self.url)
        return " ".join(parts)


@dataclass(frozen=True)
class Criticism:
    """A record of the editorial layer (``kg:Criticism``): what the source says (``sentence``,
    its number, and ``words``, verbatim), the ``statements`` that record that claim (IRIs, in
    the graph's text order), the ``verdict`` (``wrong`` or ``disputed``, :data:`VERDICTS`), what
    the literature says instead (``says_de``, ``says_en``) and the ``references`` it cites."""

    iri: str
    sentence: int | None
    sentence_iri: str | None
    words: str
    verdict: str
    says_de: str
    says_en: str
    statements: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    note: str | None = None
    sentence_text: str | None = field(default=None, compare=False)

    def says(self, lang: str = "en") -> str:
        """What the literature says, in ``lang`` (``de`` or ``en``; the other where missing)."""
        first, other = (self.says_de, self.says_en) if lang == "de" else (self.says_en, self.says_de)
        return first or other


_CRITICISMS = """SELECT ?c ?sen ?n ?text ?words ?why ?says ?note WHERE {
  ?c a kg:Criticism .
  OPTIONAL { ?c kg:criticisedSentence ?sen
             OPTIONAL { ?sen kg:sentenceNumber ?n } OPTIONAL { ?sen kg:text ?text } }
  OPTIONAL { ?c kg:sourceWords ?words } OPTIONAL { ?c oa:motivatedBy ?why }
  OPTIONAL { ?c kg:literatureSays ?says } OPTIONAL { ?c skos:note ?note }
}"""
_LINKS = """SELECT ?c ?p ?o WHERE {
  ?c a kg:Criticism ; ?p ?o . VALUES ?p { kg:criticises kg:citation } }"""
_REFERENCES = """SELECT ?r ?p ?v WHERE {
  ?r a kg:Reference ; ?p ?v .
  VALUES ?p { dcterms:creator dcterms:title dcterms:issued dcterms:publisher dcterms:isPartOf
              schema:pagination schema:url } }"""
_FIELDS = {"creator": "creators", "title": "title", "issued": "year", "publisher": "publisher",
           "isPartOf": "part_of", "pagination": "pages", "url": "url"}


def read(backend: Backend, order: Iterable[str] = ()) -> list[Criticism]:
    """Every criticism in the graph behind ``backend``, by sentence, then IRI; each one's
    statements in ``order`` (the statements' IRIs in text order), the others after them by IRI.

    Where the data has two values of a field (``kg check`` reports that), the least is taken,
    so every store gives the same answer.
    """
    refs = _references(backend)
    rank = {iri: i for i, iri in enumerate(order)}
    base: dict[str, dict[str, object]] = {}
    for c, sen, n, text, words, why, says, note in backend.rows(_CRITICISMS):
        rec = base.setdefault(c.value, {"de": None, "en": None})
        for key, term in (("sen", sen), ("n", n), ("text", text), ("words", words),
                          ("why", why), ("note", note)):
            if term is not None:
                rec[key] = _least(rec.get(key), term.value)
        if says is not None:
            lang = "de" if (getattr(says, "language", None) or "").startswith("de") else "en"
            rec[lang] = _least(rec[lang], says.value)
    links: dict[str, dict[str, set[str]]] = {iri: {"criticises": set(), "citation": set()}
                                             for iri in base}
    for c, p, o in backend.rows(_LINKS):
        if c.value in links:
            links[c.value][p.value.rsplit("#", 1)[-1]].add(o.value)
    out = []
    for iri, rec in base.items():
        number = rec.get("n")
        statements = sorted(links[iri]["criticises"], key=lambda s: (rank.get(s, len(rank)), s))
        out.append(Criticism(
            iri=iri,
            sentence=int(str(number)) if isinstance(number, str) and number.isdigit() else None,
            sentence_iri=_text(rec.get("sen")), words=_text(rec.get("words")) or "",
            verdict=VERDICTS.get(str(rec.get("why")), "disputed"),
            says_de=_text(rec["de"]) or "", says_en=_text(rec["en"]) or "",
            statements=tuple(statements),
            references=tuple(refs[r] for r in sorted(links[iri]["citation"]) if r in refs),
            note=_text(rec.get("note")), sentence_text=_text(rec.get("text")),
        ))
    return sorted(out, key=lambda c: (c.sentence is None, c.sentence or 0, c.iri))


def about(criticisms: Iterable[Criticism], statements: Iterable[str]) -> list[Criticism]:
    """The criticisms of any of ``statements`` (IRIs), in the order given."""
    wanted = {str(s) for s in statements}
    return [c for c in criticisms if wanted.intersection(c.statements)]


def _references(backend: Backend) -> dict[str, Reference]:
    fields: dict[str, dict[str, list[str]]] = {}
    for r, p, v in backend.rows(_REFERENCES):
        name = _FIELDS[p.value.rsplit("/", 1)[-1]]
        fields.setdefault(r.value, {}).setdefault(name, []).append(v.value)
    out = {}
    for iri, rec in fields.items():
        def one(name: str, rec: dict[str, list[str]] = rec) -> str | None:
            return min(rec[name]) if rec.get(name) else None

        out[iri] = Reference(
            iri, tuple(sorted(set(rec.get("creators", [])))), one("title") or "", one("year") or "",
            one("publisher"), one("part_of"), one("pages"), one("url"),
        )
    return out


def _least(known: object, value: str) -> str:
    return value if known is None else min(str(known), value)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
