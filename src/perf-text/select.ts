/**
 * `--event`, `--vcpu` and `-k` on text input. perf printed each table for one
 * event, one scope and one order. From its text we can pick tables and order
 * rows; we cannot compute another scope. So:
 *   --event E  keeps the tables of event E;
 *   --vcpu N   keeps the tables perf printed for vCPU N (`Analyze events for
 *              vcpu N`); a table of all vCPUs cannot be split;
 *   -k KEY     orders each kept table's rows as perf 6.1's -k does (sample:
 *              by samples, time: by mean time), stably, so perf's own order
 *              stays for ties.
 * When the options leave no table, a warning says what the file has and
 * where the wanted numbers can come from, never a silently different table.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { KvmStatRow, KvmStatTable } from "../model/kvm-stat";

export interface TextSelection {
  event?: string;
  vcpu?: number;
  sortKey?: string;
}

/** perf 6.1's -k keys and the row value each sorts by (descending). */
const SORT_VALUE: Record<string, (r: KvmStatRow) => number | null> = {
  sample: (r) => r.samples,
  time: (r) => r.avgUs,
};

export interface TextSelector {
  /** False when no option asks for anything: tables pass as they are. */
  active: boolean;
  /** The table as the options want it, or null when they leave it out. */
  pick(t: KvmStatTable): KvmStatTable | null;
  /** What the options could not do, once all tables were seen. */
  diagnostics(): Array<Omit<Diagnostic, "file">>;
}

const describe = (t: KvmStatTable) => `${t.event}${t.scope.vcpu === null ? " (all vCPUs)" : ` (vCPU ${t.scope.vcpu})`}${t.line !== undefined ? ` at line ${t.line}` : ""}`;

export function createTextSelector(o: TextSelection): TextSelector {
  const active = o.event !== undefined || o.vcpu !== undefined || o.sortKey !== undefined;
  const sortBy = o.sortKey === undefined ? null : SORT_VALUE[o.sortKey];
  const badKey = o.sortKey !== undefined && !sortBy;
  const seen: string[] = [];
  let kept = 0;
  return {
    active,
    pick(t) {
      if (!active) return t;
      if (seen.length < 5) seen.push(describe(t));
      else if (seen.length === 5) seen.push("...");
      if (badKey) return null;
      if (o.event !== undefined && t.event !== o.event) return null;
      if (o.vcpu !== undefined && t.scope.vcpu !== o.vcpu) return null;
      kept++;
      if (!sortBy) return t;
      const value = (r: KvmStatRow) => sortBy(r) ?? -Infinity;
      return { ...t, rows: [...t.rows].sort((a, b) => value(b) - value(a)) };
    },
    diagnostics() {
      if (badKey) {
        return [{ code: "kvm-stat/bad-option", severity: "error", message: `-k ${o.sortKey} is not a sort key of perf 6.1; expected one of ${Object.keys(SORT_VALUE).join(", ")}` }];
      }
      if (!active || kept > 0 || seen.length === 0) return [];
      const asked = [o.event !== undefined ? `--event ${o.event}` : null, o.vcpu !== undefined ? `--vcpu ${o.vcpu}` : null].filter((x) => x !== null).join(" ");
      const vcpuHint =
        o.vcpu !== undefined
          ? `; a report of all vCPUs cannot be split per vCPU from its text: print it with \`perf kvm stat report --vcpu ${o.vcpu}\`, or read the perf.data file, which vmexit parse splits itself`
          : "";
      return [{ code: "kvm-stat/no-table-selected", severity: "warning", message: `no table matches ${asked}: the file has ${seen.join(", ")}${vcpuHint}` }];
    },
  };
}
