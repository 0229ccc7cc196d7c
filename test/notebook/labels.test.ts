import { test } from "node:test";
import assert from "node:assert/strict";
import {
  LABELLED_OUTPUT_MIME,
  extractLabelledOutputs,
  assertLabel,
  type LabelledOutput,
} from "../../src/notebook/labels";
import { tableBundle, findingsBundle, findingBundle, textBundle, figureBundle, createReportOutputs } from "../../src/notebook/outputs";
import { tableToHtml, tableToText, displayWidth, formatCell } from "../../src/notebook/tables";
import type { MimeBundle, Notebook } from "../../src/notebook/ipynb";

const TABLE = {
  columns: [
    { key: "reason", labelZh: "退出原因" },
    { key: "samples", labelZh: "次数", unit: "次" },
    { key: "avgUs", labelZh: "平均耗时", unit: "µs", digits: 2 },
  ],
  rows: [
    { reason: "EPT_MISCONFIG", samples: 1234567, avgUs: 3.14159 },
    { reason: "HLT <idle>", samples: 12, avgUs: null },
  ],
};

function nbWith(payloads: unknown[][]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: payloads.map((ps, i) => ({
      cell_type: "code" as const,
      id: `c${i}`,
      metadata: {},
      source: "",
      execution_count: i + 1,
      outputs: ps.map((p) => ({ output_type: "display_data" as const, data: { "text/plain": "x", [LABELLED_OUTPUT_MIME]: p }, metadata: {} })),
    })),
  };
}

test("tableToHtml(table) puts the unit in the Chinese header and right-aligns numbers", () => {
  const html = tableToHtml(TABLE);
  assert.match(html, /<th style="text-align:left">退出原因<\/th>/);
  assert.match(html, /<th style="text-align:right">平均耗时（µs）<\/th>/);
  assert.match(html, /<th style="text-align:right">次数（次）<\/th>/);
  assert.match(html, />1,234,567</);
  assert.match(html, />3.14</);
  assert.match(html, />—</, "null shows as a dash");
});

test("tableToHtml(table) escapes HTML in cells", () => {
  assert.match(tableToHtml(TABLE), /HLT &lt;idle&gt;/);
  assert.doesNotMatch(tableToHtml(TABLE), /<idle>/);
});

