"""The same value means the same term from the CLI, the Python API and HTTP (graph.terms).

For each input the three give the same answer, or fail with the same message: the CLI on
stderr with exit status 2 (no traceback), the API as a KGError, HTTP as a 400 with the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

import graph
from graph.errors import KGError
from kgapp import cli, options
from kgapp.server import Settings, create_app, running

INPUTS = ["1927", "person:Nobody", "<http://x>", '"Trotzki"', "Trotzki", "Konferenz", "foo:bar"]
ADHOC = "SELECT ?v ?kind { BIND($x AS ?v) BIND(IF(isIRI(?v), 'iri', DATATYPE(?v)) AS ?kind) }"
#: A named query for each kind of parameter, with the parameter's name.
NAMED = [("relations-of", "entity"), ("in-sentence", "n")]


@pytest.fixture(scope="module")
def http(kg: graph.KnowledgeGraph) -> Iterator[httpx.Client]:
    with running(create_app(kg, Settings(workers=1, timeout=5))) as url, httpx.Client(
        base_url=url, trust_env=False, timeout=30
    ) as client:
        yield client


@pytest.fixture
def run_cli(kg: graph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``kg ARGS...`` in this process, on the session's graph (the bundled one, loaded once)."""
    monkeypatch.setattr(options, "load", lambda *args, **kwargs: kg)

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli.main, list(args))
        return result.exit_code, result.stdout, result.stderr

    return run


def api(call: Any) -> tuple[str, Any]:
    """("ok", the SPARQL JSON bindings) or ("error", the message) of an API call."""
    try:
        return "ok", json.loads(call().to_json())["results"]["bindings"]
    except KGError as err:
        return "error", str(err)


def from_cli(code: int, out: str, err: str) -> tuple[str, Any]:
    if code == 0:
        return "ok", json.loads(out)["results"]["bindings"]
    assert code == 2 and "Traceback" not in err, (code, err)
    return "error", err.strip()


@pytest.mark.parametrize("value", INPUTS)
def test_adhoc_query_cli_and_api_agree(kg: graph.KnowledgeGraph, run_cli: Any, value: str) -> None:
    expected = api(lambda: kg.query(ADHOC, {"x": value}))
    assert from_cli(*run_cli("query", ADHOC, "-p", f"x={value}", "-f", "json")) == expected


@pytest.mark.parametrize("value", INPUTS)
@pytest.mark.parametrize(("name", "param"), NAMED)
def test_named_query_cli_api_and_http_agree(
    kg: graph.KnowledgeGraph, run_cli: Any, http: httpx.Client, name: str, param: str, value: str
) -> None:
    expected = api(lambda: kg.run(name, **{param: value}))
    assert from_cli(*run_cli("query", name, "-p", f"{param}={value}", "-f", "json")) == expected
    r = http.get(f"/queries/{name}", params={param: value},
                 headers={"Accept": "application/sparql-results+json"})
    if expected[0] == "ok":
        assert r.status_code == 200 and r.json()["results"]["bindings"] == expected[1]
    else:
        assert r.status_code == 400 and r.text.rstrip("\n") == expected[1]


def test_what_the_rule_says(kg: graph.KnowledgeGraph) -> None:
    """The answers the tests above compare, spelt out: one rule for bare values."""
    kinds = {value: api(lambda v=value: kg.query(ADHOC, {"x": v})) for value in INPUTS}
    assert kinds["1927"][1][0]["kind"]["value"].endswith("#integer")
    assert kinds["<http://x>"][1][0]["v"] == {"type": "uri", "value": "http://x"}
    assert kinds['"Trotzki"'][1][0]["v"] == {"type": "literal", "value": "Trotzki"}
    assert kinds["Trotzki"][1][0]["v"]["value"] == "https://w3id.org/stalin-kg/person/Trotzki"
    assert kinds["person:Nobody"] == (
        "error", "no entity person:Nobody (<https://w3id.org/stalin-kg/person/Nobody>) in this graph"
    )
    assert kinds["Konferenz"][0] == "error" and "'Konferenz' is ambiguous" in kinds["Konferenz"][1]
    assert kinds["foo:bar"][0] == "error" and kinds["foo:bar"][1].startswith("unknown prefix 'foo:'")
    # a named query's declared kind decides instead: digits are a name for an entity ...
    assert api(lambda: kg.run("relations-of", entity="1927")) == (
        "error", "no entity is called '1927'"
    )
    # ... and a number is all an integer parameter takes
    assert api(lambda: kg.run("in-sentence", n="Trotzki")) == (
        "error", "parameter $n must be an integer, not 'Trotzki'"
    )
    assert api(lambda: kg.run("in-sentence", n="1927")) == ("ok", [])
