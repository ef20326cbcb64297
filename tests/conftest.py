"""Shared fixtures: the bundled graph, loaded once per test session, ``kg serve`` over it, and
Debian's Chromium. The session itself (tiers, parallel runs, private caches) is set up by the
``conftest.py`` at the top of the checkout.

A test module that needs a server of its own settings defines its own ``server`` or ``http``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from chromium import ARGS, CHROMIUM, SKIP_REASON

import graph
from kgapp.server import Settings, create_app, running


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def kg() -> graph.KnowledgeGraph:
    return graph.load()


@pytest.fixture(scope="module")
def server(kg: graph.KnowledgeGraph) -> Iterator[str]:
    """The URL of ``kg serve`` over the bundled graph (2 workers, 5 s per query)."""
    with running(create_app(kg, Settings(workers=2, timeout=5))) as url:
        yield url


@pytest.fixture(scope="module")
def http(server: str) -> Iterator[httpx.Client]:
    """A client of :func:`server` (no proxies from the environment)."""
    with httpx.Client(base_url=server, trust_env=False, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless and offline (:mod:`chromium`); the test is skipped where it
    or the playwright package is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
