export * from "./types";
export { loadExperiment, loadErrors, isBlocking } from "./load";
export { readManifest, checkManifest, manifestSchema, MANIFEST_NAMES } from "./manifest";
export { inferFactors, KERNEL_WORDS, REFERENCE_WORDS, VARIANT_WORDS } from "./infer";
export { loadRunsFromPaths } from "./paths";
