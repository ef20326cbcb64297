"""The stalin-kg viewer: one self-contained, offline, evidence-first HTML page of the graph.

>>> import graph, viz, tempfile, pathlib
>>> page = viz.render(graph.load(), pathlib.Path(tempfile.mkdtemp()) / "kg.html", lang="de")
>>> page.read_text(encoding="utf-8").count("<script") >= 6
True

``render`` writes the page, ``render_html`` returns it as a string, ``page_data`` gives the
data it shows, ``show_in_notebook`` displays it in Jupyter or VS Code (a frame on a written
page), ``open_in_browser`` opens a written page.
"""

from .data import page_data
from .layout import layout
from .notebook import NotebookFrame, show_in_notebook
from .render import NotebookView, notebook_html, open_in_browser, render, render_html

__all__ = [
    "NotebookFrame",
    "NotebookView",
    "layout",
    "notebook_html",
    "open_in_browser",
    "page_data",
    "render",
    "render_html",
    "show_in_notebook",
]
