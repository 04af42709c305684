/**
 * The JS heap's ceiling. V8 dies with "JavaScript heap out of memory" when its old space, where
 * every stored key ends up, reaches its limit (oldSpaceLimit), so respkv must never let its data
 * approach it: at start-up main.ts re-executes
 * Node with a --max-old-space-size large enough for the configured maxmemory (requiredHeapMb), and
 * where that is not possible (maxmemory 0, or more than the heap can hold) the accountant enforces
 * heapCeiling() as the limit instead. For a small maxmemory it also shrinks V8's young generation,
 * which is resident memory outside the dataset (semiSpaceMb).
 *
 * HEAP_USABLE_SHARE leaves the garbage collector room to work: a V8 heap more than about two thirds
 * full of live data spends most of its time in full collections, and used_memory is an estimate
 * that may fall short of the real heap by up to 20% (see bench/memory.js).
 */
import { spawn } from 'node:child_process';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const HEAP_USABLE_SHARE = 0.6;
/** MB of heap beyond the data: code, the command table, parser and GC headroom. */
const HEAP_BASE_MB = 256;
/** V8's default semi-space on 64-bit, MB. */
const DEFAULT_SEMI_SPACE_MB = 16;
/** Set in the environment of the re-executed process, so it never re-executes again. */
const SIZED_ENV = 'RESPKV_HEAP_SIZED';

let ceiling = 0;

/** The MB value of a V8 size flag given to this process (command line or NODE_OPTIONS), or undefined. */
function flagMb(name: string): number | undefined {
  const words = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/_/g, '-');
    if (w.startsWith(`${name}=`)) return Number(w.slice(name.length + 1));
    if (w === name && i + 1 < words.length) return Number(words[i + 1]);
  }
  return undefined;
}

/**
 * Bytes of V8's old space, where every stored key and value ends up: heap_size_limit also counts
 * the young generation, three semi-spaces (measured on Node 20: --max-old-space-size=64 gives a
 * limit of 112 MB with the default 16 MB semi-spaces, 76 MB with --max-semi-space-size=4).
 */
export function oldSpaceLimit(): number {
  const semi = flagMb('--max-semi-space-size') ?? DEFAULT_SEMI_SPACE_MB;
  return v8.getHeapStatistics().heap_size_limit - 3 * semi * 2 ** 20;
}

/** Bytes of used_memory the current heap can hold safely. */
export function heapCeiling(): number {
  if (ceiling === 0) ceiling = Math.floor(oldSpaceLimit() * HEAP_USABLE_SHARE);
  return ceiling;
}

/** The --max-old-space-size (MB) that holds `maxmemory` bytes of data within the usable share. */
export function requiredHeapMb(maxmemory: number): number {
  return Math.ceil(maxmemory / HEAP_USABLE_SHARE / 2 ** 20) + HEAP_BASE_MB;
}

/**
 * MB of each of V8's two young-generation semi-spaces for a limit of `maxmemory` bytes, or 0 to
 * keep V8's default (16 MB each on 64-bit). The young generation is resident once grown but is not
 * data, so a large one would keep the process far above a small maxmemory: a semi-space is held to
 * about 1/64 of the limit, between 1 and 16 MB.
 */
export function semiSpaceMb(maxmemory: number): number {
  if (maxmemory === 0 || maxmemory >= DEFAULT_SEMI_SPACE_MB * 64 * 2 ** 20) return 0;
  let mb = 1;
  while (mb * 2 * 64 * 2 ** 20 <= maxmemory) mb *= 2;
  return mb;
}

/**
 * When the heap cannot hold `maxmemory`, or V8's young generation is large for it, runs this same
 * program again with a suitable --max-old-space-size and --max-semi-space-size and returns true:
 * the caller must then do nothing else; this process forwards signals to the child and exits with
 * its status. False when nothing needs changing (or this process is already the re-executed one).
 */
export function relaunchWithHeapFor(maxmemory: number, say: (line: string) => void): boolean {
  if (process.env[SIZED_ENV] !== undefined) {
    followParent();
    return false;
  }
  if (maxmemory === 0) return false;
  const flags: string[] = [];
  if (maxmemory > heapCeiling()) flags.push(`--max-old-space-size=${requiredHeapMb(maxmemory)}`);
  const semi = semiSpaceMb(maxmemory);
  if (semi !== 0 && !process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) flags.push(`--max-semi-space-size=${semi}`);
  if (flags.length === 0) return false;
  say(`Sizing the JS heap for maxmemory ${maxmemory}: restarting Node with ${flags.join(' ')}`);
  const execArgv = process.execArgv.filter((a) => !flags.some((f) => f.split('=')[0] === a.split('=')[0]));
  const child = spawn(process.execPath, [...execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SIZED_ENV]: flags.join(' ') },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal !== null ? 1 : 0)));
  return true;
}

/**
 * In the re-executed process: when the parent goes away without forwarding a signal (SIGKILL), the
 * IPC channel closes and this process shuts down as on SIGTERM, so no server is left orphaned.
 */
function followParent(): void {
  const channel = process.channel;
  if (channel === undefined) return;
  channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/**
 * Makes the young generation resident: V8 commits its semi-spaces at start-up, but their pages only
 * become resident when objects are first allocated in them, so a fresh process would grow by the
 * young generation's committed size on its first traffic while used_memory, which counts that
 * size, stays put. Allocating garbage worth twice the young generation passes through both
 * semi-spaces; it takes a few milliseconds, once. The arrays go through a small ring so the
 * compiler cannot elide them.
 */
export function touchYoungGeneration(): void {
  const target = 2 * youngGenerationBytes();
  const ring: unknown[] = new Array<unknown>(64);
  // Each array is about 1 KB: a 126-slot backing store plus the array object.
  for (let allocated = 0, i = 0; allocated < target; allocated += 1056, i = (i + 1) & 63) ring[i] = new Array<number>(126);
}

/** Bytes V8 has committed to its young generation (new space and its large-object space). */
export function youngGenerationBytes(): number {
  let bytes = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') bytes += space.space_size;
  }
  return bytes;
}

/**
 * Bytes of heap in use after a full collection: what start-up really keeps, without the garbage
 * left by loading the modules (about 1.8 MB of the 7.5 MB in use right after, on Node 20). The
 * collection takes a few ms; without --expose-gc the gc function is taken from a fresh context
 * while the flag is briefly on, so the global scope never gains a gc().
 */
export function liveHeapBytes(): number {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) {
    exposed();
  } else {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
    gc();
  }
  return process.memoryUsage().heapUsed;
}
