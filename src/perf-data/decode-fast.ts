/**
 * The reader's fast path: decodes a run of little-endian SAMPLE records with
 * a fixed layout straight into event columns. It handles only what it can
 * decode exactly as the general path in reader.ts does and stops at the
 * first record it cannot (another record type, an unknown id, a short or
 * odd payload, a full output), which the general path then takes. A
 * top-level function with its parameters in typed arrays: no closure
 * variables and no per-plan objects in the loop.
 */
import { EV, type EventColumns } from "./events";

/** Per sample plan (index = plan), what the fast path needs. */
export interface FastPlans {
  kind: Int32Array;
  /** 1: only the time is looked at (skipKinds). */
  skip: Uint8Array;
  /** Smallest record holding tid and time. */
  fixedNeed: Float64Array;
  /** Offset of the RAW u32 size; -1: not fixed (the general path decodes these). */
  rawOff: Int32Array;
  timeOff: Int32Array;
  tidOff: Int32Array;
  cpuOff: Int32Array;
  /** Three fields per plan: offset in the payload (-1 absent), size (1, 2, 4, 8), default. */
  fOff: Int32Array;
  fSize: Int32Array;
  fDef: Float64Array;
  fieldsEnd: Int32Array;
  /** Samples decoded here per plan (folded into the reader's counts). */
  count: Float64Array;
}

export function createFastPlans(n: number): FastPlans {
  return {
    kind: new Int32Array(n),
    skip: new Uint8Array(n),
    fixedNeed: new Float64Array(n),
    rawOff: new Int32Array(n),
    timeOff: new Int32Array(n),
    tidOff: new Int32Array(n),
    cpuOff: new Int32Array(n),
    fOff: new Int32Array(3 * n),
    fSize: new Int32Array(3 * n),
    fDef: new Float64Array(3 * n),
    fieldsEnd: new Int32Array(n),
    count: new Float64Array(n),
  };
}

/**
 * In and out of decodeSamples, one Float64Array:
 * [0] events written (out index, in: out.n), [1] samples decoded, [2]/[3]
 * min/max time of skipped samples (NaN when none), [4] out limit.
 */
export const ACC_OUT = 0;
export const ACC_SAMPLES = 1;
export const ACC_SKIP_MIN = 2;
export const ACC_SKIP_MAX = 3;
export const ACC_LIMIT = 4;

const T_SAMPLE = 9;
const K_OTHER = EV.other;
const TWO32 = 4294967296;

function field(dv: DataView, at: number, size: number): number {
  if (size === 4) return dv.getUint32(at, true);
  if (size === 8) return dv.getUint32(at, true) + dv.getUint32(at + 4, true) * TWO32;
  if (size === 2) return dv.getUint16(at, true);
  return dv.getUint8(at);
}

/**
 * Decodes SAMPLE records from dv[s..e) (little-endian) until one it cannot
 * take; returns where it stopped. `idTable[id - idBase] - 1` is the plan of
 * a sample id (IDENTIFIER layouts), or `singlePlan` >= 0 is every sample's
 * plan. `fileBase` is the file offset of dv index 0; times are made relative
 * to (baseHi, baseLo).
 */
export function decodeSamples(
  dv: DataView,
  s: number,
  e: number,
  fileBase: number,
  idTable: Int32Array,
  idBase: number,
  singlePlan: number,
  P: FastPlans,
  baseHi: number,
  baseLo: number,
  out: EventColumns,
  acc: Float64Array,
): number {
  let w = acc[ACC_OUT];
  const wEnd = acc[ACC_LIMIT];
  let samples = 0;
  let skipMin = acc[ACC_SKIP_MIN];
  let skipMax = acc[ACC_SKIP_MAX];
  const { kind: oKind, tid: oTid, pid: oPid, cpu: oCpu, t: oT, a: oA, b: oB, c: oC, off: oOff } = out;
  const idN = idTable.length;
  while (e - s >= 16) {
    if (dv.getUint32(s, true) !== T_SAMPLE) break;
    const size = dv.getUint16(s + 6, true);
    if (size < 16 || e - s < size) break;
    let pi = singlePlan;
    if (pi < 0) {
      if (dv.getUint32(s + 12, true) !== 0) break;
      const k = dv.getUint32(s + 8, true) - idBase;
      if (k < 0 || k >= idN) break;
      pi = idTable[k] - 1;
      if (pi < 0) break;
    }
    const kind = P.kind[pi];
    if (kind === K_OTHER) {
      P.count[pi]++;
      samples++;
      s += size;
      continue;
    }
    if (size < P.fixedNeed[pi]) break;
    const to = s + P.timeOff[pi];
    const t = (dv.getUint32(to + 4, true) - baseHi) * TWO32 + (dv.getUint32(to, true) - baseLo);
    if (P.skip[pi] === 1) {
      if (!(t >= skipMin)) skipMin = t;
      if (!(t <= skipMax)) skipMax = t;
      P.count[pi]++;
      samples++;
      s += size;
      continue;
    }
    const rawOff = P.rawOff[pi];
    if (rawOff < 0 || rawOff + 4 > size) break;
    const rawSize = dv.getUint32(s + rawOff, true);
    if (rawOff + 4 + rawSize > size || P.fieldsEnd[pi] > rawSize) break;
    if (w >= wEnd) break;
    const r = s + rawOff + 4;
    const f = 3 * pi;
    const o0 = P.fOff[f];
    const o1 = P.fOff[f + 1];
    const o2 = P.fOff[f + 2];
    oA[w] = o0 >= 0 ? field(dv, r + o0, P.fSize[f]) : P.fDef[f];
    oB[w] = o1 >= 0 ? field(dv, r + o1, P.fSize[f + 1]) : P.fDef[f + 1];
    oC[w] = o2 >= 0 ? field(dv, r + o2, P.fSize[f + 2]) : P.fDef[f + 2];
    const tidAt = s + P.tidOff[pi];
    const cpuOff = P.cpuOff[pi];
    oKind[w] = kind;
    oPid[w] = dv.getUint32(tidAt, true) | 0;
    oTid[w] = dv.getUint32(tidAt + 4, true) | 0;
    oCpu[w] = cpuOff > 0 ? dv.getUint32(s + cpuOff, true) | 0 : -1;
    oT[w] = t;
    oOff[w] = fileBase + s;
    w++;
    P.count[pi]++;
    samples++;
    s += size;
  }
  acc[ACC_OUT] = w;
  acc[ACC_SAMPLES] += samples;
  acc[ACC_SKIP_MIN] = skipMin;
  acc[ACC_SKIP_MAX] = skipMax;
  return s;
}
