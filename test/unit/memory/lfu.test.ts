/**
 * The LFU counter: logarithmic growth with lfu-log-factor, lazy decay by lfu-decay-time minutes
 * with the clock injected, and the 16-bit minute clock's wrap-around.
 */
import { describe, expect, it } from 'vitest';
import { LFU_INIT_VAL, lfuDecayedCounter, lruIdleMs, lfuInitial, lfuLogIncr, lfuMinutes, lfuTouch } from '../../../src/memory/lfu';
import { Keyspace } from '../../../src/store/keyspace';
import { Clock } from '../../../src/util/clock';
import { Random } from '../../../src/util/random';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

describe('lfuLogIncr', () => {
  it('always grows from the initial value and saturates at 255', () => {
    expect(lfuLogIncr(LFU_INIT_VAL, 10, 0.999)).toBe(LFU_INIT_VAL + 1);
    expect(lfuLogIncr(255, 0, 0)).toBe(255);
  });

  it('grows with probability 1/((counter-5)*factor+1)', () => {
    // counter 15, factor 10: p = 1/101.
    expect(lfuLogIncr(15, 10, 1 / 101 - 1e-9)).toBe(16);
    expect(lfuLogIncr(15, 10, 1 / 101 + 1e-9)).toBe(15);
  });

  it('needs about a million hits to reach 255 with factor 10, as Redis documents', () => {
    const random = new Random(7);
    let c = LFU_INIT_VAL;
    let hits = 0;
    while (c < 255 && hits < 5_000_000) {
      c = lfuLogIncr(c, 10, random.next());
      hits++;
    }
    expect(c).toBe(255);
    expect(hits).toBeGreaterThan(300_000);
    expect(hits).toBeLessThan(3_000_000);
  });
});

describe('decay', () => {
  it('loses one per lfu-decay-time minutes since the last access', () => {
    const access = (lfuMinutes(T0) << 8) | 10;
    expect(lfuDecayedCounter(access, T0 + 3 * MIN, 1)).toBe(7);
    expect(lfuDecayedCounter(access, T0 + 3 * MIN, 2)).toBe(9);
    expect(lfuDecayedCounter(access, T0 + 30 * MIN, 1)).toBe(0);
    expect(lfuDecayedCounter(access, T0 + 30 * MIN, 0)).toBe(10);
  });

  it('handles the wrap of the 16-bit minute clock', () => {
    const wrapAt = 65536 * MIN;
    const base = Math.ceil(T0 / wrapAt) * wrapAt;
    const access = (lfuMinutes(base - 2 * MIN) << 8) | 20;
    expect(lfuDecayedCounter(access, base + 3 * MIN, 1)).toBe(15);
  });

  it('decays before incrementing on a touch', () => {
    const access = (lfuMinutes(T0) << 8) | 10;
    const touched = lfuTouch(access, T0 + 4 * MIN, 10, 1, 0);
    expect(touched & 255).toBe(7);
    expect(touched >>> 8).toBe(lfuMinutes(T0 + 4 * MIN));
  });
});

describe('through the keyspace', () => {
  it('starts keys at 5 and counts reads, not peeks', () => {
    let now = T0;
    const ks = new Keyspace(1, new Clock(() => now), new Random(1));
    ks.lfu = true;
    ks.lfuLogFactor = 0;
    const db = ks.dbs[0];
    const e = db.add('k', 'v');
    expect(e.access).toBe(lfuInitial(T0));
    for (let i = 0; i < 10; i++) db.lookupRead('k');
    db.peek('k');
    db.exists('k');
    expect(e.access & 255).toBe(15);
    now += 5 * MIN;
    ks.clock.refresh();
    expect(lfuDecayedCounter(e.access, ks.clock.nowMs, ks.lfuDecayTime)).toBe(10);
  });
});

describe('switching policies at runtime', () => {
  it('reads a key written under LRU as a new key under LFU, and an LFU field as minutes idle under LRU', () => {
    let now = T0;
    const ks = new Keyspace(1, new Clock(() => now), new Random(1));
    const db = ks.dbs[0];
    const e = db.add('k', 'v');
    expect(lruIdleMs(e.access, T0)).toBe(0);
    ks.lfu = true;
    expect(lfuDecayedCounter(e.access, ks.clock.nowMs, ks.lfuDecayTime)).toBe(LFU_INIT_VAL);
    ks.lfuLogFactor = 0;
    db.lookupRead('k');
    expect(e.access & 255).toBe(LFU_INIT_VAL + 1);
    ks.lfu = false;
    now += 7 * MIN;
    ks.clock.refresh();
    expect(lruIdleMs(e.access, ks.clock.nowMs)).toBe(7 * MIN);
  });
});
