import type { PreviewTheme } from "./protocol";

/** The values of `vscode.ColorThemeKind` (kept here so tests need no `vscode`). */
export const ColorThemeKind = { Light: 1, Dark: 2, HighContrast: 3, HighContrastLight: 4 } as const;

/** The diagram theme for a VS Code colour theme: dark for dark and high-contrast (dark) themes. */
export function previewTheme(kind: number): PreviewTheme {
  return kind === ColorThemeKind.Dark || kind === ColorThemeKind.HighContrast ? "dark" : "light";
}
