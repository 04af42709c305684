/**
 * The sorted set value: Redis's zset. A skiplist (skiplist.ts) orders the nodes by (score, member)
 * and answers ranks and ranges in O(log n). A skiplist-encoded set also indexes its members: a Map
 * from member to node (ZSCORE and membership in O(1)) and a SlotArray of the nodes, which gives
 * ZSCAN its guarantee and ZRANDMEMBER uniform picks in O(1).
 *
 * OBJECT ENCODING follows redis-server 7.0: a set is "listpack" while it has at most
 * zset-max-listpack-entries members of at most zset-max-listpack-value bytes each, and turns
 * "skiplist" for good the first time an insertion breaks either limit; only a set built whole (the
 * STORE commands) starts over as listpack when it fits. A listpack keeps no member index: its few
 * members are found by walking the list, as Redis walks a listpack, which saves the index's memory
 * on the many small sets. Where Redis's listpack code answers differently, so does this one: ZSCAN
 * returns a listpack whole, ranges are searched linearly, and a score of -0 is stored as 0.
 *
 * Memory: `bytes` is kept exact incrementally from the named costs in memory/costs.ts.
 */
import { ZSET_BASE, ZSET_INDEX_BASE, ZSET_INDEX_MEMBER, ZSET_NODE, ZSET_NODE_LEVEL, stringBytes } from '../memory/costs';
import type { Collection } from './value';
import { SkipList, ZNode, RangeSpec } from './skiplist';
import { SlotArray } from './slots';

/** zset-max-listpack-entries and zset-max-listpack-value, read from the config by the caller. */
export interface ZsetLimits {
  readonly entries: number;
  readonly value: number;
}

/** zsetAdd input flags (ZADD_IN_*). */
export const ZADD_IN_INCR = 1;
export const ZADD_IN_NX = 2;
export const ZADD_IN_XX = 4;
export const ZADD_IN_GT = 8;
export const ZADD_IN_LT = 16;

/** zsetAdd outcomes (ZADD_OUT_*). */
export const ZADD_OUT_NOP = 1;
export const ZADD_OUT_NAN = 2;
export const ZADD_OUT_ADDED = 4;
export const ZADD_OUT_UPDATED = 8;

class NodeSlots extends SlotArray<ZNode> {
  protected getSlot(n: ZNode): number {
    return n.slot;
  }
  protected setSlot(n: ZNode, slot: number): void {
    n.slot = slot;
  }
}

/** Bytes one member costs in any encoding: its string and its node with its levels. */
function memberBytes(n: ZNode): number {
  return stringBytes(n.ele.length) + ZSET_NODE + ZSET_NODE_LEVEL * n.level;
}


export class ZSet implements Collection {
  readonly type = 'zset' as const;
  readonly zsl = new SkipList();
  /**
   * The member index of a skiplist-encoded set: member -> node, and the scan slots. A listpack has
   * neither (null): its few members are found by walking the list, as Redis walks a listpack.
   */
  private dict: Map<string, ZNode> | null = null;
  private slots: NodeSlots | null = null;
  /** Bytes, never below ZSET_BASE; kept by every insertion, deletion and change of encoding. */
  bytes = ZSET_BASE;

  get length(): number {
    return this.zsl.length;
  }

  /** Whether Redis would hold this set as a listpack (no member index here). */
  get listpack(): boolean {
    return this.dict === null;
  }

  encoding(): string {
    return this.dict === null ? 'listpack' : 'skiplist';
  }

  clone(): ZSet {
    const z = new ZSet();
    for (let n = this.zsl.first(); n !== null; n = n.forward) z.insertNew(n.ele, n.score);
    if (this.dict !== null) z.convertToSkiplist();
    return z;
  }

  /** The member's node, or undefined (a map lookup, or a walk of a listpack). */
  lookup(ele: string): ZNode | undefined {
    if (this.dict !== null) return this.dict.get(ele);
    for (let n = this.zsl.first(); n !== null; n = n.forward) if (n.ele === ele) return n;
    return undefined;
  }

