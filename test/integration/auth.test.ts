/**
 * requirepass, AUTH, HELLO AUTH and ACL users over TCP: replies compared byte for byte with a real
 * redis-server started with the same password, then ioredis connecting with a password and with a
 * user name. Fields that legitimately differ (a HELLO reply's client id) are compared by shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Redis from 'ioredis';
import { Pair, startPair, Step } from '../helpers/differential';
import { encodeCommand, RawClient, replyLength } from '../helpers/raw';
import { redisServerAvailable, startInProcess } from '../helpers/servers';

/** A HELLO reply with its client id replaced, so two servers' replies compare by shape. */
function withoutId(raw: string): string {
  return raw.replace(/(\$2\r\nid\r\n):\d+\r\n/, '$1:ID\r\n');
}

describe.skipIf(!redisServerAvailable())('requirepass and ACL, as redis-server', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair(['--requirepass', 'pw'], ['--requirepass', 'pw']);
  });
  afterAll(async () => {
    await pair?.stop();
  });

  /** A new connection to each server, with the same steps run on both. */
  async function second(): Promise<{ ours: RawClient; theirs: RawClient; same: (steps: readonly Step[]) => Promise<void> }> {
    const ours = await RawClient.connect(pair.respkv.port);
    const theirs = await RawClient.connect(pair.redis.port);
    return {
      ours,
      theirs,
      async same(steps) {
        for (const step of steps) {
          const cmd = Array.isArray(step) ? step : step.cmd;
          const [a, b] = await Promise.all([ours.call(...cmd), theirs.call(...cmd)]);
          expect(withoutId(a), cmd.join(' ')).toBe(withoutId(b));
        }
      },
    };
  }

  it('refuses commands before AUTH and answers AUTH and HELLO errors identically', async () => {
    await pair.expectSame([
      ['GET', 'k'],
      ['PING'],
      ['ACL', 'WHOAMI'],
      ['HELLO', '3'],
      ['HELLO', '3', 'AUTH', 'default', 'wrong'],
      ['HELLO', '4'],
      ['HELLO', 'x'],
      ['AUTH'],
      ['AUTH', 'a', 'b', 'c'],
      ['AUTH', 'wrong'],
      ['AUTH', 'default', 'wrong'],
      ['AUTH', 'nobody', 'pw'],
      ['GET', 'k'],
      ['AUTH', 'pw'],
      ['GET', 'k'],
      ['ACL', 'WHOAMI'],
      ['AUTH', 'default', 'pw'],
      ['CONFIG', 'GET', 'requirepass'],
    ]);
  });

  it('authenticates with HELLO 3 AUTH and answers the same map', async () => {
    const s = await second();
    await s.same([
      ['HELLO', '3', 'AUTH', 'default', 'pw'],
      ['ACL', 'WHOAMI'],
      ['ACL', 'GETUSER', 'default'],
      ['ACL', 'GETUSER', 'nobody'],
      ['ACL', 'USERS'],
      ['HELLO', '2'],
      ['RESET'],
      ['GET', 'k'],
    ]);
    s.ours.close();
    s.theirs.close();
  });

  it('holds unauthenticated clients to small requests, then closes them', async () => {
    // At the limits: ten arguments and 16384-byte strings are still read, then refused with NOAUTH.
    for (const frame of [encodeCommand(Array.from({ length: 10 }, () => 'a')), encodeCommand(['GET', 'k'.repeat(16384)]), `GET ${'k'.repeat(20000)}\r\n`]) {
      const s = await second();
      s.ours.write(frame);
      s.theirs.write(frame);
      const [a, b] = await Promise.all([s.ours.read(), s.theirs.read()]);
      expect(a.toString('latin1')).toBe(b.toString('latin1'));
      s.ours.close();
      s.theirs.close();
    }
    for (const frame of ['*11\r\n', '*1\r\n$16385\r\n', '*-1\r\n*11\r\n', '*2\r\n$3\r\nGET\r\n$16385\r\n']) {
      const s = await second();
      s.ours.write(frame);
      s.theirs.write(frame);
      const [a, b] = await Promise.all([s.ours.read(), s.theirs.read()]);
      expect(a.toString('latin1')).toBe(b.toString('latin1'));
      await Promise.all([s.ours.waitClosed(), s.theirs.waitClosed()]);
    }
    const s = await second();
    await s.same([['AUTH', 'pw'], ['SET', 'big', 'x'.repeat(20000)], ['STRLEN', 'big'], ['DEL', 'big']]);
    s.ours.close();
    s.theirs.close();
  });

  it('manages users with ACL SETUSER, GETUSER, LIST, USERS and DELUSER', async () => {
    await pair.expectSame([
      ['ACL', 'SETUSER', 'alice', 'on', '>apw', '~a*', '&c*', '+@all', '-set'],
      ['ACL', 'SETUSER', 'bob'],
      ['ACL', 'SETUSER', 'carol', 'on', 'nopass', 'resetkeys', '~x', '~y', '~x', '-@all', '+config|get', '+get', '-config|get'],
      ['ACL', 'LIST'],
      ['ACL', 'USERS'],
      ['ACL', 'GETUSER', 'alice'],
      ['ACL', 'GETUSER', 'carol'],
      ['ACL', 'GETUSER', 'nobody'],
      ['ACL', 'SETUSER', 'bob', 'on', 'bogus'],
      ['ACL', 'SETUSER', 'bob', '+@nosuch'],
      ['ACL', 'SETUSER', 'bob', '+nosuch'],
      ['ACL', 'SETUSER', 'bob', '<notthere'],
      ['ACL', 'SETUSER', 'bob', '#abc'],
      ['ACL', 'SETUSER', 'bob', '~*', '~x'],
      ['ACL', 'SETUSER', 'bob', 'allchannels', '&x'],
      ['ACL', 'SETUSER', 'bob', 'resetkeys', '~a b'],
      ['ACL', 'SETUSER', 'bob', 'resetchannels', '&a\tb'],
      ['ACL', 'SETUSER', 'a b'],
      ['ACL', 'SETUSER', 'a\0b', 'on'],
      ['ACL', 'GETUSER', 'a b'],
      ['ACL', 'GETUSER', 'bob'],
      ['ACL', 'SETUSER', 'bob', 'reset', '>p1', '>p2', '>p1', '<p2', '+@all', '-@all', '+ping'],
      ['ACL', 'GETUSER', 'bob'],
      ['ACL', 'SETUSER'],
      ['CONFIG', 'GET', 'acl-pubsub-default'],
      ['CONFIG', 'SET', 'acl-pubsub-default', 'allchannels'],
      ['ACL', 'SETUSER', 'pubsubber'],
      ['ACL', 'SETUSER', 'bob', 'reset'],
      ['ACL', 'GETUSER', 'pubsubber'],
      ['ACL', 'GETUSER', 'bob'],
      ['CONFIG', 'SET', 'acl-pubsub-default', 'nochannels'],
      ['CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels'],
      ['ACL', 'SETUSER', 'bob', 'reset'],
      ['ACL', 'LIST'],
      ['ACL', 'DELUSER', 'pubsubber'],
      ['ACL', 'DELUSER', 'default'],
      ['ACL', 'DELUSER', 'nobody', 'bob'],
      ['ACL', 'USERS'],
      ['ACL', 'WHOAMI', 'x'],
      ['ACL', 'CAT'],
      ['ACL', 'CAT', 'nosuch'],
      ['ACL', 'CAT', 'a', 'b'],
      ['ACL', 'HELP'],
      ['ACL', 'NOSUCH'],
      ['ACL'],
      ['ACL', 'GENPASS', '0'],
      ['ACL', 'GENPASS', 'abc'],
      ['ACL', 'GENPASS', '4097'],
      ['ACL', 'LOAD'],
      ['ACL', 'SAVE'],
      ['ACL', 'DRYRUN', 'alice', 'get', 'b'],
      ['ACL', 'DRYRUN', 'alice', 'get', 'a1'],
      ['ACL', 'DRYRUN', 'alice', 'set', 'a1', 'v'],
      ['ACL', 'DRYRUN', 'alice', 'get'],
      ['ACL', 'DRYRUN', 'alice', 'nocmd'],
      ['ACL', 'DRYRUN', 'nobody', 'get', 'a'],
      ['ACL', 'DRYRUN', 'carol', 'config', 'get', 'x'],
      ['ACL', 'DRYRUN', 'carol', 'config', 'set', 'x', 'y'],
      // First arguments: a command allowed only with some first argument.
      ['ACL', 'SETUSER', 'fa', 'reset', 'on', 'nopass', '~*', '+select|0', '+select|1', '+SELECT|Abc', '+select|0', '+select|abc'],
      ['ACL', 'GETUSER', 'fa'],
      ['ACL', 'SETUSER', 'fa', '+config|get|x'],
      ['ACL', 'SETUSER', 'fa', '+select|'],
      ['ACL', 'SETUSER', 'fa', '+acl|nosuch'],
      ['ACL', 'SETUSER', 'fa', '-select|0'],
      ['ACL', 'DRYRUN', 'fa', 'select', '0'],
      ['ACL', 'DRYRUN', 'fa', 'select', 'ABC'],
      ['ACL', 'DRYRUN', 'fa', 'select', '2'],
      ['ACL', 'SETUSER', 'fa', '+@connection'],
      ['ACL', 'GETUSER', 'fa'],
      ['ACL', 'SETUSER', 'fa', '-select', '+select|5'],
      ['ACL', 'GETUSER', 'fa'],
      ['ACL', 'SETUSER', 'fa', '+@all', '-select', '+select|7'],
      ['ACL', 'GETUSER', 'fa'],
      ['ACL', 'SETUSER', 'fa', '+select'],
      ['ACL', 'GETUSER', 'fa'],
      ['ACL', 'DELUSER', 'fa'],
      // Read and write key permissions, from Redis 7.0's key specs.
      ['ACL', 'SETUSER', 'kp', 'reset', 'on', 'nopass', '+@all', '~a', '%R~a', '%W~b', '%R~b', '%rw~c', '%WR~d', '%R~*', '%r~e'],
      ['ACL', 'GETUSER', 'kp'],
      ['ACL', 'SETUSER', 'kp', '%X~f'],
      ['ACL', 'SETUSER', 'kp', '%~f'],
      ['ACL', 'SETUSER', 'kp', '%RR~f'],
      ['ACL', 'SETUSER', 'kp', '%R'],
      ['ACL', 'SETUSER', 'kp', '%RW~*'],
      ['ACL', 'GETUSER', 'kp'],
      ['ACL', 'SETUSER', 'kp2', 'on', 'nopass', '+@all', '%R~r*', '%W~w*'],
      ...[
        ['get', 'r1'],
        ['get', 'w1'],
        ['set', 'w1', 'v'],
        ['set', 'r1', 'v'],
        ['set', 'w1', 'v', 'GET'],
        ['incr', 'w1'],
        ['copy', 'r1', 'w1'],
        ['copy', 'w1', 'w2'],
        ['del', 'w1'],
        ['lmove', 'r1', 'w1', 'left', 'left'],
        ['exists', 'w1'],
        ['type', 'w1'],
        ['getdel', 'w1'],
        ['append', 'w1', 'x'],
        ['zunionstore', 'w1', '1', 'r1'],
        ['rename', 'w1', 'w2'],
        ['expire', 'w1', '10'],
        ['object', 'encoding', 'w1'],
        ['setrange', 'w1', '0', 'x'],
        ['lpush', 'w1', 'x'],
        ['mset', 'w1', 'x', 'r1', 'y'],
      ].map((cmd) => ['ACL', 'DRYRUN', 'kp2', ...cmd]),
      ['ACL', 'DELUSER', 'kp', 'kp2'],
      // Selectors: further sets of keys, channels and commands.
      ['ACL', 'SETUSER', 'sel', 'reset', 'on', 'nopass', '~a*', '+get', '(~b*', '+set)', '(+del ~c*)', '()'],
      ['ACL', 'GETUSER', 'sel'],
      ['ACL', 'DRYRUN', 'sel', 'get', 'b1'],
      ['ACL', 'DRYRUN', 'sel', 'set', 'c1', 'v'],
      ['ACL', 'DRYRUN', 'sel', 'del', 'a1'],
      ['ACL', 'DRYRUN', 'sel', 'set', 'b1', 'v'],
      ['ACL', 'DRYRUN', 'sel', 'get', 'a1'],
      ['ACL', 'DRYRUN', 'sel', 'mget', 'a1', 'b1'],
      ['ACL', 'SETUSER', 'sel', '(~x', '+get'],
      ['ACL', 'SETUSER', 'sel', '(bogus)'],
      ['ACL', 'SETUSER', 'sel', '(~x on)'],
      ['ACL', 'SETUSER', 'sel', '(+nosuch)'],
      ['ACL', 'SETUSER', 'sel', '(&ch ~k +@read)'],
      ['ACL', 'LIST'],
      ['ACL', 'SETUSER', 'sel', 'clearselectors'],
      ['ACL', 'GETUSER', 'sel'],
      ['ACL', 'DELUSER', 'sel'],
    ]);
    expect((await pair.ours.call('ACL', 'GENPASS')).length).toBe((await pair.theirs.call('ACL', 'GENPASS')).length);
    expect((await pair.ours.call('ACL', 'GENPASS', '5')).length).toBe((await pair.theirs.call('ACL', 'GENPASS', '5')).length);
  });

  it('refuses channels outside a user’s patterns; pattern subscriptions must match literally', async () => {
    const s = await second();
    await s.same([['AUTH', 'alice', 'apw'], ['PUBLISH', 'd', 'm'], ['PUBLISH', 'c1', 'm'], ['SUBSCRIBE', 'c1', 'd'], ['PSUBSCRIBE', 'c1*'], ['PSUBSCRIBE', 'c*']]);
    s.ours.close();
    s.theirs.close();
  });

  it('refuses commands and keys outside a user’s rights with NOPERM', async () => {
    const s = await second();
    await s.same([
      ['AUTH', 'alice', 'wrong'],
      ['AUTH', 'alice', 'apw'],
      ['ACL', 'WHOAMI'],
      ['GET', 'b'],
      ['GET', 'a1'],
      ['SET', 'a1', 'v'],
      ['MSET', 'a1', '1', 'b', '2'],
      ['MSET', 'a1', '1', 'a2', '2'],
      ['MGET', 'a1', 'zz'],
      ['NOSUCH'],
      ['GET'],
      ['MULTI'],
      ['GET', 'a1'],
      ['GET', 'b'],
      ['EXEC'],
      ['MULTI'],
      ['SET', 'a1', 'v'],
      ['DISCARD'],
    ]);
    // EXEC checks queued commands again: the rules changed in between.
    await pair.expectSame([['ACL', 'SETUSER', 'dave', 'on', 'nopass', '~*', '&*', '+@all']]);
    const dave = await second();
    await dave.same([['AUTH', 'dave', 'x'], ['MULTI'], ['GET', 'k'], ['PUBLISH', 'ch', 'm'], ['PING'], ['SET', 'k', 'v']]);
    await pair.expectSame([['ACL', 'SETUSER', 'dave', 'resetkeys', '~z', 'resetchannels', '-ping']]);
    await dave.same([['EXEC'], ['GET', 'k']]);
    dave.ours.close();
    dave.theirs.close();
    const carol = await second();
    await carol.same([['AUTH', 'carol', 'anything'], ['GET', 'x'], ['GET', 'a'], ['PING'], ['CONFIG', 'GET', 'port'], ['CONFIG', 'SET', 'port', '1'], ['ACL', 'WHOAMI'], ['ACL', 'LIST']]);
    await pair.expectSame([['ACL', 'SETUSER', 'carol', 'off']]);
    const late = await second();
    await late.same([['AUTH', 'carol', 'x'], ['AUTH', 'alice', 'apw']]);
    // Deleting a user disconnects the clients authenticated as it.
    await pair.expectSame([['ACL', 'DELUSER', 'alice']]);
    await Promise.all([s.ours.waitClosed(), s.theirs.waitClosed(), late.ours.waitClosed(), late.theirs.waitClosed()]);
    await carol.same([['GET', 'x']]);
    carol.ours.close();
    carol.theirs.close();
  });
});

