"""The rules ``kg check`` enforces, one :class:`Rule` each, in one registered list.

A rule has a name, what it checks, how to fix what it finds, and how it finds it: either the
SHACL shapes of ``data/shapes.ttl`` it stands for (run together by :mod:`graph.check.shacl`),
or a function from the checked :class:`~graph.check.triples.Triples` to findings. To add a
rule, write its function in the module of its family (or its shape in ``shapes.ttl``) and add
one entry to :data:`RULES`.

>>> [rule.name for rule in RULES][:3]
['entity-shape', 'statement-shape', 'statement-basis']
>>> rule_named("quote-verbatim").find is quote_verbatim
True
>>> rule_of_shape(URIRef(SHAPES + "Statement-basis")).name
'statement-basis'
>>> print(rules_text()[:-1].split("\\n\\n")[-1])
criticism-words: a criticism's kg:sourceWords are verbatim in its kg:criticisedSentence, and the statements it kg:criticises are derived from that sentence
    fix: copy the words exactly from the sentence; criticise that sentence's statements
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from graph.check.basis import attributed_reported, basis_note, date_in_sentence, inferred_part
from graph.check.criticism import criticism_cited, criticism_words
from graph.check.duplicates import no_duplicate_statements
from graph.check.edges import edge_has_statement, relation_declared, statement_has_edge
from graph.check.entities import entity_declared
from graph.check.quotes import quote_verbatim
from graph.check.report import Finding
from graph.check.triples import Triples
from graph.namespaces import BASE

__all__ = ["RULES", "SHAPES", "Rule", "rule_named", "rule_of_shape", "rules_text"]

#: The namespace of the shapes in ``data/shapes.ttl`` (``kgsh:``).
SHAPES = BASE + "shapes#"

#: A rule's function: the findings in the checked triples.
Find = Callable[[Triples], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule of ``kg check``.

    ``find`` is its function; a SHACL rule has none and names its ``shapes`` instead (local
    names in ``kgsh:``), whose ``sh:message`` says what is wrong.
    """

    name: str
    checks: str
    fix: str
    find: Find | None = None
    shapes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.find is None) == (not self.shapes):
            raise ValueError(f"rule {self.name}: give either a function or SHACL shapes")

    @property
    def shacl(self) -> bool:
        """Whether the rule is checked by the SHACL shapes."""
        return self.find is None


