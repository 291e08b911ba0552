import * as path from "node:path";

/** The setting's default: the `journey` binary on PATH. */
export const DEFAULT_SERVER_PATH = "journey";

export interface ResolveEnvironment {
  /** Folders of the open workspace, for relative paths in the setting. */
  workspaceFolders: readonly string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  /** Whether a file exists there and may be executed. */
  isExecutable(file: string): boolean;
}

export type Resolution =
  | { found: true; path: string }
  | { found: false; message: string };

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** The names to try for `file`: on Windows also with each extension of PATHEXT. */
function withExtensions(file: string, env: ResolveEnvironment): string[] {
  if (env.platform !== "win32" || path.win32.extname(file) !== "") return [file];
  const extensions = (env.env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return [file, ...extensions.map((extension) => file + extension.toLowerCase())];
}

/**
 * Finds the `journey` binary from the `journey.server.path` setting: a bare
 * name is looked up on PATH, an absolute path is used as it is, a relative
 * path is resolved against each workspace folder. `~` stands for the home
 * folder and `${workspaceFolder}` for the first workspace folder.
 */
export function resolveServerPath(setting: string | undefined, env: ResolveEnvironment): Resolution {
  const p = pathApi(env.platform);
  const configured = (setting ?? "").trim();
  const wanted = configured || DEFAULT_SERVER_PATH;
  let expanded = wanted;
  if (expanded === "~" || expanded.startsWith("~/") || expanded.startsWith("~\\")) {
    expanded = p.join(env.homedir, expanded.slice(1));
  }
  if (expanded.includes("${workspaceFolder}")) {
    const first = env.workspaceFolders[0];
    if (first === undefined) {
      return { found: false, message: `\`journey.server.path\` is "${wanted}", but no folder is open to stand for \${workspaceFolder}.` };
    }
    expanded = expanded.split("${workspaceFolder}").join(first);
  }

  const hasSeparator = expanded.includes("/") || (env.platform === "win32" && expanded.includes("\\"));
  let candidates: string[];
  if (p.isAbsolute(expanded)) {
    candidates = [p.normalize(expanded)];
  } else if (hasSeparator) {
    candidates = env.workspaceFolders.map((folder) => p.join(folder, expanded));
  } else {
    const pathVariable = env.env.PATH ?? env.env.Path ?? "";
    candidates = pathVariable
      .split(env.platform === "win32" ? ";" : ":")
      .filter(Boolean)
      .map((dir) => p.join(dir, expanded));
  }
  for (const candidate of candidates) {
    for (const file of withExtensions(candidate, env)) {
      if (env.isExecutable(file)) return { found: true, path: file };
    }
  }

  const fix = "Install the Journey command-line tool, or set `journey.server.path` to the `journey` binary.";
  if (!hasSeparator && !p.isAbsolute(expanded)) {
    return { found: false, message: `Journey: the \`${expanded}\` command was not found on PATH. ${fix}` };
  }
  const where = candidates.length > 0 ? candidates.join(", ") : `${expanded} (no workspace folder is open to resolve it against)`;
  return {
    found: false,
    message: `Journey: no executable \`journey\` binary at ${where} (from the \`journey.server.path\` setting). ${fix}`,
  };
}
