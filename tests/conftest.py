"""Shared fixtures: the bundled graph, loaded once per test session."""

from __future__ import annotations

import pytest

import graph


@pytest.fixture(scope="session")
def kg() -> graph.KnowledgeGraph:
    return graph.load()
