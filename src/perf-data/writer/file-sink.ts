/**
 * A perf.data sink writing to a file through an injected `fs` (Node's
 * `node:fs` in practice), so the streaming writer keeps memory bounded.
 */
export interface FileSinkFs {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null): number;
  closeSync(fd: number): void;
}

export interface FileSink {
  write(chunk: Uint8Array): void;
  writeAt(offset: number, chunk: Uint8Array): void;
  close(): void;
}

export function createFileSink(fs: FileSinkFs, path: string): FileSink {
  const fd = fs.openSync(path, "w");
  let pos = 0;
  const writeAll = (chunk: Uint8Array, at: number): void => {
    let done = 0;
    while (done < chunk.length) done += fs.writeSync(fd, chunk, done, chunk.length - done, at + done);
  };
  return {
    write(chunk) {
      writeAll(chunk, pos);
      pos += chunk.length;
    },
    writeAt(offset, chunk) {
      writeAll(chunk, offset);
    },
    close() {
      fs.closeSync(fd);
    },
  };
}
