"""Turtle as the curated files write it: blocks of one subject each, found and written as text.

A change to the graph is a few :class:`Splice` es of a file's text (a block inserted, replaced or
removed), so that nothing else in the file changes. This module writes the blocks in the files'
own layout (:func:`statement_block`, :func:`entity_block`, :func:`relation_block`) and finds
where they are or go (:func:`find_block`, :func:`sentence_section`, :func:`kind_section`).

>>> from rdflib import Literal, URIRef
>>> from graph.namespaces import KG, PERSON, REL, SENTENCE
>>> print(statement_block("stmt:s09-a-friendOf-b", [
...     (RDF.subject, PERSON.A), (RDF.predicate, REL.friendOf), (RDF.object, PERSON.B),
...     (PROV.wasDerivedFrom, SENTENCE["09"]), (KG.basis, KG.Stated),
...     (KG.quote, Literal('A und "B"'))]), end="")
stmt:s09-a-friendOf-b a rdf:Statement ;
    rdf:subject person:A ;
    rdf:predicate rel:friendOf ;
    rdf:object person:B ;
    prov:wasDerivedFrom sentence:09 ;
    kg:basis kg:Stated ;
    kg:quote "A und \\"B\\"" .
>>> text = "a:x a b:Y ;\\n    c:d \\"e. f\\" .\\n\\na:z a b:Y .\\n"
>>> start, end = find_block(text, "a:x")
>>> text[start:end]
'a:x a b:Y ;\\n    c:d "e. f" .\\n'
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.messages import message
from graph.namespaces import KG, PROV, RDF, SKOS
from graph.terms import written

__all__ = [
    "STATEMENT_ORDER",
    "Splice",
    "cooked",
    "edge_line",
    "entity_block",
    "find_block",
    "find_line",
    "kind_section",
    "literal",
    "new_section_at",
    "raw",
    "relation_block",
    "sentence_heading",
    "sentence_section",
    "sentence_title",
    "splice",
    "statement_block",
    "term",
]

#: The order of a statement's properties in ``data/triples.ttl``.
STATEMENT_ORDER: tuple[URIRef, ...] = (
    RDF.subject, RDF.predicate, RDF.object, KG.start, KG.end, KG.pointInTime, KG.before,
    KG.after, KG.because, PROV.wasDerivedFrom, KG.basis, KG.inferredPart,
    PROV.wasAttributedTo, KG.quote, SKOS.note,
)

#: A section heading of ``data/triples.ttl``: ``# ====...==== Satz 04`` or ``... Persons``.
_HEADING = re.compile(r"# =+ (.*)", re.ASCII)
#: The heading of each entity kind's section (its first word), by class local name.
_KIND_HEADINGS = {
    "Person": "Persons", "Group": "Groups", "Organisation": "Organisations", "State": "States",
    "Place": "Places", "Event": "Events", "Position": "Offices", "Document": "Documents",
}
_RULE = "# " + "=" * 64


def raw(text: str) -> str:
    """``text`` as its UTF-8 bytes, one character a byte (Latin-1).

    The workspace holds each file so: a file of a million triples is spliced, compared and
    written at the speed of copying bytes (an ``str`` with „quotes“ holds two bytes a
    character and encodes slowly), character offsets are byte offsets, and everything this
    module looks for (headings, prefixed names, quotes, dots, newlines) is ASCII, which a UTF-8
    byte sequence of another character never contains.

    >>> raw("Stählerne"), cooked(raw("Stählerne"))
    ('StÃ¤hlerne', 'Stählerne')
    """
    return text.encode("utf-8").decode("latin-1")


def cooked(text: str) -> str:
    """What :func:`raw` made, as text again."""
    return text.encode("latin-1").decode("utf-8")


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``new`` (an insertion when ``start == end``)."""

    start: int
    end: int
    new: str


