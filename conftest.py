"""The test session, wherever pytest is started in the checkout (``pytest``, ``pytest viz/``,
``pytest tests/test_api.py``): the test tiers, parallel runs, and the session's private caches.
The fixtures are in ``tests/conftest.py``.

**Tiers.** ``pytest -m "not slow"`` is the fast loop: every test but those marked ``slow`` by
:func:`pytest_collection_modifyitems` from the tables below (a browser, a real external server,
a generated graph of 100,000 triples or a file of megabytes, the benchmark command). The full
run (plain ``pytest``) runs both tiers. A test is marked here, by module, fixture or name, not
in its own file, so that the list is in one place; a fast test of a slow module stays in the
fast tier when the module is not listed whole.

**Caches.** Nothing a test runs may write to the user's home: the viewer's layout cache
(``viz.layout_cache``) and whatever follows the XDG folders (``$XDG_CACHE_HOME``,
``$XDG_CONFIG_HOME``, ...: Chromium's crash reports, dconf) go to a temporary folder of this
session, removed at its end, and so do the folders doctests make with ``tempfile.mkdtemp()``;
hypothesis keeps no example database, and its other files go there too (they would be
written into the checkout).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import hypothesis.configuration
import pytest
from _pytest.doctest import DoctestItem
from hypothesis import settings

# ---------------------------------------------------------------------------- tiers
#: Modules whose every test is slow.
SLOW_MODULES = {
    "test_benchmarks.py": "runs the benchmark command end to end",
    "test_big_files.py": "files of megabytes through the kg command, in processes",
    "test_virtuoso.py": "a real Virtuoso server",
    "test_remote.py": "a real Oxigraph server",
    "test_serve_remote.py": "kg serve in front of real Oxigraph and Virtuoso servers",
    "test_server_faults.py": "a kg serve process pushed to its limits (runaway queries, "
                             "slow clients, memory held), seconds a test",
    "test_viewer_openfile.py": "headless Chromium against kg serve (one's own file opened)",
    "test_viewer_fixes.py": "headless Chromium, a page and a phone-sized touch screen a test",
}
#: Fixtures that make every test using them slow.
SLOW_FIXTURES = {
    "browser": "headless Chromium",
    "big_lines": "a generated graph of 100,000 triples (test_check_scale.py)",
    "defective": "a generated graph of 45,000 triples with defects (test_check_engines.py)",
}
#: Parameters (of a parametrized fixture or test) that make a test slow: the external stores.
SLOW_PARAMS = {
    "oxigraph": "a real Oxigraph server",
    "virtuoso": "a real Virtuoso server",
}
#: Single tests (``file::name``, every parameter) that are slow.
SLOW_TESTS = {
    "test_workbench.py::test_workbench_in_a_browser": "headless Chromium",
    "test_server.py::test_query_page_in_a_browser": "headless Chromium",
    "test_coverage.py::test_remote_endpoint_gives_the_same_report": "a real Oxigraph server",
    "test_linked_data.py::test_pages_and_descriptions_are_the_same_over_a_remote_store":
        "a real Oxigraph server",
    "test_properties.py::test_text_round_trips_through_every_format":
        "hypothesis: 40 graphs through every format",
    "test_check_scale.py::test_a_dying_worker_falls_back_to_this_process":
        "SHACL in worker processes, one killed",
    "test_check_scale.py::test_chunked_shacl_equals_one_chunk": "SHACL in worker processes",
    "test_check_engines.py::test_a_dying_part_worker_falls_back_to_this_process":
        "SHACL in worker processes, one killed",
    "test_viz_compact.py::test_the_compact_page_is_much_smaller_than_the_plain_one":
        "a generated graph of 3,000 entities and its page (tests/lod_pages.py)",
    **dict.fromkeys((f"test_query_results.py::{name}" for name in (
        "test_labels_links_and_views", "test_yasguis_own_words_are_in_the_pages_language",
        "test_a_chart_of_counts", "test_filters_and_the_table_state_live_in_the_address",
        "test_a_named_query_shows_its_sparql_before_it_runs",
        "test_warnings_and_syntax_errors_on_the_page")), "headless Chromium"),
    "test_layers.py::test_every_imported_package_is_a_declared_dependency":
        "reads every installed distribution's list of files",
    "test_check_seeded.py::test_seeded_problems_are_reported_as_before":
        "a generated graph with 287 problems through kg check's three SHACL paths",
}

#: Fast tests of the slow modules above, kept in the fast tier.
FAST_TESTS = {
    "test_big_files.py::test_loading_is_silent_in_a_log",  # a 1.8 MB file
    "test_benchmarks.py::test_the_indexed_stock_page_is_the_stock_page",  # the curated graph
}


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """In parallel by default: ``-n auto --dist loadfile`` unless ``-n`` is given (``-n 0``:
    one process). Not in ``addopts``, so that ``-p no:xdist`` still works."""
    if (config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput")
            and config.option.numprocesses is None and not config.option.usepdb):
        config.option.numprocesses = "auto"
        if config.option.dist == "no":
            config.option.dist = "loadfile"


#: Under xdist each module runs whole in one worker (``--dist loadfile``: the fixtures of module
#: scope, a browser, a server, a generated page, are made once); these, the longest, are sent
#: first, so that no worker is left running one of them alone at the end.
FIRST_UNDER_XDIST = [
    "test_viz_browser.py", "test_viewer_screens.py", "test_viz_views.py", "test_viewer_truth.py",
    "test_viz_lod.py", "test_big_files.py", "test_properties.py", "test_check_scale.py",
    "test_check_engines.py", "test_viewer_big.py", "test_server_faults.py", "test_parity.py",
    "test_serve_remote.py", "test_benchmarks.py",
]


def slow_reason(item: pytest.Item) -> str | None:
    """Why ``item`` is slow (from the tables above), or None."""
    file = item.path.name
    if item.path.parent.name != "tests":
        return None  # doctests and tests elsewhere are all fast
    name = getattr(item, "originalname", None) or item.name
    if f"{file}::{name}" in FAST_TESTS:
        return None
    if file in SLOW_MODULES:
        return SLOW_MODULES[file]
    if f"{file}::{name}" in SLOW_TESTS:
        return SLOW_TESTS[f"{file}::{name}"]
    for fixture in getattr(item, "fixturenames", ()):
        if fixture in SLOW_FIXTURES:
            return SLOW_FIXTURES[fixture]
    callspec = getattr(item, "callspec", None)
    for value in (callspec.params.values() if callspec else ()):
        if isinstance(value, str) and value in SLOW_PARAMS:
            return SLOW_PARAMS[value]
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if slow_reason(item) is not None:
            item.add_marker(pytest.mark.slow)
    if hasattr(config, "workerinput"):  # every worker collects, in the same order
        rank = {name: i for i, name in enumerate(FIRST_UNDER_XDIST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable


# ---------------------------------------------------------------------------- caches
_SAVED: dict[str, str | None] = {}
#: Where programs the tests run write caches and settings (Chromium: its crash reports, dconf).
_XDG = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")

settings.register_profile("stalin-kg", database=None)
settings.load_profile("stalin-kg")


class DoctestTemp:
    """Doctests make their files with ``tempfile.mkdtemp()`` (no fixtures there): in a folder
    of the session, removed at its end, not in the system's temporary folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Any:
        if not isinstance(item, DoctestItem):
            return (yield)
        saved = tempfile.tempdir
        tempfile.tempdir = self.folder
        try:
            return (yield)
        finally:
            tempfile.tempdir = saved


