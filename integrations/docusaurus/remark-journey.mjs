// remark-journey: a remark plugin that draws ```journey fences with the
// `journey` binary, for Docusaurus (MDX) and any other remark pipeline.
//
//   // docusaurus.config.js
//   import remarkJourney from "./remark-journey.mjs";
//   presets: [["classic", { docs: { remarkPlugins: [remarkJourney] } }]]
//
// Each page is sent once to `journey markdown - --json --inline` (one
// process per page, not per map), which finds the same fences, draws them
// and answers with each one's line and HTML. Every fence node is then
// replaced by a `<div>` holding that SVG (as MDX JSX with
// `dangerouslySetInnerHTML`: an SVG's `<style>` can't be written as JSX).
// The SVG follows the reader's light or dark preference and Docusaurus'
// own `data-theme` switch. A broken map fails the page with the map's
// line and column, unless `onError: "warn"` shows an error box instead.
//
// Options: { binary, onError: "fail" | "warn", theme: "auto" | "light" | "dark",
//            view: "full" | "emotion" | "blueprint" }. The binary is
// `journey` on the PATH, or $JOURNEY.
import { spawnSync } from "node:child_process";
import { relative } from "node:path";

const SETTINGS = { onError: "--on-error", theme: "--theme", view: "--view" };

export default function remarkJourney(options = {}) {
  for (const key of Object.keys(options)) {
    if (key !== "binary" && !(key in SETTINGS)) {
      throw new Error(`remark-journey: unknown option ${JSON.stringify(key)}; the options are binary, ${Object.keys(SETTINGS).join(", ")}`);
    }
  }
  const binary = options.binary ?? process.env.JOURNEY ?? "journey";
  return function transform(tree, file) {
    const fences = [];
    // Every journey fence MDX sees: at the top level, in a list, a quote or
    // a JSX element (`<Tabs>`), all of which MDX reads its own way.
    const walk = (node, parent) => {
      if (node.type === "code" && node.lang === "journey") fences.push({ node, parent });
      for (const child of node.children ?? []) walk(child, node);
    };
    walk(tree, null);
    if (fences.length === 0) return; // no process for a page without maps
    const cwd = file.cwd ?? process.cwd();
    const page = file.path ? relative(cwd, file.path) : "page.md";
    const args = ["markdown", "-", "--json", "--inline", "--page", page, "--color", "never"];
    for (const [key, flag] of Object.entries(SETTINGS)) {
      if (options[key] !== undefined) args.push(flag, String(options[key]));
    }
    const run = spawnSync(binary, args, { input: fencesOnly(String(file.value), fences), encoding: "utf8", cwd, maxBuffer: 512 * 1024 * 1024 });
    if (run.error) file.fail(`can't run \`${binary}\` (${run.error.message}); install it with \`cargo install --path . --locked\`, or set $JOURNEY`);
    if (run.status !== 0) file.fail(`journey maps in ${page}:\n${run.stderr.trimEnd()}`);
    for (const line of run.stderr.split("\n")) {
      if (line.trim() !== "" && !line.startsWith("ok:")) file.message(line);
    }
    const drawn = new Map(JSON.parse(run.stdout).fences.map((f) => [f.line, f.html]));
    for (const { node, parent } of fences) {
      const html = drawn.get(node.position?.start?.line);
      if (html === undefined) file.fail(`journey drew no map for the fence at line ${node.position?.start?.line}`, node);
      parent.children[parent.children.indexOf(node)] = htmlElement(html, node.position);
    }
  };
}

/// The page as `journey` is given it: each fence MDX found, as a top-level
/// fence at its own line (so messages give the page's lines), and blank
/// lines for everything else (MDX and CommonMark disagree on JSX and HTML).
function fencesOnly(page, fences) {
  const lines = new Array(page.split(/\r\n|\r|\n/).length).fill("");
  for (const { node } of fences) {
    const start = node.position.start.line - 1;
    const body = node.value === "" ? [] : node.value.split("\n");
    const longest = Math.max(2, ...body.map((l) => (/^\s*(`+)/.exec(l)?.[1].length ?? 0)));
    const fence = "`".repeat(longest + 1);
    lines[start] = `${fence}journey${node.meta ? " " + node.meta : ""}`;
    body.forEach((line, k) => (lines[start + 1 + k] = line));
    lines[start + 1 + body.length] = fence;
  }
  return lines.join("\n") + "\n";
}

/// `<div className="journey-map-host" dangerouslySetInnerHTML={{__html: html}} />` as MDX's tree has it.
function htmlElement(html, position) {
  const object = {
    type: "ObjectExpression",
    properties: [
      {
        type: "Property",
        method: false,
        shorthand: false,
        computed: false,
        kind: "init",
        key: { type: "Identifier", name: "__html" },
        value: { type: "Literal", value: html, raw: JSON.stringify(html) },
      },
    ],
  };
  return {
    type: "mdxJsxFlowElement",
    name: "div",
    attributes: [
      { type: "mdxJsxAttribute", name: "className", value: "journey-map-host" },
      {
        type: "mdxJsxAttribute",
        name: "dangerouslySetInnerHTML",
        value: {
          type: "mdxJsxAttributeValueExpression",
          value: `{__html: ${JSON.stringify(html)}}`,
          data: { estree: { type: "Program", sourceType: "module", body: [{ type: "ExpressionStatement", expression: object }] } },
        },
      },
    ],
    children: [],
    position,
  };
}
