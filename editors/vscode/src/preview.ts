import { randomBytes } from "node:crypto";
import * as path from "node:path";
import * as vscode from "vscode";
import type { JourneyClient } from "./client";
import { debounce } from "./debounce";
import { makeNonce, previewHtml, svgDataUri } from "./html";
import type { FromWebview, PreviewTheme, RenderParams, RenderResult, ToWebview, WebviewState } from "./protocol";
import { previewTheme } from "./theme";

/** The webview panel type (also in `onWebviewPanel:` of package.json). */
export const PREVIEW_VIEW_TYPE = "journey.preview";
/** The server's custom request (see lsp/). */
export const RENDER_REQUEST = "journey/render";

function debounceMs(): number {
  const value = vscode.workspace.getConfiguration("journey").get<number>("preview.debounceMs", 300);
  return typeof value === "number" && Number.isFinite(value) ? value : 300;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** One preview panel showing the diagram of one `.journey` document. */
class Preview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Numbers the render requests; only a newer answer replaces what is shown. */
  private requested = 0;
  private applied = 0;
  private last: { src: string; version: number | null; theme: PreviewTheme } | undefined;
  private lastError: string | undefined;
  private readonly scheduleRender = debounce(() => void this.render(), debounceMs);
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    private readonly client: JourneyClient,
    private readonly extensionUri: vscode.Uri,
    state: WebviewState | undefined,
    private readonly onDispose: (preview: Preview) => void,
  ) {
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist")],
    };
    panel.title = `Preview ${path.basename(uri.fsPath || uri.path)}`;
    panel.webview.html = this.html(state);

    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebview) => {
        if (message?.type === "ready") this.onReady();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // A change to this file, or to one it may `use`, changes the diagram.
        if (event.document.languageId === "journey" && event.contentChanges.length > 0) this.scheduleRender();
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.languageId === "journey") this.scheduleRender();
      }),
      vscode.window.onDidChangeActiveColorTheme(() => void this.render()),
      client.onDidChange((running) => {
        if (running) void this.render();
      }),
    );
  }

  private html(state: WebviewState | undefined): string {
    const webview = this.panel.webview;
    return previewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(randomBytes),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "dist", "preview.js")).toString(),
      title: this.panel.title,
      state: { scrollX: 0, scrollY: 0, fit: true, ...state, uri: this.uri.toString() },
    });
  }

  reveal(): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  /** The webview has (re)loaded: give it what we have, then render afresh if needed. */
  private onReady(): void {
    const theme = previewTheme(vscode.window.activeColorTheme.kind);
    if (this.last) this.post({ type: "render", ...this.last });
    if (this.lastError !== undefined) this.post({ type: "error", message: this.lastError });
    if (!this.last || this.last.theme !== theme || this.lastError !== undefined) void this.render();
  }

  /** Asks the server for the SVG of the document's latest version. */
  async render(): Promise<void> {
    this.scheduleRender.cancel();
    const id = ++this.requested;
    const theme = previewTheme(vscode.window.activeColorTheme.kind);
    const client = await this.client.get();
    if (this.disposed) return;
    if (!client) {
      this.apply(id, { type: "error", message: "The Journey language server is not running, so the preview can't be updated. See the notification or the Journey output." });
      return;
    }
    try {
      // The server only knows documents the client has opened: open it (no editor) if needed.
      if (!vscode.workspace.textDocuments.some((document) => document.uri.toString() === this.uri.toString())) {
        await vscode.workspace.openTextDocument(this.uri);
      }
      const params: RenderParams = { uri: client.code2ProtocolConverter.asUri(this.uri), theme };
      const result = await client.sendRequest<RenderResult>(RENDER_REQUEST, params);
      if (!result || typeof result.svg !== "string") throw new Error("the server sent no SVG");
      this.apply(id, { type: "render", src: svgDataUri(result.svg), version: result.version, theme });
    } catch (error) {
      this.apply(id, { type: "error", message: `Can't render the diagram: ${errorMessage(error)}` });
    }
  }

  /** Shows an answer unless a newer request has already been answered. */
  private apply(id: number, message: ToWebview): void {
    if (this.disposed || id < this.applied) return;
    this.applied = id;
    if (message.type === "render") {
      this.last = { src: message.src, version: message.version, theme: message.theme };
      this.lastError = undefined;
    } else {
      this.lastError = message.message;
    }
    this.post(message);
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.scheduleRender.cancel();
    this.onDispose(this);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** Opens previews (one per document) and restores them after a reload. */
export class PreviewManager implements vscode.Disposable {
  private readonly previews = new Map<string, Preview>();

  constructor(
    private readonly client: JourneyClient,
    private readonly extensionUri: vscode.Uri,
  ) {}

  /** `Journey: Open Preview to the Side`, for the active editor or a file from the explorer. */
  async openToSide(resource?: vscode.Uri): Promise<void> {
    const uri = resource ?? activeJourneyUri();
    if (!uri) {
      void vscode.window.showInformationMessage("Open a .journey file to preview it.");
      return;
    }
    const existing = this.previews.get(uri.toString());
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      `Preview ${path.basename(uri.fsPath || uri.path)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "dist")] },
    );
    this.add(panel, uri, undefined);
  }

  /** Brings back a preview VS Code kept across a reload (`WebviewPanelSerializer`). */
  restore(panel: vscode.WebviewPanel, state: WebviewState | undefined): void {
    if (!state || typeof state.uri !== "string") {
      panel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(state.uri);
    if (this.previews.has(uri.toString())) {
      panel.dispose();
      return;
    }
    this.add(panel, uri, state);
  }

  private add(panel: vscode.WebviewPanel, uri: vscode.Uri, state: WebviewState | undefined): void {
    const preview = new Preview(panel, uri, this.client, this.extensionUri, state, (closed) => {
      if (this.previews.get(closed.uri.toString()) === closed) this.previews.delete(closed.uri.toString());
    });
    this.previews.set(uri.toString(), preview);
  }

  dispose(): void {
    for (const preview of [...this.previews.values()]) preview.dispose();
    this.previews.clear();
  }
}

/** The `.journey` document of the active editor, if any. */
export function activeJourneyUri(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === "journey" ? document.uri : undefined;
}