def splice(text: str, splices: Iterable[Splice]) -> str:
    """``text`` with the splices made (they must not overlap).

    >>> splice("abcdef", [Splice(1, 2, "X"), Splice(4, 4, "++")])
    'aXcd++ef'
    """
    out, at = [], 0
    for s in sorted(splices, key=lambda s: (s.start, s.end)):
        if s.start < at:
            raise ValueError(message("edit.overlappingChanges"))
        out += [text[at:s.start], s.new]
        at = s.end
    out.append(text[at:])
    return "".join(out)


def literal(value: Literal) -> str:
    """A literal as Turtle: a one-line string with its language or datatype.

    >>> from graph.namespaces import XSD
    >>> literal(Literal("1924", datatype=XSD.gYear)), literal(Literal("a\\\\b", lang="en"))
    ('"1924"^^xsd:gYear', '"a\\\\\\\\b"@en')
    """
    text = (str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))
    if value.language:
        return f'"{text}"@{value.language}'
    if value.datatype is not None and str(value.datatype) != str(_XSD_STRING):
        return f'"{text}"^^{written(str(value.datatype))}'
    return f'"{text}"'


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def term(node: Node) -> str:
    """An IRI (prefixed where a project prefix fits) or a literal, as Turtle."""
    if isinstance(node, Literal):
        return literal(node)
    return written(str(node))


def _block(subject: str, kind: str, rows: Sequence[tuple[str, list[str]]]) -> str:
    lines = [f"{subject} a {kind}"] + [f"    {p} {', '.join(values)}" for p, values in rows]
    return " ;\n".join(lines) + " .\n"


def statement_block(curie: str, pairs: Iterable[tuple[URIRef, Node]]) -> str:
    """The block of a statement node, its properties in :data:`STATEMENT_ORDER`."""
    by: dict[URIRef, list[str]] = {}
    for p, o in pairs:
        by.setdefault(p, []).append(term(o))
    unknown = set(by) - set(STATEMENT_ORDER)
    if unknown:
        raise ValueError(message("edit.notStatementProperty",
                                 properties=", ".join(sorted(map(str, unknown)))))
    return _block(curie, "rdf:Statement", [(written(str(p)), by[p]) for p in STATEMENT_ORDER
                                           if p in by])


def entity_block(curie: str, kind: str, rows: Sequence[tuple[str, list[Literal]]]) -> str:
    """The block of an entity: ``person:X a kg:Person ;`` and its labels (prefixed names of
    the properties, in the order given)."""
    return _block(curie, kind, [(p, [literal(v) for v in vs]) for p, vs in rows if vs])


def relation_block(curie: str, kinds: str, rows: Sequence[tuple[str, list[str]]]) -> str:
    """The block of a relation of ``data/vocab.ttl`` (values already written as Turtle)."""
    return _block(curie, kinds, [(p, vs) for p, vs in rows if vs])


def edge_line(s: Node, p: Node, o: Node) -> str:
    """The direct edge as one line: ``person:A rel:friendOf person:B .``"""
    return f"{term(s)} {term(p)} {term(o)} .\n"


def find_line(text: str, line: str, start: int = 0, end: int | None = None) -> int | None:
    """Where the whole line ``line`` (with its newline) starts in ``text[start:end]``, or None."""
    end = len(text) if end is None else end
    at = start
    while True:
        i = text.find(line, at, end)
        if i < 0:
            return None
        if i == 0 or text[i - 1] == "\n":
            return i
        at = i + 1


def find_block(text: str, curie: str) -> tuple[int, int] | None:
    """The (start, end) of the block whose subject is ``curie`` (at the start of a line), from
    its first character to after the newline of the line with its final ``.``; None if there
    is none."""
    found = re.search(rf"^{re.escape(curie)}[ \t]", text, re.M | re.ASCII)
    if found is None:
        return None
    start = found.start()
    i, n, in_string, in_iri = start, len(text), False, False
    while i < n:
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_string = False
        elif in_iri:
            in_iri = ch != ">"
        elif ch == '"':
            in_string = True
        elif ch == "<":
            in_iri = True
        elif ch == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        elif ch == "." and (i + 1 == n or text[i + 1] in " \t\r\n"):
            line_end = text.find("\n", i)
            return start, n if line_end < 0 else line_end + 1
        i += 1
    return None


