/**
 * Active expiry (Redis's activeExpireCycle, slow cycle): keys with a TTL that nobody reads again must
 * still free their memory. Each tick walks every database's TTL index with a cursor that persists
 * between ticks (SlotArray.scan, so every volatile key is visited in turn rather than sampled at
 * random), deleting the keys whose time has passed. A database is visited again at once while more
 * than the tolerated share of its last batch was expired; the whole cycle stops when its time budget
 * (a share of the tick) is spent, and the next tick resumes at the database where it stopped.
 * active-expire-effort (1..10) raises the batch size and the budget and lowers the tolerated share,
 * with Redis's formulas.
 */
import type { Keyspace } from './keyspace';
import type { Db, Entry } from './db';

/** Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP, keys per batch at effort 1. */
const KEYS_PER_LOOP = 20;
/** Percent of a batch that may be expired keys before the database is left for later. */
const ACCEPTABLE_STALE_PERCENT = 10;
/** Percent of the tick the cycle may use at effort 1. */
const SLOW_TIME_PERCENT = 25;
/** Batches between two looks at the clock (Redis checks every 16 iterations). */
const BATCHES_PER_TIME_CHECK = 16;

/** When false, only lazy expiry runs (DEBUG SET-ACTIVE-EXPIRE 0). */
export const activeExpireState = { enabled: true };

/** What persists between cycles: where to resume, per keyspace. */
interface CycleState {
  /** Index of the database the next cycle starts with. */
  currentDb: number;
  /** Resume position of each database's TTL-index cursor (0: start a new pass). */
  cursors: WeakMap<Db, number>;
}

const states = new WeakMap<Keyspace, CycleState>();

/** Redis's stat_expired_stale_perc: an exponential average (weight 5%) of each cycle's expired share. */
function recordStaleShare(ks: Keyspace, result: ExpireCycleResult): void {
  if (result.sampled === 0) return;
  ks.stats.expiredStalePerc = (result.expired / result.sampled) * 0.05 + ks.stats.expiredStalePerc * 0.95;
}

function monotonicMs(): number {
  return performance.now();
}

/** Outcome of one cycle, for INFO and tests. */
export interface ExpireCycleResult {
  /** Keys deleted. */
  expired: number;
  /** Keys looked at. */
  sampled: number;
  /** The cycle stopped because its time budget ran out. */
  timeLimitReached: boolean;
}

/**
 * One slow cycle. `tickMs` is the tick period (1000 / hz); `timer` reads elapsed time in ms for the
 * budget (performance.now; tests inject a counter).
 */
export function activeExpireCycle(ks: Keyspace, effort: number, tickMs: number, timer: () => number = monotonicMs): ExpireCycleResult {
  const result: ExpireCycleResult = { expired: 0, sampled: 0, timeLimitReached: false };
  if (!activeExpireState.enabled || ks.paused || ks.dbs.length === 0) return result;
  let state = states.get(ks);
  if (state === undefined) {
    state = { currentDb: 0, cursors: new WeakMap() };
    states.set(ks, state);
  }
  const extra = effort - 1;
  const perLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * extra;
  const stalePercent = ACCEPTABLE_STALE_PERCENT - extra;
  const budgetMs = (tickMs * (SLOW_TIME_PERCENT + 2 * extra)) / 100;
  const start = timer();
  const batch: Entry[] = [];
  let batches = 0;
  for (let n = 0; n < ks.dbs.length; n++) {
    const db = ks.dbs[state.currentDb % ks.dbs.length];
    state.currentDb = (state.currentDb + 1) % ks.dbs.length;
    for (;;) {
      if (db.expiresCount === 0) break;
      batch.length = 0;
      const cursor = db.scanVolatile(state.cursors.get(db) ?? 0, perLoop, (e) => batch.push(e));
      state.cursors.set(db, cursor);
      let expired = 0;
      for (const e of batch) {
        if (ks.isExpired(e)) {
          db.expire(e);
          expired++;
        }
      }
      result.sampled += batch.length;
      result.expired += expired;
      if (++batches % BATCHES_PER_TIME_CHECK === 0 && timer() - start > budgetMs) {
        result.timeLimitReached = true;
        recordStaleShare(ks, result);
        ks.releasePending();
        return result;
      }
      if (expired * 100 <= batch.length * stalePercent) break;
    }
  }
  recordStaleShare(ks, result);
  ks.releasePending();
  return result;
}
