/**
 * Hostile input never crashes or hangs the text parser: truncated, shuffled,
 * spliced, binary and random inputs (seeded, bounded in time) each give a
 * clean parse or diagnostics, valid against the schema.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parsePerfKvmStatText, readPerfKvmStatText } from "../../src/perf-text/read";
import { sniffPerfKvmStatText } from "../../src/perf-text/sniff";
import { PERF_TEXT_CODES } from "../../src/perf-text/codes";
import type { ReaderFs } from "../../src/formats/types";
import { schemaValidator } from "../helpers/schema";
import { FIXTURE_DIR } from "./golden-cases";
import { CONSOLE_CLEAR, prng } from "./synth";

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 3000);
/** One input must never take longer than this (a hang or quadratic blow-up). */
const PER_CASE_MS = 500;

const samples = readdirSync(join(FIXTURE_DIR, "samples"))
  .filter((n) => n.endsWith(".txt"))
  .map((n) => readFileSync(join(FIXTURE_DIR, "samples", n), "utf8"));
const allText = samples.join("\n");
const TOKENS = ["Analyze events for all VMs, all VCPUs:", "VM-EXIT", "Samples", "Samples%", "Time%", "Min Time", "Max Time", "Avg time", "( +-", "% )", "us", "%", "Total Samples:", ", Total events handled time:", "Lost events: ", "unknown kvm exit code:", " on VMX", "UNKNOWN", "12:10:10.786799", "[..]", "Event name", "Time (ns)", "KVM event statistics (", " entries)", "\t", "\r", "\n", "\n\n", " ", "   ", "nan", "-", "0", "99999999999999999999", "1.5", CONSOLE_CLEAR, "\x1b[", "pid(s) ", "VCPU ", ">"];

type Mutator = (rnd: () => number) => string;
const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const MUTATORS: Record<string, Mutator> = {
  truncated: (rnd) => {
    const s = pick(rnd, samples);
    return s.slice(0, Math.floor(rnd() * s.length));
  },
  shuffledLines: (rnd) => {
    const lines = pick(rnd, samples).split("\n");
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    return lines.join("\n");
  },
  splicedSamples: (rnd) => {
    const lines = allText.split("\n");
    const out: string[] = [];
    for (let n = 0; n < 80; n++) out.push(pick(rnd, lines));
    return out.join(rnd() < 0.5 ? "\n" : "\r\n");
  },
  byteFlips: (rnd) => {
    const b = Buffer.from(pick(rnd, samples));
    for (let i = 0; i < 1 + rnd() * 20; i++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
    return b.toString("utf8");
  },
  binary: (rnd) => {
    const b = Buffer.alloc(Math.floor(rnd() * 4096));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
    return b.toString(rnd() < 0.5 ? "utf8" : "latin1");
  },
  tokenSoup: (rnd) => {
    let s = "";
    const n = Math.floor(rnd() * 300);
    for (let i = 0; i < n; i++) s += pick(rnd, TOKENS);
    return s;
  },
  longLines: (rnd) => pick(rnd, TOKENS).repeat(Math.floor(rnd() * 20000)) + "\n" + pick(rnd, samples),
  prefixedLines: (rnd) => {
    const junk = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => pick(rnd, ["1", " ", "12 ", "a", ":", "[", "]", ".", "  ", "0", "x"])).join("");
    return pick(rnd, samples)
      .split("\n")
      .map((l) => (rnd() < 0.8 ? junk : junk.replace(/\d/g, "") + "9") + l + (rnd() < 0.2 ? " 1".repeat(Math.floor(rnd() * 3000)) : ""))
      .join("\n");
  },
  repeatedHeaders: (rnd) => ("Analyze events for all VMs, all VCPUs:\n" + pick(rnd, samples).split("\n").find((l) => l.includes("Samples"))! + "\n").repeat(Math.floor(rnd() * 200)),
};

function checkResult(r: ReturnType<typeof parsePerfKvmStatText>, label: string): void {
  const validate = schemaValidator("perf-kvm-stat-text.schema.json");
  assert.ok(validate(r), `${label}: output does not match the schema: ${JSON.stringify(validate.errors).slice(0, 500)}`);
  for (const d of r.diagnostics) assert.ok(d.code in PERF_TEXT_CODES, `${label}: undocumented diagnostic code ${d.code}`);
  assert.ok(r.tables.length > 0 || r.diagnostics.some((d) => d.code === "kvm-stat/not-this-format"), `${label}: no tables and no diagnostic`);
  // Everything is JSON-able and round-trips.
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
}

test(`parsePerfKvmStatText survives ${BUDGET_MS} ms of seeded hostile inputs (seed ${SEED})`, () => {
  const rnd = prng(SEED);
  const names = Object.keys(MUTATORS);
  const start = Date.now();
  const perKind: Record<string, number> = {};
  let n = 0;
  while (Date.now() - start < BUDGET_MS) {
    const name = names[n % names.length];
    const input = MUTATORS[name](rnd);
    const label = `case ${n} (${name}, seed ${SEED})`;
    const t0 = Date.now();
    let r;
    try {
      r = parsePerfKvmStatText(input, "fuzz.txt");
      sniffPerfKvmStatText(Buffer.from(input.slice(0, 65536)));
    } catch (err) {
      assert.fail(`${label}: threw ${(err as Error).stack}`);
    }
    const dt = Date.now() - t0;
    perKind[name] = (perKind[name] ?? 0) + dt;
    assert.ok(dt < PER_CASE_MS, `${label}: took ${dt} ms (input ${input.length} chars)`);
    checkResult(r, label);
    n++;
  }
  assert.ok(n >= names.length, `only ${n} cases ran`);
  if (process.env.FUZZ_PROFILE) console.log(JSON.stringify(perKind));
  console.log(`# fuzz: ${n} inputs in ${Date.now() - start} ms`);
});

test("readPerfKvmStatText streams random binary files in random chunks without throwing", async () => {
  const rnd = prng(SEED + 1);
  for (let k = 0; k < 30; k++) {
    const b = Buffer.alloc(Math.floor(rnd() * 20000));
    for (let i = 0; i < b.length; i++) b[i] = rnd() < 0.3 ? 10 : Math.floor(rnd() * 256);
    const chunks: Buffer[] = [];
    for (let i = 0; i < b.length; ) {
      const len = 1 + Math.floor(rnd() * 5000);
      chunks.push(b.subarray(i, i + len));
      i += len;
    }
    const fs = { stat: async () => ({ size: b.length }), createReadStream: () => Readable.from(chunks) } as unknown as ReaderFs;
    const r = await readPerfKvmStatText("bin", { fs, options: {} });
    checkResult(r, `binary ${k}`);
  }
});

test("readPerfKvmStatText turns a stream error into kvm-stat/unreadable, keeping tables read so far", async () => {
  const good = readFileSync(join(FIXTURE_DIR, "samples", "01-intel-report-vmexit-sysbench.txt"));
  async function* failing() {
    yield good;
    throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
  }
  const fs = { stat: async () => ({ size: 1 }), createReadStream: () => Readable.from(failing()) } as unknown as ReaderFs;
  const r = await readPerfKvmStatText("f", { fs, options: {} });
  assert.equal(r.tables.length, 1);
  assert.ok(r.diagnostics.some((d) => d.code === "kvm-stat/unreadable" && d.severity === "error" && /EIO/.test(d.message)));
});
