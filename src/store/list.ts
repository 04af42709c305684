/**
 * The list type, as Redis's quicklist: a sequence of nodes, each a Listpack (store/listpack.ts)
 * holding its elements packed in one latin1 string, bounded by list-max-listpack-size (negative:
 * 4/8/16/32/64 KB per node; positive n: n elements and at most 8 KB), so an element costs its bytes
 * plus a one- or two-byte prefix. An element bigger than a node's bound gets a node of its own.
 * Elements are reached by walking the nodes by their counts from the nearer end, then the node.
 *
 * Packed strings are immutable, so every change to a node re-encodes it. To keep pushes and pops at
 * the ends O(1) amortised, each end has an "open" buffer of unpacked strings: a push lands there and
 * the buffer is packed into the end node when it holds OPEN_MAX elements (OPEN_SHORT while that
 * node is under SHORT_BYTES, so a list of a few KB keeps few strings); a pop takes from it, and
 * when it is empty unpacks REFILL elements of the end node at once. While the end node is smaller
 * than EAGER_BYTES, copying it costs less than holding strings, so pushes (and the pops of a list
 * of one such node) change it directly and small lists stay fully packed. LINSERT and LREM first
 * pack the open buffers; they and LSET split a node that outgrew its bound and merge neighbours
 * that fit in one. LTRIM cuts each end where it lies: open buffer, whole nodes, then one node.
 *
 * Invariants: no node is empty; every node but one holding a single element fits the bound; the
 * open buffers hold fewer than OPEN_MAX elements between calls; count is the sum of all parts;
 * bytes = LIST_BASE + per node LIST_NODE + stringBytes(packed length) + per non-empty open buffer
 * LIST_OPEN_END (and LIST_OPEN_GROWN once it outgrew FIRST_CAPACITY) + stringBytes of each open
 * element + the tail marks (LIST_TAIL_MARKS + FIELD per mark), kept current on every change.
 * Redis 7.0 encodes every list as a quicklist.
 */
import { FIELD, LIST_BASE, LIST_NODE, LIST_OPEN_END, LIST_OPEN_GROWN, LIST_TAIL_MARKS, stringBytes } from '../memory/costs';
import { entrySize, Listpack } from './listpack';
import type { Collection } from './value';

/** list-max-listpack-size's default. */
export const DEFAULT_FILL = -2;
/** Redis's optimization_level: a node's bytes for list-max-listpack-size -1 .. -5. */
const NODE_BYTES = [4096, 8192, 16384, 32768, 65536];
/** Redis's SIZE_SAFETY_LIMIT: a node's bytes when list-max-listpack-size counts elements. */
const SIZE_SAFETY_LIMIT = 8192;
/** Redis's FILL_MAX, the largest element count per node. */
const FILL_MAX = (1 << 15) - 1;
/** An open buffer is packed when it reaches this many elements. */
const OPEN_MAX = 32;
/** The bound while the end node is under SHORT_BYTES: copying it at every 8th push costs about what a bigger node costs at every 32nd. */
const OPEN_SHORT = 8;
const SHORT_BYTES = 4096;
/** Elements unpacked at once into an empty open buffer from a big end node. */
const REFILL = 32;
/** Bytes under which an end node is changed in place by pushes and pops (no open buffer). */
const EAGER_BYTES = 1024;

/** Offsets of a node's entries count - REFILL, count - 2 * REFILL ... ascending, while count and bytes hold. */
interface TailMarks {
  node: Listpack;
  count: number;
  bytes: number;
  offsets: number[];
}

/**
 * Slots of the backing store V8 gives an empty array's first push. An open buffer that outgrows
 * them gets 43 (more than OPEN_MAX, so once) and keeps them until it is emptied and replaced.
 */
const FIRST_CAPACITY = 17;
const HEAD_GROWN = 1;
const TAIL_GROWN = 2;

/** locate()'s second result: the element's index inside the node located. */
let innerIndex = 0;

