"""The vendored JavaScript (``scripts/vendor_js.py``): YASGUI and vis-network from npm, pinned,
checked offline, with their licences. No test here touches the network: the registry is only
asked when a person runs the script to update. (YASGUI's page: ``tests/test_workbench.py``.)"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "vendor_js.py"
VIS = ROOT / "viz" / "static" / "vendor"
#: The vendored file of each package a page loads: the one a tampering test changes.
MAIN_FILE = {"@zazuko/yasgui": "yasgui.min.js", "vis-network": "vis-network.min.js"}


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vendor_js", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve the module's annotations through it
    spec.loader.exec_module(module)
    return module


vendor_js = _load()


def _vis_pinned() -> dict[str, object]:
    entry: dict[str, object] = json.loads((VIS / "VERSIONS.json").read_text())["vis-network"]
    return entry


@pytest.fixture
def no_npm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any call of npm (the only way the script reaches the registry) fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the check ran a program: {args}")
    monkeypatch.setattr(vendor_js.subprocess, "run", refuse)


# ---------------------------------------------------------------------------- the offline check
def test_check_passes_offline_for_every_package(no_npm: None) -> None:
    assert set(vendor_js.PACKAGES) == {"@zazuko/yasgui", "vis-network"}
    assert vendor_js.check() == []
    assert vendor_js.main(["--check"]) == 0


def test_the_check_command_passes() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize("name", sorted(MAIN_FILE))
def test_a_tampered_package_fails_the_check(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    no_npm: None,
) -> None:
    package = vendor_js.PACKAGES[name]
    copy = dataclasses.replace(package, root=tmp_path / "vendor")
    shutil.copytree(package.root, copy.root)
    monkeypatch.setitem(vendor_js.PACKAGES, name, copy)
    assert vendor_js.main(["--check"]) == 0
    with (copy.target / MAIN_FILE[name]).open("a") as js:
        js.write("\n;fetch('https://example.org')")
    next(copy.target.glob("LICENSE*")).unlink()
    (copy.target / "extra.js").write_text("alert(1)")
    assert vendor_js.main(["--check"]) == 1
    problems = capsys.readouterr().err.splitlines()
    assert len(problems) == 3, problems
    assert f"{MAIN_FILE[name]} is not the vendored {name} " in problems[1]
    assert f"run scripts/vendor_js.py --package {name} to restore it" in problems[1]
    assert problems[0].endswith(" is missing") and "LICENSE" in problems[0]
    assert problems[2].endswith("extra.js is not a file scripts/vendor_js.py vendored")


def test_a_package_missing_from_versions_fails_the_check(tmp_path: Path, no_npm: None) -> None:
    package = dataclasses.replace(vendor_js.PACKAGES["vis-network"], root=tmp_path)
    assert vendor_js.check([package]) == [f"{tmp_path / 'VERSIONS.json'} records no vis-network"]


def test_a_version_says_which_package(capsys: pytest.CaptureFixture[str], no_npm: None) -> None:
    with pytest.raises(SystemExit) as stop:
        vendor_js.main(["--version", "9.1.3"])
    assert stop.value.code == 2 and "--version needs --package" in capsys.readouterr().err


# ---------------------------------------------------------------------------- vis-network
def test_vis_network_is_pinned_and_inlinable() -> None:
    pinned = _vis_pinned()
    assert pinned["version"] == "9.1.2" and str(pinned["integrity"]).startswith("sha512-")
    js = (VIS / "vis-network" / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS / "vis-network" / "vis-network.min.css").read_text(encoding="utf-8")
    assert " * @version 9.1.2\n" in js[:400]
    for text in (js, css):
        assert not any(marker in text.lower() for marker in ("</script", "</style", "<!--"))


def test_a_file_that_would_end_its_element_is_refused() -> None:
    vendor_js._check_inlinable("x@1", {"x.js": b"let a = 1;", "LICENSE": b"<!-- fine here -->"})
    with pytest.raises(vendor_js.VendorError, match=r"x@1's x\.js holds </script: it cannot be"):
        vendor_js._check_inlinable("x@1", {"x.js": b"s = '</SCRIPT>'"})


def test_vis_network_is_the_library_pyvis_ships() -> None:
    """The same build as pyvis's copy, which differs only as re-saved text: CRLF line ends, no
    final newline, and its three no-break spaces (in core-js's whitespace set) made spaces."""
    ours = VIS / "vis-network"
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    assert (ours / "vis-network.min.css").read_bytes() == (lib / "vis-network.css").read_bytes()
    js = (ours / "vis-network.min.js").read_bytes()
    assert js.count("\u00a0".encode()) == 3
    resaved = js.replace(b"\n", b"\r\n").removesuffix(b"\r\n").replace("\u00a0".encode(), b" ")
    assert resaved == (lib / "vis-network.min.js").read_bytes()


def test_vis_network_licences_and_notices_ship_with_it() -> None:
    pinned = _vis_pinned()
    folder = VIS / "vis-network"
    assert "MIT License" in (folder / "LICENSE-MIT").read_text()
    assert "Apache License" in (folder / "LICENSE-APACHE-2.0").read_text()
    notices = (folder / "THIRD-PARTY-NOTICES.txt").read_text()
    assert "used under\nthe MIT License" in notices
    bundled = pinned["bundled"]
    assert isinstance(bundled, dict)
    assert {"vis-data", "vis-util", "component-emitter", "keycharm", "uuid", "timsort",
            "@egjs/hammerjs", "core-js-pure"} <= set(bundled)
    for name, entry in bundled.items():
        assert entry["license"] in vendor_js.ACCEPTED and "GPL" not in entry["license"], name
        assert f"\n{name} {entry['version']} ({entry['license']})\n" in notices, name
    assert "Copyright (c) Microsoft Corporation" in notices  # tslib, 0BSD


def test_the_notices_are_for_the_versions_the_bundle_holds(tmp_path: Path) -> None:
    modules = tmp_path / "node_modules"
    (modules / "lib").mkdir(parents=True)
    (modules / "lib" / "index.js").write_text("export const a = 1;\r\n")
    source_map = {"sources": ["../src/main.js", "../node_modules/lib/index.js"],
                  "sourcesContent": ["main", "export const a = 1;\n"]}
    vendor_js._check_built_with("x@1", source_map, modules)
    source_map["sourcesContent"][1] = "export const a = 2;\n"
    with pytest.raises(vendor_js.VendorError, match=r"lib/index\.js that is not the installed lib's"):
        vendor_js._check_built_with("x@1", source_map, modules)
    with pytest.raises(vendor_js.VendorError, match="embeds no sources of lib"):
        vendor_js._check_built_with("x@1", {**source_map, "sourcesContent": ["main", None]}, modules)
