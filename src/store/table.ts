/**
 * The key table of one database: Redis's dict, laid out for V8. Every key gets a handle, a small
 * integer that stays its own until the key is deleted; what a key holds lives in per-handle columns
 * (typed arrays) and in one arena record (arena.ts) holding the key's bytes and, for a string of at
 * most INLINE_MAX bytes, the value's bytes too. Collections and longer strings are JS values in the
 * `held` map. So a small string key costs a record and 14 bytes of column cells, with no JS object,
 * Map entry or string header of its own: about a third of what a Map of Entry objects spent.
 *
 * Lookup is open addressing with linear probing over `index` (handle + 1 per slot, 0 empty), by a
 * seeded 32-bit hash of the key's latin1 chars kept per handle; removal shifts the probe run back
 * (no tombstones). The index doubles above 3/4 full and halves below 1/8 (checked in
 * releasePending).
 *
 * Handles freed by a removal are not reused until releasePending(): a command may still read a key
 * it has just deleted (GETDEL, RENAME, the eviction and expiry loops), so the dispatcher releases
 * them after each command. Live handles are never moved, which gives SCAN its guarantee.
 *
 * Keys with a TTL are also in `volatile`, a dense array of handles with their expiry times (swap-
 * remove, scanned downwards, as Redis's expires dict is sampled and scanned).
 */
import { HELD_VALUE, valueBytes, VOLATILE_ENTRY } from '../memory/costs';
import type { LatinBuffer } from '../resp/writer';
import { Arena, sizeClass } from './arena';
import { INLINE_MAX, prefixSize, readPrefix, recordSizeFor, writePrefix } from './record';
import type { Collection, StoredValue } from './value';

export { INLINE_MAX, recordSizeFor } from './record';

/** Bytes [start, end) of buf: an inline value read in place (KeyTable.inlineSpan). */
export interface ByteSpan {
  buf: Uint8Array;
  start: number;
  end: number;
}

/** Scratch span for value(): filled and read at once, never kept. */
const valueSpan: ByteSpan = { buf: new Uint8Array(0), start: 0, end: 0 };

/**
 * A value kept outside its key's record (a collection, or a string longer than INLINE_MAX), with
 * the bytes it was charged at the last Db charge: a collection changes in place, so the charge
 * before the change is only known from here.
 */
interface Held {
  value: StoredValue;
  charged: number;
}

/** flags column bits. */
export const LIVE = 1;
export const VOLATILE = 2;
/** The value is a string held in the record. */
export const INLINE = 4;
/** Bits 3..7 belong to the string encoding mark (commands/strings.ts); cleared when the value changes. */
export const MARK_SHIFT = 3;
const MARK_BITS = 0xf8;

const MIN_INDEX = 16;
/** Random positions randomHandle() tries before walking to the next live handle. */
const RANDOM_TRIES = 32;
const MIN_HANDLES = 8;

const HASH_SEED = (Math.random() * 0x100000000) | 0;

