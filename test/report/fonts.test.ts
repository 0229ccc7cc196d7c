import { test } from "node:test";
import assert from "node:assert/strict";
import { codePointsOf, fontCss, NoCjkFontError, parseFontsourceCss, parseUnicodeRange, resolveReportFont, selectFaces, type FontIO } from "../../src/report/fonts";
import { nodeFontIO } from "../../src/report/deps";

test("parseUnicodeRange reads single points, ranges and wildcards", () => {
  assert.deepEqual(parseUnicodeRange("U+20-22, U+4e00, U+30??"), [
    [0x20, 0x22],
    [0x4e00, 0x4e00],
    [0x3000, 0x30ff],
  ]);
});

const CSS = `/* a */
@font-face {
  font-family: 'Noto Sans SC';
  font-weight: 400;
  src: url(./files/x-1-400-normal.woff2) format('woff2'), url(./files/x-1-400-normal.woff) format('woff');
  unicode-range: U+4e00-4e10;
}
@font-face {
  font-family: 'Noto Sans SC';
  font-weight: 400;
  src: url(./files/x-latin-400-normal.woff2) format('woff2');
  unicode-range: U+0000-00FF;
}`;

test("parseFontsourceCss gives one woff2 file per @font-face with its ranges", () => {
  const faces = parseFontsourceCss(CSS, "/pkg/");
  assert.equal(faces.length, 2);
  assert.equal(faces[0].file, "/pkg/files/x-1-400-normal.woff2");
  assert.deepEqual(faces[0].ranges, [[0x4e00, 0x4e10]]);
  assert.equal(faces[1].weight, 400);
});

test("selectFaces keeps only the subsets that cover characters of the text", () => {
  const faces = parseFontsourceCss(CSS, "/pkg/");
  assert.deepEqual(selectFaces(faces, codePointsOf("abc")).map((f) => f.file), ["/pkg/files/x-latin-400-normal.woff2"]);
  assert.deepEqual(selectFaces(faces, codePointsOf("一")).map((f) => f.file), ["/pkg/files/x-1-400-normal.woff2"]);
  assert.equal(selectFaces(faces, codePointsOf("é一")).length, 2);
});

function fakeIO(over: Partial<FontIO>): FontIO {
  return {
    resolve: () => {
      throw new Error("not installed");
    },
    readFile: () => Buffer.from("WOFF2"),
    readText: () => CSS,
    systemCjkFamilies: () => [],
    ...over,
  };
}

test("resolveReportFont prefers the npm font, then a system CJK font", () => {
  const npm = resolveReportFont(fakeIO({ resolve: () => "/pkg/package.json" }));
  assert.equal(npm.source, "npm");
  const sys = resolveReportFont(fakeIO({ systemCjkFamilies: () => ["AR PL UMing CN", "Noto Sans CJK SC"] }));
  assert.deepEqual(sys, { source: "system", family: "Noto Sans CJK SC", faces: [] });
});

test("resolveReportFont without any CJK font fails with instructions", () => {
  assert.throws(
    () => resolveReportFont(fakeIO({})),
    (err: unknown) => err instanceof NoCjkFontError && /npm install @fontsource\/noto-sans-sc/.test(err.message) && /apt-get install fonts-noto-cjk/.test(err.message),
  );
});

test("fontCss inlines only the needed subsets as base64 data URLs", () => {
  const font = resolveReportFont(fakeIO({ resolve: () => "/pkg/package.json" }));
  const css = fontCss(font, "一", { readFile: () => Buffer.from("WOFF2") });
  assert.equal(css.files, 2, "one subset per weight (400.css and 700.css both read the same fake CSS)");
  assert.match(css.css, /src:url\(data:font\/woff2;base64,V09GRjI=\)/);
  assert.doesNotMatch(css.css, /x-latin/);
});

test("the installed @fontsource/noto-sans-sc covers a Chinese report in a few dozen subsets", () => {
  const font = resolveReportFont(nodeFontIO);
  assert.equal(font.source, "npm");
  const text = "虚拟机退出测试报告：绑定CPU后会使EXTERNAL_INTERRUPT事件的占比变少(4.11% → 0.35%)。";
  const css = fontCss(font, text, nodeFontIO);
  assert.ok(css.files > 2 && css.files < 60, `${css.files} files`);
  assert.ok(css.bytes < 4_000_000, `${css.bytes} bytes`);
});
