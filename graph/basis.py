"""The basis filter: one rule for every ``basis=`` keyword of the API and ``--stated-only``.

A statement's basis (``kg:basis``, :attr:`graph.model.Statement.basis`) is one of
:data:`graph.model.BASES`: ``"stated"``, ``"inferred"`` or ``"reported"``. Everything that can
be restricted to some of them takes ``basis: Iterable[str] | None = None``: None keeps all,
otherwise only statements of the given bases are kept; :func:`check_bases` validates the value
once for all of them.

>>> sorted(check_bases(["reported", "stated"]))
['reported', 'stated']
>>> check_bases(None) is None
True
>>> IRIS["stated"]
'https://w3id.org/stalin-kg/vocab#Stated'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from .errors import QueryError
from .messages import message
from .model import BASES, Statement
from .namespaces import KG

if TYPE_CHECKING:
    from .sparql import QueryResult

__all__ = ["IRIS", "VARIABLE", "check_bases", "keep", "keep_rows"]

#: The ``kg:basis`` IRI of each basis word (``"stated"`` is ``kg:Stated`` ...).
IRIS: dict[str, str] = {word: str(KG[word.capitalize()]) for word in BASES}
#: The column of a query result that holds the basis IRI (the named queries all have it).
VARIABLE = "basis"


def check_bases(basis: Iterable[str] | None) -> frozenset[str] | None:
    """The bases asked for, checked: None (all of them) or a set of :data:`~graph.model.BASES`.

    A single word (``"stated"``) is taken as one basis, not as its letters.

    Raises
    ------
    ValueError
        For a value that is not a basis, naming the allowed ones.

    Examples
    --------
    >>> check_bases("stated")
    frozenset({'stated'})
    >>> check_bases(["stated", "assumed"])
    Traceback (most recent call last):
    ...
    ValueError: unknown basis 'assumed'; use stated, inferred or reported
    """
    if basis is None:
        return None
    wanted = frozenset((basis,) if isinstance(basis, str) else basis)
    for word in sorted(wanted - set(BASES)):
        bases = message("sparql.or", items=", ".join(BASES[:-1]), last=BASES[-1])
        raise ValueError(message("basis.unknown", word=repr(word), bases=bases))
    return wanted


def keep(statements: Iterable[Statement], basis: Iterable[str] | None) -> list[Statement]:
    """The statements of the given bases (all of them for None), in their order.

    >>> import graph
    >>> kg = graph.load()
    >>> {s.basis for s in keep(kg.statements, ["reported"])}
    {'reported'}
    """
    wanted = check_bases(basis)
    return [s for s in statements if wanted is None or s.basis in wanted]


def keep_rows(result: QueryResult, basis: Iterable[str] | None) -> QueryResult:
    """The rows of a SELECT result whose ``?basis`` column holds one of the given bases.

    A row with no basis bound counts as stated, as a statement without ``kg:basis`` does.

    Raises
    ------
    ValueError
        For an unknown basis (:func:`check_bases`).
    QueryError
        When the result has no ``?basis`` column to filter on.

    Examples
    --------
    >>> import graph
    >>> kg = graph.load()
    >>> every = kg.run("in-sentence", n=9)
    >>> stated = keep_rows(every, ["stated"])
    >>> 0 < len(stated) < len(every), {str(row[-2]) for row in stated} == {IRIS["stated"]}
    (True, True)
    >>> keep_rows(kg.query("SELECT ?s { ?s a kg:Sentence }"), ["stated"])
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: cannot keep only some bases: the query has no ?basis column (its columns: s); select the statement's kg:basis as ?basis
    """
    wanted = check_bases(basis)
    if wanted is None:
        return result
    if result.form != "SELECT" or VARIABLE not in result.variables:
        if result.form != "SELECT":
            raise QueryError(message("basis.noColumnForm", form=result.form, variable=VARIABLE))
        columns = ", ".join(result.variables) or message("basis.noColumns")
        raise QueryError(message("basis.noColumn", variable=VARIABLE, columns=columns))
    index = result.variables.index(VARIABLE)
    iris = {IRIS[word] for word in wanted}
    default = IRIS["stated"] in iris
    rows = [r for r in result.rows if (str(r[index]) in iris if r[index] is not None else default)]
    return replace(result, rows=rows)