export class List implements Collection {
  readonly type = 'list' as const;
  /** The open head, reversed: head[head.length - 1] is element 0. */
  private head: string[] = [];
  /** The packed middle, in order; never holds an empty node. */
  private nodes: Listpack[] = [];
  /** The open tail, in order: tail[tail.length - 1] is the last element. */
  private tail: string[] = [];
  /** HEAD_GROWN and TAIL_GROWN: which open buffers' backing stores grew past FIRST_CAPACITY slots. */
  private grown = 0;
  /** Offsets into the last node for popTail's refills, or null (see tailMark). */
  private marks: TailMarks | null = null;
  /** Elements in all three parts. */
  private count = 0;
  /** A node's bounds, from list-max-listpack-size. */
  private readonly maxBytes: number;
  private readonly maxCount: number;
  private readonly fill: number;
  /** Bytes: the object, its nodes and their packed strings, the open buffers; never negative. */
  bytes = LIST_BASE;

  /**
   * `fill` is list-max-listpack-size when the list is created (Redis fixes it per quicklist, like
   * quicklistSetOptions). The capacity hint is accepted for callers sizing a list in advance; a
   * quicklist has nothing to reserve, its nodes grow as they fill.
   */
  constructor(_capacity = 0, fill = DEFAULT_FILL) {
    this.fill = fill;
    const f = Math.max(-NODE_BYTES.length, Math.min(FILL_MAX, fill));
    this.maxBytes = f < 0 ? NODE_BYTES[-f - 1] : SIZE_SAFETY_LIMIT;
    this.maxCount = f < 0 ? Infinity : f;
  }

  static from(elements: readonly string[], fill = DEFAULT_FILL): List {
    const l = new List(elements.length, fill);
    l.packTail(elements, 0);
    l.count = elements.length;
    return l;
  }

  get length(): number {
    return this.count;
  }

  /**
   * How the elements are held, head to tail: open head, each node's entries and packed bytes, open
   * tail; the tail marks held (-1: none) and which open buffers have grown (HEAD_GROWN | TAIL_GROWN).
   */
  layout(): { head: number; nodes: Array<{ count: number; bytes: number }>; tail: number; marks: number; grown: number } {
    const nodes = this.nodes.map((lp) => ({ count: lp.count, bytes: lp.byteLength }));
    const marks = this.marks === null ? -1 : this.marks.offsets.length;
    return { head: this.head.length, nodes, tail: this.tail.length, marks, grown: this.grown };
  }

  encoding(): string {
    return 'quicklist';
  }

  /** A copy with the same fill, fully packed. */
  clone(): List {
    return List.from(this.toArray(), this.fill);
  }

  /** The element at index i, 0 <= i < length. */
  get(i: number): string {
    const h = this.head.length;
    if (i < h) return this.head[h - 1 - i];
    const mid = this.count - h - this.tail.length;
    if (i - h >= mid) return this.tail[i - h - mid];
    const lp = this.nodes[this.locate(i - h)];
    return lp.get(lp.seek(innerIndex));
  }

  /** Replaces the element at index i, 0 <= i < length. */
  set(i: number, value: string): void {
    const h = this.head.length;
    const mid = this.count - h - this.tail.length;
    if (i < h || i - h >= mid) {
      const open = i < h ? this.head : this.tail;
      const k = i < h ? h - 1 - i : i - h - mid;
      this.bytes += stringBytes(value.length) - stringBytes(open[k].length);
      open[k] = value;
      return;
    }
    const n = this.locate(i - h);
    const lp = this.nodes[n];
    this.bytes -= stringBytes(lp.byteLength);
    lp.replace(lp.seek(innerIndex), value);
    this.bytes += stringBytes(lp.byteLength);
    this.settle(n);
  }

  pushHead(value: string): void {
    this.count++;
    if (this.head.length === 0 && this.eager(this.nodes[0])) this.packHead([value]);
    else if (this.openPush(this.head, value) >= this.openLimit(this.nodes[0])) this.flushHead();
  }

  pushTail(value: string): void {
    this.count++;
    if (this.tail.length === 0 && this.eager(this.nodes[this.nodes.length - 1])) this.packTail([value], 0);
    else if (this.openPush(this.tail, value) >= this.openLimit(this.nodes[this.nodes.length - 1])) this.flushTail();
  }

