"""The architecture holds: the import contracts of ``pyproject.toml`` ([tool.importlinter]) are
kept, they catch a broken layer, and every package the code imports is a declared dependency."""

from __future__ import annotations

import ast
import functools
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACTS = [c["name"] for c in PYPROJECT["tool"]["importlinter"]["contracts"]]
_OPTIONAL_ERRORS = {"ImportError", "ModuleNotFoundError"}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: pip install '.[test]' (import-linter)")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def _name(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    report = _name(done.stdout)
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in report
    for name in CONTRACTS:
        assert f"{_name(name)} KEPT" in report, name


def test_the_contracts_catch_each_broken_layer(tmp_path: Path) -> None:
    """A copy of the code with one violation per contract fails each contract, by name."""
    for package in ("graph", "viz", "kgapp"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    violations = [
        ("graph/errors.py", "import click"),  # the core reaching for the CLI toolkit
        ("graph/text.py", "from kgapp.server import settings"),  # the core over the application
        ("graph/atomic.py", "from graph import errors"),  # two modules importing each other
        ("graph/errors.py", "from graph import atomic"),
    ]
    for path, line in violations:
        with open(tmp_path / path, "a", encoding="utf-8") as out:
            out.write(f"\n{line}  # noqa\n")
    done = lint_imports(tmp_path)
    report = _name(done.stdout)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Contracts: 0 kept, {len(CONTRACTS)} broken." in report, report
    assert "graph.errors -> click" in report
    assert "graph.text -> kgapp.server" in report
    assert ".atomic -> .errors" in report or ".errors -> .atomic" in report


def _top(node: ast.AST) -> set[str]:
    """The top-level packages an import statement names (none for other nodes)."""
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return {node.module.split(".")[0]}
    return set()


def _guards_import(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in _OPTIONAL_ERRORS for k in kinds)


def imported_packages(*packages: Path) -> tuple[set[str], set[str]]:
    """The third-party packages the code imports: (required, optional), where optional ones
    are only imported inside ``try: ... except ImportError``."""
    required: set[str] = set()
    optional: set[str] = set()
    for path in (p for package in packages for p in package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        guarded = {
            id(sub)
            for node in ast.walk(tree)
            if isinstance(node, ast.Try) and any(_guards_import(h) for h in node.handlers)
            for stmt in node.body
            for sub in ast.walk(stmt)
        }
        for node in ast.walk(tree):
            (optional if id(node) in guarded else required).update(_top(node))
    ours = set(sys.stdlib_module_names) | {"graph", "viz", "kgapp", "__future__"}
    return required - ours, optional - required - ours


@functools.cache
def _installed() -> Mapping[str, list[str]]:
    """Which distributions provide each top-level module (a scan of every installed one: once)."""
    return packages_distributions()


def _distributions(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in _installed().get(module, [module])}


def _declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def test_every_imported_package_is_a_declared_dependency() -> None:
    """A package the code needs is in [project].dependencies; one it can do without (imported
    under ``except ImportError``) is at least in an extra of [project.optional-dependencies]."""
    required, optional = imported_packages(ROOT / "graph", ROOT / "viz", ROOT / "kgapp")
    project = PYPROJECT["project"]
    declared = _declared(project["dependencies"])
    extras = _declared([r for reqs in project["optional-dependencies"].values() for r in reqs])
    missing = {m: _distributions(m) for m in sorted(required) if not _distributions(m) & declared}
    assert missing == {}, f"imported but not in [project].dependencies: {missing}"
    loose = {m: _distributions(m) for m in sorted(optional)
             if not _distributions(m) & (declared | extras)}
    assert loose == {}, f"optional imports in no [project.optional-dependencies] extra: {loose}"
    assert {"jinja2", "markupsafe", "numpy", "hypercorn", "h11", "httpx", "rapidfuzz"} <= declared
    assert {"pandas"} <= optional  # QueryResult.to_pandas
