/**
 * HEADER_TRACING_DATA for the writer: the blob perf's trace-event-read.c
 * parses (version 0.6), holding the header_page/header_event texts and the
 * format text of each recorded kvm tracepoint. Also derives, from the same
 * format texts, the field offsets the writer needs to encode RAW payloads.
 */
import { createByteBuffer } from "./bytes";
import type { ByteOrder, WriterIsa } from "./types";
import { HEADER_EVENT_TEXT, HEADER_PAGE_TEXT, KVM_FORMAT_TEXT_6_18 } from "./formats-6.18";
import { KVM_FORMAT_TEXT_ARM64 } from "./formats-arm64";

export const KVM_TRACEPOINTS = ["kvm_entry", "kvm_exit", "kvm_mmio", "kvm_pio", "kvm_msr"] as const;
export type KvmTracepoint = (typeof KVM_TRACEPOINTS)[number];

/** The tracepoints `perf kvm stat record` records, per ISA, in perf's order, with their format texts. */
export const TRACEPOINTS_BY_ISA: Record<WriterIsa, ReadonlyArray<readonly [KvmTracepoint, string]>> = {
  vmx: KVM_TRACEPOINTS.map((n) => [n, KVM_FORMAT_TEXT_6_18[n]] as const),
  svm: KVM_TRACEPOINTS.map((n) => [n, KVM_FORMAT_TEXT_6_18[n]] as const),
  arm64: [
    ["kvm_entry", KVM_FORMAT_TEXT_ARM64.kvm_entry],
    ["kvm_exit", KVM_FORMAT_TEXT_ARM64.kvm_exit],
  ],
};

export interface TracepointField {
  offset: number;
  size: number;
}

export interface TracepointLayout {
  name: KvmTracepoint;
  id: number;
  /** Size of the RAW payload perf records: ALIGN(struct + 4, 8) - 4. */
  rawSize: number;
  fields: Record<string, TracepointField>;
}

const FIELD_RE = /field:(.+?);\s*offset:(\d+);\s*size:(\d+);\s*signed:(\d+);/g;

/** Parse `name`, `ID` and the fields of a tracepoint format text. */
export function parseFormatLayout(name: KvmTracepoint, text: string): TracepointLayout {
  const idMatch = /^ID: (\d+)$/m.exec(text);
  if (!idMatch) throw new Error(`format text of ${name} has no ID line`);
  const fields: Record<string, TracepointField> = {};
  let end = 0;
  let align = 1;
  for (const m of text.matchAll(FIELD_RE)) {
    const decl = m[1].trim();
    const fieldName = decl.split(/\s+/).pop()!.replace(/\[.*$/, "");
    const offset = Number(m[2]);
    const size = Number(m[3]);
    fields[fieldName] = { offset, size };
    end = Math.max(end, offset + size);
    if (size === 8 || size === 4 || size === 2) align = Math.max(align, size);
  }
  const structSize = Math.ceil(end / align) * align;
  const rawSize = Math.ceil((structSize + 4) / 8) * 8 - 4;
  return { name, id: Number(idMatch[1]), rawSize, fields };
}

/** Layouts of the recorded kvm tracepoints of an ISA, in perf's order. */
export function kvmLayouts(isa: WriterIsa): TracepointLayout[] {
  return TRACEPOINTS_BY_ISA[isa].map(([name, text]) => parseFormatLayout(name, text));
}

/** Build the tracing-data blob in the given byte order. */
export function buildTracingData(order: ByteOrder, isa: WriterIsa): Uint8Array {
  const b = createByteBuffer(order, 16384);
  b.bytes(Uint8Array.of(0x17, 0x08, 0x44));
  b.text("tracing");
  b.text("0.6");
  b.u8(0);
  b.u8(order === "be" ? 1 : 0);
  b.u8(8); // long size
  b.u32(4096); // page size
  const section = (name: string, text: string): void => {
    b.text(name);
    b.u8(0);
    const body = new TextEncoder().encode(text);
    b.u64(body.length);
    b.bytes(body);
  };
  section("header_page", HEADER_PAGE_TEXT);
  section("header_event", HEADER_EVENT_TEXT);
  b.u32(0); // ftrace formats
  b.u32(1); // systems
  b.text("kvm");
  b.u8(0);
  b.u32(TRACEPOINTS_BY_ISA[isa].length);
  for (const [, text] of TRACEPOINTS_BY_ISA[isa]) {
    const body = new TextEncoder().encode(text);
    b.u64(body.length);
    b.bytes(body);
  }
  b.u32(0); // kallsyms
  b.u32(0); // printk formats
  b.u64(0); // saved cmdlines (0.6)
  return b.toBytes();
}
