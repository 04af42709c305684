/**
 * The RedisSet structure: every operation checked against a Set model over seeded random
 * sequences, with the invariants after each step (members, ascending order while an intset, dense
 * positions, incremental bytes, one-way encoding), the conversions at the packed bounds, and the
 * SSCAN guarantee under concurrent changes.
 */
import { describe, expect, it } from 'vitest';
import { isIntsetMember, RedisSet, SET_PACKED_MAX_ENTRIES, SET_PACKED_MAX_VALUE } from '../../../src/store/set';
import { entrySize } from '../../../src/store/listpack';
import { INTSET_MEMBER, INTSET_WIDE_MEMBER, SET_BASE, SET_LISTPACK_BASE, SET_MEMBER, SET_TABLE, stringBytes } from '../../../src/memory/costs';
import { Random } from '../../../src/util/random';

/** Members as one comparable string, in sorted order. */
const key = (members: Iterable<string>): string => [...members].sort().join(',');

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const isWide = (m: string): boolean => BigInt(m) > SAFE || BigInt(m) < -SAFE;

/** Encodings in the order conversions may go: never back. */
const RANK = { intset: 0, listpack: 1, hashtable: 2 } as const;

/**
 * What `bytes` must be: intset members cost a slot, plus a BigInt once the intset has held a
 * member beyond 2^53 - 1 (`wide`: the upgrade is one-way); a packed set its packed string.
 */
function expectedBytes(s: RedisSet, model: Set<string>, wide: boolean): number {
  const enc = s.internalEncoding();
  if (enc === 'hashtable') {
    let bytes = SET_BASE + SET_TABLE;
    for (const m of model) bytes += SET_MEMBER + stringBytes(m.length);
    return bytes;
  }
  if (enc === 'listpack') {
    let packed = 0;
    for (const m of model) packed += entrySize(m.length);
    return SET_LISTPACK_BASE + stringBytes(packed);
  }
  return SET_BASE + model.size * (wide ? INTSET_WIDE_MEMBER : INTSET_MEMBER);
}

function expectInvariants(s: RedisSet, model: Set<string>, wide = false): void {
  expect(s.length).toBe(model.size);
  const members = [...s.members()];
  const expected = key(model);
  expect(key(members)).toBe(expected);
  const enc = s.internalEncoding();
  expect(s.encoding()).toBe(enc === 'intset' ? 'intset' : 'hashtable');
  if (enc === 'intset') {
    const ascending = members.every((m, i) => i === 0 || BigInt(members[i - 1]) < BigInt(m));
    expect(members.every((m) => String(BigInt(m)) === m)).toBe(true);
    expect(ascending).toBe(true);
  }
  if (enc === 'listpack') {
    expect(s.length).toBeLessThanOrEqual(SET_PACKED_MAX_ENTRIES);
    expect(members.every((m) => m.length <= SET_PACKED_MAX_VALUE)).toBe(true);
  }
  expect(s.bytes).toBe(expectedBytes(s, model, wide));
  expect(key(Array.from({ length: s.length }, (_, i) => s.at(i)))).toBe(expected);
  expect([...s.membersForReply()]).toEqual(members);
  const read = s.reader();
  expect(key(Array.from({ length: s.length }, (_, i) => read(i)))).toBe(expected);
  expect([...model].every((m) => s.has(m))).toBe(true);
}

/** `n` distinct non-integer members of `len` bytes. */
const words = (n: number, len = 3): string[] => Array.from({ length: n }, (_, i) => `w${i}`.padEnd(len, '.'));

describe('isIntsetMember', () => {
  it('accepts exactly the canonical signed 64-bit integers', () => {
    for (const yes of ['0', '1', '-1', '9223372036854775807', '-9223372036854775808', '123']) expect(isIntsetMember(yes), yes).toBe(true);
    for (const no of ['', '-0', '+1', '01', ' 1', '1 ', '1.0', '9223372036854775808', '-9223372036854775809', 'abc', '99999999999999999999', '0x10'])
      expect(isIntsetMember(no), no).toBe(false);
  });
});

