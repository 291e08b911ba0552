#!/usr/bin/env node
// Generates syntaxes/journey.tmLanguage.json, the TextMate grammar of the
// Journey language (scope `source.journey`).
//
// The grammar mirrors grammar/journey.pest and LANGUAGE.md: a file is a list
// of statements `keyword value, value … { … }`, one per line (or separated by
// `;`). Which keywords are valid, and what their IDs mean, depends on the
// block a statement is in: `persona maya "Maya"` at the top declares a
// persona, `persona maya` inside a journey or step refers to one. So every
// block is its own repository entry with the statements valid there; a
// keyword that does not belong where it is written is left unhighlighted,
// as the compiler reports it as an unknown attribute.
//
// The vocabulary — which statements each block holds, their value shapes,
// the enumerated words and the built-in emotions — is not written here: it
// is read from `language.json`, which `journey language` writes from the
// compiler's language table (`compiler/src/language.rs`; a Rust test fails
// when the file is stale). This script only decides how each shape of
// statement is highlighted.
//
// Run `npm run grammar` after editing this file or `language.json`; `npm
// test` fails when the committed grammar is out of date.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const ID = "[A-Za-z][A-Za-z0-9_-]*";
/** Keyword boundaries: IDs may hold `-` and `_`, so `\b` is not enough. */
const before = "(?<![A-Za-z0-9_-])";
const after = "(?![A-Za-z0-9_-])";
const word = (words) => `${before}(?:${words.join("|")})${after}`;

/** Where a statement's values stop: `;`, a comment, a closing brace, the end
 * of the line, or the end of its own block. */
const STATEMENT_END = "(?<=\\})|(?=[;}]|//)|$";

const here = dirname(fileURLToPath(import.meta.url));

/** The compiler's language table (`journey language`). */
export const LANGUAGE = JSON.parse(readFileSync(join(here, "..", "language.json"), "utf8"));
export const BUILTIN_EMOTIONS = LANGUAGE.emotions.map((emotion) => emotion.name);
export const ENUMS = Object.fromEntries(LANGUAGE.words.map((list) => [list.name, list.words.map((w) => w.word)]));
export const DURATION_UNITS = ["s", "min", "h", "d", "w"];

const NUMBER = "\\d+(?:\\.\\d+)?";
/** One quantity as the lexer reads it (used to find the two ends of a range). */
const QUANTITY = `[+-]?[$€£¥]?${NUMBER}(?:%|[ ]+[A-Z]{3}${after}|[A-Za-z]+${after})?`;

const repository = {};

// ───────────────────────────── comments and punctuation ─────────────────────────────

repository.comments = {
  patterns: [
    {
      comment: "`/// text`: a doc comment, attached to the next declaration (exactly three slashes).",
      match: "(///)(?!/).*",
      name: "comment.line.documentation.journey",
      captures: { 1: { name: "punctuation.definition.comment.journey" } },
    },
    {
      comment: "`// text`, also `////…`; `// region` and `// endregion` mark folding regions.",
      match: "(//).*",
      name: "comment.line.double-slash.journey",
      captures: { 1: { name: "punctuation.definition.comment.journey" } },
    },
  ],
};

repository.separator = { match: ";", name: "punctuation.terminator.statement.journey" };
repository.comma = { match: ",", name: "punctuation.separator.comma.journey" };
repository["stray-close"] = { match: "\\}", name: "invalid.illegal.stray-brace.journey" };

// ───────────────────────────────────── values ─────────────────────────────────────

repository.string = {
  name: "string.quoted.double.journey",
  begin: '"',
  beginCaptures: { 0: { name: "punctuation.definition.string.begin.journey" } },
  comment: "Strings stay on one line: an unclosed one is marked at its last character.",
  end: '(")|((?:[^\\\\\\n])$)|$',
  endCaptures: {
    1: { name: "punctuation.definition.string.end.journey" },
    2: { name: "invalid.illegal.unclosed-string.journey" },
  },
  patterns: [
    { match: '\\\\(?:["\\\\ntr]|u\\{[0-9A-Fa-f]{1,6}\\})', name: "constant.character.escape.journey" },
    { match: "\\\\(?:u\\{[^}\"]*\\}?|.|$)", name: "invalid.illegal.unrecognized-string-escape.journey" },
  ],
};

repository.quantity = {
  comment: "Numbers with an optional sign, currency and unit: 42, -3.5, 34%, 1.5h, $12.50, 12.50 USD.",
  patterns: [
    {
      match: `[+-]?([$€£¥])${NUMBER}`,
      name: "constant.numeric.money.journey",
      captures: { 1: { name: "keyword.other.unit.currency.journey" } },
    },
    {
      match: `[+-]?${NUMBER}[ ]+([A-Z]{3})${after}`,
      name: "constant.numeric.money.journey",
      captures: { 1: { name: "keyword.other.unit.currency.journey" } },
    },
    {
      match: `[+-]?${NUMBER}(%)`,
      name: "constant.numeric.percentage.journey",
      captures: { 1: { name: "keyword.other.unit.percent.journey" } },
    },
    {
      match: `[+-]?${NUMBER}(${DURATION_UNITS.join("|")})${after}`,
      name: "constant.numeric.duration.journey",
      captures: { 1: { name: "keyword.other.unit.duration.journey" } },
    },
    {
      comment: "A unit the language does not know, such as `5km`.",
      match: `[+-]?${NUMBER}([A-Za-z]+)${after}`,
      name: "constant.numeric.journey",
      captures: { 1: { name: "invalid.illegal.unit.journey" } },
    },
    { match: `[+-]?${NUMBER}`, name: "constant.numeric.decimal.journey" },
  ],
};

