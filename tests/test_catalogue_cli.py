"""The ``kg`` command's help and the core's and server's messages come from the catalogue, in
the language of ``$KG_LANG``; no user-facing literal bypasses it in the converted modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import graph
from graph.errors import InputError, LookupFailed
from graph.messages import LANGS, catalogue
from kgapp.cli import main
from kgapp.helptexts import CatalogueCommand, help_key, option_help
from kgapp.shell import every_command

ROOT = Path(__file__).resolve().parent.parent

#: The modules whose user-facing words all come from the catalogue.
CONVERTED = sorted(
    [ROOT / "graph" / name for name in ("lookup.py", "store.py", "backends.py", "publish.py",
                                        "rdfio.py", "locate.py", "workspace.py", "sources.py",
                                        "diff.py", "release.py", "terms.py", "access.py",
                                        "analysis.py", "atomic.py", "basis.py", "export.py",
                                        "paths.py")]
    + [ROOT / "graph" / "queries" / "__init__.py"]
    + list((ROOT / "graph" / "check").glob("*.py"))
    + list((ROOT / "graph" / "edit").glob("*.py"))
    + [ROOT / "kgapp" / name for name in ("cli.py", "helptexts.py", "edit_cli.py",
                                          "curation_cli.py", "shell.py")]
    + list((ROOT / "kgapp" / "curate").glob("*.py"))
    + [ROOT / "kgapp" / "server" / f"{name}.py"
       for name in ("app", "guard", "limits", "headers", "workers", "remote", "settings",
                    "linked_data")]
    # the viewer's modules; viz/render.py is not converted yet
    + [path for path in (ROOT / "viz").glob("*.py") if path.name != "render.py"]
)


def _help(args: list[str], lang: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="kg",
                                env={"KG_LANG": lang}, terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{4,}", text)


@pytest.mark.parametrize("args", [[], ["check"], ["query"], ["serve"], ["publish"]])
def test_help_in_german_is_german(args: list[str]) -> None:
    german, english = _help(args, "de"), _help(args, "en")
    assert german.startswith("Aufruf: kg") and "\nOptionen:\n" in german
    assert "Zeigt diese Hilfe und endet." in german
    assert german != english
    # no sentence of the English help is left in the German one
    en, de = catalogue("en", "cli.help."), catalogue("de", "cli.help.")
    for key, text in en.items():
        if text != de[key] and len(_words(text)) >= 4:
            first = text.split("\n")[0][:40]
            assert first not in german, (key, first)
    if not args:
        assert "\nBefehle:\n" in german and "Prüft FILES" in german
    if args == ["check"]:
        assert "Rückgabewert: 0 keine Probleme" in german
        assert "Exit status" not in german


def test_the_english_help_is_the_catalogue_english() -> None:
    text = _help(["export"], "en")
    assert text.startswith("Usage: kg export [OPTIONS]")
    assert "Keep only entities of this type (Person, Group," in text
    assert "[required]" in text and "[default: en]" in text
    german = _help(["export"], "de")
    assert "[erforderlich]" in german and "[Standard: en]" in german
    # SPARQL examples are code, the same in both languages
    assert "kg query 'SELECT ?r ?o { $p ?r ?o }' --param p=trotsky" in _help(["query"], "de")


def test_kg_lang_accepts_locale_names_and_falls_back_to_english() -> None:
    assert _help([], "de_DE.UTF-8").startswith("Aufruf:")
    assert _help([], "fr").startswith("Usage:")


def _commands() -> list[tuple[list[str], click.Command]]:
    found: list[tuple[list[str], click.Command]] = [(["kg"], main)]
    todo = list(found)
    while todo:
        path, command = todo.pop()
        if isinstance(command, click.Group):
            subs = every_command() if command is main else command.commands
            for name, sub in subs.items():
                found.append(([*path, name], sub))
                todo.append(([*path, name], sub))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_and_option_has_its_help_in_the_catalogue(lang: str) -> None:
    """A command added without its ``cli.help.*`` keys fails here (and shows no help)."""
    for path, command in _commands():
        assert isinstance(command, CatalogueCommand), (path, "register it with @main.command()")
        assert command.callback is None or not (command.callback.__doc__ or "").strip() or \
            path == ["kg"], (path, "its help belongs in the catalogue, not in a docstring")
        assert catalogue(lang).get(help_key(path)), (path, help_key(path))
        ctx = click.Context(command, info_name=path[-1])
        for param in command.get_params(ctx):
            if isinstance(param, click.Option) and param.name:
                name = "help" if param is command.get_help_option(ctx) else param.name
                assert option_help(path, name, lang).strip(), (path, name)


def test_errors_follow_kg_lang(kg: graph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_LANG", "de")
    with pytest.raises(LookupFailed, match="keine Entität heißt 'Trotzkij-Xyz'"):
        kg.entity("Trotzkij-Xyz")
    result = CliRunner().invoke(main, ["check", "no-such-file.ttl"], env={"KG_LANG": "de"})
    assert result.exit_code == 2 and "no-such-file.ttl: keine solche Datei" in result.output
    monkeypatch.setenv("KG_LANG", "en")
    with pytest.raises(InputError, match="no such file"):
        from graph.store import check_readable

        check_readable(Path("no-such-file.ttl"))


# ---------------------------------------------------------------------------- the scan
#: Calls whose argument at this position is text for a user (exceptions: the first).
_TEXT_CALLS = {"echo": 0, "secho": 0, "Finding": 1, "PlainTextResponse": 0, "HTMLResponse": 0,
               "Response": 0, "_error": 1, "say": 0, "progress": 0, "_progress": 0, "Engine": 1,
               "Rule": 1}
_HELP_KEYWORDS = {"help", "short_help", "epilog"}


def _literal_words(node: ast.AST) -> str:
    """The words a string literal or f-string ``node`` writes itself (its fixed parts), or ''.
    Option names (``--param``) and SPARQL/RDF terms are code, not words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    elif isinstance(node, ast.BinOp):
        return " ".join(filter(None, (_literal_words(node.left), _literal_words(node.right))))
    else:
        return ""
    text = " ".join(str(p) for p in parts)
    text = re.sub(r"--[\w-]+|\w+:\w+", "", text)
    return " ".join(re.findall(r"[^\W\d_]{2,}", text))