  score(ele: string): number | undefined {
    return this.lookup(ele)?.score;
  }

  /** Inserts a member known to be absent; no encoding decision (see add / fitEncoding). */
  insertNew(ele: string, score: number): ZNode {
    const n = this.zsl.insert(score, ele);
    this.bytes += memberBytes(n);
    if (this.dict !== null) {
      this.dict.set(ele, n);
      (this.slots as NodeSlots).add(n);
      this.bytes += ZSET_INDEX_MEMBER;
    }
    return n;
  }

  /** Drops a node the skiplist no longer holds from the index and the charged bytes. */
  private forget(n: ZNode): void {
    this.bytes -= memberBytes(n);
    if (this.dict !== null) {
      this.dict.delete(n.ele);
      (this.slots as NodeSlots).remove(n);
      this.bytes -= ZSET_INDEX_MEMBER;
    }
  }

  /** Removes a member; false when absent (zsetDel). */
  remove(ele: string): boolean {
    const n = this.lookup(ele);
    if (n === undefined) return false;
    this.zsl.delete(n.score, ele);
    this.forget(n);
    return true;
  }

  /** listpack -> skiplist (zsetConvert): builds the member index. */
  private convertToSkiplist(): void {
    if (this.dict !== null) return;
    const dict = new Map<string, ZNode>();
    const slots = new NodeSlots();
    for (let n = this.zsl.first(); n !== null; n = n.forward) {
      dict.set(n.ele, n);
      slots.add(n);
    }
    this.dict = dict;
    this.slots = slots;
    this.bytes += ZSET_INDEX_BASE + ZSET_INDEX_MEMBER * this.zsl.length;
  }

  /** skiplist -> listpack, for a set built whole that fits the limits: drops the member index. */
  private convertToListpack(): void {
    if (this.dict !== null) {
      this.dict = null;
      this.slots = null;
      this.bytes -= ZSET_INDEX_BASE + ZSET_INDEX_MEMBER * this.zsl.length;
    }
    for (let n = this.zsl.first(); n !== null; n = n.forward) n.score = this.stored(n.score);
  }

  /**
   * The first node in a score or lex range. A listpack is searched as Redis searches one: linearly
   * from the head for the first member at or past the minimum. On a set of equal scores (the only
   * case where lex ranges are defined) that is the skiplist's answer too; on mixed scores, it is the
   * answer Redis gives for a listpack.
   */
  firstInRange(range: RangeSpec): ZNode | null {
    if (!this.listpack) return this.zsl.firstInRange(range);
    if (!this.zsl.isInRange(range)) return null;
    for (let n = this.zsl.first(); n !== null; n = n.forward) if (range.gteMin(n)) return range.lteMax(n) ? n : null;
    return null;
  }

  /** The last node in a score or lex range; a listpack is searched linearly from the tail. */
  lastInRange(range: RangeSpec): ZNode | null {
    if (!this.listpack) return this.zsl.lastInRange(range);
    if (!this.zsl.isInRange(range)) return null;
    for (let n = this.zsl.tail; n !== null; n = n.backward) if (range.lteMax(n)) return range.gteMin(n) ? n : null;
    return null;
  }

  /** ZCOUNT / ZLEXCOUNT: ranks of the first and last nodes, or the run from the first (listpack). */
  countInRange(range: RangeSpec): number {
    const first = this.firstInRange(range);
    if (first === null) return 0;
    if (this.listpack) {
      let count = 0;
      for (let n: ZNode | null = first; n !== null && range.lteMax(n); n = n.forward) count++;
      return count;
    }
    const last = this.zsl.lastInRange(range) as ZNode;
    return this.zsl.rank(last.score, last.ele) - this.zsl.rank(first.score, first.ele) + 1;
  }

