/**
 * Fuzzing parseCyclictest: seeded mutations of the fixtures (cuts, deleted,
 * duplicated and swapped lines, stray escapes, CR, digits and junk) and a few
 * pathological inputs. It must never throw or hang, and always return a
 * schema-valid result. A few seconds in all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCyclictest } from "../../src/cyclictest/parse";
import { sniffCyclictest } from "../../src/cyclictest/sniff";
import { cyclictestFixtureNames } from "../../scripts/update-cyclictest-goldens";
import { fixtureText, validate } from "./helpers";
import { CYCLICTEST_DIAGNOSTIC_CODES } from "../../src/cyclictest/types";
import { seededRandom as rng } from "../../src/perf-data/writer/random";

const KNOWN_CODES = new Set<string>(CYCLICTEST_DIAGNOSTIC_CODES);


const JUNK = ["\x1b[3A", "\x1b[4B", "\r", "\n", ":", " ", "\t", "#", "T:", "Max:", "C:", "{", "}", '"', "-nan", "0", "9999999999", "# Histogram\n", "policy: fifo: loadavg: ", "\u00b5", "\0"];

const MUTATIONS: ((text: string, r: () => number) => string)[] = [
  (t, r) => t.slice(0, Math.floor(r() * t.length)),
  (t, r) => {
    const ls = t.split("\n");
    ls.splice(Math.floor(r() * ls.length), 1 + Math.floor(r() * 5));
    return ls.join("\n");
  },
  (t, r) => {
    const ls = t.split("\n");
    const i = Math.floor(r() * ls.length);
    ls.splice(i, 0, ...ls.slice(i, i + 1 + Math.floor(r() * 4)));
    return ls.join("\n");
  },
  (t, r) => {
    const ls = t.split("\n");
    const i = Math.floor(r() * ls.length);
    const j = Math.floor(r() * ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join("\n");
  },
  (t, r) => {
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + JUNK[Math.floor(r() * JUNK.length)] + t.slice(at);
  },
  (t, r) => {
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + t.slice(at + 1);
  },
  (t) => t.replace(/\n/g, "\r\n"),
  (t, r) => t.split("\n").map((l) => (r() < 0.3 ? "> " + l : l)).join("\n"),
];

test("parseCyclictest on seeded random mutations of every fixture never throws and stays schema-valid", () => {
  const texts = cyclictestFixtureNames().map((n) => [n, fixtureText(n)] as const);
  const started = Date.now();
  let runs = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const [name, base] = texts[Math.floor(r() * texts.length)];
    let text = base;
    const steps = 1 + Math.floor(r() * 4);
    for (let k = 0; k < steps; k++) text = MUTATIONS[Math.floor(r() * MUTATIONS.length)](text, r);
    const t0 = Date.now();
    let result;
    try {
      result = parseCyclictest(text, name);
      sniffCyclictest(Buffer.from(text.slice(0, 65536), "utf8"));
    } catch (e) {
      assert.fail(`seed ${seed} (${name}): threw ${(e as Error).stack}`);
    }
    validate(result);
    for (const d of result!.diagnostics) assert.ok(KNOWN_CODES.has(d.code), `seed ${seed}: unknown code ${d.code}`);
    assert.ok(Date.now() - t0 < 2000, `seed ${seed} (${name}) took ${Date.now() - t0} ms`);
    runs++;
  }
  assert.equal(runs, 300);
  assert.ok(Date.now() - started < 20000, `fuzzing took ${Date.now() - started} ms`);
});

test("parseCyclictest on pathological inputs (huge lines, deep braces, repeated headers) returns quickly", () => {
  const cases: [string, string][] = [
    ["spaces", "policy: fifo: loadavg:" + " ".repeat(200000) + "x"],
    ["long T line", "T: 0 (" + "1".repeat(100000) + ") P:99 I:1 C:" + " ".repeat(100000)],
    ["digits and tabs", "# Histogram\n" + "000001 " + "000001\t".repeat(50000) + "x"],
    ["deep braces", "{\n" + '"file_version": 1,\n' + "[".repeat(50000)],
    ["many headers", "policy: fifo: loadavg: 1\n".repeat(50000)],
    ["many frames", ("\x1b[3Apolicy: fifo: loadavg: 1 1 1 1/1 1          \n\nT: 0 ( 1) P:99 I:1 C:      1 Min:      1 Act:    1 Avg:    1 Max:       1\n").repeat(20000)],
    ["overflow list", "# Histogram Overflow at cycle number:\n# Thread 0:" + " 00001".repeat(100000) + " # 00005 others\n"],
    ["wrapped chain", ("T: 0 ( 1) P:99 I:1 C: 1 Min: 1 Act: 1 Avg: 1 Max:\n").repeat(10000)],
    ["spaces T", "T: 0 ( 1) P:99 I:1 C:  1 Min: 1 Act:" + " ".repeat(100000) + "x"],
    ["json cmdline quotes", '{\n  "cmdline:": "' + '"'.repeat(100000) + "\n"],
    ["verbose", Array.from({ length: 100000 }, (_, i) => `       0:${String(i).padStart(8)}:     100`).join("\n")],
  ];
  for (const [what, text] of cases) {
    const t0 = Date.now();
    const r = parseCyclictest(text, what);
    validate(r);
    // Linear work takes well under a second here; the quadratic versions these cases caught took 10-150 s.
    assert.ok(Date.now() - t0 < 6000, `${what} took ${Date.now() - t0} ms`);
  }
});
