import { test } from "node:test";
import assert from "node:assert/strict";
import { csvToObjects, CsvError, headerKeys, parseCsv } from "../lib/parse-csv.js";

test("simple records", () => {
  assert.deepEqual(parseCsv("a,b,c\n1,2,3\n"), [
    ["a", "b", "c"],
    ["1", "2", "3"],
  ]);
});

test("quoted fields keep commas, line breaks and doubled quotes", () => {
  assert.deepEqual(parseCsv('name,quote\n"Doe, Jane","She said ""hi""\nand left"\n'), [
    ["name", "quote"],
    ["Doe, Jane", 'She said "hi"\nand left'],
  ]);
});

test("CRLF, CR and a missing final line break", () => {
  assert.deepEqual(parseCsv("a,b\r\n1,2\r3,4"), [
    ["a", "b"],
    ["1", "2"],
    ["3", "4"],
  ]);
});

test("empty fields, empty quoted fields and blank lines", () => {
  assert.deepEqual(parseCsv('a,b,c\n,,\n\n"",x,\n'), [
    ["a", "b", "c"],
    ["", "", ""],
    ["", "x", ""],
  ]);
});

test("a byte order mark is ignored and a quote inside an unquoted field is data", () => {
  assert.deepEqual(parseCsv('\uFEFFsize\n5" screen\n'), [["size"], ['5" screen']]);
});

test("another delimiter", () => {
  assert.deepEqual(parseCsv("a;b\n1;2,5\n", { delimiter: ";" }), [
    ["a", "b"],
    ["1", "2,5"],
  ]);
  assert.throws(() => parseCsv("a", { delimiter: '"' }), TypeError);
});

test("malformed quoting is an error with the line number", () => {
  assert.throws(() => parseCsv('a\n"never closed\n'), (err) => err instanceof CsvError && err.line === 2);
  assert.throws(() => parseCsv('a,b\n"x"y,1\n'), /after a closing quote \(line 2\)/);
});

test("header names are made unique and never empty", () => {
  assert.deepEqual(headerKeys(["id", "", "id", " name "]), ["id", "column_2", "id_2", "name"]);
});

test("csvToObjects maps each record onto the header", () => {
  assert.deepEqual(csvToObjects("id,name\n1,Ada\n2\n"), [
    { id: "1", name: "Ada" },
    { id: "2", name: "" },
  ]);
  assert.deepEqual(csvToObjects(""), []);
  assert.deepEqual(csvToObjects("id,name\n"), []);
});

test("a record with more fields than the header is an error naming its line", () => {
  assert.throws(() => csvToObjects('id\n"multi\nline"\n1,2\n'), /2 fields but the header has 1 \(line 4\)/);
});
