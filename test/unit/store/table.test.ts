/**
 * The key table and its arena: a seeded random sequence of inserts, value replacements (inline and
 * held, across size classes), TTL changes and removals, checked after every step against a plain
 * Map model; keys of every prefix length (1- and 2-byte varints) and records too big for a slab;
 * handles of removed keys not reused before releasePending(); the index growing and shrinking;
 * SCAN's guarantee while keys come and go; and sampling that only ever returns live handles.
 */
import { describe, expect, it } from 'vitest';
import { Arena, MAX_SLAB_RECORD, recordCost, SIZE_CLASSES, sizeClass } from '../../../src/store/arena';
import { hashKey, KeyTable, LIVE } from '../../../src/store/table';
import { INLINE_MAX, recordSizeFor } from '../../../src/store/record';
import { HELD_VALUE, stringBytes } from '../../../src/memory/costs';
import type { Collection, StoredValue } from '../../../src/store/value';
import { Random } from '../../../src/util/random';

class FakeCollection implements Collection {
  readonly type = 'set' as const;
  constructor(readonly length: number) {}
  get bytes(): number {
    return this.length * 10;
  }
  encoding(): string {
    return 'hashtable';
  }
  clone(): Collection {
    return new FakeCollection(this.length);
  }
}

function randomString(r: Random, maxLen: number): string {
  const len = Math.floor(r.next() * (maxLen + 1));
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(r.next() * 256));
  return s;
}

function randomValue(r: Random): StoredValue {
  const pick = r.next();
  if (pick < 0.1) return new FakeCollection(1 + Math.floor(r.next() * 100));
  if (pick < 0.2) return randomString(r, 3000);
  return randomString(r, INLINE_MAX + 10);
}

function expectSameAsModel(t: KeyTable, model: Map<string, { value: StoredValue; ttl: number }>): void {
  expect(t.count).toBe(model.size);
  for (const [key, { value, ttl }] of model) {
    const h = t.find(key, hashKey(key));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(t.key(h)).toBe(key);
    expect(t.value(h)).toBe(value);
    expect(t.expireAt(h)).toBe(ttl);
  }
  expect(t.volatile.size).toBe([...model.values()].filter((v) => v.ttl !== 0).length);
}

describe('Arena', () => {
  it('charges size classes and keeps records apart', () => {
    const a = new Arena();
    expect(recordCost(1)).toBe(8);
    expect(recordCost(200)).toBe(200);
    expect(recordCost(257)).toBe(272);
    expect(recordCost(MAX_SLAB_RECORD)).toBe(MAX_SLAB_RECORD);
    expect(recordCost(MAX_SLAB_RECORD + 1)).toBeGreaterThan(MAX_SLAB_RECORD + 1);
    for (let i = 1; i < SIZE_CLASSES.length; i++) expect(SIZE_CLASSES[i]).toBeGreaterThan(SIZE_CLASSES[i - 1]);
    const sizes = [1, 8, 9, 100, 300, 2048, 5000, 100_000];
    const locs = sizes.map((size) => a.alloc(size));
    locs.forEach((loc, i) => a.buffer(loc).fill(i, Arena.offset(loc), Arena.offset(loc) + sizes[i]));
    locs.forEach((loc, i) => {
      const buf = a.buffer(loc);
      for (let b = 0; b < sizes[i]; b++) expect(buf[Arena.offset(loc) + b]).toBe(i);
    });
    a.free(locs[3], sizeClass(sizes[3]));
    expect(a.cost(locs[6], sizeClass(sizes[6]))).toBe(recordCost(sizes[6]));
    expect(a.alloc(100)).toBe(locs[3]);
  });
});

