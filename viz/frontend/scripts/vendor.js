/* npm run vendor: the pages' vendored libraries, from package-lock.json (npm ci checked each
 * tarball against its integrity) into the package data, with the licences and notices of
 * everything each bundle compiles in, collected by license-checker-rseidelsohn; and the test
 * tools the Python tests load into a browser (axe-core, a devDependency) into tests/vendor/.
 *
 *   npm run vendor               # write the vendor folders and their VERSIONS.json
 *   npm run vendor -- --check    # exit 1 when a vendored file is not what it would write
 *
 * What a lockfile and a licence tool cannot do is all that is left here: which files of a
 * package a page loads; which packages a bundle compiles in (its source map), checked file by
 * file against the installed ones for vis-network, whose build's versions package.json pins;
 * YASGUI's licence text (its package declares MIT but ships no file); the <style> elements
 * YASGUI writes, whose hashes the query page's CSP allows; and a refusal of any licence not in
 * ACCEPTED. Nothing is written until every check has passed. */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { bundledPackages } from "./bundle.js";

const require = createRequire(import.meta.url);
const checker = require("license-checker-rseidelsohn");
const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MODULES = path.join(HERE, "node_modules");
const REPO = path.resolve(HERE, "../..");
const LOCK = JSON.parse(readFileSync(path.join(HERE, "package-lock.json"), "utf8"));

/** Licences (SPDX, as packages declare them) that allow shipping a bundle with its notices. */
export const ACCEPTED = new Set([
  "MIT", "BSD-3-Clause", "Apache-2.0", "ISC",
  "0BSD", // tslib: permission to use without conditions
  "(MPL-2.0 OR Apache-2.0)", // DOMPurify: we take it under Apache-2.0
  "(Apache-2.0 OR MIT)", // vis-network, vis-data, vis-util, keycharm: we take them under MIT
  "(CC-BY-4.0 AND MIT)", // Font Awesome's icons (CC-BY-4.0, attribution) and code (MIT)
  "MPL-2.0", // axe-core: a test tool, shipped unchanged with its source's address (tests/vendor)
  "MIT OR Apache-2.0", // oxigraph: we take it under MIT
]);
/** Packages that declare no licence, with the one their licence file gives (the tool's "X*"). */
const DECLARED_ELSEWHERE = { jsuri: "MIT" };
const MIT = readFileSync(path.join(HERE, "scripts", "MIT.txt"), "utf8");

