import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/core/kernels/*.wasm.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Plain JavaScript entry points run under Node.
    files: ["bin/**/*.js", "scripts/**/*.mjs", "eslint.config.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // The numeric core is pure: no I/O, no framework, no environment (STYLE.md, "Dependency direction").
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "os", "child_process"], message: "src/core does no I/O." },
            { group: ["fastify*", "kysely*", "pino*", "bullmq*", "commander*", "better-sqlite3", "pg"], message: "src/core depends on no framework." },
            { group: ["**/data/**", "**/store/**", "**/service/**", "**/api/**", "**/cli/**", "**/jobs/**", "**/web/**"], message: "src/core imports nothing outside src/core." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "src/core reads no environment." }],
    },
  },
);
