"""Curation projects: a folder with a ``kg.toml`` whose ``data/`` holds a graph, as git has
``.git``.

A project is found by walking up from a folder (:func:`find_project`), named outright
(:func:`open_project`), or made (:func:`init_project`). This checkout of stalin-kg is a project
too (its ``kg.toml`` names ``data/``), so ``kg`` run anywhere inside it works on the checkout's
files, installed or not; outside any project, on the bundled graph.

``kg.toml`` (read with :mod:`tomllib`) names the files, relative to the project's folder; every
key has a default, so an empty ``[project]`` table is a project of the default layout::

    [project]
    name = "my-project"
    statements = "data/triples.ttl"            # the statements (what `kg add` writes)
    vocabulary = "data/vocab.ttl"              # the relation vocabulary and classes
    shapes = "data/shapes.ttl"                 # the SHACL shapes kg check applies
    sources = ["data/sources"]                 # source files, or folders of *.ttl sources
    criticism = "data/criticism.ttl"           # the source criticism (read if it exists)

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> project = init_project(root / "letters", name="letters")
>>> project.statements.relative_to(project.root).as_posix()
'data/triples.ttl'
>>> find_project(project.root / "data") == project
True
>>> [p.name for p in project.graph_files()]
['triples.ttl', 'vocab.ttl']
>>> find_project(root) is None
True
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .atomic import atomic_output
from .errors import InputError
from .messages import message

__all__ = ["CONFIG", "ENV", "Project", "find_project", "init_project", "open_project",
           "project_for"]

#: The name of a project's configuration file: its presence makes a folder a project.
CONFIG = "kg.toml"
#: The environment variable naming a project folder (as ``--project DIR`` does).
ENV = "KG_PROJECT"

_DEFAULTS = {
    "statements": "data/triples.ttl",
    "vocabulary": "data/vocab.ttl",
    "shapes": "data/shapes.ttl",
    "sources": ["data/sources"],
    "criticism": "data/criticism.ttl",
}

_STATEMENTS_NOTE = """
# The statements of this project: each direct edge with its rdf:Statement node (the sentence it
# is derived from, the quote, the basis). Run `kg check` after edits.
"""


def _empty_statements() -> str:
    """A new project's statements file: the prefixes of the bundled statements, no triples."""
    with paths.statements_file().open(encoding="utf-8") as bundled:
        prefixes = [line for line in bundled if line.startswith("@prefix ")]
    return "".join(prefixes) + _STATEMENTS_NOTE


@dataclass(frozen=True)
class Project:
    """A curation project: its folder, its ``kg.toml`` and the data files it names.

    ``statements`` is the file new statements go to; ``sources`` the source files and folders
    (:meth:`source_files` lists the files); ``sources_dir`` the folder where ``kg source add``
    writes a new source.
    """

    root: Path
    name: str
    statements: Path
    vocabulary: Path
    shapes: Path
    sources: tuple[Path, ...]
    #: The editorial layer (:mod:`graph.criticism`): read with the graph when the file exists.
    criticism: Path | None = None

    @property
    def config(self) -> Path:
        """The project's ``kg.toml``."""
        return self.root / CONFIG

    @property
    def data_dir(self) -> Path:
        """The folder holding the statements file (``data/``)."""
        return self.statements.parent

    @property
    def sources_dir(self) -> Path:
        """Where a new source is written: the first folder among ``sources`` (else
        ``data/sources``)."""
        for entry in self.sources:
            if entry.suffix == "":
                return entry
        return self.data_dir / "sources"

    @property
    def is_bundled(self) -> bool:
        """Whether this project's data is the bundled graph itself (the checkout ``kg`` runs
        from, as an editable install has it)."""
        try:
            return self.data_dir.resolve() == paths.data_dir().resolve()
        except FileNotFoundError:
            return False

    def source_files(self) -> list[Path]:
        """Every source file: the files named in ``sources``, and the ``*.ttl`` files of the
        folders named there (sorted by name), each once."""
        found: list[Path] = []
        for entry in self.sources:
            if entry.is_dir():
                found += sorted(entry.glob("*.ttl"))
            elif entry.suffix or entry.exists():
                found.append(entry)
        unique: dict[Path, Path] = {}
        for path in found:
            unique.setdefault(path.resolve(), path)
        return list(unique.values())

    def background_files(self) -> list[Path]:
        """The files that give statements their meaning: the sources and the vocabulary."""
        return [*self.source_files(), self.vocabulary]

    def graph_files(self) -> list[Path]:
        """Every file of the project's graph: statements, sources, vocabulary, and the source
        criticism when the project has one."""
        criticism = [self.criticism] if self.criticism and self.criticism.is_file() else []
        return [self.statements, *self.background_files(), *criticism]

    def files_with(self, given: Sequence[Path] = ()) -> list[Path]:
        """The files a command loads: ``given`` with the project's sources and vocabulary
        beside them (so that relations and sentences resolve), or without ``given`` the
        project's whole graph (:meth:`graph_files`)."""
        if not given:
            return self.graph_files()
        named = {Path(p).resolve() for p in given}
        return [*given, *(f for f in self.background_files() if f.resolve() not in named)]

    def describe(self, given: Sequence[Path] = ()) -> str:
        """One line naming the project and the files read (:meth:`files_with` ``given``), for
        ``kg``'s note on stderr.

        >>> import tempfile
        >>> p = init_project(Path(tempfile.mkdtemp()) / "p", name="p")
        >>> p.describe().endswith("(kg.toml): data/triples.ttl, data/vocab.ttl")
        True
        >>> p.describe([Path("mine.ttl")]).endswith("(kg.toml): mine.ttl, data/vocab.ttl")
        True
        """
        names = ", ".join(_relative(f, self.root) for f in self.files_with(given))
        return f"{self.root} ({CONFIG}): {names}"