describe('KeyTable', () => {
  it('matches a Map model over seeded random mutations', () => {
    const r = new Random(42);
    const t = new KeyTable();
    const model = new Map<string, { value: StoredValue; ttl: number }>();
    const keys: string[] = [];
    for (let i = 0; i < 400; i++) {
      keys.push(randomString(r, i % 50 === 0 ? 3000 : i % 7 === 0 ? 200 : 12));
    }
    for (let step = 0; step < 6000; step++) {
      const key = keys[Math.floor(r.next() * keys.length)];
      const h = t.find(key, hashKey(key));
      const entry = model.get(key);
      expect(h >= 0).toBe(entry !== undefined);
      const op = r.next();
      if (entry === undefined) {
        const value = randomValue(r);
        t.insert(key, hashKey(key), value, step);
        model.set(key, { value, ttl: 0 });
      } else if (op < 0.4) {
        const value = randomValue(r);
        t.setValue(h, value);
        entry.value = value;
      } else if (op < 0.55) {
        const ttl = 1 + Math.floor(r.next() * 1e12);
        t.setExpire(h, ttl);
        entry.ttl = ttl;
      } else if (op < 0.6) {
        t.dropExpire(h);
        entry.ttl = 0;
      } else {
        t.remove(h);
        model.delete(key);
        if (r.next() < 0.3) t.releasePending();
      }
      if (step % 500 === 0) expectSameAsModel(t, model);
    }
    t.releasePending();
    expectSameAsModel(t, model);
  });

  it('does not reuse a removed key handle, nor its record, before releasePending()', () => {
    const t = new KeyTable();
    const a = t.insert('a', hashKey('a'), 'first', 0);
    t.remove(a);
    const b = t.insert('b', hashKey('b'), 'second', 0);
    expect(b).not.toBe(a);
    expect(t.value(a)).toBe('first');
    expect(t.key(a)).toBe('a');
    t.releasePending();
    expect(t.insert('c', hashKey('c'), 'third', 0)).toBe(a);
    expect(t.value(b)).toBe('second');
  });

  it('grows and shrinks its index and still finds every key', () => {
    const t = new KeyTable();
    for (let i = 0; i < 20000; i++) t.insert(`k${i}`, hashKey(`k${i}`), `v${i}`, 0);
    for (let i = 0; i < 20000; i += 1) if (i % 10 !== 0) t.remove(t.find(`k${i}`, hashKey(`k${i}`)));
    t.releasePending();
    expect(t.count).toBe(2000);
    for (let i = 0; i < 20000; i++) expect(t.find(`k${i}`, hashKey(`k${i}`)) >= 0).toBe(i % 10 === 0);
    for (let i = 0; i < 2000; i++) t.insert(`n${i}`, hashKey(`n${i}`), 'x', 0);
    expect(t.count).toBe(4000);
    expect(t.value(t.find('k19990', hashKey('k19990')))).toBe('v19990');
  });

  it('SCAN returns every key present for the whole scan while others come and go', () => {
    const r = new Random(3);
    const t = new KeyTable();
    for (let i = 0; i < 3000; i++) t.insert(`stay${i}`, hashKey(`stay${i}`), 'v', 0);
    const seen = new Set<string>();
    let churn = 0;
    let cursor = 0;
    do {
      cursor = t.scan(cursor, 10, (h) => seen.add(t.key(h)));
      for (let j = 0; j < 5; j++) {
        const k = `tmp${churn++}`;
        t.insert(k, hashKey(k), 'x', 0);
        if (r.next() < 0.8) t.remove(t.find(k, hashKey(k)));
      }
      t.releasePending();
    } while (cursor !== 0);
    for (let i = 0; i < 3000; i++) expect(seen.has(`stay${i}`)).toBe(true);
  });

  it('samples only live handles', () => {
    const r = new Random(5);
    const t = new KeyTable();
    expect(t.randomHandle(0.5)).toBe(-1);
    for (let i = 0; i < 1000; i++) t.insert(`k${i}`, hashKey(`k${i}`), 'v', 0);
    for (let i = 0; i < 1000; i += 3) t.remove(t.find(`k${i}`, hashKey(`k${i}`)));
    for (let i = 0; i < 5000; i++) {
      const h = t.randomHandle(r.next());
      expect(t.flags[h] & LIVE).toBe(LIVE);
    }
  });

  it('sizes records by the layout in record.ts', () => {
    const t = new KeyTable();
    const long = 'k'.repeat(300);
    const h = t.insert(long, hashKey(long), 'v'.repeat(INLINE_MAX), 0);
    expect(t.cost(h)).toBe(recordCost(recordSizeFor(300, INLINE_MAX)));
    t.setValue(h, 'w'.repeat(INLINE_MAX + 1));
    expect(t.recharge(h)).toBe(recordCost(recordSizeFor(300, -1)) + HELD_VALUE + stringBytes(INLINE_MAX + 1));
    expect(t.key(h)).toBe(long);
    expect(t.find(long, hashKey(long))).toBe(h);
  });

  it('replaces an inline value in place only within its size class', () => {
    const t = new KeyTable();
    const h = t.insert('k', hashKey('k'), 'abc', 0);
    const cls = t.classes[h];
    t.setMark(h, 3);
    expect(t.replaceInline(h, 'xyz')).toBe(true);
    expect(t.value(h)).toBe('xyz');
    expect(t.mark(h)).toBe(0);
    expect(t.classes[h]).toBe(cls);
    expect(t.replaceInline(h, 'a much longer value that needs another class')).toBe(false);
    expect(t.value(h)).toBe('xyz');
    expect(t.replaceInline(h, 'v'.repeat(INLINE_MAX + 1))).toBe(false);
    t.setValue(h, new FakeCollection(3));
    expect(t.replaceInline(h, 'abc')).toBe(false);
    expect(t.key(h)).toBe('k');
  });
});
