/**
 * Lazy free: values too big to release in one step (collections of more than LAZYFREE_THRESHOLD
 * elements, whole databases emptied by FLUSHALL/FLUSHDB) are handed here when they leave the
 * keyspace, and released in slices between event-loop turns, so no DEL, UNLINK or FLUSHALL blocks
 * the loop for long, and their memory counts in used_memory until it is released.
 *
 * In V8 the memory of a value comes back when the garbage collector finds it unreachable, which it
 * does incrementally; what this queue bounds is the work per turn: each turn pays out at most
 * SLICE_EFFORT elements' worth of the pending objects (their bytes released in proportion) and
 * drops its reference to an object once it is fully paid out. lazyfree_pending_objects and
 * lazyfreed_objects report the queue as Redis reports its lazy-free thread.
 */

/** Collections with more elements than this are freed lazily (Redis's LAZYFREE_THRESHOLD). */
export const LAZYFREE_THRESHOLD = 64;
/** Elements paid out per event-loop turn. */
const SLICE_EFFORT = 65536;

interface Pending {
  /** Held until fully released, so the GC cannot reclaim it before the accountant stops counting. */
  value: object;
  /** Bytes still counted; never negative. */
  bytes: number;
  /** Elements still to release; bytes / effort is what one element returns. */
  effort: number;
}

export class LazyFree {
  private queue: Pending[] = [];
  /** Bytes of queued objects still counted in used_memory. */
  pendingBytes = 0;
  /** Objects released since start-up (lazyfreed_objects). */
  freedObjects = 0;
  private scheduled = false;

  /** Objects waiting (lazyfree_pending_objects). */
  get pendingObjects(): number {
    return this.queue.length;
  }

  enqueue(value: object, bytes: number, effort: number): void {
    this.queue.push({ value, bytes, effort: Math.max(1, effort) });
    this.pendingBytes += bytes;
    this.schedule();
  }

  /** Releases up to `budget` elements' worth; returns the elements released. */
  releaseSlice(budget = SLICE_EFFORT): number {
    let done = 0;
    while (this.queue.length > 0 && done < budget) {
      const p = this.queue[0];
      const n = Math.min(p.effort, budget - done);
      const bytes = n === p.effort ? p.bytes : Math.floor((p.bytes * n) / p.effort);
      p.bytes -= bytes;
      p.effort -= n;
      this.pendingBytes -= bytes;
      done += n;
      if (p.effort === 0) {
        this.queue.shift();
        this.freedObjects++;
      }
    }
    return done;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    this.releaseSlice();
    if (this.queue.length > 0) this.schedule();
  }
}