  /** Removes every member in a score or lex range, from its first node while in range; returns how many. */
  removeRange(range: RangeSpec): number {
    if (this.dict !== null) return this.zsl.deleteRange(range, (n) => this.forget(n));
    let count = 0;
    for (let n = this.firstInRange(range); n !== null && range.lteMax(n); count++) {
      const after: ZNode | null = n.forward;
      this.remove(n.ele);
      n = after;
    }
    return count;
  }

  /** Removes the members of 0-based ranks start..end inclusive, both within bounds. */
  removeRangeByRank(start: number, end: number): number {
    return this.zsl.deleteRangeByRank(start + 1, end + 1, (n) => this.forget(n));
  }

  /**
   * Redis's zsetAdd: adds or updates `ele` under the ZADD_IN_* flags. Returns the ZADD_OUT_* flags
   * and, unless NOP or NAN, the member's resulting score in `result.score`.
   */
  add(score: number, ele: string, flags: number, limits: ZsetLimits, result: { score: number }): number {
    if (Number.isNaN(score)) return ZADD_OUT_NAN;
    const n = this.lookup(ele);
    if (n !== undefined) {
      if (flags & ZADD_IN_NX) return ZADD_OUT_NOP;
      const cur = n.score;
      if (flags & ZADD_IN_INCR) {
        score += cur;
        if (Number.isNaN(score)) return ZADD_OUT_NAN;
      }
      if ((flags & ZADD_IN_LT && score >= cur) || (flags & ZADD_IN_GT && score <= cur)) return ZADD_OUT_NOP;
      result.score = score;
      if (score !== cur) {
        this.zsl.updateScore(n, this.stored(score));
        return ZADD_OUT_UPDATED;
      }
      return 0;
    }
    if (flags & ZADD_IN_XX) return ZADD_OUT_NOP;
    if (this.dict === null && (this.zsl.length + 1 > limits.entries || ele.length > limits.value)) this.convertToSkiplist();
    this.insertNew(ele, this.stored(score));
    result.score = score;
    return ZADD_OUT_ADDED;
  }

  /**
   * The score as the encoding keeps it: a listpack stores scores as text and reads "-0" back as the
   * integer 0, so -0 becomes 0 there; a skiplist keeps the double as given.
   */
  private stored(score: number): number {
    return this.listpack && Object.is(score, -0) ? 0 : score;
  }

  /** For a set built whole (STORE results): listpack when it fits the limits (zsetConvertToListpackIfNeeded). */
  fitEncoding(limits: ZsetLimits): void {
    let fits = this.zsl.length <= limits.entries;
    for (let n = this.zsl.first(); fits && n !== null; n = n.forward) fits = n.ele.length <= limits.value;
    if (fits) this.convertToListpack();
    else this.convertToSkiplist();
  }

  /** 0-based rank of a member, counted from the lowest score (or the highest with reverse), or -1. */
  rankOf(ele: string, reverse: boolean): number {
    const n = this.lookup(ele);
    if (n === undefined) return -1;
    const r = this.zsl.rank(n.score, ele);
    return reverse ? this.zsl.length - r : r - 1;
  }

  /** The node at a 0-based rank within bounds. */
  nodeAtRank(rank: number): ZNode {
    return this.zsl.byRank(rank + 1) as ZNode;
  }

  /** A uniformly chosen member's node; the set must not be empty. `pick` is in [0, 1). */
  randomNode(pick: number): ZNode {
    const i = Math.floor(pick * this.zsl.length);
    return this.slots !== null ? this.slots.at(i) : this.nodeAtRank(i);
  }

  /**
   * ZSCAN of a skiplist-encoded set over its scan slots (see SlotArray.scan for the cursor and its
   * guarantee); a listpack is visited whole and answers cursor 0, as Redis answers one.
   */
  scan(cursor: number, count: number, visit: (n: ZNode) => void): number {
    if (this.slots !== null) return this.slots.scan(cursor, count, visit);
    for (let n = this.zsl.first(); n !== null; n = n.forward) visit(n);
    return 0;
  }
}
