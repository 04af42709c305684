/**
 * The keyspace: the databases and what they share: the clock, the random source, the access policy
 * (LRU or LFU, switched by maxmemory-policy), the keyspace statistics, the memory counter the
 * accountant reads, and the hooks through which higher layers learn of changes (WATCH, keyspace
 * notifications, blocked clients). The store never imports those layers; they register hooks here.
 */
import { Clock } from '../util/clock';
import { Random } from '../util/random';
import { lfuInitial, lfuTouch, lruClock } from '../memory/lfu';
import { Db, Entry } from './db';
import type { KeyTable } from './table';

export interface KeyspaceStats {
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
  /** Running estimate (0..1) of the share of expired keys among those the active cycle samples. */
  expiredStalePerc: number;
  evictedKeys: number;
}

/** Bytes held by the dataset; the accountant reads it, the store is its only writer. */
export interface MemoryCounter {
  dataset: number;
  /** Bytes of the databases' key tables themselves (KeyTable.structureBytes, summed). */
  tables: number;
}

/**
 * Listeners through which higher layers learn of changes. Each module registers the callbacks it
 * needs with Keyspace.listen(); every callback runs synchronously inside the mutation.
 */
export interface KeyspaceHooks {
  /** A key's value, TTL or existence changed (Redis's signalModifiedKey). */
  keyModified?(db: Db, key: string): void;
  /** A key was created (dbAdd): blocked clients waiting on it may be served. */
  keyCreated?(db: Db, key: string): void;
  /** Every key of a database may have changed (FLUSHDB, FLUSHALL, SWAPDB). */
  dbFlushed?(db: Db): void;
  /**
   * Runs before `emptied` loses its keys: flushed (replacedWith undefined) or, for SWAPDB, about to
   * hold replacedWith's keys. Both databases still hold their old contents (WATCH compares them).
   */
  dbEmptying?(emptied: Db, replacedWith: Db | undefined): void;
  /** A read lookup found no key (counted in keyspace_misses; the keymiss event). */
  keyMissed?(db: Db, key: string): void;
  /** A key was deleted because its TTL passed. */
  keyExpired?(db: Db, key: string): void;
}

export class Keyspace {
  readonly dbs: Db[] = [];
  readonly stats: KeyspaceStats = { keyspaceHits: 0, keyspaceMisses: 0, expiredKeys: 0, expiredStalePerc: 0, evictedKeys: 0 };
  readonly memory: MemoryCounter = { dataset: 0, tables: 0 };
  private modified: Array<(db: Db, key: string) => void> = [];
  private created: Array<(db: Db, key: string) => void> = [];
  private flushed: Array<(db: Db) => void> = [];
  private emptying: Array<(emptied: Db, replacedWith: Db | undefined) => void> = [];
  private missed: Array<(db: Db, key: string) => void> = [];
  private expired: Array<(db: Db, key: string) => void> = [];

  /** Access field semantics: LFU counters when an LFU maxmemory-policy is set, LRU clock otherwise. */
  lfu = false;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /**
   * Set while a CLIENT PAUSE is in force: the dataset stays static, so keys past their TTL read as
   * missing but are not deleted, and neither the active expiry cycle nor eviction runs (Redis 7.0).
   */
  paused = false;
  /** Some database holds deleted keys whose handles await releasePending(). */
  pendingRelease = false;
  /** Cleared while a CLIENT NO-TOUCH client runs a command other than TOUCH. */
  touchEnabled = true;
  /**
   * Takes a big value leaving the keyspace (bytes still counted, elements to release), set by the
   * accountant's lazy free (memory/lazyfree.ts); undefined frees at once.
   */
  lazyFree: ((value: object, bytes: number, elements: number) => void) | undefined = undefined;

  constructor(
    databases: number,
    readonly clock: Clock = new Clock(),
    readonly random: Random = new Random(),
  ) {
    for (let i = 0; i < databases; i++) this.dbs.push(new Db(i, this));
  }

  isExpired(e: Entry): boolean {
    return e.expireAt !== 0 && this.clock.nowMs > e.expireAt;
  }

  initialAccess(): number {
    return this.lfu ? lfuInitial(this.clock.nowMs) : lruClock(this.clock.nowMs);
  }

  /** Refreshes the access field of handle h of table t (an LRU clock reading or an LFU count). */
  touch(t: KeyTable, h: number): void {
    if (!this.touchEnabled) return;
    t.access[h] = this.lfu
      ? lfuTouch(t.access[h], this.clock.nowMs, this.lfuLogFactor, this.lfuDecayTime, this.random.next())
      : lruClock(this.clock.nowMs);
  }

  /** Recycles the handles of keys deleted since the last call (by the command that just ran), in every database. */
  releasePending(): void {
    this.pendingRelease = false;
    for (let i = 0; i < this.dbs.length; i++) this.dbs[i].releasePending();
  }

  /** Registers a module's callbacks; they run in registration order. */
  listen(hooks: KeyspaceHooks): void {
    if (hooks.keyModified) this.modified.push(hooks.keyModified);
    if (hooks.keyCreated) this.created.push(hooks.keyCreated);
    if (hooks.dbFlushed) this.flushed.push(hooks.dbFlushed);
    if (hooks.dbEmptying) this.emptying.push(hooks.dbEmptying);
    if (hooks.keyMissed) this.missed.push(hooks.keyMissed);
    if (hooks.keyExpired) this.expired.push(hooks.keyExpired);
  }

  keyModified(db: Db, key: string): void {
    for (let i = 0; i < this.modified.length; i++) this.modified[i](db, key);
  }

  keyCreated(db: Db, key: string): void {
    for (let i = 0; i < this.created.length; i++) this.created[i](db, key);
  }

  keyMissed(db: Db, key: string): void {
    for (let i = 0; i < this.missed.length; i++) this.missed[i](db, key);
  }

  dbEmptying(emptied: Db, replacedWith: Db | undefined): void {
    for (const f of this.emptying) f(emptied, replacedWith);
  }

  dbFlushed(db: Db): void {
    for (const f of this.flushed) f(db);
  }

  keyExpired(db: Db, key: string): void {
    this.stats.expiredKeys++;
    for (const f of this.expired) f(db, key);
  }

  /** Total keys over all databases. */
  keyCount(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }
}
