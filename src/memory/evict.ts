/**
 * Eviction: Redis's performEvictions, run by the dispatcher before every command while a memory
 * limit is set. While used_memory is above the limit, the configured maxmemory-policy picks victims
 * and deletes them through the store's single mutation path (so WATCH, notifications and the
 * accountant all see an ordinary delete).
 *
 * Victim selection follows Redis. The LRU, LFU and volatile-ttl policies share one pool of
 * EVPOOL_SIZE candidates, kept between calls and across databases and sorted by score (higher is a
 * better victim): each round samples maxmemory-samples keys per database, from all keys (allkeys-*)
 * or from those with a TTL (volatile-*), inserts those that beat the worst pooled candidate, then
 * evicts the best pooled candidate that still exists (one that vanished meanwhile is a ghost and is
 * skipped). Scores: LRU idle ms; LFU 255 minus the decayed counter; volatile-ttl how soon the key
 * expires. The random policies take one random key per round, visiting databases round-robin.
 *
 * A call is time-boxed by maxmemory-eviction-tenacity (evictionTimeLimitUs, checked every 16 keys);
 * when the budget runs out while still over the limit, the job continues between event-loop turns
 * and callers are told Running (commands are not refused). Memory that lazy free (lazyfree.ts) is
 * still releasing counts as being freed: eviction does not evict more to cover it, and reports
 * Running while it drains. Fail means nothing can be freed.
 */
import type { Keyspace } from '../store/keyspace';
import type { Db, Entry } from '../store/db';
import { lfuDecayedCounter, lruIdleMs } from './lfu';

export const EVPOOL_SIZE = 16;

export enum EvictionResult {
  /** Within the limit, or brought back within it. */
  Ok,
  /** Over the limit, but eviction is making progress and continues in the background. */
  Running,
  /** Over the limit and nothing can be freed under the current policy. */
  Fail,
}

type Score = (e: Entry, ks: Keyspace) => number;

export interface Policy {
  readonly name: string;
  /** Sample from every key, or only from keys with a TTL. */
  readonly allKeys: boolean;
  /** How good a victim a key is (higher goes first); undefined for the random policies. */
  readonly score: Score | undefined;
  /** Whether the policy evicts at all. */
  readonly evicts: boolean;
}

/** LRU: ms since the last access; a field still in LFU form (before the switch) gives minutes. */
const lruIdle: Score = (e, ks) => lruIdleMs(e.access, ks.clock.nowMs);
/** LFU: 255 minus the counter after lazy decay, so rarely used keys score high. */
const lfuScore: Score = (e, ks) => 255 - lfuDecayedCounter(e.access, ks.clock.nowMs, ks.lfuDecayTime);
/** volatile-ttl: the sooner the expiry, the higher the score. */
const ttlScore: Score = (e) => Number.MAX_SAFE_INTEGER - e.expireAt;

export const POLICIES: ReadonlyMap<string, Policy> = new Map(
  (
    [
      ['volatile-lru', false, lruIdle],
      ['volatile-lfu', false, lfuScore],
      ['volatile-random', false, undefined],
      ['volatile-ttl', false, ttlScore],
      ['allkeys-lru', true, lruIdle],
      ['allkeys-lfu', true, lfuScore],
      ['allkeys-random', true, undefined],
      ['noeviction', true, undefined],
    ] as const
  ).map(([name, allKeys, score]) => [name, { name, allKeys, score, evicts: name !== 'noeviction' }]),
);

/**
 * Microseconds one call may spend evicting (Redis's evictionTimeLimitUs): linear up to 500 us at
 * tenacity 10, then a 15% geometric progression, unbounded at 100.
 */
export function evictionTimeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return 500 * Math.pow(1.15, tenacity - 10);
  return Infinity;
}

interface PoolEntry {
  score: number;
  key: string;
  dbid: number;
}

/**
 * The shared candidate pool: at most EVPOOL_SIZE entries, sorted by ascending score, so the best
 * victim is last. A key appears at most once.
 */
export class EvictionPool {
  readonly entries: PoolEntry[] = [];

  /** Redis's evictionPoolPopulate for one database. */
  populate(db: Db, policy: Policy, ks: Keyspace, samples: number): void {
    const score = policy.score as Score;
    const n = Math.min(samples, policy.allKeys ? db.size : db.expiresCount);
    for (let i = 0; i < n; i++) {
      const pick = ks.random.next();
      const e = (policy.allKeys ? db.randomEntry(pick) : db.randomVolatile(pick)) as Entry;
      const s = score(e, ks);
      // Checked before insert() so that the key of a sample the pool would refuse is never read.
      if (this.entries.length === EVPOOL_SIZE && s <= this.entries[0].score) continue;
      this.insert(s, e.key, db.id);
    }
  }

  insert(score: number, key: string, dbid: number): void {
    const pool = this.entries;
    if (pool.length === EVPOOL_SIZE && score <= pool[0].score) return;
    for (let i = 0; i < pool.length; i++) {
      if (pool[i].key === key && pool[i].dbid === dbid) {
        if (pool[i].score >= score) return;
        pool.splice(i, 1);
        break;
      }
    }
    let at = pool.length;
    while (at > 0 && pool[at - 1].score > score) at--;
    pool.splice(at, 0, { score, key, dbid });
    if (pool.length > EVPOOL_SIZE) pool.shift();
  }

