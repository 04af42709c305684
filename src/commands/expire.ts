/**
 * Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (one generic path, Redis's
 * expireGenericCommand, with NX / XX / GT / LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME (one generic
 * path, ttlGenericCommand) and PERSIST. Times are ms since the epoch; arguments are exact 64-bit
 * integers, and an expiry time already past deletes the key at once, as Redis 7.0 does.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { LOOKUP_NOTOUCH } from '../store/db';
import { INT64_MAX, INT64_MIN, parseInt64 } from './args';
import { INVALID_EXPIRE, NOT_INTEGER } from '../resp/replies';
import { NOTIFY_GENERIC, notifyKeyspaceEvent } from './notify';


const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;
const EXPIRE_OPTIONS: Record<string, number> = { nx: EXPIRE_NX, xx: EXPIRE_XX, gt: EXPIRE_GT, lt: EXPIRE_LT };

/** Redis's parseExtendedExpireArgumentsOrReply: the option flags, or null after an error reply. */
function parseExpireOptions(c: Client, argv: string[]): number | null {
  let flags = 0;
  for (let i = 3; i < argv.length; i++) {
    const flag = EXPIRE_OPTIONS[argv[i].toLowerCase()];
    if (flag === undefined) {
      c.reply.error(`ERR Unsupported option ${argv[i]}`);
      return null;
    }
    flags |= flag;
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    c.reply.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return null;
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    c.reply.error('ERR GT and LT options at the same time are not compatible');
    return null;
  }
  return flags;
}

/** Whether the options allow replacing `current` (ms, 0 for no TTL) by `when` (ms). */
function expireAllowed(flags: number, current: number, when: bigint): boolean {
  const has = current !== 0;
  if (flags & EXPIRE_NX && has) return false;
  if (flags & EXPIRE_XX && !has) return false;
  // A key without a TTL counts as an infinite one: GT always fails on it, LT always passes.
  if (flags & EXPIRE_GT && (!has || when <= BigInt(current))) return false;
  if (flags & EXPIRE_LT && has && when >= BigInt(current)) return false;
  return true;
}

/**
 * EXPIRE key seconds, PEXPIRE key ms, EXPIREAT key unix-seconds, PEXPIREAT key unix-ms, each with
 * [NX | XX | GT | LT]. `relative`: the time counts from now; `unit`: ms per unit of the argument.
 */
function expireGeneric(c: Client, argv: string[], relative: boolean, unit: number): void {
  const flags = parseExpireOptions(c, argv);
  if (flags === null) return;
  let when = parseInt64(argv[2]);
  if (when === null) {
    c.reply.error(NOT_INTEGER);
    return;
  }
  const invalid = INVALID_EXPIRE(argv[0].toLowerCase());
  if (unit !== 1) {
    if (when > INT64_MAX / BigInt(unit) || when < INT64_MIN / BigInt(unit)) {
      c.reply.error(invalid);
      return;
    }
    when *= BigInt(unit);
  }
  const base = relative ? BigInt(c.server.keyspace.clock.nowMs) : 0n;
  if (when > INT64_MAX - base) {
    c.reply.error(invalid);
    return;
  }
  when += base;
  const key = argv[1];
  const e = c.db.lookupWrite(key);
  if (e === undefined || !expireAllowed(flags, e.expireAt, when)) {
    c.reply.int(0);
    return;
  }
  if (when <= BigInt(c.server.keyspace.clock.nowMs)) {
    c.db.delete(key);
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
  } else {
    c.db.setExpire(e, Number(when));
    notifyKeyspaceEvent(NOTIFY_GENERIC, 'expire', key, c.db.id);
  }
  c.reply.int(1);
}

/**
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 without a TTL; otherwise the time
 * left (or the absolute time) in ms, or in seconds rounded to the nearest.
 */
function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const e = c.db.lookup(argv[1], LOOKUP_NOTOUCH);
  if (e === undefined) {
    c.reply.int(-2);
    return;
  }
  if (e.expireAt === 0) {
    c.reply.int(-1);
    return;
  }
  const t = Math.max(0, absolute ? e.expireAt : e.expireAt - c.server.keyspace.clock.nowMs);
  c.reply.int(ms ? t : Math.floor((t + 500) / 1000));
}

function persist(c: Client, argv: string[]): void {
  const e = c.db.lookupWrite(argv[1]);
  if (e === undefined || !c.db.persist(e)) {
    c.reply.int(0);
    return;
  }
  notifyKeyspaceEvent(NOTIFY_GENERIC, 'persist', argv[1], c.db.id);
  c.reply.int(1);
}

const ONE_KEY = [1, 1, 1] as const;

export const expireCommands: CommandRow[] = [
  { name: 'expire', arity: -3, flags: 'write fast', keys: ONE_KEY, group: 'generic', since: '1.0.0', summary: 'Set a key\'s time to live in seconds', complexity: 'O(1)', handler: (c, argv) => expireGeneric(c, argv, true, 1000) },
  { name: 'pexpire', arity: -3, flags: 'write fast', keys: ONE_KEY, group: 'generic', since: '2.6.0', summary: 'Set a key\'s time to live in milliseconds', complexity: 'O(1)', handler: (c, argv) => expireGeneric(c, argv, true, 1) },
  { name: 'expireat', arity: -3, flags: 'write fast', keys: ONE_KEY, group: 'generic', since: '1.2.0', summary: 'Set the expiration for a key as a UNIX timestamp', complexity: 'O(1)', handler: (c, argv) => expireGeneric(c, argv, false, 1000) },
  { name: 'pexpireat', arity: -3, flags: 'write fast', keys: ONE_KEY, group: 'generic', since: '2.6.0', summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds', complexity: 'O(1)', handler: (c, argv) => expireGeneric(c, argv, false, 1) },
  { name: 'ttl', arity: 2, flags: 'readonly fast', tips: 'nondeterministic_output', keys: ONE_KEY, group: 'generic', since: '1.0.0', summary: 'Get the time to live for a key in seconds', complexity: 'O(1)', handler: (c, argv) => ttlGeneric(c, argv, false, false) },
  { name: 'pttl', arity: 2, flags: 'readonly fast', tips: 'nondeterministic_output', keys: ONE_KEY, group: 'generic', since: '2.6.0', summary: 'Get the time to live for a key in milliseconds', complexity: 'O(1)', handler: (c, argv) => ttlGeneric(c, argv, true, false) },
  { name: 'expiretime', arity: 2, flags: 'readonly fast', keys: ONE_KEY, group: 'generic', since: '7.0.0', summary: 'Get the expiration Unix timestamp for a key', complexity: 'O(1)', handler: (c, argv) => ttlGeneric(c, argv, false, true) },
  { name: 'pexpiretime', arity: 2, flags: 'readonly fast', keys: ONE_KEY, group: 'generic', since: '7.0.0', summary: 'Get the expiration Unix timestamp for a key in milliseconds', complexity: 'O(1)', handler: (c, argv) => ttlGeneric(c, argv, true, true) },
  { name: 'persist', arity: 2, flags: 'write fast', keys: ONE_KEY, group: 'generic', since: '2.2.0', summary: 'Remove the expiration from a key', complexity: 'O(1)', handler: persist },
];
