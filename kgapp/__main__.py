"""``python -m kgapp``: the ``kg`` command."""

from kgapp.console import run

run()
