#!/usr/bin/env python3
"""Vendor the query page's JavaScript: YASGUI from the npm registry, pinned, verified, with
the licences of everything its bundle holds.

    python3 scripts/vendor_js.py                  # fetch the pinned version again and verify it
    python3 scripts/vendor_js.py --version 4.7.0  # move the pin to another version
    python3 scripts/vendor_js.py --check          # offline: the vendored files are the pinned ones

What it does, with npm's own client (``npm view``, ``npm pack``, ``npm install``):

1. asks the registry for the version's ``dist.integrity`` and, for the pinned version, refuses
   to go on if it differs from the one recorded in ``VERSIONS.json`` (a republished tarball);
2. downloads the tarball (``npm pack``) and checks its SHA-512 against that integrity and its
   SHA-1 against ``dist.shasum``;
3. copies ``build/yasgui.min.js`` and ``build/yasgui.min.css`` (self-contained: no further
   files, no network) into ``graph/server/static/vendor/yasgui/``;
4. reads the bundle's source map for the npm packages compiled into it, installs YASGUI's
   dependency tree into a temporary folder (``--ignore-scripts``; npm checks each package's
   integrity) and copies each bundled package's licence files into ``THIRD-PARTY-NOTICES.txt``;
   a bundled package whose licence is not in :data:`ACCEPTED` stops the script, for a person
   to review;
5. records version, integrity and the SHA-256 of every vendored file in ``VERSIONS.json``,
   with the hashes of the ``<style>`` elements the bundle writes (for the page's CSP).

Nothing is written until every check has passed.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "graph" / "server" / "static" / "vendor"
VERSIONS = VENDOR / "VERSIONS.json"
PACKAGE = "@zazuko/yasgui"
#: The files of the npm package the page loads, and their names under ``vendor/yasgui/``.
FILES = {"package/build/yasgui.min.js": "yasgui.min.js", "package/build/yasgui.min.css": "yasgui.min.css"}
SOURCE_MAP = "package/build/yasgui.min.js.map"
#: Licences (SPDX expressions as packages declare them) that allow shipping the bundle with
#: their notices. Anything else needs a person's review first.
ACCEPTED = {
    "MIT", "BSD-3-Clause", "Apache-2.0", "ISC",
    "(MPL-2.0 OR Apache-2.0)",  # DOMPurify: we take it under Apache-2.0
    "(CC-BY-4.0 AND MIT)",  # Font Awesome's icons (CC-BY-4.0, attribution) and code (MIT)
}
#: Packages whose package.json declares no licence, with the licence their own licence file gives.
DECLARED_ELSEWHERE = {"jsuri": "MIT"}
_LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice)([.-].*)?$", re.IGNORECASE)
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


class VendorError(Exception):
    """A check failed; nothing was written."""


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


def _recorded() -> dict[str, Any]:
    if not VERSIONS.exists():
        return {}
    entry: dict[str, Any] = json.loads(VERSIONS.read_text(encoding="utf-8")).get(PACKAGE, {})
    return entry


def fetch(version: str, work: Path, pinned: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The verified files of ``PACKAGE@version`` and the record describing them."""
    spec = f"{PACKAGE}@{version}"
    dist = json.loads(_npm("view", spec, "dist", "--json", cwd=work))
    integrity, shasum = dist["integrity"], dist["shasum"]
    if pinned.get("version") == version and pinned.get("integrity") != integrity:
        raise VendorError(f"the registry's integrity of {spec} is {integrity}, but "
                          f"VERSIONS.json pinned {pinned.get('integrity')}: refusing it")
    packed = json.loads(_npm("pack", spec, "--json", "--pack-destination", str(work), cwd=work))
    tarball = (work / packed[0]["filename"]).read_bytes()
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512" or base64.b64encode(hashlib.sha512(tarball).digest()).decode() != expected:
        raise VendorError(f"the downloaded {spec} does not match its integrity {integrity}")
    if hashlib.sha1(tarball).hexdigest() != shasum:
        raise VendorError(f"the downloaded {spec} does not match its shasum {shasum}")
    with tarfile.open(work / packed[0]["filename"]) as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}

        def read(name: str) -> bytes:
            if name not in members:
                raise VendorError(f"{spec} has no {name}; the vendored file list needs updating")
            handle = tar.extractfile(members[name])
            assert handle is not None
            return handle.read()

        files = {target: read(source) for source, target in FILES.items()}
        manifest = json.loads(read("package/package.json"))
        source_map = json.loads(read(SOURCE_MAP))
    styles = _injected_styles(files["yasgui.min.js"].decode("utf-8"))
    files["LICENSE"] = _own_licence(manifest).encode()
    bundled = sorted({m[1] for s in source_map["sources"]
                      if (m := re.search(r"node_modules/((?:@[^/]+/)?[^/]+)/", s))})
    notices, record = _third_party(spec, bundled, work)
    files["THIRD-PARTY-NOTICES.txt"] = notices.encode()
    return files, {
        "version": version,
        "integrity": integrity,
        "shasum": shasum,
        "tarball": dist["tarball"],
        "license": manifest["license"],
        "files": {f"yasgui/{name}": _sha256(data) for name, data in sorted(files.items())},
        "style-hashes": [_sha256(style.encode()) for style in styles],
        "bundled": record,
    }


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


