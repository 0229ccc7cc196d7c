import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GLOSSARY,
  exitReasonInfo,
  exitReasonName,
  exitReasonCode,
  exitReasonTable,
  glossaryFor,
  guessIsa,
  EXIT_CATEGORIES,
} from "../../src/catalogue";

const ALIASES = new Set(["PENDING_INTERRUPT", "avic_unaccelerated_a"]);

test("exitReasonName(vmx, code) prints perf's names, UNKNOWN for codes not in the table", () => {
  assert.equal(exitReasonName("vmx", 49), "EPT_MISCONFIG");
  assert.equal(exitReasonName("vmx", 52), "PREEMPTION_TIMER");
  assert.equal(exitReasonName("vmx", 32), "MSR_WRITE");
  assert.equal(exitReasonName("vmx", 5), "UNKNOWN");
  assert.equal(exitReasonName("vmx", 76), "UNKNOWN", "SEAMCALL was never in perf's table");
});

test("exitReasonName(svm, code) keeps names with spaces and lower case", () => {
  assert.equal(exitReasonName("svm", 64), "DE excp");
  assert.equal(exitReasonName("svm", 1024), "npf");
  assert.equal(exitReasonName("svm", 124), "msr");
});

test("exitReasonCode accepts the historical VMX alias PENDING_INTERRUPT", () => {
  assert.equal(exitReasonCode("vmx", "PENDING_INTERRUPT"), 7);
  assert.equal(exitReasonCode("vmx", "INTERRUPT_WINDOW"), 7);
  assert.equal(exitReasonCode("arm64", "DABT_LOW"), 36);
  assert.equal(exitReasonCode("vmx", "NO_SUCH"), null);
});

test("exitReasonTable(vmx) is ordered by code and round-trips through exitReasonName", () => {
  const t = exitReasonTable("vmx");
  assert.ok(t.length > 60);
  for (let i = 1; i < t.length; i++) assert.ok(t[i - 1].code < t[i].code);
  for (const { code, name } of t) assert.equal(exitReasonName("vmx", code), name);
});

test("every glossary name is a name perf prints for its ISA (or a documented alias)", () => {
  for (const e of GLOSSARY) {
    for (const n of e.names) {
      if (ALIASES.has(n) || (e.isa === "riscv" && !n.startsWith("EXC_") && !n.startsWith("IRQ_")) || e.isa === "loongarch" || e.isa === "riscv") continue;
      assert.notEqual(exitReasonCode(e.isa, n), null, `${e.isa}:${n} is not in perf's table`);
    }
  }
});

test("the glossary has at least 40 hand-written entries, none of them templated filler", () => {
  const names = new Set(GLOSSARY.flatMap((e) => e.names.map((n) => `${e.isa}:${n}`)));
  assert.ok(GLOSSARY.length >= 40, `only ${GLOSSARY.length} entries`);
  assert.ok(names.size >= 60);
  const texts = new Set<string>();
  for (const e of GLOSSARY) {
    assert.ok(EXIT_CATEGORIES.includes(e.category));
    for (const t of [e.guestZh, e.kvmZh]) {
      assert.ok(t.length >= 15, `${e.names[0]}: too short: ${t}`);
      assert.doesNotMatch(t, /^\S{0,12}退出。?$/, `${e.names[0]}: templated text`);
      assert.ok(!texts.has(t), `${e.names[0]}: text repeated from another entry`);
      texts.add(t);
    }
    assert.match(e.source, /SDM|APM|Arm ARM|RISC-V|LoongArch/);
    assert.ok(e.summaryEn.length > 10);
  }
});

test("each ISA's entries cite that ISA's manual", () => {
  const expected = { vmx: /Intel SDM/, svm: /AMD APM/, arm64: /Arm ARM/, riscv: /RISC-V/, loongarch: /LoongArch/ } as const;
  for (const e of GLOSSARY) {
    const re = (expected as Record<string, RegExp>)[e.isa];
    if (re) assert.match(e.source, re, `${e.isa}:${e.names[0]}`);
  }
});

test("EPT_MISCONFIG is explained as KVM's MMIO fast path, not as an EPT reconfiguration (the seed's error)", () => {
  const e = exitReasonInfo("EPT_MISCONFIG", "vmx");
  assert.ok(e);
  assert.equal(e.category, "io");
  assert.match(e.guestZh + e.kvmZh, /MMIO/);
  assert.match(e.kvmZh, /快速路径/);
  assert.doesNotMatch(e.guestZh, /重新配置/);
});

test("HLT means the guest executed HLT and went idle, and its time is not handling overhead", () => {
  for (const [name, isa] of [["HLT", "vmx"], ["hlt", "svm"], ["WFx", "arm64"]] as const) {
    const e = exitReasonInfo(name, isa);
    assert.ok(e, name);
    assert.equal(e.category, "idle");
    assert.match(e.guestZh, /空闲/);
  }
  assert.match(exitReasonInfo("HLT", "vmx")!.kvmZh, /不是.*开销/);
});

test("exitReasonInfo without an ISA finds VMX names first and returns null for unknown names", () => {
  assert.equal(exitReasonInfo("MSR_WRITE")?.isa, "vmx");
  assert.equal(exitReasonInfo("npf")?.isa, "svm");
  assert.equal(exitReasonInfo("PENDING_INTERRUPT")?.names[0], "INTERRUPT_WINDOW");
  assert.equal(exitReasonInfo("NO_SUCH_EXIT"), null);
});

test("guessIsa picks the ISA that knows the names", () => {
  assert.equal(guessIsa(["MSR_WRITE", "HLT", "EPT_MISCONFIG"]), "vmx");
  assert.equal(guessIsa(["npf", "hlt", "msr"]), "svm");
  assert.equal(guessIsa(["DABT_LOW", "IRQ"]), "arm64");
  assert.equal(guessIsa(["zzz"]), null);
  // ISAs without hand-written entries are known by their code tables.
  assert.equal(guessIsa(["Host interruption", "External request"]), "s390");
  assert.equal(guessIsa(["SYSTEM_RESET", "DATA_STORAGE"]), "powerpc");
});

test("glossaryFor orders by category, keeps unknown names last, drops duplicates", () => {
  const rows = glossaryFor(["HLT", "MSR_WRITE", "EXTERNAL_INTERRUPT", "WEIRD", "MSR_WRITE"], "vmx");
  assert.deepEqual(rows.map((r) => r.name), ["EXTERNAL_INTERRUPT", "MSR_WRITE", "HLT", "WEIRD"]);
  assert.equal(rows[3].entry, null);
  assert.equal(rows[0].category, "interrupt-timer");
});
