/**
 * Connection limits over loopback TCP: maxclients, protected mode for a loopback peer, tcp-keepalive,
 * idle timeout, client-output-buffer-limit for a client that does not read, maxmemory-clients, and
 * output waiting in the socket counted as client memory. Times are injected or driven directly, so
 * nothing depends on the speed of the machine; every loop is bounded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as net from 'node:net';
import { encodeCommand, RawClient } from '../helpers/raw';
import { redisServerAvailable, startInProcess } from '../helpers/servers';
import { startPair } from '../helpers/differential';
import type { Server } from '../../src/server';
import type { Client } from '../../src/net/client';
import { closeTimedOutClients } from '../../src/net/limits';

let running: { server: Server; port: number; stop: () => Promise<void> } | undefined;

async function start(settings: Record<string, string> = {}): Promise<{ server: Server; port: number }> {
  running = await startInProcess(settings);
  return running;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await running?.stop();
  running = undefined;
});

/** Resolves when `predicate` holds, polling the event loop; fails after `ms`. */
async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function clientOf(server: Server, name: string): Client {
  return [...server.clients.values()].find((c) => c.name === name)!;
}

/** A raw socket that never reads: its receive buffer fills and the server's output backs up. */
async function nonReader(port: number): Promise<net.Socket> {
  const s = net.connect({ port, host: '127.0.0.1' });
  await new Promise((r) => s.once('connect', r));
  s.pause();
  s.on('error', () => {});
  return s;
}

describe('maxclients', () => {
  it('refuses connections over the limit with Redis’s error, then closes them', async () => {
    const { server, port } = await start({ maxclients: '2' });
    const a = await RawClient.connect(port);
    const b = await RawClient.connect(port);
    expect(await a.call('PING')).toBe('+PONG\r\n');
    const c = await RawClient.connect(port);
    expect((await c.read()).toString()).toBe('-ERR max number of clients reached\r\n');
    await c.waitClosed();
    expect(server.stats.rejectedConnections).toBe(1);
    b.close();
    await until(() => server.clients.size === 1);
    const d = await RawClient.connect(port);
    expect(await d.call('PING')).toBe('+PONG\r\n');
    a.close();
    d.close();
  });
});

describe('protected mode', () => {
  it('accepts loopback clients without a password', async () => {
    const { server, port } = await start({ 'protected-mode': 'yes' });
    expect(server.authRequired()).toBe(false);
    const c = await RawClient.connect(port);
    expect(await c.call('PING')).toBe('+PONG\r\n');
    c.close();
  });
});

describe('tcp-keepalive', () => {
  it('enables keepalive probes with the configured interval', async () => {
    const spy = vi.spyOn(net.Socket.prototype, 'setKeepAlive');
    const { port } = await start({ 'tcp-keepalive': '42' });
    const c = await RawClient.connect(port);
    expect(await c.call('PING')).toBe('+PONG\r\n');
    expect(spy.mock.calls).toContainEqual([true, 42_000]);
    c.close();
  });
});

describe('timeout', () => {
  it('closes idle clients, even inside MULTI, but not blocked, subscribed or MONITOR clients', async () => {
    const { server, port } = await start({ timeout: '10' });
    const names = ['idle', 'blocked', 'subscriber', 'multi', 'busy', 'monitor'];
    const conns = new Map<string, RawClient>();
    for (const name of names) {
      const c = await RawClient.connect(port);
      c.write(encodeCommand(['HELLO', '2', 'SETNAME', name]));
      await c.read();
      conns.set(name, c);
    }
    expect(await conns.get('subscriber')!.call('SUBSCRIBE', 'ch')).toBe('*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n');
    expect(await conns.get('monitor')!.call('MONITOR')).toBe('+OK\r\n');
    expect(await conns.get('multi')!.call('MULTI')).toBe('+OK\r\n');
    expect(await conns.get('multi')!.call('PING')).toBe('+QUEUED\r\n');
    const processed = server.stats.commandsProcessed;
    conns.get('blocked')!.write(encodeCommand(['BLPOP', 'nothing', '0']));
    await until(() => server.stats.commandsProcessed > processed);
    const now = Date.now();
    closeTimedOutClients(server, now + 5_000);
    expect(server.clients.size).toBe(6);
    clientOf(server, 'busy').lastInteraction = now + 20_000;
    closeTimedOutClients(server, now + 20_001);
    await conns.get('idle')!.waitClosed();
    await conns.get('multi')!.waitClosed();
    for (const name of ['blocked', 'subscriber', 'busy', 'monitor']) expect(conns.get(name)!.closed, name).toBe(false);
    expect(server.clients.size).toBe(4);
    expect(await conns.get('busy')!.call('PING')).toBe('+PONG\r\n');
    for (const c of conns.values()) c.close();
  });
});

