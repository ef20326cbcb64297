"""The one message catalogue (graph.messages, graph/locales/*.json): complete in every language,
every key used and every key it has used, and no user-facing words left outside it in the
viewer page's script and template, nor in the server's pages (``kg serve``: its templates and
the query workbench's script).

The scans read the sources: ``message("key", ...)`` calls in the Python packages (the key must
be a literal, so that it can be checked), ``t("key", ...)`` calls in the page's scripts and in
query.js (``server.query.*``), the ``head: "key"`` of the table columns (tables.js), the
``data-i18n*`` attributes and ``w['key']`` of page.html, and the ``w['server.…']`` of the
server's templates.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import graph
from graph.explain import explain
from graph.messages import LANGS, MissingMessage, catalogue, message, placeholders
from graph.text import basis_note, profile, stats, timeline

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "graph" / "locales"
#: the page's script: its sources (viz/frontend/src, bundled into viz/static/app.js)
PAGE_JS = sorted((ROOT / "viz" / "frontend" / "src").glob("*.js"))
PAGE_HTML = ROOT / "viz" / "templates" / "page.html"
SERVER_TEMPLATES = ROOT / "kgapp" / "server" / "templates"
QUERY_JS = ROOT / "kgapp" / "server" / "static" / "query.js"
CURATE_HTML = ROOT / "kgapp" / "curate" / "templates" / "page.html"
CURATE_JS = ROOT / "kgapp" / "curate" / "static" / "curate.js"
PACKAGES = ("graph", "viz", "kgapp")


def _file(lang: str) -> dict[str, str]:
    data = json.loads((LOCALES / f"{lang}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


# ---------------------------------------------------------------------------- the catalogue
def test_every_key_in_every_language_with_the_same_placeholders() -> None:
    files = {lang: _file(lang) for lang in LANGS}
    assert sorted(p.stem for p in LOCALES.glob("*.json")) == sorted(LANGS)
    english = files["en"]
    for lang, texts in files.items():
        assert set(texts) == set(english), (lang, set(texts) ^ set(english))
        for key, text in texts.items():
            assert text.strip(), (lang, key)
            assert placeholders(text) == placeholders(english[key]), (lang, key)
            assert "lang" not in placeholders(text), (lang, key)  # message()'s own parameter
            # a brace that is not a placeholder would be copied as it is: none is meant
            assert "{" not in re.sub(r"\{\w+\}", "", text), (lang, key)


def test_keys_are_grouped_by_their_users() -> None:
    groups = {key.split(".", 1)[0] for key in _file("en")}
    assert groups <= {"text", "explain", "sparql", "check", "viz", "page", "cli", "server", "lookup",
                      "load", "query", "remote", "publish", "edit", "curate", "project", "source",
                      "diff", "release",
                      "basis", "export", "analysis", "write"}, groups


def test_message_substitutes_and_names_what_is_missing() -> None:
    en, de = catalogue("en"), catalogue("de")
    assert message("explain.hops", "de", n=2) == de["explain.hops"].replace("{n}", "2")
    assert message("explain.hops", "xx", n=2) == en["explain.hops"].replace("{n}", "2")
    with pytest.raises(KeyError, match=r"no message page\.nosuch in the catalogue \(de\)"):
        message("page.nosuch", "de")
    with pytest.raises(MissingMessage, match=r"explain\.hops needs a value for \{n\}"):
        message("explain.hops")
    page = catalogue("de", "page.")
    assert page and all(f"page.{key}" in de for key in page) and page["search"] == de["page.search"]


# ---------------------------------------------------------------------------- keys used
def _python_keys() -> dict[str, list[str]]:
    """Every key a ``message(...)`` call of the packages names, with where; fails on a call
    whose key is not a literal (it could not be checked)."""
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name != "message" or path.name == "messages.py":
                    continue
                first = node.args[0] if node.args else None
                if (path.name == "helptexts.py" and not isinstance(first, ast.Constant)) or (
                        isinstance(first, ast.JoinedStr) and first.values
                        and isinstance(first.values[0], ast.Constant)
                        and str(first.values[0].value).startswith(("cli.help.", "check.rule."))):
                    continue  # keys of the command tree's help (_cli_help_keys) and the rules
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: message() needs a literal key")
                found.setdefault(first.value, []).append(where)
    return found


def js_literals(src: str) -> list[tuple[int, str, str]]:
    """``(line, text, before)`` of every string literal of JavaScript source ``src``, with the
    code before it on its line; comments and regular expression literals are skipped."""
    out: list[tuple[int, str, str]] = []
    i, n, line, prev = 0, len(src), 1, ""
    while i < n:
        c = src[i]
        if c == "\n":
            line, i = line + 1, i + 1
        elif src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end < 0 else end
        elif src.startswith("/*", i):
            end = src.index("*/", i + 2)
            line, i = line + src.count("\n", i, end), end + 2
        elif c in "\"'`":
            j, text = i + 1, []
            while src[j] != c:
                step = 2 if src[j] == "\\" else 1
                text.append(src[j:j + step])
                j += step
            out.append((line, "".join(text), src[src.rfind("\n", 0, i) + 1:i]))
            line, i, prev = line + src.count("\n", i, j), j + 1, c
        elif c == "/" and (prev in "(,=:[!&|?{};+" or re.search(r"\breturn\s*$", src[:i][-12:])):
            j, in_class = i + 1, False  # a regular expression literal
            while in_class or src[j] != "/":
                if src[j] == "\\":
                    j += 1
                elif src[j] in "[]":
                    in_class = src[j] == "["
                j += 1
            i, prev = j + 1, "/"
        else:
            prev = prev if c.isspace() else c
            i += 1
    return out


def _page_keys() -> dict[str, list[str]]:
    """Every page key the scripts and the template use (without ``page.``), with where."""
    found: dict[str, list[str]] = {}
    for path in PAGE_JS:
        for line, text, before in js_literals(path.read_text("utf-8")):
            if re.search(r"(^|[^\w.$])t\(\s*$", before) or (
                    path.name == "tables.js" and re.search(r"\bhead:\s*$", before)):
                found.setdefault(text, []).append(f"{path.name}:{line}")
    html = PAGE_HTML.read_text("utf-8")
    for m in re.finditer(r"data-i18n(?:-placeholder|-label)?=\"(\w+)\"|w\['(\w+)'\]", html):
        found.setdefault(m.group(1) or m.group(2), []).append("page.html")
    return found


def _server_keys() -> dict[str, list[str]]:
    """Every key the server's templates (``w['server.…']``) and query.js (``t("…")``, a key
    of ``server.query.*`` without the prefix) use, in full, with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(SERVER_TEMPLATES.glob("*.html")):
        for m in re.finditer(r"\bw\[\s*'([^']*)'\s*\]", path.read_text("utf-8")):
            found.setdefault(m.group(1), []).append(path.name)
    for line, text, before in js_literals(QUERY_JS.read_text("utf-8")):
        if re.search(r"(^|[^\w.$])t(Nodes)?\(\s*$", before):
            found.setdefault("server.query." + text, []).append(f"{QUERY_JS.name}:{line}")
    return found


