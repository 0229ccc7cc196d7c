/**
 * End-to-end: `vmexit report` on the bundled example experiment, as
 * `npm run report` runs it, checked with poppler (pdftotext, pdffonts,
 * pdfinfo) and by reading the HTML.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needTool } from "../helpers/tools";
import { processIO } from "../../src/cli/io";
import { loadReportData } from "../../src/report/data";
import { createBrowserProvider } from "../../src/report/browser";
import { ExternalRequestError, htmlToPdf } from "../../src/report/pdf";

const ROOT = join(__dirname, "../..");
const EXAMPLE = join(ROOT, "data/examples/rt-vmexit");
const XSS = "<img src=x onerror=alert(1)>";

function vmexit(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "cli-entry.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 180_000 });
}

const squash = (s: string) => s.replace(/\s+/g, "");

let cached: { dir: string; html: string; pdf: string; status: number | null; stderr: string } | null = null;
/** One real run shared by the checks below (it is the slow part). */
function reportOnce() {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "vmexit-e2e-"));
  const r = vmexit(["report", EXAMPLE, "--out", join(dir, "rt-vmexit"), "--format", "html,pdf,md", "--cache-dir", join(dir, "cache")]);
  cached = { dir, html: join(dir, "rt-vmexit.html"), pdf: join(dir, "rt-vmexit.pdf"), status: r.status, stderr: r.stderr };
  return cached;
}

function tools(t: Parameters<typeof needTool>[0]): boolean {
  return Boolean(
    needTool(t, "chromium", "apt-get install chromium") &&
      needTool(t, "pdftotext", "apt-get install poppler-utils") &&
      needTool(t, "pdffonts", "apt-get install poppler-utils") &&
      needTool(t, "pdfinfo", "apt-get install poppler-utils"),
  );
}

test("vmexit report on the example writes HTML, PDF and Markdown and exits 0", (t) => {
  if (!tools(t)) return;
  const r = reportOnce();
  assert.equal(r.status, 0, r.stderr);
  for (const f of ["rt-vmexit.html", "rt-vmexit.pdf", "rt-vmexit.md"]) assert.ok(existsSync(join(r.dir, f)), f);
  assert.match(readFileSync(join(r.dir, "rt-vmexit.md"), "utf8"), /!\[[^\]]*\]\(rt-vmexit\.files\/fig-[a-z-]+\.svg\)/);
});

test("the PDF text has the headings, the findings, the glossary terms and the synthetic-data note", async (t) => {
  if (!tools(t)) return;
  const r = reportOnce();
  assert.equal(r.status, 0, r.stderr);
  const text = spawnSync("pdftotext", [r.pdf, "-"], { encoding: "utf8" }).stdout;
  const flat = squash(text);
  for (const h of ["测试概述", "测试步骤", "VMexit统计字段", "测试结果", "总结", "后续工作", "目录"]) assert.ok(flat.includes(h), `heading ${h}`);
  const firstPage = squash(spawnSync("pdftotext", ["-f", "1", "-l", "1", r.pdf, "-"], { encoding: "utf8" }).stdout);
  assert.ok(firstPage.includes(squash("本报告使用的是合成的示例数据")), "synthetic-data note on the first page");
  const loaded = await loadReportData(EXAMPLE, { fs: processIO().fs });
  assert.deepEqual(loaded.errors, []);
  assert.ok(loaded.data.findings.length > 0);
  for (const f of loaded.data.findings.slice(0, 3)) assert.ok(flat.includes(squash(f.textZh)), `finding: ${f.textZh}`);
  assert.ok(loaded.data.glossary.length >= 5);
  for (const g of loaded.data.glossary) assert.ok(flat.includes(g.name), `glossary term ${g.name}`);
  for (const c of Object.values(loaded.data.experiment.runs[0].commands)) if (/perf kvm stat record|cyclictest -t1/.test(c)) assert.ok(flat.includes(squash(c)), `command ${c}`);
});