const PACKAGES = [
  {
    name: "@zazuko/yasgui",
    root: path.join(REPO, "kgapp/server/static/vendor"),
    folder: "yasgui",
    files: { "build/yasgui.min.js": "yasgui.min.js", "build/yasgui.min.css": "yasgui.min.css" },
    sourceMap: "build/yasgui.min.js.map",
    ownLicence: mitFromManifest,
    builtWith: false,
    inline: false,
    dev: false,
    extra: (files) => ({ "style-hashes": injectedStyles(files["yasgui.min.js"].toString("utf8")).map(sha256) }),
    preamble:
      "Third-party software compiled into {spec}'s build/yasgui.min.js and yasgui.min.css,\n" +
      "as its source map lists it. Versions and licence files are those package-lock.json\n" +
      "installs for YASGUI's dependencies (viz/frontend, npm run vendor; licences collected by\n" +
      "license-checker-rseidelsohn). DOMPurify is used under Apache-2.0 (it is offered under\n" +
      "MPL-2.0 OR Apache-2.0); the Font Awesome Free icons are CC-BY-4.0\n" +
      "(https://creativecommons.org/licenses/by/4.0/), by Fonticons, Inc. (https://fontawesome.com),\n" +
      "used unchanged as SVG.\n",
  },
  {
    name: "vis-network",
    root: path.join(REPO, "viz/static/vendor"),
    folder: "vis-network",
    // the full UMD build (vis-data and the rest compiled in) with its CSS in a file of its own,
    // the one pyvis ships; standalone/umd/ writes its CSS into <style> elements instead
    files: { "dist/vis-network.min.js": "vis-network.min.js", "dist/dist/vis-network.min.css": "vis-network.min.css",
             "LICENSE-MIT": "LICENSE-MIT", "LICENSE-APACHE-2.0": "LICENSE-APACHE-2.0" },
    sourceMap: "dist/vis-network.min.js.map",
    ownLicence: () => ({}),
    builtWith: true,
    inline: true,
    dev: false,
    extra: () => ({}),
    preamble:
      "Third-party software compiled into {spec}'s dist/vis-network.min.js, as its source map\n" +
      "lists it (dist/dist/vis-network.min.css, vendored as vis-network.min.css, is vis-network's\n" +
      "own). Versions are those its build used, pinned in viz/frontend/package.json and installed\n" +
      "from package-lock.json; each package's files were checked against the sources the source\n" +
      "map embeds (npm run vendor; licences collected by license-checker-rseidelsohn).\n" +
      "vis-network (LICENSE-MIT, LICENSE-APACHE-2.0) and vis-data, vis-util and keycharm are\n" +
      "offered under Apache-2.0 OR MIT and used under\nthe MIT License; tslib is 0BSD.\n",
  },
  {
    // the viewer's SPARQL engine (viz/engine.py): the WebAssembly build, which viz/render.py
    // puts into a page gzipped; its JavaScript glue (web.js) is bundled into app.js (build.js)
    name: "oxigraph",
    root: path.join(REPO, "viz/static/vendor"),
    folder: "oxigraph",
    // gzipped (the page carries it so, in base64); recorded and checked by its content, which
    // does not depend on the zlib that compressed it
    files: { "web_bg.wasm": "web_bg.wasm.gz" },
    gzip: true,
    sourceMap: null, // a compiled Rust program: no source map; what it holds is said below
    ownLicence: oxigraphLicence,
    ownLicenceText: true, // the licence tool would take its README for a licence
    builtWith: false,
    inline: false,
    dev: false,
    extra: () => ({}),
    preamble:
      "{spec}'s web_bg.wasm, unchanged but gzipped (web_bg.wasm.gz; its web.js glue is bundled\n" +
      "into viz/static/app.js).\n" +
      "Oxigraph is offered under MIT OR Apache-2.0 and used under the MIT License (LICENSE,\n" +
      "with the copyright line of the project's LICENSE-MIT). The binary is Oxigraph's Rust\n" +
      "code compiled to WebAssembly by its authors together with the Rust crates it depends on;\n" +
      "the npm package lists no source map or crate list, so those crates' notices are the ones\n" +
      "of Oxigraph's Cargo.lock at the tag of this version (https://github.com/oxigraph/oxigraph).\n" +
      "Version and integrity from viz/frontend/package-lock.json (npm run vendor; licence\n" +
      "collected by license-checker-rseidelsohn).\n",
  },
  {
    // the accessibility audit of the browser tests (tests/test_viz_browser.py), which read it
    // without Node: a devDependency, never in the package data
    name: "axe-core",
    root: path.join(REPO, "tests/vendor"),
    folder: "axe-core",
    files: { "axe.min.js": "axe.min.js", "LICENSE": "LICENSE", "LICENSE-3RD-PARTY.txt": "LICENSE-3RD-PARTY.txt" },
    sourceMap: null, // one file; what its build compiles in is listed in LICENSE-3RD-PARTY.txt
    ownLicence: () => ({}),
    builtWith: false,
    inline: false,
    dev: true,
    extra: () => ({}),
    preamble:
      "{spec}'s axe.min.js, unchanged, with its LICENSE (MPL-2.0; the source is at\n" +
      "https://github.com/dequelabs/axe-core) and LICENSE-3RD-PARTY.txt (what its build compiles\n" +
      "in). Version and integrity from viz/frontend/package-lock.json (a devDependency; npm run\n" +
      "vendor; licence collected by license-checker-rseidelsohn). Used only by the tests.\n",
  },
];