describe('client-output-buffer-limit', () => {
  it('disconnects a normal client whose replies pile up past the hard limit', async () => {
    const { server, port } = await start({ 'client-output-buffer-limit': 'normal 1mb 0 0' });
    const admin = await RawClient.connect(port);
    expect(await admin.call('SET', 'big', 'x'.repeat(512 * 1024))).toBe('+OK\r\n');
    const slow = await nonReader(port);
    const closed = new Promise((r) => slow.once('close', r));
    slow.write(Buffer.concat(Array.from({ length: 64 }, () => encodeCommand(['GET', 'big']))));
    await until(() => server.stats.clientOutputBufferLimitDisconnections === 1);
    expect(server.clients.size).toBe(1);
    // Reading again, the client finds the connection closed before 32 MB of replies.
    let received = 0;
    slow.on('data', (d: Buffer) => (received += d.length));
    slow.resume();
    await closed;
    expect(received).toBeLessThan(32 * 1024 * 1024);
    expect(await admin.call('PING')).toBe('+PONG\r\n');
    admin.close();
  });

  it('keeps a normal client without limits and counts its waiting output as client memory', async () => {
    const { server, port } = await start();
    const admin = await RawClient.connect(port);
    expect(await admin.call('SET', 'big', 'x'.repeat(512 * 1024))).toBe('+OK\r\n');
    const before = server.memory.clientBuffers;
    const slow = await nonReader(port);
    slow.write(Buffer.concat(Array.from({ length: 64 }, () => encodeCommand(['GET', 'big']))));
    // 32 MB of replies cannot all fit in loopback socket buffers: the rest waits in the server.
    await until(() => server.memory.clientBuffers - before > 4 * 1024 * 1024);
    expect(server.stats.clientOutputBufferLimitDisconnections).toBe(0);
    let received = 0;
    slow.on('data', (d: Buffer) => (received += d.length));
    slow.resume();
    const total = 64 * (512 * 1024 + '$524288\r\n\r\n'.length);
    await until(() => received === total, 20_000);
    await until(() => server.memory.clientBuffers - before < 64 * 1024);
    slow.destroy();
    admin.close();
  });
});

