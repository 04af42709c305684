/**
 * The sorted set value: Redis's zset, in its two encodings. A small set is a listpack
 * (store/listpack.ts) of member, score, member, score ... in (score, member) order, scores stored as
 * text as Redis stores them (formatDouble's "%.17g", which reads back exactly); every operation walks
 * it, as Redis walks a listpack. A large one is a skiplist (skiplist.ts) ordering nodes by (score,
 * member), answering ranks and ranges in O(log n), with a Map from member to node (ZSCORE and
 * membership in O(1)) and a SlotArray of the nodes, which gives ZSCAN its guarantee and ZRANDMEMBER
 * uniform picks in O(1).
 *
 * OBJECT ENCODING follows redis-server 7.0: a set is "listpack" while it has at most
 * zset-max-listpack-entries members of at most zset-max-listpack-value bytes each, and turns
 * "skiplist" for good the first time an insertion breaks either limit; only a set built whole (the
 * STORE commands) starts over as listpack when it fits. Where Redis's listpack code answers
 * differently, so does this one: ZSCAN returns a listpack whole, ranges are searched linearly (the
 * first member at or past the minimum from the head, or at or before the maximum from the tail), and
 * a score of -0 is stored as 0 (Redis reads the text "-0" back as the integer 0).
 *
 * Invariants: exactly one of lp and sl is set. Memory: `bytes` is ZSET_LISTPACK_BASE plus the packed
 * string while listpack, and ZSET_BASE + ZSET_INDEX_BASE plus each member's node, string and index
 * share while skiplist, kept current by every change.
 */
import { ZSET_BASE, ZSET_INDEX_BASE, ZSET_INDEX_MEMBER, ZSET_LISTPACK_BASE, ZSET_NODE, ZSET_NODE_LEVEL, stringBytes } from '../memory/costs';
import { formatDouble } from '../resp/numbers';
import type { Collection } from './value';
import { Listpack } from './listpack';
import { SkipList, ZNode, RangeSpec, ZEntry } from './skiplist';
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

/** The skiplist encoding: the ordered nodes, member -> node, and the scan slots. */
class SkiplistEncoding {
  readonly zsl = new SkipList();
  readonly dict = new Map<string, ZNode>();
  readonly slots = new NodeSlots();
}

/** Bytes one skiplist member costs: its string, its node with its levels, its index entries. */
function memberBytes(n: ZNode): number {
  return stringBytes(n.ele.length) + ZSET_NODE + ZSET_NODE_LEVEL * n.level + ZSET_INDEX_MEMBER;
}

/** A score as a listpack stores it; -0 is written as 0 (see the preface). */
function scoreText(score: number): string {
  return score === 0 ? '0' : formatDouble(score);
}

function parseScore(text: string): number {
  return text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
}

/** Whether some entry of `all` (in order) may fall in the range (zzlIsInRange / zzlIsInLexRange). */
function isInRange(all: readonly ZEntry[], range: RangeSpec): boolean {
  return !range.empty && all.length > 0 && range.gteMin(all[all.length - 1]) && range.lteMax(all[0]);
}

/** The listpack search for a range's first entry: the first at or past the minimum, if in range; -1 otherwise. */
function firstIndexInRange(all: readonly ZEntry[], range: RangeSpec): number {
  if (!isInRange(all, range)) return -1;
  for (let i = 0; i < all.length; i++) if (range.gteMin(all[i])) return range.lteMax(all[i]) ? i : -1;
  return -1;
}

/** The listpack search for a range's last entry, from the tail. */
function lastIndexInRange(all: readonly ZEntry[], range: RangeSpec): number {
  if (!isInRange(all, range)) return -1;
  for (let i = all.length - 1; i >= 0; i--) if (range.lteMax(all[i])) return range.gteMin(all[i]) ? i : -1;
  return -1;
}

export class ZSet implements Collection {
  readonly type = 'zset' as const;
  private lp: Listpack | null = null;
  private sl: SkiplistEncoding | null = null;
  /** Bytes, kept by every insertion, deletion and change of encoding. */
  bytes: number;

  /** An empty set; a set to be built whole starts as a skiplist and is fitted once built. */
  constructor(encoding: 'listpack' | 'skiplist' = 'listpack') {
    if (encoding === 'listpack') {
      this.lp = new Listpack();
      this.bytes = ZSET_LISTPACK_BASE + stringBytes(0);
    } else {
      this.sl = new SkiplistEncoding();
      this.bytes = ZSET_BASE + ZSET_INDEX_BASE;
    }
  }

