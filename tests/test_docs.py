"""The documentation is true: its examples run, its generated parts match the code, every
command, route and setting is documented, every path it names exists, and it links nowhere
outside the repository.

The pages are ``docs/**/*.md``, ``README.md`` and ``data/CURATION.md`` (which the site includes).
The strict build itself (``mkdocs build --strict``) is the one slow test here.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

import graph
from kgapp.cli import main
from kgapp.shell import every_command

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
CURATION = ROOT / "data" / "CURATION.md"
PAGES = sorted(DOCS.rglob("*.md"))
ALL = [README, CURATION, *PAGES]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def docs_reference() -> ModuleType:
    """``scripts/docs_reference.py``, which writes the generated parts of the pages."""
    spec = importlib.util.spec_from_file_location(
        "docs_reference", ROOT / "scripts" / "docs_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------ examples that run

@pytest.mark.parametrize("page", [p for p in ALL if ">>> " in _text(p)], ids=_id)
def test_python_examples_run(page: Path) -> None:
    result = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0
    assert result.failed == 0, f"{_id(page)}: {result.failed} example(s) failed (output above)"


FENCE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


def console_examples(text: str) -> Iterator[tuple[str, str]]:
    """Each ``$ kg ...`` command of the ``console`` blocks, with the output shown under it."""
    for block in FENCE.findall(text):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    yield command, "\n".join(output)
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            yield command, "\n".join(output)


@pytest.mark.parametrize("page", [p for p in ALL if "```console" in _text(p)], ids=_id)
def test_console_examples_show_real_output(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every command of a ``console`` block and compare: ``...`` stands for what is left
    out, and runs of white space are one space (doctest's ELLIPSIS, NORMALIZE_WHITESPACE)."""
    monkeypatch.chdir(ROOT)  # the examples name files relative to the repository
    checker = doctest.OutputChecker()
    examples = list(console_examples(_text(page)))
    assert examples
    for command, shown in examples:
        argv = shlex.split(command)
        assert argv[0] == "kg", f"{_id(page)}: a console example runs kg only: $ {command}"
        result = CliRunner().invoke(main, argv[1:], prog_name="kg", terminal_width=80)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"$ {command} raised {result.exception!r}")
        got = result.output
        if not checker.check_output(shown + "\n", got, FLAGS):
            diff = checker.output_difference(doctest.Example(command, shown + "\n"), got, FLAGS)
            pytest.fail(f"{_id(page)}: $ {command}\n{diff}")


# ------------------------------------------------------------------ generated, and complete

def test_generated_parts_match_the_code() -> None:
    """The CLI reference, settings, rules, named queries and contracts written by cog."""
    stale = list(docs_reference().stale())
    assert not stale, (f"stale generated docs: {stale}; rewrite them with "
                       "python3 scripts/docs_reference.py (needs pip install '.[docs]')")


def test_every_generated_block_is_known() -> None:
    module = docs_reference()
    names = {m.group(1) for p in PAGES for m in module.BLOCK.finditer(_text(p))}
    assert names == set(module.GENERATED), "a generator is unused, or a block names none"


def test_every_command_is_documented() -> None:
    guide = _text(DOCS / "guide" / "cli.md")
    reference = _text(DOCS / "reference" / "cli.md")
    for name in every_command():
        assert f"`kg {name}`" in guide, f"kg {name} is not in docs/guide/cli.md"
        assert f"## `kg {name}`" in reference, f"kg {name} is not in the CLI reference"


def test_settings_table_is_the_code_table() -> None:
    from kgapp.server import markdown_table

    assert markdown_table() in _text(DOCS / "reference" / "http.md")


def test_every_route_is_documented(kg: graph.KnowledgeGraph) -> None:
    """Every route of ``kg serve``'s application is named in the HTTP API page (by its path up
    to the first parameter: ``/person/{local:path}`` as ``/person/``)."""
    from kgapp.server import Settings, create_app

    app = create_app(kg, Settings(workers=1))
    try:
        paths = [getattr(route, "path", "") for route in app.routes]
    finally:
        app.state.server.pool.close()
    text = _text(DOCS / "reference" / "http.md")
    assert paths
    for path in paths:
        prefix = path.split("{")[0]
        assert f"`{prefix}" in text, f"route {path} is not in docs/reference/http.md"


# ---------------------------------------------------------------------- figures and names

CONSTANT = re.compile(r"`((?:graph|viz|kgapp)(?:\.\w+)+)` \((\d[\d,]*)\)")


@pytest.mark.parametrize("page", ALL, ids=_id)
def test_quoted_constants_are_their_values(page: Path) -> None:
    """Where a page gives a constant's value, "`graph.analysis.SAMPLE_ABOVE` (2000)", it is
    the value in the code."""
    for name, value in CONSTANT.findall(_text(page)):
        module_name, _, attribute = name.rpartition(".")
        actual = getattr(importlib.import_module(module_name), attribute)
        assert actual == int(value.replace(",", "")), f"{_id(page)}: {name} is {actual}, not {value}"


def _in_this_copy(path: Path) -> bool:
    """Whether this copy of the project holds the folder ``path`` is in: an sdist leaves out
    ``benchmarks/`` and ``.ci/``, a checkout has them."""
    return (ROOT / path.relative_to(ROOT).parts[0]).exists()