test("tableToHtml(table) sets `code` spans in text cells and notes as <code>, escaped", () => {
  const html = tableToHtml({
    columns: [{ key: "kvm", labelZh: "KVM 的处理" }],
    rows: [{ kvm: "用 `perf kvm stat report --event=ioport` 查看 `<x>`" }],
    noteZh: "见 `vmexit parse`",
  });
  assert.match(html, /用 <code>perf kvm stat report --event=ioport<\/code> 查看 <code>&lt;x&gt;<\/code>/);
  assert.match(html, /见 <code>vmexit parse<\/code>/);
  assert.doesNotMatch(html, /`/);
  assert.match(tableToText({ columns: [{ key: "kvm", labelZh: "x" }], rows: [{ kvm: "`a`" }] }), /`a`/, "plain text keeps the backticks");
});

test("tableToHtml(table) with no rows says so", () => {
  assert.match(tableToHtml({ columns: TABLE.columns, rows: [] }), /无数据/);
});

test("tableToText(table) aligns columns counting CJK as two columns", () => {
  const lines = tableToText(TABLE).split("\n");
  assert.equal(lines.length, 4);
  const widths = lines.map(displayWidth);
  assert.equal(widths[0], widths[1], "header and rule have the same width");
  assert.ok(lines[2].endsWith("3.14"));
  assert.equal(displayWidth("平均耗时（µs）"), 4 * 2 + 2 + 2 + 2);
});

test("formatCell(v, column) rounds to digits and groups thousands", () => {
  assert.equal(formatCell(-1234.5, { key: "x", labelZh: "x", digits: 1 }), "-1,234.5");
  assert.equal(formatCell(0.000001, { key: "x", labelZh: "x" }), "0.000001");
  assert.equal(formatCell(null, { key: "x", labelZh: "x" }), "—");
  assert.equal(formatCell(-0.001, { key: "x", labelZh: "x", digits: 2 }), "0.00", "a value that rounds to zero has no minus sign");
  assert.equal(formatCell(-0.006, { key: "x", labelZh: "x", digits: 2 }), "-0.01");
  assert.equal(formatCell(7.271, { key: "x", labelZh: "x", digits: 2, signed: true }), "+7.27", "signed columns mark increases");
  assert.equal(formatCell(-5.5, { key: "x", labelZh: "x", digits: 1, signed: true }), "-5.5");
  assert.equal(formatCell(0.001, { key: "x", labelZh: "x", digits: 2, signed: true }), "0.00", "no sign on a zero");
});

test("tableBundle(label, table) carries HTML, text and the labelled JSON", () => {
  const b = tableBundle("exit-summary", TABLE, { title: "各退出原因汇总" });
  assert.equal(typeof b["text/html"], "string");
  assert.match(String(b["text/plain"]), /各退出原因汇总/);
  const p = b[LABELLED_OUTPUT_MIME] as LabelledOutput;
  assert.equal(p.label, "exit-summary");
  assert.equal(p.kind, "table");
  assert.equal(p.title, "各退出原因汇总");
  assert.deepEqual(p.data, TABLE);
});

test("tableBundle throws on a column without labelZh or a repeated key", () => {
  assert.throws(() => tableBundle("t", { columns: [{ key: "a" } as never], rows: [] }), /labelZh/);
  assert.throws(() => tableBundle("t", { columns: [{ key: "a", labelZh: "甲" }, { key: "a", labelZh: "乙" }], rows: [] }), /appears twice/);
});

test("assertLabel rejects labels with spaces or other punctuation", () => {
  assert.throws(() => assertLabel("Exit Share"), /invalid output label/);
  assert.throws(() => tableBundle("", TABLE), /invalid output label/);
  assert.throws(() => assertLabel("a/b"), /invalid output label/);
  assertLabel("exit-share.run_a");
  assertLabel("effect-guestKernel");
});

test("findingsBundle(label, items) lists findings with their level and keeps the structure", () => {
  const items = [
    { id: "compare/exit-drop", level: "notice" as const, textZh: "关闭 halt-poll 后 HLT 退出减少 80%。", facts: { changePct: -80 } },
    { textZh: "EPT_MISCONFIG 的平均耗时基本不变。" },
  ];
  const b = findingsBundle("compare", items);
  assert.match(String(b["text/html"]), /<li>注意：关闭 halt-poll/);
  assert.match(String(b["text/plain"]), /^主要发现\n1\. 注意：/);
  const p = b[LABELLED_OUTPUT_MIME] as LabelledOutput;
  assert.equal(p.kind, "findings");
  assert.deepEqual(p.kind === "findings" && p.data.items, items);
});

test("findingsBundle(label, []) says there is nothing to point out", () => {
  assert.match(String(findingsBundle("none", [])["text/html"]), /没有值得单独指出/);
});

test("findingBundle and textBundle label single outputs", () => {
  assert.equal((findingBundle("one", { textZh: "甲" })[LABELLED_OUTPUT_MIME] as LabelledOutput).kind, "finding");
  assert.throws(() => findingBundle("one", { text: "x" } as never), /textZh/);
  const t = textBundle("intro", "**说明**");
  assert.equal(t["text/markdown"], "**说明**");
  assert.equal((t[LABELLED_OUTPUT_MIME] as LabelledOutput).kind, "text");
});

test("figureBundle keeps the visible bundle and adds spec, svg and size", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="120" height="80"></svg>';
  const b = figureBundle("exit-share", { title: "退出占比", mark: "bar" }, svg, { "text/html": "<img>" });
  assert.equal(b["text/html"], "<img>");
  const p = b[LABELLED_OUTPUT_MIME] as LabelledOutput;
  assert.equal(p.kind, "figure");
  assert.equal(p.title, "退出占比", "title defaults to the spec title");
  assert.deepEqual(p.kind === "figure" && [p.data.svg, p.data.widthPx, p.data.heightPx], [svg, 120, 80]);
});

test("createReportOutputs({ sink }).figure renders the spec with src/charts and sends one bundle", async () => {
  const sent: MimeBundle[] = [];
  const report = createReportOutputs({ sink: (b) => sent.push(b) });
  await report.figure(
    "bars",
    { data: { values: [{ r: "HLT", n: 3 }, { r: "MSR", n: 5 }] }, mark: "bar", encoding: { x: { field: "r", type: "nominal" }, y: { field: "n", type: "quantitative" } } },
    { title: "退出次数" },
  );
  assert.equal(sent.length, 1);
  assert.match(String(sent[0]["text/html"]), /<img [^>]*src="data:image\/svg\+xml;base64,/);
  assert.ok(sent[0]["application/vnd.vegalite.v5+json"]);
  const p = sent[0][LABELLED_OUTPUT_MIME] as LabelledOutput;
  assert.ok(p.kind === "figure" && p.data.svg.startsWith("<svg"));
  await assert.rejects(() => report.figure("x", null as never), /Vega-Lite spec/);
});

test("extractLabelledOutputs(nb) finds outputs by label, in order, with their cell", () => {
  const a = tableBundle("summary", TABLE)[LABELLED_OUTPUT_MIME];
  const b = findingsBundle("compare", [{ textZh: "甲" }])[LABELLED_OUTPUT_MIME];
  const r = extractLabelledOutputs(nbWith([[], [a], [b]]));
  assert.deepEqual(r.outputs.map((o) => [o.label, o.kind, o.cellIndex, o.cellId]), [
    ["summary", "table", 1, "c1"],
    ["compare", "findings", 2, "c2"],
  ]);
  assert.equal(r.byLabel.summary.kind, "table");
  assert.deepEqual(r.diagnostics, []);
});

test("extractLabelledOutputs(nb) skips malformed payloads with a diagnostic", () => {
  const r = extractLabelledOutputs(nbWith([[{ label: "x", kind: "chart", data: {} }, { label: "Bad Label", kind: "text", data: { markdownZh: "" } }, { label: "t", kind: "table", data: {} }]]), "a.ipynb");
  assert.equal(r.outputs.length, 0);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["notebook/bad-labelled-output", "notebook/bad-labelled-output", "notebook/bad-labelled-output"]);
  assert.match(r.diagnostics[0].message, /cell 1: .*unknown kind "chart"/);
  assert.equal(r.diagnostics[0].file, "a.ipynb");
});

test("extractLabelledOutputs(nb) reports a repeated label and keeps the later output", () => {
  const t1 = textBundle("intro", "一")[LABELLED_OUTPUT_MIME];
  const t2 = textBundle("intro", "二")[LABELLED_OUTPUT_MIME];
  const r = extractLabelledOutputs(nbWith([[t1], [t2]]));
  assert.equal(r.outputs.length, 2);
  assert.equal(r.byLabel.intro.kind === "text" && r.byLabel.intro.data.markdownZh, "二");
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["notebook/duplicate-label"]);
});

test("extractLabelledOutputs(nb) reads a payload stored as a JSON string", () => {
  const p = JSON.stringify(textBundle("intro", "一")[LABELLED_OUTPUT_MIME]);
  assert.equal(extractLabelledOutputs(nbWith([[p]])).outputs[0].label, "intro");
});

test("extractLabelledOutputs(x) on something that is not a notebook gives a diagnostic", () => {
  assert.deepEqual(extractLabelledOutputs({} as Notebook).diagnostics.map((d) => d.code), ["notebook/not-a-notebook"]);
});