  get length(): number {
    return this.lp !== null ? this.lp.count >> 1 : (this.sl as SkiplistEncoding).zsl.length;
  }

  get listpack(): boolean {
    return this.lp !== null;
  }

  encoding(): string {
    return this.lp !== null ? 'listpack' : 'skiplist';
  }

  /** The skiplist of a skiplist-encoded set, null for a listpack. */
  get zsl(): SkipList | null {
    return this.sl === null ? null : this.sl.zsl;
  }

  clone(): ZSet {
    if (this.lp !== null) {
      const z = new ZSet();
      z.lp = this.lp.clone();
      z.bytes = this.bytes;
      return z;
    }
    const z = new ZSet('skiplist');
    for (const e of this.entries()) z.insertNew(e.ele, e.score);
    return z;
  }

  /** The listpack's score of the member at `off`. */
  private static scoreAt(lp: Listpack, off: number): number {
    return parseScore(lp.get(lp.next(off)));
  }

  /** Every entry of the listpack, decoded, in order. */
  private decoded(): ZEntry[] {
    const lp = this.lp as Listpack;
    const out: ZEntry[] = [];
    for (let off = lp.first(); off >= 0; off = lp.skip(off, 2)) out.push({ ele: lp.get(off), score: ZSet.scoreAt(lp, off) });
    return out;
  }

  private chargeListpack(): void {
    this.bytes = ZSET_LISTPACK_BASE + stringBytes((this.lp as Listpack).byteLength);
  }

  /** The member with its score, or undefined (a map lookup, or a walk of a listpack). */
  lookup(ele: string): ZEntry | undefined {
    const lp = this.lp;
    if (lp === null) return (this.sl as SkiplistEncoding).dict.get(ele);
    const off = lp.find(ele, 2);
    return off < 0 ? undefined : { ele, score: ZSet.scoreAt(lp, off) };
  }

  score(ele: string): number | undefined {
    const lp = this.lp;
    if (lp === null) return (this.sl as SkiplistEncoding).dict.get(ele)?.score;
    const off = lp.find(ele, 2);
    return off < 0 ? undefined : ZSet.scoreAt(lp, off);
  }

  /** Inserts a member known to be absent; no encoding decision (see add / fitEncoding). */
  insertNew(ele: string, score: number): void {
    const lp = this.lp;
    if (lp !== null) {
      // zzlInsert: before the first entry that sorts after (score, ele), else at the end.
      let off = lp.first();
      for (; off >= 0; off = lp.skip(off, 2)) {
        const s = ZSet.scoreAt(lp, off);
        if (s > score || (s === score && lp.get(off) > ele)) break;
      }
      lp.splice(off < 0 ? lp.byteLength : off, 0, [ele, scoreText(score)]);
      this.chargeListpack();
      return;
    }
    const sl = this.sl as SkiplistEncoding;
    const n = sl.zsl.insert(score, ele);
    sl.dict.set(ele, n);
    sl.slots.add(n);
    this.bytes += memberBytes(n);
  }

  /** Drops a node the skiplist no longer holds from the index and the charged bytes. */
  private forget(n: ZNode): void {
    const sl = this.sl as SkiplistEncoding;
    sl.dict.delete(n.ele);
    sl.slots.remove(n);
    this.bytes -= memberBytes(n);
  }

  /** Removes a member; false when absent (zsetDel). */
  remove(ele: string): boolean {
    const lp = this.lp;
    if (lp !== null) {
      const off = lp.find(ele, 2);
      if (off < 0) return false;
      lp.delete(off, 2);
      this.chargeListpack();
      return true;
    }
    const sl = this.sl as SkiplistEncoding;
    const n = sl.dict.get(ele);
    if (n === undefined) return false;
    sl.zsl.delete(n.score, ele);
    this.forget(n);
    return true;
  }

  /** listpack -> skiplist (zsetConvert). */
  private convertToSkiplist(): void {
    if (this.lp === null) return;
    const flat = this.lp.detach();
    this.lp = null;
    this.sl = new SkiplistEncoding();
    this.bytes = ZSET_BASE + ZSET_INDEX_BASE;
    for (let i = 0; i < flat.length; i += 2) this.insertNew(flat[i], parseScore(flat[i + 1]));
  }

