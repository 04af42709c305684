/**
 * Long double emulation: parsing as strtold, addition rounded once to 64 significant bits, and
 * ld2string's human format. Expected texts are what redis-server 7.0.15 answered to HINCRBYFLOAT
 * with the same operands on x86-64.
 */
import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, INFINITE, LongDouble, parseLongDouble } from '../../../src/util/longdouble';

function finite(text: string): LongDouble {
  const v = parseLongDouble(text);
  if (v === null || v === INFINITE) throw new Error(`${text} is not a finite long double`);
  return v;
}

/** What HINCRBYFLOAT answers for `a` + `b`. */
function incr(a: string, b: string): string {
  const sum = addLongDouble(finite(a), finite(b));
  return sum === INFINITE ? 'inf' : formatLongDouble(sum);
}

describe('long double arithmetic as redis-server', () => {
  it('adds and prints as HINCRBYFLOAT does', () => {
    const cases: Array<[string, string, string]> = [
      ['5000', '0.1', '5000.10000000000000009'],
      ['10.5', '0.1', '10.6'],
      ['0.1', '0.2', '0.3'],
      ['1.1', '2.2', '3.3'],
      ['3000', '1e20', '100000000000000003000'],
      ['0', '1e70', '10000000000000000000222479489586148259025995410601157579323600873193472'],
      ['0', '18446744073709551617', '18446744073709551616'],
      ['0', '18446744073709551619', '18446744073709551620'],
      ['0', '123456789012345678901234567890', '123456789012345678899921813504'],
      ['0', '1.5e-17', '0.00000000000000002'],
      ['0', '1e-17', '0.00000000000000001'],
      ['0', '5e-18', '0'],
      ['0', '-1e-30', '0'],
      ['0', '-0', '0'],
      ['-2.5', '2.5', '0'],
      ['0', '-2.5', '-2.5'],
      ['0', '0x1p-3', '0.125'],
      ['0', '0x1.8p1', '3'],
      ['0', '1E2', '100'],
      ['0', '.5', '0.5'],
      ['0', '+.5', '0.5'],
      ['0', '1.', '1'],
      ['0', '1e-4940', '0'],
    ];
    for (const [a, b, expected] of cases) expect(incr(a, b), `${a} + ${b}`).toBe(expected);
  });

  it('refuses what string2ld refuses', () => {
    for (const bad of ['', ' 1', '1 ', '1e', 'abc', 'nan', '-nan', '1e-5000', '1e5000', '0x', '.', 'e5', '1.2.3', 'x'.repeat(5120)])
      expect(parseLongDouble(bad), JSON.stringify(bad.slice(0, 10))).toBeNull();
  });

  it('reads infinities, and overflows to infinity', () => {
    for (const inf of ['inf', '-inf', 'Infinity', '+INF']) expect(parseLongDouble(inf)).toBe(INFINITE);
    const big = finite('1e4932');
    expect(addLongDouble(big, big)).toBe(INFINITE);
    expect(parseLongDouble('1e4000')).not.toBeNull();
  });
});
