"""The generated parts of the documentation, written into the pages by cog.

The pages under ``docs/`` hold blocks such as::

    <!-- [[[cog import docs_reference; docs_reference.cli_reference()]]] -->
    ...generated text, committed...
    <!-- [[[end]]] -->

This script reruns them with cog (``python3 scripts/docs_reference.py``; ``cog -r -I scripts
PAGE`` does the same) or, with ``--check``, fails when a page no longer matches the code (CI and
``tests/test_docs.py`` run that; the check needs no cog). What they hold comes
from the code itself: the ``kg`` commands' ``--help`` (click's test runner, 80 columns), the
settings of ``kg serve`` (:func:`kgapp.server.markdown_table`), the rules of ``kg check``
(:data:`graph.check.RULES`), the named queries (:func:`graph.queries.all_queries`) and the
import contracts (``pyproject.toml``).

>>> "## `kg check`" in cli_markdown()
True
>>> rules_markdown().splitlines()[0]
'| rule | checks | fix |'
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WIDTH = 80  # the help is wrapped at this width, whatever the terminal


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def command_help(*path: str) -> str:
    """The ``--help`` of ``kg PATH...`` as a user sees it."""
    from click.testing import CliRunner

    from kgapp.cli import main

    result = CliRunner().invoke(main, [*path, "--help"], prog_name="kg", terminal_width=WIDTH,
                                env={"KG_LANG": "en"})  # the reference is in English
    if result.exit_code != 0:
        raise RuntimeError(f"kg {' '.join(path)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def command_names() -> list[str]:
    """The ``kg`` commands, in the order ``kg --help`` lists them."""
    from kgapp.shell import every_command

    return list(every_command())


def cli_markdown() -> str:
    """One section per command: its ``--help``, verbatim."""
    parts = ["## `kg`\n\n", "```text\n" + command_help() + "```\n"]
    from kgapp.shell import every_command

    for name in command_names():
        parts += [f"\n## `kg {name}`\n\n", "```text\n" + command_help(name) + "```\n"]
        group = every_command()[name]
        for sub in sorted(getattr(group, "commands", {})):  # a group's commands (kg source add)
            parts += [f"\n### `kg {name} {sub}`\n\n", "```text\n" + command_help(name, sub)
                      + "```\n"]
    return "".join(parts)


def settings_markdown() -> str:
    """The settings of ``kg serve`` as a table: the server's own."""
    from kgapp.server import markdown_table

    return markdown_table() + "\n"


def rules_markdown() -> str:
    """The rules of ``kg check``, in their registered order."""
    from graph.check import RULES

    rows = ["| rule | checks | fix |", "|---|---|---|"]
    for rule in RULES:
        name = f"`{rule.name}`" + (" (SHACL)" if rule.shacl else "")
        rows.append(f"| {name} | {_cell(rule.checks)} | {_cell(rule.fix)} |")
    return "\n".join(rows) + "\n"


def queries_markdown() -> str:
    """The named queries, from their ``.rq`` headers."""
    from graph.queries import all_queries

    rows = ["| name | what | parameters |", "|---|---|---|"]
    for q in all_queries():
        params = "; ".join(
            f"`{p.name}` ({p.kind}"
            + (f", default `{p.default}`" if p.default is not None else "")
            + f"): {_cell(p.help)}"
            for p in q.params
        )
        rows.append(f"| `{q.name}` | {_cell(q.title)}: {_cell(q.description)} | {params} |")
    return "\n".join(rows) + "\n"


def contracts_markdown() -> str:
    """The import contracts of ``pyproject.toml`` (``lint-imports``), one item each."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    items = []
    for contract in config["tool"]["importlinter"]["contracts"]:
        kind = contract["type"]
        if kind == "layers":
            detail = " → ".join(f"`{layer}`" for layer in contract["layers"])
        elif kind == "forbidden":
            detail = (", ".join(f"`{m}`" for m in contract["source_modules"]) + " may not import "
                      + ", ".join(f"`{m}`" for m in contract["forbidden_modules"]))
        else:
            detail = ", ".join(f"`{m}`" for m in contract.get("ancestors", []))
        items.append(f"- {contract['name']} ({kind}: {detail})")
    return "\n".join(items) + "\n"


def _emit(text: str) -> None:
    import cog  # type: ignore[import-not-found]  # only inside cog

    cog.out(text)


def cli_reference() -> None:
    """cog: the CLI reference."""
    _emit(cli_markdown())


def settings_table() -> None:
    """cog: the settings table."""
    _emit(settings_markdown())


def rules_table() -> None:
    """cog: the rules table."""
    _emit(rules_markdown())


def queries_table() -> None:
    """cog: the named-queries table."""
    _emit(queries_markdown())


def contracts_list() -> None:
    """cog: the import contracts."""
    _emit(contracts_markdown())


#: What each cog block calls, and the text it writes: ``--check`` compares without cog.
GENERATED: dict[str, Callable[[], str]] = {
    "cli_reference": cli_markdown,
    "settings_table": settings_markdown,
    "rules_table": rules_markdown,
    "queries_table": queries_markdown,
    "contracts_list": contracts_markdown,
}

BLOCK = re.compile(
    r"<!-- \[\[\[cog import docs_reference; docs_reference\.(\w+)\(\)\]\]\] -->\n"
    r"(.*?)<!-- \[\[\[end\]\]\] -->",
    re.DOTALL,
)


def stale() -> Iterator[str]:
    """The generated blocks that no longer match the code, as ``page: block``.

    Needs no cog: each block's text is compared with what its function writes.
    """
    for page in pages():
        for match in BLOCK.finditer(page.read_text(encoding="utf-8")):
            name, text = match.group(1), match.group(2)
            if name not in GENERATED:
                yield f"{page.relative_to(ROOT)}: unknown generator {name}"
            elif GENERATED[name]() != text:
                yield f"{page.relative_to(ROOT)}: {name}"


def pages() -> list[Path]:
    """The pages with generated blocks."""
    return sorted(p for p in DOCS.rglob("*.md") if "[[[cog" in p.read_text(encoding="utf-8"))


def rewrite() -> int:
    """Rewrite the generated blocks with cog; cog's exit status."""
    from cogapp import Cog  # type: ignore[import-untyped]

    files = [str(p.relative_to(ROOT)) for p in pages()]
    cwd = Path.cwd()
    try:
        os.chdir(ROOT)
        return int(Cog().main(["cog", "-I", str(Path(__file__).resolve().parent), "-r", *files]))
    finally:
        os.chdir(cwd)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; fail if a generated block is stale")
    args = parser.parse_args(argv)
    if not args.check:
        return rewrite()
    problems = list(stale())
    for problem in problems:
        print(f"stale: {problem}", file=sys.stderr)
    if problems:
        print("rewrite them: python3 scripts/docs_reference.py (needs pip install '.[docs]')",
              file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
