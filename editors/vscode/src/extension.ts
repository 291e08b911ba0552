import * as vscode from "vscode";
import { JourneyClient } from "./client";
import { exportDiagram } from "./export";
import { PREVIEW_VIEW_TYPE, PreviewManager } from "./preview";
import type { WebviewState } from "./protocol";

let client: JourneyClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel("Journey");
  client = new JourneyClient(output);
  const previews = new PreviewManager(client, context.extensionUri);

  context.subscriptions.push(
    output,
    client,
    previews,
    vscode.commands.registerCommand("journey.preview.openToSide", (resource?: vscode.Uri) =>
      previews.openToSide(resource instanceof vscode.Uri ? resource : undefined),
    ),
    vscode.commands.registerCommand("journey.export.svg", (resource?: vscode.Uri) => exportDiagram("svg", output, resource)),
    vscode.commands.registerCommand("journey.export.png", (resource?: vscode.Uri) => exportDiagram("png", output, resource)),
    vscode.commands.registerCommand("journey.server.restart", async () => {
      if (await client?.restart()) void vscode.window.setStatusBarMessage("Journey language server restarted", 3000);
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: WebviewState | undefined) {
        previews.restore(panel, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("journey.server.path")) void client?.restart();
    }),
  );

  // Start the server for .journey files: those open now (activation is
  // `onLanguage:journey`) and any opened after activation by a command.
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.languageId === "journey") void client?.get();
    }),
  );
  if (vscode.workspace.textDocuments.some((document) => document.languageId === "journey")) {
    void client.get();
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
