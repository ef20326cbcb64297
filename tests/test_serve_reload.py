"""``kg serve`` shows a change at once (:mod:`kgapp.server.reload`), over HTTP: after a
statement is added as ``kg add`` adds it, the viewer, the Linked Data pages and the SPARQL
endpoint answer from the new graph without a restart; a file broken on disk keeps the last
good graph served and says where the problem is; a new source of the project appears."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.edit import StatementSpec, Workspace
from graph.kg import load
from graph.workspace import Project, open_project
from kgapp.server import Settings, create_app, running
from kgapp.server.reload import HEADER

ROOT = Path(__file__).resolve().parent.parent
STMT = "/statement/s07-trotzki-criticised-stalin"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of this checkout's project: its ``kg.toml`` and ``data/``."""
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copy(ROOT / "kg.toml", copy / "kg.toml")
    return open_project(copy)


@pytest.fixture
def http(project: Project) -> Iterator[httpx.Client]:
    kg = load(project.graph_files(), vocabulary=False)
    app = create_app(kg, Settings(workers=1, timeout=5), watch=project.graph_files)
    with running(app) as url, httpx.Client(base_url=url, trust_env=False, timeout=60) as client:
        yield client


def _add(project: Project) -> str:
    """Add a statement as ``kg add`` does (the workbench too): through the workspace."""
    ws = Workspace.for_project(project)
    done = ws.add_statement(StatementSpec(
        ws.resolve("Trotzki"), ws.relation_iri("criticised"), ws.resolve("Stalin"),
        ws.sentence_iri(7), ("militärischen Erfolge Trotzkis",), basis="inferred",
        note="A reading for the test."))
    assert done.statement is not None
    return done.statement


ASK = "ASK { person:Trotzki rel:criticised person:Stalin }"


def test_a_change_is_served_at_once_and_a_broken_file_keeps_the_last_good_graph(
        http: httpx.Client, project: Project) -> None:
    assert http.get(STMT).status_code == 404
    assert "s07-trotzki-criticised-stalin" not in http.get("/").text
    original = project.statements.read_bytes()
    iri = _add(project)

    page = http.get(STMT)  # the next request: no restart, no waiting
    assert page.status_code == 200 and "militärischen Erfolge Trotzkis" in page.text
    assert HEADER not in page.headers
    assert iri in http.get("/").text  # the viewer, rendered afresh
    assert http.get("/sparql", params={"query": ASK},
                    headers={"Accept": "application/sparql-results+json"}).json()["boolean"]
    assert "Trotzki" in http.get("/person/Stalin").text
    assert http.get("/health").json()["reloads"] == 1

    # half-way through an edit in a text editor: the file does not parse
    with_statement = project.statements.read_bytes()
    project.statements.write_bytes(with_statement + b"\nperson:Stalin rel:criticised .\n")
    lines = with_statement.count(b"\n") + 2
    kept = http.get(STMT)
    assert kept.status_code == 200  # the last good graph, still served
    problem = kept.headers[HEADER]
    assert f"triples.ttl:{lines}:" in problem, problem
    assert http.get("/health").json()["reload_problem"].startswith(str(project.statements))
    assert HEADER in http.get("/query").headers  # on every answer, until the files load

    # the edit undone by hand: the file as it was, the statement gone
    project.statements.write_bytes(original)
    gone = http.get(STMT)
    assert gone.status_code == 404 and HEADER not in gone.headers
    assert not http.get("/sparql", params={"query": ASK},
                        headers={"Accept": "application/sparql-results+json"}).json()["boolean"]
    assert http.get("/health").json() | {"reloads": 2, "reload_problem": None} == \
        http.get("/health").json()


def test_static_files_do_not_stat_the_data(http: httpx.Client, project: Project,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import kgapp.server.reload as reload

    looked = []
    real = reload.fingerprint
    monkeypatch.setattr(reload, "fingerprint", lambda files: looked.append(1) or real(files))
    assert http.get("/static/query.css").status_code == 200
    assert looked == []
    assert http.get("/health").status_code == 200
    assert looked


@pytest.mark.slow
def test_kg_serve_shows_a_new_source_of_the_project(project: Project, tmp_path: Path) -> None:
    """The real command in the project's folder: ``kg source add`` in another shell, and the
    source's page is there on the next request."""
    kg = Path(sys.executable).parent / "kg"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LANG": "C.UTF-8"}
    server = subprocess.Popen([str(kg), "serve", "--port", str(port), "--workers", "1"],
                              cwd=project.root, env=env, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False,
                          timeout=60) as http:
            for _ in range(600):  # until it listens, or dies
                try:
                    http.get("/health")
                    break
                except httpx.TransportError:
                    try:
                        server.wait(timeout=0.1)
                    except subprocess.TimeoutExpired:
                        continue
                    pytest.fail(server.stderr.read() if server.stderr else "kg serve died")
            assert http.get("/source/brief").status_code == 404
            (tmp_path / "brief.txt").write_text("Am 3. Mai 1924 schrieb J.W. Stalin an Kamenew.\n",
                                                encoding="utf-8")
            added = subprocess.run(
                [str(kg), "source", "add", str(tmp_path / "brief.txt"), "--id", "brief",
                 "--title", "Ein Brief", "--url", "https://example.org/brief",
                 "--licence", "CC0-1.0", "--lang", "de"],
                cwd=project.root, env=env, capture_output=True, text=True, timeout=120)
            assert added.returncode == 0, added.stderr
            page = http.get("/sentence/brief/1")
            assert page.status_code == 200 and "schrieb J.W. Stalin an Kamenew" in page.text
    finally:
        server.terminate()
        server.wait(timeout=30)