def _curate_keys() -> dict[str, list[str]]:
    """Every key the workbench's template (``{{key}}``) and curate.js (``t('key')``) use, in
    full (``curate.key``), with where."""
    found: dict[str, list[str]] = {}
    for m in re.finditer(r"\{\{(\w+)\}\}", CURATE_HTML.read_text("utf-8")):
        found.setdefault("curate." + m.group(1), []).append(CURATE_HTML.name)
    for line, text, before in js_literals(CURATE_JS.read_text("utf-8")):
        if re.search(r"(^|[^\w.$])t\(\s*$", before):
            found.setdefault("curate." + text, []).append(f"{CURATE_JS.name}:{line}")
    return found


def test_every_key_used_exists() -> None:
    english = catalogue("en")
    python = _python_keys()
    page = _page_keys()
    server = _server_keys()
    assert python and page and server
    assert sorted(k for k in python if k not in english) == []
    assert sorted(k for k in page if f"page.{k}" not in english) == []
    assert sorted(k for k in server if k not in english) == []
    assert sorted(k for k in _curate_keys() if k not in english) == []
    # the server's templates read the server's words, and only those
    assert sorted(k for k in server if not k.startswith("server.")) == []


def _cli_help_keys() -> set[str]:
    """The ``cli.help.*`` keys the ``kg`` command's help pages read (kgapp.helptexts), found
    by showing every help page with the catalogue's reads recorded."""
    from unittest import mock

    from click.testing import CliRunner

    import kgapp.helptexts
    from kgapp.cli import main
    from kgapp.shell import every_command

    every_command()  # the commands imported when first named, too
    read: set[str] = set()
    real = kgapp.helptexts.message

    def recording(key: str, /, lang: str | None = None, **params: object) -> str:
        read.add(key)
        return real(key, lang, **params)

    paths: list[list[str]] = [[]]
    todo: list[tuple[list[str], object]] = [([], main)]
    while todo:  # every command, those of subgroups (kg source add) too
        path, group = todo.pop()
        for name, command in getattr(group, "commands", {}).items():
            paths.append([*path, name])
            todo.append(([*path, name], command))
    with mock.patch.object(kgapp.helptexts, "message", recording):
        for path in paths:
            result = CliRunner().invoke(main, [*path, "--help"])
            assert result.exit_code == 0, result.output
    return read


