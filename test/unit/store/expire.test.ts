/**
 * The active expire cycle with an injected clock and budget timer: it deletes keys whose time has
 * passed without anyone reading them, counts them in expired_keys, leaves live keys alone, stays
 * within its time budget and resumes where it stopped, honours DEBUG SET-ACTIVE-EXPIRE 0, and keeps
 * visiting a database while a large share of its batch was expired.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { activeExpireCycle, activeExpireState } from '../../../src/store/expire';
import { Keyspace } from '../../../src/store/keyspace';
import { Clock } from '../../../src/util/clock';
import { Random } from '../../../src/util/random';

const HZ_TICK_MS = 100;

function setup(databases = 2): { ks: Keyspace; advance: (ms: number) => void } {
  let now = 10_000_000;
  const clock = new Clock(() => now);
  const ks = new Keyspace(databases, clock, new Random(3));
  return {
    ks,
    advance(ms: number) {
      now += ms;
      clock.refresh();
    },
  };
}

/** A timer that never advances: the budget is never exhausted. */
const frozen = (): number => 0;

afterEach(() => {
  activeExpireState.enabled = true;
});

describe('activeExpireCycle', () => {
  it('deletes every expired key of every database and keeps the live ones', () => {
    const { ks, advance } = setup();
    for (const db of ks.dbs) {
      for (let i = 0; i < 500; i++) {
        const e = db.add(`k${i}`, 'v');
        if (i % 2 === 0) db.setExpire(e, ks.clock.nowMs + 50);
        else if (i % 5 === 0) db.setExpire(e, ks.clock.nowMs + 1_000_000);
      }
    }
    advance(51);
    const result = activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    expect(result.expired).toBe(500);
    expect(ks.stats.expiredKeys).toBe(500);
    for (const db of ks.dbs) {
      expect(db.size).toBe(250);
      expect(db.expiresCount).toBe(50);
      for (const e of db.entries()) expect(ks.isExpired(e)).toBe(false);
    }
  });

  it('does not delete a key at its exact expiry time, only after it', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    db.setExpire(db.add('k', 'v'), ks.clock.nowMs + 10);
    advance(10);
    activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    expect(db.size).toBe(1);
    advance(1);
    activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    expect(db.size).toBe(0);
  });

  it('stops at the time budget and finishes the work on later ticks', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    for (let i = 0; i < 5000; i++) db.setExpire(db.add(`k${i}`, 'v'), ks.clock.nowMs + 1);
    advance(2);
    let fakeMs = 0;
    const ticking = (): number => (fakeMs += 10);
    const first = activeExpireCycle(ks, 1, HZ_TICK_MS, ticking);
    expect(first.timeLimitReached).toBe(true);
    expect(first.expired).toBeGreaterThan(0);
    expect(db.size).toBeGreaterThan(0);
    let ticks = 1;
    while (db.size > 0 && ticks < 100) {
      activeExpireCycle(ks, 1, HZ_TICK_MS, ticking);
      ticks++;
    }
    expect(db.size).toBe(0);
    expect(ks.stats.expiredKeys).toBe(5000);
  });

  it('leaves a database after one batch when few of its keys are expired', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    for (let i = 0; i < 1000; i++) db.setExpire(db.add(`k${i}`, 'v'), ks.clock.nowMs + (i % 50 === 0 ? 1 : 1_000_000));
    advance(2);
    const result = activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    expect(result.sampled).toBe(20);
    expect(result.expired).toBeLessThanOrEqual(2);
  });

  it('samples more keys per batch at a higher active-expire-effort', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    for (let i = 0; i < 1000; i++) db.setExpire(db.add(`k${i}`, 'v'), ks.clock.nowMs + 1_000_000);
    advance(2);
    expect(activeExpireCycle(ks, 1, HZ_TICK_MS, frozen).sampled).toBe(20);
    expect(activeExpireCycle(ks, 10, HZ_TICK_MS, frozen).sampled).toBe(65);
  });

  it('walks the whole TTL index across ticks, so a rare expired key is found without reads', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    for (let i = 0; i < 1000; i++) db.setExpire(db.add(`k${i}`, 'v'), ks.clock.nowMs + (i === 777 ? 1 : 1_000_000));
    advance(2);
    for (let tick = 0; tick < 50; tick++) activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    expect(db.peek('k777')).toBeUndefined();
    expect(db.size).toBe(999);
  });

  it('does nothing while disabled (DEBUG SET-ACTIVE-EXPIRE 0)', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    db.setExpire(db.add('k', 'v'), ks.clock.nowMs + 1);
    advance(2);
    activeExpireState.enabled = false;
    expect(activeExpireCycle(ks, 1, HZ_TICK_MS, frozen).expired).toBe(0);
    expect(db.size).toBe(1);
    activeExpireState.enabled = true;
    expect(activeExpireCycle(ks, 1, HZ_TICK_MS, frozen).expired).toBe(1);
  });

  it('keeps expired_stale_perc as an exponential average of the expired share of each cycle', () => {
    const { ks, advance } = setup(1);
    const db = ks.dbs[0];
    for (let i = 0; i < 30; i++) db.setExpire(db.add(`live${i}`, 'v'), ks.clock.nowMs + 1_000_000);
    for (let i = 0; i < 10; i++) db.setExpire(db.add(`k${i}`, 'v'), ks.clock.nowMs + 1);
    advance(2);
    const first = activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    const share = first.expired / first.sampled;
    expect(share).toBeGreaterThan(0);
    expect(ks.stats.expiredStalePerc).toBeCloseTo(share * 0.05, 12);
    const second = activeExpireCycle(ks, 1, HZ_TICK_MS, frozen);
    expect(ks.stats.expiredStalePerc).toBeCloseTo((second.expired / second.sampled) * 0.05 + share * 0.05 * 0.95, 12);
  });
});