class VendorError extends Error {}

/** @param {Buffer | string} data */
function sha256(data) {
  return "sha256-" + createHash("sha256").update(data).digest("base64");
}

/** What a vendored file holds: a .gz file's content decompressed (the bytes of a gzip stream
 * depend on the zlib that wrote it; its content does not). @param {string} name @param {Buffer} data */
function content(name, data) {
  return name.endsWith(".gz") ? gunzipSync(data) : data;
}

/** Whether the file at `file` holds `data` (by content, for a .gz file). @param {string} file @param {Buffer} data */
function holds(file, data) {
  if (!existsSync(file)) return false;
  const found = readFileSync(file);
  if (!file.endsWith(".gz")) return found.equals(data);
  try {
    return gunzipSync(found).equals(content(file, data));
  } catch {
    return false;
  }
}

/** The folder npm installed `name` in, as Node resolves it from `from` (a package folder). */
function resolveFrom(from, name) {
  for (let dir = from; dir.startsWith(HERE); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
  }
  throw new VendorError(`the bundle holds ${name}, which package-lock.json does not install: review it`);
}

/** The npm packages a source map's sources come from. */
function bundled(map) {
  const names = new Set();
  for (const s of map.sources) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(s);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

/** Each compiled-in package's installed files are the sources the map embeds (up to line ends). */
function checkBuiltWith(spec, map, folders) {
  const compared = new Map();
  map.sources.forEach((source, i) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(source);
    const content = (map.sourcesContent || [])[i];
    if (!m || content === null || content === undefined) return;
    const file = path.join(folders.get(m[1]), m[2]);
    const installed = existsSync(file) ? readFileSync(file, "utf8") : null;
    if (installed === null || installed.split(/\r?\n/).join("\n") !== content.split(/\r?\n/).join("\n")) {
      throw new VendorError(`${spec}'s bundle holds a ${m[1]}/${m[2]} that is not the installed ${m[1]}'s: pin its build version in package.json`);
    }
    compared.set(m[1], (compared.get(m[1]) || 0) + 1);
  });
  const missing = bundled(map).filter((name) => !compared.has(name));
  if (missing.length) throw new VendorError(`${spec}'s source map embeds no sources of ${missing.join(", ")} to check: review them`);
}

/** The <style> elements YASGUI's bundle writes (column-resizer's grip rules, and the cursor
 * while a column is dragged), whose hashes the query page's policy allows. */
