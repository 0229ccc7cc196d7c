/** Shared by the cyclictest tests: fixture access and schema validation. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertValidAgainst, assertValidParseOutput } from "../helpers/schema";
import { parseCyclictest, type ParseCyclictestOptions } from "../../src/cyclictest/parse";
import type { CyclictestResult } from "../../src/cyclictest/types";

export const FIXTURES = join(__dirname, "..", "fixtures", "cyclictest");

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

/** parseCyclictest on a fixture, named by its file name (no directory). */
export function parseFixture(name: string, options?: ParseCyclictestOptions): CyclictestResult {
  return parseCyclictest(fixtureText(name), name, options);
}

/**
 * Validates against parse-output.schema.json (which selects cyclictest.schema.json
 * by `format`), and against cyclictest.schema.json directly, for one result or an array.
 */
export function validate(value: unknown): void {
  for (const v of Array.isArray(value) ? value : [value]) assertValidAgainst("cyclictest.schema.json", v);
  assertValidParseOutput(value);
}

export const codes = (r: CyclictestResult): string[] => r.diagnostics.map((d) => d.code);
