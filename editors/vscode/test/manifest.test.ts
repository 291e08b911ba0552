// The manifest, language configuration and snippets agree with each other and with the code.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

const root = path.resolve(__dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const manifest = JSON.parse(read("package.json"));
const sources = readdirSync(path.join(root, "src"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => read(path.join("src", file)))
  .join("\n");

test("every contributed command is registered by the code and can activate the extension", () => {
  const commands: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command);
  assert.ok(commands.includes("journey.preview.openToSide"));
  assert.ok(commands.includes("journey.export.svg"));
  assert.ok(commands.includes("journey.export.png"));
  for (const command of commands) {
    assert.ok(sources.includes(`registerCommand("${command}"`), `${command} is not registered in src/`);
    assert.ok(manifest.activationEvents.includes(`onCommand:${command}`), `${command} has no activation event`);
  }
  assert.ok(manifest.activationEvents.includes("onLanguage:journey"));
  for (const menu of Object.values(manifest.contributes.menus) as { command: string }[][]) {
    for (const item of menu) assert.ok(commands.includes(item.command), `menu item for unknown command ${item.command}`);
  }
});

test("the settings of the brief exist with their defaults", () => {
  const properties = manifest.contributes.configuration.properties;
  assert.equal(properties["journey.server.path"].default, "journey");
  assert.equal(properties["journey.preview.debounceMs"].default, 300);
  assert.deepEqual(properties["journey.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.ok(sources.includes('CLIENT_ID = "journey"'), "the client ID must be `journey` for journey.trace.server");
});

test("packaging metadata needs no git remote", () => {
  assert.equal(manifest.publisher, "journey");
  assert.equal(manifest.license, "MIT");
  assert.ok(manifest.repository?.url);
  assert.match(manifest.engines.vscode, /^\^1\.85\./);
  assert.equal(manifest.main, "./dist/extension.js");
  assert.match(read("LICENSE"), /MIT License/);
});

test("the language configuration's patterns compile and indent as expected", () => {
  const configuration = JSON.parse(read("language-configuration.json"));
  assert.equal(configuration.comments.lineComment, "//");
  const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('journey first_order "First order" {'));
  assert.ok(increase.test('  step a "A {" {  // a comment'));
  assert.ok(!increase.test('  step a "A" { channel web; feels happy }'));
  assert.ok(!increase.test('  goal "a { in a string"'));
  assert.ok(!increase.test("  // {"));
  assert.ok(decrease.test("  }"));
  const start = new RegExp(configuration.folding.markers.start);
  const end = new RegExp(configuration.folding.markers.end);
  assert.ok(start.test("  // region Personas") && !start.test("  // endregion"));
  assert.ok(end.test("// endregion"));
  const word = new RegExp(`^(?:${configuration.wordPattern})$`);
  for (const text of ["first_order", "as-is", "sign-up_2", "-3.5", "34%", "45min", "$12.50"]) assert.ok(word.test(text), text);
});

test("the snippets cover journey, stage, step, kpi, persona, channel, team and opportunity", () => {
  const snippets = JSON.parse(read("snippets/journey.json")) as Record<string, { prefix: string; body: string[] }>;
  const prefixes = Object.values(snippets).map((snippet) => snippet.prefix);
  for (const prefix of ["journey", "stage", "step", "kpi", "persona", "channel", "team", "opportunity"]) {
    assert.ok(prefixes.includes(prefix), `no snippet for ${prefix}`);
  }
  for (const [name, snippet] of Object.entries(snippets)) {
    const body = snippet.body.join("\n");
    assert.ok(/\$\{1[:|]/.test(body), `${name} has no first tab stop`);
    const opens = (body.match(/\{/g) ?? []).length - (body.match(/\$\{/g) ?? []).length;
    const closes = (body.match(/\}/g) ?? []).length - (body.match(/\$\{[^}]*\}/g) ?? []).length;
    assert.equal(opens, closes, `${name} has unbalanced braces`);
  }
});