def literals_outside_the_catalogue(source: str, name: str = "<source>") -> list[str]:
    """``file:line: words`` for each user-facing literal of Python ``source``: the text of an
    exception raised, of ``click.echo``, of a finding, a response body or a progress line, a
    ``help=`` of an option or command, and the docstring of a ``kg`` command."""
    found = []
    for node in ast.walk(ast.parse(source)):
        texts: list[ast.AST] = []
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            at = _TEXT_CALLS.get(called)
            if at is None and called.endswith(("Error", "Failed", "Refused", "Exit", "Unavailable", "Timeout")):
                at = 0
            if at is not None:
                texts += node.args[at:at + 1]
                texts += [k.value for k in node.keywords if k.arg in ("message", "content")]
            texts += [k.value for k in node.keywords if k.arg in _HELP_KEYWORDS]
        elif isinstance(node, ast.FunctionDef) and any(
                "command" in ast.unparse(d) or "group" in ast.unparse(d)
                for d in node.decorator_list if isinstance(d, ast.Call)):
            body = node.body[0]
            if isinstance(body, ast.Expr):
                texts.append(body.value)
        for text in texts:
            words = _literal_words(text)
            if words:
                found.append((text.lineno, words))  # type: ignore[attr-defined]
    return [f"{name}:{line}: {words}" for line, words in sorted(found)]


def test_the_scan_sees_literals() -> None:
    """The scan finds each kind of literal it is for (else the next test passes on nothing)."""
    source = '''
raise KGError(f"cannot reach {url}: {why}")
raise InputError("no such file", path=p)
click.echo("wrote the page")
yield Finding(st, f"states {edge} but the edge is missing", ())
raise _error(400, "give exactly one query")
say(f"loading {name}…")
@click.option("--top", help="How many to list.")
@main.command()
def stats():
    """Counts by type."""
raise KGError(message("remote.unreachable", url=url, error=why))
click.echo(f"{i}. " + chain)
click.echo(f"    --param {name}=<{kind}>")
'''
    found = literals_outside_the_catalogue(source)
    assert [line.split(":")[1] for line in found] == ["2", "3", "4", "5", "6", "7", "8", "11"], found


