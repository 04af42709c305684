/**
 * The Hash structure: every operation checked against a Map model over seeded random sequences,
 * with the invariants after each step (contents in insertion order, length, dense positions,
 * incremental bytes, one-way encoding), and the HSCAN guarantee under concurrent changes.
 */
import { describe, expect, it } from 'vitest';
import { Hash, HashLimits } from '../../../src/store/hash';
import { HASH_BASE, HASH_FIELD, HASH_LISTPACK_BASE, stringBytes } from '../../../src/memory/costs';
import { Random } from '../../../src/util/random';

const SMALL: HashLimits = { maxListpackEntries: 16, maxListpackValue: 8 };

/** Entries as one comparable string, in the order given. */
const text = (entries: Iterable<[string, string]>): string => [...entries].map(([f, v]) => `${f}=${v}`).join(',');

function expectInvariants(h: Hash, model: Map<string, string>): void {
  expect(h.length).toBe(model.size);
  expect(text(h.entries())).toBe(text(model.entries()));
  let bytes = HASH_BASE;
  for (const [f, v] of model) bytes += HASH_FIELD + stringBytes(f.length) + stringBytes(v.length);
  if (h.isListpack) {
    // One packed string: each entry behind a base-128 length prefix (one byte below 128).
    const entryBytes = (s: string): number => s.length + (s.length < 0x80 ? 1 : s.length < 0x4000 ? 2 : 3);
    let packed = 0;
    for (const [f, v] of model) packed += entryBytes(f) + entryBytes(v);
    bytes = HASH_LISTPACK_BASE + stringBytes(packed);
  }
  expect(h.bytes).toBe(bytes);
  const dense = Array.from({ length: h.length }, (_, i) => h.at(i)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted = [...model.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  expect(text(dense)).toBe(text(sorted));
}

describe('Hash', () => {
  it('sets, updates in place and deletes, keeping insertion order', () => {
    const h = new Hash();
    expect(h.set('a', '1')).toBe(true);
    expect(h.set('b', '2')).toBe(true);
    expect(h.set('c', '3')).toBe(true);
    expect(h.set('a', '9')).toBe(false);
    expect(h.delete('b')).toBe(true);
    expect(h.delete('b')).toBe(false);
    expect([...h.entries()]).toEqual([
      ['a', '9'],
      ['c', '3'],
    ]);
    expect(h.get('a')).toBe('9');
    expect(h.get('b')).toBeUndefined();
    expect(h.has('c')).toBe(true);
    expectInvariants(
      h,
      new Map([
        ['a', '9'],
        ['c', '3'],
      ]),
    );
  });

  it('converts to hashtable once, on a long value or too many fields', () => {
    const h = new Hash();
    h.set('f', '12345678');
    h.fitEncoding(SMALL, 8);
    expect(h.encoding()).toBe('listpack');
    h.set('f', '123456789');
    h.fitEncoding(SMALL, 9);
    expect(h.encoding()).toBe('hashtable');
    h.set('f', '1');
    h.fitEncoding(SMALL, 1);
    expect(h.encoding()).toBe('hashtable');

    const g = new Hash();
    for (let i = 0; i < 16; i++) {
      g.set(`f${i}`, 'v');
      g.fitEncoding(SMALL, 3);
    }
    expect(g.encoding()).toBe('listpack');
    g.set('one', 'more');
    g.fitEncoding(SMALL, 4);
    expect(g.encoding()).toBe('hashtable');
    for (let i = 0; i < 16; i++) g.delete(`f${i}`);
    expect(g.encoding()).toBe('hashtable');
  });

  it('keeps its invariants over seeded random operations', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const h = new Hash();
      const model = new Map<string, string>();
      let wasHashtable = false;
      for (let step = 0; step < 400; step++) {
        const field = `f${random.below(40)}`;
        const value = 'v'.repeat(random.below(12));
        if (random.next() < 0.6) {
          expect(h.set(field, value), `seed ${seed}`).toBe(!model.has(field));
          model.set(field, value);
          h.fitEncoding(SMALL, Math.max(field.length, value.length));
        } else {
          expect(h.delete(field), `seed ${seed}`).toBe(model.delete(field));
        }
        if (wasHashtable) expect(h.encoding(), `seed ${seed}`).toBe('hashtable');
        wasHashtable = h.encoding() === 'hashtable';
        expectInvariants(h, model);
      }
    }
  });

  it('returns a listpack whole, with cursor 0, in one scan call', () => {
    const h = new Hash();
    for (let i = 0; i < 5; i++) h.set(`f${i}`, `v${i}`);
    const seen: string[] = [];
    expect(h.scan(123, 1, (f, v) => seen.push(f, v as string))).toBe(0);
    expect(seen).toEqual(['f0', 'v0', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3', 'f4', 'v4']);
  });

  it('HSCAN returns every field present for the whole scan, despite concurrent changes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const h = new Hash();
      for (let i = 0; i < 200; i++) h.set(`f${i}`, 'v');
      h.fitEncoding({ maxListpackEntries: 0, maxListpackValue: 0 }, 1);
      const removed = new Set<string>();
      const initial = [...h.entries()].map(([f]) => f);
      const seen = new Set<string>();
      let cursor = 0;
      let calls = 0;
      do {
        cursor = h.scan(cursor, 1 + random.below(10), (f, v) => {
          expect(h.get(f)).toBe(v);
          seen.add(f);
        });
        for (let k = 0; k < 3; k++) {
          const f = `f${random.below(300)}`;
          if (random.next() < 0.5) {
            if (h.delete(f)) removed.add(f);
          } else {
            h.set(f, 'w');
          }
        }
        calls++;
      } while (cursor !== 0 && calls < 10000);
      for (const f of initial) if (!removed.has(f) && h.has(f)) expect(seen.has(f), `seed ${seed}: ${f}`).toBe(true);
      expect(calls).toBeLessThan(200);
    }
  });

  it('numbers the positions of a listpack in listpack order, which the conversion to hashtable keeps', () => {
    const h = new Hash();
    for (const f of ['a', 'b', 'c', 'd']) h.set(f, f.toUpperCase());
    h.delete('b');
    h.set('e', 'E');
    h.set('a', 'A2');
    expect([0, 1, 2, 3].map((i) => h.at(i))).toEqual([
      ['a', 'A2'],
      ['c', 'C'],
      ['d', 'D'],
      ['e', 'E'],
    ]);
    h.set('f', 'F'.repeat(9));
    h.fitEncoding(SMALL, 9);
    expect(h.encoding()).toBe('hashtable');
    expect([...h.entries()].map(([f]) => f)).toEqual(['a', 'c', 'd', 'e', 'f']);
  });

  it('clones a listpack sharing its packed string, then diverges', () => {
    const h = new Hash();
    h.set('a', '1');
    const copy = h.clone();
    expect(copy.bytes).toBe(h.bytes);
    copy.set('a', '2');
    expect(h.get('a')).toBe('1');
    expect(copy.get('a')).toBe('2');
    expect(copy.encoding()).toBe('listpack');
  });

  it('clones deeply, with the same encoding and cost', () => {
    const h = new Hash();
    h.set('a', '1');
    h.set('b', 'x'.repeat(100));
    h.fitEncoding(SMALL, 100);
    const copy = h.clone();
    copy.set('c', '3');
    expect(h.has('c')).toBe(false);
    expect(copy.encoding()).toBe('hashtable');
    expect(h.clone().bytes).toBe(h.bytes);
  });
});
