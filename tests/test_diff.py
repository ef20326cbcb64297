"""Versions: ``kg diff`` lists what changed claim by claim, ``kg release`` writes a dated,
citable version with its VoID/DCAT description and a claims changelog."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import graph
from graph.errors import InputError
from graph.release import citation, release, version_of
from graph.workspace import open_project
from kgapp.cli import main

ROOT = Path(__file__).resolve().parent.parent
QUOTE = 'kg:quote "Stalin war mit Kamenew zusammen in der Verbannung gewesen"'
NEW = """
person:Stalin rel:criticised person:Kamenew .
stmt:s08-stalin-criticised-kamenew a rdf:Statement ;
    rdf:subject person:Stalin ; rdf:predicate rel:criticised ; rdf:object person:Kamenew ;
    prov:wasDerivedFrom sentence:08 ; kg:quote "Stalin war mit Kamenew" ; kg:basis kg:Inferred ;
    kg:inferredPart kg:InferredRelation ; skos:note "A test claim." .
"""


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of this checkout's project; in the second a quote cut short, a label
    changed, a statement added and the Wikidata-less entity Sytin's statements left alone."""
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        shutil.copytree(ROOT / "data", folder / "data")
        shutil.copy(ROOT / "kg.toml", folder / "kg.toml")
    triples = new / "data" / "triples.ttl"
    text = triples.read_text(encoding="utf-8")
    assert QUOTE in text and '"Kamenew"@de' in text
    text = text.replace(QUOTE, 'kg:quote "Stalin war mit Kamenew zusammen"')
    triples.write_text(text.replace('"Kamenew"@de', '"Kamenjew"@de') + NEW, encoding="utf-8")
    return old, new


def test_diff_of_two_project_folders_lists_each_claim(versions: tuple[Path, Path]) -> None:
    old, new = versions
    code, out, _ = kg("diff", str(old), str(new), "--format", "json")
    assert code == 1  # differences found
    found = json.loads(out)
    assert [a["statement"] for a in found["added"]] == [
        "https://w3id.org/stalin-kg/statement/s08-stalin-criticised-kamenew"]
    assert found["added"][0]["basis"] == "inferred" and found["removed"] == []
    (changed,) = found["changed"]
    assert changed["statement"].endswith("/s08-stalin-exiledWith-kamenew")
    assert changed["changes"] == {"quote": {
        "old": "Stalin war mit Kamenew zusammen in der Verbannung gewesen",
        "new": "Stalin war mit Kamenew zusammen"}}
    assert found["relabelled"] == [{"iri": "https://w3id.org/stalin-kg/person/Kamenew",
                                    "labels": {"de": ["Kamenew", "Kamenjew"]}}]
    code, out, _ = kg("diff", str(old), str(new), "--format", "markdown")
    assert "### Statements added" in out and "### Entities relabelled" in out
    assert "- `stmt:s08-stalin-exiledWith-kamenew`: quote: „Stalin war mit Kamenew zusammen " \
        "in der Verbannung gewesen“ → „Stalin war mit Kamenew zusammen“" in out
    code, out, _ = kg("diff", str(old / "data" / "triples.ttl"), str(old / "data" / "triples.ttl"))
    assert code == 0 and out.strip().endswith("0 entities added, 0 removed, 0 relabelled")


def test_diff_of_two_git_revisions(versions: tuple[Path, Path], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = versions
    repo = tmp_path / "repo"
    shutil.copytree(old, repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=repo, check=True)
    shutil.copy(new / "data" / "triples.ttl", repo / "data" / "triples.ttl")
    subprocess.run([*git, "commit", "-qam", "two"], cwd=repo, check=True)
    monkeypatch.chdir(repo / "data")
    code, out, _ = kg("diff", "HEAD~1:data/triples.ttl", "HEAD:data/triples.ttl", "-f", "json")
    assert code == 1 and len(json.loads(out)["changed"]) == 1
    code, out, _ = kg("diff", "HEAD~1:", "HEAD:", "-f", "json")
    assert code == 1 and len(json.loads(out)["added"]) == 1
    code, _, err = kg("diff", "nosuchrev:data/triples.ttl", "HEAD:data/triples.ttl")
    assert code == 2 and "nosuchrev" in err and "Traceback" not in err


def test_releases_are_dated_described_and_changelogged(versions: tuple[Path, Path]) -> None:
    old, new = versions
    project = open_project(old)
    first = release(project, "1.0", date=dt.date(2026, 11, 1))
    void = rdflib.Graph().parse(first / "void.ttl")
    dataset = rdflib.URIRef("https://w3id.org/stalin-kg/release/1.0")
    assert str(void.value(dataset, rdflib.OWL.versionInfo)) == "1.0"
    assert str(void.value(dataset, rdflib.DCTERMS.issued)) == "2026-11-01"
    assert (dataset, rdflib.DCTERMS.license,
            rdflib.URIRef("https://creativecommons.org/licenses/by-sa/4.0/")) in void
    assert "The first release" in (first / "CHANGELOG.md").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="exists already"):
        release(project, "1.0")

    # the next version of the same project: its changelog is the diff since 1.0
    shutil.copy(new / "data" / "triples.ttl", old / "data" / "triples.ttl")
    second = release(project, "1.1", date=dt.date(2026, 12, 1))
    changes = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changes.startswith("## 1.1 (2026-12-01), changes since 1.0")
    assert "1 statements added, 0 removed, 1 changed" in changes

    # a release knows its version: a statement cited from it says which
    released = graph.load(sorted(second.glob("*.ttl")), vocabulary=False)
    assert version_of(released) == "1.1"
    st = next(s for s in released.statements if s.iri.endswith("s08-stalin-exiledWith-kamenew"))
    cited = citation(released, st)
    assert (cited.version, cited.sentence, cited.source) == (
        "1.1", "8", "https://w3id.org/stalin-kg/source/wikipedia-de-josef-stalin")
    assert "version 1.1" in cited.text() and "sentence 8" in cited.text()


def test_a_graph_with_problems_is_not_released(versions: tuple[Path, Path]) -> None:
    _, new = versions
    triples = new / "data" / "triples.ttl"
    triples.write_text(triples.read_text(encoding="utf-8").replace(
        'kg:quote "Stalin war mit Kamenew zusammen"', 'kg:quote "Stalin ist mit Kamenew"'),
        encoding="utf-8")
    code, _, err = kg("--project", str(new), "release", "2.0")
    assert code == 2 and "kg check finds 1 problem;" in err
    assert not (new / "releases" / "2.0").exists()
