// RFC 4180 CSV parsing (rules in docs/csv-format.md): quoted fields may hold delimiters, line breaks and
// doubled quotes; a header row turns records into objects.

export class CsvError extends Error {
  constructor(message, line) {
    super(`${message} (line ${line})`);
    this.name = "CsvError";
    this.line = line;
  }
}

/** Parses CSV text into records (arrays of strings). */
export function parseCsv(text, options = {}) {
  return readRecords(text, options).map((r) => r.fields);
}

// Records with the line each one starts on, so errors can point at the right line.
function readRecords(text, { delimiter = "," } = {}) {
  if (typeof delimiter !== "string" || delimiter.length !== 1 || '"\r\n'.includes(delimiter)) {
    throw new TypeError("The delimiter must be one character other than a quote or a line break");
  }
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  let atFieldStart = true;
  let line = 1;
  let recordLine = 1;

  const endField = () => {
    record.push(field);
    field = "";
    quoted = false;
    atFieldStart = true;
  };
  const endRecord = () => {
    const blank = record.length === 0 && field === "" && !quoted;
    endField();
    if (!blank) records.push({ fields: record, line: recordLine });
    record = [];
  };

  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (atFieldStart && c === '"') {
      const startLine = line;
      quoted = true;
      atFieldStart = false;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvError("Unterminated quoted field", startLine);
        if (input[i] === '"') {
          if (input[i + 1] !== '"') break;
          field += '"';
          i += 2;
          continue;
        }
        if (input[i] === "\n" || (input[i] === "\r" && input[i + 1] !== "\n")) line += 1;
        field += input[i];
        i += 1;
      }
      i += 1; // the closing quote
      if (i < input.length && input[i] !== delimiter && input[i] !== "\n" && input[i] !== "\r") {
        throw new CsvError("Unexpected text after a closing quote", line);
      }
      continue;
    }
    if (c === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (c === "\n" || c === "\r") {
      endRecord();
      i += c === "\r" && input[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += c;
    atFieldStart = false;
    i += 1;
  }
  if (!atFieldStart || quoted || record.length > 0) endRecord();
  return records;
}

/** Unique, non-empty keys from a header record. */
export function headerKeys(header) {
  const seen = new Map();
  return header.map((raw, index) => {
    const name = raw.trim() || `column_${index + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

/** Parses CSV with a header row into an array of objects (values stay strings). */
export function csvToObjects(text, options = {}) {
  const [header, ...rows] = readRecords(text, options);
  if (!header) return [];
  const keys = headerKeys(header.fields);
  return rows.map(({ fields, line }) => {
    if (fields.length > keys.length) {
      throw new CsvError(`${fields.length} fields but the header has ${keys.length}`, line);
    }
    return Object.fromEntries(keys.map((key, k) => [key, fields[k] ?? ""]));
  });
}
