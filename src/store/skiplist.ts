/**
 * The ordered half of a sorted set: Redis's zskiplist (William Pugh's skiplist with span counts).
 * Nodes are ordered by (score, member), members compared as bytes (latin1 JS strings compare by code
 * unit, which is memcmp with the shorter string first on a common prefix). Each forward link at each
 * level carries its span, the number of level-0 steps it jumps, so rank lookups and rank ranges cost
 * O(log n) like insertions and deletions. Levels are drawn with p = 1/4 up to 32.
 *
 * Ranges by score and by lex are described by a RangeSpec (gteMin / lteMax predicates on a node),
 * so one pair of searches (firstInRange, lastInRange) and one range deletion serve both.
 */

export const ZSKIPLIST_MAXLEVEL = 32;
/** Probability of promoting a node one level up, as Redis's ZSKIPLIST_P. */
const ZSKIPLIST_P = 0.25;

export class ZNode {
  /**
   * Both halves of each level in one array: lv[2i] the next node at level i (null past the tail),
   * lv[2i + 1] its span, the level-0 steps that link jumps (to the end of the list when null). One
   * array instead of two saves its header: 56 bytes per node.
   */
  readonly lv: Array<ZNode | number | null>;
  backward: ZNode | null = null;
  /** Position in the owning set's scan slots (see zset.ts); -1 while not in a set. */
  slot = -1;

  constructor(
    readonly ele: string,
    public score: number,
    level: number,
  ) {
    const lv = new Array<ZNode | number | null>(2 * level);
    for (let i = 0; i < level; i++) {
      lv[2 * i] = null;
      lv[2 * i + 1] = 0;
    }
    this.lv = lv;
  }

  get level(): number {
    return this.lv.length >> 1;
  }

  /** The next node in order, null at the tail. */
  get forward(): ZNode | null {
    return this.lv[0] as ZNode | null;
  }

  next(i: number): ZNode | null {
    return this.lv[2 * i] as ZNode | null;
  }

  span(i: number): number {
    return this.lv[2 * i + 1] as number;
  }

  setNext(i: number, n: ZNode | null): void {
    this.lv[2 * i] = n;
  }

  setSpan(i: number, span: number): void {
    this.lv[2 * i + 1] = span;
  }
}

/** A member with its score, as either encoding hands it out (a ZNode is one). */
export interface ZEntry {
  readonly ele: string;
  readonly score: number;
}

/** A range over the ordering: min and max tests on a node, and whether the range is empty by itself. */
export interface RangeSpec {
  /** The node is at or past the range's lower bound. */
  gteMin(n: ZEntry): boolean;
  /** The node is at or before the range's upper bound. */
  lteMax(n: ZEntry): boolean;
  /** min > max, or min == max with an exclusive end: no node can match. */
  readonly empty: boolean;
}

/** Redis's zrangespec: a score interval, each end inclusive or exclusive. */
export class ScoreRange implements RangeSpec {
  readonly empty: boolean;
  constructor(
    readonly min: number,
    readonly max: number,
    readonly minex: boolean,
    readonly maxex: boolean,
  ) {
    this.empty = min > max || (min === max && (minex || maxex));
  }
  gteMin(n: ZEntry): boolean {
    return this.minex ? n.score > this.min : n.score >= this.min;
  }
  lteMax(n: ZEntry): boolean {
    return this.maxex ? n.score < this.max : n.score <= this.max;
  }
}

/** One end of a lex range: '-' (below every string), '+' (above every string) or a string. */
export interface LexBound {
  /** -1 for '-', 1 for '+', 0 for a string bound. */
  readonly inf: -1 | 0 | 1;
  readonly value: string;
  readonly ex: boolean;
}

/** Redis's sdscmplex: compares a member or bound with a bound, the infinities beyond every string. */
function cmpLex(a: LexBound, b: LexBound): number {
  if (a.inf === b.inf && a.inf !== 0) return 0;
  if (a.inf === -1 || b.inf === 1) return -1;
  if (a.inf === 1 || b.inf === -1) return 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Redis's zlexrangespec. Only meaningful on nodes of equal scores (ZRANGEBYLEX's precondition). */
