"""Finding entities by name: any label or alias, either language, by the one rule of
:mod:`graph.names` (its normaliser, its ranks and its typo tolerance).

:meth:`NameIndex.search` lists every entity a name matches, best first; :meth:`NameIndex.resolve`
takes an entity only when the name says which: a whole name, else a unique prefix or word match
(ranks 0 to 2 of the rule); a near miss (a typo) is never taken, only suggested.

>>> normalise("Sinowjew") == normalise("SINOWJEW")
True
>>> normalise("Jalta-Konferenz"), normalise("J.W.Stalin"), normalise("Stählerne")
('jalta konferenz', 'j w stalin', 'stahlerne')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property

from . import names as rule
from .errors import LookupFailed
from .messages import message
from .model import Entity
from .names import close, normalise
from .terms import local_name

__all__ = ["LISTED", "RESOLVING_RANK", "SUGGESTIONS", "NameIndex", "close", "normalise"]

#: The worst rank of :func:`graph.names.rank` at which :meth:`NameIndex.resolve` takes a unique
#: match (a word match, "Trotsky" in "Leon Trotsky"); worse ones (substrings, typos) are only
#: suggested.
RESOLVING_RANK = 2

#: How many suggestions a failed lookup makes at most.
SUGGESTIONS = 5

#: How many of an ambiguous name's entities its error lists, one per line.
LISTED = 10


class NameIndex:
    """Every normalised name of every entity, and the IRIs it may denote.

    >>> import graph
    >>> index = NameIndex(graph.load().entities.values())
    >>> index.search("Trotski")
    ['https://w3id.org/stalin-kg/person/Trotzki']
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.names: dict[str, set[str]] = defaultdict(set)
        #: each entity's distinct normalised names, by IRI (what the page's index holds)
        self.keys: dict[str, list[str]] = {}
        for e in entities:
            keys = self.keys.setdefault(e.iri, [])
            for name in (e.label_de, e.label_en, *e.aliases, local_name(e.iri)):
                key = normalise(name) if name else ""
                if key:
                    self.names[key].add(e.iri)
                    if key not in keys:
                        keys.append(key)

    def resolve(self, name: str, describe: Callable[[str], str]) -> str:
        """The one IRI ``name`` denotes; raises :class:`LookupFailed` listing candidates."""
        key = normalise(name)
        exact = self.names.get(key, set())
        if len(exact) == 1:
            return next(iter(exact))
        if not exact and key:
            # a unique prefix or word match: "Trotsky" within "Leon Trotsky", "Paulus" alone ...
            partial = {iri for iri, r in self._prepared.ranked(key) if r <= RESOLVING_RANK}
            if len(partial) == 1:
                return next(iter(partial))
            exact = partial
        if exact:
            options = [describe(i) for i in self.search(name, None) if i in exact]
            shown = options[:LISTED] + ([message("lookup.more", n=len(options) - LISTED)]
                                        if len(options) > LISTED else [])
            raise LookupFailed(
                message("lookup.ambiguous", name=repr(name), options="\n  ".join(shown)),
                options)
        options = self.near(name, describe)
        hint = message("lookup.didYouMean", options="; ".join(options)) if options else ""
        raise LookupFailed(message("lookup.notFound", name=repr(name), hint=hint), options)

    def near(self, name: str, describe: Callable[[str], str]) -> list[str]:
        """The entities whose names are most like ``name`` (:meth:`search`, at most
        :data:`SUGGESTIONS`), best first, each as ``describe`` writes it."""
        return [describe(i) for i in self.search(name, SUGGESTIONS)]

    def search(self, text: str, limit: int | None = 10) -> list[str]:
        """IRIs whose names match ``text``, best first, by the rule of :mod:`graph.names`."""
        return self._prepared.search(text, limit)

    @cached_property
    def _prepared(self) -> rule.Index:
        return rule.Index(self.keys)
