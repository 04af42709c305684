/**
 * ACL users without a network: modifiers, the ACL LIST description of command rules, password
 * checks and the permission check the dispatcher runs.
 */
import { describe, expect, it } from 'vitest';
import { Server } from '../../../src/server';
import { Logger } from '../../../src/util/log';
import { aclOf } from '../../../src/commands/acl';
import { ACL_CATEGORIES, mergeSelectorArguments } from '../../../src/commands/acl-user';
import { checkPassword, passwordDigest } from '../../../src/commands/auth';
import type { Command } from '../../../src/commands/types';

function newServer(): Server {
  const log = new Logger();
  log.level = 'nothing';
  return new Server({ log });
}

function command(server: Server, name: string): Command {
  const [top, sub] = name.split('|');
  const cmd = server.commands.lookup(top)!;
  return sub === undefined ? cmd : cmd.subcommands!.get(sub)!;
}

describe('ACL users', () => {
  it('starts with the default user open to everything, as Redis', () => {
    const acl = aclOf(newServer());
    expect(acl.sortedUsers().map((u) => u.describe())).toEqual(['user default on nopass ~* &* +@all']);
    expect(acl.authRequired()).toBe(false);
    expect(acl.allUnrestricted).toBe(true);
  });

  it('creates new users off, without keys, channels or commands', () => {
    const acl = aclOf(newServer());
    expect(acl.setUser('bob', [])).toBeUndefined();
    expect(acl.user('bob')!.describe()).toBe('user bob off resetchannels -@all');
    expect(acl.allUnrestricted).toBe(false);
  });

  it('applies passwords, patterns and flags in order', () => {
    const acl = aclOf(newServer());
    expect(acl.setUser('bob', ['on', '>p', '>p', '>q', 'nopass', '>z', '~a', '~b', '~a', '&c1', '+@all'])).toBeUndefined();
    const bob = acl.user('bob')!;
    expect(bob.passwords).toEqual([passwordDigest('z')]);
    expect(bob.describe()).toBe(`user bob on #${passwordDigest('z')} ~a ~b resetchannels &c1 +@all`);
    expect(acl.setUser('bob', ['allkeys', 'allchannels'])).toBeUndefined();
    expect(acl.user('bob')!.keysText()).toBe('~*');
    expect(acl.user('bob')!.channelsText()).toBe('&*');
  });

  it('refuses a whole SETUSER when one modifier is invalid, with Redis texts', () => {
    const acl = aclOf(newServer());
    acl.setUser('bob', ['~*']);
    const cases: Array<[string, string]> = [
      ['~x', "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"],
      ['<nothere', 'The password you are trying to remove from the user does not exist'],
      ['#abc', 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters'],
      ['+@nosuch', 'Unknown command or category name in ACL'],
      ['+nosuch', 'Unknown command or category name in ACL'],
      ['+config|nosuch', 'Unknown command or category name in ACL'],
      ['bogus', 'Syntax error'],
    ];
    for (const [op, reason] of cases) {
      expect(acl.setUser('bob', ['on', op])).toBe(`ERR Error in ACL SETUSER modifier '${op}': ${reason}`);
      expect(acl.user('bob')!.enabled).toBe(false);
    }
    expect(acl.setUser('carol', ['on', 'bogus'])).toBeDefined();
    expect(acl.user('carol')).toBeUndefined();
  });

  it('describes command rules with Redis 7.0 compaction', () => {
    const server = newServer();
    const acl = aclOf(server);
    const rules = (ops: string[]) => {
      acl.setUser('u', ['reset', ...ops]);
      return acl.user('u')!.describeCommands();
    };
    expect(rules([])).toBe('-@all');
    expect(rules(['+@all'])).toBe('+@all');
    expect(rules(['+@all', '-get'])).toBe('+@all -get');
    expect(rules(['+get', '-@all', '+set'])).toBe('-@all +set');
    expect(rules(['+config|get'])).toBe('-@all +config|get');
    expect(rules(['+@all', '-@all'])).toBe('-@all');
    // Every category that is granted whole is named, in ACL CAT order.
    const granted = rules(['+@string', '+@connection']);
    expect(granted.startsWith('-@all +@string')).toBe(true);
    expect(granted).toContain('+@connection');
    // A description, applied as rules, gives back the same bitmap.
    for (const ops of [['+@all', '-@dangerous', '+config|get'], ['+@read', '-get', '+acl|whoami'], ['+@write', '+@read', '-@keyspace']]) {
      const described = rules(ops);
      acl.setUser('v', ['reset', ...described.split(' ')]);
      expect([...acl.user('v')!.allowed]).toEqual([...acl.user('u')!.allowed]);
    }
  });

  it('lists categories and covers every category the command table uses', () => {
    const server = newServer();
    const used = new Set<string>();
    for (const cmd of server.commands.all()) for (const c of cmd.aclCategories) used.add(c.slice(1));
    for (const c of used) expect(ACL_CATEGORIES as readonly string[]).toContain(c);
  });

  it('checks commands, keys and channels in that order', () => {
    const server = newServer();
    const acl = aclOf(server);
    acl.setUser('al', ['on', '~a*', '&c*', '+@all', '-set']);
    const check = (argv: string[]) => acl.check(acl.user('al')!, command(server, argv[0].toLowerCase()), argv);
    expect(check(['get', 'a1'])).toBeUndefined();
    expect(check(['get', 'b'])).toEqual({ kind: 'key', pos: 1 });
    expect(check(['set', 'b', 'v'])).toEqual({ kind: 'command' });
    expect(check(['mset', 'a1', '1', 'b', '2'])).toEqual({ kind: 'key', pos: 3 });
    expect(check(['ping'])).toBeUndefined();
    // Commands that need no authentication are never refused.
    acl.setUser('al', ['-@all']);
    expect(check(['auth', 'x'])).toBeUndefined();
    expect(check(['ping'])).toEqual({ kind: 'command' });
  });
});

describe('passwords', () => {
  it('follow requirepass for the default user', () => {
    const server = newServer();
    expect(checkPassword(server, 'default', 'anything')).toBe(true);
    server.applyConfig(server.config.row('requirepass')!, 'secret');
    expect(server.authRequired()).toBe(true);
    expect(checkPassword(server, 'default', 'secret')).toBe(true);
    expect(checkPassword(server, 'default', 'secreT')).toBe(false);
    expect(checkPassword(server, 'default', '')).toBe(false);
    expect(aclOf(server).user('default')!.describe()).toBe(`user default on #${passwordDigest('secret')} ~* &* +@all`);
    server.applyConfig(server.config.row('requirepass')!, '');
    expect(server.authRequired()).toBe(false);
  });

  it('refuse disabled and unknown users', () => {
    const server = newServer();
    const acl = aclOf(server);
    acl.setUser('bob', ['>pw']);
    expect(checkPassword(server, 'bob', 'pw')).toBe(false);
    acl.setUser('bob', ['on']);
    expect(checkPassword(server, 'bob', 'pw')).toBe(true);
    expect(checkPassword(server, 'nobody', 'pw')).toBe(false);
    acl.setUser('bob', ['<pw', '>other']);
    expect(checkPassword(server, 'bob', 'pw')).toBe(false);
    expect(checkPassword(server, 'bob', 'other')).toBe(true);
  });
});

describe('selectors, first arguments and key permissions', () => {
  function checker(ops: string[]) {
    const server = newServer();
    const acl = aclOf(server);
    expect(acl.setUser('u', ['on', 'nopass', ...ops])).toBeUndefined();
    return (argv: string[]) => acl.check(acl.user('u')!, command(server, argv[0]), argv);
  }

  it('merges a selector given over several arguments', () => {
    expect(mergeSelectorArguments(['on', '(~a*', '+get)', '(+set ~b)', '+del'])).toEqual({ rules: ['on', '(~a* +get)', '(+set ~b)', '+del'] });
    expect(mergeSelectorArguments(['(~a*', '+get'])).toEqual({ unmatched: '(~a*' });
  });

  it('allows what any selector allows, else gives the most relevant refusal', () => {
    const check = checker(['~a*', '+get', '(~b* +set)', '(+del ~c*)']);
    expect(check(['get', 'a1'])).toBeUndefined();
    expect(check(['set', 'b1', 'v'])).toBeUndefined();
    expect(check(['del', 'c1'])).toBeUndefined();
    // A refused key outranks a refused command; among keys, the one furthest in the arguments.
    expect(check(['get', 'b1'])).toEqual({ kind: 'key', pos: 1 });
    expect(check(['set', 'c1', 'v'])).toEqual({ kind: 'key', pos: 1 });
    expect(check(['mget', 'a1'])).toEqual({ kind: 'command' });
  });

  it('lets a command run with an allowed first argument only', () => {
    const check = checker(['~*', '+select|0', '+SELECT|Abc']);
    expect(check(['select', '0'])).toBeUndefined();
    expect(check(['select', 'abc'])).toBeUndefined();
    expect(check(['select', '1'])).toEqual({ kind: 'command' });
  });

  it('reads each key’s need from the key specs', () => {
    const check = checker(['+@all', '%R~r*', '%W~w*']);
    const cases: Array<[string[], number | undefined]> = [
      [['get', 'r1'], undefined],
      [['get', 'w1'], 1],
      [['set', 'w1', 'v'], undefined],
      [['set', 'w1', 'v', 'GET'], 1],
      [['incr', 'w1'], 1],
      [['copy', 'r1', 'w1'], undefined],
      [['copy', 'w1', 'w2'], 1],
      [['del', 'w1'], undefined],
      [['exists', 'w1'], undefined],
      [['append', 'w1', 'x'], undefined],
      [['mset', 'w1', 'x', 'r1', 'y'], 3],
    ];
    for (const [argv, pos] of cases) expect(check(argv), argv.join(' ')).toEqual(pos === undefined ? undefined : { kind: 'key', pos });
  });
});

