// ESLint (npm run check): the recommended rules, the page's modules in the browser, the tests
// and build scripts in Node; and no two of the page's modules importing each other, directly or
// in a loop (import-x/no-cycle).
import js from "@eslint/js";
import globals from "globals";
import { importX } from "eslint-plugin-import-x";

export default [
  { ignores: ["node_modules/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser, vis: "readonly" } },
    plugins: { "import-x": importX },
    rules: { "import-x/no-cycle": ["error", { maxDepth: Infinity, ignoreExternal: true }] },
  },
  {
    files: ["test/**/*.js", "scripts/**/*.js", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  { rules: { "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }] } },
];
