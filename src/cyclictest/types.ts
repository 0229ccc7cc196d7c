/**
 * The JSON contract of `vmexit parse --json` for cyclictest output
 * (docs/schemas/cyclictest.schema.json). All latencies are µs when `unit` is
 * known ("us" or "ns" as printed; values converted to µs); when the unit
 * cannot be decided, `unit` is null and the numbers are kept as printed.
 */
import type { Diagnostic } from "../model/diagnostic";

export interface CyclictestThread {
  thread: number | null;
  tid: number | null;
  priority: number | null;
  intervalUs: number | null;
  cycles: number | null;
  minUs: number | null;
  actUs: number | null;
  avgUs: number | null;
  maxUs: number | null;
}

export interface CyclictestHistogramThread {
  thread: number;
  /** [latencyUs, count] pairs, in the order printed. */
  buckets: [number, number][];
  overflows: number | null;
  minUs: number | null;
  avgUs: number | null;
  maxUs: number | null;
}

export interface CyclictestHistogram {
  /** Width of one bucket in µs (1 unless the unit is ns). */
  bucketUs: number;
  threads: CyclictestHistogramThread[];
}

export interface CyclictestResult {
  schemaVersion: 1;
  file: string;
  format: "cyclictest";
  threads: CyclictestThread[];
  histogram: CyclictestHistogram | null;
  /** The unit cyclictest printed in: "us", "ns", or null when it cannot be decided. */
  unit: "us" | "ns" | null;
  diagnostics: Diagnostic[];
}
