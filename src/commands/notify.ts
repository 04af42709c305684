/**
 * Keyspace notifications (notify-keyspace-events). Commands call notifyKeyspaceEvent after a
 * change, with the event's class and name; when the class is enabled the event is published on
 * `__keyspace@<db>__:<key>` (message: the event) and/or `__keyevent@<db>__:<event>` (message: the
 * key) through the server's publisher (pub/sub). Class letters as Redis 7.0: K E g $ l s h z x e t m
 * d n, and A for "g$lshzxetd".
 */
import type { Server } from '../server';

export const NOTIFY_KEYSPACE = 1 << 0;
export const NOTIFY_KEYEVENT = 1 << 1;
export const NOTIFY_GENERIC = 1 << 2;
export const NOTIFY_STRING = 1 << 3;
export const NOTIFY_LIST = 1 << 4;
export const NOTIFY_SET = 1 << 5;
export const NOTIFY_HASH = 1 << 6;
export const NOTIFY_ZSET = 1 << 7;
export const NOTIFY_EXPIRED = 1 << 8;
export const NOTIFY_EVICTED = 1 << 9;
export const NOTIFY_STREAM = 1 << 10;
export const NOTIFY_KEY_MISS = 1 << 11;
export const NOTIFY_LOADED = 1 << 12;
export const NOTIFY_MODULE = 1 << 13;
export const NOTIFY_NEW = 1 << 14;
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

const CLASS_LETTERS: ReadonlyArray<[string, number]> = [
  ['g', NOTIFY_GENERIC],
  ['$', NOTIFY_STRING],
  ['l', NOTIFY_LIST],
  ['s', NOTIFY_SET],
  ['h', NOTIFY_HASH],
  ['z', NOTIFY_ZSET],
  ['x', NOTIFY_EXPIRED],
  ['e', NOTIFY_EVICTED],
  ['K', NOTIFY_KEYSPACE],
  ['E', NOTIFY_KEYEVENT],
  ['t', NOTIFY_STREAM],
  ['m', NOTIFY_KEY_MISS],
  ['d', NOTIFY_MODULE],
  ['n', NOTIFY_NEW],
];

/** Redis's keyspaceEventsStringToFlags: flags, or -1 for an unknown letter. */
export function parseNotifyFlags(text: string): number {
  let flags = 0;
  for (const ch of text) {
    if (ch === 'A') {
      flags |= NOTIFY_ALL;
      continue;
    }
    const entry = CLASS_LETTERS.find(([letter]) => letter === ch);
    if (entry === undefined) return -1;
    flags |= entry[1];
  }
  return flags;
}

/** Redis's keyspaceEventsFlagsToString: the canonical spelling CONFIG GET prints. */
export function formatNotifyFlags(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    out += 'A';
  } else {
    for (const [letter, bit] of CLASS_LETTERS) {
      if (bit === NOTIFY_KEYSPACE || bit === NOTIFY_KEYEVENT || bit === NOTIFY_KEY_MISS || bit === NOTIFY_NEW) continue;
      if (flags & bit) out += letter;
    }
  }
  if (flags & NOTIFY_KEYSPACE) out += 'K';
  if (flags & NOTIFY_KEYEVENT) out += 'E';
  if (flags & NOTIFY_KEY_MISS) out += 'm';
  if (flags & NOTIFY_NEW) out += 'n';
  return out;
}

/** Where notifications go: set by the pub/sub module; returns the number of receivers. */
export interface NotificationPublisher {
  publish(channel: string, message: string): number;
}

export const notifications = {
  /** Enabled classes (from notify-keyspace-events); 0 disables everything cheaply. */
  flags: 0,
  publisher: undefined as NotificationPublisher | undefined,
};

/** Publishes a keyspace event of class `type` if enabled. */
export function notifyKeyspaceEvent(type: number, event: string, key: string, dbid: number): void {
  const flags = notifications.flags;
  if ((flags & type) === 0 || notifications.publisher === undefined) return;
  if (flags & NOTIFY_KEYSPACE) notifications.publisher.publish(`__keyspace@${dbid}__:${key}`, event);
  if (flags & NOTIFY_KEYEVENT) notifications.publisher.publish(`__keyevent@${dbid}__:${event}`, key);
}

/** The config row's hook: validates and applies notify-keyspace-events. */
export function applyNotifyConfig(_server: Server, value: string): string | undefined {
  const flags = parseNotifyFlags(value);
  if (flags < 0) return 'Invalid event class character. Use \'Ag$lshzxeKEtmdn\'.';
  notifications.flags = flags;
  return undefined;
}
