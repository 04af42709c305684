/**
 * The decisions behind connection limits, without sockets: protected mode by peer address, the
 * client-output-buffer-limit and maxmemory-clients settings, and the hard/soft output limit over time.
 */
import { describe, expect, it } from 'vitest';
import { Server } from '../../../src/server';
import { Logger } from '../../../src/util/log';
import type { Client } from '../../../src/net/client';
import { clientEvictionLimit, isLoopback, outputBufferLimitReached, protectedModeDenies } from '../../../src/net/limits';
import { checkMaxmemoryClients, checkOutputBufferLimits } from '../../../src/net/limit-settings';

describe('protected mode', () => {
  const cases: Array<[string, boolean]> = [
    ['127.0.0.1', true],
    ['127.1.2.3', false],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['2001:db8::1', false],
    ['1.127.0.0', false],
  ];
  for (const [address, loopback] of cases) {
    it(`${loopback ? 'accepts' : 'refuses'} ${address} without a password`, () => {
      expect(isLoopback(address)).toBe(loopback);
      expect(protectedModeDenies(true, true, address)).toBe(!loopback);
    });
  }

  it('lets everyone in when the default user has a password or protected mode is off', () => {
    expect(protectedModeDenies(true, false, '10.0.0.5')).toBe(false);
    expect(protectedModeDenies(false, true, '10.0.0.5')).toBe(false);
    expect(protectedModeDenies(true, true, undefined)).toBe(true);
  });
});

describe('client-output-buffer-limit and maxmemory-clients settings', () => {
  const DEFAULT = 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60';

  it('merges the classes named into the current value, as Redis', () => {
    expect(checkOutputBufferLimits('pubsub 1mb 2kb 3', DEFAULT)).toEqual({ value: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2048 3' });
    expect(checkOutputBufferLimits('replica 1 2 3 NORMAL 4 5 6', DEFAULT)).toEqual({ value: 'normal 4 5 6 slave 1 2 3 pubsub 33554432 8388608 60' });
    expect(checkOutputBufferLimits('', DEFAULT)).toEqual({ value: DEFAULT });
    expect(checkOutputBufferLimits('normal 1 2 3', undefined)).toEqual({ value: 'normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60' });
  });

  it('refuses malformed values with Redis texts', () => {
    expect(checkOutputBufferLimits('normal 1 2', DEFAULT)).toEqual({ error: 'Wrong number of arguments in buffer limit configuration.' });
    expect(checkOutputBufferLimits('foo 1 2 3', DEFAULT)).toEqual({ error: 'Invalid client class specified in buffer limit configuration.' });
    for (const bad of ['normal 1mb x 3', 'normal 1 2 -3', 'normal -1 2 3']) {
      expect(checkOutputBufferLimits(bad, DEFAULT)).toEqual({ error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' });
    }
  });

  it('takes memory values and percentages for maxmemory-clients', () => {
    expect(checkMaxmemoryClients('1mb')).toEqual({ value: '1048576' });
    expect(checkMaxmemoryClients('10%')).toEqual({ value: '10%' });
    expect(checkMaxmemoryClients('0')).toEqual({ value: '0' });
    expect(checkMaxmemoryClients('x')).toHaveProperty('error');
  });
});

describe('output buffer limits over time', () => {
  function setup(limits: string): { server: Server; client: (bytes: number) => Client } {
    const log = new Logger();
    log.level = 'nothing';
    const server = new Server({ log });
    expect(server.config.setMany([['client-output-buffer-limit', limits]], (row, v) => server.applyConfig(row, v))).toBeUndefined();
    return {
      server,
      client: (bytes) => ({ server, reply: { pendingBytes: bytes }, socket: { writableLength: 0 }, subscriptions: undefined }) as unknown as Client,
    };
  }

  it('closes at once over the hard limit', () => {
    const { client } = setup('normal 1000 0 0');
    expect(outputBufferLimitReached(client(999), 0)).toBe(false);
    expect(outputBufferLimitReached(client(1000), 0)).toBe(true);
  });

  it('closes over the soft limit only after it has lasted its seconds', () => {
    const { client } = setup('normal 0 100 10');
    const c = client(150);
    expect(outputBufferLimitReached(c, 1_000)).toBe(false);
    expect(outputBufferLimitReached(c, 11_000)).toBe(false);
    expect(outputBufferLimitReached(c, 11_001)).toBe(true);
  });

  it('starts the soft limit clock again when the output drops below it', () => {
    const { client } = setup('normal 0 100 10');
    const c = client(150);
    expect(outputBufferLimitReached(c, 0)).toBe(false);
    (c.reply as { pendingBytes: number }).pendingBytes = 50;
    expect(outputBufferLimitReached(c, 5_000)).toBe(false);
    (c.reply as { pendingBytes: number }).pendingBytes = 150;
    expect(outputBufferLimitReached(c, 6_000)).toBe(false);
    expect(outputBufferLimitReached(c, 16_000)).toBe(false);
    expect(outputBufferLimitReached(c, 16_001)).toBe(true);
  });

  it('with 0 soft seconds, closes at the first check after the one that found it over', () => {
    const { client } = setup('normal 0 100 0');
    const c = client(150);
    expect(outputBufferLimitReached(c, 5_000)).toBe(false);
    expect(outputBufferLimitReached(c, 5_001)).toBe(true);
  });

  it('never closes a normal client with the default limits', () => {
    const { client } = setup('normal 0 0 0');
    expect(outputBufferLimitReached(client(1e9), 1e9)).toBe(false);
  });
});

describe('maxmemory-clients', () => {
  function limitFor(settings: Array<[string, string]>): number {
    const log = new Logger();
    log.level = 'nothing';
    const server = new Server({ log });
    expect(server.config.setMany(settings, (row, v) => server.applyConfig(row, v))).toBeUndefined();
    return clientEvictionLimit(server);
  }

  it('is a size, or a share of the configured maxmemory, never under 128 KB', () => {
    expect(limitFor([['maxmemory-clients', '0']])).toBe(0);
    expect(limitFor([['maxmemory-clients', '1mb']])).toBe(1024 * 1024);
    expect(limitFor([['maxmemory-clients', '1kb']])).toBe(128 * 1024);
    expect(limitFor([['maxmemory-clients', '10%']])).toBe(0);
    expect(limitFor([['maxmemory', '100mb'], ['maxmemory-clients', '10%']])).toBe(10 * 1024 * 1024);
    expect(limitFor([['maxmemory', '100kb'], ['maxmemory-clients', '10%']])).toBe(128 * 1024);
  });
});

