/**
 * The record arena: where the keyspace keeps each key's bytes, and the bytes of small string values,
 * outside V8's object heap. A record lives in a size class (SIZE_CLASSES, jemalloc-like steps);
 * each class carves records out of its own SLAB_BYTES slabs (Buffers) and recycles freed records
 * through a free list of its own, so a record costs its class size and nothing per object. Records
 * too big for the largest class get a Buffer of their own.
 *
 * A location (loc) names a record in one 31-bit integer: for slab records (slab << OFFSET_BITS) |
 * (offset / UNIT), always >= 0; for big records -(index + 1) into the list of big Buffers.
 * Invariant: a loc handed out by alloc stays valid, and its bytes untouched by the arena, until it
 * is passed to free.
 */
import type { LatinBuffer } from '../resp/writer';

/** Record offsets are multiples of UNIT bytes, so a slab offset fits OFFSET_BITS bits. */
const UNIT = 8;
const SLAB_BYTES = 65536;
const OFFSET_BITS = 13;
const OFFSET_MASK = (1 << OFFSET_BITS) - 1;

/**
 * Record sizes in bytes: steps of 8 up to 256 (small strings waste at most 7 bytes), then sixteen
 * steps per doubling up to 2048 (at most about 6%).
 */
export const SIZE_CLASSES: readonly number[] = (() => {
  const sizes: number[] = [];
  for (let s = UNIT; s <= 256; s += UNIT) sizes.push(s);
  for (let base = 256; base < 2048; base *= 2) for (let i = 1; i <= 16; i++) sizes.push(base + (base / 16) * i);
  return sizes;
})();

/** The largest record a slab holds; bigger ones get a Buffer of their own. */
export const MAX_SLAB_RECORD = SIZE_CLASSES[SIZE_CLASSES.length - 1];

/** Class index for every record size, by size in units (rounded up). */
const CLASS_OF_UNITS: Uint8Array = (() => {
  const table = new Uint8Array(MAX_SLAB_RECORD / UNIT + 1);
  let c = 0;
  for (let u = 0; u < table.length; u++) {
    while (SIZE_CLASSES[c] < u * UNIT) c++;
    table[u] = c;
  }
  return table;
})();

/**
 * A Buffer of our own costs its bytes plus V8's Uint8Array and ArrayBuffer objects and the backing
 * store's bookkeeping: about 200 bytes, the figure bench/strings-repr.js measured for
 * Buffer.allocUnsafeSlow copies of small values.
 */
export const BIG_RECORD_OVERHEAD = 200;

/** The class of records too big for a slab: each has a Buffer of its own. */
export const BIG_CLASS = 255;

/** The size class of a record of `size` bytes (an index into SIZE_CLASSES, or BIG_CLASS). */
export function sizeClass(size: number): number {
  return size <= MAX_SLAB_RECORD ? CLASS_OF_UNITS[(size + UNIT - 1) >>> 3] : BIG_CLASS;
}

/** Bytes a record of `size` bytes is charged: its size class, or its own Buffer. */
export function recordCost(size: number): number {
  return size <= MAX_SLAB_RECORD ? SIZE_CLASSES[CLASS_OF_UNITS[(size + UNIT - 1) >>> 3]] : size + BIG_RECORD_OVERHEAD;
}

export class Arena {
  private readonly slabs: LatinBuffer[] = [];
  /** Per class: the slab being carved (-1: none yet) and the next free offset in it. */
  private readonly carving = new Int32Array(SIZE_CLASSES.length).fill(-1);
  private readonly carved = new Int32Array(SIZE_CLASSES.length);
  /** Per class: locs of freed records, reused last-in first-out. */
  private readonly freeLists: number[][] = SIZE_CLASSES.map(() => []);
  private readonly bigs: Array<LatinBuffer | undefined> = [];
  private readonly freeBigs: number[] = [];

  /** A record of `size` bytes in class sizeClass(size). */
  alloc(size: number): number {
    const c = sizeClass(size);
    if (c === BIG_CLASS) return this.allocBig(size);
    const free = this.freeLists[c];
    if (free.length > 0) return free.pop() as number;
    const classSize = SIZE_CLASSES[c];
    let slab = this.carving[c];
    let offset = this.carved[c];
    if (slab < 0 || offset + classSize > SLAB_BYTES) {
      slab = this.slabs.length;
      this.slabs.push(Buffer.allocUnsafeSlow(SLAB_BYTES) as LatinBuffer);
      this.carving[c] = slab;
      offset = 0;
    }
    this.carved[c] = offset + classSize;
    return (slab << OFFSET_BITS) | (offset / UNIT);
  }

  /** Releases the record at `loc`, of class `c`. */
  free(loc: number, c: number): void {
    if (c === BIG_CLASS) {
      this.bigs[-loc - 1] = undefined;
      this.freeBigs.push(-loc - 1);
      return;
    }
    this.freeLists[c].push(loc);
  }

  /** Bytes the record at `loc`, of class `c`, is charged (recordCost of its size). */
  cost(loc: number, c: number): number {
    return c === BIG_CLASS ? (this.bigs[-loc - 1] as LatinBuffer).length + BIG_RECORD_OVERHEAD : SIZE_CLASSES[c];
  }

  /** The Buffer holding the record at `loc`. */
  buffer(loc: number): LatinBuffer {
    return loc >= 0 ? this.slabs[loc >>> OFFSET_BITS] : (this.bigs[-loc - 1] as LatinBuffer);
  }

  /** The record's first byte within buffer(loc). */
  static offset(loc: number): number {
    return loc >= 0 ? (loc & OFFSET_MASK) * UNIT : 0;
  }

  private allocBig(size: number): number {
    const buf = Buffer.allocUnsafeSlow(size) as LatinBuffer;
    const index = this.freeBigs.length > 0 ? (this.freeBigs.pop() as number) : this.bigs.length;
    this.bigs[index] = buf;
    return -(index + 1);
  }
}
