"""Rules on source criticism (``kg:Criticism``, ``data/criticism.ttl``) that SHACL does not
say in the catalogue's words: ``criticism-cited`` (every criticism cites the literature) and
``criticism-words`` (its words are verbatim in its sentence, and the statements it criticises
are derived from that sentence). The rest of a criticism's form is the SHACL rule
``criticism-shape``. Messages come from the catalogue (``check.criticism*``).

>>> triples = Triples.from_turtle('''
...     criticism:x a kg:Criticism ; kg:criticisedSentence sentence:06 ;
...         kg:sourceWords "am 20. Oktober 1919" .
...     sentence:06 kg:text "verlassen am 20. Oktober 1919"@de .''')
>>> [f.message[:44] for f in criticism_cited(triples)]
['a criticism needs at least one kg:citation: ']
>>> list(criticism_words(triples))
[]
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.term import Node

from graph.check.report import Finding, short_name
from graph.check.triples import Triples
from graph.messages import message
from graph.namespaces import KG, PROV

__all__ = ["criticism_cited", "criticism_words"]


def criticism_cited(triples: Triples) -> Iterator[Finding]:
    """The criticisms without a ``kg:citation``, located at the criticism."""
    query = """SELECT ?c WHERE { ?c a kg:Criticism FILTER NOT EXISTS { ?c kg:citation ?r } }"""
    for (c,) in triples.rows(query):
        assert c is not None
        yield Finding(c, message("check.criticismUncited"), ((c,),))


def criticism_words(triples: Triples) -> Iterator[Finding]:
    """The criticisms whose ``kg:sourceWords`` their sentence does not contain (with the
    longest good prefix), and the statements they criticise that come from another sentence.

    >>> triples = Triples.from_turtle('''
    ...     criticism:x a kg:Criticism ; kg:criticisedSentence sentence:06 ;
    ...         kg:sourceWords "am 20. Oktober 1918" ; kg:criticises stmt:y .
    ...     stmt:y prov:wasDerivedFrom sentence:05 .
    ...     sentence:06 kg:text "verlassen am 20. Oktober 1919"@de .''')
    >>> for f in criticism_words(triples):
    ...     print(f.message)
    kg:sourceWords is not verbatim in sentence:06: it differs after "am 20. Oktober 191"; copy the words exactly from the sentence's kg:text
    kg:criticises stmt:y, which is derived from sentence:05, not from the criticised sentence sentence:06: criticise the statements of that sentence, or correct kg:criticisedSentence
    """
    for (c,) in triples.rows("SELECT ?c WHERE { ?c a kg:Criticism }"):
        assert c is not None
        sentences = triples.objects(c, KG.criticisedSentence)
        if len(sentences) != 1:
            continue  # the shapes report a missing or second sentence
        sentence = sentences[0]
        yield from _words(triples, c, sentence)
        for st in triples.objects(c, KG.criticises):
            theirs = triples.objects(st, PROV.wasDerivedFrom)
            if theirs and sentence not in theirs:
                yield Finding(c, message(
                    "check.criticismSentence", statement=short_name(st),
                    theirs=", ".join(short_name(s) for s in theirs), sentence=short_name(sentence),
                ), ((c, KG.criticises, st), (c,)))


def _words(triples: Triples, c: Node, sentence: Node) -> Iterator[Finding]:
    texts = [str(t) for t in triples.objects(sentence, KG.text)]
    if not texts:
        return  # the shapes report the sentence's missing text
    for node in triples.objects(c, KG.sourceWords):
        words = str(node)
        if not words or any(words in t for t in texts):
            continue
        good = max((k for k in range(len(words) + 1) if any(words[:k] in t for t in texts)),
                   default=0)
        name = short_name(sentence)
        text = (message("check.criticismWordsDiffer", sentence=name, good=words[:good]) if good
                else message("check.criticismWordsAbsent", sentence=name))
        yield Finding(c, text, ((c, KG.sourceWords, node), (c,)))
