import "server-only";
import { fileCheck, NODE_TEST, write, type Defect, type Template } from "../types";
import { FILES } from "./files.generated";

export const STOCK_MATCH = /\b(stocks?|tickers?|share prices?|stock market|equit(y|ies)|nasdaq|nyse)\b/;

const SMOKE_SCRIPT = '"test": "node --test"';

/**
 * The first draft of server.js maps .css to text/plain. The backend's own tests check the page and the
 * script but not the stylesheet, and the page still renders in a lenient test; QA's header suite
 * catches it and returns the task to the backend agent, who fixes the type map.
 */
export const STOCK_DEFECT: Defect = {
  path: "server.js",
  fixed: '".css": "text/css; charset=utf-8",',
  buggy: '".css": "text/plain; charset=utf-8",',
  symptom: /content.type|text\/css|styles\.css/i,
  explanation: "server.js served .css as text/plain, which browsers refuse to apply as a stylesheet; it now sends text/css",
};

export function stockDashboard(goal: string): Template {
  return {
    id: "stock-dashboard",
    name: "Stock Price Dashboard",
    goal,
    summary:
      "A zero-dependency Node.js web app: a simulated market (seeded random walk per symbol, no network needed) behind GET /api/prices, and a page that renders the quotes in a table refreshing every three seconds. Tested with node:test, documented, with a Dockerfile and a smoke check.",
    files: FILES,
    defects: [STOCK_DEFECT],
    owners: { "test/ui.test.js": "frontend", "test/app.test.js": "frontend", "test/headers.test.js": "backend" },
    tasks: [
      {
        key: "quote-source",
        title: "Choose the price source and API shape",
        role: "researcher",
        description:
          "Decide where prices come from given that the workspace has no network access and no API keys, and fix the JSON shape the frontend will read. Write the decision, the options considered and the API contract to docs/quote-source.md.",
        criteria: [
          "docs/quote-source.md compares a real quote API, a static snapshot and simulated prices",
          "The recommendation works offline and gives deterministic prices for tests",
          "The response shape of GET /api/prices and GET /api/prices/:symbol is specified",
        ],
        dependsOn: [],
        ops: write(FILES, "docs/quote-source.md"),
        checks: [fileCheck("docs/quote-source.md", ["real quote api", "static json snapshot", "simulated prices", "works offline", "deterministic", "get /api/prices", "/api/prices/:symbol"])],
        ownTests: [],
        done: "Wrote docs/quote-source.md: simulated prices (a seeded random walk, ±2 % per tick) behind a small market interface, so the app runs offline with deterministic tests and a real provider can replace it later; it also fixes the API shape.",
      },
      {
        key: "price-engine",
        title: "Simulated market with deterministic prices",
        role: "backend",
        description:
          "Implement src/prices.js: six symbols with base prices, a seeded generator per symbol, advanceTo(tick) moving each price by at most ±2 % per tick, and quotes() with price, change, change percent and a capped history. Add package.json (ES modules, npm test → node --test) and unit tests.",
        criteria: [
          "The same seed and tick always give the same quotes; a different seed gives different prices",
          "No tick moves a price by more than 2 % and prices stay positive",
          "change and changePercent are measured from the opening price",
          "node --test passes",
        ],
        dependsOn: ["quote-source"],
        ops: write(FILES, "package.json", "src/prices.js", "test/prices.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/prices.test.js"],
        done: "Built the simulated market in src/prices.js (mulberry32 seeded per symbol, ±2 % per tick, capped history) with package.json and 6 unit tests in test/prices.test.js.",
      },
      {
        key: "prices-api",
        title: "HTTP server with GET /api/prices",
        role: "backend",
        description:
          "Write server.js with node:http: GET /api/prices returns every quote, GET /api/prices/:symbol one quote (404 for unknown symbols), prices advance one tick every two seconds since start, static files are served from public/ without path traversal, other methods get 405. Test it over HTTP on a Unix socket with an injected clock.",
        criteria: [
          "GET /api/prices returns JSON with asOf, tick and a quote per symbol",
          "GET /api/prices/AAPL works case-insensitively; an unknown symbol is a 404",
          "Files outside public/ are never served; POST is a 405 with an Allow header",
          "test/server.test.js starts the server on a Unix socket and passes",
        ],
        dependsOn: ["price-engine"],
        ops: write(FILES, "server.js", "test-support/http.js", "test/server.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/server.test.js"],
        done: "Wrote server.js (node:http): GET /api/prices and /api/prices/:symbol with 404s for unknown symbols, static files from public/ with a traversal guard, 405 for other methods; test/server.test.js drives it over HTTP on a Unix socket with an injected clock.",
      },
      {
        key: "dashboard-ui",
        title: "Price table that refreshes every few seconds",
        role: "frontend",
        description:
          "Build public/index.html, public/app.js and public/styles.css: app.js fetches /api/prices and renders a table (symbol, company, price, change, percent, a sparkline of recent prices), refreshes every 3 seconds, shows when it last updated and an error banner when the API fails. Keep rendering pure and exported so it is tested in Node.",
        criteria: [
          "The table shows every symbol with price, signed change and percent, coloured up or down",
          "The table refreshes every 3 seconds and shows the time of the last update",
          "An API failure shows an error message instead of a blank page",
          "User-visible text is HTML-escaped; test/app.test.js passes",
        ],
        dependsOn: ["prices-api"],
        ops: write(FILES, "public/index.html", "public/styles.css", "public/app.js", "test/app.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/app.test.js"],
        done: "Built the page: public/index.html (accessible table, live status, error banner), public/app.js (fetches /api/prices every 3 s, renders rows with signed, coloured changes and an SVG sparkline, escapes text) and public/styles.css (light and dark); test/app.test.js covers rendering and errors.",
      },
      {
        key: "qa-dashboard",
        title: "Verify the page and the API work together",
        role: "qa",
        description:
          "Check the whole app against the acceptance criteria: the page loads its script and stylesheet, every element the script looks up exists, the script reads the API the server provides, the table renders every quote the live API returns, and every file is served with the content type browsers require. Write test/ui.test.js and test/headers.test.js, run the full suite and hand failures back to their owner.",
        criteria: [
          "test/ui.test.js checks page ↔ script ↔ API wiring against a running server",
          "The full node --test suite passes",
          "Failures go back to the owning role with the failing test and message",
        ],
        dependsOn: ["dashboard-ui"],
        ops: write(FILES, "test/ui.test.js", "test/headers.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/ui.test.js", "test/headers.test.js"],
        done: "Verified the app end to end with test/ui.test.js (page ↔ script ↔ live API) and test/headers.test.js (content types of the page, script, stylesheet and API).",
      },
      {
        key: "ship",
        title: "README, npm scripts, Dockerfile and a smoke check",
        role: "devops",
        description:
          "Make the project easy to run: README.md with run, test, API and Docker instructions; an npm smoke script (scripts/smoke.js starts the server on a private socket and checks / and /api/prices); a Dockerfile on node:20-alpine with a health check. Run the smoke check and the tests.",
        criteria: [
          "README.md explains npm start, npm test, the API and Docker",
          "npm run smoke (node scripts/smoke.js) exits 0 against a fresh server",
          "The Dockerfile needs no npm install and runs as a non-root user",
        ],
        dependsOn: ["qa-dashboard"],
        ops: [
          {
            kind: "patch",
            path: "package.json",
            find: SMOKE_SCRIPT,
            replace: `${SMOKE_SCRIPT},\n    "smoke": "node scripts/smoke.js"`,
            full: FILES["package.json"]!.replace(SMOKE_SCRIPT, `${SMOKE_SCRIPT},\n    "smoke": "node scripts/smoke.js"`),
          },
          ...write(FILES, "scripts/smoke.js", "Dockerfile", ".dockerignore", "README.md"),
        ],
        checks: [
          fileCheck("README.md", ["npm start", "npm test", "/api/prices", "docker"], [0]),
          { ...{ command: "node scripts/smoke.js", expect: { pattern: /smoke ok/, meaning: "the smoke check printed “smoke ok”" } }, proves: [1] },
          fileCheck("Dockerfile", ["user node", "!npm install"], [2]),
          NODE_TEST,
        ],
        ownTests: [],
        done: "Added README.md (run, test, API, Docker), the npm smoke script (scripts/smoke.js), a Dockerfile (node:20-alpine, non-root, health check) and .dockerignore.",
      },
    ],
  };
}