describe('client-query-buffer-limit', () => {
  it('closes a client whose unparsed input grows past the limit, without a reply', async () => {
    const { server, port } = await start({ 'client-query-buffer-limit': '1mb' });
    const c = await RawClient.connect(port);
    c.write(Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n'), Buffer.alloc(1536 * 1024, 98)]));
    await c.waitClosed();
    expect(c.pending()).toBe('');
    expect(server.clients.size).toBe(0);
    const d = await RawClient.connect(port);
    expect(await d.call('SET', 'k', 'x'.repeat(900 * 1024))).toBe('+OK\r\n');
    d.close();
  });
});

describe('maxmemory-clients', () => {
  it('evicts the client with the largest buffers, but not a NO-EVICT client', async () => {
    const { server, port } = await start({ 'maxmemory-clients': '1mb' });
    const small = await RawClient.connect(port);
    const protectedClient = await RawClient.connect(port);
    const big = await RawClient.connect(port);
    protectedClient.write(encodeCommand(['HELLO', '2', 'SETNAME', 'keeper']));
    await protectedClient.read();
    clientOf(server, 'keeper').noEvict = true;
    // A request announced as 4 MB and sent halfway sits in the query buffer.
    const half = Buffer.alloc(2 * 1024 * 1024, 97);
    protectedClient.write(Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4194304\r\n'), half]));
    await until(() => clientOf(server, 'keeper').parser.pendingBytes >= half.length);
    expect(server.stats.evictedClients).toBe(0);
    big.write(Buffer.concat([Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4194304\r\n'), half]));
    await big.waitClosed();
    expect(server.stats.evictedClients).toBe(1);
    expect(await small.call('INFO', 'stats')).toContain('\r\nevicted_clients:1\r\n');
    expect(small.closed).toBe(false);
    expect(await small.call('PING')).toBe('+PONG\r\n');
    protectedClient.write(Buffer.concat([half, Buffer.from('\r\n')]));
    expect((await protectedClient.read()).toString()).toBe('+OK\r\n');
    small.close();
    protectedClient.close();
  });
});

describe.skipIf(!redisServerAvailable())('limit settings, as redis-server', () => {
  it('answers CONFIG SET and GET of the client limits identically', async () => {
    const pair = await startPair();
    try {
      await pair.expectSame([
        ['CONFIG', 'GET', 'client-output-buffer-limit'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 2kb 3'],
        ['CONFIG', 'GET', 'client-output-buffer-limit'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'replica 1 2 3 normal 4 5 6'],
        ['CONFIG', 'GET', 'client-output-buffer-limit'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'foo 1 2 3'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb x 3'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal -1 2 3'],
        ['CONFIG', 'SET', 'client-output-buffer-limit', ''],
        ['CONFIG', 'GET', 'client-output-buffer-limit'],
        ['CONFIG', 'SET', 'maxmemory-clients', '10%'],
        ['CONFIG', 'GET', 'maxmemory-clients'],
        ['CONFIG', 'SET', 'maxmemory-clients', '1mb'],
        ['CONFIG', 'GET', 'maxmemory-clients'],
        ['CONFIG', 'SET', 'maxmemory-clients', 'lots'],
        ['CONFIG', 'SET', 'maxmemory-clients', '0'],
        ['CONFIG', 'SET', 'timeout', '-1'],
        ['CONFIG', 'SET', 'timeout', '5'],
        ['CONFIG', 'GET', 'timeout'],
        ['CONFIG', 'SET', 'tcp-keepalive', '60'],
        ['CONFIG', 'GET', 'tcp-keepalive'],
        ['CONFIG', 'SET', 'protected-mode', 'no'],
        ['CONFIG', 'GET', 'protected-mode'],
        ['CONFIG', 'GET', 'aclfile'],
        ['CONFIG', 'SET', 'aclfile', '/tmp/x'],
      ]);
    } finally {
      await pair.stop();
    }
  });
});

describe.skipIf(!redisServerAvailable())('random client-output-buffer-limit and maxmemory-clients settings, as redis-server', () => {
  const SEED = Number(process.env.COBL_SEED ?? Math.floor(Math.random() * 0x7fffffff));
  const CLASSES = ['normal', 'replica', 'slave', 'pubsub', 'PUBSUB', 'master', 'foo'];
  const SIZES = ['0', '1', '1024', '1kb', '1k', '2mb', '3MB', '1gb', '-1', 'x', '1.5mb', '9223372036854775807'];
  const SECONDS = ['0', '1', '60', '-1', 'x', '2147483648'];

  it(`agrees on CONFIG SET and GET (seed ${SEED})`, async () => {
    console.log(`client-output-buffer-limit seed ${SEED} (replay with COBL_SEED=${SEED})`);
    const { Random } = await import('../../src/util/random');
    const r = new Random(SEED);
    const pick = (list: string[]) => list[r.below(list.length)];
    const pair = await startPair();
    try {
      for (let i = 0; i < 150; i++) {
        const words: string[] = [];
        const groups = r.below(4);
        for (let g = 0; g < groups; g++) words.push(pick(CLASSES), pick(SIZES), pick(SIZES), pick(SECONDS));
        if (r.below(8) === 0) words.pop();
        await pair.expectSame([['CONFIG', 'SET', 'client-output-buffer-limit', words.join(' ')], ['CONFIG', 'GET', 'client-output-buffer-limit']]);
      }
      const CLIENT_LIMITS = ['0', '0%', '100%', '101%', '5.5%', '-1%', '%', '01%', '1kb', '1K', '1Gb', '-1', '1.5mb', 'kb', '00', '+1', '1 %',
        '18446744073709551615', '9223372036854775808', '9223372036854775807', '18446744073709551516', '99999999999%', '9223372036854775808%'];
      for (const v of CLIENT_LIMITS) await pair.expectSame([['CONFIG', 'SET', 'maxmemory-clients', v], ['CONFIG', 'GET', 'maxmemory-clients']]);
      const INTS = ['-1', '0', '1', '2147483647', '2147483648', 'x', '01', '+1', '1.5', '1k', ''];
      for (const name of ['timeout', 'tcp-keepalive']) {
        for (const v of INTS) await pair.expectSame([['CONFIG', 'SET', name, v], ['CONFIG', 'GET', name]]);
      }
      for (const v of ['yes', 'no', 'YES', '1', '']) await pair.expectSame([['CONFIG', 'SET', 'protected-mode', v], ['CONFIG', 'GET', 'protected-mode']]);
      for (const v of ['allchannels', 'RESETCHANNELS', 'none', '']) await pair.expectSame([['CONFIG', 'SET', 'acl-pubsub-default', v], ['CONFIG', 'GET', 'acl-pubsub-default']]);
    } finally {
      await pair.stop();
    }
  });
});
