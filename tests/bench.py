"""The benchmark scripts' modules (``benchmarks/*.py``) for tests that reuse them.

>>> bench_module("generate").generate(3, 3, seed=0).startswith("@prefix")
True
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def bench_module(name: str) -> ModuleType:
    """``benchmarks/NAME.py`` imported as ``NAME`` (as the scripts import one another); the
    test is skipped if the checkout has no such file."""
    if not (BENCHMARKS / f"{name}.py").is_file():
        pytest.skip(f"benchmarks/{name}.py is not in this checkout", allow_module_level=True)
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))
    return importlib.import_module(name)
