#!/usr/bin/env python3
"""Vendor the JavaScript the pages load from the npm registry, pinned, verified, with the
licences of everything each bundle holds: the query page's YASGUI and the viewer's vis-network.

    python3 scripts/vendor_js.py                       # fetch every pinned version again, verify it
    python3 scripts/vendor_js.py --package vis-network # only one package
    python3 scripts/vendor_js.py --package @zazuko/yasgui --version 4.7.0  # move one pin
    python3 scripts/vendor_js.py --check               # offline: the vendored files are the pinned ones

:data:`PACKAGES` is the table of what is vendored: for each npm package its folder, the files
taken from its tarball, the source map listing what its bundle compiles in, its own licence and
how the versions of the compiled-in packages are found. Each vendor folder has a
``VERSIONS.json`` with one entry per package in it. For each package, with npm's own client
(``npm view``, ``npm pack``, ``npm install``), the script

1. asks the registry for the version's ``dist.integrity`` and, for the pinned version, refuses
   to go on if it differs from the one recorded in ``VERSIONS.json`` (a republished tarball);
2. downloads the tarball (``npm pack``) and checks its SHA-512 against that integrity and its
   SHA-1 against ``dist.shasum``;
3. takes the package's files (self-contained: no further files, no network) and, for the
   viewer's files, which are inlined into its page, checks that no ``</script``, ``</style`` or
   ``<!--`` in them could end their element early;
4. reads the bundle's source map for the npm packages compiled into it, installs them into a
   temporary folder (``--ignore-scripts``; npm checks each package's integrity) and copies each
   one's licence files into ``THIRD-PARTY-NOTICES.txt``; a bundled package whose licence is not
   in :data:`ACCEPTED` stops the script, for a person to review. YASGUI's are the versions npm
   installs for its dependency ranges; vis-network's are the versions its build used (its
   ``devDependencies``, and :attr:`Package.build_pins` for the build's runtime helpers), checked
   file by file against the sources its source map embeds;
5. records version, integrity and the SHA-256 of every vendored file in ``VERSIONS.json``
   (for YASGUI with the hashes of the ``<style>`` elements its bundle writes, for the CSP).

Nothing is written until every check of every package asked for has passed.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
#: Licences (SPDX expressions as packages declare them) that allow shipping the bundle with
#: their notices. Anything else needs a person's review first.
ACCEPTED = {
    "MIT", "BSD-3-Clause", "Apache-2.0", "ISC",
    "0BSD",  # tslib: permission to use without conditions
    "(MPL-2.0 OR Apache-2.0)",  # DOMPurify: we take it under Apache-2.0
    "(Apache-2.0 OR MIT)",  # vis-network, vis-data, vis-util, keycharm: we take them under MIT
    "(CC-BY-4.0 AND MIT)",  # Font Awesome's icons (CC-BY-4.0, attribution) and code (MIT)
}
#: Packages whose package.json declares no licence, with the licence their own licence file gives.
DECLARED_ELSEWHERE = {"jsuri": "MIT"}
#: What a file inlined into a page's ``<script>`` or ``<style>`` element must not hold.
_ENDS_ELEMENT = ("</script", "</style", "<!--")
_LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice)([.-].*)?$", re.IGNORECASE)
_BUNDLED = re.compile(r"node_modules/((?:@[^/]+/)?[^/]+)/(.*)")
_MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

#: Reads one file of the package's tarball by its path there (``package/...``).
Reader = Callable[[str], bytes]


class VendorError(Exception):
    """A check failed; nothing was written."""


@dataclass(frozen=True)
class Package:
    """One vendored npm package: what is taken, where it goes, how its licences are found."""

    #: The npm name.
    name: str
    #: The vendor folder it lives in, beside that folder's ``VERSIONS.json``.
    root: Path
    #: Its folder under :attr:`root`.
    folder: str
    #: The files of the tarball the page loads, and their names in :attr:`folder`.
    files: dict[str, str]
    #: The tarball's source map of the bundle, which lists the packages compiled into it.
    source_map: str
    #: The package's own licence files, from its manifest and tarball.
    own_licence: Callable[[Package, dict[str, Any], Reader], dict[str, bytes]]
    #: Which versions of the compiled-in packages the notices are for: ``"tree"``, what npm
    #: installs for the package's dependency ranges; ``"built-with"``, what its build used.
    bundled_from: Literal["tree", "built-with"]
    #: The notices' first paragraph (``{spec}`` is ``name@version``).
    preamble: str
    #: For ``"built-with"``: versions of compiled-in packages the manifest does not pin.
    build_pins: dict[str, str] = field(default_factory=dict)
    #: Inlined into a page: no vendored file may end its element early.
    inline: bool = False
    #: Fields of the record after ``files``, from the vendored files.
    extra: Callable[[dict[str, bytes]], dict[str, Any]] = lambda files: {}

    @property
    def versions(self) -> Path:
        """The ``VERSIONS.json`` recording this package."""
        return self.root / "VERSIONS.json"

    @property
    def target(self) -> Path:
        """The folder of its vendored files."""
        return self.root / self.folder


def _npm(*args: str, cwd: Path) -> str:
    try:
        done = subprocess.run(["npm", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise VendorError("npm is not installed (it comes with Node.js)") from None
    if done.returncode != 0:
        raise VendorError(f"npm {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout


def _sha256(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def _all_recorded(versions: Path) -> dict[str, Any]:
    if not versions.exists():
        return {}
    entries: dict[str, Any] = json.loads(versions.read_text(encoding="utf-8"))
    return entries


def _recorded(package: Package) -> dict[str, Any]:
    entry: dict[str, Any] = _all_recorded(package.versions).get(package.name, {})
    return entry


def _tarball(spec: str, version: str, work: Path, pinned: dict[str, Any]) -> tuple[Path, dict[str, Any]]:
    """The downloaded, verified tarball of ``spec`` and its registry ``dist`` record."""
    dist = json.loads(_npm("view", spec, "dist", "--json", cwd=work))
    integrity, shasum = dist["integrity"], dist["shasum"]
    if pinned.get("version") == version and pinned.get("integrity") != integrity:
        raise VendorError(f"the registry's integrity of {spec} is {integrity}, but "
                          f"VERSIONS.json pinned {pinned.get('integrity')}: refusing it")
    packed = json.loads(_npm("pack", spec, "--json", "--pack-destination", str(work), cwd=work))
    path = work / packed[0]["filename"]
    tarball = path.read_bytes()
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512" or base64.b64encode(hashlib.sha512(tarball).digest()).decode() != expected:
        raise VendorError(f"the downloaded {spec} does not match its integrity {integrity}")
    if hashlib.sha1(tarball).hexdigest() != shasum:
        raise VendorError(f"the downloaded {spec} does not match its shasum {shasum}")
    return path, dist


def fetch(package: Package, version: str, work: Path,
          pinned: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The verified files of ``package`` at ``version`` and the record describing them."""
    spec = f"{package.name}@{version}"
    path, dist = _tarball(spec, version, work, pinned)
    with tarfile.open(path) as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}

        def read(name: str) -> bytes:
            if name not in members:
                raise VendorError(f"{spec} has no {name}; the vendored file list needs updating")
            handle = tar.extractfile(members[name])
            assert handle is not None
            return handle.read()

        files = {target: read(source) for source, target in package.files.items()}
        manifest = json.loads(read("package/package.json"))
        source_map = json.loads(read(package.source_map))
        files.update(package.own_licence(package, manifest, read))
    if package.inline:
        _check_inlinable(spec, files)
    extra = package.extra(files)
    notices, record = _third_party(package, spec, manifest, source_map, work)
    files["THIRD-PARTY-NOTICES.txt"] = notices.encode()
    return files, {
        "version": version,
        "integrity": dist["integrity"],
        "shasum": dist["shasum"],
        "tarball": dist["tarball"],
        "license": manifest["license"],
        "files": {f"{package.folder}/{name}": _sha256(data) for name, data in sorted(files.items())},
        **extra,
        "bundled": record,
    }