repository.range = {
  comment: "`-100..100`, `30%..40%`: two quantities joined by `..`.",
  match: `(${QUANTITY})(\\.\\.)(${QUANTITY})`,
  name: "meta.range.journey",
  captures: {
    1: { patterns: [{ include: "#quantity" }] },
    2: { name: "keyword.operator.range.journey" },
    3: { patterns: [{ include: "#quantity" }] },
  },
};

repository.score = {
  comment: "A point on the emotion scale, -3…+3.",
  match: `[+-]?${NUMBER}(?![\\d.%A-Za-z$€£¥])`,
  name: "constant.numeric.score.journey",
};

repository.operator = { match: ">=|<=|>|<|=", name: "keyword.operator.comparison.journey" };

repository.identifier = { match: ID, name: "variable.other.journey" };

repository.invalid = {
  comment: "Text that is no value (the lexer's recovery would report it).",
  match: "[^\\s,;{}\"/\\x{FEFF}]+|/(?!/)",
  name: "invalid.illegal.character.journey",
};

/** Any value, for statements whose values are not known in advance. */
repository.values = {
  patterns: [
    { include: "#string" },
    { include: "#range" },
    { include: "#quantity" },
    { include: "#operator" },
    { include: "#comma" },
    { include: "#identifier" },
    { include: "#invalid" },
  ],
};

// ───────────────────────────────────── blocks ─────────────────────────────────────

/**
 * A statement: `keyword …values { block }`. The keyword (and for a
 * declaration its ID) is in `begin`; the rule ends at the end of the line,
 * at `;`, at a comment, before the `}` of the enclosing block, or after the
 * `}` of its own block.
 */
function statement({ keywords, keywordScope, idScope, meta, values, block }) {
  const id = idScope ? `(?:[ \\t]+(${ID}))?` : "";
  const beginCaptures = { 1: { name: keywordScope } };
  if (idScope) beginCaptures[2] = { name: idScope };
  return {
    name: meta,
    begin: `${before}(${keywords.join("|")})${after}${id}`,
    beginCaptures,
    end: STATEMENT_END,
    patterns: [...values, { include: "#values" }, { include: block ? `#block-${block}` : "#block-unknown" }],
  };
}

/** `{ … }` holding the statements valid in one context. */
function block(context, statements) {
  repository[`block-${context}`] = {
    name: `meta.block.${context}.journey`,
    begin: "\\{",
    beginCaptures: { 0: { name: "punctuation.section.block.begin.journey" } },
    end: "\\}",
    endCaptures: { 0: { name: "punctuation.section.block.end.journey" } },
    patterns: [{ include: `#statements-${context}` }],
  };
  repository[`statements-${context}`] = {
    patterns: [
      { include: "#comments" },
      { include: "#separator" },
      ...statements.map((name) => ({ include: `#${name}` })),
      { include: "#statement-unknown" },
      { include: "#values" },
      { include: "#block-unknown" },
    ],
  };
}

const declaration = (keyword, entity, block, values = []) =>
  statement({
    keywords: [keyword],
    keywordScope: `storage.type.${keyword}.journey`,
    idScope: entity,
    meta: `meta.declaration.${keyword}.journey`,
    values,
    block,
  });

const attribute = (keywords, values = [], block, meta = keywords[0]) =>
  statement({
    keywords,
    keywordScope: "keyword.other.attribute.journey",
    meta: `meta.attribute.${meta}.journey`,
    values,
    block,
  });

const reference = (kind) => ({ match: ID, name: `variable.other.${kind}.journey` });
const enumeration = (name) => ({ match: word(ENUMS[name]), name: `constant.language.${name}.journey` });
const text = [{ include: "#string" }];

/** Declared kinds that are top-level things are types; the parts of a journey, functions. */
const ENTITY = {
  persona: "type", channel: "type", team: "type", emotion: "type", journey: "type",
  phase: "function", stage: "function", step: "function", kpi: "function",
};
const isValue = (shape) => ["target", "measure", "range", "duration"].includes(shape);

/** `for PERSONA` or `via CHANNEL` after a statement's text. */
const trailing = (word, kind) => ({
  match: `\\b(${word})[ \\t]+(${ID})`,
  captures: { 1: { name: `keyword.other.${word}.journey` }, 2: { name: `variable.other.${kind}.journey` } },
});

/**
 * The repository entry a statement is highlighted by, and the entry itself:
 * statements of one block with the same kind of value share an entry (all
 * the text attributes of a step, the KPI values, the words of one list).
 */
