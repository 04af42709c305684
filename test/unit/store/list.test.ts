/**
 * The ring-buffer List: every operation checked against a plain array model over seeded random
 * sequences, with the invariants (contents, length, capacity bounds, incremental bytes) after each.
 */
import { describe, expect, it } from 'vitest';
import { List } from '../../../src/store/list';
import { keyOverhead, LIST_OBJECT, LIST_SLOT, stringBytes } from '../../../src/memory/costs';
import { Keyspace } from '../../../src/store/keyspace';
import { Random } from '../../../src/util/random';

function expectInvariants(l: List, model: string[]): void {
  expect(l.length).toBe(model.length);
  expect(l.toArray()).toEqual(model);
  const cap = l.capacity;
  expect(cap & (cap - 1)).toBe(0);
  expect(cap).toBeGreaterThanOrEqual(Math.max(4, model.length));
  let bytes = LIST_OBJECT + cap * LIST_SLOT;
  for (const s of model) bytes += stringBytes(s.length);
  expect(l.bytes).toBe(bytes);
}

describe('List', () => {
  it('pushes and pops at both ends in order', () => {
    const l = new List();
    l.pushTail('b');
    l.pushHead('a');
    l.pushTail('c');
    expect(l.toArray()).toEqual(['a', 'b', 'c']);
    expect(l.popTail()).toBe('c');
    expect(l.popHead()).toBe('a');
    expect(l.popHead()).toBe('b');
    expect(l.popHead()).toBeUndefined();
    expect(l.popTail()).toBeUndefined();
    expectInvariants(l, []);
  });

  it('grows and shrinks its ring buffer across the wrap point', () => {
    const l = new List();
    const model: string[] = [];
    for (let i = 0; i < 1000; i++) {
      l.pushHead(String(i));
      model.unshift(String(i));
    }
    expectInvariants(l, model);
    expect(l.capacity).toBe(1024);
    for (let i = 0; i < 990; i++) expect(l.popTail()).toBe(model.pop());
    expectInvariants(l, model);
    expect(l.capacity).toBeLessThanOrEqual(4 * Math.max(4, model.length));
  });

  it('reads a window without consuming', () => {
    const l = List.from(['a', 'b', 'c', 'd', 'e']);
    expect([...l.range(1, 3)]).toEqual(['b', 'c', 'd']);
    expect(l.length).toBe(5);
  });

  it('clones deeply', () => {
    const l = List.from(['x', 'y']);
    const copy = l.clone();
    copy.pushTail('z');
    expect(l.toArray()).toEqual(['x', 'y']);
    expect(copy.toArray()).toEqual(['x', 'y', 'z']);
    expect(l.encoding()).toBe('quicklist');
    expect(l.type).toBe('list');
  });

  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`keeps its invariants over random operations (seed ${seed})`, () => {
      const rnd = new Random(seed);
      const l = new List();
      const model: string[] = [];
      const value = (): string => 'v'.repeat(rnd.below(20)) + String(rnd.below(8));
      for (let step = 0; step < 3000; step++) {
        const op = rnd.below(10);
        const n = model.length;
        if (op === 0) {
          const v = value();
          l.pushHead(v);
          model.unshift(v);
        } else if (op === 1) {
          const v = value();
          l.pushTail(v);
          model.push(v);
        } else if (op === 2) {
          expect(l.popHead()).toBe(model.shift());
        } else if (op === 3) {
          expect(l.popTail()).toBe(model.pop());
        } else if (op === 4 && n > 0) {
          const i = rnd.below(n);
          const v = value();
          l.set(i, v);
          model[i] = v;
        } else if (op === 5) {
          const i = rnd.below(n + 1);
          const v = value();
          l.insert(i, v);
          model.splice(i, 0, v);
        } else if (op === 6 && rnd.below(4) === 0) {
          const v = String(rnd.below(8));
          const target = 'v'.repeat(rnd.below(3)) + v;
          const count = rnd.below(3);
          const fromTail = rnd.below(2) === 1;
          let removed = 0;
          const idx = model.map((_, k) => (fromTail ? n - 1 - k : k));
          const drop = new Set<number>();
          for (const k of idx) {
            if ((count === 0 || removed < count) && model[k] === target) {
              drop.add(k);
              removed++;
            }
          }
          expect(l.removeMatching(target, count, fromTail)).toBe(removed);
          const kept = model.filter((_, k) => !drop.has(k));
          model.length = 0;
          model.push(...kept);
        } else if (op === 7 && rnd.below(8) === 0 && n > 0) {
          const start = rnd.below(n);
          const end = start + rnd.below(n - start);
          l.trim(start, end);
          const kept = model.slice(start, end + 1);
          model.length = 0;
          model.push(...kept);
        } else if (op === 8 && n > 0) {
          const i = rnd.below(n);
          expect(l.get(i)).toBe(model[i]);
          expect(l.indexOf(model[i])).toBe(model.indexOf(model[i]));
        }
        if (step % 50 === 0) expectInvariants(l, model);
      }
      expectInvariants(l, model);
      l.trim(1, 0);
      expectInvariants(l, []);
    });
  }

  it('charges the keyspace its cost through the mutation path, back to zero when deleted', () => {
    const ks = new Keyspace(1);
    const db = ks.dbs[0];
    const l = List.from(['a', 'bb']);
    const e = db.add('key', l);
    expect(db.bytes).toBe(keyOverhead(3) + l.bytes);
    for (let i = 0; i < 100; i++) l.pushTail('element ' + i);
    db.written(e);
    expect(db.bytes).toBe(keyOverhead(3) + l.bytes);
    expect(ks.memory.dataset).toBe(db.bytes);
    while (l.length > 0) l.popHead();
    db.written(e);
    expect(db.peek('key')).toBeUndefined();
    expect(db.bytes).toBe(0);
    expect(ks.memory.dataset).toBe(0);
  });
});
