/**
 * The memory accountant: used_memory as Redis defines it, kept incrementally as the sum of
 * start-up memory, the dataset (every key's cost, reported by the store through Db.charge into the
 * shared MemoryCounter), the key tables' own structure (also reported by the store), client buffers and connection objects (reported by the connections), and
 * values handed to lazy free that are not yet released. Nothing walks the keyspace.
 *
 * It also owns the limit that is enforced: the configured maxmemory, or the JS heap's ceiling
 * (heap.ts) when maxmemory is 0 or more than the heap can hold. Before each command the dispatcher
 * calls performEvictions() while a limit is enforced; its outcome (evict.ts) says whether memory is
 * within the limit, whether eviction is still running in the background, or whether nothing could
 * be freed (deny-oom commands are then refused with OOM_ERROR).
 */
import type { Keyspace } from '../store/keyspace';
import type { Db } from '../store/db';
import type { Logger } from '../util/log';
import { notifyKeyspaceEvent, NOTIFY_EVICTED } from '../commands/notify';
import { EvictionResult, Evictor } from './evict';
import { LazyFree } from './lazyfree';
import { heapCeiling, youngGenerationBytes } from './heap';

export { EvictionResult } from './evict';

export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

export class MemoryAccountant {
  /** Bytes; the limit enforced now: configuredMaxmemory, or the heap ceiling below it. 0: none. */
  maxmemory = 0;
  /** Bytes; maxmemory as configured (what CONFIG GET and INFO maxmemory show). */
  configuredMaxmemory = 0;
  /** The enforced limit comes from the heap's ceiling rather than from maxmemory. */
  heapCapped = false;
  /** Bytes of client query and output buffers (mem_clients_normal); kept by the connections. */
  clientBuffers = 0;
  /** Fixed cost of the connections' objects, charged per client. Bytes, never negative. */
  clientsOverhead = 0;
  /** used_memory at start-up, before any key or client (used_memory_startup). */
  startup = 0;
  /** The process's RSS when the accountant was created: the runtime's own footprint, in bytes. */
  readonly startupRss = process.memoryUsage.rss();
  /**
   * Bytes V8's young generation has grown since start-up. Its semi-spaces grow under allocation
   * load and stay resident; that is memory the process uses, though no key owns it, so it is part
   * of used_memory's overhead, and like Redis's replication buffers it is not counted for eviction
   * (mem_not_counted_for_evict): evicting keys cannot shrink it. Sampled (sampleRuntime) by the
   * tick and before reports, not per mutation: it changes with the allocation rate, not the data.
   */
  youngGeneration = 0;
  private readonly youngAtStartup = youngGenerationBytes();
  /** Highest used_memory seen (used_memory_peak). */
  peak = 0;
  readonly evictor: Evictor;
  readonly lazyfree = new LazyFree();

  constructor(private readonly ks: Keyspace) {
    this.evictor = new Evictor(ks, this, (db, key) => this.evict(db, key));
    ks.lazyFree = (value, bytes, elements) => this.lazyfree.enqueue(value, bytes, elements);
    this.setMaxmemory(0);
  }

  get policy(): string {
    return this.evictor.policy.name;
  }

  set policy(name: string) {
    this.evictor.setPolicy(name);
  }

  get samples(): number {
    return this.evictor.samples;
  }

  set samples(n: number) {
    this.evictor.samples = n;
  }

  get tenacity(): number {
    return this.evictor.tenacity;
  }

  set tenacity(n: number) {
    this.evictor.tenacity = n;
  }

  /** used_memory in bytes. */
  used(): number {
    const used =
      this.startup + this.ks.memory.dataset + this.ks.memory.tables + this.clientBuffers + this.clientsOverhead + this.lazyfree.pendingBytes + this.youngGeneration;
    if (used > this.peak) this.peak = used;
    return used;
  }

  /** mem_not_counted_for_evict: used_memory that eviction leaves out. */
  notCountedForEvict(): number {
    return this.youngGeneration;
  }

  /** used_memory as eviction compares it with maxmemory. */
  usedForEviction(): number {
    return this.used() - this.youngGeneration;
  }

  /** Refreshes youngGeneration from V8's heap statistics. */
  sampleRuntime(): void {
    this.youngGeneration = Math.max(0, youngGenerationBytes() - this.youngAtStartup);
  }

  /** Bytes handed to lazy free and not yet released: eviction must not evict more to cover them. */
  pendingRelease(): number {
    return this.lazyfree.pendingBytes;
  }

  /** used_memory_overhead: everything but the dataset. */
  overhead(): number {
    return this.used() - this.ks.memory.dataset;
  }

  /**
   * Applies a configured maxmemory (bytes, 0 for none). The enforced limit is capped by the heap's
   * ceiling. Below current usage this logs Redis's warning and starts evicting (time-boxed, then
   * in the background), as Redis's updateMaxmemory.
   */
  setMaxmemory(bytes: number, log?: Logger): void {
    this.configuredMaxmemory = bytes;
    const ceiling = heapCeiling();
    this.heapCapped = bytes === 0 || bytes > ceiling;
    this.maxmemory = this.heapCapped ? ceiling : bytes;
    if (bytes === 0 || log === undefined) return;
    if (this.heapCapped) {
      log.warning(
        `maxmemory ${bytes} is more than the JS heap can hold: enforcing ${ceiling} bytes (respkv_effective_maxmemory). Start respkv with this maxmemory to size the heap for it.`,
      );
    }
    const used = this.used();
    if (bytes < used) {
      log.warning(
        `WARNING: the new maxmemory value set via CONFIG SET (${bytes}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`,
      );
    }
    this.performEvictions();
  }

  /**
   * Set while latency-monitor-threshold is above 0: receives the duration, in ms, of each eviction
   * cycle that evicted something or could not free enough (LATENCY's eviction-cycle event).
   */
  onEvictionCycle: ((ms: number) => void) | undefined = undefined;

  /** Ends background eviction (shutdown): no continuation is scheduled any more. */
  stop(): void {
    this.evictor.stopped = true;
  }

  performEvictions(): EvictionResult {
    // A client pause keeps the dataset static: eviction is skipped as if it were not needed.
    if (this.ks.paused) return EvictionResult.Ok;
    const sink = this.onEvictionCycle;
    if (sink === undefined) return this.evictor.performEvictions();
    const evictedBefore = this.ks.stats.evictedKeys;
    const start = performance.now();
    const result = this.evictor.performEvictions();
    if (result !== EvictionResult.Ok || this.ks.stats.evictedKeys !== evictedBefore) sink(performance.now() - start);
    return result;
  }

  /** Deletes one victim: an ordinary delete (WATCH sees it), counted and notified as evicted. */
  private evict(db: Db, key: string): void {
    db.delete(key);
    this.ks.stats.evictedKeys++;
    notifyKeyspaceEvent(NOTIFY_EVICTED, 'evicted', key, db.id);
  }
}
