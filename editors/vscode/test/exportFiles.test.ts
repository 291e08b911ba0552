import assert from "node:assert/strict";
import { test } from "node:test";
import { describeExit, exportArgs, journeyIds, writtenFiles } from "../src/exportFiles";

test("exports run `journey build <file> --format <fmt> -o <the file's folder>`", () => {
  const args = exportArgs("/work/maps/grocery.journey", "svg");
  assert.deepEqual(args.slice(0, 6), ["build", "/work/maps/grocery.journey", "--format", "svg", "-o", "/work/maps"]);
  assert.deepEqual(exportArgs("/work/maps/grocery.journey", "png").slice(0, 4), ["build", "/work/maps/grocery.journey", "--format", "png"]);
});

test("the journeys of a file give the names of the exported files", () => {
  const text = [
    "// journey commented_out \"No\"",
    "journey first_order \"First order\" {",
    "  stage s \"S\" { }",
    "}",
    "\tjourney second-order \"Second\"",
    'persona p "journey not_this"',
  ].join("\n");
  assert.deepEqual(journeyIds(text), ["first_order", "second-order"]);
});

test("written files are the outputs of that format modified since the build started", () => {
  const started = 1_000_000;
  const entries = [
    { name: "b.svg", mtimeMs: started + 10 },
    { name: "a.svg", mtimeMs: started + 5 },
    { name: "old.svg", mtimeMs: started - 60_000 },
    { name: "a.png", mtimeMs: started + 5 },
    { name: "grocery.journey", mtimeMs: started + 5 },
  ];
  assert.deepEqual(writtenFiles(entries, "svg", started), ["a.svg", "b.svg"]);
  assert.deepEqual(writtenFiles(entries, "png", started), ["a.png"]);
});

test("exit statuses are explained in words", () => {
  assert.match(describeExit(0, "svg", "/x/grocery.journey"), /Exported SVG of grocery\.journey/);
  assert.match(describeExit(1, "png", "/x/grocery.journey"), /has errors/);
  assert.match(describeExit(2, "png", "/x/grocery.journey"), /could not run/);
  assert.match(describeExit(null, "png", "/x/grocery.journey"), /stopped unexpectedly/);
});
