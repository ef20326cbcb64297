// ESLint (npm run check): the recommended rules, the page's modules in the browser, the tests
// and build scripts in Node.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser, vis: "readonly" } },
  },
  {
    files: ["test/**/*.js", "scripts/**/*.js", "eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  { rules: { "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }] } },
];