describe('RedisSet', () => {
  it('starts as an intset for an integer first member, packed for a short one, else a hashtable', () => {
    expect(new RedisSet('12').internalEncoding()).toBe('intset');
    expect(new RedisSet().internalEncoding()).toBe('intset');
    expect(new RedisSet('a').internalEncoding()).toBe('listpack');
    expect(new RedisSet('x'.repeat(SET_PACKED_MAX_VALUE)).internalEncoding()).toBe('listpack');
    expect(new RedisSet('x'.repeat(SET_PACKED_MAX_VALUE + 1)).internalEncoding()).toBe('hashtable');
  });

  it('answers OBJECT ENCODING as Redis 7.0: a packed set is a "hashtable"', () => {
    const s = new RedisSet('a');
    s.add('a', 512);
    expect(s.internalEncoding()).toBe('listpack');
    expect(s.encoding()).toBe('hashtable');
  });

  it('packs up to 128 members and turns hashtable, for good, at the 129th', () => {
    const all = words(SET_PACKED_MAX_ENTRIES);
    const s = new RedisSet(all[0]);
    const model = new Set<string>();
    for (const m of all) {
      expect(s.add(m, 512)).toBe(true);
      model.add(m);
    }
    expect(s.internalEncoding()).toBe('listpack');
    expect(s.add(all[0], 512)).toBe(false);
    expect(s.internalEncoding()).toBe('listpack');
    expectInvariants(s, model);
    expect(s.add('extra', 512)).toBe(true);
    model.add('extra');
    expect(s.internalEncoding()).toBe('hashtable');
    expectInvariants(s, model);
    for (const m of all) expect(s.remove(m)).toBe(true);
    model.clear();
    model.add('extra');
    expect(s.internalEncoding()).toBe('hashtable');
    expectInvariants(s, model);
  });

  it('packs members of up to 64 bytes and turns hashtable at a 65-byte one', () => {
    const s = new RedisSet('a');
    s.add('a', 512);
    const at64 = 'y'.repeat(SET_PACKED_MAX_VALUE);
    const at65 = 'y'.repeat(SET_PACKED_MAX_VALUE + 1);
    expect(s.add(at64, 512)).toBe(true);
    expect(s.internalEncoding()).toBe('listpack');
    expect(s.has(at65)).toBe(false);
    expect(s.remove(at65)).toBe(false);
    expect(s.internalEncoding()).toBe('listpack');
    expect(s.add(at65, 512)).toBe(true);
    expect(s.internalEncoding()).toBe('hashtable');
    expectInvariants(s, new Set(['a', at64, at65]));
  });

  it('converts intset -> packed on a non-integer, then packed -> hashtable', () => {
    const s = new RedisSet('1');
    for (const m of ['3', '1', '2', '9007199254740993']) s.add(m, 512);
    expect(s.internalEncoding()).toBe('intset');
    expect(s.add('a', 512)).toBe(true);
    expect(s.internalEncoding()).toBe('listpack');
    // The intset's ascending order becomes the packed order.
    expect([...s.members()]).toEqual(['1', '2', '3', '9007199254740993', 'a']);
    expect(s.has('9007199254740993')).toBe(true);
    expect(s.add('4', 512)).toBe(true);
    expect(s.internalEncoding()).toBe('listpack');
    expectInvariants(s, new Set(['1', '2', '3', '9007199254740993', 'a', '4']));
    expect(s.add('z'.repeat(100), 512)).toBe(true);
    expect(s.internalEncoding()).toBe('hashtable');
    expectInvariants(s, new Set(['1', '2', '3', '9007199254740993', 'a', '4', 'z'.repeat(100)]));
  });

  it('converts an intset of 127 members to packed on a non-integer, one of 128 to a hashtable', () => {
    for (const [n, enc] of [
      [SET_PACKED_MAX_ENTRIES - 1, 'listpack'],
      [SET_PACKED_MAX_ENTRIES, 'hashtable'],
    ] as const) {
      const s = new RedisSet('0');
      const model = new Set<string>();
      for (let i = 0; i < n; i++) {
        s.add(String(i), 512);
        model.add(String(i));
      }
      expect(s.internalEncoding()).toBe('intset');
      s.add('a', 512);
      model.add('a');
      expect(s.internalEncoding(), `${n} members`).toBe(enc);
      expectInvariants(s, model);
    }
    const s = new RedisSet('0');
    s.add('x'.repeat(SET_PACKED_MAX_VALUE + 1), 512);
    expect(s.internalEncoding()).toBe('hashtable');
  });

  it('turns an intset past set-max-intset-entries into a hashtable, as before', () => {
    const s = new RedisSet('1');
    for (const m of ['1', '2', '3']) s.add(m, 2);
    expect(s.internalEncoding()).toBe('hashtable');
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

  it('agrees with a JS Set over seeded random operations across every conversion', () => {
    const transitions = new Set<string>();
    for (let seed = 1; seed <= 24; seed++) {
      const random = new Random(1000 + seed);
      const maxIntset = [0, 8, 200, 512][seed % 4];
      const s = new RedisSet();
      const model = new Set<string>();
      let rank = 0;
      let wide = false;
      const member = (): string => {
        const r = random.next();
        if (r < 0.45) return String(random.below(300) - 100);
        if (r < 0.47) return String(9007199254740990n + BigInt(random.below(4)));
        if (r < 0.9) return `m${random.below(220)}`;
        if (r < 0.97) return `${random.below(4)}`.padEnd(SET_PACKED_MAX_VALUE, 'p');
        return `${random.below(4)}`.padEnd(SET_PACKED_MAX_VALUE + 1, 'q');
      };
      for (let step = 0; step < 500; step++) {
        const m = member();
        const op = random.next();
        const where = `seed ${seed} step ${step}`;
        if (op < 0.4) {
          expect(s.add(m, maxIntset), where).toBe(!model.has(m));
          model.add(m);
          if (s.internalEncoding() === 'intset' && isWide(m)) wide = true;
        } else if (op < 0.55) {
          // SADD's argv: the key first, then members that may repeat each other.
          const argv = ['key', m, ...Array.from({ length: random.below(12) }, member)];
          if (random.below(4) === 0) argv.push(m);
          const fresh = new Set(argv.slice(1).filter((x) => !model.has(x)));
          expect(s.addMany(argv, 1, maxIntset), where).toBe(fresh.size);
          for (const x of argv.slice(1)) {
            model.add(x);
            if (s.internalEncoding() === 'intset' && isWide(x)) wide = true;
          }
        } else if (op < 0.75) {
          expect(s.remove(m), where).toBe(model.delete(m));
        } else if (op < 0.85) {
          if (s.length > 0) expect(model.delete(s.popRandom(random.next())), where).toBe(true);
        } else if (op < 0.95) {
          expect(s.has(m), where).toBe(model.has(m));
        } else if (s.length > 0) {
          const picked = s.random(random.next());
          expect(model.has(picked), where).toBe(true);
          const copy = s.clone();
          expect(copy.internalEncoding(), where).toBe(s.internalEncoding());
          expect(copy.bytes, where).toBe(s.bytes);
          copy.remove(picked);
          expect(s.has(picked), where).toBe(true);
          const scanned = new Set<string>();
          let cursor = 0;
          do cursor = s.scan(cursor, 7, (x) => scanned.add(x));
          while (cursor !== 0);
          expect(key(scanned), where).toBe(key(model));
        }
        const now = RANK[s.internalEncoding()];
        expect(now, `${where}: conversions are one-way`).toBeGreaterThanOrEqual(rank);
        if (now !== rank) transitions.add(`${rank}->${now}`);
        rank = now;
        if (s.internalEncoding() !== 'intset') wide = false;
        expectInvariants(s, model, wide);
      }
    }
    // intset -> packed, packed -> hashtable and intset -> hashtable all happened.
    expect([...transitions].sort()).toEqual(['0->1', '0->2', '1->2']);
  }, 30_000);

  it('adds many members at once exactly as one by one, across the packed bounds', () => {
    for (const [first, batch] of [
      ['1', ['2', 'a', 'a', ...words(130)]],
      ['a', [...words(126), 'w1..', 'z'.repeat(SET_PACKED_MAX_VALUE + 1), 'b']],
      ['a', ['b', 'c', 'b']],
      ['5', ['1', '2', '2']],
    ] as const) {
      const one = new RedisSet(first);
      const many = new RedisSet(first);
      let added = 0;
      for (const m of batch) if (one.add(m, 512)) added++;
      expect(many.addMany(['key', ...batch], 1, 512)).toBe(added);
      expect(many.internalEncoding()).toBe(one.internalEncoding());
      expect(many.bytes).toBe(one.bytes);
      expect(key(many.members())).toBe(key(one.members()));
      expectInvariants(many, new Set(batch));
    }
  });

  it('pops uniformly chosen members of a packed set, keeping bytes exact', () => {
    const s = new RedisSet('a');
    const model = new Set(words(50));
    s.addMany(['key', ...model], 1, 512);
    const random = new Random(3);
    const popped = new Set<string>();
    while (s.length > 10) {
      const m = s.popRandom(random.next());
      expect(model.delete(m)).toBe(true);
      popped.add(m);
      expectInvariants(s, model);
    }
    expect(popped.size).toBe(40);
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

  it('returns an intset or a packed set whole in one scan call, and clones deeply', () => {
    const s = new RedisSet('3');
    for (const m of ['3', '1', '2']) s.add(m, 512);
    const seen: string[] = [];
    expect(s.scan(99, 1, (m) => seen.push(m))).toBe(0);
    expect(seen).toEqual(['1', '2', '3']);
    const copy = s.clone();
    copy.add('x', 512);
    expect(s.has('x')).toBe(false);
    expect(s.encoding()).toBe('intset');
    expect(copy.internalEncoding()).toBe('listpack');
    const packedSeen: string[] = [];
    expect(copy.scan(99, 1, (m) => packedSeen.push(m))).toBe(0);
    expect(packedSeen).toEqual(['1', '2', '3', 'x']);
    const packedCopy = copy.clone();
    packedCopy.remove('1');
    packedCopy.add('y', 512);
    expect([...copy.members()]).toEqual(['1', '2', '3', 'x']);
    expect([...packedCopy.members()]).toEqual(['2', '3', 'x', 'y']);
    expect(copy.bytes).toBe(SET_LISTPACK_BASE + stringBytes(4 * 2));
    copy.add('z'.repeat(SET_PACKED_MAX_VALUE + 1), 512);
    expect(copy.internalEncoding()).toBe('hashtable');
    expect(s.clone().bytes).toBe(s.bytes);
    const t = copy.clone();
    expect(new Set(t.members())).toEqual(new Set(copy.members()));
    expect(t.bytes).toBe(copy.bytes);
  });
});