#: Every rule, SHACL first, in the order the README lists them.
RULES: tuple[Rule, ...] = (
    Rule(
        "entity-shape",
        "entities are IRIs in an entity namespace, with exactly one German and one English "
        "rdfs:label, language-tagged skos:altLabel and at most one Wikidata owl:sameAs",
        "add the missing label (\"...\"@de, \"...\"@en); put other forms in skos:altLabel",
        shapes=("Entity", "Entity-label", "Entity-label-de", "Entity-label-en",
                "Entity-altLabel", "Entity-sameAs"),
    ),
    Rule(
        "statement-shape",
        "statements are typed rdf:Statement and have exactly one rdf:subject, rdf:predicate "
        "(rel:...) and rdf:object, at least one prov:wasDerivedFrom sentence (of one source or "
        "several) and at least one kg:quote, text notes and no other properties; kg:after/kg:before point at a statement or an event, "
        "kg:because at a statement or an entity",
        "add what is missing; check the spelling of the properties",
        shapes=("Statement", "StatementTyped", "Statement-subject", "Statement-predicate",
                "Statement-object", "Statement-sentence", "Statement-quote", "Statement-note",
                "Statement-after", "Statement-before", "Statement-because"),
    ),
    Rule(
        "statement-basis",
        "every statement has exactly one kg:basis: kg:Stated, kg:Inferred or kg:Reported; "
        "kg:inferredPart is kg:InferredRelation or kg:InferredDate; prov:wasAttributedTo "
        "names an entity",
        "add kg:basis kg:Stated if the quoted words make the claim, kg:Inferred if you "
        "resolved something, kg:Reported if the text attributes or hedges it",
        shapes=("Statement-basis", "Statement-basisValue", "Statement-inferredPart",
                "Statement-attributedTo"),
    ),
    Rule(
        "typed-dates",
        "kg:start, kg:end, kg:pointInTime and the date relations (rel:dateOfDeath ...) are "
        "valid xsd:date, xsd:gYearMonth or xsd:gYear literals, at most one of each a statement",
        'write "1941-06-22"^^xsd:date, "1936-09"^^xsd:gYearMonth or "1924"^^xsd:gYear',
        shapes=("Statement-start", "Statement-end", "Statement-pointInTime", "DatedFact",
                "DatedFact-dateOfDeath", "DatedFact-date", "DatedFact-startDate",
                "DatedFact-endDate"),
    ),
    Rule(
        "sentence-shape",
        "sentences have exactly one kg:sentenceNumber (an integer from 1) and one kg:text",
        "copy the number and the text from the source (sentence N is line N)",
        shapes=("Sentence", "Sentence-number", "Sentence-text"),
    ),
    Rule(
        "quote-verbatim",
        "every kg:quote is a verbatim substring of its sentence's kg:text",
        "copy the words exactly from the sentence (the message says where they differ)",
        quote_verbatim,
    ),
    Rule(
        "entity-declared",
        "every entity an edge or statement uses (also as prov:wasAttributedTo) is typed with "
        "an entity class",
        'declare it: person:X a kg:Person ; rdfs:label "..."@de, "..."@en .',
        entity_declared,
    ),
    Rule(
        "edge-has-statement",
        "every direct rel: edge has a statement node (either direction for symmetric "
        "relations)",
        "add the rdf:Statement with its sentence and quote, or remove the edge",
        edge_has_statement,
    ),
    Rule(
        "statement-has-edge",
        "every statement of a rel: relation has its direct edge (either direction for "
        "symmetric relations)",
        "add the direct edge the statement states",
        statement_has_edge,
    ),
    Rule(
        "relation-declared",
        "every rel: relation used by an edge or statement is declared in data/vocab.ttl",
        "fix the spelling, or add the relation to data/vocab.ttl",
        relation_declared,
    ),
    Rule(
        "no-duplicate-statements",
        "no two statements with the same subject, predicate, object, dates and sentence",
        "merge them into one statement, keeping each kg:quote",
        no_duplicate_statements,
    ),
    Rule(
        "date-in-sentence",
        "a date (kg:start, kg:end, kg:pointInTime, or the value of a date relation) whose "
        "year is not in its sentence's kg:text is on a kg:Inferred statement",
        "set kg:basis kg:Inferred, kg:inferredPart kg:InferredDate (or kg:InferredRelation) "
        "and a skos:note on where the year comes from",
        date_in_sentence,
    ),
    Rule(
        "basis-note",
        "every kg:Inferred or kg:Reported statement has a skos:note",
        "say what you resolved and why (Inferred), or who claims it or how it is hedged "
        "(Reported)",
        basis_note,
    ),
    Rule(
        "inferred-part",
        "every kg:Inferred statement has a kg:inferredPart, and only kg:Inferred ones",
        "add kg:inferredPart kg:InferredDate or kg:InferredRelation, or remove it",
        inferred_part,
    ),
    Rule(
        "attributed-reported",
        "prov:wasAttributedTo only on kg:Reported statements",
        "set kg:basis kg:Reported, or remove the attribution",
        attributed_reported,
    ),
    Rule(
        "criticism-shape",
        "source criticisms (kg:Criticism) are IRIs in criticism: with exactly one "
        "kg:criticisedSentence, kg:sourceWords and oa:motivatedBy (oa:assessing or "
        "oa:questioning), one German and one English kg:literatureSays, kg:criticises only "
        "statements and kg:citation only kg:Reference works; a kg:Reference has dcterms:creator, "
        "one dcterms:title and one dcterms:issued year",
        "add what is missing; see docs/curating/criticism.md",
        shapes=("Criticism", "Criticism-sentence", "Criticism-words", "Criticism-statement",
                "Criticism-motivation", "Criticism-says-de", "Criticism-says-en",
                "Criticism-citation", "Criticism-note", "Reference", "Reference-creator",
                "Reference-title", "Reference-issued", "Reference-pages", "Reference-url"),
    ),
    Rule(
        "criticism-cited",
        "every source criticism cites at least one work of the literature (kg:citation)",
        "add kg:citation reference:X and describe reference:X (a kg:Reference: dcterms:creator, "
        "dcterms:title, dcterms:issued; pages and URL only where certain)",
        criticism_cited,
    ),
    Rule(
        "criticism-words",
        "a criticism's kg:sourceWords are verbatim in its kg:criticisedSentence, and the "
        "statements it kg:criticises are derived from that sentence",
        "copy the words exactly from the sentence; criticise that sentence's statements",
        criticism_words,
    ),
)

_BY_NAME = {rule.name: rule for rule in RULES}
_BY_SHAPE = {URIRef(SHAPES + shape): rule for rule in RULES for shape in rule.shapes}


def rule_named(name: str) -> Rule:
    """The rule called ``name`` (KeyError if there is none)."""
    return _BY_NAME[name]


def rule_of_shape(shape: Node | None) -> Rule | None:
    """The SHACL rule a shape of ``data/shapes.ttl`` belongs to, if any."""
    return _BY_SHAPE.get(shape) if isinstance(shape, URIRef) else None


def rules_text() -> str:
    """Every rule as ``name: what it checks`` and an indented ``fix:`` line (for
    ``kg check --list-rules``), blocks separated by blank lines."""
    return "\n".join(f"{r.name}: {r.checks}\n    fix: {r.fix}\n" for r in RULES)