def _check_inlinable(spec: str, files: dict[str, bytes]) -> None:
    """Refuse a file that a page cannot inline: one that could end its element early."""
    for name, data in files.items():
        if name.endswith((".js", ".css")):
            text = data.decode("utf-8").lower()
            found = [marker for marker in _ENDS_ELEMENT if marker in text]
            if found:
                raise VendorError(f"{spec}'s {name} holds {', '.join(found)}: it cannot be "
                                  "inlined in the page's <script>/<style> element")


def _injected_styles(js: str) -> list[str]:
    """The ``<style>`` elements the bundle writes into the page, whose hashes the page's
    Content-Security-Policy allows: column-resizer (YASR's table) adds its grip rules, and
    ``*{cursor:…!important}`` while a column is dragged. Everything else comes from the CSS file."""
    sheet = re.findall(r"createStyle\(\w+,`([^`$]*)`\)", js)
    cursor = re.findall(r"dragCursor:`([^`]*)`", js)
    if len(sheet) != 1 or len(cursor) != 1 or js.count("createStyle(") != 3:
        raise VendorError("the bundle's column-resizer no longer writes the <style> elements "
                          "this script knows: review them and the page's style-src")
    return [sheet[0], f"*{{cursor:{cursor[0]}!important}}"]


def _yasgui_styles(files: dict[str, bytes]) -> dict[str, Any]:
    styles = _injected_styles(files["yasgui.min.js"].decode("utf-8"))
    return {"style-hashes": [_sha256(style.encode()) for style in styles]}


