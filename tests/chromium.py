"""Debian's Chromium for the browser tests, found where ``apt-get install chromium`` puts it.

The tests never look it up on ``PATH`` (a browser installed by hand elsewhere must not stand in
for the install step ``.ci/run`` performs). Where it is missing, browser tests are skipped with
one message; the README says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["ARGS", "AXE", "CHROMIUM", "SKIP_REASON", "axe_script", "needs_chromium"]

#: Where Debian's ``chromium`` package installs the browser.
CHROMIUM = Path("/usr/bin/chromium")

#: Headless, offline, no first-run or background traffic (see the guide's FACTS.md).
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

SKIP_REASON = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"

#: Mark for a test that drives the browser.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)

#: axe-core's ``axe.min.js`` for the accessibility audits, vendored from viz/frontend's
#: package-lock.json by ``npm run vendor`` (with its licence; tests/test_vendor.py checks it), so
#: the tests need neither Node nor the network.
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def axe_script() -> str:
    """The text of axe-core, to add to a page with ``page.add_script_tag(content=...)``."""
    return AXE.read_text(encoding="utf-8")
