import * as fsp from "node:fs/promises";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { ExperimentIO } from "../../src/experiment/types";

export const nodeIO: ExperimentIO = { fs: { open: fsp.open, readFile: fsp.readFile, stat: fsp.stat, createReadStream, readdir: (p) => fsp.readdir(p) } };
export const FIXTURES = join(__dirname, "..", "fixtures", "experiments");
