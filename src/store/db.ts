/**
 * One database of the keyspace, over a KeyTable (table.ts): a compact hash table of handles whose
 * keys, small string values, access fields and flags live in arena records and typed columns
 * rather than in one JS object per key. This file is the single mutation path of the store: every
 * change to what a key holds goes through add / setKey / overwrite / delete / setExpire / persist
 * / written, and each of them computes the key's cost before and after and reports the difference
 * (and any resize of the table's structure) to the shared MemoryCounter, so used_memory is always
 * current without a walk over the keyspace.
 *
 * Commands see a key as an Entry: a short-lived view (table, handle, key) made by each lookup.
 * Expiry is lazy here (a lookup of an expired key deletes it first); expire.ts adds the active cycle.
 */
import { LAZYFREE_THRESHOLD } from '../memory/lazyfree';
import { ByteSpan, hashKey, KeyTable, VOLATILE } from './table';
import { Collection, StoredValue, typeOf, ValueType } from './value';
import type { Keyspace } from './keyspace';

/**
 * A key as a command sees it: a view of one handle of a KeyTable, valid until the end of the
 * command that looked it up (the table recycles a deleted key's handle only after that).
 */
export class Entry {
  constructor(
    private readonly t: KeyTable,
    /** The key's handle in its table. */
    readonly h: number,
    /** The key; undefined until first read when the view was made from a handle (sampling, SCAN). */
    private k: string | undefined,
  ) {}

  get key(): string {
    if (this.k === undefined) this.k = this.t.key(this.h);
    return this.k;
  }

  get value(): StoredValue {
    return this.t.value(this.h);
  }

  /** LRU: lruClock() of the last access. LFU: (minutes << 8) | counter, see memory/lfu.ts. */
  get access(): number {
    return this.t.access[this.h];
  }

  set access(v: number) {
    this.t.access[this.h] = v;
  }

  /** ms since the epoch after which the key no longer exists; 0 when it has no TTL. */
  get expireAt(): number {
    return this.t.expireAt(this.h);
  }

  /** Bytes charged to the accountant for this key. */
  get cost(): number {
    return this.t.cost(this.h);
  }

  /** How the current string value was built (commands/strings.ts); 0 when unmarked. */
  get mark(): number {
    return this.t.mark(this.h);
  }

  set mark(m: number) {
    this.t.setMark(this.h, m);
  }

  get type(): ValueType {
    return typeOf(this.value);
  }

  /** See KeyTable.inlineSpan: the value's bytes in place, for replies that copy them out. */
  inlineSpan(span: ByteSpan): boolean {
    return this.t.inlineSpan(this.h, span);
  }

  /** Whether the value is a string (cheaper than `typeof e.value`: no string is built). */
  get isString(): boolean {
    return this.t.isString(this.h);
  }
}

/** Lookup flags, as Redis's LOOKUP_*. */
export const LOOKUP_NONE = 0;
/** Do not update the key's LRU/LFU access field. */
export const LOOKUP_NOTOUCH = 1;
/** Do not count a keyspace hit or miss. */
export const LOOKUP_NOSTATS = 2;

export class Db {
  table = new KeyTable();
  /** Bytes charged for this database's keys; the sum of their costs. */
  bytes = 0;

  /** The table's structureBytes as last counted in ks.memory.tables. */
  private structure: number;

  constructor(
    readonly id: number,
    private readonly ks: Keyspace,
  ) {
    this.structure = this.table.structureBytes;
    ks.memory.tables += this.structure;
  }

  get size(): number {
    return this.table.count;
  }

  get expiresCount(): number {
    return this.table.volatile.size;
  }

  /** The entry without any side effect: no expiry, no touch, no stats. */
  peek(key: string): Entry | undefined {
    const h = this.table.find(key, hashKey(key));
    return h < 0 ? undefined : new Entry(this.table, h, key);
  }

