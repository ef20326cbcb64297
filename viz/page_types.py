"""The shape of the viewer's page data, defined once: what :func:`viz.data.page_data` makes and
the page's script reads (``viz/frontend/src``).

The page gets it in JSON blocks (:func:`viz.render.page_html`): ``kg-nodes`` (:class:`DrawnNode`
records), ``kg-edges`` (:class:`DrawnEdge`), ``kg-data`` (:class:`PageData` without its nodes and
edges) and, on a big graph's page, ``kg-compact`` (``viz/compact.py``), which the page decodes
into the same records. ``scripts/page_types.py`` writes the TypeScript declarations the page's
JavaScript is checked against (``viz/frontend/src/page-types.d.ts``) from these classes;
``tests/test_page_types.py`` fails when they drift apart, or when :func:`viz.data.page_data`
makes something these classes do not describe.

>>> sorted(PageEdge.__required_keys__)[:4]
['basis', 'claimant', 'end', 'from']
>>> "label" in DrawnNode.__annotations__, "label" in PageNode.__annotations__
(True, False)
"""


from typing import Literal, NotRequired, TypedDict

__all__ = [
    "DrawnEdge", "DrawnNode", "PageBasis", "PageClaimant", "PageCounts", "PageCriticism",
    "PageData", "PageEdge", "PageFact", "PageMeta", "PageMetric", "PageMetricBin", "PageNode",
    "PageOpened", "PageProblem", "PageReading", "PageReference", "PageRelation", "PageSearch", "PageServed", "PageSource",
    "PageType", "PageWikidata", "Smooth",
]

#: How a statement rests on its sentence (graph.model.BASES).
Basis = Literal["stated", "inferred", "reported"]


class PageClaimant(TypedDict):
    """Who a reported statement is according to."""

    id: str
    curie: str
    label_de: str
    label_en: str


class PageReference(TypedDict):
    """A work the source criticism cites."""

    citation: str
    url: str | None


class PageCriticism(TypedDict):
    """Source criticism of a statement (``viz.data.criticism_data``): an editorial note on what
    the literature says instead, never the source's claim."""

    id: str
    verdict: Literal["wrong", "disputed"]
    sentence: int
    words: str
    says_de: str
    says_en: str
    references: list[PageReference]


class PageWikidata(TypedDict):
    """An entity's Wikidata item."""

    id: str
    url: str


class PageFact(TypedDict):
    """A dated fact about an entity (a literal value, not a relation), shown in its panel."""

    statement: str
    relation: str
    #: the relation's name in German and English, from the vocabulary
    label_de: str
    label_en: str
    value: str
    sentence: int
    quote: str
    basis: Basis
    inferred_part: str | None
    claimant: PageClaimant | None
    note: str | None
    #: with several sources: the source's id (``meta.sources``), ``ID:N``, every sentence cited
    source: NotRequired[str | None]
    sentence_ref: NotRequired[str]
    cites: NotRequired[list[str]]
    criticisms: NotRequired[list[PageCriticism]]


class PageNode(TypedDict):
    """An entity: names, type, facts, layout position, size and metrics."""

    id: str
    curie: str
    type: str
    label_de: str
    label_en: str
    aliases: list[str]
    description_de: str | None
    description_en: str | None
    wikidata: PageWikidata | None
    facts: list[PageFact]
    degree: int
    size: float
    #: [first, last] year it exists in (either None when open), or None: always
    years: list[int | None] | None
    font: float
    x: float
    y: float
    metrics: dict[str, float]
    #: per metric: [size, bin]
    looks: dict[str, list[float]]


#: A statement drawn as a relation between two entities, with its evidence (the functional
#: form: "from" is a Python keyword). years: [first, last] it holds in (last None when open), or
#: None: undated.
PageEdge = TypedDict("PageEdge", {
    "id": str,
    "from": str,
    "to": str,
    "relation": str,
    "symmetric": bool,
    "start": str | None,
    "end": str | None,
    "point": str | None,
    "span": str,
    "years": list[int | None] | None,
    "sentence": int | None,
    "quote": str,
    "basis": Basis,
    "inferred_part": str | None,
    "claimant": PageClaimant | None,
    "note": str | None,
    # with several sources: the source's id (meta.sources), ID:N, every sentence cited
    "source": NotRequired[str | None],
    "sentence_ref": NotRequired[str],
    "cites": NotRequired[list[str]],
    "criticisms": NotRequired[list[PageCriticism]],
})


class Smooth(TypedDict):
    """vis-network's curve of one of several edges between the same two entities."""

    enabled: bool
    type: str
    roundness: float


class DrawnNode(PageNode):
    """A node as vis-network draws it (``kg-nodes``): the page node with label, shape, colour."""

    label: str
    shape: str
    color: str


class _DrawnEdge(PageEdge):
    label: str
    arrows: str
    dashes: bool | list[float]
    width: float


