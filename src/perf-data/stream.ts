/**
 * Reads a byte range of a file in chunks through a file handle, never the
 * whole file: the window slides forward and grows only for a record (or a
 * pipe-mode tracing blob) larger than the window. The next chunk is read in
 * the background while the current one is decoded.
 */
import type { FileHandle } from "node:fs/promises";

export const CHUNK_BYTES = 4 * 1024 * 1024;

export class ChunkStream {
  buf: Uint8Array;
  dv: DataView;
  /** Index in `buf` of the first unread byte. */
  start = 0;
  /** Index in `buf` one past the last valid byte. */
  end = 0;
  /** File offset of buf[0]. */
  base: number;
  /** File offset of the next byte to hand out from the file (after the prefetched chunk, if any). */
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
    this.buf = new Uint8Array(chunk * 2);
    this.spare = new Uint8Array(chunk);
    this.dv = new DataView(this.buf.buffer);
    this.base = from;
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
    const at = this.filePos;
    this.pending = this.fh.read(this.spare, 0, want, at).then((r) => r.bytesRead);
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
      if (this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.base += this.start;
        this.start = 0;
      }
      if (this.end + got > this.buf.length) {
        const nb = new Uint8Array(Math.max(this.end + got, this.buf.length * 2));
        nb.set(this.buf.subarray(0, this.end));
        this.buf = nb;
        this.dv = new DataView(nb.buffer);
      }
      this.buf.set(this.spare.subarray(0, got), this.end);
      this.end += got;
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
