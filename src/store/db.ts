/**
 * One database of the keyspace: a Map from key to Entry, plus two SlotArrays, one of every key and
 * one of the keys carrying a TTL, used for SCAN, RANDOMKEY, eviction sampling and the active expire
 * cycle. This file is the single mutation path of the store: every change to what a key holds goes
 * through add / setKey / delete / setExpire / persist / written, and each of them updates the key's
 * charged cost (Entry.cost) and reports the difference to the shared MemoryCounter, so used_memory
 * is always current without a walk over the keyspace.
 *
 * Expiry is lazy here (a lookup of an expired key deletes it first); expire.ts adds the active cycle.
 */
import { keyOverhead, valueBytes, VOLATILE_SLOT } from '../memory/costs';
import { LAZYFREE_THRESHOLD } from '../memory/lazyfree';
import { SlotArray } from './slots';
import { StoredValue, typeOf, ValueType } from './value';
import type { Keyspace } from './keyspace';

/** expireAt is kept as hi * EXPIRE_SPLIT + lo, two small integers. */
const EXPIRE_SPLIT = 1 << 20;

export class Entry {
  /**
   * The expiry time split in two small integers, which V8 keeps inside the object: a ms time since
   * the epoch in one field would be a boxed double (16 more bytes per key, once any key has a TTL,
   * and one more dereference per lookup). Read and written through expireAt.
   */
  private expHi = 0;
  private expLo = 0;
  /** LRU: lruClock() of the last access. LFU: (minutes << 8) | counter, see memory/lfu.ts. */
  access: number;
  /** Bytes charged to the accountant for this key: key, entry and value. Never negative. */
  cost = 0;
  /** Position in Db.all, and in Db.volatile (-1 without a TTL). */
  slot = -1;
  vslot = -1;

  constructor(
    readonly key: string,
    public value: StoredValue,
    access: number,
  ) {
    this.access = access;
  }

  /** ms since the epoch after which the key no longer exists; 0 when it has no TTL. */
  get expireAt(): number {
    return this.expHi * EXPIRE_SPLIT + this.expLo;
  }

  set expireAt(ms: number) {
    const hi = Math.floor(ms / EXPIRE_SPLIT);
    // `| 0` makes V8 store small integers, not doubles that happen to be whole; a time so far
    // away that hi leaves the 31-bit range is stored as it is (correct, merely boxed).
    this.expHi = hi >= -0x40000000 && hi <= 0x3fffffff ? hi | 0 : hi;
    this.expLo = (ms - hi * EXPIRE_SPLIT) | 0;
  }

  get type(): ValueType {
    return typeOf(this.value);
  }
}

class AllKeys extends SlotArray<Entry> {
  protected getSlot(e: Entry): number {
    return e.slot;
  }
  protected setSlot(e: Entry, slot: number): void {
    e.slot = slot;
  }
}

class VolatileKeys extends SlotArray<Entry> {
  protected getSlot(e: Entry): number {
    return e.vslot;
  }
  protected setSlot(e: Entry, slot: number): void {
    e.vslot = slot;
  }
}

/** Lookup flags, as Redis's LOOKUP_*. */
export const LOOKUP_NONE = 0;
/** Do not update the key's LRU/LFU access field. */
export const LOOKUP_NOTOUCH = 1;
/** Do not count a keyspace hit or miss. */
export const LOOKUP_NOSTATS = 2;

export class Db {
  private dict = new Map<string, Entry>();
  all = new AllKeys();
  volatile = new VolatileKeys();
  /** Bytes charged for this database's keys; the sum of their Entry.cost. */
  bytes = 0;

