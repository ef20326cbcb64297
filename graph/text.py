"""Plain-text renderings of the API's answers, as the ``kg`` command prints them.

>>> import graph
>>> print(timeline(graph.load(), "Jakow"))
Yakov, person:Jakow
  1941-07-16  was taken prisoner by  Nazi Germany  [21: „der am 16. Juli 1941 in deutsche Kriegsgefangenschaft geraten war“]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .messages import message
from .model import Entity, Statement, date_order
from .sources import sentence_ref

if TYPE_CHECKING:
    from .access import GraphAccess
    from .criticism import Criticism

__all__ = [
    "Fact", "Line", "Profile", "basis_note", "criticism_lines", "evidence", "kind_label",
    "marked_evidence", "phrase", "profile", "profile_of", "stats", "timeline",
]


def evidence(st: Statement) -> str:
    """``[N: „quote“]``: the sentence number and the quoted words; ``[ID:N: „quote“]`` for a
    sentence of a source other than the Stalin article (:func:`graph.sources.sentence_ref`);
    ``[N + ID:M: „quote“]`` for a statement citing several sentences."""
    cited = [sentence_ref(st.sentence_iri, st.sentence)]
    cited += [sentence_ref(iri) for iri in st.cited_sentences if iri != st.sentence_iri]
    return f"[{' + '.join(cited)}: „{st.quote}“]"


def basis_note(kg: GraphAccess, st: Statement, lang: str = "en", names: str | None = None
               ) -> str | None:
    """What a claim rests on when the quoted words do not make it: ``inferred: note`` (the
    curator resolved the claim), ``date inferred: note`` (only its date), ``reported by X:
    note`` or ``reported: note`` (the text attributes or hedges it); None for a stated one.

    ``lang`` is the language of the marking words, ``names`` that of the claimant's name
    (``lang`` unless given).

    >>> import graph
    >>> kg = graph.load()
    >>> st = kg.select(claimant="Lenin")[0]
    >>> basis_note(kg, st)[:55]
    'reported by Lenin: Reported speech in the Konjunktiv („'
    >>> basis_note(kg, kg.select(basis=["stated"])[0]) is None
    True
    """
    if st.stated:
        return None
    if st.basis == "inferred" and st.inferred_part == "date":
        mark = message("text.dateInferred", lang)
    elif st.basis == "inferred":
        mark = message("text.inferred", lang)
    elif st.claimant:
        mark = message("text.reportedBy", lang, who=kg.label(st.claimant, names or lang))
    else:
        mark = message("text.reported", lang)
    return f"{mark}: {st.note}" if st.note else mark


def marked_evidence(kg: GraphAccess, st: Statement, lang: str = "en") -> str:
    """:func:`evidence`, followed by ``[`` :func:`basis_note` ``]`` for a claim that is not
    stated.

    >>> import graph
    >>> kg = graph.load()
    >>> print(marked_evidence(kg, kg.relations("Kamenew", relation="exiledWith")[0]))
    [8: „Stalin war mit Kamenew zusammen in der Verbannung gewesen“]
    >>> print(marked_evidence(kg, kg.select(sentence=19)[0]))
    [19: „...“]  [reported: Reported, not asserted: the sentence quotes an assessment ...]
    """
    note = basis_note(kg, st, lang)
    return evidence(st) if note is None else f"{evidence(st)}  [{note}]"


def phrase(kg: GraphAccess, st: Statement, forward: bool, lang: str = "en") -> str:
    """The relation of ``st`` as it reads from its subject's side (``forward``), or from its
    object's side: the inverse label ("was helped by" for "helped").

    >>> import graph
    >>> kg = graph.load()
    >>> st = kg.relations("Kamenew", relation="helped")[0]
    >>> phrase(kg, st, True), phrase(kg, st, False), phrase(kg, st, False, "de")
    ('helped', 'was helped by', 'bekam Hilfe von')
    """
    rel = kg.relation_catalogue.get(st.relation)
    if rel is None:  # not in the vocabulary: no label to read it backwards
        if forward:
            return st.relation_name
        return message("text.reversed", lang, relation=st.relation_name)
    return rel.label(lang) if forward else rel.inverse_label(lang)


def _other(kg: GraphAccess, st: Statement, iri: str, lang: str) -> tuple[str, str]:
    """The relation phrase and the other party, read from the point of view of ``iri``: the
    relation's label when ``iri`` is the subject, its inverse label when it is the object
    ("was helped by: Kamenew")."""
    if not st.is_edge:
        return phrase(kg, st, True, lang), str(st.object)
    if st.subject == iri:
        return phrase(kg, st, True, lang), kg.label(st.object, lang)
    return phrase(kg, st, False, lang), kg.label(st.subject, lang)


def _heading(kg: GraphAccess, iri: str, lang: str) -> str:
    """The entity's name in ``lang`` and its prefixed name."""
    return f"{kg.entities[iri].label(lang)}, {kg.curie(iri)}"


