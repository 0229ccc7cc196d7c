/** Categories of exit reasons, in the order a glossary lists them. Labels live in src/messages/catalogue.ts. */
export const EXIT_CATEGORIES = [
  "interrupt-timer",
  "msr",
  "memory",
  "io",
  "idle",
  "instruction",
  "hypercall",
  "spin",
  "exception",
  "nested",
  "system",
] as const;
export type ExitCategory = (typeof EXIT_CATEGORIES)[number];

export function isExitCategory(x: unknown): x is ExitCategory {
  return typeof x === "string" && (EXIT_CATEGORIES as readonly string[]).includes(x);
}
