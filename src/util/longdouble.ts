/**
 * x87 80-bit long double arithmetic, as redis-server does INCRBYFLOAT and HINCRBYFLOAT in C's `long
 * double`: parse with strtold, add, print with "%.17Lf" and strip trailing zeros (ld2string's human
 * mode). A value is sign * m * 2^e with m an exact BigInt of at most 64 bits; every step works on the
 * exact rational and rounds once to 64 bits, half to even, so results match the hardware bit for bit.
 */

/** Significand bits of the x87 extended format. */
const MANT_BITS = 64;
/** Smallest exponent e of m * 2^e (subnormals included): 2^-16445 is the least positive value. */
const MIN_EXP = -16445;
/** Values at or above 2^16384 overflow to infinity. */
const MAX_BITS = 16384;
/** string2ld refuses texts this long or longer (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

/** A finite long double m * 2^e; m is signed, |m| < 2^64. Zero is m = 0 (its sign never shows). */
export interface LongDouble {
  m: bigint;
  e: number;
}

/** Any infinite or NaN result: every caller refuses them alike. */
export const INFINITE = Symbol('infinite');
export type LongDoubleResult = LongDouble | typeof INFINITE;

const ZERO: LongDouble = { m: 0n, e: 0 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds +-num/den * 2^exp (num, den > 0) to the nearest long double, ties to even. */
function round(neg: boolean, num: bigint, den: bigint, exp: number): LongDoubleResult {
  if (num === 0n) return ZERO;
  let e = bitLength(num) - bitLength(den) - MANT_BITS + exp;
  if (e < MIN_EXP) e = MIN_EXP;
  const quotient = (shift: number): [bigint, bigint, bigint] => {
    const n = shift >= 0 ? num : num << BigInt(-shift);
    const d = shift >= 0 ? den << BigInt(shift) : den;
    return [n / d, n % d, d];
  };
  let [q, r, d] = quotient(e - exp);
  if (q >= 1n << BigInt(MANT_BITS)) {
    e++;
    [q, r, d] = quotient(e - exp);
  } else if (q < 1n << BigInt(MANT_BITS - 1) && e > MIN_EXP) {
    e--;
    [q, r, d] = quotient(e - exp);
  }
  const twice = 2n * r;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(MANT_BITS)) {
    q >>= 1n;
    e++;
  }
  if (e + MANT_BITS > MAX_BITS) return INFINITE;
  return { m: neg ? -q : q, e };
}

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
/** Decimal magnitudes (digits before the point, after scaling) beyond which strtold overflows or underflows. */
const MAX_DECIMAL_MAGNITUDE = 4940;
const MIN_DECIMAL_MAGNITUDE = -4960;

/**
 * Redis's string2ld: the long double strtold reads from the whole text; INFINITE for "inf"; null
 * when the text is empty, too long, starts with a space, has trailing bytes, is NaN, or overflows or
 * underflows to 0 (strtold's ERANGE).
 */
export function parseLongDouble(text: string): LongDoubleResult | null {
  if (text.length === 0 || text.length >= MAX_CHARS) return null;
  const special = SPECIAL.exec(text);
  if (special !== null) return special[2].toLowerCase() === 'nan' ? null : INFINITE;
  const hex = HEX.exec(text);
  if (hex !== null) {
    const [, sign, int, frac = '', pexp = '0'] = hex;
    if (int.length + frac.length === 0) return null;
    const exp = Number(pexp) - 4 * frac.length;
    if (Math.abs(exp) > 4 * MAX_CHARS + MAX_BITS) return null;
    return finishParse(sign === '-', BigInt('0x' + (int + frac)), 1n, exp);
  }
  const dec = DECIMAL.exec(text);
  if (dec === null) return null;
  const [, sign, int, frac = '', eexp = '0'] = dec;
  if (int.length + frac.length === 0) return null;
  const digits = BigInt(int + frac);
  if (digits === 0n) return ZERO;
  const exp10 = Number(eexp) - frac.length;
  const magnitude = (int + frac).replace(/^0+/, '').length + exp10;
  if (magnitude > MAX_DECIMAL_MAGNITUDE || magnitude < MIN_DECIMAL_MAGNITUDE) return null;
  const num = exp10 >= 0 ? digits * 10n ** BigInt(exp10) : digits;
  const den = exp10 >= 0 ? 1n : 10n ** BigInt(-exp10);
  return finishParse(sign === '-', num, den, 0);
}

function finishParse(neg: boolean, num: bigint, den: bigint, exp: number): LongDouble | null {
  if (num === 0n) return ZERO;
  const v = round(neg, num, den, exp);
  return v === INFINITE || v.m === 0n ? null : v;
}

/** a + b in long double arithmetic: exact sum, rounded once. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDoubleResult {
  const e = Math.min(a.e, b.e);
  const sum = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  if (sum === 0n) return ZERO;
  return round(sum < 0n, sum < 0n ? -sum : sum, 1n, e);
}

const FRACTION_DIGITS = 17;
const SCALE = 10n ** BigInt(FRACTION_DIGITS);

/**
 * ld2string(LD_STR_HUMAN): "%.17Lf" (exact value rounded half to even at 17 decimals), trailing
 * zeros and a bare point removed, and "-0" printed as "0". Finite values only.
 */
export function formatLongDouble(v: LongDouble): string {
  const neg = v.m < 0n;
  const m = neg ? -v.m : v.m;
  let scaled: bigint;
  if (v.e >= 0) {
    scaled = (m << BigInt(v.e)) * SCALE;
  } else {
    const num = m * SCALE;
    const den = 1n << BigInt(-v.e);
    scaled = num / den;
    const twice = 2n * (num % den);
    if (twice > den || (twice === den && (scaled & 1n) === 1n)) scaled++;
  }
  const digits = scaled.toString().padStart(FRACTION_DIGITS + 1, '0');
  const int = digits.slice(0, digits.length - FRACTION_DIGITS);
  const frac = digits.slice(digits.length - FRACTION_DIGITS).replace(/0+$/, '');
  const text = frac.length > 0 ? `${int}.${frac}` : int;
  return neg && text !== '0' ? '-' + text : text;
}
