/**
 * Every spec of every golden case validates against the Vega-Lite v5 JSON
 * schema shipped in node_modules/vega-lite (what JupyterLab and VS Code would
 * accept), and compiles to Vega without warnings.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as vegaLite from "vega-lite";
import type { CompileOptions } from "vega-lite/build/src/compile/compile";
import { buildChart, CHART_KINDS } from "../../src/charts";
import { caseData, GOLDEN_CASES } from "./cases";
import { vegaLiteValidator } from "./vl-schema";

const validate = vegaLiteValidator();

test("the golden cases cover every chart kind", () => {
  const covered = new Set(GOLDEN_CASES.map((c) => c.kind));
  assert.deepEqual(CHART_KINDS.filter((k) => !covered.has(k)), []);
});

for (const c of GOLDEN_CASES) {
  test(`buildChart("${c.kind}") spec ${c.name} is valid Vega-Lite v5 and compiles without warnings`, () => {
    const spec = buildChart(c.kind, caseData(c), c.options);
    const ok = validate(spec);
    assert.ok(ok, `schema errors: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
    const warnings: string[] = [];
    const logger = {
      level: () => logger,
      error: (...a: unknown[]) => (warnings.push(`error ${a.join(" ")}`), logger),
      warn: (...a: unknown[]) => (warnings.push(`warn ${a.join(" ")}`), logger),
      info: () => logger,
      debug: () => logger,
    };
    vegaLite.compile(spec, { logger: logger as unknown as NonNullable<CompileOptions["logger"]> });
    assert.deepEqual(warnings, []);
  });
}

test("the schema check can fail: a spec with an unknown mark type is rejected", () => {
  assert.equal(validate({ data: { values: [] }, mark: "no-such-mark", encoding: {} }), false);
});
