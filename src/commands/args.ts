/**
 * Parsing of command arguments with Redis's rules: integers are strict 64-bit decimals (no '+', no
 * spaces, no leading zeros), doubles are decimal or inf/-inf and never NaN.
 */

/** Bounds of Redis's 64-bit integers (long long). */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const STRICT_INT = /^(0|-?[1-9][0-9]*)$/;

/** A signed 64-bit integer as an exact bigint, or null (Redis's string2ll). */
export function parseInt64(text: string): bigint | null {
  if (text.length > 20 || !STRICT_INT.test(text)) return null;
  const n = BigInt(text);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

/**
 * A signed 64-bit integer as a number, or null. Exact up to 2^53; beyond that the nearest double,
 * which is fine for counts, indexes and times but not for arithmetic (use parseInt64 there).
 */
export function parseInteger(text: string): number | null {
  if (text.length <= 15) return STRICT_INT.test(text) ? Number(text) : null;
  const n = parseInt64(text);
  return n === null ? null : Number(n);
}

const FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;

/** A double as Redis's strtod-based parsers accept it, or null (NaN and empty text included). */
export function parseDouble(text: string): number | null {
  if (FLOAT.test(text)) return Number(text);
  if (INFINITY.test(text)) return text[0] === '-' ? -Infinity : Infinity;
  return null;
}
