/**
 * Memory units, integers and booleans as Redis 7.0 parses them in redis.conf and CONFIG SET, and
 * the `4gb` form CONFIG REWRITE writes back.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHuman, memoryToConfigText, parseMemory, parseStrictInt, parseYesNo, quote } from '../../../src/config/units';

describe('parseMemory (Redis memtoull)', () => {
  const cases: Array<[string, number | null]> = [
    ['0', 0],
    ['100', 100],
    ['100b', 100],
    ['1k', 1000],
    ['1kb', 1024],
    ['1K', 1000],
    ['1KB', 1024],
    ['1kB', 1024],
    ['2m', 2_000_000],
    ['2mb', 2 * 1024 * 1024],
    ['2MB', 2 * 1024 * 1024],
    ['3g', 3_000_000_000],
    ['3gb', 3 * 1024 ** 3],
    ['3Gb', 3 * 1024 ** 3],
    ['', null],
    ['kb', null],
    ['-1', null],
    ['+1', null],
    ['1.5mb', null],
    ['1 mb', null],
    ['1tb', null],
    ['10xb', null],
  ];
  for (const [text, bytes] of cases) {
    it(`reads ${JSON.stringify(text)} as ${bytes}`, () => expect(parseMemory(text)).toBe(bytes));
  }
});

describe('parseStrictInt and parseYesNo', () => {
  it('accepts only canonical integers', () => {
    expect(parseStrictInt('0')).toBe(0);
    expect(parseStrictInt('-5')).toBe(-5);
    expect(parseStrictInt('10')).toBe(10);
    for (const bad of ['', '01', '+1', '1.0', ' 1', '1e3', '-0', 'x']) expect(parseStrictInt(bad), bad).toBeNull();
  });

  it('reads yes and no in any case', () => {
    expect(parseYesNo('yes')).toBe(true);
    expect(parseYesNo('YES')).toBe(true);
    expect(parseYesNo('No')).toBe(false);
    expect(parseYesNo('1')).toBeNull();
  });
});

describe('printing values', () => {
  it('writes exact multiples with the largest binary unit, others in bytes', () => {
    expect(memoryToConfigText(0)).toBe('0');
    expect(memoryToConfigText(4 * 1024 ** 3)).toBe('4gb');
    expect(memoryToConfigText(512 * 1024 * 1024)).toBe('512mb');
    expect(memoryToConfigText(3 * 1024)).toBe('3kb');
    expect(memoryToConfigText(1000)).toBe('1000');
    for (const n of [1, 1024, 1536, 1024 ** 3, 7 * 1024 * 1024]) expect(parseMemory(memoryToConfigText(n))).toBe(n);
  });

  it('quotes as sdscatrepr does', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('')).toBe('""');
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quote('\n\r\t\x07\b')).toBe('"\\n\\r\\t\\a\\b"');
    expect(quote('\x00\xff')).toBe('"\\x00\\xff"');
  });

  it('prints human sizes 1024-based with two decimals', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1536)).toBe('1.50K');
    expect(bytesToHuman(3 * 1024 * 1024)).toBe('3.00M');
  });
});
