// Starts Debian's Chromium headless for the checks (no browser download:
// puppeteer-core drives the system browser). The flags keep it off the
// network, which this machine does not have anyway.
import puppeteer from "puppeteer-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function launch() {
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  return puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), "journey-chromium-")),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
    ],
  });
}
