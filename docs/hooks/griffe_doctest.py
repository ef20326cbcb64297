"""A griffe extension for the API reference: the docstrings are written for ``help()`` and
doctest (reST-flavoured plain text), and this makes them read well as Markdown.

* a run of ``>>>`` lines with their output becomes a fenced ``pycon`` block, so that results
  such as ``[('Joseph Stalin', 'Kamenev')]`` are shown as code, not taken for Markdown links;
* Sphinx roles (``:func:`load```, ``:data:`RULES```) become code spans.

Loaded by ``mkdocs.yml`` (``extensions: [docs/hooks/griffe_doctest.py]``); it changes nothing in
the code, only what the site shows.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|mod|data|meth|attr|exc|obj|const):`~?([^`]+)`")


def fence_doctests(text: str) -> str:
    """Wrap each doctest example (``>>>`` lines and their output) in a ``pycon`` fence.

    >>> fence_doctests("Text.\\n\\n" + ">" * 3 + " 1 + 1\\n2\\n\\nMore.").splitlines()
    ['Text.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    inside = False
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not inside and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and (not stripped or not line.startswith(indent)):
            out.append(f"{indent}```")
            inside = False
        out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


def markdown_docstring(text: str) -> str:
    """The docstring as the site shows it: roles as code, doctests fenced."""
    return fence_doctests(ROLE.sub(r"`\1`", text))


class DoctestFences(griffe.Extension):
    """Rewrite every docstring with :func:`markdown_docstring` as griffe loads it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
