/**
 * Format detection between perf kvm stat text, perf.data and cyclictest:
 * each recognises its own files and none claims the others'.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { detectFormat } from "../../src/formats";
import { sniffPerfKvmStatText } from "../../src/perf-text/sniff";
import { FIXTURE_DIR, goldenCases } from "./golden-cases";

const head = (p: string) => readFileSync(p).subarray(0, 64 * 1024);

for (const c of goldenCases()) {
  test(`detectFormat(${c.input}) is perf-kvm-stat-text`, () => {
    const h = detectFormat(head(join(FIXTURE_DIR, c.input)));
    if (c.input.endsWith("vmx-small.pipe.kvm-stat-vmexit.txt")) {
      // perf printed no table ("No trace sample to read"): nothing to recognise.
      assert.equal(sniffPerfKvmStatText(head(join(FIXTURE_DIR, c.input))), 0);
      return;
    }
    assert.equal(h?.id, "perf-kvm-stat-text");
  });
}

const NEG = join(FIXTURE_DIR, "negative");
for (const name of readdirSync(NEG).filter((n) => !n.endsWith(".md"))) {
  test(`sniffPerfKvmStatText(negative/${name}) is 0 (cyclictest, perf.data, perf headers are not this format)`, () => {
    assert.equal(sniffPerfKvmStatText(head(join(NEG, name))), 0);
  });
}

for (const name of readdirSync(join(FIXTURE_DIR, "samples", "related"))) {
  test(`sniffPerfKvmStatText(samples/related/${name}) is 0 (bcc / systemtap output is another format)`, () => {
    assert.equal(sniffPerfKvmStatText(head(join(FIXTURE_DIR, "samples", "related", name))), 0);
  });
}
