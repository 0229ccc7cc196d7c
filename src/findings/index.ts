export * from "./types";
export { deriveFindings, IMPORTANCE, FEW_SAMPLES_WEIGHT, type FindingsResult } from "./derive";
export { analyzeExperiment, type ExperimentAnalysis } from "./analyze";
