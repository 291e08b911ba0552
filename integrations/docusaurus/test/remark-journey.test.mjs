// remark-journey through MDX's own compiler (what Docusaurus runs), then
// React's server renderer: the page's fences become SVG in the HTML, one
// `journey` process per page, a broken map fails with its line and column.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import * as runtime from "react/jsx-runtime";
import { compile, run } from "@mdx-js/mdx";
import { VFile } from "vfile";
import remarkJourney from "../remark-journey.mjs";

const journey = process.env.JOURNEY || "journey";
const site = mkdtempSync(join(tmpdir(), "remark-journey-"));
const map = (id, channel = "desk") => `persona ana "Ana"
channel desk "Front desk" { type human }
journey ${id} "A visit ${id}" {
  persona ana
  stage arrive "Arrive" {
    step signs_in "Signs in" { channel ${channel}; feels neutral }
  }
}
`;
writeFileSync(join(site, "visit.journey"), map("from_file"));

// A `journey` that notes each run, to count the processes.
const calls = join(site, "calls.log");
const counting = join(site, "journey-counting");
writeFileSync(counting, `#!/bin/sh\necho run >> '${calls}'\nexec '${journey}' "$@"\n`);
chmodSync(counting, 0o755);

async function render(value, options = {}, format = "mdx") {
  const file = new VFile({ path: join(site, `page.${format}`), value, cwd: site });
  const code = String(await compile(file, { format, outputFormat: "function-body", remarkPlugins: [[remarkJourney, { binary: counting, ...options }]] }));
  const { default: Content } = await run(code, { ...runtime, baseUrl: import.meta.url });
  return { html: renderToStaticMarkup(createElement(Content)), file };
}

const page = `# Maps {'in'} MDX

\`\`\`journey
${map("inline")}\`\`\`

Some text between.

\`\`\`journey file=visit.journey view=emotion
\`\`\`

\`\`\`js
const notAMap = true;
\`\`\`
`;

test("an MDX page's fences become inline SVG, in one journey process", async () => {
  writeFileSync(calls, "");
  const { html } = await render(page);
  assert.equal((html.match(/<svg /g) || []).length, 2, html.slice(0, 300));
  assert.match(html, /A visit inline/);
  assert.match(html, /A visit from_file — emotion curve/);
  assert.match(html, /\[data-theme=dark\]/, "the SVG follows Docusaurus' theme switch");
  assert.match(html, /const notAMap/, "other code blocks are left alone");
  assert.doesNotMatch(html, /```journey/);
  assert.equal(readFileSync(calls, "utf8").trim().split("\n").length, 1, "one process for the page's two maps");
});

test("a page without maps starts no process", async () => {
  writeFileSync(calls, "");
  const { html } = await render("# Nothing\n\n```js\nx\n```\n");
  assert.match(html, /Nothing/);
  assert.equal(readFileSync(calls, "utf8"), "");
});

test("CommonMark pages (format: md) too", async () => {
  const { html } = await render(page.replace("{'in'} ", ""), {}, "md");
  assert.equal((html.match(/<svg /g) || []).length, 2);
});

test("a broken map fails the page with its line and column; onError: warn shows a box", async () => {
  const broken = `# Broken\n\n\`\`\`journey\n${map("broken", "phone")}\`\`\`\n`;
  const line = broken.split("\n").findIndex((l) => l.includes("channel phone")) + 1;
  const column = broken.split("\n")[line - 1].indexOf("phone") + 1;
  await assert.rejects(render(broken), (error) => {
    assert.match(String(error.message), new RegExp(`page\\.mdx:${line}:${column}`));
    assert.match(String(error.message), /unknown channel `phone`/);
    return true;
  });
  const { html } = await render(broken, { onError: "warn" });
  assert.match(html, /class="journey-error"/);
  assert.match(html, new RegExp(`page\\.mdx:${line}:${column}: error\\[E0010\\]`));
});

test("fences in a list, a quote and JSX are drawn where MDX reads them", async () => {
  const nested = `- First:\n\n  \`\`\`journey file=visit.journey\n  \`\`\`\n\n> \`\`\`journey file=visit.journey\n> \`\`\`\n\n<details>\n<summary>Map</summary>\n\`\`\`journey file=visit.journey\n\`\`\`\n</details>\n`;
  const { html } = await render(nested);
  assert.equal((html.match(/<svg /g) || []).length, 3, html.slice(0, 400));
  assert.match(html, /<li>[\s\S]*<svg [\s\S]*<\/li>/, "inside the list item");
  assert.match(html, /<blockquote>[\s\S]*<svg [\s\S]*<\/blockquote>/, "inside the quote");
  assert.match(html, /<details>[\s\S]*<svg [\s\S]*<\/details>/, "inside the JSX element");
});

test("an unknown option is refused", () => {
  assert.throws(() => remarkJourney({ onErrors: "warn" }), /unknown option "onErrors"/);
});
