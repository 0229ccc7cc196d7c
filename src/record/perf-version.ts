/** perf's version, from `perf --version` ("perf version 6.1.192", "perf version 6.8.0-rc1.g1a2b"). */
export interface PerfVersion {
  major: number;
  minor: number;
  text: string;
}

export function parsePerfVersion(output: string): PerfVersion | null {
  const m = /perf version (\d+)\.(\d+)[^\s]*/.exec(output);
  return m ? { major: Number(m[1]), minor: Number(m[2]), text: m[0].replace(/^perf version /, "") } : null;
}

/** `perf kvm stat report --stdio` exists from perf 6.4; before that the option is a usage error, and after it the report opens a TUI without it. */
export function reportNeedsStdio(v: PerfVersion): boolean {
  return v.major > 6 || (v.major === 6 && v.minor >= 4);
}
