"""What every ``kg`` command shares: the ``kg`` group itself (:data:`main`, on which the command
modules register their commands with ``@main.command()``), the exit codes, the error wrapper and
the project it works on (:mod:`graph.workspace`), so that the command modules
(:mod:`kgapp.cli`, :mod:`kgapp.curation_cli`, :mod:`kgapp.edit_cli`, :mod:`kgapp.serve_cli`) need not import each other.

The commands of :data:`ELSEWHERE` are imported when first named (run, or listed by
``kg --help``), so that ``kg query`` pays for no curation module at start:

>>> "add" in every_command() and "source" in main.commands
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.errors import KGError
from graph.messages import message
from graph.workspace import Project, project_for
from kgapp.helptexts import CatalogueGroup

__all__ = ["ELSEWHERE", "EXIT_INPUT", "EXIT_PROBLEMS", "current_project", "every_command",
           "kg_errors", "main", "note_project", "project_option"]

_F = TypeVar("_F", bound=Callable[..., Any])

EXIT_PROBLEMS = 1
EXIT_INPUT = 2

_PROJECT_KEY = "kg.project"  # the --project folder, in the click context's meta
_FOUND_KEY = "kg.project.found"


def kg_errors(command: _F) -> _F:
    """Print a :class:`~graph.errors.KGError` as one line on stderr and exit 2, no traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KGError as err:
            click.echo(str(err), err=True)
            raise SystemExit(EXIT_INPUT) from None

    return wrapper  # type: ignore[return-value]


def _remember(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[_PROJECT_KEY] = value


def project_option(command: _F) -> _F:
    """``--project DIR`` on the ``kg`` group: the project every command works on."""
    return click.option(
        "--project", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
        expose_value=False, is_eager=True, callback=_remember,
    )(command)  # its help: cli.help.kg.project in the catalogue


def _version() -> str:
    """The installed version, or the checkout's ``pyproject.toml`` version when not installed
    (looked up only when asked for: reading the package metadata costs every start 20 ms)."""
    import tomllib
    from importlib import metadata

    try:
        return metadata.version("stalin-kg")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _print_version(ctx: click.Context, asked: bool) -> None:
    """``kg --version``: ``kg, version 0.1.0``, then exit."""
    if asked and not ctx.resilient_parsing:
        click.echo(message("cli.version", version=_version()))
        ctx.exit()


#: The commands defined outside :mod:`kgapp.cli`, by the module that registers them on
#: :data:`main` when imported.
ELSEWHERE: dict[str, str] = {
    **dict.fromkeys(("init", "source", "diff", "release"), "kgapp.curation_cli"),
    **dict.fromkeys(("add", "edit", "remove", "curate"), "kgapp.edit_cli"),
    **dict.fromkeys(("serve", "publish"), "kgapp.serve_cli"),
}


class KgGroup(CatalogueGroup):
    """The ``kg`` group: a command of :data:`ELSEWHERE` is imported when first named."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in ELSEWHERE:
            importlib.import_module(ELSEWHERE[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=KgGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _param, asked: _print_version(ctx, asked))
@project_option
def main() -> None:
    pass  # the commands' and options' help: ``cli.help.*`` in the catalogue (kgapp.helptexts)


def every_command() -> dict[str, click.Command]:
    """Every ``kg`` command by name, the ones of :data:`ELSEWHERE` imported first (for the CLI
    reference and the tests that go through them all)."""
    for module in sorted(set(ELSEWHERE.values())):
        importlib.import_module(module)
    return dict(sorted(main.commands.items()))


def current_project() -> Project | None:
    """The project of this command: ``--project``, ``$KG_PROJECT`` or the one holding the
    working folder (:func:`graph.workspace.project_for`); None outside any project. Raises
    :class:`~graph.errors.InputError` for a named folder that is no project."""
    context = click.get_current_context(silent=True)
    meta = context.meta if context is not None else {}
    if _FOUND_KEY not in meta:
        meta[_FOUND_KEY] = project_for(meta.get(_PROJECT_KEY))
    found: Project | None = meta[_FOUND_KEY]
    return found


def note_project(project: Project | None, given: Sequence[Path] = ()) -> None:
    """Say on stderr which project's data a command reads (``given`` files with the project's
    sources and vocabulary, else its graph), unless it is the bundled graph."""
    if project is not None and not project.is_bundled:
        click.echo(message("cli.readingProject", project=project.describe(given)), err=True)
