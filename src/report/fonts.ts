/**
 * The report's Chinese font.
 *
 * Preferred: Noto Sans SC from the npm package `@fontsource/noto-sans-sc`, so
 * the PDF looks the same on every machine. The package splits the font into
 * ~100 woff2 files by unicode-range; only the files covering characters the
 * document uses are inlined (base64 @font-face), for the weights the CSS uses.
 * Fallback: a CJK font installed on the system (`fc-list :lang=zh`). With
 * neither, `resolveReportFont` fails with a message saying how to fix it,
 * before anything is rendered.
 */
import { join } from "node:path";

export const FONT_PACKAGE = "@fontsource/noto-sans-sc";
export const FONT_FAMILY = "Noto Sans SC";
/** Weights the stylesheet uses (body, bold). */
export const FONT_WEIGHTS = [400, 700] as const;

export interface FontFaceFile {
  weight: number;
  /** Inclusive code point ranges. */
  ranges: [number, number][];
  /** Absolute path of the woff2 file. */
  file: string;
}

/** Parses `unicode-range: U+4e00-9fff,U+3000` into inclusive ranges. */
export function parseUnicodeRange(s: string): [number, number][] {
  return s
    .split(",")
    .map((p) => p.trim().replace(/^U\+/i, ""))
    .filter(Boolean)
    .map((p) => {
      if (p.includes("?")) return [parseInt(p.replace(/\?/g, "0"), 16), parseInt(p.replace(/\?/g, "f"), 16)] as [number, number];
      const [a, b] = p.split("-");
      return [parseInt(a, 16), parseInt(b ?? a, 16)] as [number, number];
    });
}

/** Reads the @font-face rules of a fontsource weight CSS file (e.g. 400.css). */
export function parseFontsourceCss(css: string, dir: string): FontFaceFile[] {
  const out: FontFaceFile[] = [];
  for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = m[1];
    const weight = Number(/font-weight:\s*(\d+)/.exec(body)?.[1] ?? "400");
    const url = /url\(([^)]+\.woff2)\)/.exec(body)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    if (!url || !range) continue;
    out.push({ weight, ranges: parseUnicodeRange(range), file: join(dir, url.replace(/^['"]?\.?\/?/, "").replace(/['"]$/, "")) });
  }
  return out;
}

/** The code points used in `text`, sorted. */
export function codePointsOf(text: string): number[] {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0) as number);
  return [...set].sort((a, b) => a - b);
}

/** The font files needed to cover `codePoints`. */
export function selectFaces(faces: FontFaceFile[], codePoints: number[]): FontFaceFile[] {
  return faces.filter((f) => codePoints.some((cp) => f.ranges.some(([a, b]) => cp >= a && cp <= b)));
}

export interface FontIO {
  /** `require.resolve` of a package file; throws when missing. */
  resolve(id: string): string;
  readFile(path: string): Buffer;
  readText(path: string): string;
  /** Family names of installed CJK fonts (`fc-list :lang=zh family`); [] when none or no fontconfig. */
  systemCjkFamilies(): string[];
}

export type ReportFont =
  | { source: "npm"; family: string; faces: FontFaceFile[] }
  | { source: "system"; family: string; faces: [] };

export class NoCjkFontError extends Error {}

export const NO_CJK_FONT_HELP = [
  "no Chinese (CJK) font is available, so the report would show empty boxes instead of Chinese text.",
  `Fix it with one of:`,
  `  npm install ${FONT_PACKAGE}            (preferred: the same font on every machine)`,
  `  apt-get install fonts-noto-cjk         (Debian/Ubuntu; or fonts-wqy-zenhei)`,
  `  dnf install google-noto-sans-cjk-fonts (Fedora)`,
].join("\n");

/** Finds the font: the npm package first, then a system CJK font; throws NoCjkFontError when neither exists. */
export function resolveReportFont(io: FontIO): ReportFont {
  try {
    const pkgJson = io.resolve(`${FONT_PACKAGE}/package.json`);
    const dir = pkgJson.slice(0, -"package.json".length);
    const faces = FONT_WEIGHTS.flatMap((w) => parseFontsourceCss(io.readText(join(dir, `${w}.css`)), dir));
    if (faces.length > 0) return { source: "npm", family: FONT_FAMILY, faces };
  } catch {
    // not installed: fall through to the system fonts
  }
  const families = io.systemCjkFamilies();
  if (families.length > 0) {
    const preferred = families.find((f) => /Noto Sans CJK SC|Source Han Sans SC/i.test(f)) ?? families.find((f) => /Noto Sans CJK|Source Han/i.test(f)) ?? families[0];
    return { source: "system", family: preferred, faces: [] };
  }
  throw new NoCjkFontError(NO_CJK_FONT_HELP);
}

/**
 * The @font-face CSS for `text`: only the subsets it needs, inlined as
 * base64, and a `--report-font` custom property naming the family stack.
 */
export function fontCss(font: ReportFont, text: string, io: Pick<FontIO, "readFile">): { css: string; bytes: number; files: number } {
  const stack = `"${font.family}", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif`;
  const root = `:root { --report-font: ${stack}; }`;
  if (font.source === "system") return { css: root, bytes: 0, files: 0 };
  const faces = selectFaces(font.faces, codePointsOf(text));
  let bytes = 0;
  const rules = faces.map((f) => {
    const data = io.readFile(f.file);
    bytes += data.length;
    const range = f.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(",");
    return `@font-face{font-family:"${font.family}";font-style:normal;font-weight:${f.weight};font-display:block;src:url(data:font/woff2;base64,${data.toString("base64")}) format("woff2");unicode-range:${range};}`;
  });
  return { css: [root, ...rules].join("\n"), bytes, files: faces.length };
}
