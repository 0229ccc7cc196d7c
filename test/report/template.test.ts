import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDirectiveBody, parseTemplate } from "../../src/report/template";
import { DIRECTIVES, resolveTemplate } from "../../src/report/directives";
import type { ReportData } from "../../src/report/types";

const FIXTURE = join(__dirname, "../fixtures/report");
function fixtureData(): ReportData {
  return { ...JSON.parse(readFileSync(join(FIXTURE, "data.json"), "utf8")), outputs: {} };
}
const SVG = readFileSync(join(FIXTURE, "chart.svg"), "utf8");

const HEAD = "---\ntitle: 测试报告\n---\n";

test("parseTemplate reads the front matter: title, author, notebooks, lang", () => {
  const t = parseTemplate("---\ntitle: 报告\nauthor: 张三\ndate: 2026-11-25\nnotebooks: [a.ipynb, b.ipynb]\n---\n正文\n", "t.md");
  assert.deepEqual(t.errors, []);
  assert.equal(t.meta.title, "报告");
  assert.equal(t.meta.author, "张三");
  assert.equal(t.meta.date, "2026-11-25");
  assert.deepEqual(t.meta.notebooks, ["a.ipynb", "b.ipynb"]);
  assert.equal(t.meta.lang, "zh");
});

test("parseTemplate: a directive alone on a line is a block with its 1-based file line", () => {
  const t = parseTemplate(HEAD + "## 结果\n\n{{ figure exit-share title=\"份额 图\" }}\n\n文字\n", "t.md");
  const d = t.segments.find((s) => s.type === "directive");
  assert.ok(d && d.type === "directive");
  assert.equal(d.call.name, "figure");
  assert.deepEqual(d.call.args.positional, ["exit-share"]);
  assert.deepEqual(d.call.args.named, { title: "份额 图" });
  assert.equal(d.call.line, 6);
});

test("parseTemplate leaves directives inside fenced code blocks alone", () => {
  const t = parseTemplate(HEAD + "```\n{{ figure x }}\n```\n", "t.md");
  assert.equal(t.segments.filter((s) => s.type === "directive").length, 0);
  assert.match((t.segments[0] as { text: string }).text, /\{\{ figure x \}\}/);
});

test("parseTemplate without front matter or title is an error on line 1", () => {
  const t = parseTemplate("## 没有标题\n", "t.md");
  assert.equal(t.errors[0].code, "report-template/no-title");
  assert.equal(t.errors[0].line, 1);
});

test("parseTemplate: invalid YAML in the front matter names the line", () => {
  const t = parseTemplate("---\ntitle: a\nauthor: [unclosed\n---\n", "t.md");
  const e = t.errors.find((x) => x.code === "report-template/bad-front-matter");
  assert.ok(e, JSON.stringify(t.errors));
  assert.ok(e.line >= 2 && e.line <= 4, `line ${e.line}`);
});

test("parseDirectiveBody splits positional and key=value arguments, with quotes", () => {
  assert.deepEqual(parseDirectiveBody('run-tables top=5 runs="a,b"'), { name: "run-tables", args: { positional: [], named: { top: "5", runs: "a,b" } } });
  assert.ok("error" in parseDirectiveBody('figure "unclosed'));
  assert.ok("error" in parseDirectiveBody("Figure x"));
});

test("resolveTemplate: an unknown directive is an error naming the template line", () => {
  const t = parseTemplate(HEAD + "\n{{ figur exit-share }}\n", "my.md");
  const r = resolveTemplate(t, fixtureData());
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, "report-template/unknown-directive");
  assert.equal(r.errors[0].line, 5);
  assert.match(r.errors[0].message, /figur/);
});

test("resolveTemplate: a missing label is an error naming the line and the labels available", () => {
  const data = fixtureData();
  data.outputs["exit-share"] = { label: "exit-share", kind: "figure", data: { spec: {}, svg: SVG } };
  const t = parseTemplate(HEAD + "{{ figure exit-share }}\n{{ figure no-such }}\n", "my.md");
  const r = resolveTemplate(t, data);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, "report-template/missing-label");
  assert.equal(r.errors[0].line, 5);
  assert.match(r.errors[0].message, /no-such/);
  assert.match(r.errors[0].message, /exit-share/);
});

test("resolveTemplate: using a table label as a figure is an error that says the right directive", () => {
  const data = fixtureData();
  data.outputs.summary = { label: "summary", kind: "table", data: { columns: [], rows: [] } };
  const r = resolveTemplate(parseTemplate(HEAD + "{{ figure summary }}\n", "t.md"), data);
  assert.equal(r.errors[0].code, "report-template/wrong-kind");
  assert.match(r.errors[0].message, /\{\{ table summary \}\}/);
});

test("resolveTemplate: a block directive inside a sentence is an error", () => {
  const r = resolveTemplate(parseTemplate(HEAD + "见 {{ glossary }} 表\n", "t.md"), fixtureData());
  assert.equal(r.errors[0].code, "report-template/block-directive-inline");
  assert.equal(r.errors[0].line, 4);
});

test("resolveTemplate: wrong arguments are errors (missing label, unknown option, bad number)", () => {
  const r = resolveTemplate(parseTemplate(HEAD + "{{ figure }}\n{{ glossary top=3 }}\n{{ run-tables top=x }}\n", "t.md"), fixtureData());
  assert.deepEqual(
    r.errors.map((e) => [e.line, e.code]),
    [
      [4, "report-template/missing-argument"],
      [5, "report-template/bad-arguments"],
      [6, "report-template/bad-arguments"],
    ],
  );
});

