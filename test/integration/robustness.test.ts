/**
 * Misbehaving peers on loopback: a Pub/Sub subscriber that stops reading (disconnected by the pubsub
 * output buffer limit instead of growing memory), a flood of thousands of short connections, sockets
 * half-closed after a request, and clients vanishing in the middle of a large reply. Each is bounded
 * in count; after each the server answers, holds no stale clients and its client memory is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { encodeCommand, RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';

let server: Server;
let port: number;
let stop: () => Promise<void>;
let admin: RawClient;

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess({ 'client-output-buffer-limit': 'pubsub 1mb 256kb 60' }));
  admin = await RawClient.connect(port);
});
afterAll(async () => {
  admin?.close();
  await stop();
});

/** Resolves when `predicate` holds, polling the event loop; fails after `ms`. */
async function until(predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface ClientMemory {
  buffers: number;
  overhead: number;
}

/** Waits until only the admin connection is left and returns the clients' memory then. */
async function quiet(): Promise<ClientMemory> {
  await until(() => server.clients.size === 1);
  return { buffers: server.memory.clientBuffers, overhead: server.memory.clientsOverhead };
}

/** Only the admin connection is left, the server answers, and client memory is back to `before`. */
async function settled(before: ClientMemory): Promise<void> {
  const after = await quiet();
  expect(after.overhead).toBe(before.overhead);
  await until(() => server.memory.clientBuffers <= before.buffers + 1024);
  expect(await admin.call('PING')).toBe('+PONG\r\n');
}

describe('slow consumers', () => {
  it('disconnects a subscriber that stops reading, and not the publisher', async () => {
    const before = await quiet();
    const disconnectionsBefore = server.stats.clientOutputBufferLimitDisconnections;
    const subscriber = net.connect({ port, host: '127.0.0.1' });
    await new Promise((r) => subscriber.once('connect', r));
    subscriber.on('error', () => {});
    let received = 0;
    subscriber.on('data', (d: Buffer) => (received += d.length));
    subscriber.write(encodeCommand(['SUBSCRIBE', 'news']));
    await until(() => received > 0);
    subscriber.pause();
    const publisher = await RawClient.connect(port);
    try {
      const message = 'm'.repeat(64 * 1024);
      // At most 64 MB; the subscriber's 1 MB hard limit is reached long before.
      for (let i = 0; i < 1024 && server.stats.clientOutputBufferLimitDisconnections === disconnectionsBefore; i++) {
        expect(await publisher.call('PUBLISH', 'news', message)).toMatch(/^:[01]\r\n$/);
      }
      expect(server.stats.clientOutputBufferLimitDisconnections).toBe(disconnectionsBefore + 1);
      expect(await publisher.call('PUBLISH', 'news', 'after')).toBe(':0\r\n');
    } finally {
      subscriber.destroy();
      publisher.close();
    }
    await settled(before);
  });
});

describe('connection flood', () => {
  it('survives 3000 connections opened and closed, 100 at a time', async () => {
    const before = await quiet();
    let answered = 0;
    let asked = 0;
    for (let batch = 0; batch < 30; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          new Promise<void>((resolve) => {
            const s = net.connect({ port, host: '127.0.0.1' });
            s.on('error', () => resolve());
            s.on('close', () => resolve());
            if (i % 3 === 0) {
              // Connect and vanish without a word.
              s.on('connect', () => s.destroy());
              return;
            }
            asked++;
            s.on('connect', () => s.write('PING\r\n'));
            s.on('data', (d) => {
              if (d.toString() === '+PONG\r\n') answered++;
              if (i % 3 === 1) s.end();
              else s.destroy();
            });
          }),
        ),
      );
    }
    expect(asked).toBe(1980);
    expect(answered).toBe(asked);
    await settled(before);
  });
});

describe('half-closed sockets', () => {
  it('answers every request sent before the client shut its side down, then closes', async () => {
    const before = await quiet();
    const s = net.connect({ port, host: '127.0.0.1' });
    await new Promise((r) => s.once('connect', r));
    const chunks: Buffer[] = [];
    s.on('data', (d) => chunks.push(d));
    const closed = new Promise((r) => s.once('close', r));
    s.end(Buffer.concat([encodeCommand(['SET', 'half', 'closed']), ...Array.from({ length: 100 }, () => encodeCommand(['PING']))]));
    await closed;
    expect(Buffer.concat(chunks).toString()).toBe('+OK\r\n' + '+PONG\r\n'.repeat(100));
    expect(await admin.call('GET', 'half')).toBe('$6\r\nclosed\r\n');
    await settled(before);
  });

  it('drops a client that half-closes in the middle of a request', async () => {
    const before = await quiet();
    const s = net.connect({ port, host: '127.0.0.1' });
    await new Promise((r) => s.once('connect', r));
    s.on('data', () => {});
    const closed = new Promise((r) => s.once('close', r));
    s.end('*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$100\r\nonly part');
    await closed;
    expect(await admin.call('GET', 'half')).toBe('$6\r\nclosed\r\n');
    await settled(before);
  });

  it('frees clients that vanish while a large reply is being written', async () => {
    const before = await quiet();
    expect(await admin.call('SET', 'large', 'L'.repeat(4 * 1024 * 1024))).toBe('+OK\r\n');
    for (let i = 0; i < 20; i++) {
      const s = net.connect({ port, host: '127.0.0.1' });
      await new Promise((r) => s.once('connect', r));
      s.on('error', () => {});
      let got = 0;
      await new Promise<void>((resolve) => {
        s.on('data', (d: Buffer) => {
          got += d.length;
          if (got > 64 * 1024) {
            s.destroy();
            resolve();
          }
        });
        s.write(Buffer.concat([encodeCommand(['GET', 'large']), encodeCommand(['GET', 'large'])]));
      });
    }
    expect(await admin.call('DEL', 'large')).toBe(':1\r\n');
    await settled(before);
  });
});

describe('announced sizes', () => {
  it('does not reserve memory for counts and lengths that never arrive', async () => {
    const before = await quiet();
    const datasetBefore = server.memory.usedForEviction() - server.memory.clientBuffers - server.memory.clientsOverhead;
    const sockets: net.Socket[] = [];
    for (const header of ['*2147483647\r\n', '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n', '*1048576\r\n$536870912\r\nab']) {
      for (let i = 0; i < 20; i++) {
        const s = net.connect({ port, host: '127.0.0.1' });
        s.on('error', () => {});
        await new Promise((r) => s.once('connect', r));
        s.write(header);
        sockets.push(s);
      }
    }
    await until(() => server.clients.size === 61);
    expect(await admin.call('PING')).toBe('+PONG\r\n');
    // 60 clients announcing up to 512 MB each hold a few bytes of query buffer, nothing more.
    expect(server.memory.clientBuffers - before.buffers).toBeLessThan(64 * 1024);
    expect(server.memory.usedForEviction() - server.memory.clientBuffers - server.memory.clientsOverhead).toBe(datasetBefore);
    for (const s of sockets) s.destroy();
    await settled(before);
  });
});

