/**
 * A growable byte buffer with explicit byte order, for building perf.data
 * sections. u64 values are written as (hi, lo) u32 halves from a Number when
 * they are safe integers, or from a BigInt.
 */
import type { ByteOrder } from "./types";

const TWO32 = 4294967296;

export interface ByteBuffer {
  readonly order: ByteOrder;
  /** Bytes written so far. */
  length(): number;
  u8(v: number): void;
  u16(v: number): void;
  u32(v: number): void;
  /** Unsigned 64-bit from a safe non-negative integer. */
  u64(v: number): void;
  u64Big(v: bigint): void;
  /** Unsigned 64-bit from its two halves. */
  u64Parts(hi: number, lo: number): void;
  bytes(b: Uint8Array): void;
  zeros(n: number): void;
  /** ASCII/UTF-8 text without terminator. */
  text(s: string): void;
  /** Overwrite a u64 at an absolute position. */
  patchU64(at: number, v: number): void;
  patchU32(at: number, v: number): void;
  patchU16(at: number, v: number): void;
  patchU8(at: number, v: number): void;
  patchU64Parts(at: number, hi: number, lo: number): void;
  /** Copy of the bytes written. */
  toBytes(): Uint8Array;
  /** View of the bytes written (no copy); valid until the next write or reset. */
  view(): Uint8Array;
  reset(): void;
}

export function createByteBuffer(order: ByteOrder, initial = 4096): ByteBuffer {
  const le = order === "le";
  let buf = new Uint8Array(initial);
  let dv = new DataView(buf.buffer);
  let pos = 0;
  const ensure = (n: number): void => {
    if (pos + n <= buf.length) return;
    let size = buf.length * 2;
    while (size < pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(buf.subarray(0, pos));
    buf = next;
    dv = new DataView(buf.buffer);
  };
  const put64 = (at: number, hi: number, lo: number): void => {
    if (le) {
      dv.setUint32(at, lo, true);
      dv.setUint32(at + 4, hi, true);
    } else {
      dv.setUint32(at, hi, false);
      dv.setUint32(at + 4, lo, false);
    }
  };
  const self: ByteBuffer = {
    order,
    length: () => pos,
    u8(v) {
      ensure(1);
      buf[pos++] = v & 0xff;
    },
    u16(v) {
      ensure(2);
      dv.setUint16(pos, v, le);
      pos += 2;
    },
    u32(v) {
      ensure(4);
      dv.setUint32(pos, v >>> 0, le);
      pos += 4;
    },
    u64(v) {
      ensure(8);
      put64(pos, Math.floor(v / TWO32), v % TWO32);
      pos += 8;
    },
    u64Big(v) {
      const m = BigInt.asUintN(64, v);
      self.u64Parts(Number(m >> 32n), Number(m & 0xffffffffn));
    },
    u64Parts(hi, lo) {
      ensure(8);
      put64(pos, hi >>> 0, lo >>> 0);
      pos += 8;
    },
    bytes(b) {
      ensure(b.length);
      buf.set(b, pos);
      pos += b.length;
    },
    zeros(n) {
      ensure(n);
      buf.fill(0, pos, pos + n);
      pos += n;
    },
    text(s) {
      self.bytes(new TextEncoder().encode(s));
    },
    patchU64(at, v) {
      put64(at, Math.floor(v / TWO32), v % TWO32);
    },
    patchU32(at, v) {
      dv.setUint32(at, v >>> 0, le);
    },
    patchU16(at, v) {
      dv.setUint16(at, v, le);
    },
    patchU8(at, v) {
      buf[at] = v & 0xff;
    },
    patchU64Parts(at, hi, lo) {
      put64(at, hi >>> 0, lo >>> 0);
    },
    toBytes: () => buf.slice(0, pos),
    view: () => buf.subarray(0, pos),
    reset() {
      pos = 0;
    },
  };
  return self;
}

/** Reverse the bit order of a byte (perf stores attr bitfields bit-reversed per byte on big-endian). */
export function reverseBits8(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
  return r;
}
