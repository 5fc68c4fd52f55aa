import "server-only";
import type { RequestAnalysis } from "../../analyze";
import type { FileOp } from "../../agent/steps";
import { GENERIC_TEMPLATE_MARK } from "@/lib/generic-template";
import { fileCheck, NODE_TEST, write, type TaskDef, type Template } from "../types";
import { FILES } from "./files.generated";

// Any request without a dedicated template: a small, real project shaped by the request's words. The
// things it keeps (recipes, tickets, books…) become a validated collection with tests, exposed as an
// HTTP API, a web page and/or a command-line tool depending on what was asked for.

function fill(text: string, a: RequestAnalysis): string {
  return text
    .replaceAll("__NAME__", a.name)
    .replaceAll("__SLUG__", a.slug)
    .replaceAll("__ENTITIES__", a.entities)
    .replaceAll("__ENTITY__", a.entity)
    .replaceAll("__ROUTE__", a.route);
}

function packageJson(goal: string, a: RequestAnalysis): string {
  const pkg = {
    name: a.slug,
    version: "0.1.0",
    private: true,
    description: goal,
    type: "module",
    engines: { node: ">=20" },
    ...(a.flags.cli ? { bin: { [a.slug]: "bin/cli.js" } } : {}),
    scripts: { ...(a.flags.api ? { start: "node server.js" } : {}), test: "node --test" },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function requirements(goal: string, a: RequestAnalysis): string {
  const surfaces = [
    a.flags.web && `- A web page to add, search, list and remove ${a.entities}.`,
    a.flags.api && `- A JSON HTTP API at \`/api/${a.route}\` (list with search and tag filter, create, read, change, delete).`,
    a.flags.cli && `- A command-line tool (\`${a.slug}\`) to add, list, show and remove ${a.entities}, kept in a JSON file.`,
    !a.flags.web && !a.flags.api && !a.flags.cli && `- A JavaScript module other code can import.`,
  ].filter(Boolean);
  return `# ${a.name}: requirements

## The request

> ${goal}

## How we read it

The software keeps **${a.entities}**. Each ${a.entity} has a title (required, up to 200 characters), optional
notes (up to 2000 characters) and up to 10 tags, plus an id and creation/update times assigned by the store.

What people get:

${surfaces.join("\n")}

## Acceptance

- Invalid input is refused with a message that names the problem; nothing invalid is stored.
- Search matches titles and notes regardless of case; tags filter exactly.
- Every behaviour above is covered by \`node --test\`.

## Constraints and decisions

- Node.js 20, no dependencies, no network: \`node:http\`, \`node:test\`, files on disk.
- ${a.flags.cli ? "The CLI keeps data in a JSON file (`--data` or `DATA_FILE`)" : "Data lives in memory"}${a.flags.api ? "; the server keeps it in a JSON file when `DATA_FILE` is set" : ""}.
- Out of scope for a first version: accounts and permissions, a database, deployment beyond a Dockerfile.

## Open questions

These came from the request's words; the details (extra fields for ${a.entities}, who may change them) are
worth confirming with the people who asked before the next iteration.
`;
}

function readme(goal: string, a: RequestAnalysis): string {
  const run = a.flags.api
    ? `## Run

\`\`\`sh
npm start                      # or: node server.js → http://localhost:3000
DATA_FILE=data.json npm start  # keep ${a.entities} across restarts
\`\`\`

## API

| Method | Path | Answer |
|---|---|---|
| GET | \`/api/${a.route}?q=&tag=\` | 200 list (search titles and notes, filter by tag) |
| POST | \`/api/${a.route}\` | 201 ${a.entity} + \`Location\`; 400 with \`{ error }\` |
| GET | \`/api/${a.route}/:id\` | 200 ${a.entity}; 404 |
| PATCH | \`/api/${a.route}/:id\` | 200 ${a.entity} (title, notes, tags); 400; 404 |
| DELETE | \`/api/${a.route}/:id\` | 204; 404 |
| GET | \`/health\` | 200 \`{ "ok": true }\` |

\`\`\`sh
curl -s -X POST localhost:3000/api/${a.route} -H 'content-type: application/json' -d '{"title":"First","tags":["demo"]}'
curl -s 'localhost:3000/api/${a.route}?q=first'
\`\`\`
`
    : "";
  const cli = a.flags.cli
    ? `## Command line

\`\`\`sh
node bin/cli.js add "First ${a.entity}" --notes "details" --tag demo
node bin/cli.js list --search first
node bin/cli.js show 1
node bin/cli.js remove 1
node bin/cli.js --help            # all options; --data <file> chooses where ${a.entities} are kept
npm link && ${a.slug} list         # install the command on this machine
\`\`\`
`
    : "";
  const lib =
    !a.flags.api && !a.flags.cli
      ? `## Use

\`\`\`js
import { createStore } from "./src/store.js";
const store = createStore({ file: "data.json" }); // or createStore() to keep ${a.entities} in memory
store.add({ title: "First", tags: ["demo"] });
store.list({ q: "first" });
\`\`\`
`
      : "";
  return `# ${a.name}

${goal}

> **Generic template.** The offline demo model has no template for this request, so it built a generic
> one from the request's words: a store of ${a.entities} (title, notes, tags) with tests${a.flags.api ? ", an HTTP API" : ""}${a.flags.web ? ", a web page" : ""}${a.flags.cli ? ", a command-line tool" : ""}.
> Nothing specific to the request is implemented beyond that; configure a real model and run the tasks
> again for the real thing.

Keeps ${a.entities} (title, notes, tags). Node.js 20+, no dependencies. Requirements: [docs/requirements.md](docs/requirements.md).

${run}${cli}${lib}## Test

\`\`\`sh
npm test     # node --test${a.flags.api ? "\nnpm run smoke  # starts the server on a private socket and exercises the API" : ""}
\`\`\`
${a.flags.api ? `\n## Docker\n\n\`\`\`sh\ndocker build -t ${a.slug} .\ndocker run --rm -p 3000:3000 ${a.slug}\n\`\`\`\n` : ""}`;
}

export function genericProject(goal: string, a: RequestAnalysis): Template {
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(FILES)) files[path] = fill(content, a);
  files["package.json"] = packageJson(goal, a);
  files["docs/requirements.md"] = requirements(goal, a);
  files["README.md"] = readme(goal, a);
  const qaFiles: [string, string][] = [["qa/store.test.js", "test/acceptance-store.test.js"]];
  if (a.flags.api) qaFiles.push(["qa/api.test.js", "test/acceptance-api.test.js"]);
  if (a.flags.web) qaFiles.push(["qa/web.test.js", "test/acceptance-web.test.js"]);
  if (a.flags.cli) qaFiles.push(["qa/cli.test.js", "test/acceptance-cli.test.js"]);
  for (const [from, to] of qaFiles) files[to] = files[from]!;

  const builders: TaskDef[] = [
    {
      key: "core",
      title: `${cap(a.entity)} model and store`,
      role: "backend",
      description: `Implement src/store.js: validation of a ${a.entity} (title required, notes, tags; unknown fields rejected) and a store with add, get, list (search and tag filter), update and remove, in memory or backed by a JSON file. Add package.json (ES modules, npm test → node --test) and unit tests.`,
      criteria: [`Invalid ${a.entities} are rejected with a message naming the problem`, "Search matches titles and notes regardless of case; tags filter exactly", "A file-backed store keeps its data across restarts", "node --test passes"],
      dependsOn: ["requirements"],
      ops: write(files, "package.json", "src/store.js", "test/store.test.js"),
      checks: [NODE_TEST],
      ownTests: ["test/store.test.js"],
      done: `Built src/store.js (validation and a store of ${a.entities}: add, get, search, tag filter, update, remove, optional JSON file) with package.json and test/store.test.js.`,
    },
  ];
  if (a.flags.api) {
    builders.push({
      key: "http-api",
      title: `HTTP API for ${a.entities}`,
      role: "backend",
      description: `Write src/app.js and server.js with node:http: GET/POST /api/${a.route}, GET/PATCH/DELETE /api/${a.route}/:id, JSON bodies with 400/404/405/413 errors, /health, and static files from public/. Test it over HTTP on a Unix socket.`,
      criteria: [`Create, read, list, change and delete ${a.entities} over HTTP with the right status codes`, "Invalid bodies are a 400 with { error }", "test/api.test.js passes against a server on a Unix socket"],
      dependsOn: ["core"],
      ops: write(files, "src/app.js", "server.js", "test-support/http.js", "test/api.test.js"),
      checks: [NODE_TEST],
      ownTests: ["test/api.test.js"],
      done: `Wrote src/app.js and server.js: the ${a.entities} API at /api/${a.route} with validation errors, 404/405s, /health and static files; test/api.test.js runs it on a Unix socket.`,
    });
  }
  if (a.flags.web) {
    builders.push({
      key: "web-ui",
      title: `Page to add, search and remove ${a.entities}`,
      role: "frontend",
      description: `Build public/index.html, public/app.js and public/styles.css: a form to add a ${a.entity} (title, notes, tags), a search box, the list with tags and a remove button, and an error message when the API refuses something. Keep rendering and the API client pure and exported, and test them.`,
      criteria: [`The page lists ${a.entities} from /api/${a.route} and updates after adding or removing`, "Search filters the list as you type", "API errors are shown; user text is HTML-escaped", "test/ui.test.js passes"],
      dependsOn: ["http-api"],
      ops: write(files, "public/index.html", "public/styles.css", "public/app.js", "test/ui.test.js"),
      checks: [NODE_TEST],
      ownTests: ["test/ui.test.js"],
      done: `Built the page (public/index.html, app.js, styles.css): add form, live search, list with tags and remove buttons, error messages; test/ui.test.js covers rendering, escaping and the API client.`,
    });
  }
  if (a.flags.cli) {
    builders.push({
      key: "cli",
      title: `Command-line tool for ${a.entities}`,
      role: "backend",
      description: `Write bin/cli.js: add, list (--search, --tag), show and remove ${a.entities} kept in a JSON file (--data or DATA_FILE), --json output, --help; exit 1 on failures and 2 on bad usage with a message on stderr. Test it by spawning the real command.`,
      criteria: ["Every command works against a fresh data file", "Bad usage exits 2 and failures exit 1 with a message", "test/cli.test.js passes"],
      dependsOn: ["core"],
      ops: write(files, "bin/cli.js", "test/cli.test.js"),
      checks: [{ command: "node bin/cli.js --help", expect: { pattern: /^Usage:/m, meaning: "--help printed the usage" } }, NODE_TEST],
      ownTests: ["test/cli.test.js"],
      done: `Wrote bin/cli.js (add, list with search and tags, show, remove; JSON file storage; --json; exit codes 0/1/2) and test/cli.test.js spawning the real command.`,
    });
  }
  const leaves = builders.filter((b) => !builders.some((o) => o.dependsOn.includes(b.key))).map((b) => b.key);
  const shipOps: FileOp[] = a.flags.api
    ? [
        { kind: "patch", path: "package.json", find: '"test": "node --test"', replace: '"test": "node --test",\n    "smoke": "node scripts/smoke.js"', full: files["package.json"]!.replace('"test": "node --test"', '"test": "node --test",\n    "smoke": "node scripts/smoke.js"') },
        ...write(files, "scripts/smoke.js", "Dockerfile", ".dockerignore", "README.md"),
      ]
    : write(files, "README.md");
  return {
    id: "generic",
    name: a.name,
    goal,
    summary: `${GENERIC_TEMPLATE_MARK} a small, zero-dependency Node.js project that keeps ${a.entities}: validation and a store with tests${a.flags.api ? `, a JSON API at /api/${a.route}` : ""}${a.flags.web ? ", a web page to add, search and remove them" : ""}${a.flags.cli ? `, a command-line tool` : ""}, checked by QA and documented. Nothing specific to the request is implemented beyond that.`,
    files,
    defects: [],
    owners: { "test/ui.test.js": "frontend", "test/acceptance-web.test.js": "frontend" },
    tasks: [
      {
        key: "requirements",
        title: "Turn the request into requirements",
        role: "researcher",
        description: `Read the request, decide what the software keeps (${a.entities}) and how people use it, and write docs/requirements.md: the data, the features, acceptance rules, constraints (Node 20, no dependencies, no network) and open questions.`,
        criteria: ["docs/requirements.md states the data kept and the features", "Acceptance rules are testable", "Constraints and open questions are listed"],
        dependsOn: [],
        ops: write(files, "docs/requirements.md"),
        checks: [fileCheck("docs/requirements.md", ["## the request", "what people get", "## acceptance", "## constraints and decisions", "## open questions"])],
        ownTests: [],
        done: `Wrote docs/requirements.md: the software keeps ${a.entities} (title, notes, tags); features, testable acceptance rules, constraints and open questions.`,
      },
      ...builders,
      {
        key: "qa",
        title: "Acceptance tests",
        role: "qa",
        description: `Check the work against docs/requirements.md: write acceptance tests (store invariants${a.flags.api ? ", the HTTP contract with its error paths" : ""}${a.flags.web ? ", page ↔ script ↔ API wiring" : ""}${a.flags.cli ? ", the CLI and its data file" : ""}), run the whole suite, and hand failures back to the owning role with the failing test and message.`,
        criteria: ["Acceptance tests cover the requirements", "The full node --test suite passes", "Failures go back to their owner with the exact test and message"],
        dependsOn: leaves,
        ops: write(files, ...qaFiles.map(([, to]) => to)),
        checks: [NODE_TEST],
        ownTests: qaFiles.map(([, to]) => to),
        done: `Checked the project against docs/requirements.md with ${qaFiles.map(([, to]) => to).join(", ")}.`,
      },
      {
        key: "ship",
        title: a.flags.api ? "README, Dockerfile and smoke check" : "README and usage",
        role: "devops",
        description: a.flags.api
          ? "Document how to run, use and test the project in README.md, add scripts/smoke.js (npm run smoke: starts the server on a private socket and exercises the API) and a Dockerfile on node:20-alpine with a health check. Run the smoke check and the tests."
          : "Document how to install, use and test the project in README.md, and check the documented commands work.",
        criteria: a.flags.api
          ? ["README.md covers run, API, tests and Docker", "npm run smoke exits 0 against a fresh server", "The Dockerfile needs no npm install"]
          : ["README.md covers usage and tests", "The documented commands work"],
        dependsOn: ["qa"],
        ops: shipOps,
        checks: a.flags.api
          ? [
              fileCheck("README.md", ["npm start", `/api/${a.route}`, "npm test", "docker"], [0]),
              { command: "node scripts/smoke.js", expect: { pattern: /smoke ok/, meaning: "the smoke check printed “smoke ok”" }, proves: [1] },
              fileCheck("Dockerfile", ["user node", "!npm install"], [2]),
              NODE_TEST,
            ]
          : [fileCheck("README.md", ["generic template", "npm test"], [0]), NODE_TEST],
        ownTests: [],
        done: a.flags.api ? "Added README.md (run, API with curl examples, tests, Docker), the npm smoke script and a Dockerfile with a health check." : "Wrote README.md with usage and test instructions.",
      },
    ],
  };
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
