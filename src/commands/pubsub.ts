/**
 * Pub/Sub: SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE with their UNSUBSCRIBE counterparts, PUBLISH,
 * SPUBLISH and PUBSUB. Three kinds of subscription (channel, pattern, shard channel) share one
 * implementation, described by a row of SUBSCRIPTION_KINDS: the server keeps, per kind, a Map from
 * name to the set of subscribed clients, and each client keeps its names in insertion order.
 * PUBLISH walks the channel's subscribers, then every pattern (glob match), and writes each message
 * through the receiver's single write path (reply, then Server.scheduleFlush). A client with any
 * subscription is in the Pub/Sub context; in RESP2 only SUBSCRIBER_CONTEXT_COMMANDS may run there.
 */
import type { Client } from '../net/client';
import type { Server } from '../server';
import type { Command, CommandRow } from './types';
import { compileGlob, Matcher } from '../util/glob';
import { replyHelp } from './config';
import { notifications, notifyKeyspaceEvent, NOTIFY_KEY_MISS, NOTIFY_NEW } from './notify';
import { addResetHook } from './connection';

/** A client's subscriptions; every name is also in the server's map of the same kind. */
export interface Subscriptions {
  channels: Set<string>;
  patterns: Set<string>;
  shardChannels: Set<string>;
}

/** The server's side: name -> subscribed clients, one map per kind. No set is ever left empty. */
interface Registry {
  channels: Map<string, Set<Client>>;
  patterns: Map<string, Set<Client>>;
  shardChannels: Map<string, Set<Client>>;
  /** The compiled glob of every key of `patterns`. */
  matchers: Map<string, Matcher>;
}

type KindName = keyof Subscriptions;

interface SubscriptionKind {
  name: KindName;
  /** Words of the subscription and unsubscription confirmations. */
  subscribeWord: string;
  unsubscribeWord: string;
  /** The count a confirmation carries: channels + patterns, or shard channels alone (Redis 7.0). */
  count(s: Subscriptions): number;
}

const CHANNELS: SubscriptionKind = {
  name: 'channels',
  subscribeWord: 'subscribe',
  unsubscribeWord: 'unsubscribe',
  count: (s) => s.channels.size + s.patterns.size,
};
const PATTERNS: SubscriptionKind = {
  name: 'patterns',
  subscribeWord: 'psubscribe',
  unsubscribeWord: 'punsubscribe',
  count: (s) => s.channels.size + s.patterns.size,
};
const SHARD_CHANNELS: SubscriptionKind = {
  name: 'shardChannels',
  subscribeWord: 'ssubscribe',
  unsubscribeWord: 'sunsubscribe',
  count: (s) => s.shardChannels.size,
};

const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = [CHANNELS, PATTERNS, SHARD_CHANNELS];

const registries = new WeakMap<Server, Registry>();

/** INFO stats' pub/sub fields: channels, patterns and shard channels with at least one subscriber. */
export function pubsubInfoFields(server: Server): Array<[string, number]> {
  const r = registryOf(server);
  return [
    ['pubsub_channels', r.channels.size],
    ['pubsub_patterns', r.patterns.size],
    ['pubsubshard_channels', r.shardChannels.size],
  ];
}

function registryOf(server: Server): Registry {
  let r = registries.get(server);
  if (r === undefined) {
    r = { channels: new Map(), patterns: new Map(), shardChannels: new Map(), matchers: new Map() };
    registries.set(server, r);
  }
  return r;
}

/** Total subscriptions of every kind; the client is in the Pub/Sub context while it is above 0. */
export function subscriptionCount(c: Client): number {
  const s = c.subscriptions;
  return s === undefined ? 0 : s.channels.size + s.patterns.size + s.shardChannels.size;
}

/** Commands a RESP2 client may run while it has subscriptions (Redis's processCommand list). */
const SUBSCRIBER_CONTEXT_COMMANDS = new Set([
  'ping',
  'subscribe',
  'ssubscribe',
  'unsubscribe',
  'sunsubscribe',
  'psubscribe',
  'punsubscribe',
  'quit',
  'reset',
]);

