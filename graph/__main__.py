"""``python -m graph``: the ``kg`` command."""

from graph.console import run

run()
