/**
 * The Listpack: its entries checked against an array model over seeded random splices, with entries
 * on both sides of each length-prefix boundary (127/128 and 16383/16384 bytes) and binary bytes.
 */
import { describe, expect, it } from 'vitest';
import { Listpack } from '../../../src/store/listpack';
import { Random } from '../../../src/util/random';

const LENGTHS = [0, 1, 5, 63, 127, 128, 200, 16383, 16384];

function entryOf(random: Random, tag: number): string {
  const len = LENGTHS[random.below(LENGTHS.length)];
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode((tag * 31 + i * 7) & 0xff);
  return s;
}

/** Prefix bytes of a length-prefixed entry: one per 7 bits of its length. */
function prefixBytes(len: number): number {
  return len < 0x80 ? 1 : len < 0x4000 ? 2 : 3;
}

function expectModel(lp: Listpack, model: string[]): void {
  expect(lp.count).toBe(model.length);
  expect([...lp.entries()]).toEqual(model);
  expect(lp.byteLength).toBe(model.reduce((n, e) => n + prefixBytes(e.length) + e.length, 0));
  for (let i = 0; i < model.length; i++) expect(lp.get(lp.seek(i))).toBe(model[i]);
  expect(lp.first()).toBe(model.length === 0 ? -1 : 0);
  if (model.length > 0) expect(lp.next(lp.seek(model.length - 1))).toBe(-1);
}

describe('Listpack', () => {
  it('appends, replaces and deletes, keeping order', () => {
    const lp = new Listpack();
    lp.append(['a', '1', 'bb', '22']);
    lp.replace(lp.seek(1), 'one');
    lp.delete(lp.seek(2), 1);
    expectModel(lp, ['a', 'one', '22']);
    lp.splice(lp.seek(1), 0, ['x']);
    expectModel(lp, ['a', 'x', 'one', '22']);
    lp.delete(0, 4);
    expectModel(lp, []);
  });

  it('finds an entry among every step-th one only', () => {
    const lp = new Listpack();
    lp.append(['f1', 'f2', 'f2', 'v2']);
    expect(lp.find('f2', 2)).toBe(lp.seek(2));
    expect(lp.find('v2', 2)).toBe(-1);
    expect(lp.find('v2', 1)).toBe(lp.seek(3));
    expect(lp.find('f', 1)).toBe(-1);
    expect(lp.equals(0, 'f1')).toBe(true);
    expect(lp.equals(0, 'f12')).toBe(false);
  });

  it('matches an array model over seeded random splices', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const lp = new Listpack();
      const model: string[] = [];
      for (let step = 0; step < 60; step++) {
        const at = random.below(model.length + 1);
        const removed = random.below(Math.min(3, model.length - at) + 1);
        const inserted = Array.from({ length: random.below(3) }, (_, i) => entryOf(random, step * 3 + i));
        lp.splice(at === model.length ? lp.byteLength : lp.seek(at), removed, inserted);
        model.splice(at, removed, ...inserted);
        expectModel(lp, model);
      }
      expect(lp.detach()).toEqual(model);
    }
  });

  it('reads ranges, cuts and concatenates at entry boundaries (a list node splitting and merging)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const random = new Random(seed);
      const model = Array.from({ length: 1 + random.below(30) }, (_, i) => entryOf(random, i));
      const lp = new Listpack();
      lp.append(model);
      expect(lp.offsets()).toEqual(model.map((_, i) => lp.seek(i)));
      const from = random.below(model.length);
      const n = random.below(model.length - from) + 1;
      expect(lp.detachRange(lp.seek(from), n)).toEqual(model.slice(from, from + n));
      const seen: string[] = [];
      const after = lp.visit(lp.seek(from), n, (e, out) => out.push(e), seen);
      expect(seen).toEqual(model.slice(from, from + n));
      expect(after).toBe(from + n === model.length ? lp.byteLength : lp.seek(from + n));
      const cutAt = from === 0 ? 0 : lp.seek(from);
      const left = lp.cut(0, cutAt, from);
      const right = lp.cut(cutAt, lp.byteLength, model.length - from);
      expectModel(left, model.slice(0, from));
      expectModel(right, model.slice(from));
      left.concat(right);
      expectModel(left, model);
      expect(lp.entryEnd(lp.seek(model.length - 1))).toBe(lp.byteLength);
    }
  });

  it('clones into an independent copy', () => {
    const lp = new Listpack();
    lp.append(['a', 'b']);
    const copy = lp.clone();
    copy.replace(0, 'z');
    expectModel(lp, ['a', 'b']);
    expectModel(copy, ['z', 'b']);
  });
});
