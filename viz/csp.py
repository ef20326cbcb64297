"""The one Content-Security-Policy builder, for the viewer's page and the server's pages.

A policy allows nothing but what a page names, on top of :data:`BASE_POLICY`, so a page gives
only what it needs (its scripts, styles, connections). A policy delivered in a ``<meta>`` element
(the viewer's page, which is a file) leaves out what browsers ignore there (``frame-ancestors``).

>>> content_security_policy(style_src="'sha256-abc'")
"default-src 'none'; style-src 'sha256-abc'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
>>> content_security_policy(script_src="'self'", form_action="'none'").split("; ")[1:3]
["script-src 'self'", "form-action 'none'"]
>>> content_security_policy(script_src="'sha256-abc'", in_meta=True)
"default-src 'none'; script-src 'sha256-abc'; base-uri 'none'; form-action 'self'"

A page's policy can be put together from parts, each the directives one feature needs
(:func:`combine` joins their sources directive by directive), so a feature adds what it needs
without knowing the others: :data:`WASM` for a page that runs WebAssembly (the viewer's SPARQL
engine), and only there.

>>> parts = combine({"script-src": "'sha256-abc'"}, WASM, {"worker-src": "blob:"})
>>> content_security_policy(in_meta=True, **parts).split("; ")[1:3]
["script-src 'sha256-abc' 'wasm-unsafe-eval'", 'worker-src blob:']
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["BASE_POLICY", "META_IGNORED", "WASM", "combine", "content_security_policy"]

#: What every page's policy says unless the page says otherwise: load nothing, run nothing, no
#: ``<base>``, forms only to where the page came from, never framed.
BASE_POLICY: dict[str, str] = {
    "default-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
#: Directives a browser ignores (with a console warning) in a ``<meta>`` policy.
META_IGNORED = frozenset({"frame-ancestors", "report-uri", "sandbox"})
#: What a page that compiles WebAssembly needs (and nothing else: no 'unsafe-eval').
WASM: dict[str, str] = {"script-src": "'wasm-unsafe-eval'"}


def combine(*parts: Mapping[str, str]) -> dict[str, str]:
    """The directives of ``parts`` (names as in a policy: ``script-src``), each directive's
    sources joined in the order given, each source once.

    >>> combine({"script-src": "'self' 'sha256-a'"}, {"script-src": "'self'", "img-src": "data:"})
    {'script-src': "'self' 'sha256-a'", 'img-src': 'data:'}
    """
    out: dict[str, list[str]] = {}
    for part in parts:
        for name, value in part.items():
            sources = out.setdefault(name, [])
            sources += [s for s in value.split() if s not in sources]
    return {name: " ".join(sources) for name, sources in out.items()}


def content_security_policy(*, in_meta: bool = False, **directives: str) -> str:
    """A Content-Security-Policy: :data:`BASE_POLICY` with ``directives`` (``script_src=`` for
    ``script-src``) added after ``default-src`` in the order given, or replacing its own;
    ``in_meta`` leaves out :data:`META_IGNORED`."""
    policy = {"default-src": BASE_POLICY["default-src"]}
    policy |= {name.replace("_", "-"): value for name, value in directives.items()}
    policy |= {name: value for name, value in BASE_POLICY.items() if name not in policy}
    return "; ".join(f"{name} {value}" for name, value in policy.items()
                     if not (in_meta and name in META_IGNORED))