/** The RESP2 subscriber-context refusal for `cmd`, or undefined when it may run. */
export function subscriberContextError(c: Client, cmd: Command): string | undefined {
  if (!inSubscriberContext(c)) return undefined;
  const top = cmd.parent ?? cmd;
  if (SUBSCRIBER_CONTEXT_COMMANDS.has(top.fullName)) return undefined;
  return `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
}

/** Whether PING answers with the RESP2 subscriber form (["pong", message]). */
export function inSubscriberContext(c: Client): boolean {
  return c.reply.proto === 2 && c.subscriptions !== undefined && subscriptionCount(c) > 0;
}

function subscriptionsOf(c: Client): Subscriptions {
  let s = c.subscriptions;
  if (s === undefined) {
    s = { channels: new Set(), patterns: new Set(), shardChannels: new Set() };
    c.subscriptions = s;
    c.onClose.push(unsubscribeAll);
  }
  return s;
}

function confirm(c: Client, word: string, name: string | undefined, count: number): void {
  c.reply.push(3);
  c.reply.bulk(word);
  c.reply.bulkOrNull(name);
  c.reply.int(count);
}

function subscribeGeneric(c: Client, names: readonly string[], kind: SubscriptionKind): void {
  const mine = subscriptionsOf(c);
  const reg = registryOf(c.server);
  const map = reg[kind.name];
  for (const name of names) {
    const own = mine[kind.name];
    if (!own.has(name)) {
      own.add(name);
      let clients = map.get(name);
      if (clients === undefined) {
        clients = new Set();
        map.set(name, clients);
        if (kind === PATTERNS) reg.matchers.set(name, compileGlob(name));
      }
      clients.add(c);
    }
    confirm(c, kind.subscribeWord, name, kind.count(mine));
  }
}

/** Removes one subscription; false when the client did not hold it. */
function dropSubscription(c: Client, name: string, kind: SubscriptionKind): boolean {
  const mine = c.subscriptions;
  if (mine === undefined || !mine[kind.name].delete(name)) return false;
  const reg = registryOf(c.server);
  const map = reg[kind.name];
  const clients = map.get(name);
  if (clients !== undefined) {
    clients.delete(c);
    if (clients.size === 0) {
      map.delete(name);
      if (kind === PATTERNS) reg.matchers.delete(name);
    }
  }
  return true;
}

/** UNSUBSCRIBE-style: the named subscriptions, or all of this kind when no name is given. */
function unsubscribeGeneric(c: Client, names: readonly string[], kind: SubscriptionKind, notify: boolean): void {
  const mine = c.subscriptions;
  const targets = names.length > 0 ? names : mine === undefined ? [] : [...mine[kind.name]];
  for (const name of targets) {
    dropSubscription(c, name, kind);
    if (notify) confirm(c, kind.unsubscribeWord, name, mine === undefined ? 0 : kind.count(mine));
  }
  if (notify && targets.length === 0) confirm(c, kind.unsubscribeWord, undefined, mine === undefined ? 0 : kind.count(mine));
}

/** Drops every subscription silently (connection closed, RESET). */
function unsubscribeAll(c: Client): void {
  for (const kind of SUBSCRIPTION_KINDS) unsubscribeGeneric(c, [], kind, false);
}

/** A message push to one receiver: [word, (pattern,) channel, message]. */
function deliver(receiver: Client, word: string, pattern: string | undefined, channel: string, message: string): void {
  if (receiver.closed || receiver.replyMode !== 'on') return;
  const r = receiver.reply;
  r.push(pattern === undefined ? 3 : 4);
  r.bulk(word);
  if (pattern !== undefined) r.bulk(pattern);
  r.bulk(channel);
  r.bulk(message);
  receiver.server.scheduleFlush(receiver);
}

/** Redis's pubsubPublishMessage: the number of receivers (a client matched by two patterns counts twice). */
export function publishMessage(server: Server, channel: string, message: string): number {
  const reg = registryOf(server);
  let receivers = 0;
  const direct = reg.channels.get(channel);
  if (direct !== undefined) {
    for (const receiver of direct) deliver(receiver, 'message', undefined, channel, message);
    receivers += direct.size;
  }
  for (const [pattern, clients] of reg.patterns) {
    if (!reg.matchers.get(pattern)!(channel)) continue;
    for (const receiver of clients) deliver(receiver, 'pmessage', pattern, channel, message);
    receivers += clients.size;
  }
  return receivers;
}

function publishShardMessage(server: Server, channel: string, message: string): number {
  const clients = registryOf(server).shardChannels.get(channel);
  if (clients === undefined) return 0;
  for (const receiver of clients) deliver(receiver, 'smessage', undefined, channel, message);
  return clients.size;
}

function subscribe(c: Client, argv: string[]): void {
  subscribeGeneric(c, argv.slice(1), CHANNELS);
}

function psubscribe(c: Client, argv: string[]): void {
  subscribeGeneric(c, argv.slice(1), PATTERNS);
}

function ssubscribe(c: Client, argv: string[]): void {
  subscribeGeneric(c, argv.slice(1), SHARD_CHANNELS);
}

function unsubscribe(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv.slice(1), CHANNELS, true);
}

function punsubscribe(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv.slice(1), PATTERNS, true);
}

function sunsubscribe(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv.slice(1), SHARD_CHANNELS, true);
}

function publish(c: Client, argv: string[]): void {
  c.reply.int(publishMessage(c.server, argv[1], argv[2]));
}

function spublish(c: Client, argv: string[]): void {
  c.reply.int(publishShardMessage(c.server, argv[1], argv[2]));
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]: active names matching the pattern. */
function listActive(c: Client, argv: string[], kind: KindName): void {
  if (argv.length > 3) {
    c.reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try PUBSUB HELP.`);
    return;
  }
  const match = argv.length === 3 ? compileGlob(argv[2]) : undefined;
  const names: string[] = [];
  for (const name of registryOf(c.server)[kind].keys()) if (match === undefined || match(name)) names.push(name);
  c.reply.bulkArray(names);
}

