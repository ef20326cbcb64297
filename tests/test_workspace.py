"""Curation projects and sources: ``kg`` run inside a project (or a copy of this checkout)
works on that folder's data; ``kg source add`` splits a text into sentences statements cite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.sources import read_text, split_sentences
from graph.workspace import find_project, init_project, open_project, project_for

ROOT = Path(__file__).resolve().parent.parent
KG = Path(sys.executable).parent / "kg"

STATEMENT = """
person:Stalin a kg:Person ; rdfs:label "Josef Stalin"@de, "Joseph Stalin"@en .
person:Kamenew a kg:Person ; rdfs:label "Lew Kamenew"@de, "Lev Kamenev"@en .
person:Stalin rel:criticised person:Kamenew .
stmt:brief1 a rdf:Statement ;
    rdf:subject person:Stalin ; rdf:predicate rel:criticised ; rdf:object person:Kamenew ;
    prov:wasDerivedFrom <https://w3id.org/stalin-kg/sentence/brief/1> ;
    kg:quote "schrieb J.W. Stalin an Kamenew" ; kg:basis kg:Stated .
"""


def kg(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if not KG.exists():
        pytest.fail(f"{KG} is missing: install the project first (`pip install '.[test]'`)")
    environ = {"PATH": f"{KG.parent}:/usr/bin:/bin", "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([str(KG), *args], cwd=cwd, env=environ, capture_output=True,
                          text=True, timeout=120)


# ---------------------------------------------------------------------------- the splitter
@pytest.mark.parametrize(("text", "expected"), [
    ("Im Jahr 1924 traf J.W. Stalin Kamenew. Danach reiste er ab.",
     ["Im Jahr 1924 traf J.W. Stalin Kamenew.", "Danach reiste er ab."]),
    ("Er starb am 3. Mai 1953 in Moskau. Sein Nachfolger kam.",
     ["Er starb am 3. Mai 1953 in Moskau.", "Sein Nachfolger kam."]),
    ("Es kamen ca. 20 Delegierte, u.a. Kamenew und Sinowjew. Stalin schwieg.",
     ["Es kamen ca. 20 Delegierte, u.a. Kamenew und Sinowjew.", "Stalin schwieg."]),
    ("Erste Zeile ohne Punkt\n\nZweite Zeile. Dritter Satz.",
     ["Erste Zeile ohne Punkt", "Zweite Zeile.", "Dritter Satz."]),
])
def test_german_sentences_split_where_they_end(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "de") == expected


def test_a_source_that_is_not_utf8_or_empty_is_refused_with_its_place(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Erste Zeile.\nGrüße aus Moskau.\n".encode("latin-1"))
    with pytest.raises(InputError) as bad:
        read_text(latin)
    assert str(bad.value).startswith(f"{latin}:2:3: is not UTF-8 text (byte 0xfc)")
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_text(empty)


# ---------------------------------------------------------------------------- finding projects
def test_a_project_is_found_from_any_folder_inside_it(tmp_path: Path) -> None:
    project = init_project(tmp_path / "p")
    inner = project.root / "data" / "sources"
    assert find_project(inner) == project
    assert find_project(tmp_path) is None
    assert project_for(environ={"KG_PROJECT": str(project.root)}, start=tmp_path) == project
    assert project_for(project.root, start=tmp_path) == project


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="already holds files"):
        init_project(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_broken_config_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "kg.toml").write_text("[project\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"kg.toml: is not valid TOML"):
        open_project(tmp_path)


# ---------------------------------------------------------------------------- the kg command
def test_the_curator_loop_in_a_new_project(tmp_path: Path) -> None:
    """init, add a source, write a statement citing it, check, show: all on the project."""
    made = kg("init", "letters", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "letters"
    empty = kg("check", cwd=root)
    assert empty.returncode == 0, empty.stderr
    assert "reading the project" in empty.stderr and "letters" in empty.stderr

    text = root / "brief.txt"
    text.write_text("Am 3. Mai 1924 schrieb J.W. Stalin an Kamenew, u.a. über ca. 20 "
                    "Delegierte.\nKamenew antwortete nicht.\n", encoding="utf-8")
    added = kg("source", "add", "brief.txt", "--id", "brief", "--title", "Ein Brief", "--url",
               "https://example.org/brief", "--licence", "CC0-1.0", "--lang", "de", cwd=root)
    assert added.returncode == 0, added.stderr
    assert "2 sentences" in added.stdout
    listed = kg("source", "list", cwd=root / "data")
    assert listed.stdout.startswith("brief\t2\tde\thttps://creativecommons.org/publicdomain/")
    shown = kg("source", "show", "brief", cwd=root)
    assert "1\tAm 3. Mai 1924 schrieb J.W. Stalin an Kamenew, u.a. über ca. 20 Delegierte." \
        in shown.stdout

    statements = root / "data" / "triples.ttl"
    statements.write_text(statements.read_text(encoding="utf-8") + STATEMENT, encoding="utf-8")
    ok = kg("check", cwd=root)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    profile = kg("show", "Kamenew", cwd=root)
    assert "[brief:1: „schrieb J.W. Stalin an Kamenew“]" in profile.stdout

    statements.write_text(statements.read_text(encoding="utf-8").replace("J.W.", "J. W."),
                          encoding="utf-8")
    broken = kg("check", cwd=root)
    assert broken.returncode == 1
    assert "data/triples.ttl:" in broken.stdout
    assert "kg:quote is not verbatim in <https://w3id.org/stalin-kg/sentence/brief/1>" \
        in broken.stdout
    outside = kg("check", cwd=tmp_path)  # outside the project: the bundled graph
    assert outside.returncode == 0 and "reading the project" not in outside.stderr
    named = kg("--project", str(root), "check", cwd=tmp_path)
    assert named.returncode == 1
    by_env = kg("check", cwd=tmp_path, env={"KG_PROJECT": str(root)})
    assert by_env.returncode == 1


def test_a_copy_of_the_checkout_is_checked_and_rendered_from_its_own_files(tmp_path: Path) -> None:
    """The README's curator steps after `pip install .`: an edit in the checkout is what
    `kg check` and `kg render` see, not the installed copy of the data."""
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copy(ROOT / "kg.toml", copy / "kg.toml")
    triples = copy / "data" / "triples.ttl"
    text = triples.read_text(encoding="utf-8")
    quote = 'kg:quote "Stalin war mit Kamenew'
    assert quote in text
    triples.write_text(text.replace(quote, 'kg:quote "Stalin ist mit Kamenew'), encoding="utf-8")
    checked = kg("check", cwd=copy / "data")
    assert checked.returncode == 1
    assert "kg:quote is not verbatim in sentence:08" in checked.stdout
    assert f"reading the project {copy}" in checked.stderr

    triples.write_text(text.replace('"Kamenew"@de', '"Kamenjew"@de'), encoding="utf-8")
    rendered = kg("render", "-o", str(tmp_path / "page.html"), "--lang", "de", cwd=copy)
    assert rendered.returncode == 0, rendered.stderr
    assert "Kamenjew" in (tmp_path / "page.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- several sources
TWO_SOURCES = """
person:Stalin rel:criticised person:Kamenew .
stmt:two-sources a rdf:Statement ;
    rdf:subject person:Stalin ; rdf:predicate rel:criticised ; rdf:object person:Kamenew ;
    prov:wasDerivedFrom sentence:08, <https://w3id.org/stalin-kg/sentence/brief/1> ;
    kg:quote "Stalin war mit Kamenew", "schrieb J.W. Stalin an Kamenew" ; kg:basis kg:Stated .
