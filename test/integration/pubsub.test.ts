/**
 * Pub/Sub over TCP: several ioredis subscribers and pattern subscribers in RESP2 receive every
 * message once, in publish order; PUBSUB introspection follows subscriptions and disconnections;
 * a RESP3 client (raw, as ioredis does not speak RESP3) receives push messages between ordinary
 * replies and may run any command while subscribed. Waits are for events, never for time.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { decodeReply } from '../helpers/resp';
import { startInProcess } from '../helpers/servers';

let port: number;
let stop: () => Promise<void>;
let publisher: Redis;
const opened: Redis[] = [];

function connect(): Promise<Redis> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  opened.push(r);
  return r.connect().then(() => r);
}

/** Collects `n` messages of `event` ('message' or 'pmessage') from a subscriber. */
function collect(r: Redis, event: 'message' | 'pmessage', n: number): Promise<string[][]> {
  return new Promise((resolve) => {
    const got: string[][] = [];
    r.on(event, (...args: string[]) => {
      got.push(args);
      if (got.length === n) resolve(got);
    });
  });
}

beforeAll(async () => {
  ({ port, stop } = await startInProcess());
  publisher = await connect();
});
afterAll(async () => {
  for (const r of opened) r.disconnect();
  await stop();
});

describe('Pub/Sub in RESP2 with ioredis', () => {
  it('delivers to several channel and pattern subscribers, each message once and in order', async () => {
    const s1 = await connect();
    const s2 = await connect();
    const p1 = await connect();
    expect(await s1.subscribe('orders', 'alerts')).toBe(2);
    expect(await s2.subscribe('orders')).toBe(1);
    expect(await p1.psubscribe('ord*', 'a?erts')).toBe(2);
    const s1Got = collect(s1, 'message', 3);
    const s2Got = collect(s2, 'message', 2);
    const p1Got = collect(p1, 'pmessage', 3);
    expect(await publisher.publish('orders', 'o1')).toBe(3);
    expect(await publisher.publish('alerts', 'fire')).toBe(2);
    expect(await publisher.publish('orders', 'o2')).toBe(3);
    expect(await publisher.publish('nobody', 'x')).toBe(0);
    expect(await s1Got).toEqual([
      ['orders', 'o1'],
      ['alerts', 'fire'],
      ['orders', 'o2'],
    ]);
    expect(await s2Got).toEqual([
      ['orders', 'o1'],
      ['orders', 'o2'],
    ]);
    expect(await p1Got).toEqual([
      ['ord*', 'orders', 'o1'],
      ['a?erts', 'alerts', 'fire'],
      ['ord*', 'orders', 'o2'],
    ]);
    expect(await publisher.pubsub('NUMSUB', 'orders', 'alerts')).toEqual(['orders', 2, 'alerts', 1]);
    expect(await publisher.pubsub('NUMPAT')).toBe(2);
    expect(((await publisher.pubsub('CHANNELS')) as string[]).sort()).toEqual(['alerts', 'orders']);
    s2.disconnect();
    await s1.unsubscribe('alerts');
    // A disconnected subscriber leaves the registry; the next PUBLISH counts only the live ones.
    for (let i = 0; i < 100 && (await publisher.pubsub('NUMSUB', 'orders'))[1] !== 1; i++) await publisher.ping();
    expect(await publisher.pubsub('NUMSUB', 'orders', 'alerts')).toEqual(['orders', 1, 'alerts', 0]);
    expect(await publisher.publish('orders', 'o3')).toBe(2);
  });

  it('refuses other commands while subscribed in RESP2 with Redis\'s error', async () => {
    const raw = await RawClient.connect(port);
    await raw.call('SUBSCRIBE', 'c');
    expect(await raw.call('GET', 'k')).toBe(
      "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    expect(await raw.call('PING')).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    expect(await raw.call('RESET')).toBe('+RESET\r\n');
    expect(await raw.call('GET', 'k')).toBe('$-1\r\n');
    expect(await publisher.pubsub('NUMSUB', 'c')).toEqual(['c', 0]);
    raw.close();
  });
});

describe('a subscriber that goes away', () => {
  it('leaves every channel, even when it also watched keys (regression: a close hook removed itself mid-iteration)', async () => {
    const raw = await RawClient.connect(port);
    await raw.call('WATCH', 'k');
    await raw.call('SUBSCRIBE', 'gone');
    expect(await publisher.pubsub('NUMSUB', 'gone')).toEqual(['gone', 1]);
    raw.close();
    for (let i = 0; i < 200 && (await publisher.pubsub('NUMSUB', 'gone'))[1] !== 0; i++) await new Promise((r) => setTimeout(r, 1));
    expect(await publisher.pubsub('NUMSUB', 'gone')).toEqual(['gone', 0]);
    expect(await publisher.publish('gone', 'x')).toBe(0);
  });
});

describe('Pub/Sub in RESP3', () => {
  it('sends push messages and keeps ordinary replies working while subscribed', async () => {
    const raw = await RawClient.connect(port);
    expect(decodeReply(await raw.call('HELLO', '3'))).toContainEqual(['proto', 3]);
    expect(await raw.call('SUBSCRIBE', 'r3')).toBe('>3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n');
    expect(await raw.call('PSUBSCRIBE', 'r*')).toBe('>3\r\n$10\r\npsubscribe\r\n$2\r\nr*\r\n:2\r\n');
    expect(await raw.call('SET', 'k', 'v')).toBe('+OK\r\n');
    expect(await publisher.publish('r3', 'hi')).toBe(2);
    expect((await raw.read()).toString('latin1')).toBe('>3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$2\r\nhi\r\n');
    expect((await raw.read()).toString('latin1')).toBe('>4\r\n$8\r\npmessage\r\n$2\r\nr*\r\n$2\r\nr3\r\n$2\r\nhi\r\n');
    expect(await raw.call('GET', 'k')).toBe('$1\r\nv\r\n');
    expect(await raw.call('PING')).toBe('+PONG\r\n');
    expect(await raw.call('UNSUBSCRIBE')).toBe('>3\r\n$11\r\nunsubscribe\r\n$2\r\nr3\r\n:1\r\n');
    expect(await raw.call('PUNSUBSCRIBE')).toBe('>3\r\n$12\r\npunsubscribe\r\n$2\r\nr*\r\n:0\r\n');
    expect(await raw.call('UNSUBSCRIBE')).toBe('>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
    raw.close();
  });
});
