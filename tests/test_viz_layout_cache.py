"""The layout cache (``viz/layout_cache.py``): a graph is laid out once, a changed graph anew,
a broken entry is recomputed and rewritten, and the cache can be turned off."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from viz.data import page_data
from viz.layout_cache import ENV

CACHE = importlib.import_module("viz.layout_cache")


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """How many layouts were computed (one entry per call), the cache in ``tmp_path``."""
    monkeypatch.setenv(ENV, str(tmp_path / "layouts"))
    made: list[int] = []
    real = CACHE.layout

    def counted(nodes: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(len(nodes))
        return real(nodes, *args, **kwargs)

    monkeypatch.setattr(CACHE, "layout", counted)
    return made


def positions(data: dict[str, Any]) -> dict[str, tuple[float, float]]:
    return {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}


def test_the_same_graph_is_laid_out_once(kg, calls):
    first = page_data(kg)
    second = page_data(kg)
    assert len(calls) == 1
    assert positions(first) == positions(second)


def test_a_changed_graph_or_seed_is_laid_out_anew(kg, calls):
    page_data(kg)
    page_data(kg, relations=["exiledWith", "friendOf"])
    page_data(kg, seed=3)
    assert len(calls) == 3
    page_data(kg, seed=3)
    assert len(calls) == 3


def test_a_broken_entry_is_ignored_and_written_again(kg, calls, tmp_path):
    good = positions(page_data(kg))
    (entry,) = (tmp_path / "layouts").glob("*.json")
    for broken in ("{not json", '{"positions": [[1, 2]]}', '{"positions": [["x", 1]]}'):
        entry.write_text(broken, encoding="utf-8")
        assert positions(page_data(kg)) == good
        assert entry.read_text(encoding="utf-8") != broken
    assert len(calls) == 4


def test_the_cache_can_be_turned_off(kg, calls, monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, "off")
    page_data(kg)
    page_data(kg)
    assert len(calls) == 2
    assert not (tmp_path / "layouts").exists()


def test_a_folder_that_cannot_be_written_only_means_no_cache(kg, calls, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(ENV, str(blocker / "layouts"))
    assert positions(page_data(kg)) == positions(page_data(kg))
    assert len(calls) == 2
