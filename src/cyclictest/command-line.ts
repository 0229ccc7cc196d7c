/**
 * Reading a cyclictest command line found in a file (a shell prompt, the JSON
 * `cmdline:`, a `script` header). Only the options that change how the output
 * must be read are decoded; the rest are skipped by the option table below.
 */

/** rt-tests programs whose output can be mistaken for cyclictest's. */
export const RT_TESTS_PROGRAMS = [
  "cyclictest",
  "cyclicdeadline",
  "ptsematest",
  "pmqtest",
  "sigwaittest",
  "svsematest",
  "signaltest",
  "deadline_test",
  "pi_stress",
  "rt-migrate-test",
  "hackbench",
  "oslat",
] as const;
export type RtTestsProgram = (typeof RT_TESTS_PROGRAMS)[number];

export interface CyclictestCommand {
  /** The text as found (trimmed). */
  text: string;
  program: RtTestsProgram;
  /** -N / --nsecs */
  nsecs: boolean;
  /** -t N; "auto" for -t without a number or -S/--smp (one per CPU). null when not given (1 thread). */
  threads: number | "auto" | null;
  quiet: boolean;
  verbose: boolean;
  /** -h / -H bucket count. */
  histogramBuckets: number | null;
  histofall: boolean;
  loops: number | null;
  intervalUs: number | null;
  refreshOnMax: boolean;
  oscilloscope: number | null;
}

/**
 * cyclictest's getopt table: short letter → long name, whether it takes an
 * argument ("required", "optional" as in `a::`, or "none").
 */
const SHORT_OPTIONS: Record<string, { long: string; arg: "none" | "required" | "optional" }> = {
  a: { long: "affinity", arg: "optional" },
  A: { long: "aligned", arg: "optional" },
  b: { long: "breaktrace", arg: "required" },
  c: { long: "clock", arg: "required" },
  d: { long: "distance", arg: "required" },
  D: { long: "duration", arg: "required" },
  F: { long: "fifo", arg: "required" },
  h: { long: "histogram", arg: "required" },
  H: { long: "histofall", arg: "required" },
  i: { long: "interval", arg: "required" },
  l: { long: "loops", arg: "required" },
  m: { long: "mlockall", arg: "none" },
  M: { long: "refresh_on_max", arg: "none" },
  n: { long: "nanosleep", arg: "none" },
  N: { long: "nsecs", arg: "none" },
  o: { long: "oscope", arg: "required" },
  p: { long: "priority", arg: "required" },
  q: { long: "quiet", arg: "none" },
  r: { long: "relative", arg: "none" },
  R: { long: "resolution", arg: "none" },
  s: { long: "system", arg: "none" },
  S: { long: "smp", arg: "none" },
  t: { long: "threads", arg: "optional" },
  u: { long: "unbuffered", arg: "none" },
  v: { long: "verbose", arg: "none" },
  x: { long: "posix_timers", arg: "none" },
  e: { long: "latency", arg: "required" },
  E: { long: "event", arg: "none" },
  f: { long: "ftrace", arg: "none" },
  w: { long: "wakeup", arg: "none" },
  W: { long: "wakeuprt", arg: "none" },
  B: { long: "preemptirqs", arg: "none" },
  C: { long: "context", arg: "none" },
  I: { long: "irqsoff", arg: "none" },
  P: { long: "preemptoff", arg: "none" },
  T: { long: "tracer", arg: "required" },
  O: { long: "traceopt", arg: "required" },
  U: { long: "numa", arg: "none" },
};

/** Long options that take an argument when written as two words (`--loops 100`). */
const LONG_WITH_ARG = new Set([
  "breaktrace", "clock", "distance", "duration", "fifo", "histogram", "histofall", "interval", "loops", "oscope",
  "priority", "latency", "tracer", "traceopt", "policy", "spike", "histfile", "json", "mainaffinity", "priospread",
]);

