/**
 * The CLIENT family over TCP: CLIENT LIST and INFO with Redis 7.0's fields, LIST filters, KILL with
 * each filter, PAUSE WRITE and ALL delaying commands until UNPAUSE (never dropping them, keeping
 * each client's order), REPLY OFF/SKIP, NO-TOUCH, SETINFO and UNBLOCK. Pauses are lifted by
 * UNPAUSE, never by waiting for a timeout.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';
import { unpauseClients } from '../../src/commands/pause';
import { Clock } from '../../src/util/clock';
import { activeExpireCycle } from '../../src/store/expire';

let server: Server;
let port: number;
let stop: () => Promise<void>;
let admin: Redis;
let now = Date.now();
const clock = new Clock(() => now);

const FIELDS = [
  'id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf', 'qbuf-free',
  'argv-mem', 'multi-mem', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user', 'redir', 'resp',
];

function connect(name?: string): Promise<Redis> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectionName: name });
  return r.connect().then(() => r);
}

/** CLIENT LIST text as one map of field -> value per line. */
function parseList(text: string): Array<Record<string, string>> {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])));
}

/** Resolves once `predicate` holds, polling the event loop (bounded; no assertion on elapsed time). */
async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !predicate(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(predicate()).toBe(true);
}

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess({}, { clock }));
  admin = await connect('admin');
});
afterAll(async () => {
  admin?.disconnect();
  await stop();
});

describe('CLIENT LIST and INFO', () => {
  it('prints Redis 7.0 fields in order, with the caller\'s own state', async () => {
    const info = (await admin.client('INFO')) as string;
    expect(info.endsWith('\n')).toBe(true);
    const [me] = parseList(info);
    expect(Object.keys(me)).toEqual(FIELDS);
    expect(me.name).toBe('admin');
    expect(me.cmd).toBe('client|info');
    expect(me.flags).toBe('N');
    expect(me.multi).toBe('-1');
    expect(me.resp).toBe('2');
    expect(me.user).toBe('default');
    expect(Number(me.id)).toBe(await admin.client('ID'));
  });

  it('shows subscriptions, MULTI, db and flags of other clients, and filters by TYPE and ID', async () => {
    const sub = await connect('sub');
    await sub.subscribe('a', 'b');
    await sub.psubscribe('p*');
    const tx = await RawClient.connect(port);
    await tx.call('CLIENT', 'SETNAME', 'tx');
    await tx.call('SELECT', '5');
    await tx.call('WATCH', 'w');
    await admin.select(5);
    await admin.set('w', 'changed');
    await admin.select(0);
    await tx.call('MULTI');
    expect(await tx.call('SET', 'q', '1')).toBe('+QUEUED\r\n');
    const all = parseList((await admin.client('LIST')) as string);
    const subLine = all.find((c) => c.name === 'sub')!;
    const txLine = all.find((c) => c.name === 'tx')!;
    expect([subLine.sub, subLine.psub, subLine.flags, subLine.cmd]).toEqual(['2', '1', 'P', 'psubscribe']);
    expect([txLine.db, txLine.multi, txLine.flags, txLine.cmd]).toEqual(['5', '1', 'xd', 'set']);
    expect(Number(txLine['multi-mem'])).toBeGreaterThan(0);
    const pubsubOnly = parseList((await admin.client('LIST', 'TYPE', 'pubsub')) as string);
    expect(pubsubOnly.map((c) => c.name)).toEqual(['sub']);
    const normal = parseList((await admin.client('LIST', 'TYPE', 'normal')) as string);
    expect(normal.map((c) => c.name).sort()).toEqual(['admin', 'tx']);
    const byId = parseList((await admin.call('CLIENT', 'LIST', 'ID', String(txLine.id), '999999')) as string);
    expect(byId.map((c) => c.name)).toEqual(['tx']);
    await tx.call('DISCARD');
    sub.disconnect();
    tx.close();
  });
});

