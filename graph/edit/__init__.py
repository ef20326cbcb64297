"""Changing the curated graph: statements, entities and relations written as Turtle under
their sentence's heading, with minimal diffs, checked before every write, undoable.

:class:`Workspace` is the one way in (the ``kg add``/``kg edit``/``kg remove`` commands and
the ``kg curate`` workbench are shells over it); :mod:`~graph.edit.turtle` writes and finds the
blocks, :mod:`~graph.edit.scope` checks what a change can affect, :mod:`~graph.edit.dates`
turns a curator's date ("Anfang 1924") into the model's literal.
"""

from __future__ import annotations

from graph.edit.dates import to_literal
from graph.edit.specs import EntitySpec, RelationSpec, StatementSpec, mint_local, quote_at
from graph.edit.workspace import Applied, Conflict, Refused, Workspace

__all__ = [
    "Applied",
    "Conflict",
    "EntitySpec",
    "Refused",
    "RelationSpec",
    "StatementSpec",
    "Workspace",
    "mint_local",
    "quote_at",
    "to_literal",
]
