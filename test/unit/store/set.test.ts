/**
 * The RedisSet structure: every operation checked against a Set model over seeded random
 * sequences, with the invariants after each step (members, ascending order while an intset, dense
 * positions, incremental bytes, one-way encoding), and the SSCAN guarantee under concurrent changes.
 */
import { describe, expect, it } from 'vitest';
import { isIntsetMember, RedisSet } from '../../../src/store/set';
import { INTSET_MEMBER, INTSET_WIDE_MEMBER, SET_BASE, SET_MEMBER, SET_TABLE, stringBytes } from '../../../src/memory/costs';
import { Random } from '../../../src/util/random';

/** Members as one comparable string, in sorted order. */
const key = (members: Iterable<string>): string => [...members].sort().join(',');

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const isWide = (m: string): boolean => BigInt(m) > SAFE || BigInt(m) < -SAFE;

/**
 * What `bytes` must be: intset members cost a slot, plus a BigInt once the intset has held a
 * member beyond 2^53 - 1 (`wide`: the upgrade is one-way).
 */
function expectedBytes(s: RedisSet, model: Set<string>, wide: boolean): number {
  if (s.encoding() === 'hashtable') {
    let bytes = SET_BASE + SET_TABLE;
    for (const m of model) bytes += SET_MEMBER + stringBytes(m.length);
    return bytes;
  }
  return SET_BASE + model.size * (wide ? INTSET_WIDE_MEMBER : INTSET_MEMBER);
}

function expectInvariants(s: RedisSet, model: Set<string>, wide = false): void {
  expect(s.length).toBe(model.size);
  const members = [...s.members()];
  const expected = key(model);
  expect(key(members)).toBe(expected);
  const intset = s.encoding() === 'intset';
  if (intset) {
    const ascending = members.every((m, i) => i === 0 || BigInt(members[i - 1]) < BigInt(m));
    expect(members.every((m) => String(BigInt(m)) === m)).toBe(true);
    expect(ascending).toBe(true);
  }
  expect(s.bytes).toBe(expectedBytes(s, model, wide));
  expect(key(Array.from({ length: s.length }, (_, i) => s.at(i)))).toBe(expected);
  expect([...model].every((m) => s.has(m))).toBe(true);
}