def kind_label(kg: GraphAccess, kind: str, lang: str = "en") -> str:
    """The vocabulary's label of an entity kind (``Person``, ``Organisation`` ...) in ``lang``.

    >>> import graph
    >>> kind_label(graph.load(), "State", "de"), kind_label(graph.load(), "State")
    ('Staat', 'state')
    """
    from rdflib import Literal

    from .namespaces import KG

    rows = kg.query("SELECT ?l { $c rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), $lang)) }",
                    {"c": KG[kind], "lang": Literal(lang)}).rows
    return str(rows[0][0]) if rows else kind


def profile(
    kg: GraphAccess, name: str, lang: str = "en", *, basis: Iterable[str] | None = None
) -> str:
    """A person's (or any entity's) profile: names, type, dates, Wikidata, relations by kind
    (read from the entity's side), and the claims the text attributes to it; each with its
    evidence, marked when it is inferred or reported (:func:`marked_evidence`).

    ``basis`` keeps only statements of those bases (see :meth:`~graph.kg.KnowledgeGraph.select`).
    :func:`profile_of` gives the same as data.

    >>> import graph
    >>> text = profile(graph.load(), "Lenin")
    >>> print(text[text.index("  claims the text"):text.index("  source criticism")])
      claims the text attributes to them:
        Kamenev allegedly betrayed (a plan) to Provisional Government  [9: „...“]  [reported by Lenin: ...]
        Zinoviev allegedly betrayed (a plan) to ...  [reported by Lenin: ...]
    <BLANKLINE>
    >>> print(text[text.index("  source criticism"):])
      source criticism (what the literature says; not the source's claims, which stay as they are):
        [9: „Kurz nach der Oktoberrevolution ...“]  the literature says the source is wrong: ... (cited: ...)
    """
    p = profile_of(kg, name, lang, basis=basis)
    e = p.entity
    lines = [_heading(kg, e.iri, lang),
             "  " + message("text.type", lang, kind=kind_label(kg, e.kind, lang))]
    lines.append("  " + message("text.names", lang, de=e.label_de, en=e.label_en))
    if e.aliases:
        lines.append("  " + message("text.also", lang, names=", ".join(e.aliases)))
    desc = e.description_en if lang == "en" else e.description_de
    if desc:
        lines.append(f"  {desc}")
    for fact in p.facts:
        marks = "".join(f"  {marked_evidence(kg, st, lang)}" for st in fact.statements)
        lines.append(f"  {fact.label}: {fact.value}{marks}")
    if e.wikidata:
        lines.append(f"  Wikidata: https://www.wikidata.org/wiki/{e.wikidata}")
    for heading, items in p.relations.items():
        lines.append(f"  {heading}:")
        for line in items:
            when = f" ({line.statement.span})" if line.statement.span.dated else ""
            lines.append(f"    {line.other_label}{when}  {marked_evidence(kg, line.statement, lang)}")
    if p.claims:
        lines.append("  " + message("text.claims", lang))
    for st in p.claims:
        said = f"{kg.label(st.subject, lang)} {phrase(kg, st, True, lang)} "
        said += kg.label(st.object, lang) if st.is_edge else str(st.object)
        when = f" ({st.span})" if st.span.dated else ""
        lines.append(f"    {said}{when}  {marked_evidence(kg, st, lang)}")
    if p.criticisms:
        lines.append("  " + message("text.criticism", lang))
        lines += [f"    {line}" for line in criticism_lines(p.criticisms, lang)]
    return "\n".join(lines)


def criticism_lines(criticisms: Iterable[Criticism], lang: str = "en") -> list[str]:
    """Each criticism of the source as ``[N: „words“]  verdict: what the literature says
    (cited: works)``: the editorial layer, beside the claims and apart from them.

    >>> import graph
    >>> kg = graph.load()
    >>> print(criticism_lines(kg.criticisms_of([s.iri for s in kg.relations("Zarizyn")]))[0][:77])
    [6: „am 20. Oktober 1919 verlassen“]  the literature says the source is wrong
    >>> print(criticism_lines(kg.criticisms[:1], "de")[0].split(" (Belege: ")[1])
    Kotkin 2014, Stalin. Volume I: Paradoxes …; Service 2004, Stalin: A Biography)
    """
    out = []
    for c in criticisms:
        if c.verdict == "wrong":
            verdict = message("text.criticismWrong", lang)
        else:
            verdict = message("text.criticismDisputed", lang)
        works = "; ".join(f"{r.short()}, {_shortened(r.title)}" for r in c.references)
        cited = message("text.criticismCited", lang, works=works)
        out.append(f"[{c.sentence}: „{c.words}“]  {verdict}: {c.says(lang)} ({cited})")
    return out


