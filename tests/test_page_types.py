"""The page data's shape, defined once (``viz/page_types.py``): the TypeScript declarations the
page's script is checked against are generated from it and current, and what
:func:`viz.data.page_data` makes is what it describes."""

from __future__ import annotations

import types
import typing
from typing import Any

import pytest

import graph
from viz import page_types
from viz.data import page_data

_SPEC = __import__("importlib.util").util.spec_from_file_location(
    "page_types_script", __import__("pathlib").Path(__file__).parent.parent / "scripts" / "page_types.py")
script = __import__("importlib.util").util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(script)  # type: ignore[union-attr]


def test_the_typescript_declarations_are_current() -> None:
    assert script.main(["--check"]) == 0, "run python3 scripts/page_types.py"


def test_the_check_fails_when_they_drift(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    stale = tmp_path / "page-types.d.ts"
    stale.write_text(script.declarations().replace('"quote": string;', '"quote": number;'))
    monkeypatch.setattr(script, "OUT", stale)
    monkeypatch.setattr(script, "ROOT", tmp_path)
    assert script.main(["--check"]) == 1


def conforms(value: Any, tp: Any, where: str) -> list[str]:
    """Where ``value`` is not of the annotation ``tp`` (TypedDicts: exactly their keys)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is type(None):
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if origin in (types.UnionType, typing.Union):
        return [] if any(not conforms(value, a, where) for a in args) else [f"{where}: {value!r} is not {tp}"]
    if origin is typing.Literal:
        return [] if value in args else [f"{where}: {value!r} is not one of {args}"]
    if isinstance(tp, type) and hasattr(tp, "__required_keys__"):
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        hints = typing.get_type_hints(tp)
        problems = [f"{where}: {k} missing" for k in tp.__required_keys__ - value.keys()]
        problems += [f"{where}: {k} not declared" for k in value.keys() - hints.keys()]
        for key in value.keys() & hints.keys():
            problems += conforms(value[key], hints[key], f"{where}.{key}")
        return problems
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            return [f"{where}: not a list"]
        if origin is tuple:
            return [p for i, (v, a) in enumerate(zip(value, args, strict=True)) for p in conforms(v, a, f"{where}[{i}]")]
        return [p for i, v in enumerate(value) for p in conforms(v, args[0], f"{where}[{i}]")]
    if origin is dict:
        return [p for k, v in value.items() for p in conforms(v, args[1], f"{where}.{k}")]
    if tp is float:
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{where}: {value!r} is not a number"]
    return [] if isinstance(value, tp) else [f"{where}: {value!r} is not {tp.__name__}"]


def test_page_data_is_what_the_types_say() -> None:
    data = page_data(graph.load())
    assert conforms(data, page_types.PageData, "page") == []
    assert conforms({**data, "extra": 1}, page_types.PageData, "page") == ["page: extra not declared"]


def test_the_drawn_records_are_what_the_types_say() -> None:
    from viz.render import vis_edges, vis_nodes

    data = page_data(graph.load())
    assert conforms(vis_nodes(data), list[page_types.DrawnNode], "kg-nodes") == []
    assert conforms(vis_edges(data), list[page_types.DrawnEdge], "kg-edges") == []
