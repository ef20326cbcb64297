"""Errors a person can read (issue 25, item 3): SPARQL syntax errors located and worded on
every surface, unknown prefixes named, misspelt terms and parameters that match nothing
warned about (the query still runs), ambiguous names one per line and capped, RDF 404s with
the same suggestions as the HTML page, an entity's own description first in every format."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import rdflib
from click.testing import CliRunner
from starlette.testclient import TestClient

import graph
from graph.errors import QueryError
from graph.lookup import LISTED
from graph.namespaces import PERSON
from graph.sparql_errors import SparqlSyntaxError
from kgapp.cli import main
from kgapp.server import Settings, create_app

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def client(kg: graph.KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(kg, Settings(workers=1))) as c:
        yield c


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------------- syntax errors
CUT_OFF = "SELECT ?x WHERE { ?x rel:foo "


def test_a_syntax_error_is_one_located_line_in_python(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(SparqlSyntaxError) as caught:
        kg.query(CUT_OFF)
    err = caught.value
    assert (err.line, err.column, err.found) == (1, 30, "")
    text = str(err)
    assert text.startswith("SPARQL syntax error at line 1, column 30, at the end of the query")
    assert "a variable" in text and "an IRI" in text and "a literal" in text
    assert "\\u{" not in text and "'..=" not in text and "\n" not in text  # no grammar dump


def test_the_found_token_is_named(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(SparqlSyntaxError, match=r"line 2, column 23, at WHERE: expected DISTINCT"):
        kg.query("PREFIX ex: <http://e/>\nSELECT (COUNT(?x) ?n) WHERE { ?x ?y ?z }")  # no AS


def test_an_unknown_prefix_is_named(kg: graph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError) as caught:
        kg.query("SELECT ?x WHERE { ?x foo:bar ?y }")
    assert str(caught.value) == (
        "SPARQL syntax error at line 1, column 22: unknown prefix foo: in foo:bar "
        "(declare it with PREFIX foo: <…>, or use one of foaf:)")


def test_the_cli_prints_the_same_line_and_exits_2() -> None:
    code, out, err = _run("query", CUT_OFF)
    assert code == 2 and out == ""
    assert err.strip().startswith("SPARQL syntax error at line 1, column 30")
    assert len(err.strip().splitlines()) == 1


def test_the_endpoint_answers_the_same_line(client: TestClient) -> None:
    answer = client.get("/sparql", params={"query": CUT_OFF})
    assert answer.status_code == 400
    assert "SPARQL syntax error at line 1, column 30, at the end of the query" in answer.text
    assert "\\u{" not in answer.text


# ---------------------------------------------------------------------------- warnings
def test_a_misspelt_relation_warns_with_the_closest_and_still_runs(
        kg: graph.KnowledgeGraph) -> None:
    result = kg.query("SELECT ?x WHERE { ?x rel:exiledWithh ?y }")
    assert len(result) == 0
    assert result.warnings == [
        "rel:exiledWithh matches nothing in the graph; did you mean rel:exiledWith, "
        "rel:clashedWith or rel:exiledTo?"]
    assert kg.query("SELECT ?x WHERE { ?x rel:exiledWith ?y }").warnings == []
    own = "PREFIX rel: <http://example.org/> SELECT ?x WHERE { ?x rel:anything ?y }"
    assert kg.query(own).warnings == []  # a prefix the query declares is its own


def test_warnings_go_to_stderr_and_keep_the_exit_code() -> None:
    code, out, err = _run("query", "SELECT ?x WHERE { ?x kg:quotee ?y }", "--format", "csv")
    assert code == 0 and out.strip() == "x"
    assert err.strip() == "warning: kg:quotee matches nothing in the graph; did you mean kg:quote?"


def test_a_parameter_that_matches_nothing_names_the_values_that_do() -> None:
    code, out, err = _run("query", "in-sentence", "--param", "n=99", "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 1  # the header alone
    assert err.strip() == ("warning: $n = 99 matches nothing in in-sentence; "
                           "values that do: 25, 24, 23, 22, 21")
    code, _, err = _run("query", "in-sentence", "--param", "n=9", "--format", "csv")
    assert code == 0 and err == ""


# ---------------------------------------------------------------------------- candidates
def test_an_ambiguous_name_lists_one_candidate_a_line_capped() -> None:
    code, out, err = _run("show", "S")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "'S' is ambiguous; it may mean:"
    options = [x for x in lines[1:] if x.startswith("  ") and not x.startswith("  …")]
    assert len(options) == LISTED
    assert lines[LISTED + 1].startswith("  … (") and lines[LISTED + 1].endswith(" more)")
    assert lines[-1] == "(use a fuller name or the prefixed name)"


# ---------------------------------------------------------------------------- Linked Data
RDF = {"text/turtle": "turtle", "application/n-triples": "nt",
       "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.mark.parametrize("media", list(RDF))
def test_rdf_404s_suggest_what_the_page_suggests(client: TestClient, media: str) -> None:
    page = client.get("/person/Stallin", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "person:Stalin" in page.text
    answer = client.get("/person/Stallin", headers={"Accept": media})
    assert answer.status_code == 404
    assert "person:Stalin" in answer.text and str(PERSON.Stalin) in answer.text
    assert len(rdflib.Graph().parse(data=answer.content, format=RDF[media])) == 0  # no claims
    if media == "application/ld+json":
        assert json.loads(answer.text)["near"][0]["name"] == "person:Stalin"


@pytest.mark.parametrize("media", list(RDF))
def test_the_entitys_own_description_comes_first(client: TestClient, media: str,
                                                 kg: graph.KnowledgeGraph) -> None:
    answer = client.get("/person/Stalin", headers={"Accept": media})
    assert answer.status_code == 200
    text = answer.text
    if media == "text/turtle":
        first = text.split("\n\n")[1]  # after the prefixes
        assert first.startswith("person:Stalin a kg:Person")
    elif media == "application/n-triples":
        assert text.startswith(f"<{PERSON.Stalin}> ")
    elif media == "application/ld+json":
        assert json.loads(text)["@graph"][0]["@id"] == "person:Stalin"
    else:
        assert text[text.index("<rdf:Description"):].startswith(
            f'<rdf:Description rdf:about="{PERSON.Stalin}"')
    whole = rdflib.Graph().parse(data=answer.content, format=RDF[media])
    assert (PERSON.Stalin, rdflib.RDFS.label, rdflib.Literal("Josef Stalin", lang="de")) in whole
    assert len(whole) > 500  # everything is still there, only in another order


def test_http_client_reads_the_endpoint_error(http: httpx.Client) -> None:
    answer = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x foo:bar ?y }"})
    assert answer.status_code == 400 and "unknown prefix foo:" in answer.text
