"""Plain-text renderings of the API's answers, as the ``kg`` command prints them.

>>> import graph
>>> print(timeline(graph.load(), "Jakow"))
Jakow (Yakov), person:Jakow
  1941-07-16  was taken prisoner by  nationalsozialistisches Deutschland  [21: „der am 16. Juli 1941 in deutsche Kriegsgefangenschaft geraten war“]
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .model import Statement

if TYPE_CHECKING:
    from .kg import KnowledgeGraph

__all__ = ["evidence", "profile", "stats", "timeline"]


def evidence(st: Statement) -> str:
    """``[N: „quote“]``: the sentence number and the quoted words."""
    return f"[{st.sentence}: „{st.quote}“]"


def _other(kg: KnowledgeGraph, st: Statement, iri: str, lang: str) -> tuple[str, str]:
    """The relation phrase and the other party, from the point of view of ``iri``.

    A phrase marked ``←`` is one where the other party is the subject ("← helped: Kamenew"
    means Kamenew helped the entity).
    """
    rel = kg.relation_catalogue.get(st.relation)
    phrase = rel.label(lang) if rel else st.relation_name
    if not st.is_edge:
        return phrase, str(st.object)
    if st.subject == iri:
        return phrase, kg.label(st.object, "de")
    return f"← {phrase}", kg.label(st.subject, "de")


def _heading(kg: KnowledgeGraph, iri: str) -> str:
    e = kg.entities[iri]
    names = e.label_de if e.label_de == e.label_en else f"{e.label_de} ({e.label_en})"
    return f"{names}, {kg.curie(iri)}"


def profile(kg: KnowledgeGraph, name: str, lang: str = "en") -> str:
    """A person's (or any entity's) profile: names, type, dates, Wikidata, relations by kind."""
    e = kg.entity(name)
    lines = [_heading(kg, e.iri), f"  type: {e.kind}"]
    lines.append(f"  German: {e.label_de}    English: {e.label_en}")
    if e.aliases:
        lines.append(f"  also: {', '.join(e.aliases)}")
    desc = e.description_en if lang == "en" else e.description_de
    if desc:
        lines.append(f"  {desc}")
    for key, value in e.facts.items():
        lines.append(f"  {kg.label(kg.relation(key).iri, lang)}: {value}")
    if e.wikidata:
        lines.append(f"  Wikidata: https://www.wikidata.org/wiki/{e.wikidata}")
    groups: dict[str, list[Statement]] = defaultdict(list)
    for st in kg.relations(e.iri):
        if st.is_edge:
            groups[_other(kg, st, e.iri, lang)[0]].append(st)
    for phrase, sts in groups.items():
        lines.append(f"  {phrase}:")
        for st in sts:
            other = _other(kg, st, e.iri, lang)[1]
            when = f" ({st.span})" if st.span.dated else ""
            lines.append(f"    {other}{when}  {evidence(st)}")
    return "\n".join(lines)


def timeline(kg: KnowledgeGraph, name: str, lang: str = "en") -> str:
    """The dated statements about an entity, earliest first, one per line."""
    iri = str(kg.find(name))
    lines = [_heading(kg, iri)]
    for st in kg.timeline(iri):
        phrase, other = _other(kg, st, iri, lang)
        lines.append(f"  {st.span!s:<10}  {phrase}  {other}  {evidence(st)}")
    if len(lines) == 1:
        lines.append("  (no dated statements)")
    return "\n".join(lines)


def stats(kg: KnowledgeGraph, top: int = 5) -> str:
    """Counts by entity type and by relation, and the most central persons."""
    from .analysis import betweenness_centrality, degree_centrality

    s = kg.stats()
    lines = [f"{s['triples']} triples, {s['statements']} statements, "
             f"{sum(s['entities'].values())} entities"]
    lines.append("entities by type:")
    lines += [f"  {kind:<14}{n:>6}" for kind, n in s["entities"].items()]
    lines.append("statements by relation:")
    lines += [f"  {name:<36}{n:>6}" for name, n in s["relations"].items()]
    lines.append(f"most central persons (degree / betweenness), top {top}:")
    deg = degree_centrality(kg, types=["Person"], top=top)
    btw = dict(betweenness_centrality(kg, types=["Person"]))
    for iri, score in deg:
        lines.append(f"  {kg.label(iri, 'de'):<30}{score:>8.3f}{btw.get(iri, 0.0):>8.3f}")
    return "\n".join(lines)