  constructor(
    readonly id: number,
    private readonly ks: Keyspace,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  get expiresCount(): number {
    return this.volatile.size;
  }

  /** The entry without any side effect: no expiry, no touch, no stats. */
  peek(key: string): Entry | undefined {
    return this.dict.get(key);
  }

  /**
   * Redis's lookupKey: deletes the key first if its TTL has passed; counts a hit or a miss unless
   * LOOKUP_NOSTATS; refreshes the access field unless LOOKUP_NOTOUCH or the client asked not to.
   */
  lookup(key: string, flags: number): Entry | undefined {
    let e = this.dict.get(key);
    if (e !== undefined && e.expireAt !== 0 && this.ks.isExpired(e)) {
      if (!this.ks.paused) this.expire(e);
      e = undefined;
    }
    if ((flags & LOOKUP_NOSTATS) === 0) {
      if (e === undefined) {
        this.ks.stats.keyspaceMisses++;
        this.ks.keyMissed(this, key);
      }
      else this.ks.stats.keyspaceHits++;
    }
    if (e !== undefined && (flags & LOOKUP_NOTOUCH) === 0) this.ks.touch(e);
    return e;
  }

  /** lookupKeyRead: touches and counts. */
  lookupRead(key: string): Entry | undefined {
    return this.lookup(key, LOOKUP_NONE);
  }

  /** lookupKeyWrite: touches, no hit/miss statistics. */
  lookupWrite(key: string): Entry | undefined {
    return this.lookup(key, LOOKUP_NOSTATS);
  }

  /** Whether the key exists (expiring it first if due), without touching it. */
  exists(key: string): boolean {
    return this.lookup(key, LOOKUP_NOTOUCH | LOOKUP_NOSTATS) !== undefined;
  }

  /** Adds a key that must not exist (dbAdd). */
  add(key: string, value: StoredValue): Entry {
    const e = new Entry(key, value, this.ks.initialAccess());
    this.dict.set(key, e);
    this.all.add(e);
    this.charge(e);
    this.ks.keyModified(this, key);
    this.ks.keyCreated(this, key);
    return e;
  }

  /**
   * Redis's setKey: creates or replaces the key's value. The TTL is removed unless keepTtl. An
   * existing entry keeps its access history, as Redis's dbOverwrite does.
   */
  setKey(key: string, value: StoredValue, keepTtl = false): Entry {
    const e = this.lookup(key, LOOKUP_NOTOUCH | LOOKUP_NOSTATS);
    if (e === undefined) return this.add(key, value);
    e.value = value;
    if (!keepTtl && e.expireAt !== 0) this.dropTtl(e);
    this.charge(e);
    this.ks.touch(e);
    this.ks.keyModified(this, key);
    return e;
  }

  /**
   * Call after changing a value in place (APPEND, LPUSH, HSET ...): re-charges the key's cost and
   * signals the modification. A collection left empty is deleted, so no key ever holds one.
   */
  written(e: Entry): void {
    if (typeof e.value !== 'string' && e.value.length === 0) {
      this.delete(e.key);
      return;
    }
    this.charge(e);
    this.ks.keyModified(this, e.key);
  }

  /** dbDelete: removes the key if present. */
  delete(key: string): boolean {
    const e = this.dict.get(key);
    if (e === undefined) return false;
    this.unlink(e);
    this.ks.keyModified(this, key);
    return true;
  }

  /** Sets the absolute expiry time (ms since the epoch) of an existing key. */
  setExpire(e: Entry, atMs: number): void {
    if (e.expireAt === 0) this.volatile.add(e);
    e.expireAt = atMs;
    this.charge(e);
    this.ks.keyModified(this, e.key);
  }

  /** Removes the TTL; false when the key had none. */
  persist(e: Entry): boolean {
    if (e.expireAt === 0) return false;
    this.dropTtl(e);
    this.charge(e);
    this.ks.keyModified(this, e.key);
    return true;
  }

  /** Deletes an entry whose TTL has passed, counting it in expired_keys. */
  expire(e: Entry): void {
    this.unlink(e);
    this.ks.keyExpired(this, e.key);
  }

  /** Removes every key; returns how many there were. */
  flush(): number {
    const n = this.dict.size;
    this.ks.dbEmptying(this, undefined);
    if (n > LAZYFREE_THRESHOLD && this.ks.lazyFree !== undefined) this.ks.lazyFree(this.dict, this.bytes, n);
    this.dict = new Map();
    this.all.clear();
    this.volatile.clear();
    this.ks.memory.dataset -= this.bytes;
    this.bytes = 0;
    this.ks.dbFlushed(this);
    return n;
  }

  /** Exchanges the contents of two databases (SWAPDB): clients keep their Db object. */
  swapWith(other: Db): void {
    this.ks.dbEmptying(this, other);
    this.ks.dbEmptying(other, this);
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.all, other.all] = [other.all, this.all];
    [this.volatile, other.volatile] = [other.volatile, this.volatile];
    [this.bytes, other.bytes] = [other.bytes, this.bytes];
    this.ks.dbFlushed(this);
    this.ks.dbFlushed(other);
  }

  /** A random existing key, or undefined. Expired keys found on the way are deleted (as RANDOMKEY). */
  randomKey(): string | undefined {
    // Terminates: every round either returns or deletes a key (Redis's dbRandomKey on a master).
    while (this.all.size > 0) {
      const e = this.all.random(this.ks.random.next()) as Entry;
      if (e.expireAt !== 0 && this.ks.isExpired(e)) {
        this.expire(e);
        continue;
      }
      return e.key;
    }
    return undefined;
  }

  /** Iterates over every entry, expired or not (KEYS and SCAN filter expired ones themselves). */
  entries(): IterableIterator<Entry> {
    return this.dict.values();
  }

  private unlink(e: Entry): void {
    this.dict.delete(e.key);
    this.all.remove(e);
    if (e.expireAt !== 0) this.volatile.remove(e);
    e.expireAt = 0;
    this.ks.memory.dataset -= e.cost;
    this.bytes -= e.cost;
    const v = e.value;
    // A big value leaves the dataset but stays counted in used_memory until lazy free releases it.
    if (typeof v !== 'string' && v.length > LAZYFREE_THRESHOLD && this.ks.lazyFree !== undefined) this.ks.lazyFree(v, v.bytes, v.length);
    e.cost = 0;
  }

  private dropTtl(e: Entry): void {
    this.volatile.remove(e);
    e.expireAt = 0;
  }

  /** Recomputes the entry's cost and reports the difference: the one place costs change. */
  private charge(e: Entry): void {
    const cost = keyOverhead(e.key.length) + valueBytes(e.value) + (e.expireAt !== 0 ? VOLATILE_SLOT : 0);
    const delta = cost - e.cost;
    if (delta !== 0) {
      e.cost = cost;
      this.bytes += delta;
      this.ks.memory.dataset += delta;
    }
  }
}
