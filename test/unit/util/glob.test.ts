/**
 * Glob matching as Redis's stringmatchlen: stars, '?', classes with negation, ranges (reversed ones
 * too, and a range that swallows the closing ']'), escapes inside and outside classes, unclosed
 * classes, and patterns that would be exponential for a naive backtracking matcher. Expected
 * answers are redis-server 7.0's KEYS results for the same pattern and key.
 */
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../src/util/glob';

const CASES: ReadonlyArray<[pattern: string, subject: string, matches: boolean]> = [
  ['*', '', true],
  ['*', 'anything', true],
  ['h?llo', 'hello', true],
  ['h?llo', 'hllo', false],
  ['h*llo', 'hllo', true],
  ['h*llo', 'heeeello', true],
  ['h[ae]llo', 'hallo', true],
  ['h[ae]llo', 'hillo', false],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[b-a]llo', 'hbllo', true],
  ['h\\*llo', 'h*llo', true],
  ['h\\*llo', 'hello', false],
  ['[]]', ']', false],
  ['[^]]', 'a]', true],
  ['[^]]', 'a', false],
  ['[a-]', ']', true],
  ['[a-]', '^', true],
  ['[a-]', '-', false],
  ['[a-]]', ']', true],
  ['[a-]b', 'b', true],
  ['[b-]*', '*', true],
  ['[\\]]', ']', true],
  ['[abc', 'b', true],
  ['[abc', 'bc', false],
  ['a[', 'a', false],
  ['\\', '\\', true],
  ['a\\', 'a\\', true],
  ['[\\-]', '-', true],
  ['[---]', '-', true],
  ['**', 'xyz', true],
  ['*a*', 'bab', true],
  ['?*', '', false],
  ['*?', 'x', true],
];

describe('globMatch, as stringmatchlen', () => {
  for (const [pattern, subject, matches] of CASES) {
    it(`${JSON.stringify(pattern)} ${matches ? 'matches' : 'does not match'} ${JSON.stringify(subject)}`, () => {
      expect(globMatch(pattern, subject)).toBe(matches);
    });
  }

  it('answers patterns that make naive backtracking exponential (within the test timeout)', () => {
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000) + 'b')).toBe(true);
  });

  it('folds case only when asked', () => {
    expect(globMatch('HeLLo*', 'hello world')).toBe(false);
    expect(globMatch('HeLLo*', 'hello world', true)).toBe(true);
  });
});