/** FNV-1a over the chars, seeded, with murmur3's finaliser so the low bits mix well for probing. */
export function hashKey(key: string): number {
  let h = HASH_SEED ^ 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The keys with a TTL: handles and expiry times (ms since the epoch) in parallel dense arrays. */
export class VolatileSet {
  private handles: number[] = [];
  private times: number[] = [];
  private readonly position = new Map<number, number>();

  get size(): number {
    return this.handles.length;
  }

  expireAt(h: number): number {
    return this.times[this.position.get(h) as number];
  }

  set(h: number, atMs: number): void {
    const pos = this.position.get(h);
    if (pos !== undefined) {
      this.times[pos] = atMs;
      return;
    }
    this.position.set(h, this.handles.length);
    this.handles.push(h);
    this.times.push(atMs);
  }

  remove(h: number): void {
    const pos = this.position.get(h) as number;
    const last = this.handles.length - 1;
    if (pos !== last) {
      this.handles[pos] = this.handles[last];
      this.times[pos] = this.times[last];
      this.position.set(this.handles[pos], pos);
    }
    this.handles.pop();
    this.times.pop();
    this.position.delete(h);
  }

  at(pos: number): number {
    return this.handles[pos];
  }

  /**
   * Visits up to `count` positions below `cursor` (0 starts anew) and returns the cursor to go on
   * from, 0 when done. Downwards, so swap-remove never moves an unvisited handle past the cursor.
   */
  scan(cursor: number, count: number, visit: (h: number) => void): number {
    let pos = cursor === 0 || cursor > this.handles.length ? this.handles.length : cursor;
    const stop = Math.max(0, pos - Math.max(1, count));
    while (pos > stop) visit(this.handles[--pos]);
    return pos;
  }
}

export class KeyTable {
  private index = new Int32Array(MIN_INDEX);
  private mask = MIN_INDEX - 1;
  /** Live keys. */
  count = 0;
  /** Handles handed out so far: the columns are meaningful below this. */
  hw = 0;
  hashes = new Int32Array(MIN_HANDLES);
  /** Arena location of the key's record. */
  locs = new Int32Array(MIN_HANDLES);
  /** Size class of the key's record (arena.ts sizeClass). */
  classes = new Uint8Array(MIN_HANDLES);
  /** LRU clock or LFU field (memory/lfu.ts). */
  access = new Int32Array(MIN_HANDLES);
  flags = new Uint8Array(MIN_HANDLES);
  /** The values that are not INLINE, by handle. */
  readonly held = new Map<number, Held>();
  readonly volatile = new VolatileSet();
  readonly arena = new Arena();
  private readonly freeHandles: number[] = [];
  private readonly pending: number[] = [];
  /** structureBytes, recomputed when the index or the columns are resized. */
  private structure = 0;

  constructor() {
    this.measureStructure();
  }

  /** The live handle of `key`, or -1. */
  find(key: string, hash: number): number {
    const index = this.index;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = index[i];
      if (slot === 0) return -1;
      const h = slot - 1;
      if (this.hashes[h] === hash && this.keyEquals(h, key)) return h;
    }
  }

  /** Adds `key`, which must be absent; returns its handle. */
  insert(key: string, hash: number, value: StoredValue, access: number): number {
    const h = this.takeHandle();
    // Grown before h is marked LIVE, so resize() does not place it too.
    if ((this.count + 1) * 4 > this.index.length * 3) this.resize(this.index.length * 2);
    this.hashes[h] = hash;
    this.access[h] = access;
    this.flags[h] = LIVE;
    this.locs[h] = this.writeRecord(key, value, h);
    this.place(h);
    this.count++;
    return h;
  }

  /** Takes a live key out of the index and the TTL set; its handle waits for releasePending(). */
  remove(h: number): void {
    if ((this.flags[h] & VOLATILE) !== 0) this.volatile.remove(h);
    this.flags[h] &= ~(LIVE | VOLATILE);
    this.unplace(h);
    this.count--;
    this.pending.push(h);
  }

  /**
   * Bytes of the table's own structure: the index and the columns at their capacity (what Redis
   * reports as overhead.hashtable.main), counted exactly rather than as a per-key average. Changes
   * only when they are resized. bench/key-table.js measured a key's handle (14 bytes of columns
   * growing by half, 4 of index kept 3/8 to 3/4 full) at 20 to 29 bytes, 25.1 on average.
   */
  get structureBytes(): number {
    return this.structure;
  }

  private measureStructure(): void {
    const columns = this.hashes.byteLength + this.locs.byteLength + this.classes.byteLength + this.access.byteLength + this.flags.byteLength;
    this.structure = this.index.byteLength + columns;
  }

  /** Frees the records and handles of keys removed since the last call. */
  releasePending(): void {
    const pending = this.pending;
    for (let i = 0; i < pending.length; i++) {
      const h = pending[i];
      this.arena.free(this.locs[h], this.classes[h]);
      this.held.delete(h);
      this.freeHandles.push(h);
    }
    pending.length = 0;
    // Shrunk here rather than on each removal, as Redis resizes its dicts from its cron: an eviction
    // loop removing many keys is not credited with index halvings along the way.
    while (this.count * 8 < this.index.length && this.index.length > MIN_INDEX) this.resize(this.index.length / 2);
  }

  isLive(h: number): boolean {
    return h < this.hw && (this.flags[h] & LIVE) !== 0;
  }

  key(h: number): string {
    const loc = this.locs[h];
    const buf = this.arena.buffer(loc);
    const at = Arena.offset(loc);
    const len = readPrefix(buf, at);
    const end = at + recordSizeFor(len, -1);
    return buf.latin1Slice(end - len, end);
  }

  value(h: number): StoredValue {
    if (!this.inlineSpan(h, valueSpan)) return (this.held.get(h) as Held).value;
    return (valueSpan.buf as LatinBuffer).latin1Slice(valueSpan.start, valueSpan.end);
  }

  /**
   * Where an INLINE value's bytes are, without building its string: fills `span` and returns true,
   * or returns false for a value held outside the record.
   */
  inlineSpan(h: number, span: ByteSpan): boolean {
    if ((this.flags[h] & INLINE) === 0) return false;
    const loc = this.locs[h];
    const buf = this.arena.buffer(loc);
    const at = Arena.offset(loc);
    const vat = at + recordSizeFor(readPrefix(buf, at), -1);
    const vlen = readPrefix(buf, vat);
    span.buf = buf;
    span.start = vat + prefixSize(vlen);
    span.end = span.start + vlen;
    return true;
  }

  /** The value when it is a collection (no string is built for an inline value). */
  collection(h: number): Collection | undefined {
    if ((this.flags[h] & INLINE) !== 0) return undefined;
    const v = (this.held.get(h) as Held).value;
    return typeof v === 'object' ? v : undefined;
  }

  /** Whether the value is a string, without building it. */
  isString(h: number): boolean {
    return (this.flags[h] & INLINE) !== 0 || typeof (this.held.get(h) as Held).value === 'string';
  }

  /**
   * Bytes the key costs the accountant beyond its share of the table's structure (costs.ts
   * keyCost): a held value counts as it was at the last recharge(), so a collection changed in
   * place still shows its old cost here.
   */
  cost(h: number): number {
    const flags = this.flags[h];
    return (
      this.arena.cost(this.locs[h], this.classes[h]) +
      ((flags & INLINE) !== 0 ? 0 : HELD_VALUE + (this.held.get(h) as Held).charged) +
      ((flags & VOLATILE) !== 0 ? VOLATILE_ENTRY : 0)
    );
  }

  /** Brings a held value's charge up to date; returns the key's cost. */
  recharge(h: number): number {
    if ((this.flags[h] & INLINE) === 0) {
      const held = this.held.get(h) as Held;
      held.charged = valueBytes(held.value);
    }
    return this.cost(h);
  }

  /**
   * The common case of setValue: an inline string replaced by one whose record stays in the same
   * size class, written in place. Returns false, changing nothing, in every other case. The key's
   * cost is unchanged when it returns true (same class, nothing held, TTL untouched).
   */
  replaceInline(h: number, value: string): boolean {
    const flags = this.flags[h];
    if ((flags & INLINE) === 0 || value.length > INLINE_MAX) return false;
    const loc = this.locs[h];
    if (loc < 0) return false;
    const buf = this.arena.buffer(loc);
    const at = Arena.offset(loc);
    const klen = readPrefix(buf, at);
    if (sizeClass(recordSizeFor(klen, value.length)) !== this.classes[h]) return false;
    const keyBytes = recordSizeFor(klen, -1);
    this.flags[h] = flags & ~MARK_BITS;
    writeLatin1(buf, writePrefix(buf, at + keyBytes, value.length), value);
    return true;
  }

  /** Replaces the value; the string encoding mark goes with the old value. */
  setValue(h: number, value: StoredValue): void {
    const flags = this.flags[h];
    if ((flags & INLINE) === 0) this.held.delete(h);
    this.flags[h] = flags & ~(INLINE | MARK_BITS);
    const loc = this.locs[h];
    const buf = this.arena.buffer(loc);
    const at = Arena.offset(loc);
    const klen = readPrefix(buf, at);
    const keyBytes = recordSizeFor(klen, -1);
    const inline = typeof value === 'string' && value.length <= INLINE_MAX;
    const size = recordSizeFor(klen, inline ? value.length : -1);
    const c = sizeClass(size);
    const old = this.classes[h];
    if (c === old && loc >= 0) {
      this.writeValue(h, buf, at + keyBytes, value, inline);
      return;
    }
    // The record moves to another size class: the key's bytes are copied over, not re-encoded.
    const moved = this.arena.alloc(size);
    const dst = this.arena.buffer(moved);
    const dstAt = Arena.offset(moved);
    for (let i = 0; i < keyBytes; i++) dst[dstAt + i] = buf[at + i];
    this.arena.free(loc, old);
    this.locs[h] = moved;
    this.classes[h] = c;
    this.writeValue(h, dst, dstAt + keyBytes, value, inline);
  }

  expireAt(h: number): number {
    return (this.flags[h] & VOLATILE) === 0 ? 0 : this.volatile.expireAt(h);
  }

  setExpire(h: number, atMs: number): void {
    this.flags[h] |= VOLATILE;
    this.volatile.set(h, atMs);
  }

  dropExpire(h: number): void {
    if ((this.flags[h] & VOLATILE) === 0) return;
    this.volatile.remove(h);
    this.flags[h] &= ~VOLATILE;
  }

  mark(h: number): number {
    return (this.flags[h] & MARK_BITS) >>> MARK_SHIFT;
  }

  setMark(h: number, mark: number): void {
    this.flags[h] = (this.flags[h] & ~MARK_BITS) | ((mark << MARK_SHIFT) & MARK_BITS);
  }

  /**
   * A live handle chosen from `pick` in [0, 1), uniformly while live handles are not rare: random
   * positions are tried until one is live (the later ones from a xorshift generator seeded by pick,
   * so a given pick always gives the same handle). Deleted handles can form long runs (LRU eviction
   * deletes the oldest keys, which hold the lowest handles), so walking forward from one random
   * position would cost the run's length; the walk is only the fallback after RANDOM_TRIES misses.
   */
  randomHandle(pick: number): number {
    if (this.count === 0) return -1;
    const hw = this.hw;
    const flags = this.flags;
    let h = Math.floor(pick * hw);
    let x = Math.floor(pick * 0x100000000) | 1;
    for (let tries = 0; tries < RANDOM_TRIES; tries++) {
      if ((flags[h] & LIVE) !== 0) return h;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      h = (x >>> 0) % hw;
    }
    while ((flags[h] & LIVE) === 0) h = h + 1 === hw ? 0 : h + 1;
    return h;
  }

  /**
   * Visits the live handles among up to `count` positions from `cursor` (0 starts anew) and returns
   * the cursor to go on from, 0 when done. Handles never move while live, so a key present for the
   * whole scan is visited.
   */
  scan(cursor: number, count: number, visit: (h: number) => void): number {
    let pos = cursor;
    const stop = Math.min(this.hw, pos + Math.max(1, count));
    for (; pos < stop; pos++) if ((this.flags[pos] & LIVE) !== 0) visit(pos);
    return pos >= this.hw ? 0 : pos;
  }

  private keyEquals(h: number, key: string): boolean {
    const loc = this.locs[h];
    const buf = this.arena.buffer(loc);
    let at = Arena.offset(loc);
    const len = key.length;
    if (len < 0x80) {
      if (buf[at++] !== len) return false;
    } else {
      if (readPrefix(buf, at) !== len) return false;
      at += prefixSize(len);
    }
    for (let i = 0; i < len; i++) if (buf[at + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  /** Writes a new record for key and value; returns its loc. */
  private writeRecord(key: string, value: StoredValue, h: number): number {
    const inline = typeof value === 'string' && value.length <= INLINE_MAX;
    const size = recordSizeFor(key.length, inline ? value.length : -1);
    const loc = this.arena.alloc(size);
    this.classes[h] = sizeClass(size);
    const buf = this.arena.buffer(loc);
    const at = writePrefix(buf, Arena.offset(loc), key.length);
    this.writeValue(h, buf, writeLatin1(buf, at, key), value, inline);
    return loc;
  }

  /** Puts the value after the key's bytes (INLINE) or in `held`. */
  private writeValue(h: number, buf: LatinBuffer, at: number, value: StoredValue, inline: boolean): void {
    if (inline) {
      writeLatin1(buf, writePrefix(buf, at, (value as string).length), value as string);
      this.flags[h] |= INLINE;
    } else {
      this.held.set(h, { value, charged: 0 });
    }
  }

  private takeHandle(): number {
    if (this.freeHandles.length > 0) return this.freeHandles.pop() as number;
    const h = this.hw++;
    // Columns grow by half: less slack per key than doubling, still amortised O(1).
    if (h === this.hashes.length) this.growColumns(h + (h >> 1));
    return h;
  }

  private growColumns(size: number): void {
    const grow = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.hashes = grow(this.hashes, (n) => new Int32Array(n));
    this.locs = grow(this.locs, (n) => new Int32Array(n));
    this.classes = grow(this.classes, (n) => new Uint8Array(n));
    this.access = grow(this.access, (n) => new Int32Array(n));
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.measureStructure();
  }

  private place(h: number): void {
    const index = this.index;
    const mask = this.mask;
    let i = this.hashes[h] & mask;
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = h + 1;
  }

  /** Removes h from the index, shifting later members of its probe run back (no tombstones). */
  private unplace(h: number): void {
    const index = this.index;
    const mask = this.mask;
    let i = this.hashes[h] & mask;
    while (index[i] !== h + 1) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; index[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashes[index[j] - 1] & mask;
      // index[j] may move to the hole at i unless its home lies cyclically in (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        index[i] = index[j];
        i = j;
      }
    }
    index[i] = 0;
  }

  private resize(size: number): void {
    this.index = new Int32Array(Math.max(MIN_INDEX, size));
    this.measureStructure();
    this.mask = this.index.length - 1;
    for (let h = 0; h < this.hw; h++) if ((this.flags[h] & LIVE) !== 0) this.place(h);
  }
}

/**
 * Writes a latin1 string's chars as bytes at `at`; returns the offset past them. A byte loop for
 * short strings, where the native write's call overhead dominates (as in the reply writer).
 */
function writeLatin1(buf: LatinBuffer, at: number, s: string): number {
  const n = s.length;
  if (n > 32) return at + buf.latin1Write(s, at);
  for (let i = 0; i < n; i++) buf[at + i] = s.charCodeAt(i);
  return at + n;
}
