/**
 * The subset of the Jupyter notebook format (nbformat 4.5) that vmexit-lab
 * reads and writes. Plain JSON: a notebook read with `JSON.parse` is already
 * one of these.
 */

/** A MIME bundle: MIME type → payload (a string, a list of lines, or JSON). */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string | string[];
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: Record<string, unknown>;
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type CellOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CellMetadata {
  tags?: string[];
  [key: string]: unknown;
}

export interface CodeCell {
  cell_type: "code";
  id?: string;
  metadata: CellMetadata;
  source: string | string[];
  execution_count: number | null;
  outputs: CellOutput[];
}

export interface MarkdownCell {
  cell_type: "markdown" | "raw";
  id?: string;
  metadata: CellMetadata;
  source: string | string[];
  attachments?: Record<string, unknown>;
}

export type Cell = CodeCell | MarkdownCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** A cell's source as one string (nbformat allows a list of lines). */
export function cellSource(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Splits text into nbformat's list-of-lines form (each line keeps its "\n"). */
export function toLines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split(/(?<=\n)/);
  return parts;
}

/** The tags of a cell (an empty list when it has none). */
export function cellTags(cell: { metadata?: CellMetadata }): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}
