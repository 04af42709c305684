/**
 * Random sampling for HRANDFIELD, SRANDMEMBER and SPOP: distinct draws are distinct, in range and
 * of the asked size on both strategies (shuffle and rejection), every position can be drawn, and
 * pickRandom follows Redis's cases (repetition for negative counts, the whole collection for counts
 * at least its size), drawing negative counts lazily.
 */
import { describe, expect, it } from 'vitest';
import { pickRandom, sampleDistinct } from '../../../src/commands/sampling';
import { Random } from '../../../src/util/random';

describe('sampleDistinct', () => {
  it('draws distinct positions in range, with both strategies', () => {
    const random = new Random(3);
    for (const [size, count] of [
      [10, 1],
      [10, 3],
      [10, 4],
      [10, 9],
      [1000, 5],
      [1000, 999],
    ]) {
      const picks = sampleDistinct(size, count, random);
      expect(picks).toHaveLength(count);
      expect(new Set(picks).size).toBe(count);
      for (const p of picks) expect(p >= 0 && p < size && Number.isInteger(p)).toBe(true);
    }
  });

  it('reaches every position', () => {
    const random = new Random(5);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) for (const p of sampleDistinct(20, 2, random)) seen.add(p);
    expect(seen.size).toBe(20);
  });
});

describe('pickRandom', () => {
  const items = ['a', 'b', 'c', 'd'];
  const at = (i: number) => items[i];
  const whole = () => [...items];

  it('repeats for negative counts and draws them lazily', () => {
    const picked = pickRandom(4, -1_000_000_000, new Random(1), at, whole);
    expect(picked.length).toBe(1_000_000_000);
    const first = [];
    for (const x of picked.items) {
      first.push(x);
      if (first.length === 50) break;
    }
    expect(first.every((x) => items.includes(x))).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('answers the whole collection for a count of at least its size, and distinct items below', () => {
    expect([...pickRandom(4, 4, new Random(1), at, whole).items]).toEqual(items);
    expect([...pickRandom(4, 10, new Random(1), at, whole).items]).toEqual(items);
    const some = [...pickRandom(4, 3, new Random(1), at, whole).items];
    expect(some).toHaveLength(3);
    expect(new Set(some).size).toBe(3);
    expect(pickRandom(4, 1, new Random(1), at, whole).length).toBe(1);
  });
});
