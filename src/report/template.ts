/**
 * Report templates: Markdown with YAML front matter and `{{ name args }}`
 * directives.
 *
 *   ---
 *   title: 虚拟机退出次数测试
 *   notebooks: [../notebooks/01-overview.ipynb]
 *   ---
 *   ## 测试步骤
 *   {{ procedure }}              ← a block directive: alone on its line
 *   {{ figure exit-share }}      ← a labelled notebook output
 *   数据来自 {{ experiment }}。  ← an inline (value) directive
 *
 * Directives inside fenced code blocks are left alone; `\{{` writes a literal
 * `{{`. Parsing never throws: problems come back as `TemplateError`s naming
 * the template line.
 */
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { ReportMeta, TemplateError } from "./types";

export interface DirectiveArgs {
  positional: string[];
  named: Record<string, string>;
}

export interface DirectiveCall {
  name: string;
  args: DirectiveArgs;
  /** 1-based line in the template file. */
  line: number;
  /** The directive as written, for messages. */
  raw: string;
}

export type TemplateSegment =
  | { type: "markdown"; text: string; line: number }
  | { type: "directive"; call: DirectiveCall };

export interface ParsedTemplate {
  file: string;
  meta: ReportMeta;
  segments: TemplateSegment[];
  errors: TemplateError[];
}

/** A whole-line directive: `{{ name args }}` and nothing else on the line (indentation allowed). */
const BLOCK_RE = /^\s{0,3}\{\{\s*([^{}]*?)\s*\}\}\s*$/;
/** Inline directives within a line; `\{{` is an escaped literal. */
export const INLINE_RE = /(\\?)\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME_RE = /^[a-z][a-z0-9-]*$/;
const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;

/** Split `figure exit-share title="份额 图"` into name, positional and named arguments. */
export function parseDirectiveBody(body: string): { name: string; args: DirectiveArgs } | { error: string } {
  const tokens: string[] = [];
  const re = /\s*(?:([A-Za-z][\w-]*)=)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  const named: Record<string, string> = {};
  const positional: string[] = [];
  while (pos < body.length && (m = re.exec(body)) !== null) {
    if (m[0].length === 0) break;
    pos = re.lastIndex;
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3] !== undefined ? m[3] : m[4];
    if (m[1] !== undefined) named[m[1]] = value;
    else tokens.push(value);
  }
  if (body.slice(pos).trim() !== "") return { error: `cannot read the arguments of '{{ ${body} }}' (unbalanced quotes?)` };
  const [name, ...rest] = tokens;
  if (name === undefined) return { error: "empty directive '{{ }}'" };
  if (!NAME_RE.test(name)) return { error: `'${name}' is not a directive name (lower-case letters, digits and '-')` };
  positional.push(...rest);
  return { name, args: { positional, named } };
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

const META_KEYS = ["title", "subtitle", "author", "date", "experiment", "notebooks", "lang"] as const;

function readMeta(raw: unknown, file: string, line: number, errors: TemplateError[]): ReportMeta {
  const meta: ReportMeta = { title: "", subtitle: null, author: null, date: null, experiment: null, notebooks: [], lang: "zh" };
  if (raw === null || raw === undefined) {
    errors.push({ code: "report-template/no-title", file, line, message: "the template has no front matter with a title (start it with '---', 'title: ...', '---')" });
    return meta;
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    errors.push({ code: "report-template/bad-front-matter", file, line, message: "the front matter must be a YAML mapping (key: value lines)" });
    return meta;
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(META_KEYS as readonly string[]).includes(k)) {
      errors.push({ code: "report-template/unknown-front-matter-key", file, line, message: `unknown front matter key '${k}' (known: ${META_KEYS.join(", ")})` });
    }
  }
  meta.title = str(o.title) ?? "";
  if (!meta.title) errors.push({ code: "report-template/no-title", file, line, message: "the front matter has no 'title'" });
  meta.subtitle = str(o.subtitle);
  meta.author = str(o.author);
  meta.date = str(o.date);
  meta.experiment = str(o.experiment);
  if (o.notebooks !== undefined) {
    if (Array.isArray(o.notebooks) && o.notebooks.every((x) => typeof x === "string")) meta.notebooks = o.notebooks as string[];
    else errors.push({ code: "report-template/bad-front-matter", file, line, message: "'notebooks' must be a list of notebook paths" });
  }
  if (o.lang !== undefined) {
    if (o.lang === "zh" || o.lang === "en") meta.lang = o.lang;
    else errors.push({ code: "report-template/bad-front-matter", file, line, message: `'lang' must be zh or en, got '${String(o.lang)}'` });
  }
  return meta;
}