def test_every_key_is_used() -> None:
    used = set(_python_keys()) | {f"page.{key}" for key in _page_keys()} | set(_server_keys())
    used |= _cli_help_keys()
    from graph.check import RULES

    used |= {f"check.rule.{rule.name}.{part}" for rule in RULES for part in ("checks", "fix")}
    used |= set(_curate_keys())
    assert sorted(set(catalogue("en")) - used) == []


def test_the_scans_see_the_calls() -> None:
    """The scans find what they look for (else the two tests above would pass on nothing)."""
    assert "text.reportedBy" in _python_keys() and "explain.hop" in _python_keys()
    page = _page_keys()
    assert {"pickBoth", "colName", "lodExpand", "skip", "searchPlaceholder", "canvas"} <= set(page)
    server = _server_keys()
    assert {"server.missing.search", "server.triples.pointingHere", "server.workbench.credits",
            "server.nav.viewer"} <= set(server)
    assert {"server.query.running", "server.query.row", "server.query.about"} <= set(server)
    assert "server.sentence.title" in _python_keys() and "server.vocab.classes" in _python_keys()
    sample = 'x = t("one") + f(t("two", { n: 1 })) + ctx.t("three"); // t("four")\n/* t("five") */'
    assert [text for _, text, _ in js_literals(sample)] == ["one", "two", "three"]


# ---------------------------------------------------------------------------- renderings
def test_explain_and_basis_notes_read_the_catalogue() -> None:
    kg = graph.load()
    chain = explain(kg, "Kamenew", "Stalin")[0]
    st = kg.select(claimant="Lenin")[0]
    lenin = {lang: kg.label(st.claimant, lang) for lang in LANGS}
    for lang in LANGS:
        head = chain.describe(kg, lang).splitlines()[0]
        assert head.endswith(f"({message('explain.hop', lang, n=1)})"), head
        note = basis_note(kg, st, lang, lang)
        assert note is not None
        assert note.startswith(message("text.reportedBy", lang, who=lenin[lang]) + ": ")
        dated = chain.hops[0].describe(kg, lang)
        assert f"({message('text.dateInferred', lang)}: " in dated
    assert message("explain.hop", "de", n=1) != message("explain.hop", "en", n=1)
    two = explain(kg, "Sytin", "Bucharin", limit=1)[0]
    assert f"({message('explain.hops', 'de', n=two.length)})" in two.describe(kg, "de")


def test_profile_timeline_and_stats_read_the_catalogue() -> None:
    kg = graph.load()
    text = profile(kg, "Lenin")
    assert "  " + message("text.type", kind="person") in text.splitlines()  # the vocabulary's
    assert "  " + message("text.type", "de", kind="Person") in profile(kg, "Lenin", "de").splitlines()
    assert "  " + message("text.claims") in text.splitlines()
    assert timeline(kg, "person:Roosevelt").splitlines()[1:] == ["  " + message("text.noDated")]
    assert message("text.byType") in stats(kg, top=1).splitlines()


