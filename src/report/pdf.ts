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
  /** Print twice to put page numbers into the table of contents (default true when the page has one). */
  tocPageNumbers?: boolean;
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
    const print = () =>
      page.pdf({
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
    let pdf = await print();
    if ((opts.tocPageNumbers ?? true) && html.includes('<nav class="toc">')) {
      // Second pass: the first PDF says on which page each heading landed.
      const pages = namedDestinationPages(pdf);
      if (Object.keys(pages).length > 0) {
        await page.evaluate(`(${fillTocPages.toString()})(${JSON.stringify(pages)})`);
        pdf = await print();
      }
    }
    if (blocked.length > 0) throw new ExternalRequestError(blocked);
    return pdf;
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Runs in the page: appends the page number to each TOC link whose target is known. */
function fillTocPages(pages: Record<string, number>): void {
  const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<TocLink> } }).document;
  const links = doc.querySelectorAll("nav.toc a[href^='#']");
  for (let i = 0; i < links.length; i++) {
    const a = links[i];
    const id = decodeURIComponent(a.getAttribute("href")!.slice(1));
    if (pages[id] === undefined) continue;
    const span = a.ownerDocument.createElement("span");
    span.className = "toc-page";
    span.textContent = String(pages[id]);
    a.appendChild(span);
  }
}

interface TocLink {
  getAttribute(n: string): string | null;
  appendChild(c: unknown): void;
  ownerDocument: { createElement(t: string): { className: string; textContent: string } };
}

/**
 * Named destinations of a PDF printed by Chromium (Skia), id → 1-based page.
 * Reads the catalog's /Dests dictionary and the page tree; returns {} when
 * the file is laid out some other way (the TOC then simply has no numbers).
 */
export function namedDestinationPages(pdf: Uint8Array): Record<string, number> {
  const text = Buffer.from(pdf).toString("latin1");
  const objectBody = (n: string): string | null => {
    const start = text.indexOf(`\n${n} 0 obj\n`);
    if (start < 0) return null;
    const end = text.indexOf("endobj", start);
    return end < 0 ? null : text.slice(start, end);
  };
  const catalog = /\/Type \/Catalog([\s\S]*?)endobj/.exec(text)?.[1] ?? "";
  const pagesRoot = /\/Pages (\d+) 0 R/.exec(catalog)?.[1];
  const destsRef = /\/Dests (\d+) 0 R/.exec(catalog)?.[1];
  if (!pagesRoot || !destsRef) return {};
  const order: string[] = [];
  const walk = (n: string, depth: number) => {
    const body = objectBody(n);
    if (!body || depth > 32) return;
    if (/\/Type \/Pages\b/.test(body)) {
      const kids = /\/Kids \[([^\]]*)\]/.exec(body)?.[1] ?? "";
      for (const m of kids.matchAll(/(\d+) 0 R/g)) walk(m[1], depth + 1);
    } else {
      order.push(n);
    }
  };
  walk(pagesRoot, 0);
  const dests = objectBody(destsRef) ?? "";
  const out: Record<string, number> = {};
  for (const m of dests.matchAll(/\/([^\s\[\]/<>()]+)\s*\[(\d+) 0 R/g)) {
    const page = order.indexOf(m[2]);
    if (page < 0) continue;
    try {
      const name = decodeURIComponent(m[1].replace(/#([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))));
      out[name] = page + 1;
    } catch {
      // a name that is not percent-encoded UTF-8: not one of ours
    }
  }
  return out;
}
