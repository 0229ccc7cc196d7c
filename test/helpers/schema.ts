/**
 * Validates parse outputs against the published JSON Schemas in docs/schemas/.
 * `assertValidParseOutput(obj)` validates one object (or an array) against
 * parse-output.schema.json, which selects the format's own schema.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const SCHEMA_DIR = join(__dirname, "..", "..", "docs", "schemas");
let ajv: Ajv | null = null;

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const f of readdirSync(SCHEMA_DIR).filter((n) => n.endsWith(".schema.json"))) {
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), "utf8")));
    }
  }
  return ajv;
}

export function schemaValidator(id: string): ValidateFunction {
  const v = getAjv().getSchema(id);
  if (!v) throw new Error(`no schema with $id ${id} in docs/schemas`);
  return v;
}

export function assertValidAgainst(id: string, value: unknown): void {
  const v = schemaValidator(id);
  if (!v(value)) assert.fail(`does not match ${id}:\n${JSON.stringify(v.errors, null, 2).slice(0, 4000)}`);
}

export function assertValidParseOutput(value: unknown): void {
  assertValidAgainst("parse-output.schema.json", value);
}
