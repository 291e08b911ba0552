import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy, escapeHtml, makeNonce, previewHtml, svgDataUri } from "../src/html";
import { ColorThemeKind, previewTheme } from "../src/theme";

const cspSource = "https://file+.vscode-resource.vscode-cdn.net";

test("the CSP allows nothing by default, data: images, inline styles and the nonce script only", () => {
  const csp = contentSecurityPolicy(cspSource, "abc123==");
  assert.equal(
    csp,
    `default-src 'none'; img-src data: ${cspSource}; style-src 'unsafe-inline' ${cspSource}; script-src 'nonce-abc123=='`,
  );
  assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline|\*/);
});

test("nonces are base64 of 16 bytes and differ between loads", () => {
  let seed = 0;
  const bytes = (size: number) => Uint8Array.from({ length: size }, () => seed++ % 256);
  const first = makeNonce(bytes);
  const second = makeNonce(bytes);
  assert.match(first, /^[A-Za-z0-9+/]{22}==$/);
  assert.notEqual(first, second);
});

test("the page carries the CSP, a nonce on its only script, and escapes what it is given", () => {
  const html = previewHtml({
    cspSource,
    nonce: "n0nce",
    scriptUri: `${cspSource}/dist/preview.js`,
    title: 'Preview <b>"x"</b>.journey',
    state: { uri: "file:///a/b%20c.journey", scrollX: 0, scrollY: 10, fit: true },
  });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data: /);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0] ?? "", /nonce="n0nce"/);
  assert.doesNotMatch(html, /<b>/);
  assert.match(html, /Preview &#60;b&#62;&#34;x&#34;&#60;\/b&#62;.journey/);
  // No remote content: the only URLs are the webview's own resources.
  for (const url of html.match(/https?:\/\/[^\s"'<>;]+/g) ?? []) assert.ok(url.startsWith(cspSource), url);
  const state = /data-state="([^"]*)"/.exec(html)?.[1] ?? "";
  const decoded = state.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  assert.deepEqual(JSON.parse(decoded), { uri: "file:///a/b%20c.journey", scrollX: 0, scrollY: 10, fit: true });
});

test("escapeHtml escapes the five HTML-special characters", () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), "&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;");
});

test("the SVG is sent as a base64 data URI that round-trips Unicode", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Lucía 😀 &amp;</text></svg>';
  const uri = svgDataUri(svg);
  assert.ok(uri.startsWith("data:image/svg+xml;base64,"));
  assert.equal(Buffer.from(uri.slice(uri.indexOf(",") + 1), "base64").toString("utf8"), svg);
});

test("dark and high-contrast themes get the dark diagram, light ones the light diagram", () => {
  assert.equal(previewTheme(ColorThemeKind.Light), "light");
  assert.equal(previewTheme(ColorThemeKind.Dark), "dark");
  assert.equal(previewTheme(ColorThemeKind.HighContrast), "dark");
  assert.equal(previewTheme(ColorThemeKind.HighContrastLight), "light");
});
