/**
 * The server's notion of time. Commands read a cached millisecond clock that the dispatcher refreshes
 * once per command (Redis caches mstime the same way), so one command sees one "now" throughout.
 * Tests replace `source` to make expiry and eviction deterministic.
 */
export class Clock {
  /** Milliseconds since the epoch, as of the last refresh(). */
  nowMs: number;

  constructor(public source: () => number = Date.now) {
    this.nowMs = source();
  }

  refresh(): number {
    this.nowMs = this.source();
    return this.nowMs;
  }
}