def _own_licence(manifest: dict[str, Any]) -> str:
    """YASGUI's licence: the npm package ships no licence file, so the MIT text it declares,
    with the authors its package.json names."""
    if manifest.get("license") != "MIT":
        raise VendorError(f"{PACKAGE} now declares {manifest.get('license')!r}, not MIT: review it")
    authors = [manifest.get("author", ""), *(c.get("name", "") for c in manifest.get("contributors", []))]
    return (
        f"{PACKAGE} {manifest['version']} ({manifest.get('homepage', '')})\n"
        "The npm package declares the MIT License (package.json) and ships no licence file;\n"
        "this is the MIT License's text with the authors its package.json names.\n\n"
        f"MIT License\n\nCopyright (c) {' and '.join(a for a in authors if a)}\n\n{_MIT}"
    )


def _third_party(spec: str, bundled: list[str], work: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """The notices of every package compiled into the bundle, and a summary for VERSIONS.json."""
    tree = work / "tree"
    tree.mkdir()
    _npm("install", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev", "--no-save",
         "--prefix", str(tree), spec, cwd=tree)
    parts = [
        f"Third-party software compiled into {spec}'s build/yasgui.min.js and yasgui.min.css,\n"
        "as its source map lists it. Versions and licence files are those npm installs for\n"
        "YASGUI's declared dependency ranges when this file was made (scripts/vendor_js.py).\n"
        "DOMPurify is used under Apache-2.0 (it is offered under MPL-2.0 OR Apache-2.0); the\n"
        "Font Awesome Free icons are CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/),\n"
        "by Fonticons, Inc. (https://fontawesome.com), used unchanged as SVG.\n"
    ]
    record: dict[str, dict[str, str]] = {}
    for name in bundled:
        folder = tree / "node_modules" / name
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


def check() -> list[str]:
    """Problems with the vendored files (offline): each must be the one VERSIONS.json records."""
    pinned = _recorded()
    if not pinned:
        return [f"{VERSIONS} records no {PACKAGE}"]
    problems = []
    for name, digest in pinned["files"].items():
        path = VENDOR / name
        if not path.exists():
            problems.append(f"{path} is missing")
        elif _sha256(path.read_bytes()) != digest:
            problems.append(f"{path} is not the vendored {PACKAGE} {pinned['version']} file")
    return problems


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", help=f"the {PACKAGE} version to vendor (default: the pinned one)")
    parser.add_argument("--check", action="store_true", help="only check the vendored files, offline")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    pinned = _recorded()
    version = args.version or pinned.get("version")
    if not version:
        parser.error("no version is pinned yet: give --version")
    try:
        with tempfile.TemporaryDirectory(prefix="vendor-js-") as tmp:
            files, record = fetch(version, Path(tmp), pinned)
    except VendorError as exc:
        print(f"vendor_js: {exc}", file=sys.stderr)
        return 1
    target = VENDOR / "yasgui"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, data in files.items():
        (target / name).write_bytes(data)
    VERSIONS.write_text(json.dumps({PACKAGE: record}, indent=2) + "\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {version} ({record['integrity']}) into {target.relative_to(ROOT)}; "
          f"{len(record['bundled'])} bundled packages' licences in THIRD-PARTY-NOTICES.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
