/* The esbuild options of the page's bundle (viz/static/app.js), shared by npm run build and
 * npm run vendor (which lists the npm packages the bundle compiles in, for their licences).
 *
 * The page's own modules are minified for whitespace only (their names stay as written); the
 * npm libraries it imports (LIBRARIES) are minified whole first, each once, as their own
 * bundle (their names are no API of the page), which keeps the page small. */
import * as esbuild from "esbuild";

/** The npm modules the page's code imports, compiled in minified. */
export const LIBRARIES = ["graphology", "graphology-layout-forceatlas2/worker"];

/**
 * A library's minified ES module (its default export), and the files esbuild read for it.
 * @param {string} root @param {string} name
 */
export async function minified(root, name) {
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents: `export { default } from ${JSON.stringify(name)};`, resolveDir: root, loader: "js" },
    bundle: true, format: "esm", target: ["es2020"], charset: "utf8", legalComments: "none",
    minify: true, write: false, metafile: true, logLevel: "warning",
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

/** The esbuild plugin that compiles LIBRARIES in minified. @param {string} root
 * @returns {import("esbuild").Plugin} */
function minifiedLibraries(root) {
  return {
    name: "minified-libraries",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => (LIBRARIES.includes(args.path) && args.namespace === "file"
        ? { path: args.path, namespace: "minified-library" } : undefined));
      build.onLoad({ filter: /.*/, namespace: "minified-library" }, async (args) => {
        const { code } = await minified(root, args.path);
        return { contents: code, loader: "js", resolveDir: root };
      });
    },
  };
}

/** The build options of the bundle (entry src/index.js), written to memory. @param {string} root
 * @returns {import("esbuild").BuildOptions} */
export function bundleOptions(root) {
  return {
    absWorkingDir: root,
    entryPoints: ["src/index.js"],
    bundle: true,
    format: "iife",
    target: ["es2020"],
    charset: "utf8",
    legalComments: "none",
    // whitespace only: the names stay as written (window.network, window.kgViewer, t("key")),
    // and the curated page is smaller than the one-file script it replaces
    minifyWhitespace: true,
    plugins: [minifiedLibraries(root)],
    // oxigraph's web.js finds its .wasm beside itself (import.meta.url) only when given none;
    // the page always gives it the engine's bytes (src/engine.js)
    define: { "import.meta.url": "undefined" },
    write: false,
    logLevel: "warning",
  };
}

/** The npm packages the bundle compiles in (names, sorted). @param {string} root */
export async function bundledPackages(root) {
  const names = new Set();
  for (const name of LIBRARIES) {
    for (const input of (await minified(root, name)).inputs) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) names.add(m[1]);
    }
  }
  return [...names].sort();
}
