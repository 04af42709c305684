/**
 * Eviction on controlled data: every policy against a keyspace with an injected clock and a seeded
 * random source, checking which keys go, that the totals never go negative, and the time box.
 */
import { describe, expect, it } from 'vitest';
import { Keyspace } from '../../../src/store/keyspace';
import type { Entry } from '../../../src/store/db';
import { Clock } from '../../../src/util/clock';
import { Random } from '../../../src/util/random';
import { MemoryAccountant, EvictionResult } from '../../../src/memory/accountant';
import { EvictionPool, evictionTimeLimitUs, EVPOOL_SIZE, POLICIES } from '../../../src/memory/evict';

const T0 = 1_700_000_000_000;

function setup(policy: string, databases = 1) {
  let now = T0;
  const clock = new Clock(() => now);
  const ks = new Keyspace(databases, clock, new Random(42));
  const m = new MemoryAccountant(ks);
  m.policy = policy;
  ks.lfu = policy.endsWith('-lfu');
  m.samples = 64;
  // Unbounded, so no test depends on how fast it runs; the time box has its own tests.
  m.tenacity = 100;
  const advance = (ms: number) => {
    now += ms;
    clock.refresh();
  };
  const keys = (db = 0) => [...ks.dbs[db].entries()].map((e) => e.key).sort();
  /**
   * Sets the limit so that `n` more keys must go, each costing as much as `like` (by default, the
   * current average cost).
   */
  const limitDropping = (n: number, like?: string) => {
    const used = m.used();
    const per = like === undefined ? ks.memory.dataset / ks.keyCount() : (ks.dbs[0].peek(like) as Entry).cost;
    m.setMaxmemory(Math.floor(used - per * n + per / 2));
  };
  return { ks, m, advance, keys, limitDropping, db: ks.dbs[0] };
}

function fill(ks: Keyspace, db: number, prefix: string, n: number, advance: (ms: number) => void): void {
  for (let i = 0; i < n; i++) {
    ks.dbs[db].add(`${prefix}${i}`, 'x'.repeat(40));
    advance(10);
  }
}

describe('policy table', () => {
  it('knows the eight policies and only noeviction does not evict', () => {
    expect([...POLICIES.keys()].sort()).toEqual(
      ['allkeys-lfu', 'allkeys-lru', 'allkeys-random', 'noeviction', 'volatile-lfu', 'volatile-lru', 'volatile-random', 'volatile-ttl'].sort(),
    );
    for (const p of POLICIES.values()) expect(p.evicts).toBe(p.name !== 'noeviction');
  });
});

describe('allkeys-lru', () => {
  it('keeps the keys read recently and evicts the idle ones', () => {
    const { ks, m, advance, keys, limitDropping, db } = setup('allkeys-lru');
    fill(ks, 0, 'k', 100, advance);
    advance(1000);
    for (let i = 0; i < 10; i++) db.lookupRead(`k${i}`);
    limitDropping(30);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    const left = keys();
    expect(left.length).toBe(70);
    for (let i = 0; i < 10; i++) expect(left).toContain(`k${i}`);
    expect(ks.stats.evictedKeys).toBe(30);
    expect(m.used()).toBeLessThanOrEqual(m.maxmemory);
  });
});

describe('allkeys-lfu', () => {
  it('keeps the frequently read keys', () => {
    const { ks, m, advance, keys, limitDropping, db } = setup('allkeys-lfu');
    ks.lfuLogFactor = 0;
    fill(ks, 0, 'k', 100, advance);
    for (let r = 0; r < 20; r++) for (let i = 90; i < 100; i++) db.lookupRead(`k${i}`);
    limitDropping(50);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    const left = keys();
    expect(left.length).toBe(50);
    for (let i = 90; i < 100; i++) expect(left).toContain(`k${i}`);
  });
});

describe('volatile-ttl', () => {
  it('takes the soonest expiries and never a key without a TTL', () => {
    const { ks, m, advance, keys, limitDropping, db } = setup('volatile-ttl');
    fill(ks, 0, 'p', 100, advance);
    for (let i = 0; i < 20; i++) {
      const e = db.add(`v${i}`, 'x'.repeat(40));
      db.setExpire(e, T0 + 1_000_000 + i * 1000);
    }
    limitDropping(5, 'v10');
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    const left = keys();
    for (let i = 0; i < 100; i++) expect(left).toContain(`p${i}`);
    const gone = Array.from({ length: 20 }, (_, i) => `v${i}`).filter((k) => !left.includes(k));
    expect(gone.length).toBe(5);
    for (const k of gone) expect(Number(k.slice(1))).toBeLessThan(8);
  });
});