  /**
   * Redis's lookupKey: deletes the key first if its TTL has passed; counts a hit or a miss unless
   * LOOKUP_NOSTATS; refreshes the access field unless LOOKUP_NOTOUCH or the client asked not to.
   */
  lookup(key: string, flags: number): Entry | undefined {
    const t = this.table;
    let h = t.find(key, hashKey(key));
    if (h >= 0 && t.expireAt(h) !== 0 && this.ks.clock.nowMs > t.expireAt(h)) {
      if (!this.ks.paused) this.expire(new Entry(t, h, key));
      h = -1;
    }
    if ((flags & LOOKUP_NOSTATS) === 0) {
      if (h < 0) {
        this.ks.stats.keyspaceMisses++;
        this.ks.keyMissed(this, key);
      }
      else this.ks.stats.keyspaceHits++;
    }
    if (h < 0) return undefined;
    if ((flags & LOOKUP_NOTOUCH) === 0) this.ks.touch(t, h);
    return new Entry(t, h, key);
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
    const h = this.table.insert(key, hashKey(key), value, this.ks.initialAccess());
    this.charge(h, 0);
    this.restructured();
    this.ks.keyModified(this, key);
    this.ks.keyCreated(this, key);
    return new Entry(this.table, h, key);
  }

  /**
   * Redis's setKey: creates or replaces the key's value. The TTL is removed unless keepTtl. An
   * existing entry keeps its access history, as Redis's dbOverwrite does.
   */
  setKey(key: string, value: StoredValue, keepTtl = false): Entry {
    const e = this.lookup(key, LOOKUP_NOTOUCH | LOOKUP_NOSTATS);
    if (e === undefined) return this.add(key, value);
    this.replaceValue(e.h, value, keepTtl);
    this.ks.touch(this.table, e.h);
    this.ks.keyModified(this, key);
    return e;
  }

  /** Replaces an existing key's value keeping its TTL and access history (APPEND, INCR, SETRANGE ...). */
  overwrite(e: Entry, value: StoredValue): void {
    this.replaceValue(e.h, value, true);
    this.ks.keyModified(this, e.key);
  }

  /**
   * The value change shared by setKey and overwrite. A string that fits the key's record as it is
   * (same size class, TTL kept) is written in place: the key's cost cannot change, so nothing is
   * charged; anything else goes through setValue and a charge.
   */
  private replaceValue(h: number, value: StoredValue, keepTtl: boolean): void {
    const t = this.table;
    const keepsTtl = keepTtl || (t.flags[h] & VOLATILE) === 0;
    if (keepsTtl && typeof value === 'string' && t.replaceInline(h, value)) return;
    const before = t.cost(h);
    t.setValue(h, value);
    if (!keepTtl) t.dropExpire(h);
    this.charge(h, before);
  }

  /**
   * Call after changing a value in place (APPEND, LPUSH, HSET ...): re-charges the key's cost and
   * signals the modification. A collection left empty is deleted, so no key ever holds one.
   */
  written(e: Entry): void {
    const v = this.table.collection(e.h);
    if (v !== undefined && v.length === 0) {
      this.delete(e.key);
      return;
    }
    this.charge(e.h, this.table.cost(e.h));
    this.ks.keyModified(this, e.key);
  }

  /** dbDelete: removes the key if present. */
  delete(key: string): boolean {
    const h = this.table.find(key, hashKey(key));
    if (h < 0) return false;
    this.unlink(h);
    this.ks.keyModified(this, key);
    return true;
  }

  /** Sets the absolute expiry time (ms since the epoch) of an existing key. */
  setExpire(e: Entry, atMs: number): void {
    const before = this.table.cost(e.h);
    this.table.setExpire(e.h, atMs);
    this.charge(e.h, before);
    this.ks.keyModified(this, e.key);
  }

  /** Removes the TTL; false when the key had none. */
  persist(e: Entry): boolean {
    if (e.expireAt === 0) return false;
    const before = this.table.cost(e.h);
    this.table.dropExpire(e.h);
    this.charge(e.h, before);
    this.ks.keyModified(this, e.key);
    return true;
  }

  /** Deletes an entry whose TTL has passed, counting it in expired_keys. */
  expire(e: Entry): void {
    this.unlink(e.h);
    this.ks.keyExpired(this, e.key);
  }

  /** Removes every key; returns how many there were. */
  flush(): number {
    const n = this.table.count;
    this.ks.dbEmptying(this, undefined);
    if (n > LAZYFREE_THRESHOLD && this.ks.lazyFree !== undefined) this.ks.lazyFree(this.table, this.bytes, n);
    this.table = new KeyTable();
    this.restructured();
    this.ks.memory.dataset -= this.bytes;
    this.bytes = 0;
    this.ks.dbFlushed(this);
    return n;
  }

