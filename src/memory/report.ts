/**
 * The memory figures INFO memory reports, with Redis 7.0's field names, computed from the
 * accountant and the process at the time of the call (never stored or hard-coded).
 */
import type { Server } from '../server';
import { bytesToHuman } from '../config/units';

export type InfoField = [name: string, value: string | number];

export function memoryInfoFields(server: Server): InfoField[] {
  const m = server.memory;
  const used = m.used();
  const rss = process.memoryUsage.rss();
  return [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', m.peak],
    ['used_memory_peak_human', bytesToHuman(m.peak)],
    ['maxmemory', m.maxmemory],
    ['maxmemory_human', bytesToHuman(m.maxmemory)],
    ['maxmemory_policy', m.policy],
  ];
}