describe('ioredis with requirepass and ACL users', () => {
  let port: number;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ port, stop } = await startInProcess({ requirepass: 'sekret' }));
  });
  afterAll(async () => {
    await stop();
  });

  it('connects with a password and with a user name', async () => {
    const admin = new Redis({ port, host: '127.0.0.1', password: 'sekret', lazyConnect: true });
    await admin.connect();
    expect(await admin.set('app:1', 'v')).toBe('OK');
    expect(await admin.call('ACL', 'SETUSER', 'app', 'on', '>apppw', '~app:*', '+@read', '+@connection', '+info', '+acl|whoami')).toBe('OK');
    const app = new Redis({ port, host: '127.0.0.1', username: 'app', password: 'apppw', lazyConnect: true });
    await app.connect();
    expect(await app.get('app:1')).toBe('v');
    await expect(app.set('app:1', 'w')).rejects.toThrow("NOPERM this user has no permissions to run the 'set' command");
    await expect(app.get('other')).rejects.toThrow('NOPERM this user has no permissions to access one of the keys used as arguments');
    expect(await app.call('ACL', 'WHOAMI')).toBe('app');
    app.disconnect();
    admin.disconnect();
  });

  it('reports WRONGPASS to a client with a wrong password', async () => {
    const bad = new Redis({ port, host: '127.0.0.1', password: 'nope', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const failed = new Promise<Error>((resolve) => bad.on('error', resolve));
    bad.connect().catch(() => undefined);
    expect((await failed).message).toMatch(/^WRONGPASS invalid username-password pair or user is disabled\.$/);
    bad.disconnect();
  });

  it('lets clients connected before requirepass keep their session, as Redis', async () => {
    const { port: p2, server, stop: stop2 } = await startInProcess();
    const before = await RawClient.connect(p2);
    expect(await before.call('CONFIG', 'SET', 'requirepass', 'x')).toBe('+OK\r\n');
    expect(server.authRequired()).toBe(true);
    const after = await RawClient.connect(p2);
    expect(await after.call('GET', 'k')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await before.call('GET', 'k')).toBe('$-1\r\n');
    expect(await before.call('CONFIG', 'SET', 'requirepass', '')).toBe('+OK\r\n');
    expect(await after.call('GET', 'k')).toBe('$-1\r\n');
    before.close();
    after.close();
    await stop2();
  });
});

