import "server-only";
import { fileCheck, NODE_TEST, write, type Defect, type Template } from "../types";
import { FILES } from "./files.generated";

export const TODO_MATCH = /\btodos?\b|\btask list\b/;

const TEST_SCRIPT = '"test": "node --test"';

/**
 * The first draft of the PATCH handler forwards only the title to the store, so `done` is validated and
 * then dropped. The backend's own tests rename todos but never complete one; QA's suite catches it.
 */
export const TODO_DEFECT: Defect = {
  path: "src/app.js",
  fixed: "const todo = store.update(id, parsed.value);",
  buggy: "const todo = store.update(id, { title: parsed.value.title });",
  symptom: /PATCH|\bdone\b|persist/i,
  explanation: "the PATCH handler passed only `title` to store.update, so a validated `done` was dropped; it now passes every validated field",
};

export function todoApi(goal: string): Template {
  return {
    id: "todo-api",
    name: "Todo REST API",
    goal,
    summary:
      "A zero-dependency Node.js REST API for a todo list: CRUD over JSON with validation, clear 400/404/405 errors and an in-memory store behind a small interface, specified in docs/api.md, tested with node:test (unit, API and a QA contract suite), documented with curl examples and a Dockerfile.",
    files: FILES,
    defects: [TODO_DEFECT],
    owners: {},
    tasks: [
      {
        key: "api-contract",
        title: "Write the API contract",
        role: "researcher",
        description:
          "Specify the todo API before it is built: the todo fields, every endpoint with its success and error statuses, the validation rules and the decisions (in-memory store, no dependencies). Write it to docs/api.md so backend and QA work from the same contract.",
        criteria: [
          "docs/api.md lists GET/POST /todos and GET/PATCH/DELETE /todos/:id with status codes",
          "Validation rules for title and done are explicit, including unknown fields",
          "The error body format is specified",
        ],
        dependsOn: [],
        ops: write(FILES, "docs/api.md"),
        checks: [fileCheck("docs/api.md", ["get", "post", "/todos/:id", "patch", "delete", "404", "title", "done", "unknown fields", "errors look like"])],
        ownTests: [],
        done: "Wrote docs/api.md: the todo fields, every endpoint with its statuses (201 + Location, 204, 400, 404, 405), validation rules and the error format.",
      },
      {
        key: "todo-api",
        title: "CRUD API with validation and an in-memory store",
        role: "backend",
        description:
          "Implement the API of docs/api.md with node:http and no dependencies: src/store.js (in-memory store: list with a done filter, get, create, update of the given fields, remove; returns copies), src/validate.js (the validation rules), src/app.js and server.js (GET/POST /todos, GET/PATCH/DELETE /todos/:id, JSON bodies up to 1 MB, 400 for invalid JSON or bodies, 404 for unknown ids and paths, 405 with Allow, 201 with Location, 204 on delete). Add package.json (ES modules, npm test → node --test) and tests for the store and the endpoints over HTTP on a Unix socket.",
        criteria: [
          "Every endpoint of docs/api.md answers with the documented status and body",
          "Invalid input is a 400 with { error } naming the problem; unknown ids are 404",
          "update changes only the fields it is given; callers cannot change stored todos through returned objects",
          "node --test passes",
        ],
        dependsOn: ["api-contract"],
        ops: write(FILES, "package.json", "src/store.js", "src/validate.js", "src/app.js", "server.js", "test-support/http.js", "test/store.test.js", "test/api.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/store.test.js", "test/api.test.js"],
        done: "Built the API: src/store.js (in-memory, copies out, partial updates), src/validate.js (title 1–200 chars, done boolean, unknown fields rejected), src/app.js and server.js (routing, JSON body limits, 400/404/405/413 errors, 201 + Location, 204), with package.json, test/store.test.js and test/api.test.js over HTTP on a Unix socket.",
      },
      {
        key: "qa-todo",
        title: "Verify the API against its contract",
        role: "qa",
        description:
          "Test the running API against docs/api.md end to end: completing a todo persists, title and done change together, the done filter, every validation error, 404s for unknown ids, 204-then-404 on delete, 405s. Write test/qa.test.js, run the whole suite, and hand any failure back to the backend with the failing test and message.",
        criteria: [
          "test/qa.test.js covers every endpoint and error of docs/api.md",
          "The full node --test suite passes",
          "Failures are returned to the backend with the exact failing test and assertion",
        ],
        dependsOn: ["todo-api"],
        ops: write(FILES, "test/qa.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/qa.test.js"],
        done: "Verified the API against docs/api.md with test/qa.test.js (8 contract tests over HTTP).",
      },
      {
        key: "ship",
        title: "README with curl examples, Dockerfile, smoke check",
        role: "devops",
        description:
          "Document and package the API: README.md with run, curl examples for every endpoint, test and Docker instructions; scripts/smoke.js (create, read, delete against a fresh server on a private socket) as npm run smoke; a Dockerfile on node:20-alpine with a /health check. Run the smoke check and the tests.",
        criteria: [
          "README.md has a curl example for each endpoint",
          "npm run smoke exits 0 against a fresh server",
          "The Dockerfile needs no npm install and runs as a non-root user",
        ],
        dependsOn: ["qa-todo"],
        ops: [
          {
            kind: "patch",
            path: "package.json",
            find: TEST_SCRIPT,
            replace: `${TEST_SCRIPT},\n    "smoke": "node scripts/smoke.js"`,
            full: FILES["package.json"]!.replace(TEST_SCRIPT, `${TEST_SCRIPT},\n    "smoke": "node scripts/smoke.js"`),
          },
          ...write(FILES, "scripts/smoke.js", "Dockerfile", ".dockerignore", "README.md"),
        ],
        checks: [
          fileCheck("README.md", ["curl -s -x post localhost:3000/todos", "curl -s localhost:3000/todos?done=false", "curl -s localhost:3000/todos/1", "patch localhost:3000/todos/1", "delete localhost:3000/todos/1"], [0]),
          { ...{ command: "node scripts/smoke.js", expect: { pattern: /smoke ok/, meaning: "the smoke check printed “smoke ok”" } }, proves: [1] },
          fileCheck("Dockerfile", ["user node", "!npm install"], [2]),
          NODE_TEST,
        ],
        ownTests: [],
        done: "Added README.md (run, curl examples for every endpoint, tests, Docker), the npm smoke script (scripts/smoke.js), a Dockerfile (node:20-alpine, non-root, /health check) and .dockerignore.",
      },
    ],
  };
}