def _sections(text: str) -> list[tuple[str, int, int]]:
    """Every section: (heading title, start of the heading line, end of the section).

    Headings are found with ``str.find`` (a regular expression over a file of a million
    triples takes a second).
    """
    starts, at = [], 0
    while (i := text.find(_RULE, at)) >= 0:
        if i == 0 or text[i - 1] == "\n":
            starts.append(i)
        at = i + len(_RULE)
    out = []
    for k, start in enumerate(starts):
        line_end = text.find("\n", start)
        line = text[start:line_end if line_end >= 0 else len(text)]
        m = _HEADING.fullmatch(line)
        if m is not None:
            out.append((m.group(1).strip(), start, starts[k + 1] if k + 1 < len(starts)
                        else len(text)))
    return out


def _content_end(text: str, start: int, end: int) -> int:
    """The end of the last non-blank line in ``text[start:end]`` (after its newline)."""
    body = text[start:end].rstrip()
    return start + len(body) + (1 if start + len(body) < len(text) else 0)


def sentence_title(local: str) -> str:
    """The heading of a sentence's section, from its IRI's part after ``sentence/``: ``Satz 07``
    for ``sentence:07`` (two digits at least, as the file writes them), ``Satz quelle/3`` for a
    sentence of another source.

    >>> sentence_title("7"), sentence_title("07"), sentence_title("synthetic-1001")
    ('Satz 07', 'Satz 07', 'Satz synthetic-1001')
    """
    return f"Satz {int(local):02d}" if local.isdigit() else f"Satz {local}"


def _key(title: str) -> tuple[str, int] | None:
    """A sentence heading's (source part, number), to find and order sections by; None for a
    heading of another kind.

    >>> _key("Satz 07"), _key("Satz quelle/12"), _key("Persons")
    (('', 7), ('quelle/', 12), None)
    """
    m = re.fullmatch(r"Satz (.*?)(\d+)", title, re.ASCII)
    return (m.group(1), int(m.group(2))) if m else None


def sentence_heading(title: str, sentence_text: str) -> str:
    """A sentence's section heading: the rule with its title and the sentence as comments.

    >>> print(sentence_heading("Satz 07", "Stalin wehrte sich."), end="")
    # ================================================================ Satz 07
    # Stalin wehrte sich.
    """
    lines = textwrap.wrap(sentence_text, width=98, break_long_words=False,
                          break_on_hyphens=False)
    return f"{_RULE} {title}\n" + "".join(f"# {line}\n" for line in lines)


def sentence_section(text: str, title: str) -> tuple[int, int, int] | None:
    """The section headed ``title``: (start of its heading, end of its comment lines, end of
    its content), or None when the file has no section for it."""
    wanted = _key(title)
    for found, start, end in _sections(text):
        if found == title or (wanted is not None and _key(found) == wanted):
            body = start
            while body < end and text.startswith("#", body):
                body = text.find("\n", body) + 1 or end
            return start, body, _content_end(text, start, end)
    return None


def new_section_at(text: str, title: str) -> int:
    """Where a new section headed ``title`` goes: before the first section of the same source
    with a higher number; else after the last section of that source; else at the end."""
    wanted = _key(title)
    after = len(text)
    for found, start, end in _sections(text):
        key = _key(found)
        if wanted is None or key is None or key[0] != wanted[0]:
            continue
        if key[1] > wanted[1]:
            return start
        after = end
    return after


def kind_section(text: str, kind: str) -> int | None:
    """Where a new entity of class ``kind`` (local name) goes: after the last block of its
    section (``# ==== Persons``), or None when the file has no such section."""
    first = _KIND_HEADINGS.get(kind, kind)
    for title, start, end in _sections(text):
        if title.split(" ")[0] == first:
            return _content_end(text, start, end)
    return None
