"""The rules ``kg check`` enforces, one :class:`Rule` each, in one registered list.

A rule has a name, what it checks, how to fix what it finds (for the registered rules, in the
message catalogue: ``check.rule.NAME.checks`` and ``.fix``), and how it finds it: either the
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
from graph.messages import MissingMessage, message
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
    checks: str = ""
    fix: str = ""
    find: Find | None = None
    shapes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.find is None) == (not self.shapes):
            raise ValueError(message("check.ruleDefinition", name=self.name))
        if not self.checks or not self.fix:  # a registered rule: its texts are in the catalogue
            checks, fix = self.texts("en")
            object.__setattr__(self, "checks", self.checks or checks)
            object.__setattr__(self, "fix", self.fix or fix)

    def texts(self, lang: str | None = None) -> tuple[str, str]:
        """What the rule checks and how to fix it, in ``lang`` (the user's when None): from the
        catalogue (``check.rule.NAME.checks`` / ``.fix``), else the rule's own texts.

        >>> rule_named("basis-note").texts("de")[0]
        'jede kg:Inferred- oder kg:Reported-Aussage hat eine skos:note'
        """
        try:
            return (message(f"check.rule.{self.name}.checks", lang),
                    message(f"check.rule.{self.name}.fix", lang))
        except MissingMessage:
            return self.checks, self.fix

    @property
    def shacl(self) -> bool:
        """Whether the rule is checked by the SHACL shapes."""
        return self.find is None


#: Every rule, SHACL first, in the order the README lists them (their texts: the catalogue).
RULES: tuple[Rule, ...] = (
    Rule("entity-shape", shapes=("Entity", "Entity-label", "Entity-label-de", "Entity-label-en",
                                 "Entity-altLabel", "Entity-sameAs")),
    Rule("statement-shape", shapes=("Statement", "StatementTyped", "Statement-subject",
                                    "Statement-predicate", "Statement-object",
                                    "Statement-sentence", "Statement-quote", "Statement-note",
                                    "Statement-after", "Statement-before", "Statement-because")),
    Rule("statement-basis", shapes=("Statement-basis", "Statement-basisValue",
                                    "Statement-inferredPart", "Statement-attributedTo")),
    Rule("typed-dates", shapes=("Statement-start", "Statement-end", "Statement-pointInTime",
                                "DatedFact", "DatedFact-dateOfDeath", "DatedFact-date",
                                "DatedFact-startDate", "DatedFact-endDate")),
    Rule("sentence-shape", shapes=("Sentence", "Sentence-number", "Sentence-text")),
    Rule("quote-verbatim", find=quote_verbatim),
    Rule("entity-declared", find=entity_declared),
    Rule("edge-has-statement", find=edge_has_statement),
    Rule("statement-has-edge", find=statement_has_edge),
    Rule("relation-declared", find=relation_declared),
    Rule("no-duplicate-statements", find=no_duplicate_statements),
    Rule("date-in-sentence", find=date_in_sentence),
    Rule("basis-note", find=basis_note),
    Rule("inferred-part", find=inferred_part),
    Rule("attributed-reported", find=attributed_reported),
    Rule("criticism-shape", shapes=("Criticism", "Criticism-sentence", "Criticism-words",
                                    "Criticism-statement", "Criticism-motivation",
                                    "Criticism-says-de", "Criticism-says-en",
                                    "Criticism-citation", "Criticism-note", "Reference",
                                    "Reference-creator", "Reference-title", "Reference-issued",
                                    "Reference-pages", "Reference-url")),
    Rule("criticism-cited", find=criticism_cited),
    Rule("criticism-words", find=criticism_words),
)

_BY_NAME = {rule.name: rule for rule in RULES}
_BY_SHAPE = {URIRef(SHAPES + shape): rule for rule in RULES for shape in rule.shapes}


def rule_named(name: str) -> Rule:
    """The rule called ``name`` (KeyError if there is none)."""
    return _BY_NAME[name]


def rule_of_shape(shape: Node | None) -> Rule | None:
    """The SHACL rule a shape of ``data/shapes.ttl`` belongs to, if any."""
    return _BY_SHAPE.get(shape) if isinstance(shape, URIRef) else None


def rules_text(lang: str | None = None) -> str:
    """Every rule as ``name: what it checks`` and an indented ``fix:`` line (for
    ``kg check --list-rules``), blocks separated by blank lines, in ``lang`` (the user's when
    None)."""
    lines = []
    for rule in RULES:
        checks, fix = rule.texts(lang)
        lines.append(message("check.rule.line", lang, name=rule.name, checks=checks) + "\n"
                     + message("check.rule.fixLine", lang, fix=fix) + "\n")
    return "\n".join(lines)
