"""SPARQL plumbing shared by the API, the CLI and the server: parameters, terms and results.

Parameters are written ``$name`` in query text and replaced by RDF terms before the query runs,
so the same query text works on the embedded store and on any remote SPARQL endpoint. Query
text is read by the one lexer, :mod:`graph.sparql_lexer` (``query_form`` comes from there).

>>> from rdflib import Literal, URIRef
>>> bind_parameters("SELECT ?o WHERE { $s ?p ?o } # $s stays", {"s": URIRef("http://x/a")})
'SELECT ?o WHERE { <http://x/a> ?p ?o } # $s stays'
>>> bind_parameters('SELECT * WHERE { ?s ?p "$y" FILTER(?n = $y) }',
...                 {"y": Literal(1927)})  # doctest: +NORMALIZE_WHITESPACE
'SELECT * WHERE { ?s ?p "$y" FILTER(?n = "1927"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import KGError, QueryError
from .messages import message
from .sparql_lexer import Token, lex, query_form
from .table import clip, table

__all__ = [
    "QueryResult",
    "bind_parameters",
    "from_oxigraph",
    "parameter_names",
    "query_form",
    "to_oxigraph",
]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BARE = re.compile(r"^[+-]?\d+$")


def parameter_names(query: str) -> list[str]:
    """The ``$name`` parameters a query uses, in order of first use.

    >>> parameter_names("SELECT * { $a ?p $b . $a ?q ?r }")
    ['a', 'b']
    """
    return list(dict.fromkeys(t.text[1:] for t in lex(query) if _is_parameter(t)))


def _is_parameter(token: Token) -> bool:
    return token.kind == "var" and token.text[0] == "$"


def bind_parameters(query: str, bindings: Mapping[str, Node] | None) -> str:
    """Replace each ``$name`` by the SPARQL form of ``bindings[name]``.

    Raises :class:`QueryError` when the query uses a parameter that has no value.
    """
    bindings = bindings or {}
    missing = [n for n in parameter_names(query) if n not in bindings]
    if missing:
        raise QueryError(message("sparql.missingParam", names=", ".join(f"${n}" for n in missing),
                                 python="bindings={...}"))

    return "".join(bindings[t.text[1:]].n3() if _is_parameter(t) else t.text for t in lex(query))


def from_oxigraph(term: Any) -> Node | None:
    """Convert a pyoxigraph term to the rdflib term with the same meaning."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> Any:
    """Convert an rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


@dataclass
class QueryResult:
    """What a query returned: rows of a SELECT, a boolean of an ASK, or triples.

    ``rows`` hold rdflib terms (``None`` where a variable is unbound).

    >>> r = QueryResult("SELECT", ["n"], [(Literal(1),), (None,)])
    >>> r.to_dicts()
    [{'n': 1}, {'n': None}]
    >>> print(r.to_csv(), end="")
    n
    1
    ""
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    truncated: bool = False
    #: what the query asked for that the graph does not have (a misspelt ``rel:`` term, a
    #: parameter value that matches nothing), each with the closest terms it does have
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return len(self.triples)
        return len(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (``Literal.toPython()``, IRIs as strings)."""
        return [
            {v: _py(t) for v, t in zip(self.variables, row, strict=True)} for row in self.rows
        ]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (or an RDF graph as JSON-LD for CONSTRUCT)."""
        import json  # here: most commands write no JSON

        if self.form == "ASK":
            return json.dumps({"head": {}, "boolean": self.boolean})
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return self.to_graph().serialize(format="json-ld")
        bindings = [
            {v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]
        return json.dumps(
            {"head": {"vars": self.variables}, "results": {"bindings": bindings}},
            ensure_ascii=False,
        )

    def to_csv(self, delimiter: str = ",") -> str:
        """SPARQL 1.1 CSV results (plain values)."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter)  # CRLF rows, as SPARQL 1.1 CSV says
        if self.form == "ASK":
            writer.writerow(["boolean"])
            writer.writerow([str(self.boolean).lower()])
            return buf.getvalue()
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV results (terms in N-Triples/Turtle syntax)."""
        lines = ["\t".join("?" + v for v in self.variables)]
        for row in self.rows:
            lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
        return "\n".join(lines) + "\n"

    def to_graph(self) -> Any:
        """The triples of a CONSTRUCT/DESCRIBE result as an rdflib ``Graph``."""
        from rdflib import Graph

        from .namespaces import PREFIXES

        g = Graph(bind_namespaces="none")
        for prefix, iri in PREFIXES.items():
            g.bind(prefix, iri)
        for t in self.triples:
            g.add(t)
        return g

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``, one column per variable, typed by what the
        column holds (needs the extra ``pandas``: ``pip install 'stalin-kg[pandas]'``).

        A column of integers is ``Int64``, of other numbers ``Float64``, of booleans
        ``boolean``, of full dates or date-times ``datetime64``, of years (``xsd:gYear``) or
        months (``xsd:gYearMonth``) a ``period``, of anything else (IRIs, texts, a mix of
        these) ``string``; an unbound value is
        missing (``<NA>``, ``NaT``). A CONSTRUCT or DESCRIBE result gives its triples as the
        columns ``subject``, ``predicate``, ``object``; an ASK result one column ``boolean``.

        >>> import graph
        >>> df = graph.load().query("SELECT ?who ?n { ?s rdf:subject ?who ; "
        ...                         "prov:wasDerivedFrom/kg:sentenceNumber ?n } LIMIT 3").to_pandas()
        >>> df.dtypes.astype(str).to_dict()
        {'who': 'string', 'n': 'Int64'}
        """
        try:
            import pandas as pd
        except ImportError:  # an optional extra
            raise KGError(message("sparql.needsPandas", package="'stalin-kg[pandas]'")) from None
        if self.form == "ASK":
            return pd.DataFrame({"boolean": pd.array([self.boolean], dtype="boolean")})
        names: list[str] = self.variables
        rows: list[tuple[Node | None, ...]] = list(self.rows)
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            names, rows = ["subject", "predicate", "object"], list(self.triples)
        columns = {name: _column(pd, [row[i] for row in rows]) for i, name in enumerate(names)}
        return pd.DataFrame(columns, columns=names)

    def to_table(self, *, max_width: int = 60, compact: Any = None) -> str:
        """A readable fixed-width table; ``compact`` maps an IRI to a short name."""
        if self.form == "ASK":
            return "yes" if self.boolean else "no"
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return self.to_graph().serialize(format="turtle")
        shorten = compact or (lambda t: str(t))
        cells = [
            ["" if t is None else clip(shorten(t), max_width) for t in row] for row in self.rows
        ]
        out = table(self.variables, cells)
        n = len(self.rows)
        out.append(f"({n} row{'s' if n != 1 else ''}{', truncated' if self.truncated else ''})")
        return "\n".join(out)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_NUMBERS = _INTEGERS | {_XSD + t for t in ("decimal", "double", "float")}
_TIMES = {_XSD + "date", _XSD + "dateTime"}


def _column(pd: Any, terms: list[Node | None]) -> Any:
    """One typed pandas column for ``terms`` (see :meth:`QueryResult.to_pandas`)."""
    present = [t for t in terms if t is not None]
    kinds = {str(t.datatype) if isinstance(t, Literal) and t.datatype else "" for t in present}
    plain = [_py(t) for t in terms]
    if present and all(isinstance(t, Literal) for t in present):
        if kinds <= _INTEGERS:
            return pd.array([None if v is None else int(v) for v in plain], dtype="Int64")
        if kinds <= _NUMBERS:
            return pd.array([None if v is None else float(v) for v in plain], dtype="Float64")
        if kinds == {_XSD + "boolean"}:
            return pd.array(plain, dtype="boolean")
        if kinds in ({_XSD + "gYear"}, {_XSD + "gYearMonth"}):  # a year or a month: a period
            freq = "Y" if kinds == {_XSD + "gYear"} else "M"
            return pd.array([None if t is None else pd.Period(str(t), freq=freq) for t in terms],
                            dtype=f"period[{freq}]")
        if kinds <= _TIMES:
            return pd.to_datetime(pd.Series([None if t is None else str(t) for t in terms],
                                            dtype="object"), format="ISO8601")
    return pd.array([None if t is None else str(t) for t in terms], dtype="string")


def _py(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _tsv_term(term: Node) -> str:
    if (
        isinstance(term, Literal)
        and str(term.datatype) == "http://www.w3.org/2001/XMLSchema#integer"
        and _BARE.match(str(term))
    ):
        return str(term)
    text: str = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n")


def collect(results: Any, form: str, *, max_rows: int | None = None) -> QueryResult:
    """Turn pyoxigraph results into a :class:`QueryResult`, keeping at most ``max_rows``."""
    if form == "ASK":
        return QueryResult("ASK", boolean=bool(results))
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = []
        for t in results:
            triples.append((from_oxigraph(t.subject), from_oxigraph(t.predicate),
                            from_oxigraph(t.object)))
            if max_rows is not None and len(triples) > max_rows:
                return QueryResult(form, triples=triples[:max_rows], truncated=True)  # type: ignore[arg-type]
        return QueryResult(form, triples=triples)  # type: ignore[arg-type]
    variables = [v.value for v in results.variables]
    rows: list[tuple[Node | None, ...]] = []
    for solution in results:
        rows.append(tuple(from_oxigraph(solution[i]) for i in range(len(variables))))
        if max_rows is not None and len(rows) > max_rows:
            return QueryResult("SELECT", variables, rows[:max_rows], truncated=True)
    return QueryResult("SELECT", variables, rows)


def rows_of(result: QueryResult, *names: str) -> Sequence[tuple[Any, ...]]:
    """Plain-Python tuples of the named columns, for terse doctests and tests."""
    idx = [result.variables.index(n) for n in names]
    return [tuple(_py(row[i]) for i in idx) for row in result.rows]
