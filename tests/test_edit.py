"""graph.edit and its command-line twins: minimal diffs, refusals that change nothing, conflicts,
undo, and the scoped check agreeing with the full ``kg check``."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from graph.check import check_report
from graph.edit import Conflict, EntitySpec, Refused, StatementSpec, Workspace, to_literal, turtle
from graph.namespaces import RDF
from graph.paths import data_dir
from graph.sparql import from_oxigraph, to_oxigraph
from kgapp.cli import main

FILES = ("triples.ttl", "vocab.ttl", "sentences.ttl", "shapes.ttl")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(data_dir() / name, tmp_path / name)
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def _spec(ws: Workspace, **changes: object) -> StatementSpec:
    values: dict[str, object] = dict(
        subject=ws.resolve("Trotzki"), relation=ws.relation_iri("criticised"),
        object=ws.resolve("Stalin"), sentence=ws.sentence_iri(7),
        quotes=("militärischen Erfolge Trotzkis",), basis="inferred", note="A reading.")
    values.update(changes)
    return StatementSpec(**values)  # type: ignore[arg-type]


def test_adding_changes_only_the_lines_it_adds(folder):
    before = _snapshot(folder)
    ws = Workspace.open(folder)
    ws.add_statement(_spec(ws))
    after = _snapshot(folder)
    assert {n for n in FILES if before[n] != after[n]} == {"triples.ttl"}
    old, new = (before["triples.ttl"].decode().splitlines(), after["triples.ttl"].decode().splitlines())
    ops = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    assert all(tag == "insert" for tag, *_ in ops)  # nothing else changed, nothing removed
    added = [line for _, _, _, j1, j2 in ops for line in new[j1:j2]]
    assert "person:Trotzki rel:criticised person:Stalin ." in added
    assert '    kg:quote "militärischen Erfolge Trotzkis" ;' in added
    # under sentence 7's heading, before sentence 8's
    text = after["triples.ttl"].decode()
    assert text.index("Satz 07") < text.index("stmt:s07-trotzki-criticised-stalin a") < text.index("Satz 08")
    assert check_report([folder / "triples.ttl", folder / "sentences.ttl", folder / "vocab.ttl"]).ok


def test_statement_blocks_are_written_as_the_file_writes_them(folder):
    """Every statement of the curated data, read and written again, is the same text."""
    ws = Workspace.open(folder)
    text = turtle.cooked(ws.text[ws.statements_file])
    names = re.findall(r"^(stmt:\S+) a rdf:Statement", text, re.M)
    assert len(names) > 100
    for name in names:
        start, end = turtle.find_block(text, name)
        iri = name.replace("stmt:", "https://w3id.org/stalin-kg/statement/")
        quads = ws.store.quads_for_pattern(to_oxigraph(URIRef(iri)), None, None, None)
        pairs = [(from_oxigraph(q.predicate), from_oxigraph(q.object)) for q in quads
                 if q.predicate.value != str(RDF.type)]
        assert turtle.statement_block(name, sorted(pairs, key=lambda p: (
            turtle.STATEMENT_ORDER.index(p[0]), text.find(turtle.term(p[1]), start)))) \
            == text[start:end], name


def test_a_refused_change_leaves_every_file_byte_identical(folder):
    before = _snapshot(folder)
    ws = Workspace.open(folder)
    with pytest.raises(Refused) as refused:
        ws.add_statement(_spec(ws, note=None))
    assert any("skos:note" in str(p) and p.file.endswith("triples.ttl") and p.line
               for p in refused.value.problems)
    assert _snapshot(folder) == before
    assert not ws.undo_stack


def test_a_file_changed_on_disk_is_a_conflict_never_overwritten(folder):
    ws = Workspace.open(folder)
    edited = (folder / "triples.ttl").read_bytes() + b"# elsewhere\n"
    (folder / "triples.ttl").write_bytes(edited)
    with pytest.raises(Conflict):
        ws.add_statement(_spec(ws))
    assert (folder / "triples.ttl").read_bytes() == edited


def test_undo_restores_every_byte(folder):
    before = _snapshot(folder)
    ws = Workspace.open(folder)
    entity = ws.add_entity(EntitySpec("Group", "Beobachter", "observers", (("Zuschauer", "de"),)))
    added = ws.add_statement(_spec(ws, subject=entity.node, at=to_literal("Anfang 1919")))
    ws.edit_statement(added.statement, _spec(ws, subject=entity.node, basis="reported",
                                             claimant=ws.resolve("Stalin")))
    ws.remove_statement("https://w3id.org/stalin-kg/statement/s01-zk-partOf-kpdsu")
    for _ in range(4):
        ws.undo()
    assert _snapshot(folder) == before


@pytest.mark.parametrize("broken", [
    dict(note=None),  # inferred without a note
    dict(basis="stated", note=None, start=to_literal("1888")),  # a year not in the sentence
    dict(object="https://w3id.org/stalin-kg/person/Nobody"),  # an undeclared entity
    dict(quotes=("militärischen Erfolge Trotzkis",), after=(
        "https://w3id.org/stalin-kg/person/Stalin",)),  # kg:after a person
    dict(basis="stated", note=None, claimant="https://w3id.org/stalin-kg/person/Stalin"),
])
def test_the_scoped_check_finds_what_the_full_check_finds(folder, broken, monkeypatch):
    """A change refused by the check of what it can affect; the same change written by hand is
    what ``kg check`` reports, rule for rule."""
    ws = Workspace.open(folder)
    with pytest.raises(Refused) as refused:
        ws.add_statement(_spec(ws, **broken))
    scoped = {(p.rule, str(p.node)) for p in refused.value.problems}
    # the same change forced past the check
    monkeypatch.setattr("graph.edit.workspace.scoped_findings", lambda *a, **k: [])
    ws2 = Workspace.open(folder)
    ws2.add_statement(_spec(ws2, **broken))
    full = check_report([folder / "triples.ttl", folder / "sentences.ttl", folder / "vocab.ttl"])
    assert {(p.rule, str(p.node)) for p in full.problems} == scoped


def test_removing_a_statement_others_point_at_is_refused(folder):
    ws = Workspace.open(folder)
    with pytest.raises(Refused) as refused:
        ws.remove_statement("https://w3id.org/stalin-kg/statement/s02-stalin-partnerOf-alliierte")
    assert "kg:before" in str(refused.value)


def test_kg_add_edit_remove(folder):
    runner = CliRunner()
    before = _snapshot(folder)
    base = ["--data-dir", str(folder)]
    result = runner.invoke(main, ["add", "Trotzki", "criticised", "Stalinn", "--sentence", "7",
                                  "--quote", "Trotzkis", *base])
    assert result.exit_code == 2 and "did you mean" in result.output
    result = runner.invoke(main, ["add", "Trotzki", "criticised", "Stalin", "--sentence", "7",
                                  "--quote", "Erfolge Trotzkis!", *base])
    assert result.exit_code == 2 and "not in sentence:07" in result.output
    result = runner.invoke(main, ["add", "Trotzki", "criticised", "Stalin", "--sentence", "7",
                                  "--quote", "Erfolge Trotzkis", "--basis", "inferred", *base])
    assert result.exit_code == 1 and "triples.ttl:" in result.output
    assert _snapshot(folder) == before
    result = runner.invoke(main, ["add", "Trotzki", "criticised", "Stalin", "--sentence", "7",
                                  "--quote", "Erfolge Trotzkis", "--basis", "inferred",
                                  "--note", "A reading.", "--at", "Ende 1919", *base])
    assert result.exit_code == 0, result.output
    assert "1919-36" in (folder / "triples.ttl").read_text("utf-8")
    result = runner.invoke(main, ["edit", "stmt:s07-trotzki-criticised-stalin", "--at", "",
                                  *base])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["remove", "stmt:s07-trotzki-criticised-stalin", *base])
    assert result.exit_code == 0, result.output
    assert _snapshot(folder) == before


def test_a_sentence_without_a_section_gets_one(tmp_path):
    """A synthetic graph has no ``Satz`` headings: the first statement of a sentence opens its
    section at the end, the next one goes into it, and each is a pure insertion."""
    from bench import bench_module

    for name in FILES[1:]:
        shutil.copy(data_dir() / name, tmp_path / name)
    (tmp_path / "triples.ttl").write_text(bench_module("generate").generate(12, 20, seed=1),
                                          "utf-8")
    before = (tmp_path / "triples.ttl").read_text("utf-8")
    ws = Workspace.open(tmp_path)
    sentence = "https://w3id.org/stalin-kg/sentence/synthetic-1002"
    text = ws.sentence_text(sentence)
    persons = sorted(iri for iri, e in ws.kg.entities.items() if e.kind == "Person")
    first = ws.add_statement(StatementSpec(persons[0], ws.relation_iri("criticised"), persons[1],
                                           sentence, (text[:5],), "inferred", note="A test."))
    second = ws.add_statement(StatementSpec(persons[1], ws.relation_iri("criticised"),
                                            persons[0], sentence, (text[:5],), "inferred",
                                            note="A test."))
    after = (tmp_path / "triples.ttl").read_text("utf-8")
    assert after.startswith(before)  # nothing before changed: all of it was added at the end
    added = after[len(before):]
    assert added.count("Satz synthetic-1002") == 1
    assert added.index("Satz synthetic-1002") < added.index(first.statement.rsplit("/", 1)[1]) \
        < added.index(second.statement.rsplit("/", 1)[1])
    assert check_report([tmp_path / "triples.ttl", tmp_path / "sentences.ttl",
                         tmp_path / "vocab.ttl"]).ok


def test_a_symmetric_edge_is_not_written_twice_and_removal_keeps_what_others_state(folder):
    """Kamenew was in exile with Stalin: the edge Stalin–Kamenew, written the other way round,
    stands for it (rel:exiledWith is symmetric); removing the new statement leaves the edge,
    which the first statement still states."""
    before = _snapshot(folder)
    ws = Workspace.open(folder)
    added = ws.add_statement(StatementSpec(
        ws.resolve("Kamenew"), ws.relation_iri("exiledWith"), ws.resolve("Stalin"),
        ws.sentence_iri(8), ("mit Kamenew zusammen in der Verbannung",), "inferred",
        note="The same exile, read from Kamenew's side."))
    text = (folder / "triples.ttl").read_text("utf-8")
    assert "person:Kamenew rel:exiledWith person:Stalin ." not in text
    assert text.count("person:Stalin rel:exiledWith person:Kamenew .") == 1
    ws.remove_statement(added.statement)
    assert _snapshot(folder) == before


def test_editing_the_sentence_moves_the_statement_under_its_heading(folder):
    before = _snapshot(folder)
    ws = Workspace.open(folder)
    added = ws.add_statement(_spec(ws))
    moved = StatementSpec(ws.resolve("Trotzki"), ws.relation_iri("criticised"),
                          ws.resolve("Stalin"), ws.sentence_iri(8), ("Stalin",), "inferred",
                          note="A reading.")
    ws.edit_statement(added.statement, moved)
    text = (folder / "triples.ttl").read_text("utf-8")
    name = added.statement.rsplit("/", 1)[1]
    assert text.index("Satz 08") < text.index(f"stmt:{name} a") < text.index("Satz 09")
    assert text.count(f"stmt:{name} a") == 1
    assert text.count("person:Trotzki rel:criticised person:Stalin .") == 1
    ws.undo()
    ws.undo()
    assert _snapshot(folder) == before


def test_kg_add_works_on_the_current_project(tmp_path, monkeypatch):
    """In a project made by kg init with a source of its own: entities made in the project,
    kg add run in its folder writes the project's statements file under the other source's
    sentence heading (Satz brief/2), and kg check of the project is clean."""
    runner = CliRunner()
    project = tmp_path / "p"
    assert runner.invoke(main, ["init", str(project)]).exit_code == 0
    text = tmp_path / "brief.txt"
    text.write_text("Lenin schrieb 1922 einen Brief. Darin kritisierte er Stalin.\n", "utf-8")
    monkeypatch.chdir(project)
    added = runner.invoke(main, ["source", "add", str(text), "--id", "brief", "--title", "Brief",
                                 "--url", "https://example.org/brief", "--licence", "CC0-1.0",
                                 "--lang", "de"])
    assert added.exit_code == 0, added.output
    from graph.workspace import project_for

    ws = Workspace.for_project(project_for(None))
    ws.add_entity(EntitySpec("Person", "Lenin", "Lenin"))
    ws.add_entity(EntitySpec("Person", "Josef Stalin", "Joseph Stalin", (("Stalin", "de"),)))
    result = runner.invoke(main, ["add", "Lenin", "criticised", "Stalin", "--sentence", "brief:2",
                                  "--quote", "kritisierte er Stalin", "--basis", "inferred",
                                  "--note", "„er“ is Lenin, named in the sentence before."])
    assert result.exit_code == 0, result.output
    written = (project / "data" / "triples.ttl").read_text("utf-8")
    assert "# ================================================================ Satz brief/2" in written
    assert 'kg:quote "kritisierte er Stalin"' in written
    assert runner.invoke(main, ["check"]).exit_code == 0
