import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as vscode from "vscode";
import { findJourneyBinary, reportMissingBinary } from "./client";
import { describeExit, ExportFormat, exportArgs, journeyIds, writtenFiles } from "./exportFiles";
import { activeJourneyUri } from "./preview";

interface BuildOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
}

function run(binary: string, args: string[], cwd: string): Promise<BuildOutcome> {
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === "string") {
        resolve({ code: null, stdout, stderr, spawnError: error as NodeJS.ErrnoException });
        return;
      }
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The files the build wrote next to `file`. */
async function outputsOf(file: string, text: string, format: ExportFormat, startedMs: number): Promise<string[]> {
  const dir = path.dirname(file);
  const expected: string[] = [];
  for (const id of journeyIds(text)) {
    const name = `${id}.${format}`;
    try {
      await fs.access(path.join(dir, name));
      expected.push(name);
    } catch {
      // Not written (or named differently): fall back to modification times below.
    }
  }
  if (expected.length > 0) return expected;
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const stats = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => ({ name: entry.name, mtimeMs: (await fs.stat(path.join(dir, entry.name))).mtimeMs })),
  );
  return writtenFiles(stats, format, startedMs);
}

/** `Journey: Export SVG/PNG Next to the File`: runs `journey build <file> --format <format> -o <its folder>`. */
export async function exportDiagram(format: ExportFormat, output: vscode.OutputChannel, resource?: vscode.Uri): Promise<void> {
  const uri = resource instanceof vscode.Uri ? resource : activeJourneyUri();
  if (!uri) {
    void vscode.window.showInformationMessage("Open a .journey file to export its diagram.");
    return;
  }
  if (uri.scheme !== "file") {
    void vscode.window.showErrorMessage("Journey: save the file to disk before exporting it.");
    return;
  }
  const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (document?.isDirty && !(await document.save())) {
    void vscode.window.showErrorMessage(`Journey: ${path.basename(uri.fsPath)} could not be saved, so it was not exported.`);
    return;
  }
  const binary = findJourneyBinary();
  if (!binary.found) {
    await reportMissingBinary(binary.message);
    return;
  }

  const file = uri.fsPath;
  const args = exportArgs(file, format);
  const startedMs = Date.now();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Exporting ${format.toUpperCase()}…` },
    () => run(binary.path, args, path.dirname(file)),
  );
  output.appendLine(`$ ${binary.path} ${args.join(" ")}`);
  if (outcome.stdout.trim()) output.appendLine(outcome.stdout.trimEnd());
  if (outcome.stderr.trim()) output.appendLine(outcome.stderr.trimEnd());

  if (outcome.spawnError) {
    const message = `Journey: could not run ${binary.path}: ${outcome.spawnError.message}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, "Show Output").then((choice) => choice && output.show(true));
    return;
  }
  if (outcome.code !== 0) {
    output.appendLine(describeExit(outcome.code, format, file));
    void vscode.window.showErrorMessage(describeExit(outcome.code, format, file), "Show Output").then((choice) => choice && output.show(true));
    return;
  }

  const text = document?.getText() ?? (await fs.readFile(file, "utf8").catch(() => ""));
  const written = await outputsOf(file, text, format, startedMs);
  const names = written.length > 0 ? written.join(", ") : `the ${format.toUpperCase()} files`;
  output.appendLine(`Wrote ${names} in ${path.dirname(file)}`);
  const first = written[0];
  const actions = first ? ["Open", "Reveal"] : [];
  const choice = await vscode.window.showInformationMessage(`Journey: wrote ${names} next to ${path.basename(file)}.`, ...actions);
  if (!first) return;
  const target = vscode.Uri.file(path.join(path.dirname(file), first));
  if (choice === "Open") await vscode.commands.executeCommand("vscode.open", target, vscode.ViewColumn.Beside);
  if (choice === "Reveal") await vscode.commands.executeCommand("revealFileInOS", target);
}
