import * as path from "node:path";

export type ExportFormat = "svg" | "png";

/** `journey build <file> --format <format> -o <the file's folder>`. */
export function exportArgs(file: string, format: ExportFormat): string[] {
  return ["build", file, "--format", format, "-o", path.dirname(file), "--message-format", "short", "--color", "never"];
}

export interface DirectoryEntry {
  name: string;
  /** Modification time in ms since the epoch. */
  mtimeMs: number;
}

/**
 * The files a build wrote: `<journey-id>.<format>` entries of the output
 * folder modified at or after the build started (a file may hold several
 * journeys), sorted by name. `slackMs` allows for coarse file-system clocks.
 */
export function writtenFiles(entries: readonly DirectoryEntry[], format: ExportFormat, startedMs: number, slackMs = 2000): string[] {
  return entries
    .filter((entry) => entry.name.toLowerCase().endsWith(`.${format}`) && entry.mtimeMs >= startedMs - slackMs)
    .map((entry) => entry.name)
    .sort();
}

/** What to tell the user about a build's exit status (see TOOLCHAIN.md: 0 ok, 1 errors in the sources, 2 could not run). */
export function describeExit(code: number | null, format: ExportFormat, file: string): string {
  const name = path.basename(file);
  switch (code) {
    case 0:
      return `Exported ${format.toUpperCase()} of ${name}.`;
    case 1:
      return `Could not export ${name}: it has errors. Fix them (see the Problems panel) and try again.`;
    case 2:
      return `Could not export ${name}: \`journey build\` could not run (see the Journey output for details).`;
    default:
      return `Could not export ${name}: \`journey build\` stopped unexpectedly${code === null ? "" : ` (exit status ${code})`}.`;
  }
}

/** The IDs of the journeys declared in a file's text (each gives `<id>.<format>`). */
export function journeyIds(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(/^[ \t\uFEFF]*journey[ \t]+([A-Za-z][A-Za-z0-9_-]*)/gm)) {
    const id = match[1];
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