/** What each decoded option does to the summary, keyed by long name. */
const APPLY: Record<string, (c: CyclictestCommand, value: string | null) => void> = {
  nsecs: (c) => void (c.nsecs = true),
  quiet: (c) => void (c.quiet = true),
  verbose: (c) => void (c.verbose = true),
  refresh_on_max: (c) => void (c.refreshOnMax = true),
  smp: (c) => void (c.threads = c.threads ?? "auto"),
  threads: (c, v) => void (c.threads = v !== null && /^\d+$/.test(v) ? Number(v) : "auto"),
  histogram: (c, v) => void (c.histogramBuckets = intOrNull(v)),
  histofall: (c, v) => {
    c.histogramBuckets = intOrNull(v);
    c.histofall = true;
  },
  loops: (c, v) => void (c.loops = intOrNull(v)),
  interval: (c, v) => void (c.intervalUs = intOrNull(v)),
  oscope: (c, v) => void (c.oscilloscope = intOrNull(v)),
};

function intOrNull(v: string | null): number | null {
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
}

const PROGRAM_RE = new RegExp(`(?:^|[\\s/"'=(\`])(?:[\\w-]+\\.)?(${RT_TESTS_PROGRAMS.join("|").replace(/-/g, "\\-")})(?=\\s|$|["'])(.*)$`);

/** Finds an rt-tests invocation in a line of text, or null. */
export function findCommand(line: string): { program: RtTestsProgram; args: string; text: string } | null {
  const m = PROGRAM_RE.exec(line);
  if (!m) return null;
  const program = m[1] as RtTestsProgram;
  const args = m[2].replace(/["'`)]\s*$/, "").trim().replace(/[:.,;]+$/, "");
  // Prose that names the program ("cyclictest output:") is not a command: options start with "-".
  if (args !== "" && !args.startsWith("-")) return null;
  if (args === "" && !/^(?:.*[$#>]\s*)?(?:sudo\s+)?(?:\S*\/)?(?:[\w-]+\.)?[\w-]+$/.test(line.trim())) return null;
  return { program, args, text: `${program}${args ? " " + args : ""}` };
}

/** Decodes the options of a cyclictest command line. Unknown options are skipped. */
export function parseCommandLine(program: RtTestsProgram, args: string): CyclictestCommand {
  const c: CyclictestCommand = {
    text: `${program}${args ? " " + args : ""}`,
    program,
    nsecs: false,
    threads: null,
    quiet: false,
    verbose: false,
    histogramBuckets: null,
    histofall: false,
    loops: null,
    intervalUs: null,
    refreshOnMax: false,
    oscilloscope: null,
  };
  const words = args.split(/\s+/).filter((w) => w.length > 0);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === "--") break;
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      const long = (eq >= 0 ? w.slice(2, eq) : w.slice(2)).replace(/-/g, "_");
      let value: string | null = eq >= 0 ? w.slice(eq + 1) : null;
      if (value === null && LONG_WITH_ARG.has(long) && i + 1 < words.length && !words[i + 1].startsWith("-")) value = words[++i];
      if (value === null && long === "threads" && i + 1 < words.length && /^\d+$/.test(words[i + 1])) value = words[++i];
      APPLY[long]?.(c, value);
      continue;
    }
    if (!w.startsWith("-") || w.length < 2) continue;
    // A cluster of short options, as getopt reads it: `-qN`, `-t1`, `-smp`.
    for (let k = 1; k < w.length; k++) {
      const opt = SHORT_OPTIONS[w[k]];
      if (!opt) continue;
      let value: string | null = null;
      if (opt.arg === "required") {
        value = k + 1 < w.length ? w.slice(k + 1) : i + 1 < words.length ? words[++i] : null;
        k = w.length;
      } else if (opt.arg === "optional") {
        // getopt's `t::` takes only an attached value; cyclictest also accepts `-t 2`.
        if (k + 1 < w.length) value = w.slice(k + 1);
        else if (i + 1 < words.length && /^\d+$/.test(words[i + 1])) value = words[++i];
        k = w.length;
      }
      APPLY[opt.long]?.(c, value);
    }
  }
  return c;
}

/**
 * A cyclictest command line given as text (`"sudo cyclictest -N -t1"`, or just
 * the options `"-N -t1"`), or null when it names another program.
 */
export function parseCyclictestCommandLine(text: string): CyclictestCommand | null {
  if (typeof text !== "string") throw new TypeError("parseCyclictestCommandLine: text must be a string");
  const found = findCommand(text);
  if (found) return found.program === "cyclictest" ? parseCommandLine(found.program, found.args) : null;
  if (/^\s*-/.test(text)) return parseCommandLine("cyclictest", text.trim());
  return null;
}
