import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from "vscode-languageclient/node";
import { Resolution, resolveServerPath } from "./serverPath";

/** The language client's ID: VS Code reads its trace level from `journey.trace.server`. */
export const CLIENT_ID = "journey";

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds the `journey` binary from the settings (see `resolveServerPath`). */
export function findJourneyBinary(): Resolution {
  const setting = vscode.workspace.getConfiguration("journey").get<string>("server.path");
  return resolveServerPath(setting, {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    isExecutable,
  });
}

/** Tells the user the binary can't be found, with a button to the setting. */
export async function reportMissingBinary(message: string): Promise<void> {
  const openSettings = "Open Settings";
  const choice = await vscode.window.showErrorMessage(message, openSettings);
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "journey.server.path");
  }
}

/** Starts, restarts and stops the language client running `journey lsp`. */
export class JourneyClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private readonly outputChannel: vscode.OutputChannel;
  /** The "not found" message is shown once, until a restart or a settings change. */
  private reportedMissing = false;
  private readonly changeEmitter = new vscode.EventEmitter<LanguageClient | undefined>();
  /** Fires when a client has started (or stopped: `undefined`). */
  readonly onDidChange = this.changeEmitter.event;

  /** Tells the server about `.journey` and `journey.toml` files changed outside the editor. */
  private readonly watcher = vscode.workspace.createFileSystemWatcher("**/{*.journey,journey.toml}");

  constructor(outputChannel: vscode.OutputChannel) {
    this.outputChannel = outputChannel;
  }

  /** The running client, starting it if needed; `undefined` when it can't start. */
  get(): Promise<LanguageClient | undefined> {
    if (this.client?.state === State.Running) return Promise.resolve(this.client);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** The client if it is running now, without starting it. */
  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async restart(): Promise<LanguageClient | undefined> {
    await this.stop();
    this.reportedMissing = false;
    return this.get();
  }

  private async start(): Promise<LanguageClient | undefined> {
    const binary = findJourneyBinary();
    if (!binary.found) {
      if (!this.reportedMissing) {
        this.reportedMissing = true;
        this.outputChannel.appendLine(binary.message);
        void reportMissingBinary(binary.message);
      }
      return undefined;
    }
    const serverOptions: ServerOptions = {
      command: binary.path,
      args: ["lsp"],
      transport: TransportKind.stdio,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "journey" },
        { scheme: "untitled", language: "journey" },
      ],
      synchronize: {
        fileEvents: this.watcher,
      },
      outputChannel: this.outputChannel,
    };
    let client: LanguageClient;
    try {
      client = new LanguageClient(CLIENT_ID, "Journey Language Server", serverOptions, clientOptions);
      this.client = client;
      this.outputChannel.appendLine(`Starting ${binary.path} lsp`);
      await client.start();
    } catch (error) {
      // vscode-languageclient has already shown its own notification; keep the details.
      const reason = error instanceof Error ? error.message : String(error);
      this.outputChannel.appendLine(`Journey: the language server (${binary.path} lsp) did not start: ${reason}`);
      this.client = undefined;
      return undefined;
    }
    this.changeEmitter.fire(client);
    return client;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    try {
      if (client.needsStop()) await client.stop();
    } catch (error) {
      this.outputChannel.appendLine(`Stopping the language server failed: ${String(error)}`);
    }
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    void this.stop();
    this.watcher.dispose();
    this.changeEmitter.dispose();
  }
}