describe('isIntsetMember', () => {
  it('accepts exactly the canonical signed 64-bit integers', () => {
    for (const yes of ['0', '1', '-1', '9223372036854775807', '-9223372036854775808', '123']) expect(isIntsetMember(yes), yes).toBe(true);
    for (const no of ['', '-0', '+1', '01', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', 'abc', '99999999999999999999', '0x10'])
      expect(isIntsetMember(no), no).toBe(false);
  });
});

describe('RedisSet', () => {
  it('starts as an intset only for an integer first member', () => {
    expect(new RedisSet('12').encoding()).toBe('intset');
    expect(new RedisSet('a').encoding()).toBe('hashtable');
    expect(new RedisSet().encoding()).toBe('intset');
  });

  it('keeps an intset in ascending numeric order, and converts once', () => {
    const s = new RedisSet('5');
    for (const m of ['5', '-3', '100', '20', '-9223372036854775808', '9223372036854775807', '0']) s.add(m, 512);
    expect([...s.members()]).toEqual(['-9223372036854775808', '-3', '0', '5', '20', '100', '9223372036854775807']);
    expect(s.add('5', 512)).toBe(false);
    expect(s.remove('20')).toBe(true);
    expect(s.remove('20')).toBe(false);
    expect(s.remove('x')).toBe(false);
    expect(s.encoding()).toBe('intset');
    s.add('x', 512);
    expect(s.encoding()).toBe('hashtable');
    s.remove('x');
    expect(s.encoding()).toBe('hashtable');

    const t = new RedisSet('1');
    t.add('1', 2);
    t.add('2', 2);
    expect(t.encoding()).toBe('intset');
    t.add('3', 2);
    expect(t.encoding()).toBe('hashtable');
    expect(new Set(t.members())).toEqual(new Set(['1', '2', '3']));
  });

  it('keeps its invariants over seeded random operations', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const s = new RedisSet();
      const model = new Set<string>();
      let wasTable = false;
      let wide = false;
      for (let step = 0; step < 400; step++) {
        const r = random.next();
        const member = r < 0.95 ? String(random.below(60) - 30) : r < 0.97 ? String(9007199254740990n + BigInt(random.below(4))) : `m${random.below(10)}`;
        if (random.next() < 0.6) {
          expect(s.add(member, 40), `seed ${seed}`).toBe(!model.has(member));
          model.add(member);
          if (s.encoding() === 'intset' && isWide(member)) wide = true;
        } else {
          expect(s.remove(member), `seed ${seed}`).toBe(model.delete(member));
        }
        if (wasTable) expect(s.encoding(), `seed ${seed}`).toBe('hashtable');
        wasTable = s.encoding() === 'hashtable';
        expectInvariants(s, model, wide);
      }
    }
  });

  it('upgrades an intset to BigInts for members beyond 2^53 - 1, exactly', () => {
    const s = new RedisSet('1');
    for (const m of ['9007199254740991', '-9007199254740991', '5']) s.add(m, 512);
    expect(s.bytes).toBe(SET_BASE + 3 * INTSET_MEMBER);
    expect(s.has('9007199254740992')).toBe(false);
    expect(s.remove('9007199254740993')).toBe(false);
    expect(s.add('9007199254740993', 512)).toBe(true);
    expect(s.add('9007199254740992', 512)).toBe(true);
    expect(s.add('9007199254740993', 512)).toBe(false);
    expect(s.bytes).toBe(SET_BASE + 5 * INTSET_WIDE_MEMBER);
    expect([...s.members()]).toEqual(['-9007199254740991', '5', '9007199254740991', '9007199254740992', '9007199254740993']);
    expect(s.has('9007199254740992')).toBe(true);
    expect(s.remove('9007199254740992')).toBe(true);
    expect(s.remove('9007199254740993')).toBe(true);
    expect(s.has('9007199254740992')).toBe(false);
    expect(s.bytes).toBe(SET_BASE + 3 * INTSET_WIDE_MEMBER);
    s.add('9007199254740993', 512);
    s.add('x', 512);
    expect(s.encoding()).toBe('hashtable');
    expect(new Set(s.members())).toEqual(new Set(['-9007199254740991', '5', '9007199254740991', '9007199254740993', 'x']));
  });

  it('draws random members from the whole set', () => {
    const s = new RedisSet('a');
    for (let i = 0; i < 10; i++) s.add(`m${i}`, 512);
    const random = new Random(7);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(s.random(random.next()));
    expect(seen).toEqual(new Set(s.members()));
  });

  it('SSCAN returns every member present for the whole scan, despite concurrent changes', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = new Random(seed);
      const s = new RedisSet('a');
      for (let i = 0; i < 200; i++) s.add(`m${i}`, 512);
      const initial = [...s.members()];
      const removed = new Set<string>();
      const seen = new Set<string>();
      let cursor = 0;
      let calls = 0;
      do {
        cursor = s.scan(cursor, 1 + random.below(10), (m) => seen.add(m));
        for (let k = 0; k < 3; k++) {
          const m = `m${random.below(300)}`;
          if (random.next() < 0.5) {
            if (s.remove(m)) removed.add(m);
          } else {
            s.add(m, 512);
          }
        }
        calls++;
      } while (cursor !== 0 && calls < 10000);
      for (const m of initial) if (!removed.has(m)) expect(seen.has(m), `seed ${seed}: ${m}`).toBe(true);
      expect(calls).toBeLessThan(200);
    }
  });

  it('returns an intset whole in one scan call, and clones deeply', () => {
    const s = new RedisSet('3');
    for (const m of ['3', '1', '2']) s.add(m, 512);
    const seen: string[] = [];
    expect(s.scan(99, 1, (m) => seen.push(m))).toBe(0);
    expect(seen).toEqual(['1', '2', '3']);
    const copy = s.clone();
    copy.add('x', 512);
    expect(s.has('x')).toBe(false);
    expect(s.encoding()).toBe('intset');
    expect(copy.encoding()).toBe('hashtable');
    expect(s.clone().bytes).toBe(s.bytes);
    const t = copy.clone();
    expect(new Set(t.members())).toEqual(new Set(copy.members()));
    expect(t.bytes).toBe(copy.bytes);
  });
});
