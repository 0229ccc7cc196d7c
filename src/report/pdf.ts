/**
 * HTML → PDF in the shared browser: A4, page numbers in the footer, PDF
 * outline from the headings, charts kept as vectors (inline SVG). The page
 * may load nothing from outside: every request other than data: URLs is
 * blocked, and if the page asked for any the PDF fails naming the URLs.
 * JavaScript is disabled; the report needs none.
 */
import type { Browser } from "puppeteer";
import { escapeHtml } from "./escape";

export class ExternalRequestError extends Error {
  constructor(readonly urls: string[]) {
    super(`the report page tried to load external resources (blocked): ${urls.slice(0, 5).join(", ")}${urls.length > 5 ? ", ..." : ""}`);
  }
}

/** Every scheme that can reach outside the page. data: URLs (inline fonts) are allowed. */
export const BLOCKED_URL_PATTERNS = ["http://*", "https://*", "file://*", "ftp://*", "ws://*", "wss://*", "blob:*", "filesystem:*", "chrome://*", "chrome-extension://*"];

export interface PdfOptions {
  /** Short ASCII-safe text at the left of the footer (e.g. the experiment id). */
  footerLeft?: string;
  /** Timeout for loading the page, ms. */
  timeoutMs?: number;
}

export function footerTemplate(left: string): string {
  return (
    `<div style="width:100%;margin:0 16mm;font-size:7.5pt;color:#8a8f98;display:flex;justify-content:space-between;font-family:'DejaVu Sans',Arial,sans-serif;">` +
    `<span>${escapeHtml(left)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
  );
}

export async function htmlToPdf(browser: Browser, html: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  const page = await browser.newPage();
  const blocked: string[] = [];
  try {
    await page.setJavaScriptEnabled(false);
    // Blocked in Chromium's network stack (cheaper than request interception,
    // which would route every inline data: font through this process too);
    // every request is also observed, so that any attempt fails the PDF.
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    await cdp.send("Network.setBlockedURLs", { urls: BLOCKED_URL_PATTERNS });
    page.on("request", (req) => {
      const url = req.url();
      if (!url.startsWith("data:") && url !== "about:blank") blocked.push(url);
    });
    await page.setContent(html, { waitUntil: "load", timeout: opts.timeoutMs ?? 60_000 });
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => true));
    if (blocked.length > 0) throw new ExternalRequestError(blocked);
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: footerTemplate(opts.footerLeft ?? ""),
      margin: { top: "16mm", bottom: "18mm", left: "16mm", right: "16mm" },
      outline: true,
      tagged: true,
      timeout: opts.timeoutMs ?? 60_000,
    });
    if (blocked.length > 0) throw new ExternalRequestError(blocked);
    return pdf;
  } finally {
    await page.close().catch(() => undefined);
  }
}