export class LexRange implements RangeSpec {
  readonly empty: boolean;
  constructor(
    readonly min: LexBound,
    readonly max: LexBound,
  ) {
    const cmp = cmpLex(min, max);
    this.empty = cmp > 0 || (cmp === 0 && (min.ex || max.ex));
  }
  gteMin(n: ZEntry): boolean {
    const m = this.min;
    if (m.inf !== 0) return m.inf < 0;
    return m.ex ? n.ele > m.value : n.ele >= m.value;
  }
  lteMax(n: ZEntry): boolean {
    const m = this.max;
    if (m.inf !== 0) return m.inf > 0;
    return m.ex ? n.ele < m.value : n.ele <= m.value;
  }
}

/** Level generator: a small xorshift so level draws neither depend on nor disturb injected randomness. */
let levelSeed = 0x2545f491;
function randomLevel(): number {
  let level = 1;
  for (;;) {
    levelSeed ^= levelSeed << 13;
    levelSeed ^= levelSeed >>> 17;
    levelSeed ^= levelSeed << 5;
    if ((levelSeed >>> 0) / 4294967296 >= ZSKIPLIST_P || level >= ZSKIPLIST_MAXLEVEL) return level;
    level++;
  }
}

/** a sorts before (score, ele). */
function before(a: ZNode, score: number, ele: string): boolean {
  return a.score < score || (a.score === score && a.ele < ele);
}

const UPDATE: ZNode[] = new Array<ZNode>(ZSKIPLIST_MAXLEVEL);
const RANK: number[] = new Array<number>(ZSKIPLIST_MAXLEVEL).fill(0);

export class SkipList {
  /** The header's levels grow with the list's highest level (never beyond 32), not allocated up front. */
  readonly header = new ZNode('', 0, 1);
  tail: ZNode | null = null;
  length = 0;
  /** Highest level in use, at least 1. */
  level = 1;
  /** Scratch vectors shared by every list (operations never interleave): predecessors, their ranks. */
  private readonly update = UPDATE;
  private readonly rankAt = RANK;

  /** Inserts a node; the caller guarantees the member is not present. */
  insert(score: number, ele: string): ZNode {
    this.descend(score, ele);
    const level = randomLevel();
    this.raiseLevel(level);
    return this.link(new ZNode(ele, score, level), this.update, this.rankAt);
  }

