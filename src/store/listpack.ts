/**
 * Redis's listpack for respkv: a packed sequence of string entries held in ONE latin1 JS string (one
 * char per byte), so a small hash or sorted set costs one string header plus its bytes instead of a
 * Map entry, nodes and slots per element. Each entry is a length prefix followed by the entry's bytes;
 * the prefix is a little-endian base-128 varint (7 bits per byte, high bit set on every byte but the
 * last), so entries under 128 bytes pay one byte of overhead.
 *
 * Positions are byte offsets into the string; walking is forward only. Every change builds a new flat
 * string through one scratch Buffer (never by concatenating or slicing, which would leave V8 cons or
 * sliced strings pinning the old one), so a change costs O(total bytes), like Redis's memmove inside a
 * listpack; that is fine under the listpack thresholds (128 entries of 64 bytes by default) and for
 * a list's quicklist nodes (8 KB by default, store/list.ts).
 */

import type { LatinBuffer } from '../resp/writer';

/** Bytes the prefix of an entry of `len` bytes takes (a function of len: the encoding is canonical). */
function prefixSize(len: number): number {
  let size = 1;
  while (len >= 0x80) {
    len = Math.floor(len / 0x80);
    size++;
  }
  return size;
}

/** V8's SlicedString::kMinLength: a shorter slice is a copy, a longer one a view of its parent. */
const SLICE_COPIES_BELOW = 13;

/**
 * The scratch Buffer every change is assembled in; grows by doubling, never shrinks. Its latin1
 * methods are called directly: Buffer.write and toString spend longer checking their arguments than
 * copying a small node.
 */
let scratch = Buffer.allocUnsafe(1024) as LatinBuffer;

function ensureScratch(size: number): LatinBuffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2)) as LatinBuffer;
  return scratch;
}

/** Entries up to this many bytes are copied byte by byte: cheaper than a Buffer.write call into C++. */
const COPY_LOOP_MAX = 32;

/** Writes the prefix and bytes of `entry` at `at`; returns the offset past it. */
function writeEntry(buf: LatinBuffer, at: number, entry: string): number {
  let len = entry.length;
  while (len >= 0x80) {
    buf[at++] = (len & 0x7f) | 0x80;
    len = Math.floor(len / 0x80);
  }
  buf[at++] = len;
  if (entry.length > COPY_LOOP_MAX) return at + buf.latin1Write(entry, at);
  for (let k = 0; k < entry.length; k++) buf[at + k] = entry.charCodeAt(k);
  return at + entry.length;
}

/** Bytes an entry of `len` bytes takes encoded: its prefix and its bytes. */
export function entrySize(len: number): number {
  return prefixSize(len) + len;
}

/** A flat copy of s[from, to): a sequential string that pins nothing (a slice could pin s). */
function flatCopy(s: string, from: number, to: number): string {
  const buf = ensureScratch(to - from);
  buf.latin1Write(from === 0 && to === s.length ? s : s.slice(from, to), 0);
  return buf.latin1Slice(0, to - from);
}

/** Bytes the encoded entries take. */
function encodedSize(entries: readonly string[]): number {
  let size = 0;
  for (const e of entries) size += prefixSize(e.length) + e.length;
  return size;
}

export class Listpack {
  /** The encoded entries, latin1; always a flat sequential string. */
  private s = '';
  /** Number of entries. */
  count = 0;

  /** Bytes of the encoded string. */
  get byteLength(): number {
    return this.s.length;
  }

  /** Offset of the first entry, or -1 when empty. */
  first(): number {
    return this.s.length === 0 ? -1 : 0;
  }

  /** Length in bytes of the entry at `off`. */
  entryLength(off: number): number {
    const s = this.s;
    let len = 0;
    let mul = 1;
    for (;;) {
      const b = s.charCodeAt(off++);
      len += (b & 0x7f) * mul;
      if (b < 0x80) return len;
      mul *= 0x80;
    }
  }

  /** Offset of the entry's bytes (past its prefix). */
  private dataStart(off: number): number {
    return off + prefixSize(this.entryLength(off));
  }

  /** Offset of the entry after the one at `off`, or -1 past the last. */
  next(off: number): number {
    const len = this.entryLength(off);
    const after = off + prefixSize(len) + len;
    return after < this.s.length ? after : -1;
  }

  /** Offset of the entry `n` entries after `off` (n >= 0), or -1 past the last. */
  skip(off: number, n: number): number {
    const s = this.s;
    for (; n > 0 && off >= 0; n--) {
      // Entries under 128 bytes (a one-byte prefix: the length itself) are stepped over inline.
      const b = s.charCodeAt(off);
      const after = b < 0x80 ? off + 1 + b : this.entryEnd(off);
      off = after < s.length ? after : -1;
    }
    return off;
  }

  /** Offset of the entry at index `i`, 0 <= i < count. */
  seek(i: number): number {
    return this.skip(0, i);
  }

  /** The entry at `off`. */
  get(off: number): string {
    const len = this.entryLength(off);
    const start = off + prefixSize(len);
    return this.s.slice(start, start + len);
  }