  /**
   * LPUSH/RPUSH of values[from..] one after another at one end: packed at once when several, so a
   * list loaded by one command holds no open strings.
   */
  pushAll(values: readonly string[], from: number, atHead: boolean): void {
    if (values.length - from < 2) {
      for (let i = from; i < values.length; i++) {
        if (atHead) this.pushHead(values[i]);
        else this.pushTail(values[i]);
      }
      return;
    }
    this.count += values.length - from;
    if (atHead) {
      if (this.head.length > 0) this.flushHead();
      this.packHead(values.slice(from).reverse());
    } else {
      if (this.tail.length > 0) this.flushTail();
      this.packTail(values, from);
    }
  }

  /** Removes and returns the first element, or undefined when empty. */
  popHead(): string | undefined {
    if (this.count === 0) return undefined;
    this.count--;
    if (this.head.length > 0) return this.openPop(this.head, false);
    if (this.nodes.length === 0) return this.openPop(this.tail, true);
    const lp = this.nodes[0];
    const taken = this.take(0, 0, Math.min(lp.count, this.popsOne(lp) ? 1 : REFILL));
    if (taken.length === 1) return taken[0];
    const grew = taken.length > FIRST_CAPACITY;
    taken.reverse();
    const value = taken.pop() as string;
    this.openFill(true, taken, grew);
    return value;
  }

  /** Removes and returns the last element, or undefined when empty. */
  popTail(): string | undefined {
    if (this.count === 0) return undefined;
    this.count--;
    if (this.tail.length > 0) return this.openPop(this.tail, false);
    if (this.nodes.length === 0) return this.openPop(this.head, true);
    const last = this.nodes.length - 1;
    const lp = this.nodes[last];
    const n = Math.min(lp.count, this.popsOne(lp) ? 1 : REFILL);
    const off = n === lp.count ? 0 : n === REFILL ? this.tailMark(lp) : lp.seek(lp.count - n);
    const taken = this.take(last, off, n);
    if (this.marks !== null && this.marks.node === lp) {
      this.marks.count = lp.count;
      this.marks.bytes = lp.byteLength;
    }
    const grew = taken.length > FIRST_CAPACITY;
    const value = taken.pop() as string;
    if (taken.length > 0) this.openFill(false, taken, grew);
    return value;
  }

  /** Inserts value so that it ends up at index i, 0 <= i <= length (LINSERT). */
  insert(i: number, value: string): void {
    if (i === 0) return this.pushHead(value);
    if (i === this.count) return this.pushTail(value);
    this.seal();
    const n = this.locate(i);
    const lp = this.nodes[n];
    this.bytes -= stringBytes(lp.byteLength);
    lp.splice(lp.seek(innerIndex), 0, [value]);
    this.bytes += stringBytes(lp.byteLength);
    this.count++;
    this.settle(n);
  }

  /** Index of the first element equal to value, or -1. */
  indexOf(value: string): number {
    let found = -1;
    this.scan(value, false, this.count, (i) => {
      found = i;
      return false;
    });
    return found;
  }

  /**
   * LPOS's search: the indexes of elements equal to value, walking at most `limit` elements from
   * the head (or the tail when fromTail), skipping the first `skip` matches, at most `want` of them.
   */
  positions(value: string, fromTail: boolean, skip: number, want: number, limit: number): number[] {
    const found: number[] = [];
    let matches = 0;
    if (want > 0) {
      this.scan(value, fromTail, limit, (i) => {
        if (matches++ >= skip) found.push(i);
        return found.length < want;
      });
    }
    return found;
  }

  /**
   * LREM's scan: removes up to `count` elements equal to value (all when count is 0), from the head
   * when fromTail is false; each node that lost elements is re-encoded once, then emptied nodes go
   * and neighbours that fit together merge. Returns how many were removed.
   */
  removeMatching(value: string, count: number, fromTail: boolean): number {
    const doomed: number[] = [];
    this.scan(value, fromTail, this.count, (i) => doomed.push(i) !== count);
    if (doomed.length === 0) return 0;
    if (fromTail) doomed.reverse();
    this.seal();
    let d = 0;
    for (let n = 0, base = 0; n < this.nodes.length && d < doomed.length; n++) {
      const lp = this.nodes[n];
      const end = base + lp.count;
      if (doomed[d] < end) {
        const kept: string[] = [];
        for (let off = lp.first(), i = base; off >= 0; off = lp.next(off), i++) {
          if (i === doomed[d]) d++;
          else kept.push(lp.get(off));
        }
        this.bytes -= stringBytes(lp.byteLength);
        lp.splice(0, lp.count, kept);
        this.bytes += stringBytes(lp.byteLength);
      }
      base = end;
    }
    this.count -= doomed.length;
    for (let n = 0; n < this.nodes.length; ) {
      if (this.nodes[n].count === 0) this.removeNode(n);
      else if (n + 1 < this.nodes.length && this.nodes[n + 1].count > 0 && this.merge(n)) continue;
      else n++;
    }
    return doomed.length;
  }

