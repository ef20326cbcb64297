"""The ``kg`` command line: each command is the API plus formatting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgapp.cli import main
from kgapp.shell import every_command

FIXTURES = Path(__file__).parent / "fixtures"


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help() -> None:
    for name in every_command():
        code, out, _ = kg(name, "--help")
        assert code == 0 and "Usage:" in out, name


def test_query_named_as_table() -> None:
    code, out, _ = kg("query", "exiled-with", "--format", "table")
    assert code == 0
    assert "person:Stalin" in out and "person:Kamenew" in out and "(1 row)" in out


def test_query_text_with_entity_parameter_and_json() -> None:
    code, out, _ = kg(
        "query", "SELECT ?party ?when { ?st rdf:subject $p ; rdf:predicate rel:expelledFrom ;"
        " rdf:object ?party ; kg:pointInTime ?when }", "--param", "p=trotsky", "-f", "json",
    )
    assert code == 0
    bindings = json.loads(out)["results"]["bindings"]
    assert bindings == [{
        "party": {"type": "uri", "value": "https://w3id.org/stalin-kg/organisation/KPdSU"},
        "when": {"type": "literal", "value": "1927",
                 "datatype": "http://www.w3.org/2001/XMLSchema#gYear"},
    }]


def test_query_file_and_csv(tmp_path: Path) -> None:
    rq = tmp_path / "family.rq"
    rq.write_text("SELECT ?child { ?child rel:sonOf $parent }", encoding="utf-8")
    code, out, _ = kg("query", str(rq), "-p", "parent=person:Stalin", "-f", "csv")
    assert code == 0
    assert out.splitlines() == ["child", "https://w3id.org/stalin-kg/person/Jakow"]


def test_construct_gives_turtle() -> None:
    code, out, _ = kg("query", "CONSTRUCT { person:Jakow ?p ?o } WHERE { person:Jakow ?p ?o }")
    assert code == 0 and "person:Jakow" in out and "rel:sonOf person:Stalin" in out


def test_query_stated_only_keeps_stated_rows() -> None:
    code, out, _ = kg("query", "in-sentence", "-p", "n=9", "-f", "csv")
    rows = out.splitlines()
    assert code == 0 and rows[0].endswith(",quote,basis,attributedTo")
    assert sum(r.endswith(",https://w3id.org/stalin-kg/vocab#Reported,"
                          "https://w3id.org/stalin-kg/person/Lenin") for r in rows) == 2
    code, out, _ = kg("query", "in-sentence", "-p", "n=9", "-f", "csv", "--stated-only")
    stated = out.splitlines()
    assert code == 0 and stated[0] == rows[0] and 1 < len(stated) < len(rows)
    assert all(r.endswith(",https://w3id.org/stalin-kg/vocab#Stated,") for r in stated[1:])
    assert stated == [r for r in rows if "vocab#Inferred," not in r and "vocab#Reported," not in r]


def test_query_stated_only_needs_a_basis_column(tmp_path: Path) -> None:
    import graph

    code, out, err = kg("query", "SELECT ?s { ?s a kg:Sentence }", "--stated-only")
    assert code == 2 and out == "" and "Traceback" not in err
    assert "no ?basis column (its columns: s)" in err
    own = tmp_path / "own.rq"
    own.write_text("SELECT ?st ?basis { ?st kg:basis ?basis ; prov:wasDerivedFrom sentence:09 }",
                   encoding="utf-8")
    code, out, _ = kg("query", str(own), "--stated-only", "-f", "csv")
    stated = graph.load().select(sentence=9, basis=["stated"])
    assert code == 0 and sorted(out.splitlines()[1:]) == sorted(
        f"{s.iri},https://w3id.org/stalin-kg/vocab#Stated" for s in stated)
    code, _, err = kg("query", "ASK { ?s ?p ?o }", "--stated-only")
    assert code == 2 and "the ASK query has no ?basis column" in err


def test_format_must_fit_the_query_form() -> None:
    code, _, err = kg("query", "exiled-with", "-f", "turtle")
    assert code == 2 and "does not fit a SELECT query" in err


def test_bad_sparql_is_located_and_not_a_traceback() -> None:
    code, _, err = kg("query", "SELECT ?x WHERE { ?x ?y }")
    assert code == 2 and "SPARQL syntax error" in err and "Traceback" not in err


def test_update_is_refused() -> None:
    code, _, err = kg("query", "INSERT DATA { person:A rel:friendOf person:B }")
    assert code == 2 and "read-only" in err


def test_unknown_name_lists_candidates() -> None:
    code, _, err = kg("show", "Sinowjev")
    assert code == 2 and "did you mean" in err and "Sinowjew" in err


def test_queries_lists_every_named_query() -> None:
    code, out, _ = kg("queries")
    assert code == 0
    for name in ("exiled-with", "expulsions", "had-shot", "dated-in-year", "offices"):
        assert f"{name}:" in out
    assert "--param year=<integer>" in out


def test_show_profile_by_english_alias() -> None:
    code, out, _ = kg("show", "zinoviev")
    assert code == 0
    assert out.startswith("Zinoviev, person:Sinowjew")  # the name in --lang (en)
    assert "„und war mit ihnen befreundet“" in out
    # read from Sinowjew's side: the inverse label, no arrow, no "(reversed)"
    assert "  faced expulsion proceedings started by:\n    Lenin (1917)  [9: " in out
    assert "←" not in out and "(reversed)" not in out


def test_show_marks_inferred_and_reported_claims() -> None:
    code, out, _ = kg("show", "Lenin")
    assert code == 0
    claims = out.split("  claims the text attributes to them:\n")[1].split("  source criticism")[0]
    claims = claims.splitlines()
    # the two betrayals (the Bolsheviks' plan is the text's: the Konjunktiv covers the betrayal)
    assert len(claims) == 2 and all("[reported by Lenin: " in c for c in claims)
    assert sum("[reported by Lenin: Reported speech in the Konjunktiv" in c for c in claims) == 2
    assert claims[0].startswith("    Kamenev allegedly betrayed (a plan) to Provisional Government")
    # the year of the proceedings is the curator's: marked, with the note saying why
    (line,) = [x for x in out.splitlines() if x.startswith("    Kamenev (1917)")]
    assert "“]  [date inferred: „Kurz nach der Oktoberrevolution im selben Jahr“: the excerpt " \
        "never names the year" in line
    assert line.endswith("]")
    code, out, _ = kg("show", "Kamenew")
    betrayed = out.split("  allegedly betrayed (a plan) to:\n")[1].splitlines()[0]
    assert "verraten hätten“]  [reported by Lenin: Reported speech in the Konjunktiv " \
        "(„weil sie ... verraten hätten“): Lenin's accusation" in betrayed
    assert betrayed.endswith("]")
    stated = [x for x in out.splitlines() if "Stalin war mit Kamenew zusammen" in x]
    assert stated == ["    Joseph Stalin  [8: „Stalin war mit Kamenew zusammen in der Verbannung "
                      "gewesen“]"]  # a stated claim carries no mark


def test_show_marks_an_unattributed_report_and_dated_facts() -> None:
    _, out, _ = kg("show", "Stalin")
    assert "  date of death: 1953  [1: „bis zu seinem Tod 1953“]  [inferred: „seinem Tod“: " in out
    boasts = [x for x in out.splitlines() if "[19: " in x]
    assert boasts and all("]  [reported: Reported, not asserted: " in x for x in boasts)
    _, german, _ = kg("show", "Lenin", "--lang", "de")
    assert "[laut Lenin: Reported speech" in german and "[Datum erschlossen: " in german


def test_show_and_timeline_stated_only() -> None:
    code, out, _ = kg("show", "Lenin", "--stated-only")
    assert code == 0 and "  initiated:" in out and "  authored:" in out
    assert "claims the text attributes" not in out and "Kamenev (1917)" not in out
    assert "inferred" not in out and "reported" not in out
    _, full, _ = kg("show", "Stalin")
    _, stated, _ = kg("show", "Stalin", "--stated-only")
    assert "date of death" in full and "date of death" not in stated  # inferred („er“)
    assert "inferred" not in stated and 0 < len(stated.splitlines()) < len(full.splitlines())
    code, out, _ = kg("timeline", "Stalin", "--stated-only")
    assert code == 0 and "1919-10-20  left  Tsaritsyn" in out
    assert "inferred" not in out and "1911-09     was arrested in" not in out
    code, out, _ = kg("timeline", "Trotzki", "--stated-only")
    assert code == 0 and out.splitlines()[1:] == ["  (no dated statements)"]


def test_show_wikidata_link() -> None:
    code, out, _ = kg("show", "Trotsky")
    assert code == 0
    assert "Wikidata: https://www.wikidata.org/wiki/Q33391" in out


def test_timeline_is_chronological() -> None:
    code, out, _ = kg("timeline", "Stalin")
    assert code == 0
    import re

    # read from Stalin's side, its date marked as the curator's
    assert re.search(r"^  1924 +was helped by  Kamenev  \[10: „[^“]*mit Hilfe von Kamenew[^“]*“\]"
                     r"  \[date inferred: \S", out, re.M)
    dates = [line.split()[0] for line in out.splitlines()[1:]]
    assert dates[0] == "1911-09" and "1953-03-01" in dates
    years = [d[:4] for d in dates if d[0].isdigit()]
    assert years == sorted(years)


def test_data_option_loads_other_files() -> None:
    clean = FIXTURES / "check" / "clean.ttl"
    code, out, _ = kg("query", "SELECT (COUNT(*) AS ?n) { ?s a rdf:Statement }",
                      "--data", str(clean), "-f", "csv")
    assert code == 0 and out.splitlines()[0] == "n" and int(out.splitlines()[1]) >= 1


def test_missing_data_file_is_exit_2() -> None:
    code, _, err = kg("stats", "--data", "no/such.ttl")
    assert code == 2 and "no/such.ttl" in err and "no such file" in err


def test_data_and_endpoint_exclude_each_other() -> None:
    code, _, err = kg("query", "exiled-with", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:9/q")
    assert code == 2 and "not both" in err


def test_unreachable_endpoint_is_a_clear_error() -> None:
    code, _, err = kg("show", "Stalin", "--endpoint", "http://127.0.0.1:9/sparql")
    assert code == 2 and "cannot reach http://127.0.0.1:9/sparql" in err


@pytest.mark.parametrize("command", ["export", "render"])
def test_outputs_never_go_into_the_data_folder(command: str) -> None:
    from graph.paths import data_dir

    args = [command, "-o", str(data_dir() / "out.x")]
    if command == "export":
        args += ["-f", "csv"]
    code, _, err = kg(*args)
    assert code == 2 and "refusing to write" in err
    assert not (data_dir() / "out.x").exists()


def test_explain_sytin_to_bucharin() -> None:
    code, out, _ = kg("explain", "Sytin", "bukharin", "--limit", "1")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("1. Sytin → Joseph Stalin →") and first.endswith("Bukharin (4 hops)")
    assert '12: "in deren Verlauf Sinowjew, Kamenew und Bucharin zum Tode verurteilt wurden"]' in out


def test_explain_reads_along_the_chain_and_marks_inferred_steps() -> None:
    code, out, _ = kg("explain", "Sytin", "Stalin")
    assert code == 0
    assert 'Sytin —clashed with / met with opposition from— Joseph Stalin [5: "Mit Sytin ' \
        "geriet er" in out
    assert '" (inferred: „er“ is Stalin' in out.split("; 7: ")[0]


def test_explain_stated_only_uses_no_inferred_statement() -> None:
    code, out, _ = kg("explain", "Jakow", "Kamenew", "--stated-only")
    assert code == 0 and out.startswith("1. Yakov → Joseph Stalin → Kamenev (2 hops)\n")
    assert "     Joseph Stalin —was in exile together with— Kamenev [8: " \
        '"Stalin war mit Kamenew zusammen in der Verbannung gewesen"]\n' in out
    # every claim that is not stated carries a mark; none does here
    assert "inferred" not in out and "reported" not in out
    _, full, _ = kg("explain", "Jakow", "Kamenew")
    assert "was helped by" not in out  # Kamenew's help (sentence 10) has an inferred date
    assert "Joseph Stalin —was in exile together with / was helped by— Kamenev" in full
    assert "(date inferred: " in full
    code, out, _ = kg("explain", "Sytin", "Bucharin", "--stated-only")
    assert code == 1 and out.strip() == "no chain of at most 4 stated relations links Sytin and Bucharin"


def test_explain_without_chain_exits_1() -> None:
    code, out, _ = kg("explain", "Sytin", "Bucharin", "--max-hops", "2")
    assert code == 1 and "no chain of at most 2 relations" in out


def test_explain_lists_distinct_paths_and_avoids_hubs() -> None:
    code, out, _ = kg("explain", "Kamenew", "Bucharin", "--limit", "20")
    assert code == 0
    paths = [line.split(". ", 1)[1] for line in out.splitlines() if line[:1].isdigit()]
    assert len(set(paths)) == len(paths) > 2  # each chain a different path of entities
    assert any("Joseph Stalin" in path for path in paths)
    code, out, _ = kg("explain", "Kamenew", "Bucharin", "--limit", "20", "--avoid", "Stalin",
                      "--avoid", "Provisorische Regierung")
    avoided = [line for line in out.splitlines() if line[:1].isdigit()]
    assert code == 0 and avoided and len(avoided) < len(paths)
    assert "Joseph Stalin" not in out and "Provisional Government" not in out
    code, out, _ = kg("explain", "Sytin", "Bucharin", "--avoid", "Stalin")
    assert code == 1 and out.strip() == ("no chain of at most 4 relations links Sytin and Bucharin"
                                         " avoiding Stalin")
    code, _, err = kg("explain", "Sytin", "Bucharin", "--avoid", "Sytin")
    assert code == 2 and "cannot avoid 'Sytin': it is an end of the chain" in err
    code, _, err = kg("explain", "Sytin", "Bucharin", "--avoid", "Stalinn")
    assert code == 2 and "Stalin" in err


def test_stats_counts_and_central_persons() -> None:
    code, out, _ = kg("stats", "--top", "3")
    assert code == 0
    import graph

    bundled = graph.load()
    assert out.splitlines()[0].endswith(
        f"{len(bundled.statements)} statements, {len(bundled.entities)} entities")
    central = out.split("top 3:")[1].splitlines()[1]
    assert central.split()[:2] == ["Josef", "Stalin"]


def test_export_gexf_reads_back(tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "g.gexf"
    code, text, _ = kg("export", "-f", "gexf", "-o", str(out), "--relation", "exiledWith")
    assert code == 0 and text.strip() == f"wrote {out}"
    g = nx.read_gexf(out, version="1.3")
    assert g.number_of_edges() == 1
    (_, _, data), = g.edges(data=True)
    assert data["quote"] == "Stalin war mit Kamenew zusammen in der Verbannung gewesen"


def test_export_stated_only(tmp_path: Path) -> None:
    import csv

    import graph

    out = tmp_path / "stated.csv"
    code, _, _ = kg("export", "-f", "csv", "-o", str(out), "--stated-only")
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    stated = [s.iri for s in graph.load().select(basis=["stated"]) if s.is_edge]
    assert sorted(r["statement"] for r in rows) == sorted(stated)
    assert {r["basis"] for r in rows} == {"stated"}


def test_render_stated_only(tmp_path: Path) -> None:
    import re

    import graph

    out = tmp_path / "page.html"
    assert kg("render", "-o", str(out), "--stated-only")[0] == 0
    html = out.read_text(encoding="utf-8")
    edges = json.loads(re.findall(r'<script type="application/json" id="kg-edges">(.*?)</script>',
                                  html, re.S)[0])
    stated = {s.iri for s in graph.load().select(basis=["stated"]) if s.is_edge}
    assert edges and {e["id"] for e in edges} <= stated


def test_render_writes_one_page_and_nothing_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = kg("render", "-o", "page.html", "--as-of", "1927", "--lang", "de")
    assert code == 0 and out.strip() == "wrote page.html"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no lib/ folder, no temp file
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "window.network" in html and "https://cdn" not in html


def test_render_as_of_opens_at_the_year_and_keeps_every_relation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--as-of YEAR opens the page with the slider at YEAR; the other years stay in the page."""
    import re

    import graph

    monkeypatch.chdir(tmp_path)
    assert kg("render", "-o", "page.html", "--as-of", "1927")[0] == 0
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    blocks = dict(re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>',
                             html, re.S))
    meta = json.loads(blocks["kg-data"])["meta"]
    assert meta["year"] == 1927 and meta["as_of"] is None
    page_edges = json.loads(blocks["kg-edges"])
    assert len(page_edges) == sum(1 for s in graph.load().statements if s.is_edge)
    assert any(e["years"] and e["years"][0] > 1927 for e in page_edges)  # later ones kept


