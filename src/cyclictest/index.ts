/** cyclictest output: reading it (parseCyclictest) and its JSON contract (./types). */
export * from "./types";
export { parseCyclictest, type ParseCyclictestOptions } from "./parse";
export { cyclictestHandler } from "./handler";
export { sniffCyclictest } from "./sniff";
export { renderCyclictestText, cyclictestToCsv } from "./render";
export { parseCyclictestCommandLine, type CyclictestCommand } from "./command-line";