def _mit_from_manifest(package: Package, manifest: dict[str, Any], read: Reader) -> dict[str, bytes]:
    """YASGUI's licence: the npm package ships no licence file, so the MIT text it declares,
    with the authors its package.json names."""
    if manifest.get("license") != "MIT":
        raise VendorError(f"{package.name} now declares {manifest.get('license')!r}, not MIT: review it")
    authors = [manifest.get("author", ""), *(c.get("name", "") for c in manifest.get("contributors", []))]
    return {"LICENSE": (
        f"{package.name} {manifest['version']} ({manifest.get('homepage', '')})\n"
        "The npm package declares the MIT License (package.json) and ships no licence file;\n"
        "this is the MIT License's text with the authors its package.json names.\n\n"
        f"MIT License\n\nCopyright (c) {' and '.join(a for a in authors if a)}\n\n{_MIT}"
    ).encode()}


def _dual_licence_files(package: Package, manifest: dict[str, Any], read: Reader) -> dict[str, bytes]:
    """vis-network's licence files, as its tarball ships them: it is offered under
    ``(Apache-2.0 OR MIT)`` and we take it under MIT (the notices say so)."""
    if manifest.get("license") != "(Apache-2.0 OR MIT)":
        raise VendorError(f"{package.name} now declares {manifest.get('license')!r}, "
                          "not (Apache-2.0 OR MIT): review it")
    return {name: read(f"package/{name}") for name in ("LICENSE-MIT", "LICENSE-APACHE-2.0")}


def _bundled(source_map: dict[str, Any]) -> list[str]:
    """The npm packages a source map's sources come from.

    >>> _bundled({"sources": ["../lib/a.js", "../node_modules/@x/y/i.js", "node_modules/z/j.js"]})
    ['@x/y', 'z']
    """
    return sorted({m[1] for s in source_map["sources"] if (m := _BUNDLED.search(s))})


def _install(package: Package, spec: str, manifest: dict[str, Any], bundled: list[str],
             work: Path) -> Path:
    """A temporary ``node_modules`` holding the compiled-in packages the notices are for."""
    tree = work / "tree"
    tree.mkdir()
    if package.bundled_from == "tree":
        specs, options = [spec], ["--omit=dev"]
    else:
        pins = {**manifest.get("devDependencies", {}), **package.build_pins}
        unpinned = [name for name in bundled if name not in pins]
        if unpinned:
            raise VendorError(f"the bundle of {spec} holds {', '.join(unpinned)}, whose build "
                              "version neither its devDependencies nor build_pins give: review it")
        # exactly the listed versions; peers are in the list where the bundle holds them
        specs, options = [f"{name}@{pins[name]}" for name in bundled], ["--legacy-peer-deps"]
    _npm("install", "--ignore-scripts", "--no-audit", "--no-fund", *options, "--no-save",
         "--prefix", str(tree), *specs, cwd=tree)
    return tree / "node_modules"


