"""Rule ``quote-verbatim``: every ``kg:quote`` is a verbatim substring of its sentence's text.

>>> triples = Triples.from_turtle('''
...     stmt:x a rdf:Statement ; prov:wasDerivedFrom sentence:08 ; kg:quote "Stalin war mit" .
...     sentence:08 kg:text "Stalin war mit Kamenew zusammen in der Verbannung gewesen" .''')
>>> list(quote_verbatim(triples))
[]
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node

from graph.check.report import Finding, short_name
from graph.check.triples import Triples
from graph.messages import message
from graph.namespaces import KG, PROV

__all__ = ["quote_verbatim"]


def quote_verbatim(triples: Triples) -> Iterator[Finding]:
    """The quotes that their statement's sentences do not contain, with the longest good
    prefix (so that the curator sees where the copy goes wrong).

    >>> triples = Triples.from_turtle('''
    ...     stmt:x a rdf:Statement ; prov:wasDerivedFrom sentence:08 ; kg:quote "Stalin ist mit" .
    ...     sentence:08 kg:text "Stalin war mit Kamenew zusammen in der Verbannung gewesen" .''')
    >>> [finding.message for finding in quote_verbatim(triples)]
    ['kg:quote is not verbatim in sentence:08: it differs after "Stalin "; copy the words exactly from the sentence\\'s kg:text']
    """
    query = """SELECT DISTINCT ?st WHERE {
        ?st kg:quote ?quote ; prov:wasDerivedFrom ?sentence .
        ?sentence kg:text ?text
        FILTER(!CONTAINS(STR(?text), STR(?quote)))
    }"""  # suspects: some sentence of theirs lacks some quote; judged one by one below
    for (st,) in triples.rows(query):
        assert st is not None
        if triples.is_statement(st):
            yield from _quote_findings(triples, st)


def _quote_findings(triples: Triples, st: Node) -> Iterator[Finding]:
    """The quotes of ``st`` that none of its sentences contains."""
    sentences = triples.objects(st, PROV.wasDerivedFrom)
    texts = [str(t) for s in sentences for t in triples.objects(s, KG.text)]
    if not texts:
        return  # the shapes report the missing sentence or text
    for quote in map(str, triples.objects(st, KG.quote)):
        if not quote or any(quote in t for t in texts):
            continue
        good = max(
            (k for k in range(len(quote) + 1) if any(quote[:k] in t for t in texts)),
            default=0,
        )
        hint = (message("check.quoteDiffersAfter", start=quote[:good]) if good
                else message("check.quoteNowhere"))
        names = ", ".join(short_name(s) for s in sentences)
        yield Finding(st, message("check.quoteNotVerbatim", sentences=names, hint=hint), ((st,),))