# ---------------------------------------------------------------------------- the page
#: String literals of the page's scripts that hold a space and a letter but are no words for
#: people to read, each with why: (what the code before it on its line ends with or holds, the
#: literal, or None for any). Anything else with a space and a letter must come from t().
ALLOWED_JS: tuple[tuple[str, str | None, str], ...] = (
    (r"^\s*$", "use strict", "the strict-mode directive"),
    (r"\bclass:\s*([^,{}\"]*\?\s*)?$", None, "CSS class lists of el(), maybe chosen by a test"),
    (r"\bclass:\s*\"[\w-]+\"\s*\+\s*(\([^,{}]*\?\s*)?$", None, "a class list built from parts"),
    (r"\.className\s*=\s*$", None, "a CSS class list"),
    (r"\bmatchMedia\(\s*$", None, "a CSS media query"),
    (r"\b(querySelector(All)?|closest)\((\s*(\"[^\"]*\"|\w+)\s*\+)*\s*$", None, "CSS selectors"),
    (r"setAttribute\(\"rel\",\s*$", "noopener noreferrer", "a link's rel attribute"),
    (r"\.font\s*=\s*\w+\s*\+\s*$", None, "a canvas font"),
    (r"\"font-family\":\s*$", None, "the SVG export's font family"),
    (r"round2\(a\.y\)\s*\+\s*$", " Q", "SVG path data"),
    (r"\bnew Error\((\s*\"[^\"]*\"\s*\+\s*[\w.]+\s*\+)?\s*$", None,
     "errors for developers: broken page data, a failed drawing"),
    (r"\.rel\s*=\s*\w+\s*\?\s*\"\"\s*:\s*$", "noopener noreferrer", "a link's rel (query.js)"),
    (r"^const DEFAULT_QUERY\s*=\s*$", None, "the workbench's first query: SPARQL (query.js)"),
)


def user_strings(src: str) -> list[tuple[int, str]]:
    """The string literals of ``src`` that look like words for people (a letter and a space)
    and that neither :data:`ALLOWED_JS` allows nor a ``t(`` call wraps."""
    out = []
    for line, text, before in js_literals(src):
        if not (re.search(r"\s", text) and re.search(r"[^\W\d_]", text)):
            continue
        if any(re.search(context, before) and literal in (None, text)
               for context, literal, _ in ALLOWED_JS):
            continue
        out.append((line, text))
    return out


@pytest.mark.parametrize("path", [*PAGE_JS, QUERY_JS], ids=lambda p: p.name)
def test_the_page_scripts_hold_no_words_of_their_own(path: Path) -> None:
    assert user_strings(path.read_text("utf-8")) == []


def test_the_words_check_can_fail() -> None:
    bad = ('el("p", { class: "hint" }, "No chain links them");\n'
           'panel.append(el("h2", { text: "Chain " + i }));\n'
           'var s = cond ? "all steps" : t("none");\n')
    assert [text for _, text in user_strings(bad)] == ["No chain links them", "Chain ", "all steps"]
    assert user_strings('el("p", { class: "hint metric-sample", text: t("sampled") });') == []
    # an allowed context does not carry over to what follows it on the line
    assert user_strings('el("p", { class: "a b" }, cond ? "Read me" : "");') == [(1, "Read me")]
    assert user_strings('q.querySelector("#x .y").title = "Read me";') == [(1, "Read me")]


def test_the_template_holds_no_words_of_its_own() -> None:
    html = PAGE_HTML.read_text("utf-8")
    body = html[html.index("<body>"):html.index("<script")]
    attributes = re.findall(r'(?<![\w-])(?:aria-label|placeholder|title|alt)="([^"]*)"', body)
    assert len(attributes) > 10
    assert [a for a in attributes if not re.fullmatch(r"\{\{ w\['\w+'\] \}\}", a)] == []
    body = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", body)
    texts = [t.strip() for t in re.findall(r">([^<]+)<", body) if t.strip()]
    # the language menu names each language in itself; the rest are signs (+, −, 2×, →)
    assert [t for t in texts if re.search(r"[^\W\d_]", t)] == ["English", "Deutsch"], texts


#: Texts of the server's templates that are no words to translate: the project's name.
ALLOWED_SERVER_TEXTS = {"· stalin-kg"}


def template_words(html: str) -> list[str]:
    """The words a server template writes itself: attributes people read that are not one
    ``{{ … }}``, and texts between tags, outside ``{{ … }}`` and ``{% … %}``, that hold a letter
    (scripts and styles left out)."""
    html = re.sub(r"<script\b.*?</script>|<style>.*?</style>", "", html, flags=re.S)
    attributes = re.findall(r'(?<![\w-])(?:aria-label|placeholder|title|alt)="([^"]*)"', html)
    found = [a for a in attributes if not re.fullmatch(r"\{\{[^}]*\}\}", a)]
    html = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", html, flags=re.S)
    texts = [t.strip() for t in re.findall(r">([^<]+)<", html) if t.strip()]
    return found + [t for t in texts if re.search(r"[^\W\d_]", t) and t not in ALLOWED_SERVER_TEXTS]