def pytest_configure(config: pytest.Config) -> None:
    """Caches in a temporary folder of this session (its xdist workers inherit it)."""
    if not (hasattr(config, "workerinput") and os.environ.get("STALIN_KG_TEST_CACHE")):
        _private_folders()  # not in an xdist worker: those have the controller's folder
    # hypothesis's own files (constants it found in the source, ...), by default in ./.hypothesis
    home = os.path.join(os.environ["STALIN_KG_TEST_CACHE"], f"hypothesis-{os.getpid()}")
    getattr(hypothesis.configuration, "set_hypothesis_home_dir", lambda _: None)(home)
    doctests = os.path.join(os.environ["STALIN_KG_TEST_CACHE"], "doctests")
    os.makedirs(doctests, exist_ok=True)
    config.pluginmanager.register(DoctestTemp(doctests), "stalin-kg-doctest-temp")


def _private_folders() -> None:
    folder = tempfile.mkdtemp(prefix="stalin-kg-tests-")
    for name in (*_XDG, "STALIN_KG_LAYOUT_CACHE", "STALIN_KG_TEST_CACHE"):
        _SAVED[name] = os.environ.get(name)
    os.environ["STALIN_KG_TEST_CACHE"] = folder
    for name in _XDG:
        os.environ[name] = os.path.join(folder, name.lower())
    os.environ["STALIN_KG_LAYOUT_CACHE"] = os.path.join(folder, "layout")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = os.environ.get("STALIN_KG_TEST_CACHE")
    if not _SAVED or folder is None:
        return
    shutil.rmtree(folder, ignore_errors=True)
    for name, value in _SAVED.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
