/**
 * Maps a runtime error back to a line of the cell's TypeScript source.
 *
 * tslab runs the converted JavaScript with `vm.runInThisContext` (file name
 * `evalmachine.<anonymous>`), prefixing it on the same first line, so a stack
 * frame's line is a line of the converted output. The output keeps the order
 * of statements but drops types and adds `exports.x = x;` lines; we match the
 * JavaScript line to the most similar source line (same identifiers and
 * literals), which is exact for the usual one-statement-per-line cell.
 */

const FRAME = /evalmachine\.<anonymous>:(\d+):(\d+)/;

/** The first `evalmachine` frame of an error stack: 1-based line and column in the converted JS. */
export function firstEvalFrame(stack: string | undefined): { line: number; column: number } | null {
  if (!stack) return null;
  for (const l of stack.split("\n")) {
    if (!/^\s*at /.test(l)) continue;
    const m = FRAME.exec(l);
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return null;
}

function tokens(line: string): string[] {
  return line.match(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"[^"]*"|'[^']*'|`[^`]*`/g) ?? [];
}

const IGNORED = new Set(["const", "let", "var", "await", "return", "exports", "new"]);

function bestSourceLine(target: string, srcLines: string[]): { line: number; score: number } | null {
  const want = tokens(target).filter((t) => !IGNORED.has(t));
  if (want.length === 0) return null;
  const squash = (s: string) => s.replace(/\s+/g, "");
  const exact = srcLines.findIndex((l) => squash(l) !== "" && squash(l) === squash(target));
  if (exact >= 0) return { line: exact + 1, score: 2 };
  let best = -1;
  let bestScore = 0;
  srcLines.forEach((l, i) => {
    const have = new Set(tokens(l));
    const hit = want.filter((t) => have.has(t)).length;
    const score = hit / (want.length + Math.max(0, have.size - hit) * 0.25);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best >= 0 && bestScore >= 0.5 ? { line: best + 1, score: bestScore } : null;
}

/**
 * The 1-based line of `source` that most likely produced line `jsLine`
 * (1-based) of the converted JavaScript `js`; null when nothing matches.
 * V8 sometimes reports the line after the statement in cells with top-level
 * await (tslab wraps those in an async function), so the line before is
 * tried too and the better match wins.
 */
export function mapJsLineToSource(js: string, jsLine: number, source: string): number | null {
  const jsLines = js.split("\n");
  const srcLines = source.split("\n");
  let best: { line: number; score: number } | null = null;
  for (const l of [jsLine, jsLine - 1]) {
    const target = jsLines[l - 1];
    if (target === undefined || target.trim() === "") continue;
    const m = bestSourceLine(target, srcLines);
    if (m && (!best || m.score > best.score)) best = m;
  }
  return best ? best.line : null;
}