function injectedStyles(js) {
  const sheet = [...js.matchAll(/createStyle\(\w+,`([^`$]*)`\)/g)].map((m) => m[1]);
  const cursor = [...js.matchAll(/dragCursor:`([^`]*)`/g)].map((m) => m[1]);
  if (sheet.length !== 1 || cursor.length !== 1 || js.split("createStyle(").length - 1 !== 3) {
    throw new VendorError("YASGUI's column-resizer no longer writes the <style> elements this script knows: review them and the page's style-src");
  }
  return [sheet[0], `*{cursor:${cursor[0]}!important}`];
}

/** YASGUI's licence: the package ships no licence file, so the MIT text it declares, with the
 * authors its package.json names. */
function mitFromManifest(pkg, manifest) {
  if (manifest.license !== "MIT") throw new VendorError(`${pkg.name} now declares ${manifest.license}, not MIT: review it`);
  const authors = [manifest.author || "", ...(manifest.contributors || []).map((c) => c.name || "")].filter(Boolean);
  return { LICENSE: Buffer.from(
    `${pkg.name} ${manifest.version} (${manifest.homepage || ""})\n` +
    "The npm package declares the MIT License (package.json) and ships no licence file;\n" +
    "this is the MIT License's text with the authors its package.json names.\n\n" +
    `MIT License\n\nCopyright (c) ${authors.join(" and ")}\n\n${MIT}`) };
}

/** Oxigraph's licence: the npm package ships no licence file, so the MIT text (the licence we
 * take it under) with the copyright line of the project's LICENSE-MIT. */
function oxigraphLicence(pkg, manifest) {
  if (manifest.license !== "MIT OR Apache-2.0") throw new VendorError(`${pkg.name} now declares ${manifest.license}, not MIT OR Apache-2.0: review it`);
  return { LICENSE: Buffer.from(
    `${pkg.name} ${manifest.version} (${manifest.homepage || ""})\n` +
    "The npm package declares MIT OR Apache-2.0 (package.json) and ships no licence file;\n" +
    "it is used under the MIT License, whose text follows with the copyright line of\n" +
    "Oxigraph's LICENSE-MIT.\n\n" +
    `MIT License\n\nCopyright (c) 2018 RUDF developers\n\n${MIT}`) };
}

/** license-checker-rseidelsohn over the installed production (or, `dev`, development) tree:
 * name@version -> record. */
function licences(dev) {
  return new Promise((resolve, reject) => {
    checker.init({ start: HERE, ...(dev ? { development: true } : { production: true }), customPath: { licenseText: "" } },
                 (err, found) => (err ? reject(err) : resolve(found)));
  });
}

/** The files of one package's vendor folder, and its record for VERSIONS.json. */
function vendor(pkg, tool) {
  const dir = path.join(MODULES, pkg.name);
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const locked = LOCK.packages[`node_modules/${pkg.name}`];
  if (!locked || locked.version !== manifest.version) throw new VendorError(`${pkg.name} is not installed as package-lock.json says: run npm ci`);
  const spec = `${pkg.name}@${manifest.version}`;
  const files = {};
  for (const [from, to] of Object.entries(pkg.files)) {
    const data = readFileSync(path.join(dir, from));
    files[to] = pkg.gzip && to.endsWith(".gz") ? gzipSync(data, { level: 9 }) : data;
  }
  Object.assign(files, pkg.ownLicence(pkg, manifest));
  if (pkg.inline) {
    for (const [name, data] of Object.entries(files)) {
      if (/\.(js|css)$/.test(name) && /<\/script|<\/style|<!--/i.test(data.toString("utf8"))) {
        throw new VendorError(`${spec}'s ${name} holds </script, </style or <!--: it cannot be inlined in the page`);
      }
    }
  }
  const map = pkg.sourceMap ? JSON.parse(readFileSync(path.join(dir, pkg.sourceMap), "utf8")) : null;
  const names = map ? bundled(map) : [pkg.name];
  const folders = new Map(names.map((name) => [name, resolveFrom(pkg.builtWith ? HERE : dir, name)]));
  if (pkg.builtWith) checkBuiltWith(spec, map, folders);
  const rule = "=".repeat(78);
  const parts = [pkg.preamble.replace("{spec}", spec)];
  const record = {};
  for (const name of names) {
    const folder = folders.get(name);
    const meta = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
    const found = tool[`${name}@${meta.version}`];
    if (!found) throw new VendorError(`the licence tool found no ${name}@${meta.version}: is it a ${pkg.dev ? "development" : "production"} dependency?`);
    let licence = found.licenses;
    if (typeof licence === "string" && licence.endsWith("*")) licence = DECLARED_ELSEWHERE[name] || licence;
    if (!ACCEPTED.has(licence)) throw new VendorError(`the bundle holds ${name} under ${licence}, which needs review (accepted: ${[...ACCEPTED].join(", ")})`);
    const own = pkg.ownLicenceText && name === pkg.name ? files.LICENSE.toString("utf8") : null;
    const text = (own || found.licenseText || `(the package ships no licence file; its package.json declares ${licence})`).trim();
    record[name] = { version: meta.version, license: licence };
    parts.push(`${rule}\n${name} ${meta.version} (${licence})\n${rule}\n\n${text}\n`);
  }
  files["THIRD-PARTY-NOTICES.txt"] = Buffer.from(parts.join("\n"));
  const entry = {
    version: manifest.version,
    integrity: locked.integrity,
    resolved: locked.resolved,
    license: manifest.license,
    files: Object.fromEntries(Object.keys(files).sort().map((name) => [`${pkg.folder}/${name}`, sha256(content(name, files[name]))])),
    ...pkg.extra(files),
    bundled: record,
  };
  return { files, entry };
}

/** The licences and notices of the npm packages the page's own bundle (viz/static/app.js,
 * npm run build) compiles in, as esbuild resolves them from package-lock.json's install. */
async function appNotices(tool) {
  const rule = "=".repeat(78);
  const parts = [
    "Third-party software compiled into viz/static/app.js (the viewer page's script, built by\n" +
    "npm run build in viz/frontend), as esbuild resolves it from package-lock.json's install\n" +
    "(npm run vendor; licences collected by license-checker-rseidelsohn).\n",
  ];
  for (const name of await bundledPackages(HERE)) {
    const folder = resolveFrom(HERE, name);
    const meta = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
    const found = tool[`${name}@${meta.version}`];
    if (!found) throw new VendorError(`the licence tool found no ${name}@${meta.version}: is it a production dependency?`);
    const licence = found.licenses;
    if (!ACCEPTED.has(licence)) throw new VendorError(`app.js holds ${name} under ${licence}, which needs review (accepted: ${[...ACCEPTED].join(", ")})`);
    const text = (found.licenseText || `(the package ships no licence file; its package.json declares ${licence})`).trim();
    parts.push(`${rule}\n${name} ${meta.version} (${licence})\n${rule}\n\n${text}\n`);
  }
  return { file: path.join(REPO, "viz/static/app.js.THIRD-PARTY-NOTICES.txt"), data: Buffer.from(parts.join("\n")) };
}

async function main() {
  const check = process.argv.includes("--check");
  const tools = { false: await licences(false), true: await licences(true) };
  const out = PACKAGES.map((pkg) => ({ pkg, ...vendor(pkg, tools[String(pkg.dev)]) }));
  const writes = new Map(); // path -> contents
  for (const { pkg, files, entry } of out) {
    for (const [name, data] of Object.entries(files)) writes.set(path.join(pkg.root, pkg.folder, name), data);
    const versions = path.join(pkg.root, "VERSIONS.json");
    const all = writes.has(versions) ? JSON.parse(writes.get(versions)) : {};
    all[pkg.name] = entry;
    writes.set(versions, Buffer.from(JSON.stringify(all, null, 2) + "\n"));
  }
  const app = await appNotices(tools.false);
  writes.set(app.file, app.data);
  const problems = [];
  for (const [file, data] of writes) {
    if (!holds(file, data)) problems.push(`${path.relative(REPO, file)} is not what package-lock.json installs`);
  }
  for (const { pkg, files } of out) {
    const folder = path.join(pkg.root, pkg.folder);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (!(name in files)) problems.push(`${path.relative(REPO, path.join(folder, name))} is not a vendored file`);
  }
  if (check) {
    if (problems.length) {
      console.error(problems.join("\n") + "\nrun `npm ci && npm run vendor` in viz/frontend and commit the result");
      process.exit(1);
    }
    console.log("the vendored libraries are the ones package-lock.json installs");
    return;
  }
  for (const [file, data] of writes) {
    if (holds(file, data)) continue; // unchanged (a .gz by content: no churn from another zlib)
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file + ".tmp", data);
    renameSync(file + ".tmp", file);
  }
  console.log(`wrote ${writes.size} files`);
}

main().catch((err) => {
  console.error(err instanceof VendorError ? `vendor: ${err.message}` : err);
  process.exit(1);
});
