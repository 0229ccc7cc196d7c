/**
 * The real file system in the shape the readers take (`ExperimentIO`), for
 * notebooks and scripts: `loadExperiment(dir, notebookIO())`. Tests pass
 * their own fakes instead.
 */
import * as fsPromises from "node:fs/promises";
import { createReadStream } from "node:fs";
import type { ExperimentIO } from "../experiment/types";

export function notebookIO(): ExperimentIO {
  return { fs: { open: fsPromises.open, readFile: fsPromises.readFile, stat: fsPromises.stat, createReadStream, readdir: (p: string) => fsPromises.readdir(p) } };
}