  /** zslInsert's descent: the last node before (score, ele) at every level, and its rank. */
  private descend(score: number, ele: string): void {
    const update = this.update;
    const rank = this.rankAt;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let f = x.next(i);
      while (f !== null && before(f, score, ele)) {
        rank[i] += x.span(i);
        x = f;
        f = x.next(i);
      }
      update[i] = x;
    }
  }

  /** Makes room for a node of `level`: new levels start at the header, spanning the whole list. */
  private raiseLevel(level: number): void {
    const header = this.header;
    for (let i = this.level; i < level; i++) {
      this.rankAt[i] = 0;
      this.update[i] = header;
      if (i === header.level) header.lv.push(null, 0);
      header.setSpan(i, this.length);
    }
    if (level > this.level) this.level = level;
  }

  /** Links node x after the predecessors found by a search (update, rank). */
  private link(x: ZNode, update: ZNode[], rank: number[]): ZNode {
    const level = x.level;
    for (let i = 0; i < level; i++) {
      const u = update[i];
      x.setNext(i, u.next(i));
      u.setNext(i, x);
      x.setSpan(i, u.span(i) - (rank[0] - rank[i]));
      u.setSpan(i, rank[0] - rank[i] + 1);
    }
    for (let i = level; i < this.level; i++) update[i].setSpan(i, update[i].span(i) + 1);
    x.backward = update[0] === this.header ? null : update[0];
    const after = x.forward;
    if (after !== null) after.backward = x;
    else this.tail = x;
    this.length++;
    return x;
  }

  /** Unlinks x given its predecessors at every level (Redis's zslDeleteNode). */
  private unlink(x: ZNode, update: ZNode[]): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (u.next(i) === x) {
        u.setSpan(i, u.span(i) + x.span(i) - 1);
        u.setNext(i, x.next(i));
      } else {
        u.setSpan(i, u.span(i) - 1);
      }
    }
    const after = x.forward;
    if (after !== null) after.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.next(this.level - 1) === null) this.level--;
    this.length--;
  }

  /** Fills this.update with the last node before (score, ele) at every level. */
  private findPredecessors(score: number, ele: string): void {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next(i);
      while (f !== null && before(f, score, ele)) {
        x = f;
        f = x.next(i);
      }
      this.update[i] = x;
    }
  }

  /** Removes the node holding (score, ele); returns it, or null when absent. */
  delete(score: number, ele: string): ZNode | null {
    this.findPredecessors(score, ele);
    const x = this.update[0].forward;
    if (x === null || x.score !== score || x.ele !== ele) return null;
    this.unlink(x, this.update);
    return x;
  }

  /**
   * Moves node x (in the list) to newScore. Stays in place when the order is unchanged, otherwise
   * it is unlinked and relinked (Redis's zslUpdateScore); returns the node, now holding newScore.
   */
  updateScore(x: ZNode, newScore: number): ZNode {
    const back = x.backward;
    const fwd = x.forward;
    if ((back === null || back.score < newScore || (back.score === newScore && back.ele < x.ele)) && (fwd === null || fwd.score > newScore || (fwd.score === newScore && fwd.ele > x.ele))) {
      x.score = newScore;
      return x;
    }
    this.findPredecessors(x.score, x.ele);
    this.unlink(x, this.update);
    // Relink the same node object, so the member's map entry and scan slot stay valid.
    x.score = newScore;
    this.descend(newScore, x.ele);
    this.raiseLevel(x.level);
    return this.link(x, this.update, this.rankAt);
  }

  /** 1-based rank of (score, ele), 0 when absent (zslGetRank). */
  rank(score: number, ele: string): number {
    let r = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next(i);
      while (f !== null && (before(f, score, ele) || (f.score === score && f.ele === ele))) {
        r += x.span(i);
        x = f;
        f = x.next(i);
      }
      if (x !== this.header && x.ele === ele && x.score === score) return r;
    }
    return 0;
  }

  /** The node at 1-based rank, or null out of range (zslGetElementByRank). */
  byRank(rank: number): ZNode | null {
    if (rank < 1 || rank > this.length) return null;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next(i);
      while (f !== null && traversed + x.span(i) <= rank) {
        traversed += x.span(i);
        x = f;
        f = x.next(i);
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  first(): ZNode | null {
    return this.header.forward;
  }

  /** Whether some node may fall in the range (zslIsInRange / zslIsInLexRange). */
  isInRange(range: RangeSpec): boolean {
    if (range.empty) return false;
    const last = this.tail;
    if (last === null || !range.gteMin(last)) return false;
    const first = this.header.forward;
    return first !== null && range.lteMax(first);
  }

  /** The last node below the range's minimum at every level, left in this.update; returns level 0's. */
  private descendBelow(range: RangeSpec): ZNode {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next(i);
      while (f !== null && !range.gteMin(f)) {
        x = f;
        f = x.next(i);
      }
      this.update[i] = x;
    }
    return x;
  }

  /** The first node in range, or null (zslNthInRange with n = 0). */
  firstInRange(range: RangeSpec): ZNode | null {
    if (!this.isInRange(range)) return null;
    const n = this.descendBelow(range).forward;
    return n !== null && range.lteMax(n) ? n : null;
  }

  /** The last node in range, or null. */
  lastInRange(range: RangeSpec): ZNode | null {
    if (!this.isInRange(range)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next(i);
      while (f !== null && range.lteMax(f)) {
        x = f;
        f = x.next(i);
      }
    }
    return x !== this.header && range.gteMin(x) ? x : null;
  }

  /**
   * Removes every node in the range, calling `removed` for each in order; returns how many
   * (zslDeleteRangeByScore / ByLex): one descent, then unlinks with the same predecessors.
   */
  deleteRange(range: RangeSpec, removed: (n: ZNode) => void): number {
    if (!this.isInRange(range)) return 0;
    const update = this.update;
    let n = this.descendBelow(range).forward;
    let count = 0;
    while (n !== null && range.lteMax(n)) {
      const after: ZNode | null = n.forward;
      this.unlink(n, update);
      removed(n);
      count++;
      n = after;
    }
    return count;
  }

  /** Removes the nodes of 1-based ranks start..end inclusive (zslDeleteRangeByRank). */
  deleteRangeByRank(start: number, end: number, removed: (n: ZNode) => void): number {
    const update = this.update;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next(i);
      while (f !== null && traversed + x.span(i) < start) {
        traversed += x.span(i);
        x = f;
        f = x.next(i);
      }
      update[i] = x;
    }
    traversed++;
    let n = x.forward;
    let count = 0;
    while (n !== null && traversed <= end) {
      const after: ZNode | null = n.forward;
      this.unlink(n, update);
      removed(n);
      count++;
      traversed++;
      n = after;
    }
    return count;
  }
}