def open_project(root: str | Path) -> Project:
    """The project in folder ``root`` (which must hold a ``kg.toml``).

    Raises :class:`~graph.errors.InputError`, located at the file, for a missing folder or
    ``kg.toml``, TOML that does not parse, or a key of the wrong type.

    >>> open_project("/nonexistent")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: /nonexistent: not a kg project (no kg.toml); make one with `kg init /nonexistent`
    """
    folder = Path(root)
    config = folder / CONFIG
    if not config.is_file():
        raise InputError(message("project.notProject", config=CONFIG, folder=folder),
                         path=str(folder))
    import tomllib  # read only where a kg.toml is: outside a project no command pays for it

    try:
        table = tomllib.loads(config.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(message("project.notUtf8"), path=str(config)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(message("project.notToml", error=exc), path=str(config)) from None
    settings = table.get("project", {})
    if not isinstance(settings, Mapping):
        raise InputError(message("project.notTable"), path=str(config))
    return _project(folder, config, settings)


def _project(folder: Path, config: Path, settings: Mapping[str, object]) -> Project:
    def one(key: str) -> Path:
        value = settings.get(key, _DEFAULTS[key])
        if not isinstance(value, str) or not value:
            raise InputError(message("project.notFileName", key=key, default=_DEFAULTS[key]),
                             path=str(config))
        return folder / value

    sources = settings.get("sources", _DEFAULTS["sources"])
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise InputError(message("project.sourcesNotList"), path=str(config))
    name = settings.get("name", folder.resolve().name)
    return Project(folder, str(name), one("statements"), one("vocabulary"), one("shapes"),
                   tuple(folder / s for s in sources), one("criticism"))


def find_project(start: str | Path | None = None) -> Project | None:
    """The project holding folder ``start`` (default: the working folder): the nearest folder
    with a ``kg.toml``, walking up; None outside any project.

    >>> find_project(Path(paths.__file__).parent).name  # this checkout is a project
    'stalin-kg'
    """
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return open_project(folder)
    return None


def project_for(given: str | Path | None = None, *, start: str | Path | None = None,
                environ: Mapping[str, str] | None = None) -> Project | None:
    """The project a command works on: ``given`` (``--project DIR``), else ``$KG_PROJECT``,
    else the one holding ``start`` (:func:`find_project`); None outside any project.

    >>> project_for(environ={ENV: "/nonexistent"})
    Traceback (most recent call last):
    ...
    graph.errors.InputError: /nonexistent: not a kg project (no kg.toml); make one with `kg init /nonexistent`
    """
    if given is not None:
        return open_project(given)
    named = (os.environ if environ is None else environ).get(ENV)
    if named:
        return open_project(named)
    return find_project(start)


def init_project(root: str | Path, *, name: str | None = None) -> Project:
    """Make a curation project in folder ``root`` (new or empty): ``kg.toml``, and ``data/``
    with the vocabulary and shapes of the bundled graph, an empty statements file and an empty
    ``sources/`` folder. Returns the project.

    Refuses (:class:`~graph.errors.InputError`) a folder that already holds a project or any
    file, so that nothing is overwritten.
    """
    folder = Path(root)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        holds = (message("project.holdsProject") if (folder / CONFIG).is_file()
                 else message("project.holdsFiles"))
        raise InputError(holds, path=str(folder))
    title = name or folder.resolve().name
    data = folder / "data"
    (data / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.vocab_file(), data / "vocab.ttl")
    shutil.copyfile(paths.shapes_file(), data / "shapes.ttl")
    with atomic_output(data / "triples.ttl") as out:
        out.write(_empty_statements())
    with atomic_output(folder / CONFIG) as out:
        out.write(_config_text(title))
    return open_project(folder)


def _config_text(name: str) -> str:
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "# A stalin-kg curation project: `kg` run in this folder or below works on these files.\n"
        "[project]\n"
        f'name = "{quoted}"\n'
        f'statements = "{_DEFAULTS["statements"]}"\n'
        f'vocabulary = "{_DEFAULTS["vocabulary"]}"\n'
        f'shapes = "{_DEFAULTS["shapes"]}"\n'
        'sources = ["data/sources"]\n'
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