describe.skipIf(!redisServerAvailable())('user directives in the configuration, as redis-server', () => {
  let pair: Pair;
  const users = ['--user', 'alice', 'on', '>apw', '~a*', '+@all', '-set', '--user', 'default', 'on', '>dpw', '~*', '&*', '+@all'];
  beforeAll(async () => {
    pair = await startPair(users, users);
  });
  afterAll(async () => {
    await pair?.stop();
  });

  it('starts with the declared users; the default one needs its password', async () => {
    await pair.expectSame([
      ['GET', 'k'],
      ['AUTH', 'dpw'],
      ['ACL', 'LIST'],
      ['ACL', 'USERS'],
      ['AUTH', 'alice', 'apw'],
      ['GET', 'b'],
      ['SET', 'a1', 'v'],
      ['GET', 'a1'],
    ]);
  });
});

describe('user directives that cannot apply', () => {
  it('stop start-up with the line and the reason', async () => {
    const { spawnSync } = await import('node:child_process');
    const { RESPKV_BIN } = await import('../helpers/servers');
    const run = spawnSync(process.execPath, [RESPKV_BIN, '--port', '0', '--user', 'bob', 'on', 'bogus'], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(">>> 'user \"bob\" \"on\" \"bogus\"'");
    expect(run.stderr).toContain("Error in user declaration 'bogus': Syntax error");
  });

  it('stop start-up when a rule names no command, as redis-server', async () => {
    const { spawnSync } = await import('node:child_process');
    const { RESPKV_BIN } = await import('../helpers/servers');
    const run = spawnSync(process.execPath, [RESPKV_BIN, '--port', '0', '--user', 'alice', 'on', '+nosuchcommand'], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("Error loading ACL rule '+nosuchcommand' for the user named 'alice': Unknown command or category name in ACL");
    expect(run.stdout).toContain('Critical error while loading ACLs. Exiting.');
  });
});

describe.skipIf(!redisServerAvailable())('aclfile, ACL LOAD and ACL SAVE, as redis-server', () => {
  let pair: Pair;
  let dir: string;
  const fsMod = () => import('node:fs');
  const files = () => [`${dir}/ours.acl`, `${dir}/theirs.acl`];
  /** Writes the same ACL file for both servers. */
  async function writeBoth(text: string): Promise<void> {
    const fs = await fsMod();
    for (const f of files()) fs.writeFileSync(f, text);
  }
  /** Both replies, with each server's file path replaced by FILE. */
  async function both(...cmd: string[]): Promise<[string, string]> {
    const [a, b] = await pair.both(...cmd);
    return [a.split(files()[0]).join('FILE'), b.split(files()[1]).join('FILE')];
  }
  beforeAll(async () => {
    const fs = await fsMod();
    const os = await import('node:os');
    dir = fs.mkdtempSync(`${os.tmpdir()}/respkv-acl-`);
    await writeBoth('user alice on >apw ~a* +@all -set\n\nuser default on nopass ~* &* +@all\n');
    pair = await startPair(['--aclfile', files()[0]], ['--aclfile', files()[1]]);
  });
  afterAll(async () => {
    await pair?.stop();
    (await fsMod()).rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the file’s users, saves and reloads them', async () => {
    const fs = await fsMod();
    await pair.expectSame([['ACL', 'LIST'], ['ACL', 'SETUSER', 'bob', 'on', 'nopass', '+get'], ['ACL', 'SAVE']]);
    expect(fs.readFileSync(files()[0], 'latin1')).toBe(fs.readFileSync(files()[1], 'latin1'));
    // Reloading disconnects the clients of every user but the default one, even users that remain.
    await writeBoth('user alice on >apw ~a* +@all -set\nuser carol on >c ~c* +@read\n');
    const alice = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
    for (const c of alice) expect(await c.call('AUTH', 'alice', 'apw')).toBe('+OK\r\n');
    await pair.expectSame([['ACL', 'LOAD'], ['ACL', 'LIST'], ['ACL', 'USERS'], ['PING']]);
    await Promise.all(alice.map((c) => c.waitClosed()));
  });

  it('refuses a file with errors and keeps the users it had, with Redis’s texts', async () => {
    const bad = [
      'user alice on bogus\n',
      'user alice on\nfoo bar\n\n# comment\nuser zed\n',
      'user alice on\nuser alice off\n',
      'user alice on +nosuch +@nosuch\n',
      'user alice on "unbalanced\n',
      '  user   alice on\n',
      'user al\tice on\n',
    ];
    for (const text of bad) {
      await writeBoth(text);
      const [a, b] = await both('ACL', 'LOAD');
      expect(a, text).toBe(b);
    }
    await pair.expectSame([['ACL', 'LIST']]);
    // Empty rules, from doubled spaces, are no rules.
    await writeBoth('user alice on  ~x\n');
    await pair.expectSame([['ACL', 'LOAD'], ['ACL', 'LIST'], ['ACL', 'SETUSER', 'alice', '', 'off'], ['ACL', 'GETUSER', 'alice']]);
    const fs = await fsMod();
    for (const f of files()) fs.rmSync(f);
    const [a, b] = await both('ACL', 'LOAD');
    expect(a).toBe(b);
  });
});

describe('aclfile at start-up', () => {
  it('is refused together with user lines, and when the file has errors', async () => {
    const { spawnSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const { RESPKV_BIN } = await import('../helpers/servers');
    const dir = fs.mkdtempSync(`${os.tmpdir()}/respkv-acl-`);
    const file = `${dir}/users.acl`;
    fs.writeFileSync(file, 'user alice on bogus\n');
    const both = spawnSync(process.execPath, [RESPKV_BIN, '--port', '0', '--aclfile', file, '--user', 'bob', 'on'], { encoding: 'utf8', timeout: 10_000 });
    expect(both.status).toBe(1);
    expect(both.stdout).toContain('please define either an ACL file or declare users directly in your redis.conf, but not both.');
    const broken = spawnSync(process.execPath, [RESPKV_BIN, '--port', '0', '--aclfile', file], { encoding: 'utf8', timeout: 10_000 });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`Aborting respkv startup because of ACL errors: ${file}:1: Syntax error.`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('CONFIG REWRITE with ACL users', () => {
  it('rewrites user lines in place, drops deleted users and appends the rest, as redis-server 7.0', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const { startRespkv } = await import('../helpers/servers');
    const dir = fs.mkdtempSync(`${os.tmpdir()}/respkv-rewrite-`);
    const file = `${dir}/redis.conf`;
    fs.writeFileSync(file, 'save ""\nuser alice on >pw ~* +@all\nappendonly no\nuser bob on nopass\n');
    const server = await startRespkv([], { configFile: file });
    const c = await RawClient.connect(server.port);
    try {
      expect(await c.call('ACL', 'DELUSER', 'bob')).toBe(':1\r\n');
      expect(await c.call('ACL', 'SETUSER', 'carol', 'on')).toBe('+OK\r\n');
      expect(await c.call('CONFIG', 'REWRITE')).toBe('+OK\r\n');
      const lines = fs.readFileSync(file, 'latin1').trimEnd().split('\n');
      // What redis-server 7.0.15 writes for the same file and commands.
      expect(lines.slice(0, 4)).toEqual([
        'save ""',
        'user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~* resetchannels +@all',
        'appendonly no',
        'user carol on resetchannels -@all',
      ]);
      expect(lines[lines.length - 1]).toBe('user default on nopass ~* &* +@all');
      expect(lines.filter((l) => l.startsWith('user ')).length).toBe(3);
    } finally {
      c.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!redisServerAvailable())('random ACL rules, decided as redis-server decides them', () => {
  const SEED = Number(process.env.ACL_SEED ?? Math.floor(Math.random() * 0x7fffffff));
  const RULES = [
    'on', 'off', 'nopass', 'resetpass', '>pw', 'reset', 'allkeys', 'resetkeys', '~a*', '~b*', '%R~r*', '%W~w*', '%RW~s*',
    'allchannels', 'resetchannels', '&c*', '&news', '+@all', '-@all', '+@read', '-@read', '+@write', '-@write', '+@string',
    '-@string', '+@keyspace', '-@keyspace', '+@list', '+@pubsub', '-@pubsub', '+@connection', '+@dangerous', '-@dangerous',
    '+get', '-get', '+set', '-set', '+mget', '+del', '+copy', '+publish', '+subscribe', '+config|get', '-config|get',
    '+select|0', '+select|2', '+config', '-config', 'clearselectors', '(~s* +@string)', '(%R~a* +get +mget)', '(&c* +publish)',
    '~*', '&*', '%R~*', '%W~a*', 'allcommands', 'nocommands', '>x', '<pw', '<x', 'skip-sanitize-payload', 'sanitize-payload',
    '#d74ff0ee8da3b9806b18c877dbf29bbde50b5bd8e4dad7a3a725000feb82e8f1', '!d74ff0ee8da3b9806b18c877dbf29bbde50b5bd8e4dad7a3a725000feb82e8f1',
    '(~* -@all +set)', '(+@all)', '(%W~w* +@write)', '+@blocking', '+@fast', '-@slow', '+lmove', '+blpop', '+acl|whoami', '+acl',
    '+@hash', '+@set', '+@sortedset', '-@list', '+@geo', '+@stream', '+@admin', '-@admin', '-@connection', '-ping', '+ping',
    '-select', '+config|set', '-config|set', '-acl', '%R~s*', '%W~s*', '&news', '(~a* ~b* +@all -del)', '(%R~* +@read)',
  ];
  const KEYS = ['a1', 'b1', 'r1', 'w1', 's1', 'z1'];
  const COMMANDS: Array<(k: () => string) => string[]> = [
    (k) => ['get', k()],
    (k) => ['set', k(), 'v'],
    (k) => ['set', k(), 'v', 'GET'],
    (k) => ['mget', k(), k()],
    (k) => ['mset', k(), '1', k(), '2'],
    (k) => ['del', k(), k()],
    (k) => ['copy', k(), k()],
    (k) => ['incr', k()],
    (k) => ['append', k(), 'x'],
    (k) => ['exists', k()],
    (k) => ['lpush', k(), 'x'],
    (k) => ['lrange', k(), '0', '-1'],
    () => ['publish', 'news', 'm'],
    () => ['publish', 'c1', 'm'],
    () => ['subscribe', 'c1', 'news'],
    () => ['psubscribe', 'c*'],
    () => ['select', '0'],
    () => ['select', '1'],
    () => ['config', 'get', 'port'],
    () => ['config', 'set', 'port', '1'],
    () => ['ping'],
    () => ['keys', '*'],
    (k) => ['getdel', k()],
    (k) => ['rename', k(), k()],
    (k) => ['lmove', k(), k(), 'left', 'right'],
    (k) => ['blpop', k(), k(), '0'],
    (k) => ['expire', k(), '10'],
    (k) => ['object', 'encoding', k()],
    () => ['spublish', 'c1', 'm'],
    () => ['ssubscribe', 'news'],
    () => ['acl', 'whoami'],
    () => ['acl', 'list'],
    () => ['auth', 'x'],
    () => ['hello', '3'],
    (k) => ['hset', k(), 'f', 'v'],
    (k) => ['hget', k(), 'f'],
    (k) => ['sadd', k(), 'm'],
    (k) => ['smove', k(), k(), 'm'],
    (k) => ['sintercard', '2', k(), k()],
    (k) => ['zadd', k(), '1', 'm'],
    (k) => ['zunionstore', k(), '2', k(), k()],
    (k) => ['zrangestore', k(), k(), '0', '-1'],
    (k) => ['bzpopmin', k(), '0'],
    (k) => ['lmpop', '2', k(), k(), 'left'],
    (k) => ['type', k()],
    (k) => ['ttl', k()],
    (k) => ['unlink', k(), k()],
    (k) => ['touch', k()],
    (k) => ['msetnx', k(), '1', k(), '2'],
    (k) => ['getex', k(), 'persist'],
    (k) => ['copy', k(), k(), 'db', '1'],
    () => ['pubsub', 'channels'],
    () => ['config', 'set', 'maxmemory', '1'],
    () => ['client', 'id'],
    () => ['flushdb'],
    () => ['dbsize'],
    // Malformed key counts: no keys are found, as in Redis, and nothing crashes.
    (k) => ['zunionstore', k(), 'abc', k()],
    (k) => ['zunionstore', k(), '5', k()],
    (k) => ['lmpop', '99', k(), 'left'],
    (k) => ['lmpop', '-1', k(), 'left'],
    (k) => ['sintercard', '0', k()],
    (k) => ['zinter', '2', k()],
  ];

  it(`agrees on ACL SETUSER and ACL DRYRUN (seed ${SEED})`, { timeout: 30_000 }, async () => {
    console.log(`ACL seed ${SEED} (replay with ACL_SEED=${SEED})`);
    const { Random } = await import('../../src/util/random');
    const r = new Random(SEED);
    const pair = await startPair();
    try {
      for (let round = 0; round < 100; round++) {
        const user = `u${r.below(3)}`;
        const rules = Array.from({ length: 1 + r.below(6) }, () => RULES[r.below(RULES.length)]);
        const [a, b] = await pair.both('ACL', 'SETUSER', user, ...rules);
        expect(a, `ACL SETUSER ${user} ${rules.join(' ')}`).toBe(b);
        for (let i = 0; i < 8; i++) {
          const argv = COMMANDS[r.below(COMMANDS.length)](() => KEYS[r.below(KEYS.length)]);
          const [x, y] = await pair.both('ACL', 'DRYRUN', user, ...argv);
          expect(x, `after ${rules.join(' ')}: ACL DRYRUN ${user} ${argv.join(' ')}`).toBe(y);
        }
        for (const field of ['flags', 'passwords', 'keys', 'channels']) {
          const [g, h] = await pair.both('ACL', 'GETUSER', user);
          expect(getUserField(g, field), `${user} ${field}`).toBe(getUserField(h, field));
        }
      }
    } finally {
      await pair.stop();
    }
  });
});

/** One field of a raw ACL GETUSER reply (RESP2), as its raw bytes. */
function getUserField(raw: string, field: string): string {
  const buf = Buffer.from(raw, 'latin1');
  let pos = raw.indexOf('\r\n') + 2;
  while (pos < buf.length) {
    const keyLen = replyLength(buf, pos);
    const key = buf.toString('latin1', pos, pos + keyLen);
    pos += keyLen;
    const valueLen = replyLength(buf, pos);
    if (key === `$${field.length}\r\n${field}\r\n`) return buf.toString('latin1', pos, pos + valueLen);
    pos += valueLen;
  }
  return raw;
}

describe.skipIf(!redisServerAvailable())('random authentication sessions, as redis-server', () => {
  const SEED = Number(process.env.AUTH_SEED ?? Math.floor(Math.random() * 0x7fffffff));
  const ADMIN: string[][] = [
    ['CONFIG', 'SET', 'requirepass', ''],
    ['CONFIG', 'SET', 'requirepass', 'rp'],
    ['ACL', 'SETUSER', 'default', 'on'],
    ['ACL', 'SETUSER', 'default', 'off'],
    ['ACL', 'SETUSER', 'default', 'nopass'],
    ['ACL', 'SETUSER', 'default', 'resetpass', '>dp'],
    ['ACL', 'SETUSER', 'ann', 'on', '>ap', '~*', '+@all'],
    ['ACL', 'SETUSER', 'ann', 'off'],
    ['ACL', 'SETUSER', 'ann', 'nopass'],
    ['ACL', 'SETUSER', 'ann', 'resetpass'],
    ['ACL', 'SETUSER', 'ann', '-get'],
    ['ACL', 'SETUSER', 'ann', '>ap', '+get'],
  ];
  const CLIENT: string[][] = [
    ['AUTH', 'rp'],
    ['AUTH', 'dp'],
    ['AUTH', 'nope'],
    ['AUTH', 'ann', 'ap'],
    ['AUTH', 'ann', 'x'],
    ['AUTH', 'default', 'dp'],
    ['HELLO', '2', 'AUTH', 'ann', 'ap'],
    ['HELLO', '2', 'AUTH', 'default', 'rp'],
    ['HELLO', '2'],
    ['HELLO', '2', 'SETNAME', 'n'],
    ['RESET'],
    ['ACL', 'WHOAMI'],
    ['GET', 'k'],
    ['PING'],
    ['AUTH', 'default', 'nope'],
    ['AUTH', 'a', 'b', 'c'],
    ['HELLO', '3', 'AUTH', 'ann', 'x'],
    ['HELLO', '3', 'AUTH', 'default', 'dp', 'SETNAME', 'bad name'],
    ['HELLO', '3'],
  ];

  it(`agrees on every reply (seed ${SEED})`, { timeout: 30_000 }, async () => {
    console.log(`auth seed ${SEED} (replay with AUTH_SEED=${SEED})`);
    const { Random } = await import('../../src/util/random');
    const r = new Random(SEED);
    // The admin connections are made before any password exists and stay authenticated.
    const pair = await startPair();
    try {
      const clients = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
      const log: string[] = [];
      for (let step = 0; step < 300; step++) {
        if (r.below(4) === 0) {
          const cmd = ADMIN[r.below(ADMIN.length)];
          log.push(`admin: ${cmd.join(' ')}`);
          const [a, b] = await pair.both(...cmd);
          expect(a, log.join('\n')).toBe(b);
          continue;
        }
        const cmd = CLIENT[r.below(CLIENT.length)];
        log.push(`client: ${cmd.join(' ')}`);
        const [a, b] = await Promise.all(clients.map((c) => c.call(...cmd)));
        expect(withoutId(a), log.join('\n')).toBe(withoutId(b));
        // A new client now and then, authenticated or not depending on the default user.
        if (r.below(10) === 0) {
          for (const c of clients) c.close();
          clients.splice(0, 2, ...(await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)])));
          log.push('client: (reconnected)');
        }
      }
      for (const c of clients) c.close();
    } finally {
      await pair.stop();
    }
  });
});
