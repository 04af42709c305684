/**
 * The x87 long double emulation behind INCRBYFLOAT: parsing as strtold (refusals included),
 * addition rounded to 64 significant bits with ties to even, and "%.17Lf" formatting with Redis's
 * trimming. Expected strings are redis-server 7.0's replies to the same INCRBYFLOAT.
 */
import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, INFINITE, LongDouble, parseLongDouble } from '../../../src/util/longdouble';

function ld(text: string): LongDouble {
  const v = parseLongDouble(text);
  if (v === null || v === INFINITE) throw new Error(`not finite: ${text}`);
  return v;
}

/** INCRBYFLOAT's arithmetic: the formatted sum of two texts. */
function incr(a: string, b: string): string {
  const sum = addLongDouble(ld(a), ld(b));
  if (sum === INFINITE) return 'inf';
  return formatLongDouble(sum);
}

describe('long double', () => {
  it('formats decimal fractions the way %.17Lf prints them, not as doubles would', () => {
    expect(incr('0', '0.1')).toBe('0.1');
    expect(incr('10.5', '0.1')).toBe('10.6');
    expect(incr('0.1', '0.2')).toBe('0.3');
    expect(incr('3', '1.23456789012345678901234')).toBe('4.23456789012345679');
    expect(incr('0', '1.5e-10')).toBe('0.00000000015');
    expect(incr('0', '1e-18')).toBe('0');
    expect(incr('0', '5e-18')).toBe('0');
    expect(incr('0', '6e-18')).toBe('0.00000000000000001');
  });

  it('prints every integer digit, never an exponent', () => {
    expect(incr('0', '1e20')).toBe('100000000000000000000');
    expect(incr('0', '123456789012345678901234567890')).toBe('123456789012345678899921813504');
    expect(formatLongDouble(ld('1e300')).startsWith('100000000000000000000899732407955919387052394427329074793826')).toBe(true);
    expect(formatLongDouble(ld('1e300')).length).toBe(301);
  });

  it('never prints a negative zero', () => {
    expect(incr('0', '-0')).toBe('0');
    expect(incr('0', '-0.000000000000000001')).toBe('0');
    expect(incr('-5', '5')).toBe('0');
  });

  it('parses what strtold accepts over the whole text', () => {
    expect(formatLongDouble(ld('+3'))).toBe('3');
    expect(formatLongDouble(ld('.5'))).toBe('0.5');
    expect(formatLongDouble(ld('5.'))).toBe('5');
    expect(formatLongDouble(ld('0x10'))).toBe('16');
    expect(formatLongDouble(ld('0X1p-2'))).toBe('0.25');
    expect(formatLongDouble(ld('-2.5E+2'))).toBe('-250');
    expect(parseLongDouble('inf')).toBe(INFINITE);
    expect(parseLongDouble('-Infinity')).toBe(INFINITE);
  });

  it('refuses what string2ld refuses', () => {
    for (const text of ['', ' 1', '1 ', 'abc', '1e', 'nan', '-nan', '.', '1.2.3', '0x', 'e5', '1e5000', '1e-5000', 'x'.repeat(6000)]) {
      expect(parseLongDouble(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('rounds sums to 64 significant bits, ties to even', () => {
    // 2^64 + 1 is not representable: it rounds to 2^64; 2^64 + 3 rounds up to 2^64 + 4.
    expect(incr('18446744073709551616', '1')).toBe('18446744073709551616');
    expect(incr('18446744073709551616', '3')).toBe('18446744073709551620');
    expect(incr('9223372036854775807', '1')).toBe('9223372036854775808');
  });

  it('reports an overflow to infinity', () => {
    const big = ld('1e4932');
    expect(addLongDouble(big, big)).toBe(INFINITE);
  });
});
