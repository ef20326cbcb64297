"""The one name rule (graph/names.py) on every surface, held to one shared list of cases,
``tests/fixtures/search_cases.json``: the Python API (``kg.search``, ``kg.find``), the CLI
(``kg show``), HTTP (``GET /query/names``, the workbench's suggestions) and the viewer's search
box (``kgViewer.search`` and ``kgViewer.rank`` in Chromium)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromium import ARGS, CHROMIUM, SKIP_REASON
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import graph
from graph import names
from graph.errors import LookupFailed
from graph.names import normalise, rank, tolerance, words_miss
from kgapp.cli import main
from kgapp.server.workbench import SUGGESTIONS
from viz.render import render

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "fixtures" / "search_cases.json").read_text(encoding="utf-8")
)["cases"]
IDS = [c["query"] for c in CASES]


def curies(kg: graph.KnowledgeGraph, iris: list[str]) -> list[str]:
    return [kg.curie(i) for i in iris]


# ---------------------------------------------------------------------------- the rule itself


def test_the_normaliser_folds_case_accents_umlauts_and_punctuation() -> None:
    assert normalise("Bucharin") == normalise("bucharin") == normalise("BUCHARIN") == "bucharin"
    assert normalise("Stählerne") == normalise("Stahlerne") == "stahlerne"
    assert normalise("Großer Terror") == normalise("GROSSER TERROR") == "grosser terror"
    assert normalise("Jalta-Konferenz") == normalise("jalta konferenz") == "jalta konferenz"
    assert normalise("  J.W.Stalin  ") == "j w stalin"
    assert normalise("Sinowjew") != normalise("Zinoviev")  # two labels, not one folded key


def test_tolerance_thresholds() -> None:
    assert [tolerance("x" * n) for n in range(1, 11)] == [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]


def test_ranks_in_order() -> None:
    assert rank("leo trotzki", "leo trotzki") == 0
    assert rank("leo tr", "leo trotzki") == 1
    assert rank("trotzki leo", "leo trotzki") == 2
    assert rank("otzk", "leo trotzki") == 3
    assert rank("trotski", "leo trotzki") == 4  # one substitution
    assert rank("trotzik", "leo trotzki") == 4  # one swap of neighbours (OSA)
    assert rank("tortzik", "leo trotzki") is None  # two mistakes in a 7-letter word: too many
    assert rank("sinowjev", "grigori sinowjew") == 4 and rank("sinwojev", "sinowjew") == 5
    assert rank("zk", "zx") is None and rank("", "stalin") is None


def test_words_miss_sums_each_query_word() -> None:
    assert words_miss(["trotski", "leo"], ["leo", "trotzki"]) == 1
    assert words_miss(["trotski", "leon"], ["leo", "trotzki"]) == 2
    assert words_miss(["trotski", "lenin"], ["leo", "trotzki"]) is None


def test_search_orders_by_rank_then_name_length_then_iri() -> None:
    index = {"b": ["stalin s helpers"], "a": ["stalins helfer"], "c": ["stalin"], "d": ["xyz"]}
    assert names.search("stalin", index) == ["c", "a", "b"]
    assert names.search("stalin", index, limit=1) == ["c"]
    assert names.search("stalin", index, limit=None) == ["c", "a", "b"]


@given(st.text(max_size=20))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once


def brute_force(text: str, index: dict[str, list[str]], limit: int | None = None) -> list[str]:
    """The rule's definition, name by name: rank every name, order by (rank, length, id)."""
    query = normalise(text)
    scored = []
    for key, keys in index.items():
        ranks = [(r, len(n)) for n in keys if (r := rank(query, n)) is not None]
        if ranks:
            scored.append((*min(ranks), key))
    return [key for *_, key in sorted(scored)[:limit]]


WORDS = st.sampled_from(["stalin", "trotzki", "trotsky", "leo", "sinowjew", "zinoviev", "ab",
                         "abc", "abcd", "kamenew", "stalins", "helfer", "x"])
NAMES = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.lists(NAMES, min_size=1, max_size=3),
                       max_size=8),
       st.one_of(NAMES, st.text(max_size=10), WORDS.map(lambda w: w[1:] + w[:1])))