  /** Removes and returns the best candidate, or undefined when empty. */
  popBest(): PoolEntry | undefined {
    return this.entries.pop();
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/**
 * What the evictor needs from the accountant: the current usage, the limit, and how much of the
 * usage is already being released in the background (lazy free), which eviction must not chase.
 */
export interface EvictionTarget {
  used(): number;
  /** Part of used() that eviction ignores (Redis's mem_not_counted_for_evict). */
  notCountedForEvict(): number;
  readonly maxmemory: number;
  pendingRelease(): number;
}

export class Evictor {
  policy: Policy = POLICIES.get('noeviction') as Policy;
  samples = 5;
  tenacity = 10;
  readonly pool = new EvictionPool();
  /** The round-robin position of the random policies (Redis's next_db). */
  private nextDb = 0;
  /** A continuation is scheduled on the event loop (Redis's isEvictionProcRunning). */
  running = false;
  /** Set at shutdown: no continuation is scheduled any more. */
  stopped = false;
  /** performance.now() when usage first exceeded the limit in the current episode; 0 when within. */
  private exceededSince = 0;
  /** ms spent over the limit in finished episodes (total_eviction_exceeded_time). */
  private exceededTotalMs = 0;

  constructor(
    private readonly ks: Keyspace,
    private readonly target: EvictionTarget,
    /** Deletes a chosen key; the caller counts and notifies. */
    private readonly evictKey: (db: Db, key: string) => void,
  ) {}

  setPolicy(name: string): void {
    const p = POLICIES.get(name);
    if (p === undefined) throw new Error(`unknown maxmemory-policy ${name}`);
    if (p.score !== this.policy.score || p.allKeys !== this.policy.allKeys) this.pool.clear();
    this.policy = p;
  }

  /** ms of the current over-limit episode (current_eviction_exceeded_time). */
  currentExceededMs(): number {
    return this.exceededSince === 0 ? 0 : performance.now() - this.exceededSince;
  }

  /** ms over the limit, finished episodes plus the current one (total_eviction_exceeded_time). */
  totalExceededMs(): number {
    return this.exceededTotalMs + this.currentExceededMs();
  }

  /** Redis's performEvictions. Cheap when within the limit: one comparison. */
  performEvictions(): EvictionResult {
    // A client pause keeps the dataset static (Redis's isSafeToPerformEvictions), the background
    // continuation included: it stops here and the next command after the pause starts it again.
    if (this.ks.paused) return EvictionResult.Ok;
    const target = this.target;
    if (target.maxmemory === 0 || target.used() - target.notCountedForEvict() <= target.maxmemory) return this.updateMetrics(EvictionResult.Ok);
    if (!this.policy.evicts) return this.updateMetrics(EvictionResult.Fail);
    const limitUs = evictionTimeLimitUs(this.tenacity);
    const start = performance.now();
    let keysFreed = 0;
    let result = EvictionResult.Ok;
    for (;;) {
      const over = target.used() - target.notCountedForEvict() - target.pendingRelease() - target.maxmemory;
      if (over <= 0) {
        // What remains above the limit is being released in the background.
        if (target.used() - target.notCountedForEvict() > target.maxmemory) result = EvictionResult.Running;
        break;
      }
      if (!this.evictOne()) {
        // Nothing left to evict; memory still being released lazily may yet bring usage down.
        result = target.pendingRelease() > 0 ? EvictionResult.Running : EvictionResult.Fail;
        break;
      }
      keysFreed++;
      if (keysFreed % 16 === 0 && (performance.now() - start) * 1000 > limitUs) {
        this.startEvictionTimeProc();
        break;
      }
    }
    if (result === EvictionResult.Ok && this.running) result = EvictionResult.Running;
    return this.updateMetrics(result);
  }

  /** Selects and deletes one victim; false when there is none. */
  private evictOne(): boolean {
    const ks = this.ks;
    const policy = this.policy;
    if (policy.score === undefined) {
      const n = ks.dbs.length;
      for (let i = 0; i < n; i++) {
        this.nextDb = (this.nextDb + 1) % n;
        const db = ks.dbs[this.nextDb];
        const pick = ks.random.next();
        const e = policy.allKeys ? db.randomEntry(pick) : db.randomVolatile(pick);
        if (e !== undefined) {
          this.evictKey(db, e.key);
          return true;
        }
      }
      return false;
    }
    for (;;) {
      let total = 0;
      for (const db of ks.dbs) {
        const size = policy.allKeys ? db.size : db.expiresCount;
        if (size === 0) continue;
        this.pool.populate(db, policy, ks, this.samples);
        total += size;
      }
      if (total === 0) return false;
      for (let best = this.pool.popBest(); best !== undefined; best = this.pool.popBest()) {
        const db = ks.dbs[best.dbid];
        const e = db.peek(best.key);
        if (e !== undefined && (policy.allKeys || e.expireAt !== 0)) {
          this.evictKey(db, best.key);
          return true;
        }
        // A ghost: the key went away since it was pooled.
      }
    }
  }

  /** Continues eviction on the next event-loop turn (Redis's startEvictionTimeProc). */
  private startEvictionTimeProc(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    setImmediate(() => this.evictionTimeProc());
  }

  private evictionTimeProc(): void {
    this.running = false;
    if (this.stopped) return;
    this.ks.clock.refresh();
    const result = this.performEvictions();
    this.ks.releasePending();
    if (result === EvictionResult.Running) this.startEvictionTimeProc();
  }

  private updateMetrics(result: EvictionResult): EvictionResult {
    if (result === EvictionResult.Ok) {
      if (this.exceededSince !== 0) {
        this.exceededTotalMs += performance.now() - this.exceededSince;
        this.exceededSince = 0;
      }
    } else if (this.exceededSince === 0) {
      this.exceededSince = performance.now();
    }
    return result;
  }
}