"""


@pytest.fixture
def checkout_with_a_letter(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of this checkout with a second source, and a statement citing both."""
    from click.testing import CliRunner

    from kgapp.cli import main

    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copy(ROOT / "kg.toml", copy / "kg.toml")
    (tmp_path / "brief.txt").write_text("Am 3. Mai 1924 schrieb J.W. Stalin an Kamenew.\n",
                                        encoding="utf-8")
    done = CliRunner().invoke(main, [
        "--project", str(copy), "source", "add", str(tmp_path / "brief.txt"), "--id", "brief",
        "--title", "Ein Brief", "--url", "https://example.org/brief", "--licence", "CC0-1.0",
        "--lang", "de", "--author", "Anonym", "--date", "1924"])
    assert done.exit_code == 0, done.output
    triples = copy / "data" / "triples.ttl"
    triples.write_text(triples.read_text(encoding="utf-8") + TWO_SOURCES, encoding="utf-8")
    return open_project(copy)


def test_a_statement_may_cite_sentences_of_two_sources(checkout_with_a_letter) -> None:  # type: ignore[no-untyped-def]
    import graph
    from graph.check import check_report
    from graph.release import citation
    from graph.text import evidence
    from kgapp.server.linked_data import Links, Site
    from viz.data import page_data

    project = checkout_with_a_letter
    assert check_report(project=project).ok
    kg = graph.load(project.graph_files(), vocabulary=False)
    (st,) = [s for s in kg.statements if s.iri.endswith("/two-sources")]
    assert st.cited_sentences == ("https://w3id.org/stalin-kg/sentence/08",
                                  "https://w3id.org/stalin-kg/sentence/brief/1")
    assert " + " in evidence(st) and "brief:1" in evidence(st) and "8" in evidence(st)
    # a sentence named as on the command line: N alone only where one source has an N
    from graph.sources import find_sentence

    assert find_sentence(kg, "brief:1").iri == "https://w3id.org/stalin-kg/sentence/brief/1"
    assert find_sentence(kg, "8").iri == "https://w3id.org/stalin-kg/sentence/08"
    with pytest.raises(InputError, match="in several sources; write one of brief:1, "
                                         "wikipedia-de-josef-stalin:1"):
        find_sentence(kg, "1")
    # Linked Data: the statement page names its source, the other sentence, and its citation
    html = Site(kg, Links()).page(st.iri)
    assert html is not None and "Cite this statement" in html and "/sentence/brief/1" in html
    assert citation(kg, st).version == "working copy"
    letter = Site(kg, Links()).page("https://w3id.org/stalin-kg/sentence/brief/1")
    assert letter is not None and "two-sources" in letter
    # the viewer's page data: the source of each edge's sentence, and every sentence it cites
    edge = next(e for e in page_data(kg)["edges"] if e["id"] == st.iri)
    assert edge["cites"] == ["8", "brief:1"]
    assert edge["source"] in {s["id"] for s in page_data(kg)["meta"]["sources"]}

    triples = project.statements
    triples.write_text(triples.read_text(encoding="utf-8").replace(
        '"schrieb J.W. Stalin an Kamenew"', '"schrieb Stalin an Kamenew"'), encoding="utf-8")
    (problem,) = check_report(project=project).problems
    assert problem.rule == "quote-verbatim" and "brief/1" in problem.message


