"""No module of the project imports or reads another module's private (underscore) names.

What one module needs of another is public: ``from graph.project import _check_names`` or
``kg_module._kinds`` (with ``kg_module`` an imported module) fails here, naming the file, the
line and the name, so that the dependency is made explicit (a public name) or moved where it
belongs. Dunder names (``__version__``, ``__file__``) are public by convention.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "viz", "kgapp")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module an ``ImportFrom`` imports from, resolved against ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _ours(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def violations(source: str, module: str = "pkg.mod", is_package: bool = False,
               is_module: object = _is_module) -> list[tuple[int, str]]:
    """``(line, what)`` for every private name of another module of the project that
    ``source`` imports or reads. ``is_module(dotted)`` tells whether ``from a import b``
    imports a module ``b``. Other libraries' names are theirs to document (``os._exit`` is
    public in the standard library's documentation), so only the project's modules count."""
    tree = ast.parse(source)
    modules: set[str] = set()  # the local names bound to imported modules
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _ours(alias.name):
                    continue
                if _private(alias.name.rsplit(".", 1)[-1]):
                    found.append((node.lineno, f"import {alias.name}"))
                modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            source_module = _absolute(node, module, is_package)
            if not _ours(source_module):
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"from {source_module} import {alias.name}"))
                elif alias.name != "*" and is_module(f"{source_module}.{alias.name}"):  # type: ignore[operator]
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            dotted: list[str] = []
            while isinstance(base, ast.Attribute):
                dotted.insert(0, base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append((node.lineno, ".".join([base.id, *dotted, node.attr])))
    return sorted(found)


def _project_files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _cases() -> list[object]:
    out: list[object] = []
    for path in _project_files():
        rel = str(path.relative_to(ROOT))
        out.append(pytest.param(path, id=rel))
    return out


@pytest.mark.parametrize("path", _cases())
def test_no_module_reads_another_modules_private_names(path: Path) -> None:
    found = violations(path.read_text(encoding="utf-8"), _module_name(path),
                       path.name == "__init__.py")
    rel = path.relative_to(ROOT)
    assert not found, (
        f"{rel} reaches into other modules' private names:\n"
        + "\n".join(f"  {rel}:{line}: {what}" for line, what in found)
        + "\nGive the name a public name in its module (and a docstring), or move it where it "
        "belongs; what one module needs of another is public."
    )


def test_the_check_sees_private_imports_and_reads() -> None:
    source = (
        "import os, graph.project as project\n"
        "from graph import kg\n"
        "from graph.project import _check_names, to_networkx\n"
        "from . import _helpers\n"
        "x = kg._kinds\n"
        "y = project.LazyAttributes._source\n"
        "z = obj._private_of_an_object\n"  # an attribute of an object, not of a module: allowed
        "w = kg.__name__\n"  # a dunder: allowed
        "os._exit(0)\n"  # another library's name: its own documentation decides
        "from rdflib.term import _is_valid_uri\n"
    )
    modules = {"graph.kg", "graph.project"}
    assert violations(source, "graph.analysis", is_module=modules.__contains__) == [
        (3, "from graph.project import _check_names"),
        (4, "from graph import _helpers"),
        (5, "kg._kinds"),
        (6, "project.LazyAttributes._source"),
    ]


def test_the_module_names_resolve() -> None:
    assert _module_name(ROOT / "graph" / "queries" / "__init__.py") == "graph.queries"
    node = ast.parse("from ..terms import to_term").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _absolute(node, "graph.queries", True) == "graph.terms"
