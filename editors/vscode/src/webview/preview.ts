// The preview webview's script: shows the diagram it is sent, keeps the
// scroll position (also across reloads, with the webview state), and shows
// errors in a banner above the last good diagram.

import type { FromWebview, ToWebview, WebviewState } from "../protocol";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const banner = document.getElementById("banner") as HTMLDivElement;
const placeholder = document.getElementById("placeholder") as HTMLDivElement;
/** The diagram scrolls inside this element, so the error banner above it never scrolls away. */
const scroller = document.getElementById("scroller") as HTMLElement;
let diagram = document.getElementById("diagram") as HTMLImageElement;

const initial = JSON.parse(document.body.dataset.state ?? "{}") as WebviewState;
let state: WebviewState = { ...initial, ...vscode.getState(), uri: initial.uri };
/** Numbers the diagrams received: one that decodes late never replaces a newer one. */
let received = 0;
let restored = false;
vscode.setState(state);

function save(patch: Partial<WebviewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

let scrollFrame = 0;
scroller.addEventListener(
  "scroll",
  () => {
    if (scrollFrame) return;
    scrollFrame = requestAnimationFrame(() => {
      scrollFrame = 0;
      save({ scrollX: scroller.scrollLeft, scrollY: scroller.scrollTop });
    });
  },
  { passive: true },
);

function applyFit(image: HTMLImageElement): void {
  image.classList.toggle("fit", state.fit);
}

function onDiagramClick(): void {
  save({ fit: !state.fit });
  applyFit(diagram);
}
diagram.addEventListener("click", onDiagramClick);

/** Swaps in the new diagram once it has decoded, so the page never flashes empty or jumps. */
async function show(src: string): Promise<void> {
  const ticket = ++received;
  const next = new Image();
  next.id = "diagram";
  next.alt = diagram.alt;
  next.title = diagram.title;
  next.src = src;
  applyFit(next);
  try {
    await next.decode();
  } catch {
    showError("The diagram could not be displayed (the SVG did not decode).");
    return;
  }
  if (ticket !== received) return;
  const x = restored ? scroller.scrollLeft : state.scrollX;
  const y = restored ? scroller.scrollTop : state.scrollY;
  diagram.removeEventListener("click", onDiagramClick);
  next.addEventListener("click", onDiagramClick);
  diagram.replaceWith(next);
  diagram = next;
  placeholder.hidden = true;
  scroller.scrollTo(x, y);
  restored = true;
  save({ scrollX: scroller.scrollLeft, scrollY: scroller.scrollTop });
}

function showError(message: string): void {
  banner.textContent = message;
  banner.hidden = false;
  if (diagram.hidden) placeholder.textContent = "No diagram yet.";
}

window.addEventListener("message", (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message?.type) {
    case "render":
      banner.hidden = true;
      banner.textContent = "";
      void show(message.src);
      break;
    case "error":
      showError(message.message);
      break;
  }
});

vscode.postMessage({ type: "ready" });
