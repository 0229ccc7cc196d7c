/** A constructed four-run experiment in the seed's shape (guest GP/RT × pinning raw/bind), counts out of 10 000. */
import type { Experiment } from "../../src/experiment/types";
import { run, seedManifest, table } from "./build";

const rows = (io: number, ei: number, pt: number, msr: number, hlt: number): [string, number, number, number][] => [
  ["HLT", hlt, 2000, 1],
  ["MSR_WRITE", msr, 1.1, 0.5],
  ["IO_INSTRUCTION", io, 10, 0.8],
  ["EXTERNAL_INTERRUPT", ei, 2.5, 1.5],
  ["PREEMPTION_TIMER", pt, 0.8, 2],
];

export function seed4(): Experiment {
  const runs = [
    run("gp-raw", { guestKernel: "gp", pinning: "raw" }, table(rows(500, 300, 50, 4000, 5150)), { latency: [300, 10] }),
    run("gp-bind", { guestKernel: "gp", pinning: "bind" }, table(rows(820, 310, 20, 4000, 4850)), { latency: [150, 8] }),
    run("rt-raw", { guestKernel: "rt", pinning: "raw" }, table(rows(400, 411, 31, 4000, 5158)), { latency: [60, 5] }),
    run("rt-bind", { guestKernel: "rt", pinning: "bind" }, table(rows(700, 35, 72, 4000, 5193)), { latency: [20, 3] }),
  ];
  return { dir: "/seed4", manifest: seedManifest(runs), inferred: false, runs, diagnostics: [] };
}
