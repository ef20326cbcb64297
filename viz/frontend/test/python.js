/* The Node tests' one way to Python: page data made by viz/data.py (and viz/compact.py) for
 * the bundled graph, so the page's rules are tested on what Python really makes. Python is
 * $PYTHON, else the repository's .venv, else python3; it must import the project. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  const venv = path.join(ROOT, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

/** Run `code` in Python (from the repository's root) and parse what it prints as JSON.
 * @param {string} code */
export function fromPython(code) {
  const out = execFileSync(python(), ["-c", code], { cwd: ROOT, maxBuffer: 1 << 28, encoding: "utf8" });
  return JSON.parse(out);
}

/** A fixture of tests/fixtures. @param {string} name */
export function fixture(name) {
  return JSON.parse(readFileSync(path.join(ROOT, "tests", "fixtures", name), "utf8"));
}

let cached = null;
/** The page data of the bundled graph (viz.data.page_data), in English. */
export function pageData() {
  cached = cached || fromPython(
    "import json, graph\nfrom viz.data import page_data\n" +
    "print(json.dumps(page_data(graph.load())))");
  return cached;
}
