/**
 * The perf.data entry in the format table: sniffs `PERFILE2` (either byte
 * order, file or pipe mode) and reads the file with readPerfData.
 */
import type { FormatHandler, ParseOptions } from "../formats/types";
import { magicByteOrder } from "./header";
import { emptyPerfDataResult, readPerfData, type PerfDataOptions } from "./read";
import { KVM_REPORT_EVENTS } from "./kvm/ops";
import { SORT_KEYS } from "./kvm/build";

function badOption(o: PerfDataParseOptions): string | null {
  if (o.event !== undefined && !(KVM_REPORT_EVENTS as readonly string[]).includes(o.event)) return `--event ${o.event} is not a perf kvm stat report event; expected one of ${KVM_REPORT_EVENTS.join(", ")}`;
  if (o.sortKey !== undefined && !(SORT_KEYS as readonly string[]).includes(o.sortKey)) return `-k ${o.sortKey} is not a sort key of perf 6.1; expected one of ${SORT_KEYS.join(", ")}`;
  return null;
}
import { perfDataToCsv, renderPerfDataText } from "./render";
import type { PerfDataResult } from "./types";

/** ParseOptions plus the perf.data-only knobs (rate bucket, histogram resolution). */
export type PerfDataParseOptions = ParseOptions & Pick<PerfDataOptions, "rateBucketNs" | "binsPerDecade">;

export const perfDataHandler: FormatHandler<PerfDataResult> = {
  id: "perf-data",
  description: "perf.data / perf.data.guest from perf kvm stat record (file or pipe mode, either byte order, zstd)",
  sniff(head) {
    if (magicByteOrder(head) === null || head.length < 16) return 0;
    const le = magicByteOrder(head)!;
    const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const size = dv.getUint32(le ? 8 : 12, le) + dv.getUint32(le ? 12 : 8, le) * 4294967296;
    return size === 104 || size === 16 ? 1 : 0.5;
  },
  async parse(path, ctx) {
    const o = ctx.options as PerfDataParseOptions;
    // Options come from a user (the CLI): a bad one is a diagnostic here, not an exception.
    const bad = badOption(o);
    if (bad) return { ...emptyPerfDataResult(path), diagnostics: [{ code: "perf-data/bad-option", severity: "error", message: bad, file: path }] };
    return readPerfData(path, ctx.fs, {
      event: o.event,
      vcpu: o.vcpu ?? null,
      sortKey: o.sortKey,
      progress: o.progress,
      rateBucketNs: o.rateBucketNs,
      binsPerDecade: o.binsPerDecade,
    });
  },
  renderText: renderPerfDataText,
  toCsv: perfDataToCsv,
};
