"""The vendored JavaScript: YASGUI, vis-network and Oxigraph's WebAssembly build, and the tests'
axe-core, from ``viz/frontend/package-lock.json`` (``npm run vendor`` in viz/frontend copies them with their
licences; CI runs ``npm run vendor -- --check`` after ``npm ci``). These checks are offline and need no Node: each vendored file is the
one its ``VERSIONS.json`` records, each version and integrity the lockfile's, and the licences and
notices ship with it. (YASGUI's page: ``tests/test_workbench.py``.)"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIS = ROOT / "viz" / "static" / "vendor"
YASGUI = ROOT / "kgapp" / "server" / "static" / "vendor"
TESTS = ROOT / "tests" / "vendor"
LOCK = json.loads((ROOT / "viz" / "frontend" / "package-lock.json").read_text(encoding="utf-8"))
PACKAGE = json.loads((ROOT / "viz" / "frontend" / "package.json").read_text(encoding="utf-8"))
VENDOR_JS = (ROOT / "viz" / "frontend" / "scripts" / "vendor.js").read_text(encoding="utf-8")
FOLDERS = {"vis-network": VIS, "@zazuko/yasgui": YASGUI, "axe-core": TESTS, "oxigraph": VIS}


def _pinned(name: str) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads((FOLDERS[name] / "VERSIONS.json").read_text())[name]
    return entry


def _accepted() -> set[str]:
    """The licences vendor.js accepts (its ACCEPTED set)."""
    block = re.search(r"ACCEPTED = new Set\(\[(.*?)\]\)", VENDOR_JS, re.S)
    assert block is not None
    return set(re.findall(r'"([^"]+)"', block.group(1)))


def _content(file: Path) -> bytes:
    """What a vendored file holds: a ``.gz`` file's content decompressed (vendor.js records
    that, which does not depend on the zlib that compressed it); b"" if it does not decompress."""
    data = file.read_bytes()
    if file.suffix != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return b""


def problems(name: str, root: Path) -> list[str]:
    """Where the vendor folder ``root`` of ``name`` is not what its VERSIONS.json records."""
    entry = json.loads((root / "VERSIONS.json").read_text())[name]
    out = []
    folders = {Path(path).parts[0] for path in entry["files"]}
    for path, digest in entry["files"].items():
        file = root / path
        if not file.exists():
            out.append(f"{path} is missing")
        elif "sha256-" + base64.b64encode(hashlib.sha256(_content(file)).digest()).decode() != digest:
            out.append(f"{path} is not the vendored {name} {entry['version']}")
    for folder in folders:
        for file in sorted((root / folder).iterdir()):
            if f"{folder}/{file.name}" not in entry["files"]:
                out.append(f"{folder}/{file.name} is not a vendored file")
    return out


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_the_vendored_files_are_the_recorded_ones(name: str) -> None:
    assert problems(name, FOLDERS[name]) == []


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_versions_and_integrity_are_the_lockfiles(name: str) -> None:
    entry, locked = _pinned(name), LOCK["packages"][f"node_modules/{name}"]
    assert entry["version"] == locked["version"]
    if name in PACKAGE["dependencies"]:  # the pages' libraries: pinned exactly
        assert PACKAGE["dependencies"][name] == entry["version"] and not locked.get("dev")
    else:  # a test tool: a devDependency, never in the package data
        assert name in PACKAGE["devDependencies"] and locked["dev"] is True
    assert entry["integrity"] == locked["integrity"] and entry["integrity"].startswith("sha512-")


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_a_tampered_folder_fails_the_check(name: str, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FOLDERS[name], tmp_path, dirs_exist_ok=True)
    entry = _pinned(name)
    main = next(p for p in entry["files"] if p.endswith((".min.js", ".wasm.gz")))
    with (tmp_path / main).open("a") as js:
        js.write("\n;fetch('https://example.org')")
    licence = next(p for p in entry["files"] if "/LICENSE" in p)
    (tmp_path / licence).unlink()
    (tmp_path / Path(main).parent / "extra.js").write_text("alert(1)")
    found = problems(name, tmp_path)
    assert sorted(found) == sorted([f"{licence} is missing", f"{main} is not the vendored {name} {entry['version']}",
                                    f"{Path(main).parent}/extra.js is not a vendored file"])


def test_the_bundles_notices_are_for_the_locked_versions() -> None:
    """vis-network's compiled-in packages are pinned at its build's versions in package.json, so
    the lockfile (and the notices) hold exactly those (vendor.js checks them file by file)."""
    for name, entry in _pinned("vis-network")["bundled"].items():
        assert PACKAGE["dependencies"][name] == entry["version"], name
        assert LOCK["packages"][f"node_modules/{name}"]["version"] == entry["version"], name


# ---------------------------------------------------------------------------- vis-network
def test_vis_network_is_pinned_and_inlinable() -> None:
    pinned = _pinned("vis-network")
    assert pinned["version"] == "9.1.2" and str(pinned["integrity"]).startswith("sha512-")
    js = (VIS / "vis-network" / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS / "vis-network" / "vis-network.min.css").read_text(encoding="utf-8")
    assert " * @version 9.1.2\n" in js[:400]
    for text in (js, css):
        assert not any(marker in text.lower() for marker in ("</script", "</style", "<!--"))


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
    pinned = _pinned("vis-network")
    folder = VIS / "vis-network"
    assert "MIT License" in (folder / "LICENSE-MIT").read_text()
    assert "Apache License" in (folder / "LICENSE-APACHE-2.0").read_text()
    notices = (folder / "THIRD-PARTY-NOTICES.txt").read_text()
    assert "used under\nthe MIT License" in notices
    bundled = pinned["bundled"]
    assert {"vis-data", "vis-util", "component-emitter", "keycharm", "uuid", "timsort",
            "@egjs/hammerjs", "core-js-pure"} <= set(bundled)
    for name, entry in bundled.items():
        assert entry["license"] in _accepted() and "GPL" not in entry["license"], name
        assert f"\n{name} {entry['version']} ({entry['license']})\n" in notices, name
    assert "Copyright (c) Microsoft Corporation" in notices  # tslib, 0BSD


def test_oxigraph_is_its_webassembly_build_under_mit() -> None:
    """The viewer's SPARQL engine (viz/engine.py): the wasm binary, under MIT with its notice."""
    folder = VIS / "oxigraph"
    assert gzip.decompress((folder / "web_bg.wasm.gz").read_bytes())[:4] == b"\0asm"
    assert _pinned("oxigraph")["license"] in _accepted()
    licence = (folder / "LICENSE").read_text()
    assert "MIT License" in licence and "Copyright (c) 2018 RUDF developers" in licence
    assert "used under the MIT License" in (folder / "THIRD-PARTY-NOTICES.txt").read_text()


def test_yasgui_licences_are_accepted() -> None:
    for name, entry in _pinned("@zazuko/yasgui")["bundled"].items():
        assert entry["license"] in _accepted() and "GPL" not in entry["license"], name


# ---------------------------------------------------------------------------- axe-core (tests only)
def test_axe_core_is_the_locked_build_with_its_licences() -> None:
    """The accessibility audits load this file (tests/chromium.py): the locked axe-core, whose
    MPL-2.0 text and list of what its build compiles in ship beside it."""
    pinned = _pinned("axe-core")
    folder = TESTS / "axe-core"
    assert (folder / "axe.min.js").read_text(encoding="utf-8").startswith(f"/*! axe v{pinned['version']}\n")
    assert pinned["license"] == "MPL-2.0" and pinned["license"] in _accepted()
    assert "Mozilla Public License, version 2.0" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert (folder / "LICENSE-3RD-PARTY.txt").stat().st_size > 0
    notices = (folder / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    assert f"\naxe-core {pinned['version']} (MPL-2.0)\n" in notices
