// Opens a map of several actors in headless Chromium and checks, in the
// browser's DOM, that the picture tells what the source says:
//   one curve per persona with feelings, as many as the legend lists;
//   a swimlane per persona; every decision outcome labelled; loops and
//   exits drawn as arrows; delights and moments that matter visible.
// Usage: node actors-check.mjs FILE.svg PERSONAS OUTCOME…
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { launch } from "./chromium.mjs";

const [file, personas, ...outcomes] = process.argv.slice(2);
if (!file || !personas) {
  console.error("usage: node actors-check.mjs FILE.svg PERSONAS OUTCOME…");
  process.exit(2);
}
const browser = await launch();
let problems = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1200 });
  await page.goto(pathToFileURL(resolve(file)).href);
  const found = await page.evaluate(() => {
    const visible = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 || box.height > 0;
    };
    const all = (selector) => [...document.querySelectorAll(selector)].filter(visible);
    const colours = new Set(all("path.persona-curve").map((p) => p.getAttribute("stroke")));
    return {
      curves: all("path.persona-curve").length,
      curveColours: colours.size,
      legend: all("path.legend-curve").length,
      swimlanes: all("g.swimlane").length,
      labels: all(".flow-label").map((l) => l.textContent.replace(/\s+/g, " ").trim()),
      loops: all("g.flow-edge.loop path.flow-head").length,
      exits: all("g.flow-edge.exit path.flow-head").length,
      decisions: all("g.decision-marker").length,
      delights: all(".lane-delights .card").length,
      moments: all("g.marker path.moment-marker").length + all(".card.moment").length,
      sidePaths: all("path.emotion-branch").length,
    };
  });
  const want = Number(personas);
  if (found.curves !== want) problems.push(`${found.curves} persona curves, expected ${want}`);
  if (found.curveColours !== want) problems.push(`${found.curveColours} distinct curve colours, expected ${want}`);
  if (found.legend !== found.curves) problems.push(`the legend lists ${found.legend} curves, the map draws ${found.curves}`);
  if (found.swimlanes !== want) problems.push(`${found.swimlanes} swimlanes, expected ${want}`);
  for (const outcome of outcomes) {
    if (!found.labels.some((l) => l.includes(outcome))) problems.push(`no flow label "${outcome}" (labels: ${found.labels.join(" | ")})`);
  }
  if (found.loops < 1) problems.push("no loop arrow");
  if (found.exits < 1) problems.push("no exit arrow");
  if (found.decisions < 1) problems.push("no decision drawn");
  if (found.delights < 1) problems.push("no delight card");
  if (found.moments < 2) problems.push("moments that matter are not marked on the step and the curve");
  if (found.sidePaths < 1) problems.push("no side path on the curve");
  if (problems.length === 0) console.log(`ok   ${file}: ${JSON.stringify(found)}`);
} finally {
  await browser.close();
}
if (problems.length > 0) {
  console.error(`FAIL ${file}:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