  /** LTRIM: keeps elements start..end (inclusive, clamped to the list); none when start > end. */
  trim(start: number, end: number): void {
    if (start > end || start >= this.count) {
      this.clear();
      return;
    }
    const nodes = this.nodes.length;
    this.dropEnd(this.count - 1 - Math.min(end, this.count - 1), true);
    this.dropEnd(start, false);
    if (this.nodes.length === nodes) return;
    if (this.nodes.length > 1) this.merge(0);
    if (this.nodes.length > 1) this.merge(this.nodes.length - 2);
  }

  /** Calls visit(element, arg) for elements start..end inclusive (0 <= start <= end < length), in order. */
  visitRange<T>(start: number, end: number, visit: (value: string, arg: T) => void, arg: T): void {
    const h = this.head.length;
    let i = start;
    for (; i <= end && i < h; i++) visit(this.head[h - 1 - i], arg);
    const mid = this.count - h - this.tail.length;
    if (i <= end && i - h < mid) {
      let n = this.locate(i - h);
      let k = innerIndex;
      for (; i <= end && i - h < mid; n++, k = 0) {
        const lp = this.nodes[n];
        const take = Math.min(lp.count - k, end - i + 1);
        lp.visit(lp.seek(k), take, visit, arg);
        i += take;
      }
    }
    for (; i <= end; i++) visit(this.tail[i - h - mid], arg);
  }

  toArray(): string[] {
    const out: string[] = [];
    if (this.count > 0) this.visitRange(0, this.count - 1, pushInto, out);
    return out;
  }

  /**
   * Whether pushes at this end node change it directly: in a list of at most one small node. The
   * young end node of a long list takes its pushes through the open buffer, where each is copied
   * once per OPEN_MAX pushes instead of at every push.
   */
  private eager(lp: Listpack | undefined): boolean {
    return lp === undefined || (this.nodes.length === 1 && lp.byteLength < EAGER_BYTES);
  }

  /**
   * Whether pops at the end node `lp` take one element directly: only from a small list's one
   * node. The small tail of a long list is popped through the open buffer like the rest of it.
   */
  private popsOne(lp: Listpack): boolean {
    return this.nodes.length === 1 && lp.byteLength < EAGER_BYTES;
  }

  /** Elements an open buffer holds before it is packed into the end node `lp`. */
  private openLimit(lp: Listpack | undefined): number {
    return lp === undefined || (this.nodes.length === 1 && lp.byteLength < SHORT_BYTES) ? OPEN_SHORT : OPEN_MAX;
  }

  private fits(bytes: number, entries: number): boolean {
    return bytes <= this.maxBytes && entries <= this.maxCount;
  }

  /**
   * The node holding middle element j (0 <= j < elements in nodes), walking the counts from the
   * nearer end; innerIndex receives j's index inside it.
   */
  private locate(j: number): number {
    const nodes = this.nodes;
    const mid = this.count - this.head.length - this.tail.length;
    if (j < mid / 2) {
      let n = 0;
      while (j >= nodes[n].count) j -= nodes[n++].count;
      innerIndex = j;
      return n;
    }
    let n = nodes.length - 1;
    let from = mid - nodes[n].count;
    while (j < from) from -= nodes[--n].count;
    innerIndex = j - from;
    return n;
  }

  /** Adds value to an open buffer; returns its new length. */
  private openPush(open: string[], value: string): number {
    if (open.length === 0) {
      this.bytes += LIST_OPEN_END;
    } else if (open.length === FIRST_CAPACITY) {
      const bit = open === this.head ? HEAD_GROWN : TAIL_GROWN;
      if ((this.grown & bit) === 0) {
        this.grown |= bit;
        this.bytes += LIST_OPEN_GROWN;
      }
    }
    this.bytes += stringBytes(value.length);
    return open.push(value);
  }