/** Parse a template's source. `file` is used in messages only. */
export function parseTemplate(source: string, file: string): ParsedTemplate {
  const errors: TemplateError[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let bodyStart = 0;
  let rawMeta: unknown = undefined;
  if (lines[0] !== undefined && lines[0].trim() === "---") {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
    if (end < 0) {
      errors.push({ code: "report-template/unclosed-front-matter", file, line: 1, message: "the front matter opened on line 1 is never closed with '---'" });
      bodyStart = lines.length;
    } else {
      const yamlText = lines.slice(1, end).join("\n");
      try {
        rawMeta = parseYaml(yamlText);
      } catch (err) {
        const line = err instanceof YAMLParseError && err.linePos ? err.linePos[0].line + 1 : 2;
        errors.push({ code: "report-template/bad-front-matter", file, line, message: `front matter is not valid YAML: ${(err as Error).message.split("\n")[0]}` });
        rawMeta = {};
      }
      bodyStart = end + 1;
    }
  }
  const meta = readMeta(rawMeta, file, 1, errors);

  const segments: TemplateSegment[] = [];
  let buf: string[] = [];
  let bufLine = bodyStart + 1;
  const flush = () => {
    if (buf.some((l) => l.trim() !== "")) segments.push({ type: "markdown", text: buf.join("\n"), line: bufLine });
    buf = [];
  };
  let fence: string | null = null;
  for (let i = bodyStart; i < lines.length; i++) {
    const text = lines[i];
    const lineNo = i + 1;
    const f = FENCE_RE.exec(text);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && text.trim() === f[1]) fence = null;
      buf.push(text);
      continue;
    }
    if (f) {
      fence = f[1];
      if (buf.length === 0) bufLine = lineNo;
      buf.push(text);
      continue;
    }
    const b = BLOCK_RE.exec(text);
    if (b) {
      const parsed = parseDirectiveBody(b[1]);
      flush();
      bufLine = lineNo + 1;
      if ("error" in parsed) errors.push({ code: "report-template/bad-directive", file, line: lineNo, message: parsed.error });
      else segments.push({ type: "directive", call: { name: parsed.name, args: parsed.args, line: lineNo, raw: text.trim() } });
      continue;
    }
    if (buf.length === 0) bufLine = lineNo;
    buf.push(text);
  }
  if (fence) errors.push({ code: "report-template/unclosed-fence", file, line: lines.length, message: `a code block opened with ${fence} is never closed` });
  flush();
  return { file, meta, segments, errors };
}

/** Inline directives of one Markdown segment, with their lines (outside fenced code). */
export function findInlineDirectives(seg: { text: string; line: number }): { index: number; length: number; body: string; line: number; escaped: boolean }[] {
  const out: { index: number; length: number; body: string; line: number; escaped: boolean }[] = [];
  const lines = seg.text.split("\n");
  let offset = 0;
  let fence: string | null = null;
  lines.forEach((text, i) => {
    const f = FENCE_RE.exec(text);
    if (fence) {
      if (f && f[1][0] === fence[0] && text.trim() === f[1]) fence = null;
    } else if (f) {
      fence = f[1];
    } else {
      INLINE_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = INLINE_RE.exec(text)) !== null) {
        out.push({ index: offset + m.index, length: m[0].length, body: m[2], line: seg.line + i, escaped: m[1] === "\\" });
      }
    }
    offset += text.length + 1;
  });
  return out;
}
