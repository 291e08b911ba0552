// Usage: node svg-check.mjs FILE.svg…
// Opens each SVG in headless Chromium and checks, with the browser's own
// text measurement, that every text lies inside the box it belongs to (the
// first <rect> child of its nearest group that has one) and that no two
// cards (elements with class `card`) overlap.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { launch } from "./chromium.mjs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node svg-check.mjs FILE.svg…");
  process.exit(2);
}

const TOLERANCE = 0.5; // px: anti-aliasing and rounding

const browser = await launch();
let failures = 0;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1200 });
  for (const file of files) {
    await page.goto(pathToFileURL(resolve(file)).href);
    const report = await page.evaluate((tolerance) => {
      const problems = [];
      const svg = document.documentElement;
      const box = (el) => el.getBoundingClientRect();
      const inside = (a, b) =>
        a.left >= b.left - tolerance && a.right <= b.right + tolerance && a.top >= b.top - tolerance && a.bottom <= b.bottom + tolerance;
      const overlap = (a, b) =>
        a.left < b.right - tolerance && b.left < a.right - tolerance && a.top < b.bottom - tolerance && b.top < a.bottom - tolerance;
      const describe = (el) => `${el.closest("[id]")?.id ?? "?"} "${(el.textContent || "").slice(0, 40)}"`;
      const texts = [...svg.querySelectorAll("text")].filter((t) => (t.textContent || "").trim() !== "");
      for (const text of texts) {
        let group = text.parentElement;
        while (group && group !== svg && !(group.tagName === "g" && group.firstElementChild?.tagName === "rect")) {
          group = group.parentElement;
        }
        if (!group || group === svg) {
          problems.push(`text outside any box: ${describe(text)}`);
          continue;
        }
        const rect = box(group.firstElementChild);
        const measured = box(text);
        if (measured.width > 0 && !inside(measured, rect)) {
          problems.push(
            `text overflows its box: ${describe(text)} text=[${measured.left.toFixed(1)},${measured.top.toFixed(1)} ${measured.width.toFixed(1)}x${measured.height.toFixed(1)}] box=[${rect.left.toFixed(1)},${rect.top.toFixed(1)} ${rect.width.toFixed(1)}x${rect.height.toFixed(1)}]`,
          );
        }
      }
      const cards = [...svg.querySelectorAll(".card")];
      const boxes = cards.map(box);
      for (let i = 0; i < cards.length; i++) {
        for (let j = i + 1; j < cards.length; j++) {
          if (overlap(boxes[i], boxes[j])) problems.push(`cards overlap: ${cards[i].id || i} and ${cards[j].id || j}`);
        }
      }
      const active = svg.querySelectorAll("script, foreignObject, [onload], [onclick]").length;
      if (active > 0) problems.push(`${active} active elements`);
      return { texts: texts.length, cards: cards.length, problems };
    }, TOLERANCE);
    if (report.texts === 0 || report.cards === 0) report.problems.push("no texts or no cards: not a journey map?");
    if (report.problems.length > 0) {
      failures++;
      console.error(`FAIL ${file}:\n  ${report.problems.slice(0, 20).join("\n  ")}`);
    } else {
      console.log(`ok   ${file}: ${report.texts} texts inside their boxes, ${report.cards} cards apart`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failures} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
