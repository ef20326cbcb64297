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
"""

from __future__ import annotations

__all__ = ["BASE_POLICY", "META_IGNORED", "content_security_policy"]

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


def content_security_policy(*, in_meta: bool = False, **directives: str) -> str:
    """A Content-Security-Policy: :data:`BASE_POLICY` with ``directives`` (``script_src=`` for
    ``script-src``) added after ``default-src`` in the order given, or replacing its own;
    ``in_meta`` leaves out :data:`META_IGNORED`."""
    policy = {"default-src": BASE_POLICY["default-src"]}
    policy |= {name.replace("_", "-"): value for name, value in directives.items()}
    policy |= {name: value for name, value in BASE_POLICY.items() if name not in policy}
    return "; ".join(f"{name} {value}" for name, value in policy.items()
                     if not (in_meta and name in META_IGNORED))
