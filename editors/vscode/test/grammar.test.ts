// Checks around the TextMate grammar that `vscode-tmgrammar-test` can't make:
// the committed JSON is what the generator writes, the grammar tests assert
// every keyword, literal and comment form, and the project's examples
// highlight without a single `invalid` token.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { test } from "node:test";

const root = path.resolve(__dirname, "..", "..");
const grammarPath = path.join(root, "syntaxes", "journey.tmLanguage.json");
const testsDir = path.join(root, "tests", "grammar");

/** The compiler's language table (`journey language`; a Rust test keeps it current). */
interface Language {
  blocks: { name: string; statements: { keyword: string }[] }[];
  words: { name: string; words: { word: string }[] }[];
  emotions: { name: string; score: number }[];
}
const language: Language = JSON.parse(readFileSync(path.join(root, "language.json"), "utf8"));
const keywords = [...new Set(language.blocks.flatMap((block) => block.statements.map((s) => s.keyword)))];
const words = language.words.flatMap((list) => list.words.map((w) => w.word));
const emotions = language.emotions.map((emotion) => emotion.name);

test("the committed grammar is what scripts/generate-grammar.mjs writes", () => {
  execFileSync(process.execPath, [path.join(root, "scripts", "generate-grammar.mjs"), "--check"], { cwd: root, stdio: "pipe" });
});

/** The texts that the grammar test files assert scopes on (under `^` or `<-`). */
function assertedTexts(): Set<string> {
  const texts = new Set<string>();
  for (const name of readdirSync(testsDir).filter((file) => file.endsWith(".journey"))) {
    const lines = readFileSync(path.join(testsDir, name), "utf8").split(/\r?\n/);
    assert.match(lines[0] ?? "", /^\/\/ SYNTAX TEST "source\.journey"/, `${name} needs the SYNTAX TEST header`);
    let source = "";
    for (const line of lines.slice(1)) {
      const arrow = /^\/\/\s*(\^+|<(~*)(-+))/.exec(line);
      if (!arrow) {
        source = line;
        continue;
      }
      if (arrow[3] !== undefined) {
        const from = (arrow[2] ?? "").length;
        texts.add(source.slice(from, from + arrow[3].length));
      } else {
        for (const run of line.matchAll(/\^+/g)) texts.add(source.slice(run.index, (run.index ?? 0) + run[0].length));
      }
    }
  }
  return texts;
}

test("the grammar tests assert every keyword, literal and comment form", () => {
  const asserted = assertedTexts();
  const required = [
    // every keyword, enumerated word and built-in emotion of the language table
    ...keywords,
    ...words,
    ...emotions,
    // literals
    "42", "-3.5", "+2", "-3", "34%", "2.5%", "30s", "45min", "2h", "3d", "2w", "1.5h",
    "$12.50", "€9", "£5", "¥1200", "12.50 USD", "-100..100", "30%..40%", "..",
    ">=", "<=", ">", "<", "=",
    '\\"', "\\\\", "\\n", "\\t", "\\r", "\\u{1F600}", "\\q",
    // comments and punctuation
    "//", "///", "{", "}", ",", ";",
  ];
  const missing = required.filter((text) => !asserted.has(text));
  assert.deepEqual(missing, [], `not asserted by any file in tests/grammar: ${missing.join(" ")}`);
});

test("the snippets offer exactly the table's emotions and states", () => {
  const snippets = JSON.parse(readFileSync(path.join(root, "snippets", "journey.json"), "utf8"));
  let checked = 0;
  for (const [name, snippet] of Object.entries(snippets) as [string, { body: string[] }][]) {
    for (const line of snippet.body) {
      for (const [, keyword, choices] of line.matchAll(/(feels|state) \$\{\d+\|([^|]*)\|\}/g)) {
        const expected = keyword === "feels" ? emotions : words.filter((w) => language.words.find((l) => l.name === "state")?.words.some((x) => x.word === w));
        assert.deepEqual([...choices.split(",")].sort(), [...expected].sort(), `${name}: \`${keyword}\` choices`);
        checked += 1;
      }
    }
  }
  assert.ok(checked >= 3, `only ${checked} choice lists found`);
});

interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}

async function loadGrammar() {
  // vscode-textmate and vscode-oniguruma come with vscode-tmgrammar-test.
  const requireFromTester = createRequire(require.resolve("vscode-tmgrammar-test/package.json"));
  const textmate = requireFromTester("vscode-textmate");
  const oniguruma = requireFromTester("vscode-oniguruma");
  const wasm = readFileSync(path.join(path.dirname(requireFromTester.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath),
  });
  const grammar = await registry.loadGrammar("source.journey");
  return (text: string): Token[][] => {
    let stack = textmate.INITIAL;
    return text.split(/\r?\n/).map((line) => {
      const result = grammar.tokenizeLine(line, stack);
      stack = result.ruleStack;
      return result.tokens as Token[];
    });
  };
}

function journeyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "invalid" ? [] : journeyFiles(full);
    return entry.name.endsWith(".journey") ? [full] : [];
  });
}

test("the project's valid examples highlight with no invalid token and every statement keyword known", async (t) => {
  const examples = journeyFiles(path.join(root, "..", "..", "examples"));
  if (examples.length === 0) {
    t.skip("no examples/ folder next to editors/ (the extension was copied on its own)");
    return;
  }
  const tokenize = await loadGrammar();
  for (const file of examples) {
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    tokenize(lines.join("\n")).forEach((tokens, index) => {
      for (const token of tokens) {
        const text = (lines[index] ?? "").slice(token.startIndex, token.endIndex);
        const where = `${path.relative(root, file)}:${index + 1}: ${JSON.stringify(text)} ${token.scopes.join(" ")}`;
        assert.ok(!token.scopes.some((scope) => scope.startsWith("invalid.")), where);
        assert.ok(!token.scopes.includes("meta.statement.unknown.journey") || /^\s*$/.test(text), where);
      }
    });
  }
});
