/**
 * Heap sizing for maxmemory: the old-space size that holds a limit, the young generation kept small
 * for small limits, and the ceiling enforced when maxmemory is 0 or too large.
 */
import { describe, expect, it } from 'vitest';
import * as v8 from 'node:v8';
import { HEAP_USABLE_SHARE, heapCeiling, liveHeapBytes, oldSpaceLimit, requiredHeapMb, semiSpaceMb } from '../../../src/memory/heap';
import { MemoryAccountant } from '../../../src/memory/accountant';
import { Keyspace } from '../../../src/store/keyspace';

const MB = 2 ** 20;

describe('heap sizing', () => {
  it('keeps the ceiling below the heap limit', () => {
    const limit = v8.getHeapStatistics().heap_size_limit;
    expect(heapCeiling()).toBe(Math.floor(oldSpaceLimit() * HEAP_USABLE_SHARE));
    // The young generation is not where data lives: it is left out of the old space.
    expect(oldSpaceLimit()).toBeLessThan(limit);
    expect(heapCeiling()).toBeLessThan(limit * HEAP_USABLE_SHARE);
  });

  it('asks for an old space that holds maxmemory within the usable share', () => {
    const mb = requiredHeapMb(8 * 1024 * MB);
    expect(mb * MB * HEAP_USABLE_SHARE).toBeGreaterThanOrEqual(8 * 1024 * MB);
  });

  it('holds a semi-space to about 1/64 of a small limit, between 1 and 16 MB', () => {
    expect(semiSpaceMb(0)).toBe(0);
    expect(semiSpaceMb(10 * MB)).toBe(1);
    expect(semiSpaceMb(256 * MB)).toBe(4);
    expect(semiSpaceMb(1000 * MB)).toBe(8);
    expect(semiSpaceMb(1024 * MB)).toBe(0);
  });

  it('enforces the ceiling when maxmemory is 0 or more than the heap holds', () => {
    const m = new MemoryAccountant(new Keyspace(1));
    m.setMaxmemory(0);
    expect(m.heapCapped).toBe(true);
    expect(m.maxmemory).toBe(heapCeiling());
    m.setMaxmemory(heapCeiling() * 2);
    expect(m.heapCapped).toBe(true);
    expect(m.configuredMaxmemory).toBe(heapCeiling() * 2);
    expect(m.maxmemory).toBe(heapCeiling());
    m.setMaxmemory(100 * MB);
    expect(m.heapCapped).toBe(false);
    expect(m.maxmemory).toBe(100 * MB);
  });
});

describe('the live heap at start-up', () => {
  it('is measured after a full collection, without exposing gc() to the program', () => {
    const exposedBefore = typeof (globalThis as { gc?: unknown }).gc;
    let garbage: string[] | undefined = Array.from({ length: 100_000 }, (_, i) => `garbage ${i}`);
    const withGarbage = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(100_000);
    garbage = undefined;
    expect(liveHeapBytes()).toBeLessThan(withGarbage - 2 * 1024 * 1024);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(exposedBefore);
  });
});