/** PUBSUB NUMSUB / SHARDNUMSUB name...: a flat array of name, subscriber count. */
function countSubscribers(c: Client, argv: string[], kind: KindName): void {
  const map = registryOf(c.server)[kind];
  c.reply.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.reply.bulk(argv[i]);
    c.reply.int(map.get(argv[i])?.size ?? 0);
  }
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

/** Publishes keyspace notifications and forgets subscriptions on RESET. */
export function installPubSub(server: Server): void {
  notifications.publisher = { publish: (channel, message) => publishMessage(server, channel, message) };
  // dbAdd's "new" event (class n), before the creating command's own event, as in Redis.
  server.keyspace.listen({
    keyCreated: (db, key) => notifyKeyspaceEvent(NOTIFY_NEW, 'new', key, db.id),
    keyMissed: (db, key) => notifyKeyspaceEvent(NOTIFY_KEY_MISS, 'keymiss', key, db.id),
  });
  addResetHook(unsubscribeAll);
}

const SUBSCRIBE_FLAGS = 'pubsub noscript loading stale';
const PUBLISH_FLAGS = 'pubsub loading stale fast';
const INTROSPECT_FLAGS = 'pubsub loading stale';

export const pubsubCommands: CommandRow[] = [
  { name: 'subscribe', arity: -2, flags: SUBSCRIBE_FLAGS, group: 'pubsub', since: '2.0.0', summary: 'Listens for messages published to channels.', handler: subscribe },
  { name: 'unsubscribe', arity: -1, flags: SUBSCRIBE_FLAGS, group: 'pubsub', since: '2.0.0', summary: 'Stops listening to messages posted to channels.', handler: unsubscribe },
  { name: 'psubscribe', arity: -2, flags: SUBSCRIBE_FLAGS, group: 'pubsub', since: '2.0.0', summary: 'Listens for messages published to channels that match one or more patterns.', handler: psubscribe },
  { name: 'punsubscribe', arity: -1, flags: SUBSCRIBE_FLAGS, group: 'pubsub', since: '2.0.0', summary: 'Stops listening to messages published to channels that match one or more patterns.', handler: punsubscribe },
  { name: 'ssubscribe', arity: -2, flags: SUBSCRIBE_FLAGS, keys: [1, -1, 1], group: 'pubsub', since: '7.0.0', summary: 'Listens for messages published to shard channels.', handler: ssubscribe },
  { name: 'sunsubscribe', arity: -1, flags: SUBSCRIBE_FLAGS, keys: [1, -1, 1], group: 'pubsub', since: '7.0.0', summary: 'Stops listening to messages posted to shard channels.', handler: sunsubscribe },
  { name: 'publish', arity: 3, flags: PUBLISH_FLAGS, group: 'pubsub', since: '2.0.0', summary: 'Posts a message to a channel.', handler: publish },
  { name: 'spublish', arity: 3, flags: PUBLISH_FLAGS, keys: [1, 1, 1], group: 'pubsub', since: '7.0.0', summary: 'Post a message to a shard channel', handler: spublish },
  {
    name: 'pubsub',
    arity: -2,
    flags: '',
    group: 'pubsub',
    since: '2.8.0',
    summary: 'A container for Pub/Sub commands.',
    subcommands: [
      { name: 'channels', arity: -2, flags: INTROSPECT_FLAGS, group: 'pubsub', since: '2.8.0', summary: 'Returns the active channels.', handler: (c, argv) => listActive(c, argv, 'channels') },
      { name: 'numpat', arity: 2, flags: INTROSPECT_FLAGS, group: 'pubsub', since: '2.8.0', summary: 'Returns a count of unique pattern subscriptions.', handler: (c) => c.reply.int(registryOf(c.server).patterns.size) },
      { name: 'numsub', arity: -2, flags: INTROSPECT_FLAGS, group: 'pubsub', since: '2.8.0', summary: 'Returns a count of subscribers to channels.', handler: (c, argv) => countSubscribers(c, argv, 'channels') },
      { name: 'shardchannels', arity: -2, flags: INTROSPECT_FLAGS, group: 'pubsub', since: '7.0.0', summary: 'Returns the active shard channels.', handler: (c, argv) => listActive(c, argv, 'shardChannels') },
      { name: 'shardnumsub', arity: -2, flags: INTROSPECT_FLAGS, group: 'pubsub', since: '7.0.0', summary: 'Returns the count of subscribers of shard channels.', handler: (c, argv) => countSubscribers(c, argv, 'shardChannels') },
      { name: 'help', arity: 2, flags: 'loading stale', acl: '-@pubsub', group: 'pubsub', since: '6.2.0', summary: 'Returns helpful text about the different subcommands.', handler: (c) => replyHelp(c, PUBSUB_HELP) },
    ],
  },
];
