/**
 * The sorted set structure: after seeded random operation sequences (small sets and 100k-member
 * ones) the entries are ordered by (score, member bytes), a skiplist's every span equals the level-0
 * steps it jumps, ranks and rank lookups agree with the order, the map agrees with the list, and
 * `bytes` equals the sum of the named costs (the packed string's, for a listpack).
 */
import { describe, expect, it } from 'vitest';
import { ZSet, ZADD_IN_GT, ZADD_IN_INCR, ZADD_IN_NX, ZADD_IN_XX, ZADD_OUT_ADDED, ZADD_OUT_NAN, ZADD_OUT_NOP, ZADD_OUT_UPDATED } from '../../../src/store/zset';
import { LexRange, ScoreRange, SkipList, ZEntry, ZNode } from '../../../src/store/skiplist';
import { ZSET_BASE, ZSET_INDEX_BASE, ZSET_INDEX_MEMBER, ZSET_LISTPACK_BASE, ZSET_NODE, ZSET_NODE_LEVEL, stringBytes } from '../../../src/memory/costs';
import { formatDouble } from '../../../src/resp/numbers';
import { Random } from '../../../src/util/random';

const LIMITS = { entries: 128, value: 64 };

function nodes(zs: ZSet): ZEntry[] {
  return [...zs.entries()];
}

/** Bytes of a length-prefixed listpack entry: one prefix byte below 128 bytes. */
const packedBytes = (s: string): number => s.length + (s.length < 0x80 ? 1 : 2);

/** A listpack: (score, member) order, lookups, and bytes from the packed string's length. */
function checkListpack(zs: ZSet): void {
  const list = nodes(zs);
  let packed = 0;
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    expect(zs.lookup(n.ele)).toEqual(n);
    const p = list[i - 1];
    if (p !== undefined) expect(p.score < n.score || (p.score === n.score && p.ele < n.ele)).toBe(true);
    packed += packedBytes(n.ele) + packedBytes(formatDouble(n.score));
  }
  expect(zs.length).toBe(list.length);
  expect(zs.bytes).toBe(ZSET_LISTPACK_BASE + stringBytes(packed));
}

/** Checks every invariant of the structure, O(n * level); plain comparisons, one expect at the end. */
function checkInvariants(zs: ZSet): void {
  if (zs.listpack) return checkListpack(zs);
  const problems: string[] = [];
  const fail = (what: string) => problems.length < 10 && problems.push(what);
  const zsl = zs.zsl as SkipList;
  const list: ZNode[] = [];
  for (let n = zsl.first(); n !== null; n = n.forward) list.push(n);
  if (list.length !== zsl.length) fail(`length ${zsl.length} but ${list.length} nodes`);
  if (zs.length !== list.length) fail(`length ${zs.length}, list ${list.length}`);
  if (zsl.tail !== (list.length ? list[list.length - 1] : null)) fail('tail');
  const position = new Map<ZNode, number>();
  list.forEach((n, i) => position.set(n, i + 1));
  position.set(zsl.header, 0);
  let bytes = ZSET_BASE + ZSET_INDEX_BASE;
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (zs.lookup(n.ele) !== n) fail(`lookup of ${n.ele}`);
    if (n.backward !== (i === 0 ? null : list[i - 1])) fail(`backward of ${n.ele}`);
    const p = list[i - 1];
    if (p !== undefined && !(p.score < n.score || (p.score === n.score && p.ele < n.ele))) fail(`order at ${i}`);
    bytes += stringBytes(n.ele.length) + ZSET_NODE + ZSET_NODE_LEVEL * n.level + ZSET_INDEX_MEMBER;
  }
  if (zs.bytes !== bytes) fail(`bytes ${zs.bytes}, expected ${bytes}`);
  // Spans: from the header and every node, at every level, span = positions jumped.
  for (const x of [zsl.header, ...list]) {
    const levels = x === zsl.header ? zsl.level : x.level;
    for (let l = 0; l < levels; l++) {
      const f = x.next(l);
      if (f !== null && x.span(l) !== position.get(f)! - position.get(x)!) fail(`span at level ${l} of ${x.ele}`);
    }
  }
  for (let l = zsl.level; l < zsl.header.level; l++) if (zsl.header.next(l) !== null) fail(`header level ${l} above the list level`);
  if (zsl.level > 1 && zsl.header.next(zsl.level - 1) === null) fail('list level too high');
  expect(problems).toEqual([]);
}

