import { test } from "node:test";
import assert from "node:assert/strict";
import * as vega from "vega";
import { buildChart, chartMimeBundle, compileSpec, exitShareSpec, installTextMetrics, normalizeSvg, renderSvg, textWidthEm, textWidthPx, type RunExits } from "../../src/charts";
import { caseData, GOLDEN_CASES, readInput } from "./cases";

const exits4 = readInput<RunExits[]>("exits-4runs.json");
const exits8 = readInput<RunExits[]>("exits-8runs.json");

test("textWidthEm counts CJK as 1 em and Latin narrower", () => {
  assert.equal(textWidthEm("配置"), 2);
  assert.equal(textWidthEm("（绑核）"), 4);
  assert.ok(textWidthEm("abc") > 1.5 && textWidthEm("abc") < 2);
  assert.ok(textWidthEm("MSR_WRITE") > textWidthEm("msr_write"));
  assert.equal(textWidthPx("退出原因", 12), 48);
});

test("renderSvg gives the same bytes for the same spec, even after other charts", async () => {
  const spec = exitShareSpec(exits4);
  const a = await renderSvg(spec);
  await renderSvg(buildChart("heatmap", { exits: exits8 }));
  await renderSvg(buildChart("latency-cdf", caseData(GOLDEN_CASES.find((c) => c.kind === "latency-cdf")!)));
  const b = await renderSvg(exitShareSpec(JSON.parse(JSON.stringify(exits4))));
  assert.equal(a, b);
  assert.match(a, /^<svg /);
});

test("renderSvg uses the report's font stack", async () => {
  const svg = await renderSvg(exitShareSpec(exits4));
  assert.match(svg, /font-family="&quot;Noto Sans SC&quot;, &quot;WenQuanYi Zen Hei&quot;, sans-serif"/);
});

interface SceneItem {
  x?: number;
  y?: number;
  text?: unknown;
  fontSize?: number;
  angle?: number;
  limit?: number;
  bounds: { x1: number; x2: number; y1: number; y2: number };
  items?: SceneMark[];
  mark?: SceneMark;
}
interface SceneMark {
  marktype: string;
  role?: string;
  items: SceneItem[];
}

/** Every text item with its absolute horizontal extent (group offsets added). */
function textItems(mark: SceneMark, dx = 0, out: { role: string; lines: string[]; text: string; x1: number; x2: number; fontSize: number; angle: number; limit: number }[] = []) {
  for (const item of mark.items) {
    if (mark.marktype === "text" && item.text !== undefined && String(item.text) !== "") {
      out.push({ role: mark.role ?? "", lines: Array.isArray(item.text) ? item.text.map(String) : [String(item.text)], text: Array.isArray(item.text) ? item.text.join(" / ") : String(item.text), x1: dx + item.bounds.x1, x2: dx + item.bounds.x2, fontSize: item.fontSize ?? 11, angle: item.angle ?? 0, limit: item.limit ?? 0 });
    }
    if (mark.marktype === "group") for (const child of item.items ?? []) textItems(child, dx + (item.x ?? 0), out);
  }
  return out;
}

async function layout(specName: string) {
  installTextMetrics();
  const c = GOLDEN_CASES.find((x) => x.name === specName)!;
  const view = new vega.View(vega.parse(compileSpec(buildChart(c.kind, caseData(c), c.options))), { renderer: "none" });
  await view.runAsync();
  const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
  const svg = await view.toSVG();
  const widthPx = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
  const originX = view.origin()[0];
  view.finalize();
  return { texts: textItems(root), widthPx, originX };
}

for (const { name, options } of GOLDEN_CASES) {
  test(`text in ${name} is laid out at its full estimated width, uncut and inside the SVG`, async () => {
    const { texts, widthPx, originX } = await layout(name);
    if (options?.lang !== "en") assert.ok(texts.some((t) => /[\u4e00-\u9fff]/.test(t.text)), "the chart has Chinese text");
    for (const t of texts) {
      // Rotated text (axis titles at -90°, slanted labels) spans w·|cos a| + h·|sin a| horizontally.
      const rad = (t.angle * Math.PI) / 180;
      const widest = Math.max(...t.lines.map((l) => textWidthPx(l, t.fontSize)));
      const need = widest * Math.abs(Math.cos(rad)) + (t.angle ? t.fontSize * Math.abs(Math.sin(rad)) * 0.9 : 0);
      // vega's own fallback (0.8 em per character) would give 4-character Chinese labels 20% less room than this.
      assert.ok(t.x2 - t.x1 >= need - 0.5, `${t.role} "${t.text}" laid out ${t.x2 - t.x1}px wide, needs ${need}px`);
      assert.ok(originX + t.x1 >= -0.5 && originX + t.x2 <= widthPx + 0.5, `${t.role} "${t.text}" spans ${originX + t.x1}..${originX + t.x2}px outside the ${widthPx}px SVG`);
      // vega truncates text wider than its `limit` with "…" at render time.
      assert.ok(!(t.limit > 0) || widest <= t.limit, `${t.role} "${t.text}" is cut at ${t.limit}px (needs ${widest}px)`);
    }
  });
}

test("every golden chart fits an A4 page width (≤ 720 px), from 1 to 8 runs and 3 to 40 reasons", async () => {
  for (const { name } of GOLDEN_CASES) {
    const { widthPx } = await layout(name);
    assert.ok(widthPx <= 720, `${name} is ${widthPx}px wide`);
  }
});

test("chartMimeBundle returns the spec, the SVG and an <img> data URL of the same SVG", async () => {
  const spec = exitShareSpec(exits4, { lang: "en" });
  const b = await chartMimeBundle(spec);
  assert.deepEqual(Object.keys(b).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/html"]);
  assert.equal(b["application/vnd.vegalite.v5+json"], spec);
  const m = /^<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="Share of exits by reason"/.exec(b["text/html"]);
  assert.ok(m, b["text/html"].slice(0, 120));
  assert.equal(Buffer.from(m[1], "base64").toString("utf8"), b["image/svg+xml"]);
});

test("normalizeSvg rounds floats and renumbers generated ids in order of appearance", () => {
  const svg = '<svg><defs><clipPath id="clip7"><rect width="10.04999"/></clipPath></defs><g clip-path="url(#clip7)"><path d="M-0.0001,3.14159"/></g></svg>';
  assert.equal(normalizeSvg(svg), '<svg>\n<defs>\n<clipPath id="id1">\n<rect width="10"/>\n</clipPath>\n</defs>\n<g clip-path="url(#id1)">\n<path d="M0,3.1"/>\n</g>\n</svg>');
});