test("the PDF embeds the Chinese font and has a sensible number of A4 pages", (t) => {
  if (!tools(t)) return;
  const r = reportOnce();
  const fonts = spawnSync("pdffonts", [r.pdf], { encoding: "utf8" }).stdout;
  assert.match(fonts, /NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes/, fonts);
  const info = spawnSync("pdfinfo", [r.pdf], { encoding: "utf8" }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.ok(pages >= 4 && pages <= 20, `${pages} pages`);
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  // charts are vectors: the PDF holds no raster image at all
  const images = spawnSync("pdfimages", ["-list", r.pdf], { encoding: "utf8" }).stdout.split("\n").slice(2).filter((l) => l.trim());
  assert.deepEqual(images, []);
});

test("no page of the PDF ends with a heading (pdftotext -layout)", (t) => {
  if (!tools(t)) return;
  const r = reportOnce();
  const html = readFileSync(r.html, "utf8");
  const headings = [...html.matchAll(/<h[234] id="[^"]*"><span class="secno">([\d.]+)<\/span>([^<]+)<\/h[234]>/g)].map((m) => squash(m[1] + m[2]));
  assert.ok(headings.length >= 8, `${headings.length} headings`);
  const pages = spawnSync("pdftotext", ["-layout", r.pdf, "-"], { encoding: "utf8" }).stdout.split("\f").filter((p) => p.trim());
  pages.forEach((page, i) => {
    // The table of contents lists the headings on purpose.
    if (/^\s*目录\s*$/m.test(page)) return;
    const lines = page.split("\n").map((l) => l.trim()).filter(Boolean);
    const body = lines.filter((l) => !/^rt-vmexit\s+\d+\s*\/\s*\d+$/.test(l));
    const last = squash(body[body.length - 1] ?? "");
    assert.ok(!headings.includes(last), `page ${i + 1} ends with the heading '${last}'`);
  });
});

test("the table of contents gives the page each section starts on", (t) => {
  if (!tools(t)) return;
  const r = reportOnce();
  const pages = spawnSync("pdftotext", ["-layout", r.pdf, "-"], { encoding: "utf8" }).stdout.split("\f");
  const toc = pages.findIndex((p) => /^\s*目录\s*$/m.test(p));
  assert.ok(toc >= 0, "a page with the table of contents");
  const entries = [...pages[toc].matchAll(/^\s*(\d+(?:\.\d+)?)\s+(\S.*?)\s{2,}(\d+)\s*$/gm)].map((m) => ({ no: m[1], title: m[2].trim(), page: Number(m[3]) }));
  assert.ok(entries.length >= 8, `${entries.length} TOC entries with page numbers`);
  for (const e of entries) {
    const onPage = squash(pages[e.page - 1] ?? "");
    assert.ok(onPage.includes(squash(`${e.no} ${e.title}`)), `section ${e.no} ${e.title} is on page ${e.page}`);
  }
});

test("the HTML is one self-contained file: no external URL, fonts and charts inline", (t) => {
  if (!tools(t)) return;
  const r = reportOnce();
  const html = readFileSync(r.html, "utf8");
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?(?!#|data:)[a-z]+:/i);
  assert.doesNotMatch(html, /url\(\s*["']?(?!data:|#)/i);
  assert.doesNotMatch(html, /https?:\/\//i);
  assert.doesNotMatch(html, /<script|<link\b/i);
  assert.match(html, /@font-face\{font-family:"Noto Sans SC"[^}]*src:url\(data:font\/woff2;base64,/);
  assert.ok((html.match(/<figure class="chart"[^>]*><svg/g) ?? []).length >= 2);
});

test("a run label <img src=x onerror=alert(1)> appears as text in the HTML", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-xss-"));
  cpSync(EXAMPLE, join(dir, "exp"), { recursive: true });
  const manifest = join(dir, "exp", "experiment.yaml");
  const yaml = readFileSync(manifest, "utf8");
  const first = /labelZh: "(GP-GP[^"]*)"/.exec(yaml);
  assert.ok(first, "the example manifest has a GP-GP run label");
  writeFileSync(manifest, yaml.replace(first[0], `labelZh: "${XSS}"`));
  // Every built-in block that shows run labels, and a built-in chart (its legend has them too); no notebooks (fast).
  const tpl = join(dir, "labels.md");
  writeFileSync(tpl, "---\ntitle: 标签转义\n---\n## 一\n\n{{ description }}\n\n{{ run-tables top=3 }}\n\n{{ cyclictest }}\n\n{{ findings }}\n\n{{ chart exit-share }}\n");
  const r = vmexit(["report", join(dir, "exp"), "--template", tpl, "--out", join(dir, "x"), "--format", "html,md", "--cache-dir", join(dir, "cache")]);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(join(dir, "x.html"), "utf8");
  assert.ok(!/<img[^>]*onerror/i.test(html), "no img element from the label");
  assert.ok(html.split("&lt;img src=x onerror=alert(1)&gt;").length - 1 >= 3, "the label is shown escaped in the tables and the chart");
  const md = readFileSync(join(dir, "x.md"), "utf8");
  assert.ok(md.includes("\\<img src=x onerror=alert(1)>"), "Markdown-escaped in the .md");
});

test("a template with an unknown directive fails with exit 1, naming the template line", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-tpl-"));
  const tpl = join(dir, "bad.md");
  writeFileSync(tpl, "---\ntitle: 坏模板\n---\n\n## 一\n\n{{ glossary }}\n\n{{ no-such-block }}\n");
  const r = vmexit(["report", EXAMPLE, "--template", tpl, "--out", join(dir, "x"), "--no-pdf", "--cache-dir", join(dir, "cache")]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.md:9: error: unknown directive 'no-such-block'/);
  assert.equal(existsSync(join(dir, "x.html")), false, "nothing written");
});

test("htmlToPdf fails when the page asks for an external resource", async (t) => {
  if (!needTool(t, "chromium", "apt-get install chromium")) return;
  const browser = createBrowserProvider();
  try {
    const b = await browser.get();
    await assert.rejects(htmlToPdf(b, '<html><body><p>x</p><img src="http://127.0.0.1:9/x.png"></body></html>'), (e: unknown) => e instanceof ExternalRequestError && /127\.0\.0\.1:9\/x\.png/.test(e.message));
    const ok = await htmlToPdf(b, "<html><body><p>offline</p></body></html>");
    assert.equal(Buffer.from(ok).subarray(0, 5).toString(), "%PDF-");
  } finally {
    await browser.close();
  }
});
