/**
 * Reading `experiment.yaml`: YAML → JSON Schema (docs/manifest.schema.json,
 * checked with ajv) → meaning (unique ids, known factors and levels). Every
 * problem becomes a diagnostic with the manifest's file name and line; all of
 * them are reported at once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { Diagnostic } from "../model/diagnostic";
import type { Manifest } from "./types";

export const MANIFEST_NAMES = ["experiment.yaml", "experiment.yml"] as const;

let validator: ValidateFunction | null = null;

/** The manifest's JSON Schema, as published in docs/manifest.schema.json. */
export function manifestSchema(): object {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "docs", "manifest.schema.json"), "utf8"));
}

function getValidator(): ValidateFunction {
  if (!validator) validator = new Ajv({ allErrors: true, strict: false }).compile(manifestSchema());
  return validator;
}

export interface ManifestRead {
  manifest: Manifest | null;
  diagnostics: Diagnostic[];
  /** 1-based line of the node at a path in the YAML (e.g. ["runs", 2, "id"]), when known. */
  lineOf(path: (string | number)[]): number | undefined;
}

function describeAjv(e: ErrorObject): string {
  const at = e.instancePath === "" ? "the manifest" : e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  switch (e.keyword) {
    case "required":
      return `${at}: missing required key '${(e.params as { missingProperty: string }).missingProperty}'`;
    case "additionalProperties":
      return `${at}: unknown key '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    case "enum":
      return `${at}: ${e.message} (${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")})`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Parse and check a manifest's text. `file` is the name used in diagnostics. */
export function readManifest(text: string, file: string): ManifestRead {
  const diagnostics: Diagnostic[] = [];
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  for (const e of doc.errors) {
    diagnostics.push({ code: "experiment/yaml-syntax", severity: "error", file, line: lc.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split("\n")[0]}` });
  }
  if (diagnostics.length > 0) return { manifest: null, diagnostics, lineOf };
  const data = doc.toJS() as unknown;
  const v = getValidator();
  if (!v(data)) {
    for (const e of v.errors ?? []) {
      const path = e.instancePath.split("/").slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      diagnostics.push({ code: "experiment/schema", severity: "error", file, line: lineOf(path), message: describeAjv(e) });
    }
    return { manifest: null, diagnostics, lineOf };
  }
  const m = data as Manifest;
  // Labels default to the id.
  m.titleZh ??= m.id;
  m.titleEn ??= m.id;
  for (const f of m.factors) {
    f.labelZh ??= f.id;
    f.labelEn ??= f.id;
    for (const l of f.levels) {
      l.labelZh ??= l.id;
      l.labelEn ??= l.id;
    }
  }
  for (const r of m.runs) {
    r.labelZh ??= r.id;
    r.labelEn ??= r.id;
  }
  diagnostics.push(...checkManifest(m, file, lineOf));
  return { manifest: m, diagnostics, lineOf };
}

/** Meaning checks the schema cannot express: unique ids, every run has a known level of every factor, unique file paths. */
export function checkManifest(m: Manifest, file: string, lineOf: (path: (string | number)[]) => number | undefined = () => undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (code: string, path: (string | number)[], message: string) => out.push({ code, severity: "error", file, line: lineOf(path), message });
  const seenFactor = new Map<string, number>();
  m.factors.forEach((f, i) => {
    if (seenFactor.has(f.id)) err("experiment/duplicate-factor-id", ["factors", i, "id"], `factor id '${f.id}' is used twice (factors ${seenFactor.get(f.id)! + 1} and ${i + 1}); ids must be unique`);
    else seenFactor.set(f.id, i);
    const seenLevel = new Set<string>();
    f.levels.forEach((l, j) => {
      if (seenLevel.has(l.id)) err("experiment/duplicate-level-id", ["factors", i, "levels", j, "id"], `factor '${f.id}' lists level '${l.id}' twice`);
      seenLevel.add(l.id);
    });
  });
  const seenRun = new Map<string, number>();
  m.runs.forEach((r, i) => {
    if (seenRun.has(r.id)) err("experiment/duplicate-run-id", ["runs", i, "id"], `run id '${r.id}' is used twice (runs ${seenRun.get(r.id)! + 1} and ${i + 1}); run ids must be unique`);
    else seenRun.set(r.id, i);
    for (const [fid, lvl] of Object.entries(r.factors)) {
      const f = m.factors.find((x) => x.id === fid);
      if (!f) err("experiment/unknown-factor", ["runs", i, "factors", fid], `run '${r.id}' sets factor '${fid}', which the manifest does not declare (declared: ${m.factors.map((x) => x.id).join(", ") || "none"})`);
      else if (!f.levels.some((l) => l.id === lvl))
        err("experiment/unknown-level", ["runs", i, "factors", fid], `run '${r.id}' sets factor '${fid}' to '${lvl}', which is not one of its levels (${f.levels.map((l) => l.id).join(", ")})`);
    }
    for (const f of m.factors) {
      if (!(f.id in r.factors)) err("experiment/missing-level", ["runs", i, "factors"], `run '${r.id}' does not set factor '${f.id}' (levels: ${f.levels.map((l) => l.id).join(", ")})`);
    }
    const seenPath = new Set<string>();
    r.files.forEach((fl, j) => {
      if (seenPath.has(fl.path)) err("experiment/duplicate-file", ["runs", i, "files", j, "path"], `run '${r.id}' lists '${fl.path}' twice`);
      seenPath.add(fl.path);
    });
  });
  return out;
}