/** Spot checks of rank and byRank over sampled positions. */
function checkRanks(zs: ZSet, random: Random, samples: number): void {
  const list = nodes(zs);
  for (let k = 0; k < samples && list.length > 0; k++) {
    const i = random.below(list.length);
    if (zs.zsl !== null) expect(zs.zsl.rank(list[i].score, list[i].ele)).toBe(i + 1);
    expect(zs.rankOf(list[i].ele, false)).toBe(i);
    expect(zs.rankOf(list[i].ele, true)).toBe(list.length - 1 - i);
    expect(zs.atRank(i)).toEqual(list[i]);
  }
}

/** One random operation against both the structure and a plain Map model. */
function randomOp(zs: ZSet, model: Map<string, number>, random: Random, keySpace: number, rangeOps = true, limits = LIMITS): void {
  const ele = 'm' + random.below(keySpace);
  const score = random.below(4) === 0 ? random.below(10) : Math.round((random.next() - 0.5) * 1e6) / 8;
  const op = random.below(rangeOps ? 10 : 9);
  const result = { score: 0 };
  if (op < 5) {
    zs.add(score, ele, 0, limits, result);
    model.set(ele, score);
  } else if (op < 7) {
    const removed = zs.remove(ele);
    expect(removed).toBe(model.delete(ele));
  } else if (op < 9) {
    const out = zs.add(score, ele, ZADD_IN_INCR, limits, result);
    if (out & ZADD_OUT_NAN) return;
    model.set(ele, (model.get(ele) ?? 0) + score);
    expect(result.score).toBe(model.get(ele));
  } else {
    const min = random.below(10);
    const range = new ScoreRange(min, min + random.below(3), random.below(2) === 0, random.below(2) === 0);
    const expected = [...model.entries()].filter(([, s]) => range.gteMin({ ele: '', score: s }) && range.lteMax({ ele: '', score: s }));
    expect(zs.removeRange(range)).toBe(expected.length);
    for (const [m] of expected) model.delete(m);
  }
}

