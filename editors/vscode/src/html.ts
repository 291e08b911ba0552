import type { WebviewState } from "./protocol";

/**
 * The Content Security Policy of the preview: nothing from the network, images
 * only from `data:` URIs (the diagram) and the extension, inline styles, and
 * only the one script that carries the nonce.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src data: ${cspSource}`,
    `style-src 'unsafe-inline' ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
}

/** A fresh random nonce for one page load (base64 of 16 random bytes). */
export function makeNonce(randomBytes: (size: number) => Uint8Array): string {
  return Buffer.from(randomBytes(16)).toString("base64");
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The SVG as a `data:` URI for an `<img>`: the webview never parses it as HTML. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

export interface PreviewPage {
  cspSource: string;
  nonce: string;
  /** The webview URI of `dist/preview.js`. */
  scriptUri: string;
  title: string;
  /** Written into the page so the script can save it with its state. */
  state: WebviewState;
}

/** The preview's HTML: a status banner and the diagram, filled in by the script. */
export function previewHtml(page: PreviewPage): string {
  const csp = contentSecurityPolicy(page.cspSource, page.nonce);
  const nonce = escapeHtml(page.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<style>
  html, body { height: 100%; margin: 0; padding: 0; }
  body {
    display: flex; flex-direction: column; overflow: hidden;
    background: var(--vscode-editor-background);
    color: var(--vscode-editor-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  #banner {
    flex: none; margin: 0; padding: 6px 12px;
    background: var(--vscode-inputValidation-errorBackground);
    border-bottom: 1px solid var(--vscode-inputValidation-errorBorder);
    color: var(--vscode-foreground);
    white-space: pre-wrap;
  }
  #banner[hidden], #placeholder[hidden], #diagram[hidden] { display: none; }
  #scroller { flex: 1 1 auto; min-height: 0; overflow: auto; }
  #placeholder { padding: 24px; opacity: 0.7; }
  #diagram { display: block; margin: 0 auto; padding: 12px; box-sizing: border-box; max-width: none; cursor: zoom-out; }
  #diagram.fit { max-width: 100%; height: auto; cursor: zoom-in; }
</style>
</head>
<body data-state="${escapeHtml(JSON.stringify(page.state))}">
<div id="banner" role="alert" hidden></div>
<main id="scroller">
<div id="placeholder">Rendering…</div>
<img id="diagram" alt="${escapeHtml(page.title)}" title="Click to switch between fit to width and actual size" hidden>
</main>
<script nonce="${nonce}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>`;
}