  /** Whether the entry at `off` equals `value`, without copying it out. */
  equals(off: number, value: string): boolean {
    return this.entryLength(off) === value.length && this.s.startsWith(value, this.dataStart(off));
  }

  /**
   * Offset of the first entry equal to `value` among entries at indexes 0, step, 2*step ... (step 2
   * searches a hash's fields or a sorted set's members), or -1.
   */
  find(value: string, step: number): number {
    for (let off = this.first(); off >= 0; off = this.skip(off, step)) if (this.equals(off, value)) return off;
    return -1;
  }

  /** Every entry, in order. */
  *entries(): IterableIterator<string> {
    for (let off = this.first(); off >= 0; off = this.next(off)) yield this.get(off);
  }

  /** Replaces `removed` entries from `off` (off = byteLength appends) with `inserted`. */
  splice(off: number, removed: number, inserted: readonly string[]): void {
    let end = off;
    for (let i = 0; i < removed; i++) {
      const len = this.entryLength(end);
      end += prefixSize(len) + len;
    }
    const old = this.s;
    const total = off + encodedSize(inserted) + (old.length - end);
    const buf = ensureScratch(total);
    let at = buf.latin1Write(old.slice(0, off), 0);
    for (const e of inserted) at = writeEntry(buf, at, e);
    buf.latin1Write(old.slice(end), at);
    this.s = buf.latin1Slice(0, total);
    this.count += inserted.length - removed;
  }

  /** Appends entries at the end (lpAppend). */
  append(inserted: readonly string[]): void {
    this.splice(this.s.length, 0, inserted);
  }

  /** Replaces the entry at `off` (lpReplace). */
  replace(off: number, value: string): void {
    this.splice(off, 1, [value]);
  }

  /** Deletes `n` entries from `off` (lpDeleteRange). */
  delete(off: number, n: number): void {
    this.splice(off, n, []);
  }

  /**
   * The entries as fresh flat strings, for a conversion to another encoding: slices of the packed
   * string would pin it in V8 for as long as they live.
   */
  detach(): string[] {
    const buf = ensureScratch(this.s.length);
    buf.latin1Write(this.s, 0);
    const out: string[] = [];
    for (let off = this.first(); off >= 0; off = this.next(off)) {
      const len = this.entryLength(off);
      const start = off + prefixSize(len);
      out.push(buf.latin1Slice(start, start + len));
    }
    return out;
  }

  /**
   * Calls visit(entry, arg) for `n` entries from `off`, in order (a window of a read like LRANGE);
   * returns the offset past the last visited.
   */
  visit<T>(off: number, n: number, visit: (entry: string, arg: T) => void, arg: T): number {
    const s = this.s;
    for (; n > 0; n--) {
      const b = s.charCodeAt(off);
      if (b < 0x80) {
        visit(s.slice(off + 1, off + 1 + b), arg);
        off += 1 + b;
      } else {
        visit(this.get(off), arg);
        off = this.entryEnd(off);
      }
    }
    return off;
  }

  /** Offset just past the entry at `off` (byteLength after the last). */
  entryEnd(off: number): number {
    const len = this.entryLength(off);
    return off + prefixSize(len) + len;
  }

  /** The offset of every entry, in order. */
  offsets(): number[] {
    const out: number[] = [];
    for (let off = this.first(); off >= 0; off = this.next(off)) out.push(off);
    return out;
  }

  /**
   * `n` entries from `off` as fresh flat strings (see detach), in order. V8 copies a slice shorter
   * than SLICE_COPIES_BELOW bytes, so those are sliced (cheaper than a Buffer decode); longer ones
   * would be views pinning the packed string, so they are decoded from the scratch Buffer.
   */
  detachRange(off: number, n: number): string[] {
    const s = this.s;
    let end = off;
    let decode = false;
    for (let i = 0; i < n; i++) {
      const len = this.entryLength(end);
      decode ||= len >= SLICE_COPIES_BELOW;
      end += prefixSize(len) + len;
    }
    if (decode) ensureScratch(end - off).latin1Write(s.slice(off, end), 0);
    const out: string[] = [];
    for (let at = off; at < end; ) {
      const len = this.entryLength(at);
      const start = at + prefixSize(len);
      out.push(len < SLICE_COPIES_BELOW ? s.slice(start, start + len) : scratch.latin1Slice(start - off, start - off + len));
      at = start + len;
    }
    return out;
  }

  /** A new Listpack of the `n` entries encoded in bytes [from, to) of this one (entry boundaries). */
  cut(from: number, to: number, n: number): Listpack {
    const part = new Listpack();
    part.s = flatCopy(this.s, from, to);
    part.count = n;
    return part;
  }

  /** Appends every entry of `other`, as one flat string (lpMerge). */
  concat(other: Listpack): void {
    const total = this.s.length + other.s.length;
    const buf = ensureScratch(total);
    buf.latin1Write(this.s, 0);
    buf.latin1Write(other.s, this.s.length);
    this.s = buf.latin1Slice(0, total);
    this.count += other.count;
  }

  /** A copy; the packed string is immutable, so both share it until either changes. */
  clone(): Listpack {
    const copy = new Listpack();
    copy.s = this.s;
    copy.count = this.count;
    return copy;
  }
}