  /** Uncharges an emptied open buffer's backing store. */
  private openEmptied(atHead: boolean): void {
    const bit = atHead ? HEAD_GROWN : TAIL_GROWN;
    this.bytes -= LIST_OPEN_END + ((this.grown & bit) !== 0 ? LIST_OPEN_GROWN : 0);
    this.grown &= ~bit;
  }

  /**
   * Removes an element of an open buffer: its last (the list's end), or its first when `other`
   * (the list has nothing else left on that side). An emptied buffer is replaced by a fresh empty
   * array, so its backing store goes with it.
   */
  private openPop(open: string[], other: boolean): string {
    const value = (other ? open.shift() : open.pop()) as string;
    this.bytes -= stringBytes(value.length);
    if (open.length === 0) {
      this.openEmptied(open === this.head);
      if (open === this.head) this.head = [];
      else this.tail = [];
    }
    return value;
  }

  /**
   * Makes `values` the empty open head (reversed order) or tail; `grew` when the array was filled
   * past FIRST_CAPACITY elements (it keeps the grown backing store after a pop).
   */
  private openFill(atHead: boolean, values: string[], grew: boolean): void {
    this.bytes += LIST_OPEN_END;
    if (grew) {
      this.grown |= atHead ? HEAD_GROWN : TAIL_GROWN;
      this.bytes += LIST_OPEN_GROWN;
    }
    for (const v of values) this.bytes += stringBytes(v.length);
    if (atHead) this.head = values;
    else this.tail = values;
  }

  /** Removes an open buffer's elements from the account and returns them in list order. */
  private openTake(atHead: boolean): string[] {
    const open = atHead ? this.head : this.tail;
    this.openEmptied(atHead);
    for (const v of open) this.bytes -= stringBytes(v.length);
    if (atHead) {
      this.head = [];
      return open.reverse();
    }
    this.tail = [];
    return open;
  }

  private flushHead(): void {
    this.packHead(this.openTake(true));
  }

  private flushTail(): void {
    this.packTail(this.openTake(false), 0);
  }

  /** Packs both open buffers, so that every element is in a node. */
  private seal(): void {
    if (this.head.length > 0) this.flushHead();
    if (this.tail.length > 0) this.flushTail();
  }

  /**
   * Packs values[from..] (in list order) after the last node: into it while they fit, then into new
   * nodes filled greedily. Does not count them: callers do.
   */
  private packTail(values: readonly string[], from: number): void {
    let i = from;
    const last = this.nodes[this.nodes.length - 1];
    if (last !== undefined) {
      let bytes = last.byteLength;
      let j = i;
      while (j < values.length && this.fits((bytes += entrySize(values[j].length)), last.count + j - i + 1)) j++;
      if (j > i) {
        this.bytes -= stringBytes(last.byteLength);
        last.append(values.slice(i, j));
        this.bytes += stringBytes(last.byteLength);
        i = j;
      }
    }
    while (i < values.length) {
      let bytes = entrySize(values[i].length);
      let j = i + 1;
      while (j < values.length && this.fits((bytes += entrySize(values[j].length)), j - i + 1)) j++;
      const lp = new Listpack();
      lp.append(values.slice(i, j));
      this.addNode(this.nodes.length, lp);
      i = j;
    }
  }

  /** packTail's mirror: packs values (in list order) before the first node, filling from its side. */
  private packHead(values: readonly string[]): void {
    let j = values.length;
    const first = this.nodes[0];
    if (first !== undefined) {
      let bytes = first.byteLength;
      let i = j;
      while (i > 0 && this.fits((bytes += entrySize(values[i - 1].length)), first.count + j - i + 1)) i--;
      if (i < j) {
        this.bytes -= stringBytes(first.byteLength);
        first.splice(0, 0, values.slice(i, j));
        this.bytes += stringBytes(first.byteLength);
        j = i;
      }
    }
    while (j > 0) {
      let bytes = entrySize(values[j - 1].length);
      let i = j - 1;
      while (i > 0 && this.fits((bytes += entrySize(values[i - 1].length)), j - i + 1)) i--;
      const lp = new Listpack();
      lp.append(values.slice(i, j));
      this.addNode(0, lp);
      j = i;
    }
  }

