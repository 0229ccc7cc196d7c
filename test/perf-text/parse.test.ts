/**
 * Hand-written expectations for each layout and odd case of perf kvm stat
 * text, on small inputs written per FORMAT.md (./synth prints them with
 * perf's own format strings) or typed by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePerfKvmStatText } from "../../src/perf-text/read";
import { sniffPerfKvmStatText } from "../../src/perf-text/sniff";
import { PERF_TEXT_CODES } from "../../src/perf-text/codes";
import type { PerfKvmStatTextResult } from "../../src/model/kvm-stat";
import { assertValidAgainst } from "../helpers/schema";
import { CONSOLE_CLEAR, clock, key, synthTable } from "./synth";

function parse(text: string): PerfKvmStatTextResult {
  const r = parsePerfKvmStatText(text, "t.txt");
  assertValidAgainst("perf-kvm-stat-text.schema.json", r);
  for (const d of r.diagnostics) assert.ok(d.code in PERF_TEXT_CODES, `undocumented code ${d.code}`);
  return r;
}
const codes = (r: PerfKvmStatTextResult) => r.diagnostics.map((d) => d.code);

const vmx = [key("MSR_WRITE", 9167, 3000), key("EXTERNAL_INTERRUPT", 5877, 2430), key("HLT", 2232, 30567940), key("CPUID", 2160, 650)];

test("parsePerfKvmStatText reads the perf 3.12+ layout (width 20) with no diagnostics", () => {
  const r = parse(synthTable({ layout: "3.12", keys: vmx }));
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables.length, 1);
  const t = r.tables[0];
  assert.equal(t.event, "vmexit");
  assert.equal(t.mode, "report");
  assert.deepEqual(t.scope, { vcpu: null, pids: null });
  assert.deepEqual(
    t.rows.map((x) => x.name),
    ["MSR_WRITE", "EXTERNAL_INTERRUPT", "HLT", "CPUID"],
  );
  assert.equal(t.totalSamples, 9167 + 5877 + 2232 + 2160);
  assert.deepEqual(t.rows[2], { name: "HLT", exitCode: null, samples: 2232, samplesPct: 11.48, timePct: 99.94, minUs: 15283.97, maxUs: 91703.82, avgUs: 30567.94, stddevPct: 1.5 });
});

test("parsePerfKvmStatText reads the perf 3.7–3.11 layout: no Min/Max, 'Analyze events for all VCPUs:'", () => {
  const r = parse(synthTable({ layout: "3.7", keys: vmx }));
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.deepEqual(t.scope, { vcpu: null, pids: null });
  assert.ok(t.rows.every((x) => x.minUs === null && x.maxUs === null && x.avgUs !== null));
  assert.equal(t.rows[0].avgUs, 3);
});

test("parsePerfKvmStatText reads the 3.7 'VCPU N' form", () => {
  const r = parse(synthTable({ layout: "3.7", keys: vmx, vcpu: 2 }));
  assert.equal(r.tables[0].scope.vcpu, 2);
});

test("parsePerfKvmStatText reads the perf 6.4+ layout (width 40) with truncated 39-character names", () => {
  const long = "A_VERY_LONG_EXIT_REASON_NAME_THAT_IS_CUT_BY_PERF";
  const r = parse(synthTable({ layout: "6.4", keys: [key(long, 10, 1000), key("HLT", 5, 100000)], pids: "123,456", vcpu: 1 }));
  assert.deepEqual(codes(r), []);
  const t = r.tables[0];
  assert.equal(t.rows[0].name, long.slice(0, 39));
  assert.deepEqual(t.scope, { vcpu: 1, pids: [123, 456] });
});

for (const [label, event, names] of [
  ["MMIO Access", "mmio", ["0xfee00380:W", "0xfee00300:R", "0:W"]],
  ["IO Port Access", "ioport", ["0xc090:POUT", "0x60:PIN"]],
  ["MSR Access", "msr", ["0x6e0:W", "0x3b:R"]],
  ["HCALL-EVENT", "hcall", ["H_CEDE", "H_PUT_TCE", "UNKNOWN"]],
] as const) {
  test(`parsePerfKvmStatText reads --event=${event} tables ('${label}' header, keys ${names.join(", ")})`, () => {
    for (const layout of ["3.7", "3.12", "6.4"] as const) {
      const r = parse(synthTable({ layout, label, keys: names.map((n, i) => key(n, 100 - i * 10, 2000 + i)) }));
      assert.deepEqual(codes(r), [], layout);
      assert.equal(r.tables[0].event, event);
      assert.deepEqual(
        r.tables[0].rows.map((x) => x.name),
        [...names],
      );
    }
  });
}

test("parsePerfKvmStatText keeps names with spaces (s390, LoongArch, SVM) and arm64/riscv names whole", () => {
  const names = ["DIAG (0x44) time slice end", "SIGP set prefix", "0xB2 STSI", "Mem Store", "Privilege Error", "DE excp", "DABT_LOW", "EXC_STORE_GUEST_PAGE_FAULT", "idle-halt"];
  const r = parse(synthTable({ layout: "6.4", keys: names.map((n, i) => key(n, 50 + i, 1500 + 10 * i)) }));
  assert.deepEqual(codes(r), []);
  assert.deepEqual(
    r.tables[0].rows.map((x) => x.name),
    names,
  );
});

test("parsePerfKvmStatText keeps perf's row order whatever the -k sort key", () => {
  const keys = [key("HLT", 10, 500000), key("MSR_WRITE", 1000, 1000), key("CPUID", 5, 700)]; // -k time order
  const r = parse(synthTable({ layout: "3.12", keys }));
  assert.deepEqual(
    r.tables[0].rows.map((x) => x.name),
    ["HLT", "MSR_WRITE", "CPUID"],
  );
});

test("parsePerfKvmStatText attaches 'unknown kvm exit code:N on VMX' to the UNKNOWN row after it", () => {
  const keys = [key("HLT", 53, 399230), key("UNKNOWN", 1, 1500), key("UNKNOWN", 1, 1500)];
  // two rows with the same name: give the prefix lines by position
  let text = synthTable({ layout: "3.12", keys });
  const lines = text.split("\n");
  const firstUnknown = lines.findIndex((l) => /^\s+UNKNOWN /.test(l));
  lines.splice(firstUnknown, 0, "unknown kvm exit code:2147483681 on VMX");
  lines.splice(firstUnknown + 2, 0, "unknown kvm exit code:77 on VMX");
  text = lines.join("\n");
  const r = parse(text);
  assert.deepEqual(codes(r), []);
  assert.deepEqual(
    r.tables[0].rows.map((x) => [x.name, x.exitCode]),
    [
      ["HLT", null],
      ["UNKNOWN", 2147483681],
      ["UNKNOWN", 77],
    ],
  );
});

test("parsePerfKvmStatText ignores the v6.4+ per-occurrence unknown-code lines printed before the table", () => {
  const pre = Array.from({ length: 5 }, () => "unknown kvm exit code:99 on VMX").join("\n") + "\n";
  const r = parse(pre + synthTable({ layout: "6.4", keys: [key("HLT", 5, 1000), key("UNKNOWN", 5, 1000)], before: { UNKNOWN: "unknown kvm exit code:99 on VMX" } }));
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables[0].rows[1].exitCode, 99);
  assert.equal(r.tables[0].rows[0].exitCode, null);
});

test("parsePerfKvmStatText reads an empty table (header, then the footer with Total Samples:0)", () => {
  const r = parse(synthTable({ layout: "3.12", keys: [], vcpu: 27 }));
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.tables[0].rows, []);
  assert.equal(r.tables[0].totalSamples, 0);
  assert.equal(r.tables[0].totalTimeUs, 0);
  assert.equal(r.tables[0].scope.vcpu, 27);
});

test("parsePerfKvmStatText reads 'Lost events: N' after a live footer", () => {
  const r = parse(synthTable({ layout: "3.12", keys: vmx, timestamp: "12:10:10.786799", lostEvents: 17 }));
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables[0].lostEvents, 17);
  assert.equal(r.tables[0].mode, "live");
  assert.equal(r.tables[0].timestamp, "12:10:10.786799");
});

test("parsePerfKvmStatText turns several live screens (with CONSOLE_CLEAR escapes) into a time series of tables", () => {
  let text = "";
  for (let i = 0; i < 4; i++) text += CONSOLE_CLEAR + "\n" + synthTable({ layout: "6.4", keys: [key("HLT", 100 + i, 1000), key("MSR_WRITE", 50, 2000 + i)], timestamp: clock(44000 + i, 786799), pids: "236532" });
  const r = parse(text);
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables.length, 4);
  assert.deepEqual(
    r.tables.map((t) => t.timestamp),
    ["12:13:20.786799", "12:13:21.786799", "12:13:22.786799", "12:13:23.786799"],
  );
  assert.ok(r.tables.every((t) => t.mode === "live" && t.scope.pids![0] === 236532));
  assert.deepEqual(
    r.tables.map((t) => t.rows[0].samples),
    [100, 101, 102, 103],
  );
});

test("parsePerfKvmStatText strips ANSI escapes anywhere, even out of order at the end of a capture", () => {
  const screen = synthTable({ layout: "3.12", keys: vmx, timestamp: "01:02:03.000004" });
  const text = screen.replace("HLT", "\x1b[1mHLT\x1b[0m") + "\n" + (CONSOLE_CLEAR + "\n").repeat(3);
  const r = parse(text);
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables[0].rows[2].name, "HLT");
});

test("parsePerfKvmStatText accepts CRLF line ends, indentation, tabs after the name and trailing spaces", () => {
  const text = synthTable({ layout: "3.12", keys: vmx, trailingSpace: true })
    .split("\n")
    .map((l) => (l ? "    " + l + "  " : l))
    .join("\r\n");
  const r = parse(text);
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables[0].rows.length, 4);
  assert.equal(r.tables[0].totalSamples, 19436);
});

test("parsePerfKvmStatText finds tables inside other log text and ignores the rest", () => {
  const text = ["$ sleep 10 | timeout 5s perf kvm stat live -p 236532 > log 2>&1", "RC=124", synthTable({ layout: "3.12", keys: vmx, timestamp: "14:42:37.584830" }), "some other tool: done", "[  123.456] kernel: kvm: something", synthTable({ layout: "3.12", keys: vmx.slice(0, 2) }), "bye"].join("\n");
  const r = parse(text);
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables.length, 2);
  assert.equal(r.tables[0].timestamp, "14:42:37.584830");
  assert.equal(r.tables[1].timestamp, null);
  assert.equal(r.tables[1].rows.length, 2);
});

test("parsePerfKvmStatText reads e-mail quoted copies ('> ' prefixes)", () => {
  const text = synthTable({ layout: "3.12", keys: vmx })
    .split("\n")
    .map((l) => "> " + l)
    .join("\n");
  const r = parse(text);
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables[0].rows.length, 4);
});

test("parsePerfKvmStatText keeps numbers exactly as printed (35.40 → 35.4, overflowing 1001118.99us)", () => {
  const text = `Analyze events for all VMs, all VCPUs:

             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time

           MSR_WRITE       9167    35.40%     0.04%      0.45us   9554.94us      3.00us ( +-  41.94% )
                 HLT       2232    64.60%    99.96%      0.56us 1001118.99us  30567.94us ( +-   9.88% )

Total Samples:11399, Total events handled time:68281638.61us.
`;
  const r = parsePerfKvmStatText(text, "x");
  const [a, b] = r.tables[0].rows;
  assert.equal(a.samplesPct, 35.4);
  assert.equal(JSON.stringify(a.samplesPct), "35.4");
  assert.equal(a.avgUs, 3);
  assert.equal(b.maxUs, 1001118.99);
  assert.equal(r.tables[0].totalTimeUs, 68281638.61);
});

test("parsePerfKvmStatText joins quoted-printable soft breaks of a mail copy and decodes =XX", () => {
  const plain = synthTable({ layout: "3.12", keys: vmx });
  const qp = plain
    .split("\n")
    .map((l) => {
      if (l.length <= 60) return l;
      const k = l.lastIndexOf(" ", 60); // QP encodes a space that ends an encoded line
      return k > 0 ? l.slice(0, k) + "=20=\n" + l.slice(k + 1) : l;
    })
    .join("\n");
  assert.match(qp, /=20=\n/, "the test input should contain an encoded trailing space");
  const r = parse(qp);
  assert.deepEqual(codes(r), ["kvm-stat/quoted-printable"]);
  assert.deepEqual(r.tables, parse(plain).tables);
  assert.equal(r.tables[0].rows.length, 4);
});

test("parsePerfKvmStatText does not join a line ending in '=' with a line that stands on its own", () => {
  const r = parse("RC=\n" + synthTable({ layout: "3.12", keys: vmx }));
  assert.deepEqual(codes(r), []);
  assert.equal(r.tables[0].rows.length, 4);
});

test("parsePerfKvmStatText strips per-line log prefixes (moreutils ts, syslog) learnt from the Analyze line", () => {
  let i = 0;
  const screens = [0, 1].map((k) => synthTable({ layout: "6.4", keys: vmx, timestamp: clock(100 + k, 5) })).join("");
  const text = screens
    .split("\n")
    .map((l) => `Nov 25 02:51:${String(10 + (i++ % 40)).padStart(2, "0")} ${l}`)
    .join("\n");
  const r = parse(text);
  assert.deepEqual(codes(r), ["kvm-stat/line-prefix"]);
  assert.equal(r.tables.length, 2);
  assert.deepEqual(
    r.tables.map((t) => t.timestamp),
    ["00:01:40.000005", "00:01:41.000005"],
  );
  assert.deepEqual(r.tables[0].rows.map((x) => x.name), ["MSR_WRITE", "EXTERNAL_INTERRUPT", "HLT", "CPUID"]);
  assert.equal(r.tables[1].totalSamples, 19436);
});

// ---- damaged copies and non-standard layouts ----

test("parsePerfKvmStatText keeps a table without footer, with totals null and kvm-stat/missing-footer", () => {
  const text = synthTable({ layout: "6.4", keys: vmx, footer: false, vcpu: 1 });
  const r = parse(text);
  assert.deepEqual(codes(r), ["kvm-stat/missing-footer"]);
  assert.equal(r.tables[0].totalSamples, null);
  assert.equal(r.tables[0].totalTimeUs, null);
  assert.equal(r.tables[0].rows.length, 4);
});

test("parsePerfKvmStatText reports elided rows ('[..]') and does not check sums then", () => {
  const lines = synthTable({ layout: "3.12", keys: vmx }).split("\n");
  const i = lines.findIndex((l) => l.includes(" HLT "));
  lines.splice(i, 2, "[..]");
  const r = parse(lines.join("\n"));
  assert.deepEqual(codes(r), ["kvm-stat/elided-rows"]);
  assert.equal(r.tables[0].rows.length, 2);
});

test("parsePerfKvmStatText flags a table starting at its column header (trimmed copy)", () => {
  const text = synthTable({ layout: "3.12", keys: vmx })
    .split("\n")
    .filter((l) => !l.startsWith("Analyze"))
    .map((l) => (l.startsWith("  ") ? l.slice(2) : l))
    .join("\n");
  const r = parse(text);
  assert.deepEqual(codes(r), ["kvm-stat/missing-analyze-header"]);
  assert.deepEqual(r.tables[0].scope, { vcpu: null, pids: null });
  assert.equal(r.tables[0].rows[1].name, "EXTERNAL_INTERRUPT");
});

test("parsePerfKvmStatText keeps unambiguous cells of a row with trimmed columns and nulls the rest", () => {
  const text = synthTable({ layout: "3.12", keys: vmx }).replace(/(\n\s+CPUID\s+\d+\s+\S+\s+\S+)\s+\S+us\s+\S+us/, "$1");
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/row-columns-mismatch"));
  const row = r.tables[0].rows[3];
  assert.equal(row.name, "CPUID");
  assert.equal(row.samples, 2160);
  assert.equal(row.samplesPct, 11.11);
  assert.equal(row.minUs, null);
  assert.equal(row.maxUs, null);
  assert.equal(row.avgUs, null);
  assert.equal(row.stddevPct, 1.5);
});

test("parsePerfKvmStatText reads a TUI screen copied as text (integer ns) with diagnostics", () => {
  const text = `KVM event statistics (2 entries)
Event name                                 Samples      Sample%   Time (ns)       Time%  Max Time (ns)  Min Time (ns) Mean Time (ns)
STORE_GUEST_PAGE_FAULT                       17485       48.00%    15228951      59.00%          10000            100            870
LOAD_GUEST_PAGE_FAULT                        15483       51.00%    10553298      40.00%           9000             90            681
`;
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/non-standard-layout"));
  assert.ok(codes(r).includes("kvm-stat/event-inferred"));
  assert.ok(!codes(r).includes("kvm-stat/missing-footer"));
  const row = r.tables[0].rows[0] as (typeof r.tables)[0]["rows"][0] & { timeUs?: number };
  assert.deepEqual(
    [row.name, row.samples, row.samplesPct, row.timeUs, row.timePct, row.maxUs, row.minUs, row.avgUs],
    ["STORE_GUEST_PAGE_FAULT", 17485, 48, 15228.951, 59, 10, 0.1, 0.87],
  );
});

test("parsePerfKvmStatText checks a TUI title's entry count", () => {
  const text = `KVM event statistics (6 entries)
Event name   Samples   Sample%    Time (ns)
HLT              10    100.00%         1000
`;
  assert.ok(codes(parse(text)).includes("kvm-stat/row-count-mismatch"));
});

test("parsePerfKvmStatText infers ioport from PIN/POUT keys when a hist header does not name the event", () => {
  const text = "Event name   Samples   Sample%    Time (ns)\n0xcf8:POUT       10    100.00%         1000\n";
  assert.equal(parse(text).tables[0].event, "ioport");
});

test("parsePerfKvmStatText keeps nan as null with kvm-stat/not-a-number", () => {
  const text = synthTable({ layout: "3.12", keys: [key("HLT", 1, 1000)] }).replace("( +-   0.00% )", "( +-    -nan% )");
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/not-a-number"));
  assert.equal(r.tables[0].rows[0].stddevPct, null);
});

test("parsePerfKvmStatText warns about an unknown column-0 label but reads the table", () => {
  const text = synthTable({ layout: "3.12", label: "FOO Access", keys: vmx });
  const r = parse(text);
  assert.deepEqual(codes(r), ["kvm-stat/unknown-event-label"]);
  assert.equal(r.tables[0].event, "foo access");
});

test("parsePerfKvmStatText reports one stray line inside a table and keeps reading rows", () => {
  const lines = synthTable({ layout: "3.12", keys: vmx }).split("\n");
  const i = lines.findIndex((l) => l.includes(" HLT "));
  lines.splice(i, 0, "   (this is where the guest booted)");
  const r = parse(lines.join("\n"));
  assert.deepEqual(codes(r), ["kvm-stat/unexpected-line"]);
  assert.equal(r.tables[0].rows.length, 4);
  assert.equal(r.diagnostics[0].line, i + 1);
});

test("parsePerfKvmStatText ends a footer-less table at foreign text and stays quiet about the text after it", () => {
  const text = synthTable({ layout: "6.4", keys: vmx, footer: false }) + "RC=124\nmore text\nand more\nTotal Samples:5, Total events handled time:1.00us.\n";
  const r = parse(text);
  assert.deepEqual(codes(r), ["kvm-stat/missing-footer", "kvm-stat/orphan-footer"]);
  assert.equal(r.tables.length, 1);
});

// ---- consistency checks ----

test("parsePerfKvmStatText warns when rows do not add up to Total Samples", () => {
  const text = synthTable({ layout: "3.12", keys: vmx }).replace("Total Samples:19436", "Total Samples:19536");
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/row-sum-mismatch"));
  assert.equal(r.tables[0].totalSamples, 19536);
});

test("parsePerfKvmStatText warns when a Samples% disagrees with samples / Total Samples", () => {
  const text = synthTable({ layout: "3.12", keys: vmx }).replace(/(MSR_WRITE\s+\d+\s+)\d+\.\d\d%/, "$146.00%");
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/samples-pct-mismatch"));
  assert.ok(codes(r).includes("kvm-stat/percent-sum-mismatch"));
});

test("parsePerfKvmStatText warns when avg × samples does not match the handled time", () => {
  const text = synthTable({ layout: "3.12", keys: vmx }).replace("   3.00us ( +-", "   4.00us ( +-");
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/time-sum-mismatch"));
  assert.ok(codes(r).includes("kvm-stat/time-pct-mismatch"));
});

test("parsePerfKvmStatText warns when rows are missing from a footer-less copy (Samples% imply a larger total)", () => {
  const text = synthTable({ layout: "6.4", keys: vmx, footer: false })
    .split("\n")
    .filter((l) => !l.includes(" CPUID "))
    .join("\n");
  const r = parse(text);
  assert.ok(codes(r).includes("kvm-stat/rows-missing"));
});

// ---- hostile shapes ----

test("parsePerfKvmStatText reports a file with no table as kvm-stat/not-this-format (error)", () => {
  const r = parse("hello\nworld\n");
  assert.deepEqual(codes(r), ["kvm-stat/not-this-format"]);
  assert.equal(r.diagnostics[0].severity, "error");
  assert.deepEqual(r.tables, []);
});

test("parsePerfKvmStatText cuts overlong lines with kvm-stat/line-too-long", () => {
  const r = parse("x".repeat(100000) + "\n" + synthTable({ layout: "3.12", keys: vmx }));
  assert.deepEqual(codes(r), ["kvm-stat/line-too-long"]);
  assert.equal(r.diagnostics[0].line, 1);
  assert.equal(r.tables.length, 1);
});

test("parsePerfKvmStatText caps diagnostics per file", () => {
  const one = "Analyze events for all VMs, all VCPUs:\n";
  const r = parse(one.repeat(3000));
  assert.ok(r.diagnostics.length <= 1001);
  assert.equal(r.diagnostics[r.diagnostics.length - 1].code, "kvm-stat/too-many-diagnostics");
});

test("parsePerfKvmStatText(non-string) is API misuse and throws naming the argument", () => {
  assert.throws(() => parsePerfKvmStatText(42 as unknown as string, "x"), /text must be a string/);
});

// ---- sniffing ----

test("sniffPerfKvmStatText scores a table with its Analyze line highest, and plain text 0", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.ok(sniffPerfKvmStatText(enc(synthTable({ layout: "3.12", keys: vmx }))) >= 0.9);
  assert.ok(sniffPerfKvmStatText(enc(synthTable({ layout: "3.12", keys: vmx }).split("\n").slice(4).join("\n"))) >= 0.8);
  assert.equal(sniffPerfKvmStatText(enc("Samples are great\nTime% is money\n")), 0);
  assert.equal(sniffPerfKvmStatText(enc("")), 0);
  assert.equal(sniffPerfKvmStatText(enc("PERFILE2\0\0\0\0Analyze events for all VMs, all VCPUs:\n")), 0);
});
