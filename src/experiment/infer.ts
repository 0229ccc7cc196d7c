/**
 * A manifest read from folder names, for an experiment folder without
 * `experiment.yaml`: each sub-folder is a run; its name split on `-` gives
 * one level per factor, by position.
 *
 *   gp / rt                        two such positions: host kernel, guest kernel
 *   raw unpinned nopin off base baseline   reference level of a pinning-like factor
 *   bind pinned pin on                     its variant; with raw/bind/pin... it is
 *                                          CPU pinning, with only on/off/base a
 *                                          generic factor whose reference is known
 *   anything else                  a generic factor; `--baseline RUN` names its reference
 *
 * Names of different lengths cannot be read this way: each run is then a
 * level of one factor `run`, the baseline run first (also on request:
 * `byRun`).
 */
import type { Diagnostic } from "../model/diagnostic";
import { experimentMessages } from "../messages/findings";
import type { Factor, FactorLevel } from "./types";

export const KERNEL_WORDS = ["gp", "rt"] as const;
export const REFERENCE_WORDS = ["raw", "unpinned", "nopin", "off", "base", "baseline"] as const;
export const VARIANT_WORDS = ["bind", "pinned", "pin", "on"] as const;
/** Words that say the factor is CPU pinning; without one, on/off/base is some other switch (nohz-on, hugepages-off). */
export const PINNING_WORDS = ["raw", "unpinned", "nopin", "bind", "pinned", "pin"] as const;

export const INFERRED_FACTOR_IDS = ["hostKernel", "guestKernel", "kernel", "pinning", "run"] as const;

/** switch: reference/variant words without a pinning word: the reference is known, the meaning is not. */
type PositionKind = "kernel" | "pinning" | "switch" | "generic";

export interface InferredFactors {
  factors: Factor[];
  /** run id → factor id → level id */
  levels: Record<string, Record<string, string>>;
  diagnostics: Diagnostic[];
}

const isIn = (words: readonly string[], w: string) => words.includes(w);

function classify(tokens: string[]): PositionKind {
  if (tokens.every((t) => isIn(KERNEL_WORDS, t))) return "kernel";
  if (tokens.every((t) => isIn(REFERENCE_WORDS, t) || isIn(VARIANT_WORDS, t))) return tokens.some((t) => isIn(PINNING_WORDS, t)) ? "pinning" : "switch";
  return "generic";
}

function vocabOrder(kind: PositionKind, token: string): number {
  if (kind === "kernel") return KERNEL_WORDS.indexOf(token as (typeof KERNEL_WORDS)[number]);
  if (kind === "pinning" || kind === "switch") {
    const r = REFERENCE_WORDS.indexOf(token as (typeof REFERENCE_WORDS)[number]);
    return r >= 0 ? r : 100 + VARIANT_WORDS.indexOf(token as (typeof VARIANT_WORDS)[number]);
  }
  return 0;
}

function level(factorId: string, kind: PositionKind, token: string): FactorLevel {
  const m = experimentMessages;
  if (kind === "kernel") return { id: token, labelZh: token.toUpperCase(), labelEn: token.toUpperCase() };
  if (kind === "pinning") {
    const ref = isIn(REFERENCE_WORDS, token);
    return { id: token, labelZh: ref ? m.zh.levelUnpinned : m.zh.levelPinned, labelEn: ref ? m.en.levelUnpinned : m.en.levelPinned };
  }
  return { id: token, labelZh: factorId === "run" ? token.toUpperCase() : token, labelEn: factorId === "run" ? token.toUpperCase() : token };
}

/**
 * Factors and levels from run folder names (see the module comment).
 * `file` names the experiment folder in diagnostics.
 */
export function inferFactors(runIds: string[], file: string, baseline?: string, opts: { byRun?: boolean } = {}): InferredFactors {
  const diagnostics: Diagnostic[] = [];
  const m = experimentMessages.en;
  const split = runIds.map((id) => id.toLowerCase().split("-"));
  const sameLength = split.length > 0 && split.every((t) => t.length === split[0].length && t.every((x) => x.length > 0));
  const baseIdx = baseline === undefined ? -1 : runIds.indexOf(baseline);

  const factors: Factor[] = [];
  const levels: Record<string, Record<string, string>> = {};
  for (const id of runIds) levels[id] = {};

  if (opts.byRun || !sameLength || runIds.length < 2) {
    const order = [...runIds].sort();
    if (baseIdx >= 0) order.splice(order.indexOf(runIds[baseIdx]), 1), order.unshift(runIds[baseIdx]);
    else if (runIds.length > 1) diagnostics.push({ code: "experiment/no-reference-level", severity: "warning", file, message: m.noReferenceRuns(order[0]) });
    factors.push({ id: "run", labelZh: experimentMessages.zh.factorRun, labelEn: m.factorRun, levels: order.map((r) => ({ id: r, labelZh: r.toUpperCase(), labelEn: r.toUpperCase() })) });
    for (const id of runIds) levels[id].run = id;
    return { factors, levels, diagnostics };
  }

  const width = split[0].length;
  const kinds: PositionKind[] = [];
  for (let i = 0; i < width; i++) kinds.push(classify(split.map((t) => t[i])));
  const kernelPositions = kinds.map((k, i) => (k === "kernel" ? i : -1)).filter((i) => i >= 0);
  const pinningPositions = kinds.map((k, i) => (k === "pinning" ? i : -1)).filter((i) => i >= 0);
  let generic = 0;
  for (let i = 0; i < width; i++) {
    const kind = kinds[i];
    let fid: string;
    let labelZh: string;
    let labelEn: string;
    if (kind === "kernel" && kernelPositions.length === 2) {
      const host = kernelPositions[0] === i;
      fid = host ? "hostKernel" : "guestKernel";
      labelZh = host ? experimentMessages.zh.factorHostKernel : experimentMessages.zh.factorGuestKernel;
      labelEn = host ? m.factorHostKernel : m.factorGuestKernel;
    } else if (kind === "kernel" && kernelPositions.length === 1) {
      fid = "kernel";
      labelZh = experimentMessages.zh.factorKernel;
      labelEn = m.factorKernel;
    } else if (kind === "pinning" && pinningPositions.length === 1) {
      fid = "pinning";
      labelZh = experimentMessages.zh.factorPinning;
      labelEn = m.factorPinning;
    } else {
      generic += 1;
      fid = `factor${generic}`;
      labelZh = experimentMessages.zh.factorGeneric(generic);
      labelEn = m.factorGeneric(generic);
    }
    const effKind: PositionKind = fid.startsWith("factor") ? (kind === "pinning" || kind === "switch" ? "switch" : "generic") : kind;
    const tokens = [...new Set(split.map((t) => t[i]))];
    tokens.sort((a, b) => vocabOrder(effKind, a) - vocabOrder(effKind, b) || a.localeCompare(b));
    if (baseIdx >= 0) {
      const bt = split[baseIdx][i];
      tokens.splice(tokens.indexOf(bt), 1);
      tokens.unshift(bt);
    } else if (effKind === "generic" && tokens.length > 1) {
      diagnostics.push({ code: "experiment/no-reference-level", severity: "warning", file, message: m.noReferenceLevel(fid, tokens) });
    }
    factors.push({ id: fid, labelZh, labelEn, levels: tokens.map((t) => level(fid, effKind, t)) });
    runIds.forEach((id, r) => (levels[id][fid] = split[r][i]));
  }
  return { factors, levels, diagnostics };
}
