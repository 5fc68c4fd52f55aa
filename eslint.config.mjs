import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import boundaries from "eslint-plugin-boundaries";

// Architectural boundaries from ARCHITECTURE.md ("Folders and what may import what").
// Elements are matched first-wins, so the specific server/ folders come before `server`.
const elements = [
  { type: "realtime", pattern: "server/realtime", partialMatch: false },
  { type: "llm", pattern: "server/llm", partialMatch: false },
  { type: "agents", pattern: "server/agents", partialMatch: false },
  { type: "orchestrator", pattern: "server/orchestrator", partialMatch: false },
  { type: "server", pattern: "server", partialMatch: false },
  { type: "app", pattern: "app", partialMatch: false },
  { type: "components", pattern: "components", partialMatch: false },
  { type: "lib", pattern: "lib", partialMatch: false },
  { type: "tests", pattern: "tests", partialMatch: false },
  { type: "bench", pattern: "bench", partialMatch: false },
  { type: "scripts", pattern: "scripts", partialMatch: false },
];

// server.ts (the process entry) is a file, not a folder, so it is classified by a file descriptor.
const files = [{ category: "process-entry", pattern: "server.ts" }];

const SERVER = ["server", "llm", "agents", "orchestrator", "realtime"];
const SERVER_DOMAIN = ["server", "llm", "agents", "orchestrator"]; // everything in server/ but realtime
const to = (...types) => ({ to: { element: { types: { anyOf: types.flat() } } } });
const typeOnly = (...types) => ({ ...to(...types), dependency: { kind: "type" } });
const valueImport = (...types) => ({ ...to(...types), dependency: { kind: "value" } });
const from = (...types) => ({ element: { types: { anyOf: types.flat() } } });

const REALTIME_MESSAGE =
  "Only server/realtime itself and server.ts may import server/realtime: domain code calls server/events (publish), which knows nothing of Socket.IO.";

// Policies are evaluated in order and the last one that matches decides; anything unmatched is disallowed.
const boundaryPolicies = [
  { from: from("app"), allow: [to("app", "components", "lib", SERVER_DOMAIN), typeOnly("realtime")] },
  { from: from("components"), allow: [to("components", "lib"), typeOnly(SERVER)] },
  { from: from("lib"), allow: [to("lib"), typeOnly(SERVER)] },
  { from: from(SERVER_DOMAIN), allow: [to(SERVER_DOMAIN, "lib"), typeOnly("realtime")] },
  { from: from("realtime"), allow: [to(SERVER, "lib")] },
  { from: { file: { categories: "process-entry" } }, allow: [to(SERVER, "lib")] },
  { from: from("scripts"), allow: [to("scripts", SERVER_DOMAIN, "lib")] },
  { from: from("tests", "bench"), allow: [to("tests", "bench", "app", "components", "lib", SERVER)] },
  // Explicit denials, only to give each broken rule its own message.
  {
    from: from("components", "lib"),
    disallow: [valueImport(SERVER)],
    message: "components/ and lib/ may take only `import type` from server/ (server code must never reach the client bundle).",
  },
  {
    from: from("lib"),
    disallow: [to("app", "components", "tests", "bench", "scripts")],
    message: "lib/ imports only lib/ (it is shared by client and server).",
  },
  {
    from: from("llm"),
    disallow: [to("agents", "orchestrator")],
    message: "server/llm must not import server/agents or server/orchestrator: the gateway sits below them.",
  },
  { from: from("app", SERVER_DOMAIN, "scripts"), disallow: [valueImport("realtime")], message: REALTIME_MESSAGE },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/files": files,
      "boundaries/include": ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
      "boundaries/legacy-templates": false,
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          message:
            "{{ from.file.path }} must not import {{ to.file.path }} (\"{{ dependency.source }}\"; see ARCHITECTURE.md, \"Folders and what may import what\").",
          policies: boundaryPolicies,
        },
      ],
    },
  },
  {
    // Unused-variable names starting with _ are intentional (ignored callback args, exhaustive destructuring).
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Playwright fixtures call `use(...)`, which the React hooks rule mistakes for React's use().
    files: ["tests/**/*.ts", "playwright.config.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Config files conventionally default-export an anonymous object.
    files: ["*.config.{js,mjs,cjs,ts,mts}"],
    rules: { "import/no-anonymous-default-export": "off" },
  },
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "server/db/generated/**",
    "bench/results/**",
    "test-results/**",
    "playwright-report/**",
    "tests/artifacts/**",
    ".aios/**",
    "next-env.d.ts",
  ]),
]);