describe.each(['volatile-lru', 'volatile-lfu', 'volatile-random'])('%s', (policy) => {
  it('evicts only keys with a TTL', () => {
    const { ks, m, advance, keys, limitDropping, db } = setup(policy);
    fill(ks, 0, 'p', 50, advance);
    for (let i = 0; i < 30; i++) db.setExpire(db.add(`v${i}`, 'x'.repeat(40)), T0 + 10_000_000);
    limitDropping(10, 'v10');
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    const left = keys();
    expect(left.filter((k) => k.startsWith('p')).length).toBe(50);
    expect(left.filter((k) => k.startsWith('v')).length).toBe(20);
  });

  it('refuses like noeviction when no key has a TTL', () => {
    const { ks, m, advance, keys, limitDropping } = setup(policy);
    fill(ks, 0, 'p', 50, advance);
    limitDropping(10);
    expect(m.performEvictions()).toBe(EvictionResult.Fail);
    expect(keys().length).toBe(50);
    expect(ks.stats.evictedKeys).toBe(0);
  });
});

describe('allkeys-random', () => {
  it('visits the databases round-robin', () => {
    const { ks, m, advance, keys, limitDropping } = setup('allkeys-random', 2);
    fill(ks, 0, 'a', 50, advance);
    fill(ks, 1, 'b', 50, advance);
    limitDropping(20);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    expect(keys(0).length).toBe(40);
    expect(keys(1).length).toBe(40);
  });
});

describe('noeviction', () => {
  it('fails without touching a key', () => {
    const { ks, m, advance, keys, limitDropping } = setup('noeviction');
    fill(ks, 0, 'k', 20, advance);
    limitDropping(5);
    expect(m.performEvictions()).toBe(EvictionResult.Fail);
    expect(keys().length).toBe(20);
  });
});

describe('the time box and the background job', () => {
  it('follows Redis evictionTimeLimitUs', () => {
    expect(evictionTimeLimitUs(0)).toBe(0);
    expect(evictionTimeLimitUs(10)).toBe(500);
    expect(evictionTimeLimitUs(11)).toBeCloseTo(575);
    expect(evictionTimeLimitUs(99)).toBeGreaterThan(100e6);
    expect(evictionTimeLimitUs(100)).toBe(Infinity);
  });

  it('stops after 16 keys at tenacity 0, reports Running, and finishes between event-loop turns', async () => {
    const { ks, m, advance, limitDropping } = setup('allkeys-random');
    m.tenacity = 0;
    fill(ks, 0, 'k', 200, advance);
    limitDropping(100);
    expect(m.performEvictions()).toBe(EvictionResult.Running);
    expect(ks.stats.evictedKeys).toBe(16);
    for (let i = 0; i < 20 && m.evictor.running; i++) await new Promise((r) => setImmediate(r));
    expect(m.evictor.running).toBe(false);
    expect(ks.stats.evictedKeys).toBe(100);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
  });

  it('evicts everything needed in one call at tenacity 100', () => {
    const { ks, m, advance, limitDropping } = setup('allkeys-lru');
    m.tenacity = 100;
    fill(ks, 0, 'k', 500, advance);
    limitDropping(400);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    expect(ks.stats.evictedKeys).toBe(400);
    expect(m.evictor.running).toBe(false);
  });

  it('tracks the time spent over the limit', () => {
    const { ks, m, advance, limitDropping } = setup('noeviction');
    fill(ks, 0, 'k', 10, advance);
    limitDropping(2);
    m.performEvictions();
    expect(m.evictor.currentExceededMs()).toBeGreaterThanOrEqual(0);
    m.setMaxmemory(0);
    m.performEvictions();
    expect(m.evictor.currentExceededMs()).toBe(0);
    expect(m.evictor.totalExceededMs()).toBeGreaterThanOrEqual(0);
  });
});

describe('the candidate pool', () => {
  it('keeps the 16 best candidates sorted, best last, each key once', () => {
    const pool = new EvictionPool();
    for (let i = 0; i < 40; i++) pool.insert(i % 25, `k${i % 25}`, 0);
    expect(pool.entries.length).toBe(EVPOOL_SIZE);
    expect(pool.entries.map((e) => e.score)).toEqual(Array.from({ length: 16 }, (_, i) => i + 9));
    expect(pool.popBest()?.key).toBe('k24');
  });

  it('skips ghosts: a pooled key deleted meanwhile is not evicted again', () => {
    const { ks, m, advance, limitDropping, db } = setup('allkeys-lru');
    fill(ks, 0, 'k', 50, advance);
    m.evictor.pool.insert(1e12, 'ghost', 0);
    limitDropping(1);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    expect(ks.stats.evictedKeys).toBe(1);
    expect(db.size).toBe(49);
  });
});

