"""The ``kg`` command's help, from the message catalogue (:mod:`graph.messages`), in the user's
language (``$KG_LANG``, :func:`graph.messages.user_lang`).

The commands carry no help text of their own: :class:`CatalogueGroup` (the ``kg`` group) and
:class:`CatalogueCommand` (every command registered with ``@main.command()``) look their texts
up when a help page is formatted, so that starting ``kg`` to run a command reads no catalogue.
The keys, in ``graph/locales/{en,de}.json``:

* ``cli.help.kg``: the help of ``kg`` itself; ``cli.help.NAME``: of ``kg NAME`` (a command of a
  subgroup: ``cli.help.GROUP.NAME``); the first sentence is its line in ``kg --help``;
* ``cli.help.NAME.PARAM``: the help of the option whose parameter is ``PARAM`` (``--as-of``:
  ``as_of``); options shared by several commands (``--data``, ``--lang``...) have theirs under
  ``cli.help.option.PARAM``, used when the command has no key of its own;
* ``cli.help.usage``, ``cli.help.options``, ``cli.help.commands``: the headings, and the
  other words click adds (``cli.help.optionsMetavar``, ``cli.help.commandMetavar``,
  ``cli.help.default``, ``cli.help.required``).

>>> from click.testing import CliRunner
>>> from kgapp.cli import main
>>> CliRunner().invoke(main, ["stats", "--help"], env={"KG_LANG": "de"}).output.splitlines()[0]
'Aufruf: main stats [OPTIONEN]'
>>> help_key(["kg", "stats"], "top")
'cli.help.stats.top'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import click

from graph.messages import message, user_lang

__all__ = ["CatalogueCommand", "CatalogueGroup", "help_key", "option_help"]
_PREFIX = "cli.help."
_SHARED = "cli.help.option."


def help_key(path: Sequence[str], param: str | None = None) -> str:
    """The catalogue key of the help of the command at ``path`` (the group first), or of its
    option ``param``.

    >>> help_key(["kg"]), help_key(["kg", "check"]), help_key(["kg", "db", "load"], "force")
    ('cli.help.kg', 'cli.help.check', 'cli.help.db.load.force')
    """
    names = list(path[1:]) or ["kg"]
    return _PREFIX + ".".join([*names, param] if param else names)


def option_help(path: Sequence[str], param: str, lang: str, choices: Sequence[str] = ()) -> str:
    """The help of option ``param`` of the command at ``path``: its own key, else the shared
    ``cli.help.option.PARAM`` (raises :class:`~graph.messages.MissingMessage` when neither
    exists); a ``{choices}`` placeholder is given the option's ``choices``.

    >>> option_help(["kg", "show"], "lang", "de")
    'Sprache der Bezeichnungen.'
    >>> option_help(["kg", "export"], "types", "en", ["Person", "Place"])
    'Keep only entities of this type (Person, Place; any case); repeatable.'
    """
    from graph.messages import MissingMessage

    listed = ", ".join(choices)
    try:
        return message(help_key(path, param), lang, choices=listed)
    except MissingMessage:
        return message(_SHARED + param, lang, choices=listed)


#: The notes click appends to an option's help in brackets, ``[default: 5; required]``.
_EXTRAS = re.compile(r"\[((?:default|required)[^\[\]]*)\]$")


def _extras(text: str) -> str:
    """``text`` with click's bracketed ``default`` / ``required`` notes in the user's language.

    >>> import os
    >>> os.environ["KG_LANG"] = "de"; _extras("Seiten.  [default: 5; required]")
    'Seiten.  [Standard: 5; erforderlich]'
    >>> del os.environ["KG_LANG"]; _extras("Pages.  [default: 5]")
    'Pages.  [default: 5]'
    """
    def translate(match: re.Match[str]) -> str:
        notes = []
        for note in match.group(1).split("; "):
            if note.startswith("default: "):
                note = message("cli.help.default", value=note.removeprefix("default: "))
            elif note == "required":
                note = message("cli.help.required")
            notes.append(note)
        return "[" + "; ".join(notes) + "]"

    return _EXTRAS.sub(translate, text)


def _path(ctx: click.Context) -> list[str]:
    names = []
    node: click.Context | None = ctx
    while node is not None:
        names.append(node.command.name or "kg")
        node = node.parent
    return names[::-1]


class CatalogueCommand(click.Command):
    """A command whose help, options' help and headings come from the catalogue.

    ``help_params`` fill placeholders of the command's help: text that is not words to
    translate, such as examples of SPARQL (whose braces the catalogue does not hold).
    """

    def __init__(self, *args: Any, help_params: Mapping[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_params = dict(help_params or {})

    def resolve(self, path: Sequence[str], ctx: click.Context | None = None) -> None:
        """Set the help of this command at ``path`` and, given its context, of its options from
        the catalogue, in the user's language."""
        lang = user_lang()
        self.help = message(help_key(path), lang, **self.help_params)
        if ctx is None:
            return
        help_option = self.get_help_option(ctx)
        for param in self.get_params(ctx):
            if isinstance(param, click.Option) and param.name:
                name = "help" if param is help_option else param.name
                choices = param.type.choices if isinstance(param.type, click.Choice) else ()
                param.help = option_help(path, name, lang, [str(c) for c in choices])

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.resolve(_path(ctx), ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=message("cli.help.usage") + " ")

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces and pieces[0] == self.options_metavar:
            pieces[0] = message("cli.help.optionsMetavar")
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(record[0], _extras(record[1])) for param in self.get_params(ctx)
                if not isinstance(param, click.Argument)
                and (record := param.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section(message("cli.help.options")):
                formatter.write_dl(rows)


class CatalogueGroup(CatalogueCommand, click.Group):
    """A group (``kg``) whose commands are :class:`CatalogueCommand` s and whose help, like
    theirs, comes from the catalogue."""

    command_class = CatalogueCommand
    group_class = type  # subgroups are CatalogueGroups too

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if pieces and pieces[-1] == self.subcommand_metavar:
            pieces[-1] = message("cli.help.commandMetavar")
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        CatalogueCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        path = _path(ctx)
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None
                    and not command.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = []
        for name, command in commands:
            if isinstance(command, CatalogueCommand):
                command.resolve([*path, name])
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section(message("cli.help.commands")):
            formatter.write_dl(rows)
