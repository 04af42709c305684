/**
 * A dense array of items that supports O(1) add, O(1) remove, O(1) uniform random sampling and a
 * SCAN cursor with Redis's guarantee. Removal moves the last item into the hole (swap-remove); each
 * item records its own position, through the slot accessor of a subclass.
 *
 * The SCAN guarantee follows from scanning downwards: a cursor c means "positions below c are still
 * to be visited". Items only ever move from the last position into a hole at a lower position, so an
 * item not yet visited (below c) can never move to c or above; items that move down past the cursor
 * may be returned twice, which Redis allows. New items are appended at the top and may or may not be
 * returned, also as Redis allows.
 */
export abstract class SlotArray<T> {
  protected items: T[] = [];

  protected abstract getSlot(item: T): number;
  protected abstract setSlot(item: T, slot: number): void;

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.setSlot(item, this.items.length);
    this.items.push(item);
  }

  remove(item: T): void {
    const slot = this.getSlot(item);
    const last = this.items.pop() as T;
    if (last !== item) {
      this.items[slot] = last;
      this.setSlot(last, slot);
    }
    this.setSlot(item, -1);
  }

  at(slot: number): T {
    return this.items[slot];
  }

  /** A uniformly chosen item, or undefined when empty. `pick` is in [0, 1). */
  random(pick: number): T | undefined {
    const n = this.items.length;
    return n === 0 ? undefined : this.items[Math.floor(pick * n)];
  }

  clear(): void {
    this.items = [];
  }

  /**
   * Visits up to `count` positions below `cursor` (0 starts a new scan) and returns the cursor to
   * continue from, 0 when the scan is complete.
   */
  scan(cursor: number, count: number, visit: (item: T) => void): number {
    let pos = cursor === 0 || cursor > this.items.length ? this.items.length : cursor;
    const stop = Math.max(0, pos - Math.max(1, count));
    while (pos > stop) {
      pos--;
      visit(this.items[pos]);
    }
    return pos;
  }
}
