"""Shared fixtures: the bundled graph, loaded once per test session, and ``kg serve`` over it.

A test module that needs a server of its own settings defines its own ``server`` or ``http``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import graph
from graph.server import Settings, create_app, running


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
