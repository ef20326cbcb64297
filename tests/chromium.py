"""Debian's Chromium for the browser tests, found where ``apt-get install chromium`` puts it.

The tests never look it up on ``PATH`` (a browser installed by hand elsewhere must not stand in
for the install step ``.ci/run`` performs). Where it is missing, browser tests are skipped with
one message; the README says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["ARGS", "CHROMIUM", "SKIP_REASON", "needs_chromium"]

#: Where Debian's ``chromium`` package installs the browser.
CHROMIUM = Path("/usr/bin/chromium")

#: Headless, offline, no first-run or background traffic (see the guide's FACTS.md).
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

SKIP_REASON = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"

#: Mark for a test that drives the browser.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)
