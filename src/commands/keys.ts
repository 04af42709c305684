/**
 * Keyspace commands: existence, deletion, databases.
 */
import type { Client } from '../net/client';
import type { CommandRow } from './types';

function del(c: Client, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.exists(argv[i]) && c.db.delete(argv[i])) n++;
  }
  c.reply.int(n);
}

function dbsize(c: Client): void {
  c.reply.int(c.db.size);
}

export const keyCommands: CommandRow[] = [
  { name: 'del', arity: -2, flags: 'write', keys: [1, -1, 1], acl: '@keyspace', group: 'generic', since: '1.0.0', summary: 'Deletes one or more keys.', handler: del },
  { name: 'dbsize', arity: 1, flags: 'readonly fast', acl: '@keyspace', group: 'server', since: '1.0.0', summary: 'Returns the number of keys in the database.', handler: dbsize },
];
