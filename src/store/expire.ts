/**
 * Active expiry (Redis's activeExpireCycle): keys with a TTL that nobody reads again must still free
 * their memory. Each tick samples keys from every database's TTL index and deletes the expired
 * ones, repeating on a database while more than a tolerated share of the sample was expired, within
 * a time budget of a quarter of the tick. active-expire-effort (1..10) raises the sample size and
 * lowers the tolerated share, as in Redis.
 */
import type { Keyspace } from './keyspace';

const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE_PERCENT = 10;
const SLOW_TIME_PERCENT = 25;

/** When false, only lazy expiry runs (DEBUG SET-ACTIVE-EXPIRE 0). */
export const activeExpireState = { enabled: true };

export function activeExpireCycle(ks: Keyspace, effort: number, tickMs: number): void {
  if (!activeExpireState.enabled) return;
  const extra = effort - 1;
  const perLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * extra;
  const stalePercent = ACCEPTABLE_STALE_PERCENT - extra;
  const budgetMs = (tickMs * (SLOW_TIME_PERCENT + 2 * extra)) / 100;
  const start = performance.now();
  for (const db of ks.dbs) {
    for (;;) {
      const n = db.volatile.size;
      if (n === 0) break;
      const sampled = Math.min(n, perLoop);
      let expired = 0;
      for (let i = 0; i < sampled; i++) {
        const e = db.volatile.random(ks.random.next());
        if (e !== undefined && ks.clock.nowMs > e.expireAt) {
          db.expire(e);
          expired++;
        }
      }
      if (performance.now() - start > budgetMs) return;
      if (expired * 100 <= sampled * stalePercent) break;
    }
  }
}
