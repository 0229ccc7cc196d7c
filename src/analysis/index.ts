/**
 * Analysis: pure functions from the experiment model to plain JSON.
 *   summarizeRun / summarizeExperiment   per-run shares, rates, overhead
 *   compareSummaries                     two runs, per reason, with tests
 *   factorEffects                        pairs differing in one factor
 *   rankRuns                             runs by cyclictest max / avg
 *   followUp                             the follow-up ↑/↓ table of the seed
 */
export * from "./stats";
export * from "./thresholds";
export * from "./select";
export * from "./summary";
export * from "./compare";
export * from "./factors";
export * from "./ranking";
export * from "./followup";
