/**
 * The memory accountant: used_memory as Redis defines it (dataset plus overhead plus client
 * buffers), kept incrementally. The store reports every key's cost change into the shared
 * MemoryCounter; connections report their buffer growth here. Nothing walks the keyspace.
 *
 * Before each command the dispatcher calls performEvictions() when maxmemory is set; its outcome
 * says whether memory is within the limit, whether eviction is still running (time-boxed, it
 * continues between event-loop turns) or whether nothing could be freed (deny-oom commands are
 * then refused with OOM_ERROR).
 */
import type { Keyspace } from '../store/keyspace';

export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

export enum EvictionResult {
  /** Within the limit, or brought back within it. */
  Ok,
  /** Over the limit, but eviction is making progress and continues in the background. */
  Running,
  /** Over the limit and nothing can be freed under the current policy. */
  Fail,
}

export class MemoryAccountant {
  /** Bytes; 0 means no limit. */
  maxmemory = 0;
  policy = 'noeviction';
  samples = 5;
  tenacity = 10;
  /** Bytes of client query and output buffers (mem_clients_normal); kept by the connections. */
  clientBuffers = 0;
  /** Fixed cost of a connection's objects, charged per client. */
  clientsOverhead = 0;
  /** used_memory at start-up, before any key or client (used_memory_startup). */
  startup = 0;
  peak = 0;

  constructor(private readonly ks: Keyspace) {}

  /** used_memory in bytes. */
  used(): number {
    const used = this.startup + this.ks.memory.dataset + this.clientBuffers + this.clientsOverhead;
    if (used > this.peak) this.peak = used;
    return used;
  }

  performEvictions(): EvictionResult {
    if (this.maxmemory === 0 || this.used() <= this.maxmemory) return EvictionResult.Ok;
    return EvictionResult.Fail;
  }
}
