// Usage: node svg-check.mjs FILE.svg…
// Opens each SVG in headless Chromium and checks, with the browser's own
// text measurement, that every text lies inside its box and that no two
// cards overlap (map-checks.mjs).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { launch } from "./chromium.mjs";
import { inspectMap } from "./map-checks.mjs";

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
    const report = await page.evaluate(`(${inspectMap})(document.documentElement, ${TOLERANCE}, true)`);
    if (report.problems.length > 0) {
      failures++;
      console.error(`FAIL ${file}:\n  ${report.problems.slice(0, 20).join("\n  ")}`);
    } else {
      console.log(`ok   ${file}: ${report.texts} texts inside their boxes, ${report.cards} cards apart, lowest text contrast ${report.lowest.toFixed(2)}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${files.length - failures} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