  /** skiplist -> listpack, for a set built whole that fits the limits. */
  private convertToListpack(): void {
    if (this.sl === null) return;
    const packed: string[] = [];
    for (const e of this.entries()) packed.push(e.ele, scoreText(e.score));
    this.sl = null;
    this.lp = new Listpack();
    this.lp.append(packed);
    this.chargeListpack();
  }

  /** The entries at 0-based ranks start..end inclusive (both within bounds), in order or reversed. */
  range(start: number, end: number, reverse: boolean): ZEntry[] {
    const out: ZEntry[] = [];
    const lp = this.lp;
    if (lp !== null) {
      const llen = this.length;
      const from = reverse ? llen - 1 - end : start;
      let off = lp.seek(2 * from);
      for (let i = start; i <= end; i++, off = lp.skip(off, 2)) out.push({ ele: lp.get(off), score: ZSet.scoreAt(lp, off) });
      return reverse ? out.reverse() : out;
    }
    const zsl = (this.sl as SkiplistEncoding).zsl;
    let n = zsl.byRank(reverse ? zsl.length - start : start + 1);
    for (let i = start; i <= end && n !== null; i++) {
      out.push(n);
      n = reverse ? n.backward : n.forward;
    }
    return out;
  }

  /**
   * The entries in a score or lex range after skipping `offset`, at most `limit` of them (negative:
   * all), from the low end or the high end; a listpack is searched linearly (see the preface).
   */
  rangeIn(range: RangeSpec, offset: number, limit: number, reverse: boolean): ZEntry[] {
    const out: ZEntry[] = [];
    if (this.lp !== null) {
      const all = this.decoded();
      const step = reverse ? -1 : 1;
      const first = reverse ? lastIndexInRange(all, range) : firstIndexInRange(all, range);
      if (first < 0) return out;
      for (let i = first + step * offset; i >= 0 && i < all.length && limit !== 0; i += step, limit--) {
        if (reverse ? !range.gteMin(all[i]) : !range.lteMax(all[i])) break;
        out.push(all[i]);
      }
      return out;
    }
    const zsl = (this.sl as SkiplistEncoding).zsl;
    let n = reverse ? zsl.lastInRange(range) : zsl.firstInRange(range);
    for (; n !== null && offset > 0; offset--) n = reverse ? n.backward : n.forward;
    for (; n !== null && limit !== 0; limit--) {
      if (reverse ? !range.gteMin(n) : !range.lteMax(n)) break;
      out.push(n);
      n = reverse ? n.backward : n.forward;
    }
    return out;
  }

  /** The first index of a listpack's range and the index past its run: [from, to). */
  private listpackRun(range: RangeSpec): [number, number] {
    const all = this.decoded();
    const from = firstIndexInRange(all, range);
    if (from < 0) return [0, 0];
    let to = from;
    while (to < all.length && range.lteMax(all[to])) to++;
    return [from, to];
  }

  /** ZCOUNT / ZLEXCOUNT: ranks of the first and last nodes, or the run from the first (listpack). */
  countInRange(range: RangeSpec): number {
    if (this.lp !== null) {
      const [from, to] = this.listpackRun(range);
      return to - from;
    }
    const zsl = (this.sl as SkiplistEncoding).zsl;
    const first = zsl.firstInRange(range);
    if (first === null) return 0;
    const last = zsl.lastInRange(range) as ZNode;
    return zsl.rank(last.score, last.ele) - zsl.rank(first.score, first.ele) + 1;
  }

  /** Removes every member in a score or lex range, from its first node while in range; returns how many. */
  removeRange(range: RangeSpec): number {
    if (this.lp !== null) {
      const [from, to] = this.listpackRun(range);
      return to > from ? this.removeRangeByRank(from, to - 1) : 0;
    }
    return (this.sl as SkiplistEncoding).zsl.deleteRange(range, (n) => this.forget(n));
  }

  /** Removes the members of 0-based ranks start..end inclusive, both within bounds. */
  removeRangeByRank(start: number, end: number): number {
    const lp = this.lp;
    if (lp !== null) {
      lp.delete(lp.seek(2 * start), 2 * (end - start + 1));
      this.chargeListpack();
      return end - start + 1;
    }
    return (this.sl as SkiplistEncoding).zsl.deleteRangeByRank(start + 1, end + 1, (n) => this.forget(n));
  }

