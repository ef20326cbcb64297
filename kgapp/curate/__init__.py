"""``kg curate``: the curation workbench, a local web page over :class:`graph.edit.Workspace`
(:mod:`kgapp.curate.app`; the page is ``templates/page.html`` and ``static/curate.js``)."""
