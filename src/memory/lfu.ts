/**
 * The LFU access counter, as Redis keeps it in a key's 24-bit access field:
 *
 *     16 bits: last decrement time, in minutes (wraps)  |  8 bits: logarithmic counter
 *
 * The counter starts at LFU_INIT_VAL so new keys are not evicted at once. On each access it grows by
 * one with probability 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1), saturating at 255; it
 * loses one per lfu-decay-time minutes elapsed since the last decrement, computed lazily when read.
 */
export const LFU_INIT_VAL = 5;
/**
 * The largest access field LFU writes (16 + 8 bits). A larger one is an LRU clock (see lruClock)
 * left from before the policy switched to LFU: such a key reads as new (LFU_INIT_VAL) until
 * its next access rewrites the field, where Redis would read its LRU clock's bits as a counter.
 */
export const LFU_FIELD_MAX = 0xffffff;
/**
 * The LRU form of the access field: LRU_TAG | (ms clock & LRU_MASK). It stays a small integer, which
 * V8 keeps inside the Entry (an ms time since the epoch would be a boxed double: 16 more bytes per
 * key and one more dereference per access). The clock wraps every 2^30 ms (12.4 days), as Redis's
 * 24-bit seconds clock wraps every 194 days; idle times are read modulo the wrap.
 */
const LRU_TAG = 0x40000000;
const LRU_MASK = 0x3fffffff;

/** The access field for an access now under an LRU policy. */
export function lruClock(nowMs: number): number {
  return LRU_TAG | (nowMs & LRU_MASK);
}
const COUNTER_MAX = 255;
const MINUTES_MASK = 0xffff;

export function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & MINUTES_MASK;
}

/** Minutes elapsed since `then` (16-bit, wrapping as Redis's LFUTimeElapsed). */
function minutesElapsed(nowMs: number, then: number): number {
  const now = lfuMinutes(nowMs);
  return now >= then ? now - then : MINUTES_MASK + 1 - then + now;
}

/** The access field for a key created now. */
export function lfuInitial(nowMs: number): number {
  return (lfuMinutes(nowMs) << 8) | LFU_INIT_VAL;
}

/** The counter after lazy decay, without storing it (Redis's LFUDecrAndReturn). */
export function lfuDecayedCounter(access: number, nowMs: number, decayMinutes: number): number {
  if (access > LFU_FIELD_MAX) return LFU_INIT_VAL;
  const counter = access & COUNTER_MAX;
  if (decayMinutes <= 0) return counter;
  const periods = Math.floor(minutesElapsed(nowMs, access >>> 8) / decayMinutes);
  return periods > counter ? 0 : counter - periods;
}

/** Logarithmic increment (Redis's LFULogIncr); `pick` is uniform in [0, 1). */
export function lfuLogIncr(counter: number, logFactor: number, pick: number): number {
  if (counter === COUNTER_MAX) return counter;
  const base = Math.max(0, counter - LFU_INIT_VAL);
  return pick < 1 / (base * logFactor + 1) ? counter + 1 : counter;
}

/** The access field after one access now: decay first, then the probabilistic increment. */
export function lfuTouch(access: number, nowMs: number, logFactor: number, decayMinutes: number, pick: number): number {
  const counter = lfuLogIncr(lfuDecayedCounter(access, nowMs, decayMinutes), logFactor, pick);
  return (lfuMinutes(nowMs) << 8) | counter;
}

/**
 * ms since the last access, as LRU reads it: from the LRU clock, or for a field still in LFU form
 * (the policy switched from LFU to LRU since) with minute resolution from its last-decrement time.
 */
export function lruIdleMs(access: number, nowMs: number): number {
  return access > LFU_FIELD_MAX ? ((nowMs & LRU_MASK) - (access & LRU_MASK)) & LRU_MASK : minutesElapsed(nowMs, access >>> 8) * 60000;
}
