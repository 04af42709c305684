/**
 * String commands. Values are latin1 JS strings (one char per byte). One generic set path serves
 * SET and its option combinations.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { parseInteger } from './args';
import { INVALID_EXPIRE, NOT_INTEGER, SYNTAX_ERROR, WRONGTYPE } from '../resp/replies';

const SET_NX = 1;
const SET_XX = 2;
const SET_GET = 4;
const SET_KEEPTTL = 8;

function get(c: Client, argv: string[]): void {
  const e = c.db.lookupRead(argv[1]);
  if (e === undefined) c.reply.nullBulk();
  else if (typeof e.value !== 'string') c.reply.error(WRONGTYPE);
  else c.reply.bulk(e.value);
}

/**
 * Parses an expiry given in `unit` ms (1000 for EX/EXAT) into an absolute ms time, or replies with
 * Redis's error and returns null. `absolute` for EXAT/PXAT.
 */
export function parseExpireArg(c: Client, text: string, unit: number, absolute: boolean, cmdName: string): number | null {
  const n = parseInteger(text);
  if (n === null) {
    c.reply.error(NOT_INTEGER);
    return null;
  }
  if (n <= 0 || n > Number.MAX_SAFE_INTEGER / unit) {
    c.reply.error(INVALID_EXPIRE(cmdName));
    return null;
  }
  const ms = n * unit;
  if (absolute) return ms;
  const at = ms + c.server.keyspace.clock.nowMs;
  if (at > Number.MAX_SAFE_INTEGER) {
    c.reply.error(INVALID_EXPIRE(cmdName));
    return null;
  }
  return at;
}

/** The one set path: SET's semantics with flags and an absolute expiry (0 for none). */
export function setGeneric(c: Client, key: string, value: string, flags: number, expireAt: number, okReply: boolean): void {
  const existing = c.db.lookupWrite(key);
  if (flags & SET_GET) {
    if (existing !== undefined && typeof existing.value !== 'string') {
      c.reply.error(WRONGTYPE);
      return;
    }
  }
  if ((flags & SET_NX && existing !== undefined) || (flags & SET_XX && existing === undefined)) {
    if (flags & SET_GET) c.reply.bulkOrNull(existing?.value as string | undefined);
    else c.reply.nullBulk();
    return;
  }
  const old = existing?.value as string | undefined;
  const e = c.db.setKey(key, value, (flags & SET_KEEPTTL) !== 0);
  if (expireAt !== 0) c.db.setExpire(e, expireAt);
  if (flags & SET_GET) c.reply.bulkOrNull(old);
  else if (okReply) c.reply.ok();
}

/** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL] */
function set(c: Client, argv: string[]): void {
  let flags = 0;
  let expireAt = 0;
  let expireSeen = false;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const next = i + 1 < argv.length ? argv[i + 1] : undefined;
    if (opt === 'nx' && !(flags & SET_XX)) flags |= SET_NX;
    else if (opt === 'xx' && !(flags & SET_NX)) flags |= SET_XX;
    else if (opt === 'get') flags |= SET_GET;
    else if (opt === 'keepttl' && !expireSeen) {
      flags |= SET_KEEPTTL;
      expireSeen = true;
    } else if ((opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat') && !expireSeen && next !== undefined) {
      expireSeen = true;
      i++;
      const unit = opt === 'ex' || opt === 'exat' ? 1000 : 1;
      const at = parseExpireArg(c, next, unit, opt === 'exat' || opt === 'pxat', 'set');
      if (at === null) return;
      expireAt = at;
    } else {
      c.reply.error(SYNTAX_ERROR);
      return;
    }
  }
  setGeneric(c, argv[1], argv[2], flags, expireAt, true);
}

export const stringCommands: CommandRow[] = [
  { name: 'get', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Returns the string value of a key.', handler: get },
  { name: 'set', arity: -3, flags: 'write denyoom', keys: [1, 1, 1], group: 'string', since: '1.0.0', summary: 'Sets the string value of a key, ignoring its type. The key is created if it doesn\'t exist.', handler: set },
];
