/**
 * The Vega-Lite v5 JSON schema shipped with the vega-lite package, compiled
 * once per process. Compiling it is slow (~1 s idle, much more on a busy
 * machine); ajv's code optimisation and ref inlining are switched off, which
 * roughly thirds the time without changing what validates.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";

let validate: ValidateFunction | null = null;

export function vegaLiteValidator(): ValidateFunction {
  if (!validate) {
    const schema = JSON.parse(readFileSync(require.resolve("vega-lite/build/vega-lite-schema.json"), "utf8"));
    validate = new Ajv({ strict: false, validateFormats: false, allErrors: false, inlineRefs: false, code: { optimize: false } }).compile(schema);
  }
  return validate;
}
