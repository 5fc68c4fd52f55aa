import "server-only";
import { fileCheck, NODE_TEST, write, type Template } from "../types";
import { FILES } from "./files.generated";

export const CSV_MATCH = /\bcsv\b/;

export function csvToJson(goal: string): Template {
  return {
    id: "csv-to-json",
    name: "CSV to JSON CLI",
    goal,
    summary:
      "A zero-dependency Node.js command-line tool, csv2json: reads a file or standard input, parses CSV by RFC 4180 (quoted fields with commas, line breaks and escaped quotes, CRLF, BOM), maps the header row to object keys and prints JSON (--pretty, --delimiter). A reusable parser module, node:test suites with a realistic fixture, and a README with usage.",
    files: FILES,
    defects: [],
    owners: {},
    tasks: [
      {
        key: "csv-rules",
        title: "Pin down the CSV rules",
        role: "researcher",
        description:
          "CSV has many dialects. Decide what the converter accepts, based on RFC 4180 plus the leniencies real files need (CRLF or LF, a BOM, quotes inside unquoted fields), how errors are reported, and how the header row maps to keys (empty and duplicate names, short and long records). Write docs/csv-format.md.",
        criteria: [
          "docs/csv-format.md covers quoting, escaped quotes, line breaks in fields, delimiters and line endings",
          "Header rules cover empty and duplicate names, short and long records",
          "Values stay strings, and the reason is stated",
        ],
        dependsOn: [],
        ops: write(FILES, "docs/csv-format.md"),
        checks: [fileCheck("docs/csv-format.md", ["double quotes", "doubled quote", "line breaks are data", "delimiter", "byte order mark", "empty names", "repeated names", "fewer fields", "more fields", "values stay strings", "guessing"])],
        ownTests: [],
        done: "Wrote docs/csv-format.md: RFC 4180 quoting with practical leniencies (CRLF/LF/CR, BOM, stray quotes kept as data), errors with line numbers, header → key rules, values kept as strings.",
      },
      {
        key: "csv-parser",
        title: "CSV parser module",
        role: "backend",
        description:
          "Implement lib/parse-csv.js: parseCsv(text, { delimiter }) → records, as a single-pass state machine handling quoted fields with delimiters, line breaks and doubled quotes, CRLF/LF/CR and a BOM; csvToObjects(text) mapping records onto unique header keys; CsvError with the line number for unterminated quotes, text after a closing quote and over-long records. Add package.json and unit tests.",
        criteria: [
          'Quoted fields keep commas, line breaks and "" escapes',
          "CRLF, CR and a missing final line break parse the same as LF",
          "Malformed input throws CsvError naming the line",
          "node --test passes",
        ],
        dependsOn: ["csv-rules"],
        ops: write(FILES, "package.json", "lib/parse-csv.js", "test/parse-csv.test.js"),
        checks: [NODE_TEST],
        ownTests: ["test/parse-csv.test.js"],
        done: "Built lib/parse-csv.js (single-pass RFC 4180 parser: quoted delimiters, line breaks and \"\" escapes, CRLF/CR, BOM; unique header keys; CsvError with line numbers), package.json with the csv2json bin, and test/parse-csv.test.js.",
      },
      {
        key: "csv-cli",
        title: "The csv2json command",
        role: "backend",
        description:
          "Write bin/csv2json.js: reads the file given as argument, or standard input when there is none or it is \"-\"; --pretty indents the JSON, --delimiter takes one character or \"tab\", --help prints usage. Exit codes: 0 ok, 1 unreadable or malformed input (message on stderr), 2 bad options. Make it executable and test it by spawning the real binary.",
        criteria: [
          "node bin/csv2json.js file.csv prints a JSON array; --pretty indents it",
          "Reading from standard input gives the same output as reading the file",
          "Bad options exit 2 and bad input exits 1, each with a message on stderr",
          "test/cli.test.js passes",
        ],
        dependsOn: ["csv-parser"],
        ops: write(FILES, "bin/csv2json.js", "test/cli.test.js"),
        checks: [{ command: "chmod +x bin/csv2json.js" }, { command: "node bin/csv2json.js --help", expect: { pattern: /Usage: csv2json/, meaning: "--help printed the usage" } }, NODE_TEST],
        ownTests: ["test/cli.test.js"],
        done: "Wrote bin/csv2json.js (file or stdin, --pretty, --delimiter, --help; exit codes 0/1/2 with messages on stderr), made it executable, and test/cli.test.js spawning the real binary.",
      },
      {
        key: "qa-csv",
        title: "Edge cases with a realistic file",
        role: "qa",
        description:
          "Verify the tool on a realistic file with every quoting rule at once (fixtures/people.csv: quoted commas, a line break inside a field, escaped quotes, CRLF, empty fields), through the module and the real binary, from a file and from stdin, plus unicode and a large input. Run the full suite and the binary on the fixture.",
        criteria: [
          "fixtures/people.csv converts to exactly the expected objects",
          "File and stdin input give identical output",
          "20,000 records convert in well under two seconds",
          "The full node --test suite passes",
        ],
        dependsOn: ["csv-cli"],
        ops: write(FILES, "fixtures/people.csv", "test/edge-cases.test.js"),
        checks: [NODE_TEST, { command: "node bin/csv2json.js fixtures/people.csv --pretty", expect: { pattern: /"name": "Lovelace, Ada"/, meaning: "the quoted name kept its comma" } }],
        ownTests: ["test/edge-cases.test.js"],
        done: "Verified the converter with fixtures/people.csv and test/edge-cases.test.js (quoting rules, file vs stdin, unicode, 20,000 records), and ran the binary on the fixture.",
      },
      {
        key: "docs",
        title: "README with usage and examples",
        role: "devops",
        description:
          "Write README.md: what the tool does, usage for a file, stdin, --pretty and --delimiter, installing the command with npm link, an input/output example from the fixture, exit codes, using the parser as a library, and how to run the tests. Check the documented commands work.",
        criteria: [
          "README.md shows file, stdin, --pretty and --delimiter usage",
          "The example in the README matches what the tool prints for fixtures/people.csv",
          "Exit codes and the library API are documented",
        ],
        dependsOn: ["qa-csv"],
        ops: write(FILES, "README.md"),
        checks: [
          fileCheck("README.md", ["--pretty", "standard input", "delimiter", "exit codes", "parsecsv"], [0, 2]),
          { command: "node bin/csv2json.js fixtures/people.csv --pretty", expect: { pattern: /"quote": "She said \\"the engine might compose music\\""/, meaning: "the README example matches the real output" }, proves: [1] },
          { command: "cat fixtures/people.csv | node bin/csv2json.js", expect: { pattern: /^\[\{"id":"1"/m, meaning: "standard input works as documented" } },
        ],
        ownTests: [],
        done: "Wrote README.md (usage for file, stdin, --pretty, --delimiter, npm link; an example from fixtures/people.csv; exit codes; library use; tests).",
      },
    ],
  };
}
