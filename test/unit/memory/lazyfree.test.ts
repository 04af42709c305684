/**
 * Lazy free: big values stay counted until released, in slices between event-loop turns.
 */
import { describe, expect, it } from 'vitest';
import { LazyFree } from '../../../src/memory/lazyfree';

describe('LazyFree', () => {
  it('releases in slices and counts the bytes until then, never below zero', () => {
    const lf = new LazyFree();
    lf.enqueue({}, 1000, 100);
    lf.enqueue({}, 333, 7);
    expect(lf.pendingBytes).toBe(1333);
    expect(lf.pendingObjects).toBe(2);
    expect(lf.releaseSlice(50)).toBe(50);
    expect(lf.pendingBytes).toBe(833);
    expect(lf.releaseSlice(53)).toBe(53);
    expect(lf.pendingObjects).toBe(1);
    expect(lf.freedObjects).toBe(1);
    expect(lf.pendingBytes).toBe(333 - Math.floor((333 * 3) / 7));
    lf.releaseSlice(1000);
    expect(lf.pendingBytes).toBe(0);
    expect(lf.pendingObjects).toBe(0);
    expect(lf.freedObjects).toBe(2);
  });

  it('finishes on its own between event-loop turns', async () => {
    const lf = new LazyFree();
    lf.enqueue({}, 10_000_000, 1_000_000);
    for (let i = 0; i < 100 && lf.pendingObjects > 0; i++) await new Promise((r) => setImmediate(r));
    expect(lf.pendingObjects).toBe(0);
    expect(lf.pendingBytes).toBe(0);
  });
});