@pytest.mark.parametrize("path", sorted(SERVER_TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_the_server_templates_hold_no_words_of_their_own(path: Path) -> None:
    assert template_words(path.read_text("utf-8")) == []


def test_the_server_words_check_can_fail() -> None:
    html = ('<title>{{ title }} · stalin-kg</title><p>{{ w[\'server.x\'] }} and '
            '<a title="Read me" href="{{ x }}">{{ x }}</a>{% if y %} Not found{% endif %}</p>'
            '<script id="data" type="application/json">{"a b": 1}</script><b aria-label="{{ z }}">')
    assert template_words(html) == ["Read me", "and", "Not found"]
    assert "server.query.needed" in _server_keys()  # query.js's t("needed"), with its prefix


def test_the_server_pages_read_the_catalogue_and_escape_what_they_fill_in() -> None:
    from kgapp.server.linked_data import BASE, Links, Site, fill, words

    assert words("de") == {k: v for k, v in catalogue("de").items() if k.startswith("server.")}
    page = Site(graph.load(), Links()).missing_page(BASE + "person/<i>Stalim&")
    assert f"<h1>{message('server.missing.title')}</h1>" in page
    code = "<code>person:&lt;i&gt;Stalim&amp;</code>"
    assert f"<p>{message('server.missing.none', curie=code)}</p>" in page
    assert "<i>" not in page
    assert fill("{a} and {b}", a="<b>", b=fill("<{c}>", c="&")) == "&lt;b&gt; and &lt;&amp;&gt;"


def test_the_workbench_data_carries_the_query_words() -> None:
    from kgapp.server.workbench import Workbench

    bench = Workbench(graph.load(), [])
    assert bench.page_data([])["messages"] == catalogue("en", "server.query.")
    block = re.search(r'<script id="data" type="application/json">(.*?)</script>', bench.page(),
                      re.S)
    assert block is not None and json.loads(block[1])["messages"]["running"] == message(
        "server.query.running", name="{name}")
    assert f"<h1>{message('server.workbench.title')}</h1>" in bench.page()
    german = bench.page("de")
    assert f"<h1>{message('server.workbench.title', 'de')}</h1>" in german
    assert '<html lang="de">' in german


def test_the_page_data_carries_the_page_catalogue() -> None:
    from viz.data import page_data

    data = page_data(graph.load(), relations=["exiledWith"], lang="de")
    assert data["messages"] == {lang: catalogue(lang, "page.") for lang in LANGS}
    # the page's words in both languages stay small beside its data (24 kB before the page
    # gained the entity menu, appearance, the layout run and the SPARQL panel)
    assert len(json.dumps(data["messages"], ensure_ascii=False).encode()) < 30_000


def test_the_page_opens_in_its_language() -> None:
    from viz.render import render_html

    page = render_html(graph.load(), relations=["exiledWith"], lang="de")
    assert f'data-i18n="skip">{message("page.skip", "de")}</button>' in page
    assert f'aria-label="{message("page.canvas", "de")}"' in page


# ---------------------------------------------------------------------------- the CLI
def test_the_cli_prints_the_catalogue() -> None:
    from click.testing import CliRunner

    from kgapp.cli import main

    result = CliRunner().invoke(main, ["explain", "Sytin", "Bucharin", "--avoid", "Stalin",
                                       "--stated-only", "--max-hops", "2"])
    assert result.exit_code == 1
    stated = message("cli.noChainStated")
    avoiding = message("cli.noChainAvoiding", names="Stalin")
    assert result.output == message("cli.noChain", hops=2, stated=stated, a="Sytin", b="Bucharin",
                                    avoiding=avoiding) + "\n"
    assert result.output == (  # the words the CLI printed before the catalogue, unchanged
        "no chain of at most 2 stated relations links Sytin and Bucharin avoiding Stalin\n")


def test_the_check_summary_reads_the_catalogue() -> None:
    from graph.check.report import Report

    two = message("check.files", n=2)
    assert Report((), ("a.ttl", "b.ttl"), 5).summary() == message("check.ok", files=two, triples=5)
    assert Report((), ("a.ttl",), 5).summary() == "ok: 1 file, 5 triples, 0 problems"