function entryFor(block, written, statements) {
  const { keyword, shape } = written;
  const alike = (test) => statements.filter(test).map((s) => s.keyword);
  switch (shape) {
    case "path":
      return ["use", () => statement({ keywords: [keyword], keywordScope: "keyword.control.import.journey", meta: "meta.import.journey", values: text })];
    case "declaration": {
      const opens = LANGUAGE.blocks.find((b) => b.name === written.block);
      const body = opens && opens.statements.length > 0 ? written.block : undefined;
      const entity = `entity.name.${ENTITY[written.kind]}.${keyword}.journey`;
      return [`${keyword}-declaration`, () => declaration(keyword, entity, body)];
    }
    case "emotion_declaration":
      return [`${keyword}-declaration`, () => declaration(keyword, `entity.name.type.${keyword}.journey`, undefined, [{ include: "#score" }])];
    case "opportunity":
      return [`${keyword}-declaration`, () => declaration(keyword, undefined, "opportunity", text)];
    case "text":
      return [`${block}-text-attributes`, () => attribute(alike((s) => s.shape === "text"), text, undefined, "text")];
    case "said":
      return [`${block}-said-attributes`, () => attribute(alike((s) => s.shape === "said"), [...text, trailing("for", "persona")], undefined, "said")];
    case "touchpoint":
      return [`${keyword}-attribute`, () => attribute([keyword], [...text, trailing("via", "channel")])];
    case "mark":
      return [`${block}-mark-attributes`, () => attribute(alike((s) => s.shape === "mark"), text, undefined, "mark")];
    case "next":
      return [`${keyword}-reference`, () => attribute([keyword], [...text, reference("step"), { include: "#comma" }])];
    case "names":
      return [`${keyword}-reference`, () => attribute([keyword], [reference(written.kind), { include: "#comma" }])];
    case "name":
      return [`${keyword}-reference`, () => attribute([keyword], [reference(written.kind)])];
    case "word": {
      const keywords = alike((s) => s.shape === "word" && s.words === written.words);
      return keywords.length === 1
        ? [`${keyword}-attribute`, () => attribute(keywords, [enumeration(written.words)])]
        : [`${written.words}-attributes`, () => attribute(keywords, [enumeration(written.words)], undefined, written.words)];
    }
    case "feels":
      return [`${keyword}-attribute`, () => attribute([keyword], [
        trailing("for", "persona"),
        { match: word(BUILTIN_EMOTIONS), name: "support.constant.emotion.journey" },
        { match: ID, name: "variable.other.emotion.journey" },
        { include: "#score" },
      ])];
    default:
      if (isValue(shape)) {
        const keywords = alike((s) => isValue(s.shape));
        return [`${block}-value-attributes`, () => attribute(keywords, [{ include: "#range" }, { include: "#quantity" }, { include: "#operator" }], undefined, `${block}-value`)];
      }
      throw new Error(`generate-grammar.mjs: no highlighting for statements of shape \`${shape}\` (\`${keyword}\`)`);
  }
}

/** Every block's entries, in the table's order; each entry made once. */
const blockEntries = {};
for (const block of LANGUAGE.blocks) {
  const names = [];
  for (const statement of block.statements) {
    const [name, make] = entryFor(block.name, statement, block.statements);
    if (!(name in repository)) repository[name] = make();
    if (!names.includes(name)) names.push(name);
  }
  blockEntries[block.name] = names;
}

repository["statement-unknown"] = {
  comment: "A keyword that does not belong here: the compiler reports it, with a did-you-mean.",
  name: "meta.statement.unknown.journey",
  begin: `${before}(${ID})`,
  end: STATEMENT_END,
  patterns: [{ include: "#values" }, { include: "#block-unknown" }],
};

block("unknown", []);
for (const { name, statements } of LANGUAGE.blocks) {
  if (name !== "top_level" && statements.length > 0) block(name, blockEntries[name]);
}

export const grammar = {
  name: "Journey",
  scopeName: "source.journey",
  fileTypes: ["journey"],
  comment: "Generated by scripts/generate-grammar.mjs: edit that file, then run `npm run grammar`.",
  patterns: [
    { include: "#comments" },
    { include: "#separator" },
    ...blockEntries.top_level.map((name) => ({ include: `#${name}` })),
    { include: "#statement-unknown" },
    { include: "#values" },
    { include: "#block-unknown" },
    { include: "#stray-close" },
  ],
  repository,
};

export function render() {
  return JSON.stringify(grammar, null, 2) + "\n";
}

export const OUTPUT = join(here, "..", "syntaxes", "journey.tmLanguage.json");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--check")) {
    // Used by the tests: the committed grammar must be what this script writes.
    const current = existsSync(OUTPUT) ? readFileSync(OUTPUT, "utf8") : "";
    if (current !== render()) {
      console.error(`${OUTPUT} is out of date: run \`npm run grammar\`.`);
      process.exit(1);
    }
    console.log(`${OUTPUT} is up to date.`);
  } else {
    writeFileSync(OUTPUT, render());
    console.log(`wrote ${OUTPUT}`);
  }
}