describe('ZSet and its skiplist', () => {
  it('keeps every invariant through seeded random operations on small sets, in both encodings', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const zs = new ZSet();
      const model = new Map<string, number>();
      // Odd seeds turn skiplist midway (past 30 members); even seeds stay listpack.
      const limits = seed % 2 === 1 ? { entries: 30, value: 64 } : LIMITS;
      for (let i = 0; i < 400; i++) {
        randomOp(zs, model, random, 60, true, limits);
        if (i % 40 === 0) checkInvariants(zs);
      }
      checkInvariants(zs);
      checkRanks(zs, random, 50);
      expect(zs.encoding()).toBe(seed % 2 === 1 ? 'skiplist' : 'listpack');
      expect(new Map(nodes(zs).map((n) => [n.ele, n.score]))).toEqual(model);
    }
  }, 60_000);

  it('keeps every invariant on a set of 100k members', () => {
    const random = new Random(42);
    const zs = new ZSet();
    const model = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const score = random.below(1000);
      zs.add(score, 'k' + i, 0, LIMITS, { score: 0 });
      model.set('k' + i, score);
    }
    for (let i = 0; i < 50_000; i++) {
      // Range removals check against the whole model: a few of them only.
      randomOp(zs, model, random, 120_000, i % 5000 === 0);
    }
    checkInvariants(zs);
    checkRanks(zs, random, 2000);
    expect(zs.encoding()).toBe('skiplist');
  }, 60_000);

  it('removes rank ranges and lex ranges as the order says', () => {
    const zs = new ZSet();
    const names = ['', 'a', 'aa', 'ab', 'b', 'ba', 'c', '\xff', 'z'];
    for (const n of names) zs.add(0, n, 0, LIMITS, { score: 0 });
    expect(nodes(zs).map((n) => n.ele)).toEqual([...names].sort());
    const lex = new LexRange({ inf: 0, value: 'a', ex: true }, { inf: 0, value: 'b', ex: false });
    expect(zs.rangeIn(lex, 0, -1, false).map((n) => n.ele)).toEqual(['aa', 'ab', 'b']);
    expect(zs.rangeIn(lex, 0, 1, true)[0].ele).toBe('b');
    expect(zs.removeRange(lex)).toBe(3);
    expect(zs.removeRangeByRank(1, 2)).toBe(2);
    expect(nodes(zs).map((n) => n.ele)).toEqual(['', 'c', 'z', '\xff']);
    checkInvariants(zs);
  });

  it('applies ZADD flags as zsetAdd does', () => {
    const zs = new ZSet();
    const r = { score: 0 };
    expect(zs.add(1, 'a', 0, LIMITS, r)).toBe(ZADD_OUT_ADDED);
    expect(zs.add(1, 'a', 0, LIMITS, r)).toBe(0);
    expect(zs.add(2, 'a', ZADD_IN_NX, LIMITS, r)).toBe(ZADD_OUT_NOP);
    expect(zs.add(2, 'b', ZADD_IN_XX, LIMITS, r)).toBe(ZADD_OUT_NOP);
    expect(zs.add(0, 'a', ZADD_IN_GT, LIMITS, r)).toBe(ZADD_OUT_NOP);
    expect(zs.add(5, 'a', ZADD_IN_GT, LIMITS, r)).toBe(ZADD_OUT_UPDATED);
    expect(zs.add(Infinity, 'a', ZADD_IN_INCR, LIMITS, r)).toBe(ZADD_OUT_UPDATED);
    expect(zs.add(-Infinity, 'a', ZADD_IN_INCR, LIMITS, r)).toBe(ZADD_OUT_NAN);
    expect(zs.add(NaN, 'c', 0, LIMITS, r)).toBe(ZADD_OUT_NAN);
    checkInvariants(zs);
  });

  it('turns skiplist for good when a limit is broken, and stores -0 as 0 only in a listpack', () => {
    const zs = new ZSet();
    const small = { entries: 2, value: 3 };
    const r = { score: 0 };
    zs.add(-0, 'a', 0, small, r);
    expect(Object.is(zs.score('a'), 0)).toBe(true);
    zs.add(1, 'b', 0, small, r);
    expect(zs.encoding()).toBe('listpack');
    zs.add(1, 'c', 0, small, r);
    expect(zs.encoding()).toBe('skiplist');
    zs.remove('c');
    zs.remove('b');
    expect(zs.encoding()).toBe('skiplist');
    zs.add(-0, 'd', 0, small, r);
    expect(Object.is(zs.score('d'), -0)).toBe(true);
    zs.fitEncoding(small);
    expect(zs.encoding()).toBe('listpack');
    expect(Object.is(zs.score('d'), 0)).toBe(true);
    const long = new ZSet();
    long.add(1, 'abcd', 0, small, r);
    expect(long.encoding()).toBe('skiplist');
    // A set built whole (a STORE result) that fits is a listpack, its -0 scores stored as 0.
    const built = new ZSet('skiplist');
    built.insertNew('x', -0);
    built.fitEncoding(small);
    expect(built.encoding()).toBe('listpack');
    expect(Object.is(built.score('x'), 0)).toBe(true);
    built.insertNew('y', 1);
    built.insertNew('z', 2);
    built.fitEncoding(small);
    expect(built.encoding()).toBe('skiplist');
    expect(built.lookup('z')?.score).toBe(2);
  });

  it('stores listpack scores as text that reads back exactly', () => {
    const zs = new ZSet();
    const scores = [1.1, 1e20, -2.5e-300, 5e-324, Infinity, -Infinity, 0.1 + 0.2, -(2 ** 53) - 2, 42];
    scores.forEach((s, i) => zs.add(s, 'm' + i, 0, LIMITS, { score: 0 }));
    expect(zs.encoding()).toBe('listpack');
    scores.forEach((s, i) => expect(zs.score('m' + i)).toBe(s));
    expect([...zs.entries()].map((e) => e.score)).toEqual([...scores].sort((a, b) => a - b));
    checkInvariants(zs);
  });

  it('scans every member present for the whole scan exactly once or more, under changes', () => {
    const random = new Random(7);
    const zs = new ZSet();
    for (let i = 0; i < 5000; i++) zs.add(i, 'p' + i, 0, LIMITS, { score: 0 });
    const stable = new Set<string>();
    for (let i = 0; i < 5000; i += 2) stable.add('p' + i);
    const seen = new Set<string>();
    let cursor = 0;
    let calls = 0;
    do {
      cursor = zs.scan(cursor, 10, (n) => seen.add(n.ele));
      // Churn among the odd members while the scan runs.
      zs.remove('p' + (2 * random.below(2500) + 1));
      zs.add(random.below(100), 'q' + random.below(5000), 0, LIMITS, { score: 0 });
      calls++;
    } while (cursor !== 0 && calls < 10_000);
    expect(cursor).toBe(0);
    for (const m of stable) expect(seen.has(m)).toBe(true);
  });

  it('clones deeply', () => {
    const zs = new ZSet();
    for (let i = 0; i < 200; i++) zs.add(i % 7, 'c' + i, 0, LIMITS, { score: 0 });
    const copy = zs.clone();
    checkInvariants(copy);
    expect(copy.encoding()).toBe(zs.encoding());
    const before = copy.bytes;
    copy.remove('c1');
    expect(zs.score('c1')).toBe(1);
    expect(copy.bytes).toBeLessThan(before);
    checkInvariants(zs);
  });
});