def test_the_index_answers_as_the_rule_says_name_by_name(index: dict[str, list[str]],
                                                          text: str) -> None:
    assert names.Index(index).search(text, None) == brute_force(text, index)


def test_the_index_answers_as_the_rule_on_the_graph(kg: graph.KnowledgeGraph) -> None:
    from graph.lookup import NameIndex

    index = NameIndex(kg.entities.values()).keys
    prepared = names.Index(index)
    queries = [c["query"] for c in CASES] + [n for e in kg.entities.values()
                                             for n in (e.label_de, e.label_en)]
    for text in queries + [q[:-1] + "x" for q in queries]:
        assert prepared.search(text, None) == brute_force(text, index), text


# ---------------------------------------------------------------------------- Python


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_api(kg: graph.KnowledgeGraph, case: dict[str, Any]) -> None:
    hits = curies(kg, [e.iri for e in kg.search(case["query"])])
    assert (hits[:1] or [None])[0] == case["first"]
    assert set(case["also"]) <= set(hits)
    if case["find"] is not None:
        assert kg.curie(str(kg.find(case["query"]))) == case["find"]
        return
    with pytest.raises(LookupFailed) as err:
        kg.find(case["query"])
    first = err.value.candidates[:1]
    if case["suggests"] is None:
        assert first == []
    else:
        assert first and first[0].endswith(f"({case['suggests']})")


# ---------------------------------------------------------------------------- the CLI


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli_show(case: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["show", case["query"]])
    if case["find"] is not None:
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[0].endswith(", " + case["find"])
        return
    assert result.exit_code == 2
    # ambiguous (one candidate a line), or unknown
    message = result.stderr.replace("it may mean:\n  ", "did you mean: ").replace("\n  ", "; ")
    if case["suggests"] is None:
        assert "did you mean" not in message
    else:
        suggested = message.split("did you mean: ", 1)[1]
        assert suggested.split(";")[0].strip().endswith(f"({case['suggests']})")


# ---------------------------------------------------------------------------- HTTP


def test_http_name_suggestions(kg: graph.KnowledgeGraph, http: httpx.Client) -> None:
    for case in CASES:
        answer = http.get("/query/names", params={"q": case["query"]})
        assert answer.status_code == 200
        values = [hit["value"] for hit in answer.json()]
        assert values == curies(kg, [e.iri for e in kg.search(case["query"], SUGGESTIONS)])
        assert (values[:1] or [None])[0] == case["first"], case["query"]
        assert set(case["also"]) <= set(values)


# ---------------------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def viewer(kg: graph.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The viewer's page of the bundled graph, open in Chromium (offline)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    path = render(kg, tmp_path_factory.mktemp("search") / "en.html")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgViewer && window.kgViewer.ready", timeout=60_000)
        yield page
        assert errors == []
        browser.close()


def test_the_page_searches_as_python_does(kg: graph.KnowledgeGraph, viewer: Any) -> None:
    queries = [c["query"] for c in CASES]
    found = viewer.evaluate("qs => qs.map(q => kgViewer.search(q, 1000))", queries)
    for case, hits in zip(CASES, found, strict=True):
        assert hits == [e.iri for e in kg.search(case["query"], limit=None)], case["query"]
        assert (curies(kg, hits)[:1] or [None])[0] == case["first"], case["query"]
        assert set(case["also"]) <= set(curies(kg, hits))


def test_the_page_ranks_every_name_as_python_does(kg: graph.KnowledgeGraph, viewer: Any) -> None:
    """Every query of the list against every name of the graph: the page's rank is
    graph.names.rank (the typo distances of its own edit distance included)."""
    every = sorted({n for e in kg.entities.values() for n in (e.label_de, e.label_en, *e.aliases)})
    queries = [c["query"] for c in CASES] + ["stal", "helfer stalins", "rokossowsky", "tortzik"]
    got = viewer.evaluate(
        "([qs, ns]) => qs.map(q => ns.map(n => kgViewer.rank(q, n)))", [queries, every])
    want = [[rank(normalise(q), normalise(n)) for n in every] for q in queries]
    assert got == want
