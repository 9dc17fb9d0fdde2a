// The configuration `quarry review` runs eslint with: the security plugin's recommended rules
// and eslint's own rules against code from strings, over JavaScript and TypeScript. Only the
// findings whose rule maps to a CWE (review-rules/analyzers.tsv) are reported.
import security from "eslint-plugin-security";
import tsParser from "@typescript-eslint/parser";

const rules = {
  ...security.configs.recommended.rules,
  "no-eval": "error",
  "no-implied-eval": "error",
  "no-new-func": "error",
};

export default [
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.jsx"],
    plugins: { security },
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    rules,
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
    plugins: { security },
    languageOptions: { parser: tsParser, ecmaVersion: "latest", sourceType: "module" },
    rules,
  },
];
