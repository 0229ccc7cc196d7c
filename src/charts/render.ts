/**
 * Rendering Vega-Lite specs in Node, without canvas:
 *
 *   spec ─► vegaLite.compile ─► vega.parse ─► View(renderer: none) ─► toSVG ─► finalize
 *
 * Text width comes from our CJK-aware estimate (text-width.ts) instead of
 * vega's 0.8 em guess, so Chinese legends and labels are not clipped. The SVG
 * is deterministic: vega's clip/gradient id counters are reset before each
 * render, so the same spec gives the same bytes in any process.
 */
import type * as Vega from "vega";
import type * as VegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { textWidthPx } from "./text-width";

/**
 * vega and vega-lite are loaded on first render, not on import: the CLI and
 * `require("vmexit-lab")` should not pay ~0.2 s for every command.
 */
let modules: { vega: typeof Vega; vegaLite: typeof VegaLite } | null = null;
function load(): { vega: typeof Vega; vegaLite: typeof VegaLite } {
  if (!modules) modules = { vega: require("vega") as typeof Vega, vegaLite: require("vega-lite") as typeof VegaLite };
  return modules;
}

interface TextItem {
  fontSize?: number | string;
  text?: unknown;
  limit?: number;
}

interface VegaTextMetrics {
  width(item: TextItem, text?: unknown): number;
}

interface VegaInternals {
  textMetrics: VegaTextMetrics;
  resetSVGDefIds?: () => void;
}

function itemFontSizePx(item: TextItem): number {
  return item.fontSize != null ? Number(item.fontSize) || 0 : 11;
}

/** Our replacement for `vega.textMetrics.width`. */
export function estimateTextWidth(item: TextItem, text?: unknown): number {
  const t = text == null ? "" : String(text).trim();
  return textWidthPx(t, itemFontSizePx(item));
}

let installed = false;
/** Replaces vega's text width estimate (idempotent; vega keeps it module-global). */
export function installTextMetrics(): void {
  if (installed) return;
  (load().vega as unknown as VegaInternals).textMetrics.width = estimateTextWidth;
  installed = true;
}

/** Compiles a Vega-Lite spec to a Vega spec (throws on invalid specs: API misuse). */
export function compileSpec(spec: TopLevelSpec): Vega.Spec {
  return load().vegaLite.compile(spec).spec;
}

/** Renders a Vega-Lite spec to an SVG string. Same spec → same bytes. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  installTextMetrics();
  const { vega } = load();
  const vgSpec = compileSpec(spec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: "none", logLevel: vega.Error });
  try {
    (vega as unknown as VegaInternals).resetSVGDefIds?.();
    const svg = await view.toSVG();
    return svg;
  } finally {
    view.finalize();
  }
}

/** The MIME bundle a notebook displays: the live spec plus a static SVG fallback (as an <img>, which nbconvert's HTML keeps). */
export interface ChartMimeBundle {
  "application/vnd.vegalite.v5+json": TopLevelSpec;
  "image/svg+xml": string;
  "text/html": string;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function specTitle(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && "text" in t) {
    const text = (t as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return "";
}

/** Builds the bundle; `alt` is the image's alt text (defaults to the chart title). */
export async function chartMimeBundle(spec: TopLevelSpec, alt?: string): Promise<ChartMimeBundle> {
  const svg = await renderSvg(spec);
  const b64 = Buffer.from(svg, "utf8").toString("base64");
  return {
    "application/vnd.vegalite.v5+json": spec,
    "image/svg+xml": svg,
    "text/html": `<img src="data:image/svg+xml;base64,${b64}" alt="${escapeAttr(alt ?? specTitle(spec))}" style="max-width:100%">`,
  };
}

/**
 * SVG normalized for golden comparison: numbers rounded to 1 decimal, vega's
 * generated ids (clip paths, gradients) renumbered in order of appearance.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  const renamed = svg.replace(/\b((?:clip|gradient_|p_gradient_)\d+)\b/g, (id) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size + 1}`);
    return ids.get(id) as string;
  });
  return renamed
    .replace(/-?\d+\.\d+(?:e-?\d+)?/g, (n) => {
      const r = Math.round(Number(n) * 10) / 10;
      return Object.is(r, -0) ? "0" : String(r);
    })
    .replace(/></g, ">\n<");
}