  /**
   * Removes `n` entries from offset `off` of node `at` and returns them, in order, as flat strings
   * (views of the packed string would keep the superseded node alive in the open buffer, uncharged).
   */
  private take(at: number, off: number, n: number): string[] {
    const lp = this.nodes[at];
    const taken = lp.detachRange(off, n);
    if (n === lp.count) {
      this.removeNode(at);
    } else {
      this.bytes -= stringBytes(lp.byteLength);
      lp.delete(off, n);
      this.bytes += stringBytes(lp.byteLength);
    }
    return taken;
  }

  /**
   * Drops `n` elements from the list's tail (or head): from that end's open buffer, then nodes
   * (whole ones first), then the other open buffer from its inner side. Nothing is packed, so a
   * capped list (LPUSH then LTRIM) re-encodes only the node it cuts.
   */
  private dropEnd(n: number, fromTail: boolean): void {
    this.count -= n;
    const near = fromTail ? this.tail : this.head;
    if (n > 0 && near.length > 0) {
      const k = Math.min(n, near.length);
      n -= k;
      // pop, not a shorter length: V8 may trim the backing store on a length change, not on pop.
      for (let i = 0; i < k; i++) this.bytes -= stringBytes((near.pop() as string).length);
      if (near.length === 0) this.openDiscard(!fromTail);
    }
    while (n > 0 && this.nodes.length > 0) {
      const at = fromTail ? this.nodes.length - 1 : 0;
      const lp = this.nodes[at];
      if (lp.count <= n) {
        n -= lp.count;
        this.removeNode(at);
        continue;
      }
      this.bytes -= stringBytes(lp.byteLength);
      lp.delete(fromTail ? lp.seek(lp.count - n) : 0, n);
      this.bytes += stringBytes(lp.byteLength);
      n = 0;
    }
    if (n > 0) {
      // Only the other open buffer is left; its inner side (index 0) is this end of the list.
      const far = fromTail ? this.head : this.tail;
      for (let i = 0; i < n; i++) this.bytes -= stringBytes((far.shift() as string).length);
      if (far.length === 0) this.openDiscard(fromTail);
    }
  }

  /** Empties an open buffer whose elements were already uncharged. */
  private openDiscard(atHead: boolean): void {
    this.openEmptied(atHead);
    if (atHead) this.head = [];
    else this.tail = [];
  }

  /** After node `n` changed in place: splits it when it outgrew its bound, else merges it with the neighbours that fit. */
  private settle(n: number): void {
    const lp = this.nodes[n];
    if (lp.count > 1 && !this.fits(lp.byteLength, lp.count)) {
      const pieces = this.split(n);
      if (n + pieces < this.nodes.length) this.merge(n + pieces - 1);
      if (n > 0) this.merge(n - 1);
      return;
    }
    if (n + 1 < this.nodes.length) this.merge(n);
    if (n > 0) this.merge(n - 1);
  }

  /** Replaces node n by nodes filled greedily from its entries; returns how many. */
  private split(n: number): number {
    const lp = this.nodes[n];
    const pieces: Listpack[] = [];
    let from = 0;
    let entries = 0;
    for (let off = 0; off < lp.byteLength; ) {
      const end = lp.entryEnd(off);
      if (entries > 0 && !this.fits(end - from, entries + 1)) {
        pieces.push(lp.cut(from, off, entries));
        from = off;
        entries = 0;
      }
      entries++;
      off = end;
    }
    pieces.push(lp.cut(from, lp.byteLength, entries));
    this.removeNode(n);
    for (let k = 0; k < pieces.length; k++) this.addNode(n + k, pieces[k]);
    return pieces.length;
  }

  /** Merges node n+1 into node n when both fit in one; returns whether it did. */
  private merge(n: number): boolean {
    const a = this.nodes[n];
    const b = this.nodes[n + 1];
    if (!this.fits(a.byteLength + b.byteLength, a.count + b.count)) return false;
    this.bytes -= stringBytes(a.byteLength);
    a.concat(b);
    this.bytes += stringBytes(a.byteLength);
    this.removeNode(n + 1);
    return true;
  }

