// Usage: node html-check.mjs PAGE.html…
// Opens each page `journey build --format html` writes at the widths of a
// phone, a laptop and a wide screen, and checks what a reader notices:
// the page never scrolls sideways (a wide map scrolls inside its own box);
// from 1,000 px up the whole map is in view, legend included; the title is
// shown once (by the map; the page's <h1> is for screen readers).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { launch } from "./chromium.mjs";

const files = process.argv.slice(2);
const browser = await launch();
let failures = 0;
try {
  const page = await browser.newPage();
  for (const file of files) {
    for (const width of [375, 800, 1280, 2400]) {
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
      const r = await page.evaluate(() => {
        const svg = document.querySelector(".diagram svg");
        const legend = svg.querySelector("[id$=legend]") || svg.querySelector("#legend");
        const box = (el) => { const b = el.getBoundingClientRect(); return { left: b.left, right: b.right, width: b.width, height: b.height }; };
        const title = document.querySelector("h1");
        const shown = (el) => box(el).width > 1 && box(el).height > 1;
        return {
          pageWidth: document.documentElement.scrollWidth,
          view: window.innerWidth,
          map: box(svg),
          legendRight: legend ? box(legend).right : null,
          h1Shown: title ? shown(title) : false,
        };
      });
      const problems = [];
      if (r.pageWidth > r.view + 1) problems.push(`the page scrolls sideways: ${r.pageWidth} px wide in a ${r.view} px window`);
      if (width >= 1000 && r.legendRight !== null && r.legendRight > r.view + 1) problems.push(`the legend is cut off at ${r.legendRight.toFixed(0)} px`);
      if (width >= 1000 && r.map.right > r.view + 1) problems.push(`the map runs past the window (${r.map.right.toFixed(0)} px)`);
      if (r.h1Shown) problems.push("the title is shown twice (the page's <h1> and the map's)");
      if (problems.length > 0) {
        failures++;
        console.error(`FAIL ${file} at ${width} px:\n  ${problems.join("\n  ")}`);
      } else {
        console.log(`ok   ${file} at ${width} px: map ${r.map.width.toFixed(0)} px wide, no sideways scroll`);
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(failures > 0 ? 1 : 0);
