/**
 * The protocol over real TCP: pipelining, replies leaving in one write per batch, protocol errors
 * closing only the offending connection, big and binary payloads, RESP3 through HELLO, and a client
 * that does not read its replies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { encodeCommand, RawClient } from '../helpers/raw';
import { startInProcess } from '../helpers/servers';
import type { Server } from '../../src/server';

let server: Server;
let port: number;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, port, stop } = await startInProcess());
});
afterAll(async () => {
  await stop();
});

describe('protocol over TCP', () => {
  it('answers 10,000 pipelined commands sent in one write, in order', async () => {
    const c = await RawClient.connect(port);
    const parts: Buffer[] = [];
    for (let i = 0; i < 10000; i++) parts.push(encodeCommand(['SET', `p:${i}`, String(i)]), encodeCommand(['GET', `p:${i}`]));
    c.write(Buffer.concat(parts));
    for (let i = 0; i < 10000; i++) {
      expect((await c.read()).toString()).toBe('+OK\r\n');
      expect((await c.read()).toString()).toBe(`$${String(i).length}\r\n${i}\r\n`);
    }
    c.close();
  });

  it('sends the replies of one read in a single socket write', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.write(Buffer.concat(Array.from({ length: 200 }, () => encodeCommand(['PING']))));
    await new Promise<void>((resolve) => {
      const check = () => (Buffer.concat(chunks).length >= 200 * 7 ? resolve() : setTimeout(check, 5));
      check();
    });
    // Loopback delivers one write as one chunk when it fits the socket buffer.
    expect(chunks.length).toBe(1);
    socket.destroy();
  });

  it('closes only the connection that sent a malformed frame, after its error reply', async () => {
    const good = await RawClient.connect(port);
    const bad = await RawClient.connect(port);
    expect(await good.call('SET', 'survivor', 'yes')).toBe('+OK\r\n');
    bad.write('*1\r\n$4\r\nPING\r\n*1\r\n+oops\r\n');
    expect((await bad.read()).toString()).toBe('+PONG\r\n');
    expect((await bad.read()).toString()).toBe("-ERR Protocol error: expected '$', got '+'\r\n");
    await bad.waitClosed();
    expect(await good.call('GET', 'survivor')).toBe('$3\r\nyes\r\n');
    good.close();
  });

  it('stores and returns a 100 MB value byte for byte', async () => {
    const c = await RawClient.connect(port);
    const big = Buffer.alloc(100 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
    big[big.length - 1] = 13;
    expect(await c.call('SET', 'big', big)).toBe('+OK\r\n');
    c.write(encodeCommand(['GET', 'big']));
    const reply = await c.read(60000);
    const header = `$${big.length}\r\n`;
    expect(reply.subarray(0, header.length).toString()).toBe(header);
    expect(reply.subarray(header.length, header.length + big.length).equals(big)).toBe(true);
    expect(await c.call('DEL', 'big')).toBe(':1\r\n');
    c.close();
  }, 120000);

  it('keeps every byte value in keys and values', async () => {
    const c = await RawClient.connect(port);
    const all = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) all[i] = i;
    expect(await c.call('SET', all, all)).toBe('+OK\r\n');
    c.write(encodeCommand(['GET', all]));
    const reply = await c.read();
    expect(reply.equals(Buffer.concat([Buffer.from('$256\r\n'), all, Buffer.from('\r\n')]))).toBe(true);
    c.close();
  });

  it('switches to RESP3 with HELLO 3 and back with HELLO 2', async () => {
    const c = await RawClient.connect(port);
    const hello = await c.call('HELLO', '3');
    expect(hello.startsWith('%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n')).toBe(true);
    expect(hello).toContain('$5\r\nproto\r\n:3\r\n');
    expect(await c.call('GET', 'no-such-key')).toBe('_\r\n');
    expect(await c.call('CONFIG', 'GET', 'hz')).toBe('%1\r\n$2\r\nhz\r\n$2\r\n10\r\n');
    expect((await c.call('HELLO', '2')).startsWith('*14\r\n')).toBe(true);
    expect(await c.call('GET', 'no-such-key')).toBe('$-1\r\n');
    expect(await c.call('HELLO', '4')).toBe('-NOPROTO unsupported protocol version\r\n');
    c.close();
  });

  it('stops reading a client whose replies are not drained, and serves others meanwhile', async () => {
    const value = 'v'.repeat(64 * 1024);
    const setter = await RawClient.connect(port);
    expect(await setter.call('SET', 'wide', value)).toBe('+OK\r\n');
    const lazy = net.connect(port, '127.0.0.1');
    await new Promise((r) => lazy.once('connect', r));
    lazy.pause();
    const request = encodeCommand(['GET', 'wide']);
    for (let i = 0; i < 2000; i++) lazy.write(request);
    // The server's output to `lazy` backs up; the pending bytes it holds stay bounded.
    await new Promise((r) => setTimeout(r, 300));
    const clientBuffers = server.memory.clientBuffers;
    expect(clientBuffers).toBeLessThan(2000 * value.length);
    expect(await setter.call('PING')).toBe('+PONG\r\n');
    lazy.destroy();
    setter.close();
  });
});
