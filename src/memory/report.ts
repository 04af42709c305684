/**
 * The memory figures INFO memory, INFO stats and MEMORY STATS report, with Redis 7.0's names,
 * computed from the accountant and the process at the time of the call (never stored or
 * hard-coded). respkv has no allocator of its own: Redis's allocator figures are answered with
 * V8's (allocated: heap used plus memory outside the heap; active: heap committed plus outside;
 * resident: RSS, so rss_overhead is 1). Fields Redis does not have start with `respkv_`.
 */
import * as os from 'node:os';
import * as v8 from 'node:v8';
import type { Server } from '../server';
import { bytesToHuman } from '../config/units';

export type InfoField = [name: string, value: string | number];

/** A point-in-time view of memory, shared by INFO, MEMORY STATS and MEMORY DOCTOR. */
export interface MemorySnapshot {
  used: number;
  peak: number;
  startup: number;
  dataset: number;
  overhead: number;
  clients: number;
  rss: number;
  /** V8: heap bytes in use, heap bytes committed, bytes outside the heap (Buffers). */
  heapUsed: number;
  heapTotal: number;
  external: number;
  heapLimit: number;
  keys: number;
  /** Percent of used_memory beyond start-up that the dataset takes (Redis's dataset_perc). */
  datasetPerc: number;
  /** Percent of the peak that used_memory is. */
  peakPerc: number;
  /** rss / used_memory. */
  fragmentation: number;
}

export function memorySnapshot(server: Server): MemorySnapshot {
  const m = server.memory;
  m.sampleRuntime();
  const used = m.used();
  const dataset = server.keyspace.memory.dataset;
  const mu = process.memoryUsage();
  const net = used > m.startup ? used - m.startup : 1;
  return {
    used,
    peak: m.peak,
    startup: m.startup,
    dataset,
    overhead: used - dataset,
    clients: m.clientBuffers + m.clientsOverhead,
    rss: mu.rss,
    heapUsed: mu.heapUsed,
    heapTotal: mu.heapTotal,
    external: mu.external,
    heapLimit: v8.getHeapStatistics().heap_size_limit,
    keys: server.keyspace.keyCount(),
    datasetPerc: (dataset * 100) / net,
    peakPerc: m.peak > 0 ? (used * 100) / m.peak : 0,
    fragmentation: used > 0 ? mu.rss / used : 0,
  };
}

export function memoryInfoFields(server: Server): InfoField[] {
  const m = server.memory;
  const s = memorySnapshot(server);
  const total = os.totalmem();
  const allocated = s.heapUsed + s.external;
  const active = s.heapTotal + s.external;
  return [
    ['used_memory', s.used],
    ['used_memory_human', bytesToHuman(s.used)],
    ['used_memory_rss', s.rss],
    ['used_memory_rss_human', bytesToHuman(s.rss)],
    ['used_memory_peak', s.peak],
    ['used_memory_peak_human', bytesToHuman(s.peak)],
    ['used_memory_peak_perc', `${s.peakPerc.toFixed(2)}%`],
    ['used_memory_overhead', s.overhead],
    ['used_memory_startup', s.startup],
    ['used_memory_dataset', s.dataset],
    ['used_memory_dataset_perc', `${s.datasetPerc.toFixed(2)}%`],
    ['allocator_allocated', allocated],
    ['allocator_active', active],
    ['allocator_resident', s.rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    // respkv has no scripting engine: no Lua VM, scripts or functions hold memory.
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', m.configuredMaxmemory],
    ['maxmemory_human', bytesToHuman(m.configuredMaxmemory)],
    ['maxmemory_policy', m.policy],
    ['allocator_frag_ratio', (active / allocated).toFixed(2)],
    ['allocator_frag_bytes', active - allocated],
    ['allocator_rss_ratio', (s.rss / active).toFixed(2)],
    ['allocator_rss_bytes', s.rss - active],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', s.fragmentation.toFixed(2)],
    ['mem_fragmentation_bytes', s.rss - s.used],
    // Redis counts replica and AOF buffers here; respkv has neither, but V8's young generation.
    ['mem_not_counted_for_evict', m.notCountedForEvict()],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', s.clients],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    // V8's garbage collector compacts the heap; there is no separate defragmentation.
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', m.lazyfree.pendingObjects],
    ['lazyfreed_objects', m.lazyfree.freedObjects],
    ['respkv_effective_maxmemory', m.maxmemory],
    ['respkv_effective_maxmemory_human', bytesToHuman(m.maxmemory)],
    ['respkv_maxmemory_from_heap_ceiling', m.heapCapped ? 1 : 0],
    ['respkv_young_generation_growth', m.youngGeneration],
    ['respkv_heap_used', s.heapUsed],
    ['respkv_heap_limit', s.heapLimit],
    ['respkv_external_memory', s.external],
  ];
}

/** The eviction figures of INFO stats (evicted_keys is the keyspace's own counter). */
export function evictionInfoFields(server: Server): InfoField[] {
  const e = server.memory.evictor;
  return [
    ['total_eviction_exceeded_time', Math.floor(e.totalExceededMs())],
    ['current_eviction_exceeded_time', Math.floor(e.currentExceededMs())],
  ];
}
