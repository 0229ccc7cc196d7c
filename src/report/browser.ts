/**
 * The headless browser that prints the PDF: a system Chromium/Chrome when one
 * is installed, puppeteer's own download otherwise. One browser is launched
 * lazily and reused for every page; `close()` ends it.
 */
import { accessSync, constants } from "node:fs";
import type { Browser } from "puppeteer";

/** Flags for a closed network and for running as root (STACK.md). */
export const CHROMIUM_ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-extensions",
  "--disable-default-apps",
  "--mute-audio",
  "--font-render-hinting=none",
] as const;

export const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
] as const;

export const BROWSER_HELP = [
  "To make the PDF, install a browser puppeteer can drive, with one of:",
  "  apt-get install chromium                  (Debian/Ubuntu)",
  "  npx puppeteer browsers install chrome     (puppeteer's own Chrome, needs internet)",
  "  export PUPPETEER_EXECUTABLE_PATH=/path/to/chrome   (a Chrome/Chromium you already have)",
  "or skip the PDF with --no-pdf.",
].join("\n");

export class BrowserUnavailableError extends Error {}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Candidate executables in order: $PUPPETEER_EXECUTABLE_PATH, system browsers, puppeteer's own. */
export function browserCandidates(env: Record<string, string | undefined>, puppeteerOwn: string | null, exists: (p: string) => boolean = isExecutable): string[] {
  const list = [env.PUPPETEER_EXECUTABLE_PATH, ...SYSTEM_BROWSERS, puppeteerOwn].filter((p): p is string => typeof p === "string" && p.length > 0);
  return [...new Set(list)].filter(exists);
}

export interface BrowserProvider {
  /** The shared browser, launched on first use. Throws BrowserUnavailableError with instructions. */
  get(): Promise<Browser>;
  close(): Promise<void>;
}

export function createBrowserProvider(env: Record<string, string | undefined> = process.env): BrowserProvider {
  let browser: Promise<Browser> | null = null;
  const launch = async (): Promise<Browser> => {
    let puppeteer: typeof import("puppeteer");
    try {
      puppeteer = require("puppeteer");
    } catch (err) {
      throw new BrowserUnavailableError(`the puppeteer package cannot be loaded (${(err as Error).message}).\n${BROWSER_HELP}`);
    }
    let own: string | null = null;
    try {
      own = puppeteer.executablePath();
    } catch {
      own = null;
    }
    const candidates = browserCandidates(env, own);
    if (candidates.length === 0) throw new BrowserUnavailableError(`no Chromium or Chrome found (looked at $PUPPETEER_EXECUTABLE_PATH, ${SYSTEM_BROWSERS.join(", ")} and puppeteer's own download).\n${BROWSER_HELP}`);
    const failures: string[] = [];
    const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
    for (const executablePath of candidates) {
      try {
        return await puppeteer.launch({
          executablePath,
          headless: true,
          args: [...CHROMIUM_ARGS, ...(isRoot || env.CI === "true" ? ["--no-sandbox", "--disable-setuid-sandbox"] : [])],
          timeout: 30_000,
        });
      } catch (err) {
        failures.push(`${executablePath}: ${(err as Error).message.split("\n")[0]}`);
      }
    }
    throw new BrowserUnavailableError(`no browser could be started:\n  ${failures.join("\n  ")}\n${BROWSER_HELP}`);
  };
  return {
    get() {
      if (!browser) {
        browser = launch();
        browser.catch(() => {
          browser = null;
        });
      }
      return browser;
    },
    async close() {
      if (!browser) return;
      const b = await browser.catch(() => null);
      browser = null;
      if (b) await b.close().catch(() => undefined);
    },
  };
}
