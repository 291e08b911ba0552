#!/usr/bin/env node
// Bundles the extension with esbuild:
//   dist/extension.js  the extension host side (Node, CommonJS; `vscode` is external)
//   dist/preview.js    the script of the preview webview (browser, IIFE)
// Flags: --production (minified, no source maps; used by `vsce package`),
//        --watch, --tests (also bundles test/*.test.ts into out/test/ for node's test runner).
import * as esbuild from "esbuild";
import { readdirSync, rmSync } from "node:fs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const tests = process.argv.includes("--tests");

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : "linked",
  logLevel: "warning",
  legalComments: "none",
};

const builds = [
  {
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    platform: "node",
    format: "cjs",
    target: "node18",
    external: ["vscode"],
  },
  {
    ...common,
    entryPoints: ["src/webview/preview.ts"],
    outfile: "dist/preview.js",
    platform: "browser",
    format: "iife",
    target: "es2022",
  },
];

if (tests) {
  rmSync("out", { recursive: true, force: true });
  builds.push({
    ...common,
    sourcemap: "inline",
    entryPoints: readdirSync("test")
      .filter((name) => name.endsWith(".test.ts"))
      .map((name) => `test/${name}`),
    outdir: "out/test",
    platform: "node",
    format: "cjs",
    target: "node18",
    // The unit tests cover pure helpers only: importing `vscode` is a mistake.
    external: ["vscode-tmgrammar-test", "vscode-textmate", "vscode-oniguruma"],
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log("esbuild: watching for changes…");
} else {
  rmSync("dist", { recursive: true, force: true });
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