CODE_SPAN = re.compile(r"`((?:[^`\n]|\n(?!\n))+)`")  # may wrap, not across paragraphs
ROOTS = ("graph/", "viz/", "kgapp/", "tests/", "data/", "scripts/", "benchmarks/", "docs/", ".ci/")
SOURCE_FILES = {p.name for d in ("graph", "viz", "kgapp") for p in (ROOT / d).rglob("*.py")}
TOP_FILES = {p.name for p in ROOT.glob("*.py")}  # conftest.py


@pytest.mark.parametrize("page", ALL, ids=_id)
def test_named_paths_exist(page: Path) -> None:
    """Every repository path a page names in code (`graph/check/rules.py`, `tests/golden/`)
    exists, and so does every module file named on its own in the layers table (`kg.py`)."""
    missing = []
    for span in CODE_SPAN.findall(_text(page)):
        token = span.split()[0] if span.split() else ""
        if token.startswith(ROOTS) and not any(c in token for c in "*?…{<"):
            path = ROOT / token.split("#")[0].split(":")[0]
            if not path.exists() and _in_this_copy(path):
                missing.append(token)
        elif (re.fullmatch(r"[a-z_]+\.py", span) and span not in SOURCE_FILES | TOP_FILES
              and page.is_relative_to(DOCS / "contributing")):
            missing.append(span)
    assert not missing, f"{_id(page)} names paths that do not exist: {missing}"


def test_vendored_versions_are_the_pinned_ones() -> None:
    text = _text(DOCS / "licences.md")
    for versions in (ROOT / "viz" / "static" / "vendor" / "VERSIONS.json",
                     ROOT / "kgapp" / "server" / "static" / "vendor" / "VERSIONS.json"):
        for name, entry in json.loads(versions.read_text(encoding="utf-8")).items():
            assert f"{name}` {entry['version']}" in text or f"{name} {entry['version']}" in text, (
                f"docs/licences.md does not give {name} {entry['version']}")
            # a build of one package alone (oxigraph's WebAssembly) compiles in no others
            assert len(entry["bundled"]) == 1 or f"the {len(entry['bundled'])} packages" in text, (
                f"docs/licences.md does not count the {len(entry['bundled'])} packages in {name}")


# --------------------------------------------------------------------------------- links

FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INDENTED = re.compile(r"(?:^(?: {4}|\t).*\n)+", re.MULTILINE)
GENERATED = re.compile(r"<!-- \[\[\[cog.*?\[\[\[end\]\]\] -->", re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)")


def prose(text: str) -> str:
    """The text without code (fenced, indented or inline) and without generated blocks (help
    texts the code writes, such as the settings table), which are shown, not linked."""
    for pattern in (GENERATED, FENCED, INDENTED, CODE_SPAN):
        text = pattern.sub(" ", text)
    return text


@pytest.mark.parametrize("page", ALL, ids=_id)
def test_no_link_leaves_the_repository(page: Path) -> None:
    """No http(s) address outside code (GitHub would link it, and the site must work offline):
    an address that names a source is shown as code. Every relative link lands on a file of
    the repository (not on ../shared, which a clone does not have)."""
    text = prose(_text(page))
    external = re.findall(r"(?:https?:)?//[\w.-]+\.\w+[^\s)>\]]*", text)
    assert not external, f"{_id(page)} links outside the repository: {external}"
    for target in LINK.findall(text):
        assert not re.match(r"[a-z]+:", target), f"{_id(page)}: {target}"
        path = target.split("#")[0]
        if not path:
            continue
        resolved = (page.parent / path).resolve()
        assert resolved.is_relative_to(ROOT), f"{_id(page)}: {target} is outside the repository"
        assert resolved.exists() or not _in_this_copy(resolved), f"{_id(page)}: {target} does not exist"


def test_the_link_check_catches_links() -> None:
    assert re.search(r"https?://", prose("[Josef Stalin](https://de.wikipedia.org/wiki/Josef_Stalin)"))
    assert re.search(r"https?://", prose("see <https://example.org/> or https://example.org"))
    assert not re.search(r"https?://", prose("the article (`https://de.wikipedia.org/wiki/Josef_Stalin`)"))


# ---------------------------------------------------------------------------- the build

def _mkdocs_missing() -> str | None:
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(module) is None:
            return module
    return None


EXTERNAL_ASSET = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']|url\(\s*["']?|@import\s+["'])(?:https?:)?//""")


@pytest.mark.slow
def test_the_site_builds_strictly_and_fetches_nothing(tmp_path: Path) -> None:
    """``mkdocs build --strict``: any warning (a broken link or anchor, a page left out of the
    navigation, a docstring mkdocstrings cannot read) fails; then no page or stylesheet of the
    built site loads or links anything from the network."""
    missing = _mkdocs_missing()
    if missing:
        pytest.skip(f"the docs tools are not installed ({missing}): pip install '.[docs]'")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "index.html").exists()
    fetching = [
        f"{p.relative_to(site)}: {m.group(0)}"
        for p in [*site.rglob("*.html"), *site.rglob("*.css")]
        for m in EXTERNAL_ASSET.finditer(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not fetching, f"the built site reaches outside itself: {fetching[:10]}"


def test_the_generator_examples_run() -> None:
    result = doctest.testmod(docs_reference(), optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0


def test_the_docstring_extension_examples_run() -> None:
    """``docs/hooks/griffe_doctest.py``, which the build loads (needs griffe, from the docs extra)."""
    if importlib.util.find_spec("griffe") is None:
        pytest.skip("griffe is not installed: pip install '.[docs]'")
    spec = importlib.util.spec_from_file_location(
        "griffe_doctest", ROOT / "docs" / "hooks" / "griffe_doctest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0
