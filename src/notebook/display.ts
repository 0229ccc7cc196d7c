/**
 * Showing rich outputs from inside a tslab notebook.
 *
 * tslab's own `display.raw(type, data)` sends one MIME type per output; the
 * report needs one bundle with several (Vega-Lite, an `<img>` fallback, text,
 * and the labelled-output JSON). tslab keeps the current cell's writer in the
 * module-global `lastWriteDisplayData` of `tslab/dist/jupyter`: both the
 * Jupyter kernel and our headless runner set it. We look the module up in
 * Node's require cache (whichever tslab copy runs the kernel, local or
 * global) instead of requiring tslab, so that importing vmexit-lab outside a
 * kernel never loads tslab or zeromq.
 */
import type { MimeBundle } from "./ipynb";

/** Where display bundles go. */
export type DisplaySink = (bundle: MimeBundle) => void;

interface TslabJupyterModule {
  lastWriteDisplayData: ((data: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void) | null;
}

const TSLAB_JUPYTER_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/** The display writer of the running tslab kernel (or headless runner), if any. */
export function findTslabDisplayWriter(cache: NodeJS.Dict<NodeModule> = require.cache): TslabJupyterModule["lastWriteDisplayData"] {
  for (const id of Object.keys(cache)) {
    if (!TSLAB_JUPYTER_MODULE.test(id)) continue;
    const exp = cache[id]?.exports as Partial<TslabJupyterModule> | undefined;
    if (exp && typeof exp.lastWriteDisplayData === "function") return exp.lastWriteDisplayData;
  }
  return null;
}

/**
 * The default sink: the tslab kernel's display writer when running in a
 * notebook; otherwise the bundle's text/plain is written with `fallback`
 * (console.log by default), so scripts still show something.
 */
export function tslabDisplaySink(fallback: (text: string) => void = (t) => console.log(t)): DisplaySink {
  return (bundle) => {
    const write = findTslabDisplayWriter();
    if (write) {
      write({ data: bundle, metadata: {}, transient: {} }, false);
      return;
    }
    const plain = bundle["text/plain"];
    fallback(typeof plain === "string" ? plain : JSON.stringify(plain));
  };
}
