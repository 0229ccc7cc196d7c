/** Every perf.data result validates against docs/schemas/perf-data.schema.json (through parse-output.schema.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertValidParseOutput, schemaValidator } from "../helpers/schema";
import { DATA_FILES, fixture, read } from "./helpers";

for (const name of [...DATA_FILES, "vmx-small.pipe", "real/sched-switch.zstd", "real/kvm-empty.zstd"]) {
  test(`readPerfData(${name}) output matches the published schema`, async () => {
    const res = await read(fixture(`${name}.data`));
    assertValidParseOutput(JSON.parse(JSON.stringify(res)));
  });
}

test("the schema rejects a result whose format or fields are wrong", async () => {
  const res = JSON.parse(JSON.stringify(await read(fixture("vmx-small.data")))) as { tables: Array<{ rows: Array<{ histogram: { counts: number[] } }> }> };
  const v = schemaValidator("perf-data.schema.json");
  assert.ok(v(res));
  assert.equal(v({ ...res, surprise: 1 }), false);
  res.tables[0].rows[0].histogram.counts = [-1];
  assert.equal(v(res), false);
});

test("ioport, mmio, --vcpu and -k time results match the schema too", async () => {
  for (const opts of [{ event: "ioport" }, { event: "mmio" }, { vcpu: 0 }, { sortKey: "time" }, { event: "msr" }]) {
    assertValidParseOutput(JSON.parse(JSON.stringify(await read(fixture("vmx-io.data"), opts))));
  }
});
