// Usage: node mermaid-check.mjs FILE.mmd…
// Each file must be accepted by Mermaid's own parser, and its rendering must
// keep every section (stage) and task (step) named in the file.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const mermaidScript = readFileSync(require.resolve("mermaid/dist/mermaid.min.js"), "utf8");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node mermaid-check.mjs FILE.mmd…");
  process.exit(2);
}

const browser = await launch();
let failures = 0;
try {
  const page = await browser.newPage();
  await page.setContent("<!doctype html><html><body></body></html>");
  await page.addScriptTag({ content: mermaidScript });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // What the file names: `section NAME` lines and `NAME: score: actors` tasks.
    const sections = [...text.matchAll(/^\s*section (.+)$/gm)].map((m) => m[1].trim());
    const tasks = [...text.matchAll(/^\s{4}(.+?): \d: /gm)].map((m) => m[1].trim());
    const result = await page.evaluate(async (source) => {
      try {
        await window.mermaid.parse(source);
        const { svg } = await window.mermaid.render("d" + Math.random().toString(36).slice(2), source);
        const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
        return { ok: true, texts: [...doc.querySelectorAll("text, tspan, foreignObject")].map((n) => n.textContent) };
      } catch (error) {
        return { ok: false, error: String(error && error.message ? error.message : error) };
      }
    }, text);
    if (!result.ok) {
      failures++;
      console.error(`FAIL ${file}: Mermaid rejects it: ${result.error}`);
      continue;
    }
    const rendered = result.texts.join("\n");
    const missing = [...sections, ...tasks].filter((name) => !rendered.includes(name));
    if (missing.length > 0 || tasks.length === 0) {
      failures++;
      console.error(`FAIL ${file}: not drawn: ${JSON.stringify(missing)} (tasks found: ${tasks.length})`);
      continue;
    }
    console.log(`ok   ${file}: ${sections.length} sections, ${tasks.length} tasks`);
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failures} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
