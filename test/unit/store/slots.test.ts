/**
 * SlotArray: O(1) add and swap-remove with every item knowing its position, uniform sampling, and
 * the SCAN guarantee (every item present for a whole iteration is visited) under seeded random
 * interleavings of adds and removes between cursor calls.
 */
import { describe, expect, it } from 'vitest';
import { SlotArray } from '../../../src/store/slots';
import { Random } from '../../../src/util/random';

interface Item {
  id: number;
  slot: number;
}

class Items extends SlotArray<Item> {
  protected getSlot(item: Item): number {
    return item.slot;
  }
  protected setSlot(item: Item, slot: number): void {
    item.slot = slot;
  }
}

function expectPositions(a: Items): void {
  for (let i = 0; i < a.size; i++) expect(a.at(i).slot).toBe(i);
}

/** Visits a whole iteration, calling `between` after every SCAN call; returns the ids seen. */
function fullScan(a: Items, count: (call: number) => number, between: () => void): Set<number> {
  const seen = new Set<number>();
  let cursor = 0;
  let calls = 0;
  do {
    cursor = a.scan(cursor, count(calls), (item) => seen.add(item.id));
    calls++;
    between();
    expect(calls).toBeLessThan(100000);
  } while (cursor !== 0);
  return seen;
}

describe('SlotArray', () => {
  it('keeps every item at the position it records through adds and swap-removes', () => {
    const a = new Items();
    const items = Array.from({ length: 10 }, (_, id) => ({ id, slot: -1 }));
    for (const it of items) a.add(it);
    expectPositions(a);
    a.remove(items[3]);
    expect(items[3].slot).toBe(-1);
    expect(a.at(3)).toBe(items[9]);
    a.remove(items[9]);
    a.remove(items[8]);
    expect(a.size).toBe(7);
    expectPositions(a);
    a.clear();
    expect(a.size).toBe(0);
    expect(a.random(0.5)).toBeUndefined();
  });

  it('samples by the pick in [0, 1)', () => {
    const a = new Items();
    for (let id = 0; id < 4; id++) a.add({ id, slot: -1 });
    expect(a.random(0)!.id).toBe(0);
    expect(a.random(0.26)!.id).toBe(1);
    expect(a.random(0.999)!.id).toBe(3);
  });

  it('scans downwards in steps of COUNT and ends with cursor 0', () => {
    const a = new Items();
    for (let id = 0; id < 5; id++) a.add({ id, slot: -1 });
    const order: number[] = [];
    let cursor = a.scan(0, 2, (x) => order.push(x.id));
    expect(cursor).toBe(3);
    cursor = a.scan(cursor, 2, (x) => order.push(x.id));
    expect(cursor).toBe(1);
    cursor = a.scan(cursor, 2, (x) => order.push(x.id));
    expect(cursor).toBe(0);
    expect(order).toEqual([4, 3, 2, 1, 0]);
    expect(new Items().scan(0, 10, () => {})).toBe(0);
  });

  it('treats a cursor beyond the end as a fresh start (the array shrank or the cursor is foreign)', () => {
    const a = new Items();
    for (let id = 0; id < 3; id++) a.add({ id, slot: -1 });
    const seen: number[] = [];
    expect(a.scan(1000, 10, (x) => seen.push(x.id))).toBe(0);
    expect(seen.sort()).toEqual([0, 1, 2]);
  });

  it('returns every item present for the whole scan while others are added and removed (SCAN guarantee)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = new Random(seed);
      const a = new Items();
      let nextId = 0;
      const live: Item[] = [];
      for (let i = 0; i < 200 + rnd.below(300); i++) {
        const item = { id: nextId++, slot: -1 };
        a.add(item);
        live.push(item);
      }
      const stable = new Set(live.filter(() => rnd.next() < 0.5).map((x) => x.id));
      const seen = fullScan(
        a,
        () => 1 + rnd.below(20),
        () => {
          for (let k = rnd.below(8); k > 0; k--) {
            if (rnd.next() < 0.5) {
              const item = { id: nextId++, slot: -1 };
              a.add(item);
              live.push(item);
            } else {
              const candidates = live.filter((x) => !stable.has(x.id));
              if (candidates.length === 0) continue;
              const victim = candidates[rnd.below(candidates.length)];
              a.remove(victim);
              live.splice(live.indexOf(victim), 1);
            }
          }
          expectPositions(a);
        },
      );
      for (const id of stable) expect(seen.has(id), `seed ${seed}: item ${id}`).toBe(true);
    }
  });
});
