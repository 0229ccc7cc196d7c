/**
 * Resolved blocks → one self-contained HTML document.
 *
 *   blocks ─► body HTML (markdown-it for template text, escaping renderers for data)
 *          ─► headings numbered and collected ─► TOC filled in
 *          ─► cover (front matter, synthetic-data note) + CSS + inline @font-face
 *
 * Template Markdown is rendered with `html: false`: raw HTML in a template or
 * in notebook text shows as text. Data never reaches the page unescaped; SVG
 * charts are sanitised (no scripts, event handlers, foreign objects or
 * external references).
 */
import MarkdownIt = require("markdown-it");
import { reportMessages, type ReportMessages } from "../messages/report";
import { escapeHtml, slugify } from "./escape";
import type { ReportBlock, ReportData, ReportMeta, TableBlock } from "./types";

type Token = MarkdownIt.Token;

export interface Heading {
  level: number;
  id: string;
  /** Section number such as "2.1", or "" when unnumbered. */
  number: string;
  text: string;
}

export interface HtmlBody {
  html: string;
  headings: Heading[];
  figureCount: number;
  tableCount: number;
}

export function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // Loaded here, not at import: the plugin is an ES module, and notebooks that
  // import vmexit-lab should not load it (or see Node's require(esm) warning).
  const cjkFriendly = (require("markdown-it-cjk-friendly") as { default: Parameters<typeof md.use>[0] }).default;
  md.use(cjkFriendly);
  return md;
}

/**
 * Removes anything active or external from an SVG produced by a chart
 * renderer: scripts, foreignObject, on* handlers, hrefs that are not local
 * (#id) and XML namespace URLs (not needed inline in HTML).
 */
export function sanitizeSvg(svg: string): string {
  const start = svg.indexOf("<svg");
  let s = start >= 0 ? svg.slice(start) : "";
  s = s.replace(/<script[\s\S]*?<\/script\s*>/gi, "").replace(/<script[^>]*\/>/gi, "");
  s = s.replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, "");
  s = s.replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "");
  s = s.replace(/\s(?:xlink:)?href\s*=\s*("([^"]*)"|'([^']*)')/gi, (m, _q, d, sq) => ((d ?? sq ?? "").startsWith("#") ? m : ""));
  s = s.replace(/\sxmlns(?::\w+)?\s*=\s*("[^"]*"|'[^']*')/gi, "");
  s = s.replace(/url\(\s*['"]?(?!#)[^)]*\)/gi, "none");
  return s;
}

/** Cells up to this many characters count as short (kept on one line). */
const SHORT_CELL_CHARS = 16;

function renderTable(t: TableBlock, caption: string | null, md: ReturnType<typeof createMarkdown>): string {
  // Columns of short values (labels, numbers) never wrap; long text wraps.
  const short = t.columns.map((c, i) => !c.markdown && t.rows.every((r) => (r[i] ?? "").length <= SHORT_CELL_CHARS));
  const cls = (i: number) => {
    const a = t.columns[i]?.align;
    const names = [a && a !== "left" ? a : "", short[i] ? "nw" : ""].filter(Boolean);
    return names.length ? ` class="${names.join(" ")}"` : "";
  };
  const align = (i: number) => (t.columns[i]?.align && t.columns[i].align !== "left" ? ` class="${t.columns[i].align}"` : "");
  const head = t.columns.map((c, i) => `<th${align(i)}>${escapeHtml(c.text)}</th>`).join("");
  const cellHtml = (cell: string, i: number) => (t.columns[i]?.markdown ? md.renderInline(cell) : escapeHtml(cell));
  const body = t.rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(i)}>${cellHtml(cell, i)}</td>`).join("")}</tr>`).join("\n");
  const tableCls = ["data", t.className].filter(Boolean).join(" ");
  return [
    `<figure class="table-block">`,
    caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : "",
    `<table class="${tableCls}"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`,
    t.note ? `<p class="table-note">${escapeHtml(t.note)}</p>` : "",
    `</figure>`,
  ].join("");
}

interface BodyState {
  md: ReturnType<typeof createMarkdown>;
  msg: ReportMessages;
  headings: Heading[];
  ids: Set<string>;
  counters: number[];
  figures: number;
  tables: number;
  numbered: boolean;
}

function uniqueId(state: BodyState, base: string): string {
  let id = base;
  for (let i = 2; state.ids.has(id); i++) id = `${base}-${i}`;
  state.ids.add(id);
  return id;
}

function renderMarkdown(text: string, state: BodyState): string {
  const env = {};
  const tokens: Token[] = state.md.parse(text, env);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "heading_open") continue;
    const level = Number(t.tag.slice(1));
    const inline = tokens[i + 1];
    const plain = (inline.children ?? []).filter((c) => c.type === "text" || c.type === "code_inline").map((c) => c.content).join("") || inline.content;
    let number = "";
    // h1 is the document title level: sections are numbered from h2.
    if (state.numbered && level >= 2 && level <= 4) {
      const depth = level - 2;
      state.counters[depth] = (state.counters[depth] ?? 0) + 1;
      state.counters.length = depth + 1;
      number = state.counters.map((n) => n ?? 0).join(".");
    }
    const id = uniqueId(state, `sec-${slugify(plain)}`);
    t.attrSet("id", id);
    state.headings.push({ level, id, number, text: plain });
    if (number) {
      const num = new (t.constructor as new (type: string, tag: string, nesting: number) => Token)("html_inline", "", 0);
      num.content = `<span class="secno">${escapeHtml(number)}</span>`;
      inline.children = [num, ...(inline.children ?? [])];
    }
  }
  // html: false escapes raw HTML in the source; the section numbers are the only html_inline tokens we add.
  return state.md.renderer.render(tokens, state.md.options, env);
}

