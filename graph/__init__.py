"""stalin-kg: an evidence-first knowledge graph of the people around Josef Stalin.

>>> import graph
>>> kg = graph.load()
>>> kg.entity("Sinowjew").label_en
'Zinoviev'
"""

from .errors import InputError, KGError, LookupFailed, QueryError
from .kg import KnowledgeGraph, connect, load
from .model import Entity, PartialDate, Relation, Sentence, Span, Statement

__all__ = [
    "Entity",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "LookupFailed",
    "PartialDate",
    "QueryError",
    "Relation",
    "Sentence",
    "Span",
    "Statement",
    "connect",
    "load",
]
__version__ = "0.1.0"
