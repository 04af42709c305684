import { describe, expect, it } from 'vitest';
import { formatDouble } from '../../../src/resp/numbers';

/** Values with the text redis-server 7.0 prints for them ("%.17g"). */
const CASES: Array<[number, string]> = [
  [0, '0'],
  [-0, '-0'],
  [1, '1'],
  [-3, '-3'],
  [1.1, '1.1000000000000001'],
  [0.5, '0.5'],
  [1e16, '10000000000000000'],
  [99999999999999984, '99999999999999984'],
  [1e17, '1e+17'],
  [-1e17, '-1e+17'],
  [1.5e300, '1.5000000000000001e+300'],
  [0.0001, '0.0001'],
  [0.00001, '1.0000000000000001e-05'],
  [123456.789, '123456.789'],
  [Infinity, 'inf'],
  [-Infinity, '-inf'],
];

describe('formatDouble', () => {
  for (const [value, text] of CASES) {
    it(`prints ${value} as ${text}`, () => {
      expect(formatDouble(value)).toBe(text);
    });
  }
});