test("resolveTemplate substitutes inline values Markdown-escaped, and \\{{ stays literal", () => {
  const data = fixtureData();
  data.experiment.titleZh = "a *b* <c>";
  const r = resolveTemplate(parseTemplate(HEAD + "实验：{{ experiment-title }}，共 {{ run-count }} 组。\\{{ not a directive }}\n", "t.md"), data);
  assert.deepEqual(r.errors, []);
  const md = (r.blocks[0] as { text: string }).text;
  assert.match(md, /a \\\*b\\\* \\<c>/);
  assert.match(md, /共 4 组/);
  assert.match(md, /\\\{\\\{ not a directive \}\}/);
});

test("{{ follow-up }} gives a one-row table of arrows with the reasons as headers", () => {
  const r = resolveTemplate(parseTemplate(HEAD + "{{ follow-up }}\n", "t.md"), fixtureData());
  const table = r.blocks.find((b) => b.type === "table");
  assert.ok(table && table.type === "table");
  assert.deepEqual(
    table.columns.map((c) => c.text),
    ["EXTERNAL_INTERRUPT", "PREEMPTION_TIMER", "MSR_WRITE"],
  );
  assert.deepEqual(table.rows, [["↓", "↑", "↑"]]);
});

test("{{ run-tables top=3 }} folds the other reasons into one row with their summed share", () => {
  const data = fixtureData();
  const r = resolveTemplate(parseTemplate(HEAD + "{{ run-tables top=3 runs=gp-rt-bind }}\n", "t.md"), data);
  assert.deepEqual(r.errors, []);
  const tables = r.blocks.filter((b) => b.type === "table");
  assert.equal(tables.length, 1);
  const t = tables[0] as { rows: string[][] };
  assert.equal(t.rows.length, 4);
  const src = data.runTables.find((x) => x.runId === "gp-rt-bind")!;
  const restPct = src.rows.slice(3).reduce((a, r) => a + (r.samplesPct ?? 0), 0);
  assert.equal(t.rows[3][2], `${restPct.toFixed(2)}%`);
  assert.match(t.rows[3][0], new RegExp(`${src.rows.length - 3}`));
});

test("{{ procedure }} shows the manifest's commands once when every run used the same ones", () => {
  const r = resolveTemplate(parseTemplate(HEAD + "{{ procedure }}\n", "t.md"), fixtureData());
  const steps = r.blocks.find((b) => b.type === "steps");
  assert.ok(steps && steps.type === "steps");
  const codes = steps.steps.map((s) => s.code).join("\n");
  assert.match(codes, /perf kvm stat record -p 3062/);
  assert.match(codes, /cyclictest -t1 -p 99 -i 10000 -l 1000/);
  assert.match(codes, /perf kvm stat report --event=vmexit/);
  assert.ok(codes.indexOf("record") < codes.indexOf("report --event"), "record before report");
});

test("{{ procedure }} says so when the manifest records no commands", () => {
  const data = fixtureData();
  for (const r of data.experiment.runs) r.commands = {};
  const r = resolveTemplate(parseTemplate(HEAD + "{{ procedure }}\n", "t.md"), data);
  assert.equal(r.blocks.length, 1);
  assert.equal(r.blocks[0].type, "paragraph");
  assert.match((r.blocks[0] as { text: string }).text, /没有记录测试所用的命令/);
});

test("every directive in the table has a summary, and block directives declare their arguments", () => {
  for (const [name, d] of Object.entries(DIRECTIVES)) {
    assert.ok(d.summary.length > 5, name);
    if (d.placement === "block") assert.ok(Array.isArray(d.args.positional), name);
  }
});

test("the bundled template parses without errors and uses only known directives", () => {
  const src = readFileSync(join(__dirname, "../../templates/report.zh.md"), "utf8");
  const t = parseTemplate(src, "report.zh.md");
  assert.deepEqual(t.errors, []);
  for (const s of t.segments) if (s.type === "directive") assert.ok(DIRECTIVES[s.call.name], s.call.name);
});

test("{{ table LABEL }} prints numbers as the notebook does: the column's digits, thousands grouped, signed when asked", () => {
  const data = fixtureData();
  data.outputs.lat = {
    label: "lat",
    kind: "table",
    data: {
      columns: [
        { key: "run", labelZh: "配置" },
        { key: "maxUs", labelZh: "最大延迟", unit: "µs", digits: 0 },
        { key: "avgUs", labelZh: "平均延迟", unit: "µs", digits: 1 },
        { key: "delta", labelZh: "变化", digits: 2, signed: true },
        { key: "n", labelZh: "次数" },
      ],
      rows: [{ run: "GP-GP", maxUs: 1281, avgUs: 12345.67, delta: 7.271, n: 25898 }],
    },
  };
  const r = resolveTemplate(parseTemplate(HEAD + "{{ table lat }}\n", "t.md"), data);
  assert.deepEqual(r.errors, []);
  const t = r.blocks.find((b) => b.type === "table") as { rows: string[][] };
  assert.deepEqual(t.rows, [["GP-GP", "1,281", "12,345.7", "+7.27", "25,898"]]);
});
