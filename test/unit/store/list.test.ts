/**
 * The quicklist List: every operation checked against a plain array model over seeded random
 * sequences, at several list-max-listpack-size values, with the invariants after each step: contents,
 * node bounds (bytes or entries), open buffers below their bound, no mergeable neighbours left by
 * LREM, and the incremental bytes equal to what the layout costs.
 */
import { describe, expect, it } from 'vitest';
import { List } from '../../../src/store/list';
import { entrySize } from '../../../src/store/listpack';
import { FIELD, keyOverhead, LIST_BASE, LIST_NODE, LIST_OPEN_END, LIST_OPEN_GROWN, LIST_TAIL_MARKS, stringBytes } from '../../../src/memory/costs';
import { Keyspace } from '../../../src/store/keyspace';
import { Random } from '../../../src/util/random';

/** A node's bounds for a fill, as Redis 7.0's quicklist reads list-max-listpack-size. */
function bounds(fill: number): { bytes: number; count: number } {
  if (fill < 0) return { bytes: [4096, 8192, 16384, 32768, 65536][Math.min(5, -fill) - 1], count: Infinity };
  return { bytes: 8192, count: Math.min(fill, 32767) };
}

function expectInvariants(l: List, model: string[], fill = -2): void {
  expect(l.length).toBe(model.length);
  expect(l.toArray()).toEqual(model);
  const { head, nodes, tail, marks, grown } = l.layout();
  expect(head).toBeLessThan(32);
  expect(tail).toBeLessThan(32);
  expect(head + nodes.reduce((n, x) => n + x.count, 0) + tail).toBe(model.length);
  const limit = bounds(fill);
  let bytes = LIST_BASE;
  let at = head;
  for (const node of nodes) {
    expect(node.count).toBeGreaterThan(0);
    if (node.count > 1) {
      expect(node.bytes).toBeLessThanOrEqual(limit.bytes);
      expect(node.count).toBeLessThanOrEqual(limit.count);
    }
    const packed = model.slice(at, at + node.count).reduce((n, e) => n + entrySize(e.length), 0);
    expect(node.bytes).toBe(packed);
    at += node.count;
    bytes += LIST_NODE + stringBytes(node.bytes);
  }
  const ends = [model.slice(0, head), model.slice(model.length - tail)];
  for (const [k, open] of ends.entries()) {
    const grew = (grown & (1 << k)) !== 0;
    // A buffer's backing store grows once its 17 first slots are full, and stays until it empties.
    if (open.length > 17) expect(grew).toBe(true);
    if (open.length === 0) expect(grew).toBe(false);
    if (open.length > 0) bytes += LIST_OPEN_END + (grew ? LIST_OPEN_GROWN : 0) + open.reduce((n, e) => n + stringBytes(e.length), 0);
  }
  if (marks >= 0) bytes += LIST_TAIL_MARKS + FIELD * marks;
  expect(l.bytes).toBe(bytes);
}

/** An element of 0 to `max` bytes, binary, from a small alphabet so that LREM and LPOS find matches. */
function element(rnd: Random, max: number): string {
  const len = rnd.below(4) === 0 ? rnd.below(max + 1) : rnd.below(3);
  return String.fromCharCode(0xf0 + rnd.below(3)).repeat(len) + String(rnd.below(6));
}

