/**
 * Db, the single mutation path of the store: every path (add, setKey, written, setExpire, persist,
 * delete, expire, flush, swapWith) charges the key's cost exactly as the named costs say, the
 * database total and the keyspace's dataset counter stay equal to the sum of the keys' costs and
 * never go negative, and lazy expiry deletes a key whose time has passed on its next lookup.
 */
import { describe, expect, it } from 'vitest';
import { Db } from '../../../src/store/db';
import { Keyspace } from '../../../src/store/keyspace';
import type { Collection } from '../../../src/store/value';
import { keyCost, keyOverhead } from '../../../src/memory/costs';
import { Clock } from '../../../src/util/clock';
import { Random } from '../../../src/util/random';

/** A collection whose size and cost a test sets directly. */
class FakeCollection implements Collection {
  readonly type = 'set' as const;
  constructor(
    public length: number,
    public bytes: number,
  ) {}
  encoding(): string {
    return 'hashtable';
  }
  clone(): Collection {
    return new FakeCollection(this.length, this.bytes);
  }
}

function setup(): { ks: Keyspace; db: Db; clock: Clock } {
  const clock = new Clock(() => 1_000_000);
  const ks = new Keyspace(4, clock, new Random(7));
  return { ks, db: ks.dbs[0], clock };
}

/** What a key must cost: the named costs, recomputed from scratch. */
function expectedCost(key: string, value: string | Collection, ttl: boolean): number {
  return keyCost(key.length, value, ttl);
}

/** The totals equal the sum of every key's recomputed cost and are never negative. */
function expectCharged(ks: Keyspace): void {
  let dataset = 0;
  for (const db of ks.dbs) {
    let sum = 0;
    for (const e of db.entries()) {
      expect(e.cost).toBe(expectedCost(e.key, e.value, e.expireAt !== 0));
      sum += e.cost;
    }
    expect(db.bytes).toBe(sum);
    expect(db.bytes).toBeGreaterThanOrEqual(0);
    dataset += sum;
  }
  expect(ks.memory.dataset).toBe(dataset);
  expect(ks.memory.dataset).toBeGreaterThanOrEqual(0);
}

describe('Db mutation path charges costs', () => {
  it('charges add, setKey, setExpire, persist and delete by the named costs', () => {
    const { ks, db } = setup();
    const e = db.add('key', 'value');
    expect(e.cost).toBe(keyCost(3, 'value', false));
    expectCharged(ks);
    db.setKey('key', 'a much longer value than before');
    expect(e.cost).toBe(keyCost(3, 'a much longer value than before', false));
    db.setExpire(e, 2_000_000);
    expect(e.cost).toBe(keyCost(3, 'a much longer value than before', true));
    expect(db.expiresCount).toBe(1);
    db.setKey('key', 'v', true);
    expect(e.expireAt).toBe(2_000_000);
    db.setKey('key', 'v');
    expect(e.expireAt).toBe(0);
    expect(db.expiresCount).toBe(0);
    expectCharged(ks);
    db.setExpire(e, 2_000_000);
    expect(db.persist(e)).toBe(true);
    expect(db.persist(e)).toBe(false);
    expectCharged(ks);
    expect(db.delete('key')).toBe(true);
    expect(db.delete('key')).toBe(false);
    expect(db.bytes).toBe(0);
    expect(ks.memory.dataset).toBe(0);
  });

  it('re-charges a collection changed in place and deletes it once empty (written)', () => {
    const { ks, db } = setup();
    const set = new FakeCollection(3, 500);
    const e = db.add('s', set);
    expect(e.cost).toBe(keyOverhead(1) + 500);
    set.length = 4;
    set.bytes = 620;
    db.written(e);
    expect(e.cost).toBe(keyOverhead(1) + 620);
    expectCharged(ks);
    set.length = 0;
    set.bytes = 40;
    db.written(e);
    expect(db.peek('s')).toBeUndefined();
    expect(ks.memory.dataset).toBe(0);
  });

  it('keeps totals exact and non-negative over random sequences of every mutation', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rnd = new Random(seed);
      const clock = new Clock(() => 1_000_000);
      const ks = new Keyspace(3, clock, rnd);
      for (let step = 0; step < 400; step++) {
        const db = ks.dbs[rnd.below(3)];
        const key = `k${rnd.below(30)}`;
        const e = db.peek(key);
        const op = rnd.below(9);
        if (op === 0) db.setKey(key, 'x'.repeat(rnd.below(100)), rnd.next() < 0.5);
        else if (op === 1 && e === undefined) db.add(key, new FakeCollection(1 + rnd.below(5), 64 + rnd.below(1000)));
        else if (op === 2 && e !== undefined) db.setExpire(e, clock.nowMs + 1 + rnd.below(1000));
        else if (op === 3 && e !== undefined) db.persist(e);
        else if (op === 4) db.delete(key);
        else if (op === 5 && e !== undefined && typeof e.value !== 'string') {
          const c = e.value as FakeCollection;
          c.length = rnd.below(4);
          c.bytes = 64 + rnd.below(2000);
          db.written(e);
        } else if (op === 6 && e !== undefined && e.expireAt !== 0) db.expire(e);
        else if (op === 7 && rnd.next() < 0.05) db.flush();
        else if (op === 8 && rnd.next() < 0.1) db.swapWith(ks.dbs[rnd.below(3)]);
        expectCharged(ks);
      }
    }
  });

  it('swaps the contents and totals of two databases', () => {
    const { ks } = setup();
    const [a, b] = ks.dbs;
    a.add('x', 'one');
    a.add('y', 'two');
    b.add('z', 'three');
    const [bytesA, bytesB] = [a.bytes, b.bytes];
    a.swapWith(b);
    expect(a.size).toBe(1);
    expect(a.peek('z')?.value).toBe('three');
    expect(b.size).toBe(2);
    expect([a.bytes, b.bytes]).toEqual([bytesB, bytesA]);
    expectCharged(ks);
    expect(a.flush()).toBe(1);
    expectCharged(ks);
  });
});

