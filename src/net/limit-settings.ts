/**
 * The settings behind client limits, parsed once when they change: client-output-buffer-limit (one
 * `class hard soft seconds` group per client class; CONFIG SET and each config-file line change only
 * the classes they name) and maxmemory-clients (bytes, or a percentage of maxmemory). This module only
 * parses and stores; net/limits.ts enforces. It imports nothing heavy, as the config table loads it.
 */
import type { Server } from '../server';
import { attached } from '../util/attached';

/** Client classes of client-output-buffer-limit, in the order CONFIG GET prints them. */
export const CLASSES = ['normal', 'slave', 'pubsub'] as const;
type ClientClass = (typeof CLASSES)[number];

export interface OutputBufferLimit {
  /** Bytes; 0 means none. */
  hard: number;
  soft: number;
  softSeconds: number;
}

type Limits = Record<ClientClass, OutputBufferLimit>;

const LIMIT_ERRORS = {
  count: 'Wrong number of arguments in buffer limit configuration.',
  class: 'Invalid client class specified in buffer limit configuration.',
  value: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.',
};

function parseLimits(text: string): Limits {
  const words = text.split(' ').filter((w) => w !== '');
  const out = {} as Limits;
  for (let i = 0; i + 3 < words.length; i += 4) {
    out[words[i] as ClientClass] = { hard: Number(words[i + 1]), soft: Number(words[i + 2]), softSeconds: Number(words[i + 3]) };
  }
  return out;
}

/** Redis's memtoull: digits and a unit (b, k, kb, m, mb, g, gb, any case), 64-bit unsigned arithmetic. */
function memtoull(text: string): bigint | null {
  const m = /^([0-9]*)(b|k|kb|m|mb|g|gb)?$/i.exec(text);
  if (m === null) return null;
  const units: Record<string, bigint> = { b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  // strtoull saturates at its largest value; the multiplication then wraps, as in C.
  let value = m[1] === '' ? 0n : BigInt(m[1]);
  if (value > 0xffffffffffffffffn) value = 0xffffffffffffffffn;
  return BigInt.asUintN(64, value * units[(m[2] ?? 'b').toLowerCase()]);
}

/** soft seconds as Redis reads them: strtoll into an int, so past 2^31 - 1 it wraps negative and fails. */
function softSeconds(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  let value = BigInt(text);
  if (value > 0x7fffffffffffffffn) value = 0x7fffffffffffffffn;
  if (value < -0x8000000000000000n) value = -0x8000000000000000n;
  const seconds = Number(BigInt.asIntN(32, value));
  return seconds < 0 ? null : seconds;
}

/**
 * client-output-buffer-limit's check: `class hard soft seconds` groups (replica is slave) merged over
 * the current value, as Redis sets only the classes named. Returns the full normalised value, whose
 * numbers are kept as decimal text so the 64-bit values Redis accepts print back exactly.
 */
export function checkOutputBufferLimits(text: string, current: string | undefined): { error: string } | { value: string } {
  const words = text.split(' ').filter((w) => w !== '');
  if (words.length % 4 !== 0) return { error: LIMIT_ERRORS.count };
  const groups = new Map<string, string>();
  const base = (current ?? 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60').split(' ');
  for (let i = 0; i + 3 < base.length; i += 4) groups.set(base[i], base.slice(i + 1, i + 4).join(' '));
  for (let i = 0; i < words.length; i += 4) {
    const name = words[i].toLowerCase();
    const cls = name === 'replica' ? 'slave' : name;
    if (!(CLASSES as readonly string[]).includes(cls)) return { error: LIMIT_ERRORS.class };
    const hard = memtoull(words[i + 1]);
    const soft = memtoull(words[i + 2]);
    const seconds = softSeconds(words[i + 3]);
    if (hard === null || soft === null || seconds === null) return { error: LIMIT_ERRORS.value };
    groups.set(cls, `${hard} ${soft} ${seconds}`);
  }
  return { value: CLASSES.map((k) => `${k} ${groups.get(k)}`).join(' ') };
}

/**
 * maxmemory-clients' check, as Redis reads a memory-or-percent setting: `N%` (N as string2ll reads it,
 * 0..100) or a memory value, which Redis then holds in a signed 64-bit integer where a negative
 * number means a percentage, so sizes past 2^63 come back as percentages or are refused as such.
 */
export function checkMaxmemoryClients(text: string): { error: string } | { value: string } {
  let value: bigint | null = null;
  const digits = text.slice(0, -1);
  if (text.endsWith('%') && /^(0|[1-9][0-9]*)$/.test(digits) && BigInt(digits) <= 0x7fffffffffffffffn) {
    value = -BigInt(digits);
  } else {
    const bytes = memtoull(text);
    if (bytes !== null) value = BigInt.asIntN(64, bytes);
  }
  if (value === null) return { error: 'argument must be a memory or percent value' };
  if (value < 0n) return value < -100n ? { error: 'percentage argument must be less or equal to 100' } : { value: `${-value}%` };
  return { value: String(value) };
}

export interface LimitsState {
  output: Limits;
  /** maxmemory-clients as configured: bytes, or a percentage of maxmemory. */
  clientsLimit: { bytes: number } | { percent: number };
}

/** The parsed limits of a server, created from its config on first use. */
export const limitSettings = attached(
  (server: Server): LimitsState => ({ output: parseLimits(server.config.str('client-output-buffer-limit')), clientsLimit: { bytes: 0 } }),
);

/** Apply hooks of the two config rows. */
export function applyOutputBufferLimits(server: Server, value: string): undefined {
  limitSettings(server).output = parseLimits(value);
  return undefined;
}

export function applyMaxmemoryClients(server: Server, value: string): undefined {
  limitSettings(server).clientsLimit = value.endsWith('%') ? { percent: Number(value.slice(0, -1)) } : { bytes: Number(value) };
  return undefined;
}
