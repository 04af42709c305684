/**
 * Number formatting as Redis 7.0 prints numbers. Doubles in replies use C's "%.17g" (so 1.1 prints
 * as 1.1000000000000001, exactly as redis-server 7.0 does); infinities print as inf and -inf.
 */

/** C printf "%.17g" of d, with Redis's spellings of the infinities. */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // Safe integers have at most 16 digits, all exact: "%.17g" prints them as JS does.
  if (Number.isSafeInteger(d)) return String(d);
  const exp = d.toExponential(16);
  const e = exp.indexOf('e');
  const exponent = Number(exp.slice(e + 1));
  if (exponent < -4 || exponent >= 17) {
    const mantissa = stripZeros(exp.slice(0, e));
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return stripZeros(d.toFixed(16 - exponent));
}

/** Removes trailing zeros of a fraction, and the point when nothing is left after it. */
function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
