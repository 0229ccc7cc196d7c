/**
 * Text width without a canvas. Vega's fallback (0.8 em per character) is too
 * wide for Latin and too narrow for Chinese, so Chinese legends and axis
 * labels get clipped. This estimate counts CJK and full-width glyphs as 1 em,
 * capitals as 0.66 em, other Latin as 0.56 em and spaces as 0.3 em, which is
 * close to canvas measurements of Noto Sans SC / WenQuanYi Zen Hei.
 */

/** Width of one character in em, by class; first matching range wins. */
const CHAR_EM: readonly { test: (code: number) => boolean; em: number }[] = [
  // CJK unified ideographs, extensions, compatibility, CJK symbols and punctuation, kana, Hangul, full-width forms
  { test: (c) => (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3ffff), em: 1 },
  // typographic quotes, arrows, dashes as used in our titles
  { test: (c) => c === 0x201c || c === 0x201d || c === 0x2192 || c === 0x2014 || c === 0x2026, em: 1 },
  { test: (c) => c === 0x20, em: 0.3 },
  { test: (c) => (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x25 || c === 0x40 || c === 0x57 || c === 0x6d || c === 0x77, em: 0.72 },
  { test: (c) => c === 0x2e || c === 0x2c || c === 0x3a || c === 0x3b || c === 0x69 || c === 0x6c || c === 0x7c || c === 0x27 || c === 0x21, em: 0.3 },
];
const DEFAULT_EM = 0.58;

/** Width of `text` in em. */
export function textWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const cls = CHAR_EM.find((c) => c.test(code));
    em += cls ? cls.em : DEFAULT_EM;
  }
  return em;
}

/** Width of `text` in px at `fontSizePx`. */
export function textWidthPx(text: string, fontSizePx: number): number {
  return textWidthEm(text) * fontSizePx;
}
