/**
 * The list type: a growable ring buffer of latin1 strings. Elements live in a power-of-two array
 * indexed by (head + i) & mask, so push and pop at either end are O(1) amortised, an element is
 * reached by index in O(1), and a window (LRANGE) is read without copying the list. Inserting in
 * the middle shifts the shorter side; LREM compacts the survivors in one pass. The buffer doubles
 * when full and halves when a quarter full, so capacity stays within 4x of the length (never below
 * MIN_CAPACITY).
 *
 * Invariants: 0 <= length <= capacity; slots outside the live window hold undefined (so popped
 * strings can be collected); bytes = LIST_OBJECT + capacity * LIST_SLOT + sum of stringBytes of the
 * elements, updated on every change. Redis 7.0 encodes every list as a quicklist.
 */
import { LIST_OBJECT, LIST_SLOT, stringBytes } from '../memory/costs';
import type { Collection } from './value';

const MIN_CAPACITY = 4;

export class List implements Collection {
  readonly type = 'list' as const;
  private items: Array<string | undefined>;
  private head = 0;
  private mask: number;
  /** Elements in the list, 0 <= count <= capacity. */
  private count = 0;
  /** Bytes: the object, its slots and its element strings; never negative. */
  bytes: number;

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.items = new Array<string | undefined>(cap);
    this.mask = cap - 1;
    this.bytes = LIST_OBJECT + cap * LIST_SLOT;
  }

  static from(elements: readonly string[]): List {
    const l = new List(elements.length);
    for (const e of elements) l.pushTail(e);
    return l;
  }

  get length(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): List {
    const l = new List(this.count);
    for (let i = 0; i < this.count; i++) l.pushTail(this.items[(this.head + i) & this.mask] as string);
    return l;
  }

  /** The element at index i, 0 <= i < length. */
  get(i: number): string {
    return this.items[(this.head + i) & this.mask] as string;
  }

  /** Replaces the element at index i, 0 <= i < length. */
  set(i: number, value: string): void {
    const slot = (this.head + i) & this.mask;
    this.bytes += stringBytes(value.length) - stringBytes((this.items[slot] as string).length);
    this.items[slot] = value;
  }

  pushHead(value: string): void {
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    this.head = (this.head - 1) & this.mask;
    this.items[this.head] = value;
    this.count++;
    this.bytes += stringBytes(value.length);
  }

  pushTail(value: string): void {
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    this.items[(this.head + this.count) & this.mask] = value;
    this.count++;
    this.bytes += stringBytes(value.length);
  }

  /** Removes and returns the first element, or undefined when empty. */
  popHead(): string | undefined {
    if (this.count === 0) return undefined;
    const value = this.items[this.head] as string;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.removed(value);
    return value;
  }

  /** Removes and returns the last element, or undefined when empty. */
  popTail(): string | undefined {
    if (this.count === 0) return undefined;
    const slot = (this.head + this.count - 1) & this.mask;
    const value = this.items[slot] as string;
    this.items[slot] = undefined;
    this.removed(value);
    return value;
  }

  /** Inserts value so that it ends up at index i, 0 <= i <= length, shifting the shorter side. */
  insert(i: number, value: string): void {
    if (i === 0) return this.pushHead(value);
    if (i === this.count) return this.pushTail(value);
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    const { items, mask } = this;
    if (i < this.count / 2) {
      this.head = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) items[(this.head + k) & mask] = items[(this.head + k + 1) & mask];
    } else {
      for (let k = this.count; k > i; k--) items[(this.head + k) & mask] = items[(this.head + k - 1) & mask];
    }
    items[(this.head + i) & mask] = value;
    this.count++;
    this.bytes += stringBytes(value.length);
  }

  /** Index of the first element equal to value, or -1. */
  indexOf(value: string): number {
    for (let i = 0; i < this.count; i++) if (this.items[(this.head + i) & this.mask] === value) return i;
    return -1;
  }

  /**
   * LREM's scan: removes up to `count` elements equal to value (all when count is 0), from the head
   * when fromTail is false, and compacts the survivors in one pass. Returns how many were removed.
   */
  removeMatching(value: string, count: number, fromTail: boolean): number {
    const n = this.count;
    const keep = new Array<boolean>(n).fill(true);
    let removed = 0;
    for (let k = 0; k < n && (count === 0 || removed < count); k++) {
      const i = fromTail ? n - 1 - k : k;
      if (this.get(i) === value) {
        keep[i] = false;
        removed++;
      }
    }
    if (removed === 0) return 0;
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (keep[i]) this.items[(this.head + w++) & this.mask] = this.get(i);
      else this.bytes -= stringBytes(value.length);
    }
    for (let i = w; i < n; i++) this.items[(this.head + i) & this.mask] = undefined;
    this.count = w;
    this.shrinkIfSparse();
    return removed;
  }

  /** LTRIM: keeps elements start..end (inclusive, clamped to the list); none when start > end. */
  trim(start: number, end: number): void {
    if (start > end) end = -1;
    while (this.count > end + 1) this.dropTail();
    for (let k = 0; k < start && this.count > 0; k++) this.dropHead();
    this.shrinkIfSparse();
  }

  /** Elements start..end inclusive (0 <= start <= end < length), in order, without copying the rest. */
  *range(start: number, end: number): IterableIterator<string> {
    for (let i = start; i <= end; i++) yield this.items[(this.head + i) & this.mask] as string;
  }

  toArray(): string[] {
    return [...this.range(0, this.count - 1)];
  }

  private dropHead(): void {
    const value = this.items[this.head] as string;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    this.bytes -= stringBytes(value.length);
  }

  private dropTail(): void {
    const slot = (this.head + this.count - 1) & this.mask;
    const value = this.items[slot] as string;
    this.items[slot] = undefined;
    this.count--;
    this.bytes -= stringBytes(value.length);
  }

  private removed(value: string): void {
    this.count--;
    this.bytes -= stringBytes(value.length);
    this.shrinkIfSparse();
  }

  private shrinkIfSparse(): void {
    let cap = this.capacity;
    while (cap > MIN_CAPACITY && this.count * 4 <= cap) cap /= 2;
    if (cap !== this.capacity) this.resize(cap);
  }

  /** Moves the live window to a new array of `cap` slots (a power of two >= length), head at 0. */
  private resize(cap: number): void {
    const next = new Array<string | undefined>(cap);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & this.mask];
    this.bytes += (cap - this.capacity) * LIST_SLOT;
    this.items = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