def _check_built_with(spec: str, source_map: dict[str, Any], modules: Path) -> None:
    """Each compiled-in package's installed files are the sources the source map embeds (up to
    line endings): the notices are for the versions the bundle holds."""
    compared: dict[str, int] = {}
    for source, content in zip(source_map["sources"], source_map.get("sourcesContent", []),
                               strict=False):
        found = _BUNDLED.search(source)
        if not found or content is None:
            continue
        name, path = found[1], modules / found[1] / found[2]
        installed = path.read_text(encoding="utf-8") if path.exists() else None
        if installed is None or installed.splitlines() != content.splitlines():
            raise VendorError(f"{spec}'s bundle holds a {found[1]}/{found[2]} that is not the "
                              f"installed {name}'s: review its pinned version")
        compared[name] = compared.get(name, 0) + 1
    missing = sorted(set(_bundled(source_map)) - set(compared))
    if missing:
        raise VendorError(f"{spec}'s source map embeds no sources of {', '.join(missing)} "
                          "to check their versions against: review them")


def _third_party(package: Package, spec: str, manifest: dict[str, Any], source_map: dict[str, Any],
                 work: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """The notices of every package compiled into the bundle, and a summary for VERSIONS.json."""
    bundled = _bundled(source_map)
    modules = _install(package, spec, manifest, bundled, work)
    if package.bundled_from == "built-with":
        _check_built_with(spec, source_map, modules)
    parts = [package.preamble.format(spec=spec)]
    record: dict[str, dict[str, str]] = {}
    for name in bundled:
        folder = modules / name
        if not (folder / "package.json").exists():
            raise VendorError(f"the bundle holds {name}, which npm did not install: review it")
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        licence = meta.get("license") or DECLARED_ELSEWHERE.get(name)
        if isinstance(licence, dict):  # the old {"type": ...} form
            licence = licence.get("type")
        if licence not in ACCEPTED:
            raise VendorError(f"the bundle holds {name} under {licence!r}, which needs review "
                              f"(accepted: {', '.join(sorted(ACCEPTED))})")
        texts = [f.read_text(encoding="utf-8", errors="replace").strip()
                 for f in sorted(folder.iterdir()) if f.is_file() and _LICENCE_FILE.match(f.name)]
        if not texts:
            texts = [f"(the package ships no licence file; its package.json declares {licence})"]
        record[name] = {"version": meta["version"], "license": str(licence)}
        rule = "=" * 78
        parts.append(f"{rule}\n{name} {meta['version']} ({licence})\n{rule}\n\n" + "\n\n".join(texts) + "\n")
    return "\n".join(parts), record


_YASGUI_PREAMBLE = (
    "Third-party software compiled into {spec}'s build/yasgui.min.js and yasgui.min.css,\n"
    "as its source map lists it. Versions and licence files are those npm installs for\n"
    "YASGUI's declared dependency ranges when this file was made (scripts/vendor_js.py).\n"
    "DOMPurify is used under Apache-2.0 (it is offered under MPL-2.0 OR Apache-2.0); the\n"
    "Font Awesome Free icons are CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/),\n"
    "by Fonticons, Inc. (https://fontawesome.com), used unchanged as SVG.\n"
)
_VIS_PREAMBLE = (
    "Third-party software compiled into {spec}'s dist/vis-network.min.js, as its source map\n"
    "lists it (dist/dist/vis-network.min.css, vendored as vis-network.min.css, is vis-network's\n"
    "own). Versions are those its build used: the ones vis-network pins in its devDependencies\n"
    "and, for the build's runtime helpers it does not pin, the ones scripts/vendor_js.py names\n"
    "(core-js-pure's is the version the bundle states); each package's files were checked\n"
    "against the sources the source map embeds. vis-network (LICENSE-MIT, LICENSE-APACHE-2.0)\n"
    "and vis-data, vis-util and keycharm are offered under Apache-2.0 OR MIT and used under\n"
    "the MIT License; tslib is 0BSD.\n"
)
#: What is vendored, by npm name.
PACKAGES: dict[str, Package] = {p.name: p for p in (
    Package(
        name="@zazuko/yasgui",
        root=ROOT / "kgapp" / "server" / "static" / "vendor",
        folder="yasgui",
        files={"package/build/yasgui.min.js": "yasgui.min.js",
               "package/build/yasgui.min.css": "yasgui.min.css"},
        source_map="package/build/yasgui.min.js.map",
        own_licence=_mit_from_manifest,
        bundled_from="tree",
        preamble=_YASGUI_PREAMBLE,
        extra=_yasgui_styles,
    ),
    Package(
        name="vis-network",
        root=ROOT / "viz" / "static" / "vendor",
        folder="vis-network",
        # the full UMD build (vis-data and the rest compiled in) with its CSS in a file of its
        # own, the one pyvis ships; standalone/umd/ writes its CSS into <style> elements instead
        files={"package/dist/vis-network.min.js": "vis-network.min.js",
               "package/dist/dist/vis-network.min.css": "vis-network.min.css"},
        source_map="package/dist/vis-network.min.js.map",
        own_licence=_dual_licence_files,
        bundled_from="built-with",
        preamble=_VIS_PREAMBLE,
        # vis-dev-utils' Babel runtime, unpinned by vis-network: core-js-pure's version is the
        # one the bundle states; the others the releases before the bundle's build (2022-03-28)
        build_pins={"@babel/runtime-corejs3": "7.17.8", "core-js-pure": "3.21.1",
                    "regenerator-runtime": "0.13.9", "tslib": "2.3.1"},
        inline=True,
    ),
)}


def check(packages: Iterable[Package] | None = None) -> list[str]:
    """Problems with the vendored files (offline): each must be the one VERSIONS.json records,
    and a vendor folder holds nothing else."""
    problems = []
    for package in PACKAGES.values() if packages is None else packages:
        pinned = _recorded(package)
        if not pinned:
            problems.append(f"{package.versions} records no {package.name}")
            continue
        for name, digest in pinned["files"].items():
            path = package.root / name
            if not path.exists():
                problems.append(f"{path} is missing")
            elif _sha256(path.read_bytes()) != digest:
                problems.append(f"{path} is not the vendored {package.name} {pinned['version']} "
                                f"file (VERSIONS.json records {digest}); run scripts/vendor_js.py "
                                f"--package {package.name} to restore it")
        if package.target.is_dir():
            problems += [f"{path} is not a file scripts/vendor_js.py vendored"
                         for path in sorted(package.target.iterdir())
                         if f"{package.folder}/{path.name}" not in pinned["files"]]
    return problems


def _write(package: Package, files: dict[str, bytes], record: dict[str, Any]) -> None:
    """Replace the package's folder with ``files`` and its entry in VERSIONS.json."""
    if package.target.exists():
        shutil.rmtree(package.target)
    package.target.mkdir(parents=True)
    for name, data in files.items():
        (package.target / name).write_bytes(data)
    entries = {**_all_recorded(package.versions), package.name: record}
    package.versions.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", choices=sorted(PACKAGES),
                        help="the package to vendor (default: every one, at its pinned version)")
    parser.add_argument("--version", help="the version of --package to vendor (default: the pinned one)")
    parser.add_argument("--check", action="store_true", help="only check the vendored files, offline")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.version and not args.package:
        parser.error("--version needs --package, the package it is a version of")
    chosen = [PACKAGES[args.package]] if args.package else list(PACKAGES.values())
    versions: dict[str, str] = {}
    for package in chosen:
        version = args.version or _recorded(package).get("version")
        if not version:
            parser.error(f"no version of {package.name} is pinned yet: give --package "
                         f"{package.name} --version")
        versions[package.name] = version
    try:
        fetched = []
        for package in chosen:
            with tempfile.TemporaryDirectory(prefix="vendor-js-") as tmp:
                fetched.append(fetch(package, versions[package.name], Path(tmp), _recorded(package)))
    except VendorError as exc:
        print(f"vendor_js: {exc}", file=sys.stderr)
        return 1
    for package, (files, record) in zip(chosen, fetched, strict=True):
        _write(package, files, record)
        print(f"vendored {package.name} {record['version']} ({record['integrity']}) into "
              f"{package.target.relative_to(ROOT)}; {len(record['bundled'])} bundled packages' "
              "licences in THIRD-PARTY-NOTICES.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
