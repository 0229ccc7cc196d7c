/**
 * Reads a byte range of a file in chunks through a file handle, never the
 * whole file: the window slides forward and grows only for a record (or a
 * pipe-mode tracing blob) larger than the window.
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
  private filePos: number;
  eof = false;

  constructor(
    private readonly fh: FileHandle,
    from: number,
    private readonly limit: number,
    chunk = CHUNK_BYTES,
  ) {
    this.buf = new Uint8Array(chunk);
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

  /** Makes at least `n` unread bytes available; false if the range ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.end - this.start < n) {
      if (this.filePos >= this.limit) {
        this.eof = true;
        return false;
      }
      if (this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.base += this.start;
        this.start = 0;
      }
      if (n > this.buf.length) {
        const nb = new Uint8Array(Math.max(n, this.buf.length * 2));
        nb.set(this.buf.subarray(0, this.end));
        this.buf = nb;
        this.dv = new DataView(nb.buffer);
      }
      const want = Math.min(this.buf.length - this.end, this.limit - this.filePos);
      const { bytesRead } = await this.fh.read(this.buf, this.end, want, this.filePos);
      if (bytesRead <= 0) {
        this.eof = true;
        return false;
      }
      this.end += bytesRead;
      this.filePos += bytesRead;
    }
    return true;
  }

  /** Reads more if the window has room (for the record loop); false at the end. */
  async more(): Promise<boolean> {
    return this.ensure(this.available + 1);
  }
}