describe('lazy expiry', () => {
  it('deletes a key on its first lookup after its time, counting expired_keys and a miss', () => {
    let now = 1_000_000;
    const clock = new Clock(() => now);
    const ks = new Keyspace(1, clock, new Random(1));
    const db = ks.dbs[0];
    const e = db.add('k', 'v');
    db.setExpire(e, now + 100);
    now += 100;
    clock.refresh();
    expect(db.lookupRead('k')?.h).toBe(e.h);
    expect(ks.stats.keyspaceHits).toBe(1);
    now += 1;
    clock.refresh();
    expect(db.peek('k')?.h).toBe(e.h);
    expect(db.lookupRead('k')).toBeUndefined();
    expect(db.peek('k')).toBeUndefined();
    expect(ks.stats.expiredKeys).toBe(1);
    expect(ks.stats.keyspaceMisses).toBe(1);
    expect(db.expiresCount).toBe(0);
    expect(ks.memory.dataset).toBe(0);
  });

  it('expires through every lookup flavour and through exists(), without stats for writes', () => {
    let now = 5_000;
    const clock = new Clock(() => now);
    const ks = new Keyspace(1, clock, new Random(1));
    const db = ks.dbs[0];
    for (const key of ['a', 'b', 'c']) db.setExpire(db.add(key, 'v'), now + 10);
    now += 11;
    clock.refresh();
    expect(db.lookupWrite('a')).toBeUndefined();
    expect(db.exists('b')).toBe(false);
    expect(db.randomKey()).toBeUndefined();
    expect(ks.stats.keyspaceMisses).toBe(0);
    expect(ks.stats.expiredKeys).toBe(3);
    expect(db.size).toBe(0);
  });
});

describe('randomKey', () => {
  it('never answers an expired key, however many expired keys it meets first', () => {
    let now = 1_000;
    const clock = new Clock(() => now);
    const ks = new Keyspace(1, clock, new Random(9));
    const db = ks.dbs[0];
    for (let i = 0; i < 1000; i++) db.setExpire(db.add(`gone${i}`, 'v'), now + 1);
    db.add('live', 'v');
    now += 2;
    clock.refresh();
    expect(db.randomKey()).toBe('live');
    expect(db.size).toBeGreaterThanOrEqual(1);
    db.delete('live');
    expect(db.randomKey()).toBeUndefined();
    expect(db.size).toBe(0);
    expect(ks.stats.expiredKeys).toBe(1000);
  });
});
