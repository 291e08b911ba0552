// Messages and types shared by the extension host, the language server and
// the preview webview. No imports: the webview bundle includes this file.

/** Params of the server's `journey/render` request. */
export interface RenderParams {
  uri: string;
  theme: PreviewTheme;
}

/** Result of `journey/render`: the SVG of the document's latest version. */
export interface RenderResult {
  svg: string;
  /** The document version the SVG shows; `null` for a file that is not open. */
  version: number | null;
}

export type PreviewTheme = "light" | "dark";

/** Extension host → webview. */
export type ToWebview =
  /** A new diagram; `src` is a `data:image/svg+xml` URI. Clears any error. */
  | { type: "render"; src: string; version: number | null; theme: PreviewTheme }
  /** Rendering failed: keep the last good diagram and show the message above it. */
  | { type: "error"; message: string };

/** Webview → extension host. */
export type FromWebview =
  /** The webview's script has loaded (first time, or after being hidden): send the diagram. */
  { type: "ready" };

/** What the webview keeps with `vscode.setState` (also used to restore the panel after a reload). */
export interface WebviewState {
  uri: string;
  scrollX: number;
  scrollY: number;
  /** Fit the diagram to the panel's width (true) or show it at its own size. */
  fit: boolean;
}