/** A list of n elements pushed one at a time, alternately at the head and the tail, with its model. */
function pushedAtBothEnds(n: number, value: (i: number) => string): { l: List; model: string[] } {
  const l = new List();
  const model: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      l.pushHead(value(i));
      model.unshift(value(i));
    } else {
      l.pushTail(value(i));
      model.push(value(i));
    }
  }
  return { l, model };
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

  it('packs a list under 1 KB entirely: element bytes plus a one-byte prefix each', () => {
    const values = Array.from({ length: 80 }, (_, i) => 'element:' + i);
    const l = new List();
    for (const v of values) l.pushTail(v);
    const { head, nodes, tail } = l.layout();
    expect([head, tail]).toEqual([0, 0]);
    expect(nodes).toEqual([{ count: 80, bytes: values.reduce((n, v) => n + v.length + 1, 0) }]);
    expectInvariants(l, values);
  });

  it('splits a long list into 8 KB nodes and keeps pushes beyond the first KB of an end node open', () => {
    const l = new List();
    const model: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = 'value-' + String(i).padStart(5, '0');
      l.pushTail(v);
      model.push(v);
    }
    const { nodes, tail } = l.layout();
    expect(nodes.length).toBe(Math.ceil((5000 * 12) / 8192));
    for (const node of nodes.slice(0, -1)) expect(node.bytes).toBeGreaterThan(8192 - 12);
    expect(tail).toBeGreaterThan(0);
    expectInvariants(l, model);
    for (let i = 0; i < 4990; i++) expect(l.popHead()).toBe(model.shift());
    expectInvariants(l, model);
  });

  it('pops a big node from its tail through marks that follow changes to the node', () => {
    const model = Array.from({ length: 3000 }, (_, i) => 'v' + i);
    const l = List.from(model);
    for (let i = 0; i < 100; i++) expect(l.popTail()).toBe(model.pop());
    expect(l.layout().marks).toBeGreaterThan(0);
    expectInvariants(l, model);
    for (const value of ['same', 'a longer value', 'v']) {
      const last = model.length - 20;
      l.set(last, value);
      model[last] = value;
      for (let i = 0; i < 40; i++) expect(l.popTail()).toBe(model.pop());
      expectInvariants(l, model);
    }
    l.pushTail('pushed');
    model.push('pushed');
    while (model.length > 0) expect(l.popTail()).toBe(model.pop());
    expect(l.layout()).toEqual({ head: 0, nodes: [], tail: 0, marks: -1, grown: 0 });
    expectInvariants(l, model);
  });

  it('gives an element bigger than a node a node of its own', () => {
    const big = 'x'.repeat(10000);
    const l = List.from(['a', 'b', big, 'c']);
    expect(l.layout().nodes.map((n) => n.count)).toEqual([2, 1, 1]);
    l.pushTail('d');
    l.insert(2, 'before-big');
    expect(l.layout().nodes.map((n) => n.count)).toEqual([3, 1, 2]);
    expectInvariants(l, ['a', 'b', 'before-big', big, 'c', 'd']);
    l.set(3, 'small again');
    expect(l.layout().nodes.map((n) => n.count)).toEqual([6]);
    expectInvariants(l, ['a', 'b', 'before-big', 'small again', 'c', 'd']);
  });

  it('splits a node that LINSERT or LSET grows past its bound, and merges neighbours after LREM', () => {
    const values = Array.from({ length: 800 }, (_, i) => (i % 100 === 0 ? 'drop' : 'v'.repeat(9) + (i % 10)));
    const l = List.from(values);
    expect(l.layout().nodes.map((n) => n.count)).toEqual([749, 51]);
    l.insert(10, 'y'.repeat(100));
    const model = [...values];
    model.splice(10, 0, 'y'.repeat(100));
    // The split leaves a small piece after the full node, merged into the next node since they fit.
    expect(l.layout().nodes.map((n) => n.count)).toEqual([740, 61]);
    expectInvariants(l, model);
    l.set(400, 'z'.repeat(3000));
    model[400] = 'z'.repeat(3000);
    expectInvariants(l, model);
    expect(l.removeMatching('z'.repeat(3000), 0, false)).toBe(1);
    expect(l.removeMatching('y'.repeat(100), 0, false)).toBe(1);
    expect(l.removeMatching('drop', 0, true)).toBe(8);
    const left = model.filter((v) => v.length === 10);
    expectInvariants(l, left);
    expect(l.layout().nodes.length).toBe(Math.ceil((791 * 11) / 8192));
  });

  it('bounds nodes by entries with a positive list-max-listpack-size', () => {
    const l = new List(0, 5);
    const values = Array.from({ length: 23 }, (_, i) => String(i));
    l.pushAll(values, 0, true);
    const model = [...values].reverse();
    expect(l.layout().nodes.map((n) => n.count)).toEqual([3, 5, 5, 5, 5]);
    expectInvariants(l, model, 5);
    for (let i = 0; i < 40; i++) {
      l.pushHead('h' + i);
      model.unshift('h' + i);
    }
    expectInvariants(l, model, 5);
    l.insert(7, 'x');
    model.splice(7, 0, 'x');
    // LINSERT packs the open buffers first (3 + 5 of them before the first full node), then splits
    // the full node it inserts into: 5 + 1, the 1 fitting with neither neighbour.
    expect(l.layout()).toMatchObject({ head: 0, tail: 0 });
    expect(l.layout().nodes.map((n) => n.count)).toEqual([3, 5, 1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expectInvariants(l, model, 5);
    const zero = List.from(['a', 'b', 'c'], 0);
    expect(zero.layout().nodes.map((n) => n.count)).toEqual([1, 1, 1]);
  });

  it('reads windows, positions and indexes across nodes and open buffers', () => {
    const l = new List(0, 4);
    const model: string[] = [];
    for (let i = 0; i < 40; i++) {
      l.pushTail(String(i % 7));
      model.push(String(i % 7));
    }
    for (let i = 0; i < 40; i++) expect(l.get(i)).toBe(model[i]);
    const seen: string[] = [];
    l.visitRange(5, 29, (v, out) => out.push(v), seen);
    expect(seen).toEqual(model.slice(5, 30));
    expect(l.indexOf('3')).toBe(3);
    expect(l.positions('3', false, 1, 2, 40)).toEqual([10, 17]);
    expect(l.positions('3', true, 0, 3, 40)).toEqual([38, 31, 24]);
    expect(l.positions('3', true, 0, 3, 5)).toEqual([38]);
    expect(l.positions('9', false, 0, 1, 40)).toEqual([]);
  });

  it('finds positions from either end across open buffers and nodes', () => {
    const { l, model } = pushedAtBothEnds(3000, (i) => 'element-' + (i % 7));
    const { head, nodes, tail } = l.layout();
    expect(head).toBeGreaterThan(0);
    expect(tail).toBeGreaterThan(0);
    expect(nodes.length).toBeGreaterThan(2);
    const expected = (fromTail: boolean, skip: number, want: number, limit: number): number[] => {
      const out: number[] = [];
      let matches = 0;
      for (let k = 0; k < limit && out.length < want; k++) {
        const i = fromTail ? model.length - 1 - k : k;
        if (model[i] === 'element-3' && matches++ >= skip) out.push(i);
      }
      return out;
    };
    for (const [fromTail, skip, want, limit] of [
      [false, 0, 5000, 3000],
      [true, 0, 5000, 3000],
      [true, 7, 3, 3000],
      [false, 100, 10, 2000],
      [true, 2, 1000, 100],
    ] as const) {
      expect(l.positions('element-3', fromTail, skip, want, limit)).toEqual(expected(fromTail, skip, want, limit));
    }
    expectInvariants(l, model);
  });

  it('trims a capped list (LPUSH then LTRIM 0 n-1) without packing its open buffers', () => {
    const l = new List();
    const model: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = 'event:' + i + ':' + 'x'.repeat(i % 23);
      l.pushHead(v);
      model.unshift(v);
      l.trim(0, 999);
      model.splice(1000);
      if (i % 97 === 0) expectInvariants(l, model);
    }
    expect(l.layout().head).toBeGreaterThan(0);
    expectInvariants(l, model);
  });

  it('trims across both open buffers and the nodes between them', () => {
    for (const [start, end] of [
      [0, 0],
      [3, 5],
      [10, 2500],
      [2590, 2595],
      [0, 2598],
      [1, 2599],
      [40, 60],
    ]) {
      const { l, model } = pushedAtBothEnds(2600, (i) => 'value-' + i);
      for (let i = 0; i < 5; i++) {
        expect(l.popTail()).toBe(model.pop());
        expect(l.popHead()).toBe(model.shift());
      }
      const { head, tail } = l.layout();
      expect(head).toBeGreaterThan(0);
      expect(tail).toBeGreaterThan(0);
      l.trim(start, Math.min(end, model.length - 1));
      const kept = model.slice(start, end + 1);
      expectInvariants(l, kept);
      if (kept.length > 0) {
        l.pushTail('after');
        l.pushHead('before');
        expectInvariants(l, ['before', ...kept, 'after']);
      }
    }
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

  for (const [fill, max] of [
    [-2, 20],
    [-2, 3000],
    [-1, 900],
    [3, 40],
    [0, 10],
  ] as const) {
    for (const seed of [1, 2, 42]) {
      it(`matches an array model over random operations (fill ${fill}, elements up to ${max} bytes, seed ${seed})`, () => {
        const rnd = new Random(seed * 1000 + fill);
        const l = new List(0, fill);
        const model: string[] = [];
        for (let step = 0; step < 4000; step++) {
          const op = rnd.below(14);
          const n = model.length;
          if (op <= 2) {
            const v = element(rnd, max);
            l.pushHead(v);
            model.unshift(v);
          } else if (op <= 5) {
            const v = element(rnd, max);
            l.pushTail(v);
            model.push(v);
          } else if (op === 6) {
            const values = Array.from({ length: rnd.below(40) }, () => element(rnd, max));
            const atHead = rnd.below(2) === 0;
            l.pushAll(['rpush', 'key', ...values], 2, atHead);
            if (atHead) model.unshift(...[...values].reverse());
            else model.push(...values);
          } else if (op === 7) {
            expect(l.popHead()).toBe(model.shift());
          } else if (op === 8) {
            expect(l.popTail()).toBe(model.pop());
          } else if (op === 9 && n > 0) {
            const i = rnd.below(n);
            const v = element(rnd, max);
            l.set(i, v);
            model[i] = v;
          } else if (op === 10) {
            const i = rnd.below(n + 1);
            const v = element(rnd, max);
            l.insert(i, v);
            model.splice(i, 0, v);
          } else if (op === 11 && rnd.below(4) === 0) {
            const target = element(rnd, 2);
            const count = rnd.below(3);
            const fromTail = rnd.below(2) === 1;
            const order = model.map((_, k) => (fromTail ? n - 1 - k : k));
            const drop = new Set<number>();
            for (const k of order) if ((count === 0 || drop.size < count) && model[k] === target) drop.add(k);
            expect(l.removeMatching(target, count, fromTail)).toBe(drop.size);
            const kept = model.filter((_, k) => !drop.has(k));
            model.length = 0;
            model.push(...kept);
          } else if (op === 12 && rnd.below(10) === 0 && n > 0) {
            const start = rnd.below(n);
            const end = start + rnd.below(n - start);
            l.trim(start, end);
            model.splice(end + 1);
            model.splice(0, start);
          } else if (op === 13 && n > 0) {
            const i = rnd.below(n);
            expect(l.get(i)).toBe(model[i]);
            expect(l.indexOf(model[i])).toBe(model.indexOf(model[i]));
            const j = i + rnd.below(n - i);
            const seen: string[] = [];
            l.visitRange(i, j, (v, out) => out.push(v), seen);
            expect(seen).toEqual(model.slice(i, j + 1));
          }
          if (step % 100 === 0) expectInvariants(l, model, fill);
        }
        expectInvariants(l, model, fill);
        expectInvariants(l.clone(), model, fill);
        l.trim(1, 0);
        expectInvariants(l, [], fill);
      });
    }
  }

  it('charges the keyspace its cost through the mutation path, back to zero when deleted', () => {
    const ks = new Keyspace(1);
    const db = ks.dbs[0];
    const l = List.from(['a', 'bb']);
    const e = db.add('key', l);
    expect(db.bytes).toBe(keyOverhead(3) + l.bytes);
    for (let i = 0; i < 1000; i++) l.pushTail('element ' + i);
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
