import "server-only";

// Structured answers that survive imperfect models: fences, prose, broken JSON, near-miss values.
export { generateStructured, MAX_STRUCTURED_ATTEMPTS, UnusableAnswerError, type StructuredOptions, type StructuredResult } from "./generate-structured";
export { interpret, type Interpretation, type InterpretOptions } from "./interpret";
export { extractJson } from "./extract-json";
export { parseJson } from "./parse-json";
export { describeIssues, words, type Labeller, type Path, type Problem } from "./problems";
