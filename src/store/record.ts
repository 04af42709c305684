/**
 * The layout of a key's arena record (table.ts): the key's length as a varint, its bytes, and for
 * a string value of at most INLINE_MAX bytes the value's length as a varint and its bytes. A varint
 * holds 7 bits a byte, low bits first, the high bit marking a following byte, so lengths under 128
 * take one byte. Lengths are in bytes: keys and values are latin1 strings, one char per byte.
 */

/** Strings up to this many bytes are kept in the key's record; longer ones as JS strings. */
export const INLINE_MAX = 256;

/** Bytes of the varint prefix of `n`. */
export function prefixSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Bytes of the record of a key of `keyLen` bytes with an inline value of `valueLen` (-1: none). */
export function recordSizeFor(keyLen: number, valueLen: number): number {
  return prefixSize(keyLen) + keyLen + (valueLen < 0 ? 0 : prefixSize(valueLen) + valueLen);
}

export function readPrefix(buf: Uint8Array, at: number): number {
  let b = buf[at];
  if (b < 0x80) return b;
  let n = b & 0x7f;
  let shift = 7;
  do {
    b = buf[++at];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b >= 0x80);
  return n;
}

/** Writes the prefix of `n` at `at`; returns the offset past it. */
export function writePrefix(buf: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[at++] = n;
  return at;
}
