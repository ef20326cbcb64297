"""The two SHACL engines of ``kg check`` agree: pyshacl-turbo (the default) and pyshacl (the
reference, ``KG_SHACL_ENGINE=pyshacl``).

Both run on every fixture of ``tests/fixtures/check/`` and on a generated graph of about 45,000
triples with defects injected every few lines (as ``tests/test_check_scale.py`` makes them):
the SHACL findings (focus node, path, value, message, shape) and the whole ``kg check`` output
must be the same, for pyshacl-turbo on the whole store and split into parts by subject (worker
processes, as for big inputs), including nodes that a part borrows from another and shapes
that cannot be split. Without pyshacl-turbo (not installed, broken, or a version without the
public API used: no ``validate``, no Store input, false ``sh:in`` results), ``kg check`` runs
pyshacl and says so on stderr. No test here asserts a time.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result
from test_check_scale import EDGES, ENTITIES, dying_in_workers, generated, mutated, write

import graph.check.shacl as shacl_module
from graph.check import check_report
from graph.check.shacl import (
    ENGINE_VARIABLE,
    PARTS_VARIABLE,
    Engine,
    Shacl,
    choose_engine,
    plan_parts,
)
from graph.namespaces import PREFIXES, SH
from graph.paths import sentences_file, shapes_file, vocab_file
from graph.progress import silent
from kgapp.cli import main

pytest.importorskip("pyshacl_turbo")

FIXTURES = Path(__file__).parent / "fixtures" / "check"
NAMES = sorted(p.name for p in FIXTURES.glob("*.ttl") if "syntax" not in p.name)
BACKGROUND = (vocab_file(), sentences_file())

#: A SHACL finding as compared: focus node, message, anchors (focus, path, value), shape.
Key = tuple[str, str, tuple[tuple[str, ...], ...], str]


def _findings(files: Sequence[Path], engine: str, workers: int = 1, *,
              shapes: Path | None = None, parts: int | None = None) -> list[Key]:
    """The SHACL findings of ``engine`` on ``files`` (and the background), sorted.

    ``parts``: how many parts pyshacl-turbo must be running in worker processes (None: workers
    if pyshacl-turbo has several, else 0)."""
    store = ox.Store()
    for path in [*files, *(p for p in BACKGROUND if p not in files)]:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    shacl = Shacl(workers, shapes or shapes_file(), Engine(engine))
    if parts is None:
        parts = workers if engine == "pyshacl-turbo" and workers > 1 else 0
    try:
        shacl.start(store, silent)
        assert shacl.parts == parts
        found = shacl.finish()
    finally:
        shacl.close()
    return sorted(
        (f.node.n3(), f.message, tuple(tuple(n.n3() for n in a) for a in f.anchors),
         f.shape.n3() if f.shape is not None else "")
        for f in found
    )


def _kg_check(monkeypatch: pytest.MonkeyPatch, engine: str, *args: str) -> Result:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    return CliRunner().invoke(main, ["check", *args])


@pytest.mark.parametrize("name", NAMES)
def test_engines_find_the_same_in_every_fixture(name: str) -> None:
    reference = _findings([FIXTURES / name], "pyshacl")
    assert _findings([FIXTURES / name], "pyshacl-turbo") == reference
    assert _findings([FIXTURES / name], "pyshacl-turbo", workers=2) == reference


@pytest.mark.parametrize("name", NAMES)
def test_engines_print_the_same_kg_check_output(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(FIXTURES / name)
    reference = _kg_check(monkeypatch, "pyshacl", path)
    fast = _kg_check(monkeypatch, "pyshacl-turbo", path)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (
        reference.exit_code, reference.stdout, reference.stderr)


def test_some_fixtures_have_shacl_findings() -> None:
    """The comparison is not vacuous: shapes fire on the fixtures (labels, dates, basis ...)."""
    found = [name for name in NAMES if _findings([FIXTURES / name], "pyshacl-turbo")]
    assert {"missing_english_label.ttl", "bad_date.ttl", "unknown_basis.ttl"} <= set(found)


@pytest.fixture(scope="module")
def defective(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated graph of about 45,000 triples (2 MB: several chunks and parts) with a defect
    every few lines. The scale itself is test_check_scale's and the benchmarks' concern."""
    path = tmp_path_factory.mktemp("engines") / "defective.ttl"
    return write(path, mutated(generated(ENTITIES * 2 // 5, EDGES * 2 // 5)))


def test_engines_find_the_same_in_a_big_defective_graph(defective: Path) -> None:
    reference = _findings([defective], "pyshacl", workers=2)
    assert len(reference) > 200
    assert len({key[3] for key in reference}) >= 4  # several shapes fire
    assert _findings([defective], "pyshacl-turbo") == reference
    assert _findings([defective], "pyshacl-turbo", workers=2) == reference
    assert _findings([defective], "pyshacl-turbo", workers=3) == reference


def _across_parts(count: int) -> str:
    """Statements whose sentence or kg:after / kg:because node is in another part of 2 (so
    that a part must borrow its triples), with defects there: a sentence typed wrong, one
    without text, a kg:after pointing at a person, a kg:because at an undeclared node."""
    lines = ["sentence:x0 a kg:Sentence ; kg:sentenceNumber 1 .",  # no kg:text
             "sentence:x1 a kg:Person ; kg:sentenceNumber 2 ; kg:text \"Zwei.\" .",
             *(f"sentence:x{i} a kg:Sentence ; kg:sentenceNumber {i + 1} ; kg:text \"Text.\" ."
               for i in range(2, 12))]
    for i in range(count):
        order = f"stmt:t{(i * 7 + 3) % count}" if i % 3 else f"person:p{i}"
        lines += [
            f"person:p{i} a kg:Person ; rdfs:label \"P{i}\"@de, \"P{i}\"@en .",
            f"person:p{i} rel:friendOf person:p{(i + 1) % count} .",
            f"stmt:t{i} a rdf:Statement ; rdf:subject person:p{i} ; rdf:predicate rel:friendOf ;",
            f"    rdf:object person:p{(i + 1) % count} ; prov:wasDerivedFrom sentence:x{i % 12} ;",
            f"    kg:quote \"P{i}\" ; kg:basis kg:Stated ; kg:after {order} ;",
            f"    kg:because {'person:nobody' if i % 5 == 0 else f'stmt:t{(i + 11) % count}'} .",
        ]
    return "\n".join(lines)


def test_parts_borrow_what_their_shapes_need(tmp_path: Path) -> None:
    """A part validates its statements with the sentences and kg:after / kg:because nodes of
    other parts, and reports each node of its own once (the defects there included)."""
    path = tmp_path / "across.ttl"
    prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    path.write_text(prologue + _across_parts(60), encoding="utf-8")
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    parts = plan_parts(store, 2, str(shapes_file()))
    assert parts is not None
    assert parts.borrowed(0) and parts.borrowed(1)  # the test is not vacuous
    reference = _findings([path], "pyshacl")
    messages = " ".join(key[1] for key in reference)
    for wanted in ("kg:after must point", "kg:because must point", "needs exactly one kg:text",
                   "needs at least one prov:wasDerivedFrom"):
        assert wanted in messages
    assert _findings([path], "pyshacl-turbo", workers=2) == reference


def test_shapes_that_need_more_than_a_part_run_on_the_whole_store(tmp_path: Path) -> None:
    """A shape targeting the objects of a predicate sees nodes whose triples are in any part:
    such shapes run on the whole store, and still find an undeclared object."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(shapes_file().read_text(encoding="utf-8")
                      + "\nkgsh:Entity sh:targetObjectsOf rel:friendOf .\n", encoding="utf-8")
    data = tmp_path / "objects.ttl"
    prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    data.write_text(prologue + "person:a a kg:Person ; rdfs:label \"A\"@de, \"A\"@en .\n"
                    "person:a rel:friendOf person:b .\n", encoding="utf-8")
    reference = _findings([data], "pyshacl", shapes=shapes)
    assert any(key[0] == "<https://w3id.org/stalin-kg/person/b>" for key in reference)
    assert _findings([data], "pyshacl-turbo", workers=2, shapes=shapes, parts=0) == reference


def test_a_dying_part_worker_falls_back_to_this_process(
    defective: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _findings([defective], "pyshacl-turbo")
    monkeypatch.setattr(shacl_module, "_turbo", dying_in_workers(shacl_module._turbo))
    assert _findings([defective], "pyshacl-turbo", workers=2) == reference


def test_engines_give_the_same_report_on_a_big_defective_graph(defective: Path) -> None:
    reference = check_report([defective], engine="pyshacl")
    fast = check_report([defective], engine="pyshacl-turbo", workers=2)
    assert (reference.engine, fast.engine) == ("pyshacl", "pyshacl-turbo")
    assert len(reference.problems) > 400
    assert [str(p) for p in fast.problems] == [str(p) for p in reference.problems]
    assert [p.rule for p in fast.problems] == [p.rule for p in reference.problems]
    assert fast.summary() == reference.summary()


class _Broken(MetaPathFinder):
    """A finder that makes ``import pyshacl_turbo`` fail as a broken wheel would."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pyshacl_turbo":
            raise ImportError("libshacl.so: cannot open shared object file")


def _without_turbo(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    for name in [m for m in sys.modules if m == "pyshacl_turbo" or m.startswith("pyshacl_turbo.")]:
        monkeypatch.delitem(sys.modules, name)
    if how == "missing":
        monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # import raises ModuleNotFoundError
    else:
        monkeypatch.setattr(sys, "meta_path", [_Broken(), *sys.meta_path])


@pytest.mark.parametrize(
    ("how", "note"),
    [
        ("missing", "SHACL: pyshacl (pyshacl-turbo not installed)\n"),
        ("broken", "SHACL: pyshacl (pyshacl-turbo failed to import: libshacl.so: cannot open "
                   "shared object file)\n"),
    ],
)
def test_without_turbo_kg_check_runs_pyshacl_and_says_so(
    how: str, note: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(FIXTURES / "bad_date.ttl")
    expected = _kg_check(monkeypatch, "pyshacl-turbo", path)
    monkeypatch.delenv(ENGINE_VARIABLE)
    _without_turbo(monkeypatch, how)
    assert choose_engine() == Engine("pyshacl", note.rstrip("\n"))
    result = CliRunner().invoke(main, ["check", path])
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    assert result.stderr == note
    report = check_report([path])
    assert (report.engine, report.notes) == ("pyshacl", (note.rstrip("\n"),))


def test_the_reference_engine_is_forced_without_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "pyshacl")
    assert choose_engine() == Engine("pyshacl")
    assert check_report([FIXTURES / "clean.ttl"]).engine == "pyshacl"
    monkeypatch.delenv(ENGINE_VARIABLE)
    assert choose_engine() == Engine("pyshacl-turbo")
    assert choose_engine("pyshacl") == Engine("pyshacl")


def test_an_unknown_engine_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _kg_check(monkeypatch, "jena", str(FIXTURES / "clean.ttl"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "unknown SHACL engine KG_SHACL_ENGINE=jena: give one of pyshacl-turbo, pyshacl\n")


def test_parts_can_be_turned_off_and_a_wrong_switch_exits_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = FIXTURES / "clean.ttl"
    monkeypatch.setenv(PARTS_VARIABLE, "off")
    shacl = Shacl(2, shapes_file(), Engine("pyshacl-turbo"))
    try:
        assert shacl.split is False
    finally:
        shacl.close()
    monkeypatch.setenv(PARTS_VARIABLE, "sometimes")
    result = _kg_check(monkeypatch, "pyshacl-turbo", str(big))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "KG_SHACL_PARTS=sometimes is neither on nor off\n"


# ---------------------------------------------------------------------------- the public API


def _shapes_as_rdflib(validate: Any) -> Any:
    """pyshacl-turbo's validate given the shapes as an rdflib Graph (as a version that took no
    Store for shapes would need): 0.6.5 then reports false sh:in violations."""

    def wrapped(data: Any, *, shacl_graph: Any, **options: Any) -> Any:
        shapes = shacl_graph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return validate(data, shacl_graph=rdflib.Graph().parse(data=shapes.decode(), format="nt"),
                        **options)

    return wrapped


def _no_stores(data: Any, **options: Any) -> Any:
    raise TypeError(f"unsupported data graph type {type(data).__name__}")


@pytest.mark.parametrize(
    ("make", "note"),
    [
        (lambda real: None, "has no validate()"),
        (lambda real: _no_stores,
         "cannot validate pyoxigraph Stores: TypeError: unsupported data graph type Store"),
        (_shapes_as_rdflib, "reports ['urn:kg:probe#bad', 'urn:kg:probe#good'] where pyshacl "
                            "reports urn:kg:probe#bad (sh:in)"),
    ],
    ids=["no validate", "no Store input", "false sh:in"],
)
def test_a_turbo_without_what_we_use_falls_back_to_pyshacl_and_says_so(
    make: Any, note: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyshacl_turbo

    path = str(FIXTURES / "bad_date.ttl")
    expected = _kg_check(monkeypatch, "pyshacl", path)
    replacement = make(pyshacl_turbo.validate)
    version = SimpleNamespace(__version__=pyshacl_turbo.__version__)  # no compile_shapes
    if replacement is not None:
        version.validate = replacement
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", version)
    monkeypatch.delenv(ENGINE_VARIABLE)
    full = f"SHACL: pyshacl (pyshacl-turbo {pyshacl_turbo.__version__} {note})"
    assert choose_engine() == Engine("pyshacl", full)
    result = CliRunner().invoke(main, ["check", path])
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    assert result.stderr == full + "\n"


def test_the_installed_turbo_has_what_we_use() -> None:
    import pyshacl_turbo

    validate = shacl_module.turbo_validator(pyshacl_turbo)
    assert shacl_module.turbo_lacks(validate) is None
    assert choose_engine("pyshacl-turbo") == Engine("pyshacl-turbo")


class _BrokenProgram:
    """Compiled shapes whose validate takes no Store (as a version might)."""

    def validate(self, data: Any, **options: Any) -> Any:
        raise TypeError(f"unsupported data graph type {type(data).__name__}")


@pytest.mark.parametrize(
    "compiled", ["missing", "broken"], ids=["no compile_shapes", "compiled shapes take no Store"])
def test_without_usable_compiled_shapes_turbo_validates_with_validate(
    compiled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version without ``compile_shapes``, or whose compiled shapes fail the probe, still
    runs pyshacl-turbo, through ``validate()``, with the same findings whole and in parts."""
    import pyshacl_turbo

    fixture = [FIXTURES / "bad_date.ttl"]
    expected = _findings(fixture, "pyshacl")
    calls: list[str] = []
    real = pyshacl_turbo.validate

    def counting(*args: Any, **options: Any) -> Any:
        calls.append("validate")
        return real(*args, **options)

    version = SimpleNamespace(__version__=pyshacl_turbo.__version__, validate=counting)
    if compiled == "broken":
        version.compile_shapes = lambda shapes, **options: _BrokenProgram()
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", version)
    assert choose_engine("pyshacl-turbo") == Engine("pyshacl-turbo")
    assert _findings(fixture, "pyshacl-turbo") == expected
    assert calls  # validate() did the work
    assert _findings(fixture, "pyshacl-turbo", workers=2) == expected


def test_compiled_shapes_validate_a_store_as_validate_does() -> None:
    """What the module uses when it can (compiled shapes: the data converted once) finds what
    pyshacl-turbo's ``validate()`` finds, on every fixture together."""
    import pyshacl_turbo

    store = ox.Store()
    for path in [*(FIXTURES / n for n in NAMES), *BACKGROUND]:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    shapes = ox.Store()
    shapes.load(path=str(shapes_file()), format=ox.RdfFormat.TURTLE)
    compiled = shacl_module.turbo_validator(pyshacl_turbo)
    plain = shacl_module.turbo_validator(SimpleNamespace(validate=pyshacl_turbo.validate))
    assert compiled is not plain and plain is not None

    def results(validate: Any) -> set[tuple[str, ...]]:
        _, report, _ = validate(store, shapes)
        return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)),
                 str(report.value(r, SH.resultMessage)), str(report.value(r, SH.value)))
                for r in report.objects(None, SH.result)}

    found = results(compiled)
    assert len(found) > 10
    assert found == results(plain)


def test_only_the_public_api_of_pyshacl_turbo_is_used() -> None:
    """Every name the module takes from pyshacl_turbo is in its ``__all__``; no submodule."""
    import pyshacl_turbo

    source = Path(shacl_module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"(from|import)\s+pyshacl_turbo\.", source)
    used = set(re.findall(r"pyshacl_turbo\.(\w+)", source))
    used |= set(re.findall(r'getattr\(module, "(\w+)"', source))  # turbo_validator's
    assert {"compile_shapes", "validate"} <= used <= set(pyshacl_turbo.__all__)


def test_parts_keep_the_blank_nodes_of_the_store() -> None:
    """A part's Store names its blank nodes as the store they came from does, so that
    findings on them are located in the files and borrowed ones are dropped."""
    store = ox.Store()
    store.load(b"_:x <urn:p> _:y . _:y <urn:p> \"_:x\" .", format=ox.RdfFormat.TURTLE)
    dump = store.dump(format=ox.RdfFormat.N_QUADS) or b""
    assert set(shacl_module.turbo_input(dump)) == set(store)