class DrawnEdge(_DrawnEdge, total=False):
    """An edge as vis-network draws it (``kg-edges``): arrow, line and, when bowed, its curve."""

    smooth: Smooth


class PageRelation(TypedDict):
    """A relation of the vocabulary, with its labels, colour and how many edges use it."""

    id: str
    iri: str
    label_de: str
    label_en: str
    inverse_de: str
    inverse_en: str
    comment: str
    symmetric: bool
    count: int
    color: str


class PageType(TypedDict):
    """An entity type, with its labels, colour, shape and count."""

    id: str
    label_de: str
    label_en: str
    comment: str
    count: int
    color: str
    shape: str


class PageBasis(TypedDict):
    """A basis (stated, inferred, reported), with the line it is drawn with."""

    id: str
    label_de: str
    label_en: str
    comment: str
    count: int
    dashes: bool | list[float]
    width: float


class PageMetricBin(TypedDict):
    """One colour of a metric's legend."""

    color: str
    count: int
    label_en: str
    label_de: str


class PageMetric(TypedDict):
    """A metric the nodes can be sized and coloured by."""

    id: str
    label_en: str
    label_de: str
    bins: list[PageMetricBin]
    sample: int | None


class PageCounts(TypedDict):
    """How much the page holds."""

    nodes: int
    edges: int
    facts: int
    statements: int


class PageSource(TypedDict):
    """A source text, with its licence."""

    id: str
    label_de: str
    label_en: str
    url: str
    licence: str
    licence_url: str


class PageServed(TypedDict):
    """Where the server that sent the page answers the project's IRIs (its Linked Data pages)."""

    #: the namespace of the project's IRIs (graph.namespaces.BASE)
    base: str
    #: the address an IRI's page is at, the IRI's part after ``base`` appended: "/" (the
    #: server's own paths) or its ``base_url``
    root: str
    #: the IRI of each sentence the page cites, by its number for the Stalin article's sentences
    #: and ``ID:N`` for another source's (:func:`graph.sources.sentence_ref`)
    sentences: dict[str, str]
    #: where that server checks and draws a file of the user's (``kg serve``'s ``/open``), which
    #: the page sends a picked or dropped file to; None where it does not (the page then reads
    #: the file for its queries only)
    open: str | None


class PageProblem(TypedDict):
    """A problem ``kg check`` finds in an opened file (:class:`graph.check.Problem`)."""

    #: the file's name as the user gave it (or a background file's, the vocabulary's)
    file: str
    line: int | None
    #: the offending node, written as ``kg check`` writes it (``person:Stalin``)
    node: str
    #: what is wrong and what to do
    message: str
    #: the rule that found it (``kg check --list-rules``)
    rule: str


class PageOpened(TypedDict):
    """One's own file, opened in the served page (``POST /open``): checked and drawn."""

    #: the file's name as the user gave it
    name: str
    #: how many triples the file holds
    triples: int
    problems: list[PageProblem]


class PageMeta(TypedDict):
    """The page's title, language, the choices it was rendered with, and its sources."""

    title: str
    lang: str
    #: the graph's version (a release, or "working copy")
    version: str
    as_of: int | None
    year: int | None
    relations: list[str] | None
    types: list[str] | None
    basis: list[str] | None
    years: list[int] | None
    counts: PageCounts
    sources: list[PageSource]
    csv_columns: list[str]
    #: where the project's IRIs have pages, when a server sent the page (``kg serve``, the
    #: workbench); None in a page written to a file, which links to no page
    served: PageServed | None
    #: the user's own file this page draws, checked (``kg serve``'s ``/open``); None otherwise
    opened: PageOpened | None
    #: "cite this statement": the citation's text by source IRI ("" for none) and language,
    #: ``{iri}``, ``{sentence}`` and ``{quote}`` left to fill (graph.release.citation_templates)
    citations: dict[str, dict[str, str]]


class PageReading(TypedDict):
    """A sentence of the text view: its segments, each with the statements that quote it."""

    number: int
    source: str | None
    segments: list[tuple[str, list[str]]]
    unquoted: list[str]


class PageSearch(TypedDict):
    """The search index (``viz.data.search_key``): each entity's normalised names, each
    statement's normalised quote, each sentence normalised."""

    entities: list[tuple[str, list[str]]]
    statements: list[tuple[str, str]]
    sentences: dict[str, str]


class PageData(TypedDict):
    """What :func:`viz.data.page_data` returns."""

    meta: PageMeta
    types: list[PageType]
    metrics: list[PageMetric]
    relations: list[PageRelation]
    bases: list[PageBasis]
    nodes: list[PageNode]
    edges: list[PageEdge]
    sentences: dict[str, str]
    sentence_sources: dict[str, str]
    reading: list[PageReading]
    search: PageSearch
    #: the catalogue's page.* messages, by language, without the prefix
    messages: dict[str, dict[str, str]]