describe('the running totals', () => {
  it('never go negative and return to zero when every key is gone', () => {
    const { ks, m, advance, limitDropping, db } = setup('allkeys-lru');
    fill(ks, 0, 'k', 100, advance);
    for (let i = 0; i < 100; i += 3) db.setExpire(db.peek(`k${i}`)!, T0 + 1e9);
    limitDropping(60);
    m.performEvictions();
    expect(ks.memory.dataset).toBeGreaterThan(0);
    for (const e of [...db.entries()]) db.delete(e.key);
    expect(ks.memory.dataset).toBe(0);
    expect(db.bytes).toBe(0);
  });
});

describe('with lazy free in progress', () => {
  it('does not chase memory being released, and reports Running rather than Fail', () => {
    const { ks, m, advance, limitDropping } = setup('allkeys-lru');
    fill(ks, 0, 'k', 20, advance);
    limitDropping(5);
    m.lazyfree.enqueue({}, 1_000_000, 10);
    // Over the limit by far more than the keys hold, but all of that excess is being released.
    expect(m.performEvictions()).toBe(EvictionResult.Running);
    expect(ks.stats.evictedKeys).toBe(5);
    m.lazyfree.releaseSlice(100);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
  });

  it('reports Running when every key is gone but released memory is still pending', () => {
    const { ks, m, advance } = setup('allkeys-random');
    fill(ks, 0, 'k', 5, advance);
    // Room for the empty key tables and nothing more.
    m.setMaxmemory(ks.memory.tables);
    m.lazyfree.enqueue({}, 1000, 10);
    expect(m.performEvictions()).toBe(EvictionResult.Running);
    expect(ks.keyCount()).toBe(0);
    m.lazyfree.releaseSlice(100);
    // Only the tables are left in this bare keyspace (no start-up memory): within the limit.
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
  });
});

describe('the pool is shared by the databases', () => {
  it('allkeys-lru takes the idle keys of one database before the fresh keys of another', () => {
    const { ks, m, advance, keys, limitDropping } = setup('allkeys-lru', 3);
    fill(ks, 0, 'old', 40, advance);
    advance(60_000);
    fill(ks, 2, 'new', 40, advance);
    limitDropping(30);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    expect(keys(2).length).toBe(40);
    expect(keys(0).length).toBe(10);
  });

  it('volatile-ttl compares expiries across databases', () => {
    const { ks, m, advance, keys, limitDropping } = setup('volatile-ttl', 2);
    for (let i = 0; i < 20; i++) ks.dbs[0].setExpire(ks.dbs[0].add(`late${i}`, 'x'.repeat(40)), T0 + 9_000_000 + i);
    for (let i = 0; i < 20; i++) ks.dbs[1].setExpire(ks.dbs[1].add(`soon${i}`, 'x'.repeat(40)), T0 + 1_000_000 + i);
    advance(1);
    limitDropping(10);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    expect(keys(0).length).toBe(20);
    expect(keys(1).length).toBe(10);
  });
});

describe('after switching from LFU to LRU', () => {
  it('scores keys whose fields are still in LFU form by the minutes since their last access', () => {
    const { ks, m, advance, keys, limitDropping } = setup('allkeys-lfu');
    fill(ks, 0, 'old', 20, advance);
    advance(30 * 60_000);
    fill(ks, 0, 'new', 20, advance);
    advance(60_000);
    m.policy = 'allkeys-lru';
    ks.lfu = false;
    limitDropping(15);
    expect(m.performEvictions()).toBe(EvictionResult.Ok);
    expect(keys().filter((k) => k.startsWith('new')).length).toBe(20);
  });
});

describe('during a client pause', () => {
  it('evicts nothing, not even from the background job, and resumes afterwards', async () => {
    const { ks, m, advance, limitDropping } = setup('allkeys-random');
    m.tenacity = 0;
    fill(ks, 0, 'k', 100, advance);
    limitDropping(50);
    expect(m.performEvictions()).toBe(EvictionResult.Running);
    expect(ks.stats.evictedKeys).toBe(16);
    ks.paused = true;
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(ks.stats.evictedKeys).toBe(16);
    expect(m.evictor.running).toBe(false);
    ks.paused = false;
    expect(m.performEvictions()).toBe(EvictionResult.Running);
    for (let i = 0; i < 20 && m.evictor.running; i++) await new Promise((r) => setImmediate(r));
    expect(ks.stats.evictedKeys).toBe(50);
  });
});
