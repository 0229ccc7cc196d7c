/**
 * Reads a byte range of a file in chunks through a file handle, never the
 * whole file. Two buffers take turns: while records are decoded from one, the
 * next chunk is read into the other (after a reserve at its start); on the
 * switch only the unread tail (a record cut by the chunk end, < 64 KiB) is
 * copied into that reserve. A request larger than that (a pipe-mode tracing
 * blob) grows the window.
 */
import type { FileHandle } from "node:fs/promises";

export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Room before each chunk for the tail of the previous one: more than a record's maximum size (u16). */
const RESERVE = 128 * 1024;

export class ChunkStream {
  buf: Uint8Array;
  dv: DataView;
  /** Index in `buf` of the first unread byte. */
  start = 0;
  /** Index in `buf` one past the last valid byte. */
  end = 0;
  /** File offset of buf[0]. */
  base: number;
  /** File offset where the next read starts. */
  private filePos: number;
  eof = false;
  private readonly chunk: number;
  private spare: Uint8Array;
  private pending: Promise<number> | null = null;

  constructor(
    private readonly fh: FileHandle,
    from: number,
    private readonly limit: number,
    chunk = CHUNK_BYTES,
  ) {
    this.chunk = chunk;
    this.buf = new Uint8Array(RESERVE + chunk);
    this.spare = new Uint8Array(RESERVE + chunk);
    this.dv = new DataView(this.buf.buffer);
    this.base = from - RESERVE;
    this.start = RESERVE;
    this.end = RESERVE;
    this.filePos = from;
  }

  get available(): number {
    return this.end - this.start;
  }
  /** File offset of the first unread byte. */
  get offset(): number {
    return this.base + this.start;
  }

  private prefetch(): void {
    if (this.pending || this.filePos >= this.limit) return;
    const want = Math.min(this.chunk, this.limit - this.filePos);
    this.pending = this.fh.read(this.spare, RESERVE, want, this.filePos).then((r) => r.bytesRead);
  }

  /** Makes at least `n` unread bytes available; false if the range ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.end - this.start < n) {
      this.prefetch();
      if (!this.pending) {
        this.eof = true;
        return false;
      }
      const got = await this.pending;
      this.pending = null;
      if (got <= 0) {
        this.eof = true;
        return false;
      }
      const tail = this.end - this.start;
      const tailOffset = this.base + this.start;
      if (tail <= RESERVE) {
        // Swap: the tail goes right before the freshly read chunk.
        const next = this.spare;
        next.set(this.buf.subarray(this.start, this.end), RESERVE - tail);
        this.spare = this.buf.length === RESERVE + this.chunk ? this.buf : new Uint8Array(RESERVE + this.chunk);
        this.buf = next;
        this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength);
        this.start = RESERVE - tail;
        this.end = RESERVE + got;
        this.base = tailOffset - this.start;
      } else {
        // A large request: one window holding the tail and the new chunk.
        const nb = new Uint8Array(tail + got);
        nb.set(this.buf.subarray(this.start, this.end), 0);
        nb.set(this.spare.subarray(RESERVE, RESERVE + got), tail);
        this.buf = nb;
        this.dv = new DataView(nb.buffer);
        this.start = 0;
        this.end = tail + got;
        this.base = tailOffset;
        if (this.spare.length !== RESERVE + this.chunk) this.spare = new Uint8Array(RESERVE + this.chunk);
      }
      this.filePos += got;
      this.prefetch();
    }
    return true;
  }

  /** Reads more (for the record loop); false at the end. */
  async more(): Promise<boolean> {
    return this.ensure(this.available + 1);
  }
}