describe('CLIENT KILL', () => {
  it('kills by ID, ADDR, LADDR, TYPE and USER, skipping the caller unless told', async () => {
    const count = (): number => server.clients.size;
    await until(() => count() === 1);
    const victims = await Promise.all([connect('v1'), connect('v2'), connect('v3')]);
    const ids = await Promise.all(victims.map((v) => v.client('ID') as Promise<number>));
    expect(count()).toBe(4);
    expect(await admin.client('KILL', 'ID', String(ids[0]))).toBe(1);
    await until(() => count() === 3);
    const v2 = parseList((await admin.client('LIST')) as string).find((c) => c.name === 'v2')!;
    expect(await admin.client('KILL', v2.addr)).toBe('OK');
    await until(() => count() === 2);
    await expect(admin.client('KILL', v2.addr)).rejects.toThrow('ERR No such client');
    await victims[2].subscribe('x');
    expect(await admin.client('KILL', 'TYPE', 'pubsub')).toBe(1);
    await until(() => count() === 1);
    const others = await Promise.all([connect('o1'), connect('o2')]);
    const me = parseList((await admin.client('INFO')) as string)[0];
    expect(await admin.client('KILL', 'LADDR', me.laddr, 'USER', 'default')).toBe(2);
    await until(() => count() === 1);
    expect(await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes')).toBe(0);
    for (const r of [...victims, ...others]) r.disconnect();
  });

  it('closes the caller itself after the reply with SKIPME no', async () => {
    const raw = await RawClient.connect(port);
    const id = (await raw.call('CLIENT', 'ID')).slice(1, -2);
    expect(await raw.call('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'no')).toBe(':1\r\n');
    await raw.waitClosed();
  });
});

describe('CLIENT PAUSE', () => {
  it('delays writes under PAUSE WRITE while reads go on, then runs them in order', async () => {
    const writer = await RawClient.connect(port);
    const reader = await connect('reader');
    await admin.set('counter', '0');
    // Longer than a Node timer can hold (2^31 - 1 ms): the pause must not end at once.
    expect(await admin.client('PAUSE', '1099511627776', 'WRITE')).toBe('OK');
    writer.write('*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n*2\r\n$3\r\nGET\r\n$7\r\ncounter\r\n*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n');
    await until(() => [...server.clients.values()].some((c) => c.postponed !== undefined));
    expect(await reader.get('counter')).toBe('0');
    const flags = parseList((await admin.client('LIST')) as string).map((c) => c.flags);
    expect(flags).toContain('b');
    expect(writer.pending()).toBe('');
    expect(await admin.client('UNPAUSE')).toBe('OK');
    expect((await writer.read()).toString()).toBe(':1\r\n');
    expect((await writer.read()).toString()).toBe('$1\r\n1\r\n');
    expect((await writer.read()).toString()).toBe(':2\r\n');
    writer.close();
    reader.disconnect();
  });

  it('delays every command under PAUSE ALL, and EXEC of a write under PAUSE WRITE', async () => {
    const raw = await RawClient.connect(port);
    expect(await admin.client('PAUSE', '100000', 'ALL')).toBe('OK');
    raw.write('*1\r\n$4\r\nPING\r\n');
    await until(() => [...server.clients.values()].some((c) => c.postponed !== undefined));
    expect(raw.pending()).toBe('');
    // Under PAUSE ALL, CLIENT UNPAUSE itself waits (as in Redis): end the pause from inside.
    unpauseClients(server);
    expect((await raw.read()).toString()).toBe('+PONG\r\n');
    expect(await raw.call('MULTI')).toBe('+OK\r\n');
    expect(await raw.call('SET', 'p', '1')).toBe('+QUEUED\r\n');
    await admin.client('PAUSE', '100000', 'WRITE');
    raw.write('*1\r\n$4\r\nEXEC\r\n');
    await until(() => [...server.clients.values()].some((c) => c.postponed !== undefined));
    expect(await admin.exists('p')).toBe(0);
    await admin.client('UNPAUSE');
    expect((await raw.read()).toString()).toBe('*1\r\n+OK\r\n');
    raw.close();
  });
});

describe('the dataset during CLIENT PAUSE', () => {
  it('hides keys past their TTL without deleting them until the pause ends', async () => {
    await admin.flushall();
    await admin.set('ttl', 'v', 'PX', 100);
    await admin.client('PAUSE', '100000', 'WRITE');
    now += 1000;
    clock.refresh();
    activeExpireCycle(server.keyspace, 10, 1000);
    const [value, size] = [await admin.get('ttl'), await admin.dbsize()];
    await admin.client('UNPAUSE');
    expect(value).toBeNull();
    expect(size).toBe(1);
    expect(await admin.get('ttl')).toBeNull();
    expect(await admin.dbsize()).toBe(0);
  });
});

describe('CLIENT REPLY, NO-TOUCH, SETINFO and UNBLOCK', () => {
  it('drops replies under REPLY OFF and for one command after REPLY SKIP', async () => {
    const raw = await RawClient.connect(port);
    raw.write(
      '*2\r\n$4\r\nPING\r\n$1\r\n1\r\n*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*2\r\n$4\r\nPING\r\n$1\r\n2\r\n' +
        '*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n' +
        '*2\r\n$4\r\nPING\r\n$1\r\n3\r\n*2\r\n$4\r\nPING\r\n$1\r\n4\r\n',
    );
    expect((await raw.read()).toString()).toBe('$1\r\n1\r\n');
    expect((await raw.read()).toString()).toBe('+OK\r\n');
    expect((await raw.read()).toString()).toBe('$1\r\n4\r\n');
    raw.close();
  });

  it('leaves access times alone under NO-TOUCH except for TOUCH', async () => {
    await admin.set('cold', 'v');
    const entry = server.keyspace.dbs[0].peek('cold')!;
    const before = entry.access;
    expect(await admin.call('CLIENT', 'NO-TOUCH', 'on')).toBe('OK');
    entry.access = before - 5000;
    await admin.get('cold');
    expect(entry.access).toBe(before - 5000);
    await admin.call('TOUCH', 'cold');
    expect(entry.access).not.toBe(before - 5000);
    expect(await admin.call('CLIENT', 'NO-TOUCH', 'off')).toBe('OK');
  });

  it('records library name and version from CLIENT SETINFO', async () => {
    expect(await admin.call('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib')).toBe('OK');
    expect(await admin.call('CLIENT', 'SETINFO', 'lib-ver', '1.2.3')).toBe('OK');
    await expect(admin.call('CLIENT', 'SETINFO', 'LIB-NAME', 'a b')).rejects.toThrow('ERR lib-name cannot contain spaces');
    await expect(admin.call('CLIENT', 'SETINFO', 'NOPE', 'x')).rejects.toThrow("ERR Unrecognized option 'NOPE'");
    const me = [...server.clients.values()].find((c) => c.name === 'admin')!;
    expect([me.libName, me.libVersion]).toEqual(['mylib', '1.2.3']);
  });

  it('unblocks a blocked BLPOP with a timeout reply or the UNBLOCKED error', async () => {
    const blocked = await RawClient.connect(port);
    const id = (await blocked.call('CLIENT', 'ID')).slice(1, -2);
    blocked.write('*3\r\n$5\r\nBLPOP\r\n$5\r\nempty\r\n$1\r\n0\r\n');
    let unblocked = 0;
    for (let i = 0; i < 100 && unblocked === 0; i++) unblocked = (await admin.client('UNBLOCK', id)) as number;
    expect(unblocked).toBe(1);
    expect((await blocked.read()).toString()).toBe('*-1\r\n');
    blocked.write('*3\r\n$5\r\nBLPOP\r\n$5\r\nempty\r\n$1\r\n0\r\n');
    unblocked = 0;
    for (let i = 0; i < 100 && unblocked === 0; i++) unblocked = (await admin.client('UNBLOCK', id, 'ERROR')) as number;
    expect(unblocked).toBe(1);
    expect((await blocked.read()).toString()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    expect(await admin.client('UNBLOCK', id)).toBe(0);
    blocked.close();
  });
});
