// Usage: node site-check.mjs SITE THEMES FILE.html…
//   SITE    mdbook | mkdocs | docusaurus | bootstrap: how the page's own theme is switched
//   THEMES  comma-separated: light,coal (mdBook), default,slate (Material), light,dark (Docusaurus,
//           and MkDocs' own `mkdocs` theme, which is Bootstrap's `data-bs-theme`)
// Opens each built page in headless Chromium, switches the site's theme the
// way a reader does (mdBook's paint-brush menu, Material's toggle), and
// checks every inlined map (`.journey-map svg`) with map-checks.mjs: texts
// inside their boxes, cards apart, WCAG AA contrast of every text against
// what it is drawn on, and the map dark exactly when the theme is (also when
// the reader prefers dark but the page says light). Also:
// no two elements of the page share an id (several maps on a page), and
// the page has as many maps and error boxes as FILE says in its name
// (`NAME.maps-3.errors-1.html`, or a folder so named) when it does. SCREENSHOTS=DIR keeps a
// screenshot per page and theme.
import { pathToFileURL } from "node:url";
import { resolve, basename, join } from "node:path";
import { launch } from "./chromium.mjs";
import { inspectMap } from "./map-checks.mjs";

const [site, themeList, ...files] = process.argv.slice(2);
if (!site || !themeList || files.length === 0) {
  console.error("usage: node site-check.mjs mdbook|mkdocs|docusaurus|bootstrap THEME,… FILE.html…");
  process.exit(2);
}
const themes = themeList.split(",");
const DARK = new Set(["coal", "navy", "ayu", "slate", "dark"]);
const TOLERANCE = 0.5;

async function switchTheme(page, theme) {
  if (site === "mdbook") {
    // 0.5 prefixes the menu's ids with `mdbook-`; 0.4 doesn't.
    const prefix = (await page.$("#mdbook-theme-toggle")) ? "#mdbook-theme-" : "#";
    const list = prefix === "#" ? "#theme-list" : "#mdbook-theme-list";
    await page.evaluate(() => window.scrollTo(0, 0));
    const open = () => page.$eval(list, (el) => getComputedStyle(el).display !== "none");
    if (!(await open())) await page.click(prefix === "#" ? "#theme-toggle" : "#mdbook-theme-toggle");
    await page.waitForSelector(`${list}`, { visible: true });
    await page.click(`${prefix}${theme}`);
    await page.waitForFunction((t) => document.documentElement.classList.contains(t), {}, theme);
  } else if (site === "mkdocs") {
    const current = await page.evaluate(() => document.body.getAttribute("data-md-color-scheme"));
    if (current !== theme) {
      // Material's palette toggle: a label for the next scheme's radio button.
      const toggle = await page.$("form[data-md-component=palette] label:not([hidden])");
      if (toggle) await toggle.click();
      await page.waitForFunction((t) => document.body.getAttribute("data-md-color-scheme") === t, { timeout: 5000 }, theme);
    }
  } else if (site === "docusaurus") {
    await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
  } else if (site === "bootstrap") {
    // MkDocs' own `mkdocs` theme: Bootstrap's colour mode on <html>, as its toggle sets it.
    await page.evaluate((t) => document.documentElement.setAttribute("data-bs-theme", t), theme);
  }
  // Let the style recalculation land.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const browser = await launch();
let failures = 0;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  for (const file of files) {
    const expected = /\.maps-(\d+)(?:\.errors-(\d+))?[./]/.exec(file);
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    for (const theme of themes) {
      await switchTheme(page, theme);
      const report = await page.evaluate(
        `(() => {
          const maps = [...document.querySelectorAll(".journey-map svg")].map((svg) => (${inspectMap})(svg, ${TOLERANCE}, true));
          const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
          const seen = new Set(), repeated = new Set();
          for (const id of ids) (seen.has(id) ? repeated : seen).add(id);
          return { maps, errors: document.querySelectorAll(".journey-error").length, repeated: [...repeated] };
        })()`,
      );
      const problems = report.maps.flatMap((m) => m.problems.map((p) => `${m.id}: ${p}`));
      for (const m of report.maps) {
        if (m.dark !== DARK.has(theme)) problems.push(`${m.id}: the map is ${m.dark ? "dark" : "light"} in the ${theme} theme`);
      }
      if (!DARK.has(theme)) {
        // The page says light: a reader who prefers dark still gets the page's light maps.
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
        const darkened = await page.evaluate(
          `[...document.querySelectorAll(".journey-map svg")].filter((svg) => (${inspectMap})(svg, ${TOLERANCE}, false).dark).map((svg) => svg.id)`,
        );
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
        for (const id of darkened) problems.push(`${id}: dark in the page's ${theme} theme when the reader prefers dark`);
      }
      if (report.repeated.length > 0) problems.push(`ids used twice on the page: ${report.repeated.slice(0, 10).join(", ")}`);
      if (expected && report.maps.length !== Number(expected[1])) problems.push(`${report.maps.length} maps, expected ${expected[1]}`);
      if (expected && report.errors !== Number(expected[2] || 0)) problems.push(`${report.errors} error boxes, expected ${expected[2] || 0}`);
      if (!expected && report.maps.length === 0) problems.push("no map on the page");
      if (process.env.SCREENSHOTS) {
        await page.screenshot({ path: join(process.env.SCREENSHOTS, `${basename(file, ".html")}.${theme}.png`), fullPage: false });
      }
      const lowest = Math.min(...report.maps.map((m) => m.lowest));
      if (problems.length > 0) {
        failures++;
        console.error(`FAIL ${file} [${theme}]:\n  ${problems.slice(0, 20).join("\n  ")}`);
      } else {
        console.log(`ok   ${file} [${theme}]: ${report.maps.length} maps, ${report.errors} error boxes, lowest text contrast ${lowest.toFixed(2)}`);
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`${files.length * themes.length - failures} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
