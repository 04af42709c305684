/**
 * Connection commands: PING, ECHO, QUIT, SELECT, HELLO, AUTH, RESET. HELLO switches the client
 * between RESP2 and RESP3 and answers the map modern clients read on connect.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';
import { parseInteger } from './args';
import { DB_INDEX_OUT_OF_RANGE, NOT_INTEGER } from '../resp/replies';
import { REDIS_VERSION } from '../version';
import { authenticateClient, checkPassword, resetAuthentication, WRONGPASS } from './auth';
import { aclOf } from './acl';
import { inSubscriberContext } from './pubsub';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    c.reply.error("ERR wrong number of arguments for 'ping' command");
    return;
  }
  if (inSubscriberContext(c)) {
    c.reply.array(2);
    c.reply.bulk('pong');
    c.reply.bulk(argv.length === 1 ? '' : argv[1]);
  } else if (argv.length === 1) c.reply.simple('PONG');
  else c.reply.bulk(argv[1]);
}

function echo(c: Client, argv: string[]): void {
  c.reply.bulk(argv[1]);
}

function quit(c: Client): void {
  c.reply.ok();
  c.closeAfterReply = true;
}

function select(c: Client, argv: string[]): void {
  const index = parseInteger(argv[1]);
  if (index === null || index > 2147483647 || index < -2147483648) {
    c.reply.error(NOT_INTEGER);
    return;
  }
  const db = c.server.keyspace.dbs[index];
  if (db === undefined) {
    c.reply.error(DB_INDEX_OUT_OF_RANGE);
    return;
  }
  c.db = db;
  c.reply.ok();
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.reply.error('ERR syntax error');
    return;
  }
  const user = argv.length === 3 ? argv[1] : 'default';
  const password = argv[argv.length - 1];
  if (argv.length === 2 && aclOf(c.server).defaultUser.nopass) {
    c.reply.error(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
    return;
  }
  if (!checkPassword(c.server, user, password)) {
    c.reply.error(WRONGPASS);
    return;
  }
  authenticateClient(c, user);
  c.reply.ok();
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
function hello(c: Client, argv: string[]): void {
  let proto = c.reply.proto;
  let i = 1;
  if (argv.length >= 2) {
    const v = parseInteger(argv[1]);
    if (v === null) {
      c.reply.error('ERR Protocol version is not an integer or out of range');
      return;
    }
    if (v < 2 || v > 3) {
      c.reply.error('NOPROTO unsupported protocol version');
      return;
    }
    proto = v as 2 | 3;
    i = 2;
  }
  let authPair: [string, string] | undefined;
  let setName: string | undefined;
  for (; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const more = argv.length - i - 1;
    if (opt === 'auth' && more >= 2) {
      authPair = [argv[i + 1], argv[i + 2]];
      i += 2;
    } else if (opt === 'setname' && more >= 1) {
      setName = argv[++i];
    } else {
      c.reply.error(`ERR Syntax error in HELLO option '${argv[i]}'`);
      return;
    }
  }
  if (authPair !== undefined) {
    if (!checkPassword(c.server, authPair[0], authPair[1])) {
      c.reply.error(WRONGPASS);
      return;
    }
    authenticateClient(c, authPair[0]);
  }
  // HELLO looks at the client's own state, not at whether the default user needs a password now.
  if (!c.authenticated) {
    c.reply.error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    return;
  }
  if (setName !== undefined) {
    const invalid = clientNameError(setName);
    if (invalid !== undefined) {
      c.reply.error(invalid);
      return;
    }
    c.name = setName;
  }
  c.reply.proto = proto;
  c.reply.map(7);
  c.reply.bulk('server');
  c.reply.bulk('redis');
  c.reply.bulk('version');
  c.reply.bulk(REDIS_VERSION);
  c.reply.bulk('proto');
  c.reply.int(proto);
  c.reply.bulk('id');
  c.reply.int(c.id);
  c.reply.bulk('mode');
  c.reply.bulk('standalone');
  c.reply.bulk('role');
  c.reply.bulk('master');
  c.reply.bulk('modules');
  c.reply.array(0);
}

/** Redis refuses names with spaces or characters outside '!'..'~'. */
export function clientNameError(name: string): string | undefined {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 33 || code > 126) return 'ERR Client names cannot contain spaces, newlines or special characters.';
  }
  return undefined;
}

/** Hooks other modules add to RESET (discard MULTI, unsubscribe, unwatch ...). */
export const resetHooks: Array<(c: Client) => void> = [];

/** Adds a RESET hook once; modules call it when a server installs them (not at import time). */
export function addResetHook(hook: (c: Client) => void): void {
  if (!resetHooks.includes(hook)) resetHooks.push(hook);
}

function reset(c: Client): void {
  for (const hook of resetHooks) hook(c);
  c.multiState = undefined;
  c.db = c.server.keyspace.dbs[0];
  c.reply.proto = 2;
  c.name = '';
  c.noEvict = false;
  c.noTouch = false;
  resetAuthentication(c);
  c.reply.simple('RESET');
}

export const connectionCommands: CommandRow[] = [
  { name: 'ping', arity: -1, flags: 'fast', group: 'connection', since: '1.0.0', summary: 'Returns the server\'s liveliness response.', handler: ping },
  { name: 'echo', arity: 2, flags: 'loading stale fast', group: 'connection', since: '1.0.0', summary: 'Returns the given string.', handler: echo },
  { name: 'quit', arity: -1, flags: 'allow_busy noscript loading stale fast no_auth', group: 'connection', since: '1.0.0', summary: 'Closes the connection.', handler: quit },
  { name: 'select', arity: 2, flags: 'loading stale fast', group: 'connection', since: '1.0.0', summary: 'Changes the selected database.', handler: select },
  { name: 'auth', arity: -2, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '1.0.0', summary: 'Authenticates the connection.', handler: auth },
  { name: 'hello', arity: -1, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '6.0.0', summary: 'Handshakes with the Redis server.', handler: hello },
  { name: 'reset', arity: 1, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '6.2.0', summary: 'Resets the connection.', handler: reset },
];