  private addNode(at: number, lp: Listpack): void {
    this.bytes += LIST_NODE + stringBytes(lp.byteLength);
    // A first node goes into an array of exactly one slot; later ones grow it.
    if (this.nodes.length === 0) this.nodes = [lp];
    else if (at === this.nodes.length) this.nodes.push(lp);
    else if (at === 0) this.nodes.unshift(lp);
    else this.nodes.splice(at, 0, lp);
  }

  private removeNode(at: number): void {
    const lp = this.nodes[at];
    if (this.marks !== null && this.marks.node === lp) this.dropMarks();
    this.bytes -= LIST_NODE + stringBytes(lp.byteLength);
    if (this.nodes.length === 1) this.nodes = [];
    else if (at === this.nodes.length - 1) this.nodes.pop();
    else if (at === 0) this.nodes.shift();
    else this.nodes.splice(at, 1);
  }

  /**
   * The offset of entry lp.count - REFILL of the big last node. Entries can only be walked forward,
   * so the node is walked once and the offsets of entries count - REFILL, count - 2 * REFILL ...
   * kept as marks, valid while the node is only cut from its tail by these refills (same node,
   * count and bytes as after the last one).
   */
  private tailMark(lp: Listpack): number {
    let marks = this.marks;
    if (marks === null || marks.node !== lp || marks.count !== lp.count || marks.bytes !== lp.byteLength) {
      if (marks !== null) this.dropMarks();
      const offsets = new Array<number>(Math.ceil(lp.count / REFILL) - 1);
      let j = 0;
      for (let off = 0, k = 0; j < offsets.length; off = lp.entryEnd(off), k++) {
        if ((lp.count - k) % REFILL === 0 && k > 0) offsets[j++] = off;
      }
      marks = this.marks = { node: lp, count: lp.count, bytes: lp.byteLength, offsets };
      this.bytes += LIST_TAIL_MARKS + FIELD * offsets.length;
    }
    this.bytes -= FIELD;
    return marks.offsets.pop() as number;
  }

  private dropMarks(): void {
    const marks = this.marks as TailMarks;
    this.bytes -= LIST_TAIL_MARKS + FIELD * marks.offsets.length;
    this.marks = null;
  }

  private clear(): void {
    this.marks = null;
    this.grown = 0;
    this.head = [];
    this.nodes = [];
    this.tail = [];
    this.count = 0;
    this.bytes = LIST_BASE;
  }

  /**
   * Calls onMatch(index) for each element equal to value among the first `limit` walked from the
   * head (or the tail), until it returns false; compares packed entries in place.
   */
  private scan(value: string, fromTail: boolean, limit: number, onMatch: (index: number) => boolean): void {
    const { head, nodes, tail } = this;
    const h = head.length;
    if (!fromTail) {
      let i = 0;
      for (let k = h - 1; k >= 0 && i < limit; k--, i++) if (head[k] === value && !onMatch(i)) return;
      for (let n = 0; n < nodes.length && i < limit; n++) {
        const lp = nodes[n];
        for (let off = lp.first(); off >= 0 && i < limit; off = lp.next(off), i++) {
          if (lp.equals(off, value) && !onMatch(i)) return;
        }
      }
      for (let k = 0; k < tail.length && i < limit; k++, i++) if (tail[k] === value && !onMatch(i)) return;
      return;
    }
    let i = this.count - 1;
    const stop = this.count - limit;
    for (let k = tail.length - 1; k >= 0 && i >= stop; k--, i--) if (tail[k] === value && !onMatch(i)) return;
    for (let n = nodes.length - 1; n >= 0 && i >= stop; n--) {
      const lp = nodes[n];
      const offsets = lp.offsets();
      for (let k = offsets.length - 1; k >= 0 && i >= stop; k--, i--) {
        if (lp.equals(offsets[k], value) && !onMatch(i)) return;
      }
    }
    for (let k = 0; k < h && i >= stop; k++, i--) if (head[k] === value && !onMatch(i)) return;
  }
}

function pushInto(value: string, out: string[]): void {
  out.push(value);
}