  /** Exchanges the contents of two databases (SWAPDB): clients keep their Db object. */
  swapWith(other: Db): void {
    this.ks.dbEmptying(this, other);
    this.ks.dbEmptying(other, this);
    [this.table, other.table] = [other.table, this.table];
    [this.structure, other.structure] = [other.structure, this.structure];
    [this.bytes, other.bytes] = [other.bytes, this.bytes];
    this.ks.dbFlushed(this);
    this.ks.dbFlushed(other);
  }

  /** A random existing key, or undefined. Expired keys found on the way are deleted (as RANDOMKEY). */
  randomKey(): string | undefined {
    // Terminates: every round either returns or deletes a key (Redis's dbRandomKey on a master).
    while (this.table.count > 0) {
      const e = this.randomEntry(this.ks.random.next()) as Entry;
      if (this.ks.isExpired(e)) {
        this.expire(e);
        continue;
      }
      return e.key;
    }
    return undefined;
  }

  /** A key chosen from `pick` in [0, 1) (eviction sampling), expired or not; undefined when empty. */
  randomEntry(pick: number): Entry | undefined {
    const h = this.table.randomHandle(pick);
    return h < 0 ? undefined : this.entryAt(h);
  }

  /** A uniformly chosen key with a TTL, from `pick` in [0, 1); undefined when there is none. */
  randomVolatile(pick: number): Entry | undefined {
    const v = this.table.volatile;
    return v.size === 0 ? undefined : this.entryAt(v.at(Math.floor(pick * v.size)));
  }

  /** SCAN over every key: see KeyTable.scan for the cursor and its guarantee. */
  scan(cursor: number, count: number, visit: (e: Entry) => void): number {
    return this.table.scan(cursor, count, (h) => visit(this.entryAt(h)));
  }

  /** Walks the keys with a TTL (the active expiry cycle): see VolatileSet.scan. */
  scanVolatile(cursor: number, count: number, visit: (e: Entry) => void): number {
    return this.table.volatile.scan(cursor, count, (h) => visit(this.entryAt(h)));
  }

  /** Iterates over every entry, expired or not (KEYS and SCAN filter expired ones themselves). */
  *entries(): IterableIterator<Entry> {
    const t = this.table;
    for (let h = 0; h < t.hw; h++) if (t.isLive(h)) yield this.entryAt(h);
  }

  /** Recycles the handles of keys deleted by the command that just ran (KeyTable.releasePending). */
  releasePending(): void {
    this.table.releasePending();
    this.restructured();
  }

  private entryAt(h: number): Entry {
    return new Entry(this.table, h, undefined);
  }

  private unlink(h: number): void {
    const t = this.table;
    const cost = t.cost(h);
    this.ks.memory.dataset -= cost;
    this.bytes -= cost;
    this.release(t.collection(h));
    t.remove(h);
    this.restructured();
    this.ks.pendingRelease = true;
  }

  /** A big value leaving the dataset stays counted in used_memory until lazy free releases it. */
  private release(v: Collection | undefined): void {
    if (v !== undefined && v.length > LAZYFREE_THRESHOLD && this.ks.lazyFree !== undefined) this.ks.lazyFree(v, v.bytes, v.length);
  }

  /** Counts a resize of the table's index or columns. */
  private restructured(): void {
    const now = this.table.structureBytes;
    if (now !== this.structure) {
      this.ks.memory.tables += now - this.structure;
      this.structure = now;
    }
  }

  /** The table's structure divided among its keys: what MEMORY USAGE adds to a key's own cost. */
  get structureShare(): number {
    return this.table.count === 0 ? 0 : Math.round(this.structure / this.table.count);
  }

  /**
   * Reports the change of the key's cost from `before` (its cost prior to the mutation, 0 for a new
   * key): the one place costs change.
   */
  private charge(h: number, before: number): void {
    const delta = this.table.recharge(h) - before;
    if (delta !== 0) {
      this.bytes += delta;
      this.ks.memory.dataset += delta;
    }
  }
}
