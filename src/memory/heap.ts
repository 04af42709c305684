/**
 * The JS heap's ceiling. V8 dies with "JavaScript heap out of memory" when the old space reaches
 * heap_size_limit, so respkv must never let its data approach it: at start-up main.ts re-executes
 * Node with a --max-old-space-size large enough for the configured maxmemory (requiredHeapMb), and
 * where that is not possible (maxmemory 0, or more than the heap can hold) the accountant enforces
 * heapCeiling() as the limit instead.
 *
 * HEAP_USABLE_SHARE leaves the garbage collector room to work: a V8 heap more than about two thirds
 * full of live data spends most of its time in full collections, and used_memory is an estimate
 * that may fall short of the real heap by up to 20% (see bench/memory.js).
 */
import { spawn } from 'node:child_process';
import * as v8 from 'node:v8';

export const HEAP_USABLE_SHARE = 0.6;
/** MB of heap beyond the data: code, the command table, parser and GC headroom. */
const HEAP_BASE_MB = 256;
/** Set in the environment of the re-executed process, so it never re-executes again. */
const SIZED_ENV = 'RESPKV_HEAP_SIZED';

let ceiling = 0;

/** Bytes of used_memory the current heap can hold safely. */
export function heapCeiling(): number {
  if (ceiling === 0) ceiling = Math.floor(v8.getHeapStatistics().heap_size_limit * HEAP_USABLE_SHARE);
  return ceiling;
}

/** The --max-old-space-size (MB) that holds `maxmemory` bytes of data within the usable share. */
export function requiredHeapMb(maxmemory: number): number {
  return Math.ceil(maxmemory / HEAP_USABLE_SHARE / 2 ** 20) + HEAP_BASE_MB;
}

/**
 * When the heap cannot hold `maxmemory`, runs this same program again with a large enough heap and
 * returns true: the caller must then do nothing else; this process forwards signals to the child
 * and exits with its status. False when the heap is already large enough (or was already sized).
 */
export function relaunchWithHeapFor(maxmemory: number, say: (line: string) => void): boolean {
  if (maxmemory === 0 || maxmemory <= heapCeiling() || process.env[SIZED_ENV] !== undefined) return false;
  const mb = requiredHeapMb(maxmemory);
  say(`maxmemory ${maxmemory} needs a larger JS heap: restarting Node with --max-old-space-size=${mb}`);
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--max-old-space-size'));
  const child = spawn(process.execPath, [...execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [SIZED_ENV]: String(mb) },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal !== null ? 1 : 0)));
  return true;
}
