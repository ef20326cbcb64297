"""Where the bundled data lives, in a source checkout and after ``pip install .``.

>>> sorted(p.name for p in bundled_graph_files())
['criticism.ttl', 'sentences.ttl', 'triples.ttl', 'vocab.ttl']
>>> shapes_file().name
'shapes.ttl'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from .messages import message

__all__ = ["bundled_graph_files", "criticism_file", "data_dir", "sentences_file", "shapes_file",
           "statements_file", "vocab_file"]

_MARKER = "triples.ttl"


@cache
def data_dir() -> Path:
    """Return the folder holding ``triples.ttl`` and its companions.

    A source checkout keeps them in ``data/`` beside the package; a wheel ships them inside
    the package as ``graph/_data`` (see ``pyproject.toml``).
    """
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / _MARKER).is_file():
        return checkout
    installed = Path(str(resources.files("graph") / "_data"))
    if (installed / _MARKER).is_file():
        return installed
    raise FileNotFoundError(message("load.dataMissing", marker=_MARKER, checkout=checkout,
                                    installed=installed))


def statements_file() -> Path:
    """The curated statements (``data/triples.ttl``)."""
    return data_dir() / "triples.ttl"


def vocab_file() -> Path:
    """The relation vocabulary (``data/vocab.ttl``)."""
    return data_dir() / "vocab.ttl"


def sentences_file() -> Path:
    """The source text as RDF, one resource per sentence (``data/sentences.ttl``)."""
    return data_dir() / "sentences.ttl"


def shapes_file() -> Path:
    """The SHACL shapes (``data/shapes.ttl``)."""
    return data_dir() / "shapes.ttl"


def criticism_file() -> Path:
    """The editorial layer: where the literature says the source is wrong or disputed
    (``data/criticism.ttl``; never the source's claims)."""
    return data_dir() / "criticism.ttl"


def bundled_graph_files() -> list[Path]:
    """The files that together make the bundled graph: facts, source sentences (the Stalin
    article's, then any other source's in ``sources/``), vocabulary, and the editorial layer's
    criticisms of the source."""
    others = sorted((data_dir() / "sources").glob("*.ttl"))
    return [statements_file(), sentences_file(), *others, vocab_file(), criticism_file()]
