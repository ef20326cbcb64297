"""Finding entities by name: any label or alias, either language, ignoring case and diacritics.

>>> normalise("Sinowjew") == normalise("SINOWJEW")
True
>>> normalise("Jalta-Konferenz"), normalise("J.W.Stalin"), normalise("Stählerne")
('jalta konferenz', 'j w stalin', 'stahlerne')
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable

from .errors import LookupFailed
from .model import Entity
from .terms import local_name

__all__ = ["NameIndex", "close", "normalise"]

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, strip diacritics (ä→a, ß→ss), turn punctuation into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _PUNCT.sub(" ", bare).strip()


def close(name: str, names: Iterable[str], n: int = 5) -> list[str]:
    """The ``n`` names most like ``name``."""
    return difflib.get_close_matches(name, list(names), n=n, cutoff=0.5)


class NameIndex:
    """Every normalised name of every entity, and the IRIs it may denote."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.names: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for name in (e.label_de, e.label_en, *e.aliases, local_name(e.iri)):
                if name:
                    self.names[normalise(name)].add(e.iri)

    def resolve(self, name: str, describe: Callable[[str], str]) -> str:
        """The one IRI ``name`` denotes; raises :class:`LookupFailed` listing candidates."""
        key = normalise(name)
        exact = self.names.get(key, set())
        if len(exact) == 1:
            return next(iter(exact))
        if not exact and key:
            # a unique word match: "Trotsky" within "Leon Trotsky", "Paulus" alone ...
            partial = {i for n, iris in self.names.items() if _words_in(key, n) for i in iris}
            if len(partial) == 1:
                return next(iter(partial))
            exact = partial
        if exact:
            options = sorted(describe(i) for i in exact)
            raise LookupFailed(
                f"{name!r} is ambiguous; it may mean: " + "; ".join(options)
                + " (use a fuller name or the prefixed name)",
                options,
            )
        options = self.near(name, describe)
        hint = f"; did you mean: {'; '.join(options)}" if options else ""
        raise LookupFailed(f"no entity is called {name!r}{hint}", options)

    def near(self, name: str, describe: Callable[[str], str]) -> list[str]:
        """The entities whose names are most like ``name``, each as ``describe`` writes it."""
        return sorted({describe(i) for n in close(normalise(name), self.names) for i in self.names[n]})

    def search(self, text: str, limit: int = 10) -> list[str]:
        """IRIs whose names contain ``text``, exact matches first, then by name length."""
        key = normalise(text)
        scored: dict[str, tuple[int, int]] = {}
        for name, iris in self.names.items():
            if key and key in name:
                rank = (0 if name == key else 1 if name.startswith(key) else 2, len(name))
                for iri in iris:
                    scored[iri] = min(scored.get(iri, rank), rank)
        return sorted(scored, key=lambda i: (scored[i], i))[:limit]


def _words_in(key: str, name: str) -> bool:
    """Whether every word of ``key`` starts a word of ``name`` (in order-insensitive fashion)."""
    words = name.split()
    return all(any(w.startswith(k) for w in words) for k in key.split())