  /**
   * Redis's zsetAdd: adds or updates `ele` under the ZADD_IN_* flags. Returns the ZADD_OUT_* flags
   * and, unless NOP or NAN, the member's resulting score in `result.score`.
   */
  add(score: number, ele: string, flags: number, limits: ZsetLimits, result: { score: number }): number {
    if (Number.isNaN(score)) return ZADD_OUT_NAN;
    const cur = this.score(ele);
    if (cur !== undefined) {
      if (flags & ZADD_IN_NX) return ZADD_OUT_NOP;
      if (flags & ZADD_IN_INCR) {
        score += cur;
        if (Number.isNaN(score)) return ZADD_OUT_NAN;
      }
      if ((flags & ZADD_IN_LT && score >= cur) || (flags & ZADD_IN_GT && score <= cur)) return ZADD_OUT_NOP;
      result.score = score;
      if (score === cur) return 0;
      if (this.lp !== null) {
        // zzlDelete then zzlInsert, as Redis moves a listpack member.
        this.remove(ele);
        this.insertNew(ele, score);
      } else {
        const sl = this.sl as SkiplistEncoding;
        sl.zsl.updateScore(sl.dict.get(ele) as ZNode, score);
      }
      return ZADD_OUT_UPDATED;
    }
    if (flags & ZADD_IN_XX) return ZADD_OUT_NOP;
    if (this.lp !== null && (this.length + 1 > limits.entries || ele.length > limits.value)) this.convertToSkiplist();
    this.insertNew(ele, score);
    result.score = score;
    return ZADD_OUT_ADDED;
  }

  /** For a set built whole (STORE results): listpack when it fits the limits (zsetConvertToListpackIfNeeded). */
  fitEncoding(limits: ZsetLimits): void {
    let fits = this.length <= limits.entries;
    if (fits) for (const e of this.entries()) if (e.ele.length > limits.value) fits = false;
    if (fits) this.convertToListpack();
    else this.convertToSkiplist();
  }

  /** 0-based rank of a member, counted from the lowest score (or the highest with reverse), or -1. */
  rankOf(ele: string, reverse: boolean): number {
    const lp = this.lp;
    let r = -1;
    if (lp !== null) {
      const off = lp.find(ele, 2);
      if (off < 0) return -1;
      r = 0;
      for (let at = lp.first(); at !== off; at = lp.skip(at, 2)) r++;
    } else {
      const sl = this.sl as SkiplistEncoding;
      const n = sl.dict.get(ele);
      if (n === undefined) return -1;
      r = sl.zsl.rank(n.score, ele) - 1;
    }
    return reverse ? this.length - 1 - r : r;
  }

  /** The entry at a 0-based rank within bounds. */
  atRank(rank: number): ZEntry {
    return this.range(rank, rank, false)[0];
  }

  /** The lowest-scored entry, or the highest with max; the set must not be empty. */
  edge(max: boolean): ZEntry {
    return this.atRank(max ? this.length - 1 : 0);
  }

  /** A uniformly chosen member's entry; the set must not be empty. `pick` is in [0, 1). */
  randomEntry(pick: number): ZEntry {
    const i = Math.floor(pick * this.length);
    return this.sl !== null ? this.sl.slots.at(i) : this.atRank(i);
  }

  /**
   * Every entry, in (score, member) order. A listpack's members come out as flat copies, since the
   * set operations keep them in their results (a slice would pin the packed string).
   */
  *entries(): IterableIterator<ZEntry> {
    if (this.lp !== null) {
      const flat = this.lp.detach();
      for (let i = 0; i < flat.length; i += 2) yield { ele: flat[i], score: parseScore(flat[i + 1]) };
      return;
    }
    for (let n = (this.sl as SkiplistEncoding).zsl.first(); n !== null; n = n.forward) yield n;
  }

  /**
   * ZSCAN of a skiplist-encoded set over its scan slots (see SlotArray.scan for the cursor and its
   * guarantee); a listpack is visited whole and answers cursor 0, as Redis answers one.
   */
  scan(cursor: number, count: number, visit: (e: ZEntry) => void): number {
    if (this.sl !== null) return this.sl.slots.scan(cursor, count, visit);
    for (const e of this.entries()) visit(e);
    return 0;
  }
}