const TOC_PLACEHOLDER = "<!--vmexit-toc-->";

const BLOCK_RENDERERS: { [K in ReportBlock["type"]]: (b: Extract<ReportBlock, { type: K }>, s: BodyState) => string } = {
  markdown: (b, s) => renderMarkdown(b.text, s),
  table: (b, s) => {
    const caption = b.title ? s.msg.tableCaption(++s.tables, b.title) : null;
    return renderTable(b, caption, s.md);
  },
  figure: (b, s) => {
    const n = ++s.figures;
    const caption = b.title ? s.msg.figureCaption(n, b.title) : null;
    return `<figure class="chart" id="fig-${escapeHtml(slugify(b.label))}">${sanitizeSvg(b.svg)}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ""}</figure>`;
  },
  list: (b) => {
    const tag = b.ordered ? "ol" : "ul";
    return `<${tag}${b.className ? ` class="${b.className}"` : ""}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("\n")}</${tag}>`;
  },
  paragraph: (b) => `<p${b.className ? ` class="${b.className}"` : ""}>${escapeHtml(b.text)}</p>`,
  code: (b) => `<pre class="code"><code>${escapeHtml(b.text)}</code></pre>`,
  steps: (b) =>
    `<ol class="steps">${b.steps
      .map(
        (st) =>
          `<li><p>${escapeHtml(st.text)}</p>${st.code ? `<pre class="code"><code>${escapeHtml(st.code)}</code></pre>` : ""}${
            st.note ? `<p class="step-note">${escapeHtml(st.note)}</p>` : ""
          }</li>`,
      )
      .join("\n")}</ol>`,
  toc: () => TOC_PLACEHOLDER,
};

function renderToc(headings: Heading[], msg: ReportMessages): string {
  const items = headings
    .filter((h) => h.level >= 2 && h.level <= 3)
    .map((h) => `<li class="toc-l${h.level}"><a href="#${h.id}">${h.number ? `<span class="secno">${escapeHtml(h.number)}</span>` : ""}${escapeHtml(h.text)}</a></li>`)
    .join("\n");
  return `<nav class="toc"><h2 class="toc-title">${escapeHtml(msg.toc)}</h2><ol>${items}</ol></nav>`;
}