@dataclass(frozen=True)
class Line:
    """One relation of a profile, read from the entity's side: the other party and the claim."""

    statement: Statement
    other: str  # the other party's IRI
    other_label: str


@dataclass(frozen=True)
class Fact:
    """A dated fact about the entity itself (``date of death: 1953``) with the statements that
    make it (none: no statement backs it)."""

    relation: str
    label: str
    value: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Profile:
    """What ``kg show`` prints, as data: the entity, its dated facts, its relations grouped by
    how they read from its side (``"was helped by"``), the claims the text attributes to it,
    and the source criticism of those statements (the editorial layer: what the literature
    says instead, never a claim of the source)."""

    entity: Entity
    facts: tuple[Fact, ...]
    relations: dict[str, list[Line]]
    claims: tuple[Statement, ...]
    criticisms: tuple[Criticism, ...] = ()


def profile_of(
    kg: GraphAccess, name: str, lang: str = "en", *, basis: Iterable[str] | None = None
) -> Profile:
    """The profile of an entity as data: what :func:`profile` writes (``kg show``) and the
    server's entity pages show.

    >>> import graph
    >>> p = profile_of(graph.load(), "Kamenew")
    >>> [(line.other_label, line.statement.sentence) for line in p.relations["helped"]]
    [('Joseph Stalin', 10)]
    >>> [line.other_label for line in p.relations["was in exile together with"]]
    ['Joseph Stalin']
    >>> [f.label for f in profile_of(graph.load(), "Stalin").facts]
    ['date of death']
    """
    e = kg.entity(name)
    own = kg.relations(e.iri, basis=basis)
    shown = {st.iri for st in own}
    every = kg.relations(e.iri)
    facts = []
    for key, value in sorted(e.facts.items(), key=lambda kv: date_order(kv[1])):
        rel = kg.relation(key).iri
        backing = [st for st in every
                   if st.subject == e.iri and st.relation == rel and str(st.object) == value]
        proof = tuple(st for st in backing if st.iri in shown)
        if backing and not proof:
            continue  # only statements left out make it
        facts.append(Fact(rel, kg.label(rel, lang), value, proof))
    relations: dict[str, list[Line]] = defaultdict(list)
    for st in own:
        if not st.is_edge:
            continue
        forward = st.subject == e.iri
        other = str(st.object) if forward else st.subject
        relations[phrase(kg, st, forward, lang)].append(Line(st, other, kg.label(other, lang)))
    claims = tuple(kg.select(claimant=e.iri, basis=basis))
    shown_statements = [st.iri for st in own] + [st.iri for f in facts for st in f.statements]
    criticisms = tuple(kg.criticisms_of([*shown_statements, *(st.iri for st in claims)]))
    return Profile(e, tuple(facts), dict(relations), claims, criticisms)


def _shortened(title: str, words: int = 4) -> str:
    """The first words of a title (``Stalin. Volume I: …``)."""
    parts = title.split()
    return title if len(parts) <= words else " ".join(parts[:words]) + " …"


def timeline(
    kg: GraphAccess, name: str, lang: str = "en", *, basis: Iterable[str] | None = None
) -> str:
    """The dated statements about an entity, earliest first, one per line, read from the
    entity's side and marked when inferred or reported (``basis`` as in :func:`profile`)."""
    iri = str(kg.find(name))
    lines = [_heading(kg, iri, lang)]
    for st in kg.timeline(iri, basis=basis):
        heading, other = _other(kg, st, iri, lang)
        lines.append(f"  {st.span!s:<10}  {heading}  {other}  {marked_evidence(kg, st, lang)}")
    if len(lines) == 1:
        lines.append("  " + message("text.noDated", lang))
    return "\n".join(lines)


def stats(kg: GraphAccess, top: int = 5) -> str:
    """Counts by entity type and by relation, and the most central persons."""
    from .analysis import betweenness_centrality, degree_centrality

    s = kg.stats()
    lines = [message("text.counts", triples=s["triples"], statements=s["statements"],
                     entities=sum(s["entities"].values()))]
    lines.append(message("text.byType"))
    lines += [f"  {kind:<14}{n:>6}" for kind, n in s["entities"].items()]
    lines.append(message("text.byRelation"))
    lines += [f"  {name:<36}{n:>6}" for name, n in s["relations"].items()]
    lines.append(message("text.central", top=top))
    deg = degree_centrality(kg, types=["Person"], top=top)
    btw = dict(betweenness_centrality(kg, types=["Person"]))
    for iri, score in deg:
        lines.append(f"  {kg.label(iri, 'de'):<30}{score:>8.3f}{btw.get(iri, 0.0):>8.3f}")
    return "\n".join(lines)
