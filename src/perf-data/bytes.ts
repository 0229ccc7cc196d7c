/**
 * Endian-aware reads over a byte array. perf.data files carry their byte order
 * in the magic; every multi-byte read here takes it into account. Callers
 * bounds-check before reading (`fits`).
 */

export class Bytes {
  readonly dv: DataView;
  constructor(
    readonly u8: Uint8Array,
    readonly le: boolean,
  ) {
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  }
  get length(): number {
    return this.u8.length;
  }
  fits(off: number, n: number): boolean {
    return off >= 0 && n >= 0 && off + n <= this.u8.length;
  }
  u8at(off: number): number {
    return this.u8[off];
  }
  u16(off: number): number {
    return this.dv.getUint16(off, this.le);
  }
  u32(off: number): number {
    return this.dv.getUint32(off, this.le);
  }
  i32(off: number): number {
    return this.dv.getInt32(off, this.le);
  }
  /** A u64 as a Number: exact below 2^53 (sizes, offsets, ids, counts). */
  u64(off: number): number {
    const lo = this.dv.getUint32(off + (this.le ? 0 : 4), this.le);
    const hi = this.dv.getUint32(off + (this.le ? 4 : 0), this.le);
    return hi * 4294967296 + lo;
  }
  u64big(off: number): bigint {
    return this.dv.getBigUint64(off, this.le);
  }
  /** Unsigned integer of 1, 2, 4 or 8 bytes (8 → Number, lossy above 2^53). */
  uint(off: number, size: number): number {
    switch (size) {
      case 1:
        return this.u8[off];
      case 2:
        return this.u16(off);
      case 4:
        return this.u32(off);
      case 8:
        return this.u64(off);
      default:
        return 0;
    }
  }
  /** NUL-terminated string within [off, off+max). */
  cstr(off: number, max: number): string {
    const end = Math.min(this.u8.length, off + max);
    let e = off;
    while (e < end && this.u8[e] !== 0) e++;
    return Buffer.from(this.u8.buffer, this.u8.byteOffset + off, e - off).toString("utf8");
  }
  sub(off: number, len: number): Bytes {
    return new Bytes(this.u8.subarray(off, off + len), this.le);
  }
}

export function hex(n: number): string {
  return "0x" + n.toString(16);
}
