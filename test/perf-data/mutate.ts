/**
 * Builds damaged or altered perf.data files from a good file-mode one: splits
 * it into header, data records and feature sections, and writes it back with
 * changes (records reordered or inserted, features dropped or added).
 */
import { seededRandom } from "../../src/perf-data/writer/random";

export interface Layout {
  dataOffset: number;
  dataSize: number;
  records: Array<{ off: number; size: number; type: number }>;
  features: Map<number, Buffer>;
}

export function layoutOf(buf: Buffer): Layout {
  const dataOffset = Number(buf.readBigUInt64LE(40));
  const dataSize = Number(buf.readBigUInt64LE(48));
  const records: Layout["records"] = [];
  for (let p = dataOffset; p + 8 <= dataOffset + dataSize; ) {
    const size = buf.readUInt16LE(p + 6);
    records.push({ off: p, size, type: buf.readUInt32LE(p) });
    p += size;
  }
  const features = new Map<number, Buffer>();
  let k = 0;
  for (let bit = 0; bit < 256; bit++) {
    const word = buf.readBigUInt64LE(72 + 8 * Math.floor(bit / 64));
    if ((word >> BigInt(bit % 64)) & 1n) {
      const idx = dataOffset + dataSize + 16 * k++;
      const fo = Number(buf.readBigUInt64LE(idx));
      const fs = Number(buf.readBigUInt64LE(idx + 8));
      features.set(bit, buf.subarray(fo, fo + fs));
    }
  }
  return { dataOffset, dataSize, records, features };
}

/** Writes header + (original attrs/ids) + the given data records + the given features. */
export function rebuild(buf: Buffer, records: Buffer[], features: Map<number, Buffer>): Buffer {
  const l = layoutOf(buf);
  const head = Buffer.from(buf.subarray(0, l.dataOffset));
  const data = Buffer.concat(records);
  const bits = [...features.keys()].sort((a, b) => a - b);
  const index = Buffer.alloc(16 * bits.length);
  let off = l.dataOffset + data.length + index.length;
  const payloads: Buffer[] = [];
  bits.forEach((bit, k) => {
    const p = features.get(bit)!;
    index.writeBigUInt64LE(BigInt(off), 16 * k);
    index.writeBigUInt64LE(BigInt(p.length), 16 * k + 8);
    off += p.length;
    payloads.push(p);
  });
  head.writeBigUInt64LE(BigInt(data.length), 48);
  const words = [0n, 0n, 0n, 0n];
  for (const b of bits) words[Math.floor(b / 64)] |= 1n << BigInt(b % 64);
  words.forEach((w, i) => head.writeBigUInt64LE(w, 72 + 8 * i));
  return Buffer.concat([head, data, index, ...payloads]);
}

export function recordsOf(buf: Buffer): Buffer[] {
  return layoutOf(buf).records.map((r) => Buffer.from(buf.subarray(r.off, r.off + r.size)));
}

/** A LOST record (lost `n` events on `cpu`) with the 32-byte sample_id_all trailer of a kvm stat recording. */
export function lostRecord(id: bigint, n: number, timeNs: bigint, cpu: number, identifier: bigint): Buffer {
  const b = Buffer.alloc(56);
  b.writeUInt32LE(2, 0);
  b.writeUInt16LE(0, 4);
  b.writeUInt16LE(56, 6);
  b.writeBigUInt64LE(id, 8);
  b.writeBigUInt64LE(BigInt(n), 16);
  b.writeUInt32LE(0, 24); // pid
  b.writeUInt32LE(0, 28); // tid
  b.writeBigUInt64LE(timeNs, 32);
  b.writeUInt32LE(cpu, 40);
  b.writeBigUInt64LE(identifier, 48);
  return b;
}

/** Deterministic PRNG (mulberry32), shared with the perf.data writer. */
export const rng = seededRandom;