LETTER_ONLY = """
stmt:letter-only a rdf:Statement ;
    rdf:subject person:Stalin ; rdf:predicate rel:criticised ; rdf:object person:Kamenew ;
    prov:wasDerivedFrom <https://w3id.org/stalin-kg/sentence/brief/1> ;
    kg:quote "schrieb J.W. Stalin an Kamenew" ; kg:basis kg:Stated .
"""


def test_a_served_page_links_each_sentence_to_its_own_source(checkout_with_a_letter) -> None:  # type: ignore[no-untyped-def]
    """Sentence 1 of the letter and sentence 1 of the article are two links, not one."""
    import graph
    from viz.data import page_data

    project = checkout_with_a_letter
    project.statements.write_text(project.statements.read_text(encoding="utf-8") + LETTER_ONLY,
                                  encoding="utf-8")
    kg = graph.load(project.graph_files(), vocabulary=False)
    page = page_data(kg, served="/")
    edge = next(e for e in page["edges"] if e["id"].endswith("/letter-only"))
    links = page["meta"]["served"]["sentences"]
    assert edge["sentence_ref"] == "brief:1"
    assert links["brief:1"] == "https://w3id.org/stalin-kg/sentence/brief/1"
    assert links["1"] == "https://w3id.org/stalin-kg/sentence/01"


def test_serve_and_render_work_on_the_project(checkout_with_a_letter, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`kg serve` serves the project's graph (the server itself is stood in for here)."""
    from click.testing import CliRunner

    import kgapp.server.app
    from kgapp.cli import main

    served = []
    watched = []
    monkeypatch.setattr(kgapp.server.app, "serve",
                        lambda kg, config, watch=None: (served.append(kg), watched.append(watch)))
    monkeypatch.chdir(checkout_with_a_letter.root / "data")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert "reading the project" in result.stderr
    (kg,) = served
    assert any(s.iri.endswith("/two-sources") for s in kg.statements)
    # and reads them again when they change: the project's files as they are then
    assert any(p.name == "brief.ttl" for p in watched[0]())
    page = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["render", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "two-sources" in page.read_text(encoding="utf-8")
