/**
 * Typed key lookups for the collection commands: Redis's lookupKeyRead / lookupKeyWrite followed
 * by checkType. Each answers the value (or entry) when the key holds the expected class, undefined
 * when the key is missing, or null after replying WRONGTYPE, so a command handles the three
 * outcomes and never replies twice.
 */
import type { Client } from '../net/client';
import type { Entry } from '../store/db';
import { WRONGTYPE } from '../resp/replies';

/** A Collection class, used as the type test. */
export type ValueClass<T> = abstract new (...args: never[]) => T;

/** An entry whose value is known to be a T. */
export type TypedEntry<T> = Entry & { value: T };

/** lookupKeyRead + checkType: touches the key and counts a hit or a miss. */
export function lookupValueRead<T>(c: Client, key: string, cls: ValueClass<T>): T | undefined | null {
  const e = c.db.lookupRead(key);
  if (e === undefined) return undefined;
  if (e.value instanceof cls) return e.value;
  c.reply.error(WRONGTYPE);
  return null;
}

/** lookupKeyWrite + checkType: the entry, to change in place and report with Db.written. */
export function lookupEntryWrite<T>(c: Client, key: string, cls: ValueClass<T>): TypedEntry<T> | undefined | null {
  const e = c.db.lookupWrite(key);
  if (e === undefined) return undefined;
  if (e.value instanceof cls) return e as TypedEntry<T>;
  c.reply.error(WRONGTYPE);
  return null;
}