# ---------------------------------------------------------------------------- values and options
def test_param_values_mean_what_they_mean_in_python() -> None:
    code, out, _ = kg("query", "ASK { FILTER($n = 1927 && isLiteral($n)) }", "-p", "n=1927",
                      "-f", "json")
    assert code == 0 and json.loads(out)["boolean"] is True  # digits are an integer
    code, _, err = kg("query", "ASK { $p ?r ?o }", "-p", "p=person:Nobody")
    assert code == 2 and "no entity person:Nobody" in err and "Traceback" not in err
    code, _, err = kg("query", "ASK { $p ?r ?o }", "-p", "p=foo:bar")
    assert code == 2 and "unknown prefix 'foo:'" in err


def test_export_formats_are_the_librarys(tmp_path: Path) -> None:
    from graph.export import FORMATS

    _, out, _ = kg("export", "--help")
    assert all(f in out for f in FORMATS)
    code, _, err = kg("export", "-f", "xyz", "-o", str(tmp_path / "g.xyz"))
    assert code == 2 and "'xyz' is not one of" in err and "'cytoscape'" in err


def test_export_type_ignores_case(tmp_path: Path) -> None:
    lower, upper = tmp_path / "lower.csv", tmp_path / "upper.csv"
    assert kg("export", "-f", "csv", "-o", str(lower), "--type", "person")[0] == 0
    assert kg("export", "-f", "csv", "-o", str(upper), "--type", "PERSON")[0] == 0
    rows = lower.read_text(encoding="utf-8").splitlines()
    assert len(rows) > 10 and rows == upper.read_text(encoding="utf-8").splitlines()
    assert all("/person/" in row.split(",")[0] for row in rows[1:])
    code, _, err = kg("export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--type", "persons")
    assert code == 2 and "'persons' is not one of" in err and "'person'" in err.lower()
    assert not (tmp_path / "x.csv").exists()


def test_explain_defaults_are_the_apis() -> None:
    import inspect

    import graph
    from graph.explain import LIMIT, MAX_HOPS, explain

    _, out, _ = kg("explain", "--help")
    assert f"Longest chain to look for.  [default: {MAX_HOPS}]" in out
    assert f"How many chains to list.  [default: {LIMIT}]" in out
    for function in (explain, graph.KnowledgeGraph.explain):
        parameters = inspect.signature(function).parameters
        assert (parameters["max_hops"].default, parameters["limit"].default) == (MAX_HOPS, LIMIT)
