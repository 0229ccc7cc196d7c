import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTemplate } from "../../src/report/template";
import { resolveTemplate } from "../../src/report/directives";
import { renderBody, renderDocument, sanitizeSvg } from "../../src/report/render-html";
import { renderMarkdownReport } from "../../src/report/render-md";
import { escapeHtml, escapeMarkdown, formatPct, formatRate, formatUs } from "../../src/report/escape";
import { createMarkdown } from "../../src/report/render-html";
import { namedDestinationPages } from "../../src/report/pdf";
import type { ReportData } from "../../src/report/types";

const FIXTURE = join(__dirname, "../fixtures/report");
const XSS = "<img src=x onerror=alert(1)>";
function fixtureData(): ReportData {
  return { ...JSON.parse(readFileSync(join(FIXTURE, "data.json"), "utf8")), outputs: {} };
}
const HEAD = "---\ntitle: 测试报告\n---\n";

function render(template: string, data: ReportData): string {
  const tpl = parseTemplate(template, "t.md");
  const r = resolveTemplate(tpl, data);
  assert.deepEqual(r.errors, []);
  const body = renderBody(r.blocks, "zh");
  return renderDocument({ meta: tpl.meta, data, body, css: "", version: "0.0.0" });
}

test("escapeHtml escapes the five HTML metacharacters", () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("escapeMarkdown makes text render as itself through markdown-it", () => {
  const md = createMarkdown();
  for (const s of ["a *b* _c_", "[link](http://x)", "# not a heading", "1. not a list", "2) neither", "- nor this", "+ nor", XSS, "`code`", "a | b", "~~x~~", "EXTERNAL_INTERRUPT", "_x_ a_b_c __y__", "&amp; &#60;", "<http://x>", "![i](x.png)", "中文_下划线_"]) {
    const html = md.renderInline(escapeMarkdown(s));
    assert.equal(html, escapeHtml(s).replace(/&#39;/g, "'").replace(/&quot;/g, '"'), s);
  }
});

test("escapeMarkdown leaves numbers alone and still stops blocks from starting", () => {
  assert.equal(escapeMarkdown("48.28%"), "48.28%");
  assert.equal(escapeMarkdown("-3.71 个百分点"), "-3.71 个百分点");
  assert.equal(escapeMarkdown("41.96% => 48.28%"), "41.96% => 48.28%");
  const md = createMarkdown();
  for (const s of ["1. not a list", "2) neither", "- nor this", "+ nor", "# not a heading", "---", "===", "> not a quote", ">also not"]) {
    const html = md.render(escapeMarkdown(s)).trim();
    assert.equal(html, `<p>${escapeHtml(s)}</p>`, s);
  }
});

test("a run label <img src=x onerror=alert(1)> shows as text in every built-in block", () => {
  const data = fixtureData();
  data.experiment.runs[0].labelZh = XSS;
  data.runTables[0].labelZh = XSS;
  data.cyclictest[0].labelZh = XSS;
  data.findings[0].textZh = XSS;
  data.glossary[0].name = XSS;
  data.experiment.descriptionZh = XSS;
  const html = render(HEAD + "{{ description }}\n{{ run-tables }}\n{{ cyclictest }}\n{{ findings }}\n{{ glossary }}\n", data);
  assert.ok(!html.includes("<img"), "no raw <img> element");
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(html.split("&lt;img src=x onerror=alert(1)&gt;").length - 1 >= 5);
});

test("raw HTML in template text and notebook text outputs is shown as text (html: false)", () => {
  const data = fixtureData();
  data.outputs.intro = { label: "intro", kind: "text", data: { markdownZh: `说明 ${XSS} **粗体**` } };
  const html = render(HEAD + `模板里的 ${XSS}\n\n{{ text intro }}\n`, data);
  assert.ok(!html.includes("<img"));
  assert.match(html, /<strong>粗体<\/strong>/);
});

test("CJK-friendly emphasis: **（年化）**显著 becomes bold", () => {
  const html = render(HEAD + "占比**（年化）**显著\n", fixtureData());
  assert.match(html, /<strong>（年化）<\/strong>显著/);
});

test("sanitizeSvg removes scripts, event handlers, foreignObject and external references", () => {
  const dirty = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><foreignObject><div>x</div></foreignObject><image href="https://evil.example/x.png"/><a xlink:href="#ok"><text style="fill:url(https://x/y)">t</text></a></svg>`;
  const clean = sanitizeSvg(dirty);
  assert.ok(!/script|onload|foreignObject|https?:/i.test(clean), clean);
  assert.match(clean, /xlink:href="#ok"/);
  assert.ok(clean.startsWith("<svg"));
});

test("figures are inline SVG with a numbered caption; headings are numbered and listed in the TOC with links", () => {
  const data = fixtureData();
  const svg = readFileSync(join(FIXTURE, "chart.svg"), "utf8");
  data.outputs["exit-share"] = { label: "exit-share", kind: "figure", title: "退出原因占比", data: { spec: {}, svg } };
  const html = render(HEAD + "{{ toc }}\n\n## 结果\n\n### 分布\n\n{{ figure exit-share }}\n\n## 总结\n", data);
  assert.match(html, /<figure class="chart"[^>]*><svg/);
  assert.match(html, /图 1　退出原因占比/);
  assert.match(html, /<h2 id="(sec-[^"]+)"><span class="secno">1<\/span>结果<\/h2>/);
  const id = /<h3 id="(sec-[^"]+)"><span class="secno">1\.1<\/span>分布/.exec(html)?.[1];
  assert.ok(id);
  assert.match(html, new RegExp(`<a href="#${id}">`));
  assert.match(html, /<span class="secno">2<\/span>总结/);
});

test("the cover shows the synthetic-data note only for synthetic experiments", () => {
  const data = fixtureData();
  assert.match(render(HEAD + "x\n", data), /class="synthetic-note"[^>]*>注意：本报告使用的是合成的示例数据/);
  data.experiment.synthetic = false;
  assert.doesNotMatch(render(HEAD + "x\n", data), /synthetic-note/);
});

test("the HTML document has no external URL", () => {
  const data = fixtureData();
  const svg = readFileSync(join(FIXTURE, "chart.svg"), "utf8");
  data.outputs["exit-share"] = { label: "exit-share", kind: "figure", data: { spec: {}, svg } };
  const html = render(HEAD + "{{ figure exit-share }}\n{{ procedure }}\n{{ glossary }}\n", data);
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /url\(\s*["']?(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /https?:\/\//i);
});

test("renderMarkdownReport writes the seed's form: tables, ↑/↓ row, and charts as SVG files beside it", () => {
  const data = fixtureData();
  const svg = readFileSync(join(FIXTURE, "chart.svg"), "utf8");
  data.outputs["exit-share"] = { label: "exit-share", kind: "figure", title: "占比", data: { spec: {}, svg } };
  data.runTables[0].labelZh = XSS;
  const tpl = parseTemplate(HEAD + "## 结果\n\n{{ figure exit-share }}\n\n{{ run-tables top=3 }}\n\n## 后续工作\n\n{{ follow-up }}\n", "t.md");
  const r = resolveTemplate(tpl, data);
  const md = renderMarkdownReport(r.blocks, tpl.meta, data, "report.files");
  assert.deepEqual(Object.keys(md.files), ["report.files/fig-exit-share.svg"]);
  assert.equal(md.files["report.files/fig-exit-share.svg"], svg);
  assert.match(md.markdown, /!\[图 1　占比\]\(report\.files\/fig-exit-share\.svg\)/);
  assert.match(md.markdown, /\| EXTERNAL_INTERRUPT \| PREEMPTION_TIMER \| MSR_WRITE \|\n\| :---: \| :---: \| :---: \|\n\| ↓ \| ↑ \| ↑ \|/);
  assert.match(md.markdown, /> \*\*注意：/);
  // the escaped label renders as text through a Markdown renderer
  const html = createMarkdown().render(md.markdown);
  assert.ok(!/<img[^>]*onerror/.test(html), "the label is not an element");
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
});

test("number formats: percent with two decimals, µs as perf prints, rates by magnitude", () => {
  assert.equal(formatPct(4.1111), "4.11%");
  assert.equal(formatPct(null), "–");
  assert.equal(formatUs(2.618), "2.62");
  assert.equal(formatUs(6497.2), "6,497");
  assert.equal(formatRate(2084.4), "2,084");
  assert.equal(formatRate(28.44), "28.4");
  assert.equal(formatRate(0.5), "0.50");
});

test("namedDestinationPages maps Chromium's named destinations to 1-based pages through the page tree", () => {
  const pdf = [
    "%PDF-1.4",
    "1 0 obj\n<</Type /Catalog\n/Pages 9 0 R\n/Dests 8 0 R>>\nendobj",
    "9 0 obj\n<</Type /Pages\n/Count 3\n/Kids [7 0 R 5 0 R]>>\nendobj",
    "7 0 obj\n<</Type /Pages\n/Count 2\n/Kids [3 0 R 4 0 R]\n/Parent 9 0 R>>\nendobj",
    "3 0 obj\n<</Type /Page>>\nendobj",
    "4 0 obj\n<</Type /Page>>\nendobj",
    "5 0 obj\n<</Type /Page>>\nendobj",
    "8 0 obj\n<</sec-#25E6#2580#25BB#25E7#25BB#2593 [5 0 R /XYZ 0 800 0]\n/sec-intro [4 0 R /XYZ 0 100 0]>>\nendobj",
  ].join("\n");
  assert.deepEqual(namedDestinationPages(Buffer.from(pdf, "latin1")), { "sec-总结": 3, "sec-intro": 2 });
  assert.deepEqual(namedDestinationPages(Buffer.from("%PDF-1.4 nothing here", "latin1")), {});
});