@pytest.mark.parametrize("path", CONVERTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_user_facing_literal_bypasses_the_catalogue(path: Path) -> None:
    found = literals_outside_the_catalogue(path.read_text("utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_server_error_bodies_follow_kg_lang(kg: graph.KnowledgeGraph,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``KG_LANG`` when the server starts is the language of its errors, those of the query
    workers it forks included."""
    import httpx

    from kgapp.server import Settings, create_app, running

    monkeypatch.setenv("KG_LANG", "de")
    with running(create_app(kg, Settings(workers=1, timeout=5))) as url, \
            httpx.Client(base_url=url, trust_env=False, timeout=30) as client:
        update = client.get("/sparql", params={"update": "CLEAR ALL"})
        service = client.get("/sparql",
                             params={"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"})
    assert update.status_code == 403 and "nur lesbar" in update.text
    assert service.status_code == 400 and "SERVICE ist nicht erlaubt" in service.text


def test_curation_commands_speak_kg_lang(tmp_path: Path) -> None:
    """``kg init``, ``kg source`` and ``kg diff`` help and refuse in the user's language."""
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)], env={"KG_LANG": "de"})
    assert result.exit_code == 2
    assert "enthält schon Dateien; geben Sie einen neuen oder leeren Ordner an" in result.output
    assert "Registriert die Textdatei FILE" in _help(["source", "add"], "de")
    result = CliRunner().invoke(main, ["diff", str(tmp_path), str(tmp_path)],
                                env={"KG_LANG": "en"})
    assert result.exit_code == 2 and "holds no kg.toml and no .ttl file" in result.output


def test_core_and_viewer_errors_follow_kg_lang(kg: graph.KnowledgeGraph, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The errors of the graph's API (relations, bases, exports, written files, communities)
    and of the viewer's are German under ``KG_LANG=de``, English without it."""
    from graph.analysis import communities
    from graph.atomic import atomic_output
    from graph.basis import check_bases
    from graph.export import export
    from viz.data import page_data

    def refusals() -> list[str]:
        said = []
        for call in (lambda: kg.relation("exiledWithh"), lambda: kg.find("person:Nobody"),
                     lambda: check_bases(["alleged"]), lambda: export(kg, tmp_path / "x", "pdf"),
                     lambda: atomic_output(tmp_path).__enter__(),
                     lambda: communities(kg, engine="magic"), lambda: page_data(kg, lang="fr")):
            with pytest.raises(Exception) as raised:  # each raises its own kind
                call()
            said.append(str(raised.value))
        return said

    monkeypatch.setenv("KG_LANG", "de")
    german = refusals()
    assert german[0].startswith("unbekannte Relation 'exiledWithh'")
    assert "person:Nobody (<https://w3id.org/stalin-kg/person/Nobody>) in diesem Graphen" \
        in german[1]
    assert german[2] == "unbekannte Grundlage 'alleged'; möglich sind stated, inferred oder reported"
    assert german[3].startswith("unbekanntes Exportformat 'pdf'; möglich sind: gexf, graphml")
    assert german[4] == f"{tmp_path} ist ein Ordner; geben Sie einen Dateinamen an"
    assert german[5].startswith("unbekanntes Verfahren zur Gemeinschaftserkennung 'magic'")
    assert german[6] == "lang muss 'de' oder 'en' sein, nicht 'fr'"
    monkeypatch.setenv("KG_LANG", "en")
    english = refusals()
    assert english[2] == "unknown basis 'alleged'; use stated, inferred or reported"
    assert english[4] == f"{tmp_path} is a directory; give a file name"
    assert english[6] == "lang must be 'de' or 'en', not 'fr'"


def test_linked_data_pages_speak_the_language_asked_for(kg: graph.KnowledgeGraph,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Linked Data page's title and its 406 are in the page's language (``?lang=``), whatever
    ``KG_LANG`` the server started with."""
    from starlette.testclient import TestClient

    from kgapp.server import Settings, create_app

    monkeypatch.setenv("KG_LANG", "de")
    with TestClient(create_app(kg, Settings(workers=1))) as client:
        def title(path: str) -> str:
            found = re.search(r"<title>(.*?) · stalin-kg</title>", client.get(path).text)
            assert found, path
            return found.group(1)

        assert title("/source/wikipedia-de-josef-stalin") == \
            "Wikipedia: Josef Stalin (excerpt, 25 sentences)"
        assert title("/source/wikipedia-de-josef-stalin?lang=de") == \
            "Wikipedia: Josef Stalin (Auszug, 25 Sätze)"
        assert title("/sentence/08") == "Sentence 8"
        assert title("/sentence/08?lang=de") == "Satz 8"
        assert title("/vocab/rel?lang=de") != title("/vocab/rel") == \
            catalogue("en")["server.vocab.relations"]
        english = client.get("/sentence/08?format=pdf")
        german = client.get("/sentence/08?format=pdf&lang=de")
    assert english.status_code == german.status_code == 406
    assert english.text.startswith("cannot answer as ") and english.text.endswith(")\n")
    assert german.text.startswith("kann nicht als ") and "angeboten werden: " in german.text