/** The last heading and/or paragraph at the end of a Markdown block's HTML. */
const TRAILING_INTRO = /(?:<h([2-6])\b[^>]*>(?:(?!<\/h\1>)[\s\S])*<\/h\1>\s*)?(?:<p>(?:(?!<\/p>)[\s\S])*<\/p>\s*)?$/;

/**
 * A chart goes on the same page as the sentence (and heading) that introduce
 * it: both are wrapped in one unbreakable box. (Chromium does not reliably
 * honour `break-after: avoid` across a heading, a paragraph and a tall SVG.)
 */
function keepIntroWithFigures(blocks: ReportBlock[], parts: string[]): void {
  for (let i = 1; i < blocks.length; i++) {
    if (blocks[i].type !== "figure" || blocks[i - 1].type !== "markdown") continue;
    const m = TRAILING_INTRO.exec(parts[i - 1]);
    if (!m || m[0].trim() === "") continue;
    parts[i - 1] = parts[i - 1].slice(0, m.index);
    parts[i] = `<div class="keep-together">${m[0]}${parts[i]}</div>`;
  }
}

/** Renders resolved blocks to body HTML, with numbered headings and the TOC filled in. */
export function renderBody(blocks: ReportBlock[], lang: "zh" | "en", opts: { numbered?: boolean } = {}): HtmlBody {
  const state: BodyState = {
    md: createMarkdown(),
    msg: reportMessages[lang],
    headings: [],
    ids: new Set(),
    counters: [],
    figures: 0,
    tables: 0,
    numbered: opts.numbered ?? true,
  };
  const parts = blocks.map((b) => (BLOCK_RENDERERS[b.type] as (b: ReportBlock, s: BodyState) => string)(b, state));
  keepIntroWithFigures(blocks, parts);
  const html = parts.join("\n").replace(TOC_PLACEHOLDER, () => renderToc(state.headings, state.msg));
  return { html, headings: state.headings, figureCount: state.figures, tableCount: state.tables };
}

export interface DocumentParts {
  meta: ReportMeta;
  data: Pick<ReportData, "experiment">;
  body: HtmlBody;
  /** Inline CSS: the stylesheet and the @font-face rules. */
  css: string;
  version: string;
}

/** The cover block: title, meta lines and, for synthetic data, the visible note. */
export function renderCover(meta: ReportMeta, data: Pick<ReportData, "experiment">, msg: ReportMessages, version: string): string {
  const rows: [string, string][] = [];
  if (meta.author) rows.push([msg.coverAuthor, meta.author]);
  if (meta.date) rows.push([msg.coverDate, meta.date]);
  rows.push([msg.coverExperiment, `${data.experiment.titleZh || data.experiment.id}${msg.listSep}${msg.coverRuns(data.experiment.runs.length)}`]);
  return [
    `<header class="cover">`,
    `<h1 class="title">${escapeHtml(meta.title)}</h1>`,
    meta.subtitle ? `<p class="subtitle">${escapeHtml(meta.subtitle)}</p>` : "",
    `<dl class="meta">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`,
    data.experiment.synthetic ? `<p class="synthetic-note" role="note">${escapeHtml(msg.syntheticNote)}</p>` : "",
    `<p class="generator">${escapeHtml(msg.generatedBy(version))}</p>`,
    `</header>`,
  ].join("\n");
}

/** The whole HTML document: no external references, everything inline. */
export function renderDocument(p: DocumentParts): string {
  const msg = reportMessages[p.meta.lang];
  return [
    "<!DOCTYPE html>",
    `<html lang="${p.meta.lang === "zh" ? "zh-CN" : "en"}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="vmexit-lab ${escapeHtml(p.version)}">`,
    `<title>${escapeHtml(p.meta.title)}</title>`,
    `<style>\n${p.css}\n</style>`,
    "</head>",
    "<body>",
    '<main class="report">',
    renderCover(p.meta, p.data, msg, p.version),
    p.body.html,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
