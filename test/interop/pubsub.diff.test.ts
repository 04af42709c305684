/**
 * Differential tests of Pub/Sub: subscription confirmations (one reply per channel), messages and
 * pattern messages delivered to subscribers, PUBSUB introspection, the RESP2 subscriber context
 * with its error text and PING form, and RESP3 push messages. Each side has a subscriber connection
 * and a publisher connection; every reply is compared byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pair, startPair } from '../helpers/differential';
import { encodeCommand, RawClient } from '../helpers/raw';

let pair: Pair;
let pubOurs: RawClient;
let pubTheirs: RawClient;

beforeAll(async () => {
  pair = await startPair();
  pubOurs = await RawClient.connect(pair.respkv.port);
  pubTheirs = await RawClient.connect(pair.redis.port);
});
afterAll(async () => {
  pubOurs?.close();
  pubTheirs?.close();
  await pair?.stop();
});

/** Compares the next `n` replies or messages of the subscriber connections. */
async function received(n: number, label: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [a, b] = await Promise.all([pair.ours.read(), pair.theirs.read()]);
    expect(a.toString('latin1'), `${label} reply ${i}`).toBe(b.toString('latin1'));
  }
}

/** Sends one command on the subscriber connections and compares the next `n` replies. */
async function sub(n: number, ...args: string[]): Promise<void> {
  pair.ours.write(encodeCommand(args));
  pair.theirs.write(encodeCommand(args));
  await received(n, args.join(' '));
}

/** Sends one command on the publisher connections and compares the reply. */
async function pub(...args: string[]): Promise<void> {
  const [a, b] = await Promise.all([pubOurs.call(...args), pubTheirs.call(...args)]);
  expect(a, args.join(' ')).toBe(b);
}

describe('Pub/Sub, as redis-server', () => {
  it('confirms subscriptions and delivers messages and pattern messages', async () => {
    await sub(1, 'UNSUBSCRIBE');
    await sub(1, 'PUNSUBSCRIBE');
    await sub(1, 'SUNSUBSCRIBE');
    await sub(2, 'SUBSCRIBE', 'news', 'sport');
    await sub(1, 'SUBSCRIBE', 'news');
    await sub(2, 'PSUBSCRIBE', 'n*', 'h?llo');
    await pub('PUBLISH', 'news', 'hello world');
    await received(2, 'message and pmessage');
    await pub('PUBLISH', 'hallo', 'x\r\ny');
    await received(1, 'pmessage');
    await pub('PUBLISH', 'nobody', 'x');
    await received(1, 'pmessage');
    await pub('PUBLISH', 'zzz', 'x');
    await pub('PUBSUB', 'NUMSUB', 'news', 'sport', 'nobody');
    await pub('PUBSUB', 'NUMSUB');
    await pub('PUBSUB', 'NUMPAT');
    const [chOurs, chTheirs] = await Promise.all([pubOurs.call('PUBSUB', 'CHANNELS'), pubTheirs.call('PUBSUB', 'CHANNELS')]);
    expect(chOurs.split('\r\n').sort()).toEqual(chTheirs.split('\r\n').sort());
    await pub('PUBSUB', 'CHANNELS', 'sp*');
    await pub('PUBSUB', 'CHANNELS', 'a', 'b');
    await pub('PUBSUB', 'NUMPAT', 'x');
    await pub('PUBSUB', 'NOPE');
    await pub('PUBSUB');
    await pub('PUBLISH', 'news');
  });

  it('restricts a RESP2 subscriber to the subscription commands', async () => {
    await sub(1, 'PING');
    await sub(1, 'PING', 'hi');
    await sub(1, 'GET', 'k');
    await sub(1, 'SET', 'k', 'v');
    await sub(1, 'CONFIG', 'GET', 'maxmemory');
    await sub(1, 'NOSUCH');
    await sub(1, 'PUBLISH', 'news', 'x');
    await sub(1, 'UNSUBSCRIBE', 'sport');
    await sub(2, 'PUNSUBSCRIBE', 'h?llo', 'never');
    await sub(1, 'UNSUBSCRIBE', 'news');
    await sub(1, 'PUNSUBSCRIBE');
    await sub(1, 'PING');
    await sub(1, 'GET', 'k');
  });

  it('handles shard channels', async () => {
    await sub(2, 'SSUBSCRIBE', 'a', 'b');
    await sub(1, 'SUBSCRIBE', 'c');
    await pub('SPUBLISH', 'a', 'm');
    await received(1, 'smessage');
    await pub('PUBSUB', 'SHARDNUMSUB', 'a', 'c');
    await pub('PUBSUB', 'SHARDCHANNELS', 'b');
    await pub('PUBLISH', 'a', 'not a shard message');
    await sub(1, 'SUNSUBSCRIBE', 'a');
    await sub(1, 'GET', 'x');
    await sub(1, 'SUNSUBSCRIBE');
    await sub(1, 'GET', 'x');
    await sub(1, 'UNSUBSCRIBE');
    await sub(1, 'GET', 'x');
  });

  it('sends RESP3 push messages and allows every command', async () => {
    pair.ours.write(encodeCommand(['HELLO', '3']));
    pair.theirs.write(encodeCommand(['HELLO', '3']));
    const [helloOurs, helloTheirs] = await Promise.all([pair.ours.read(), pair.theirs.read()]);
    expect(helloOurs[0]).toBe(helloTheirs[0]);
    await sub(2, 'SUBSCRIBE', 'r3', 'r3b');
    await sub(1, 'PSUBSCRIBE', 'r*');
    await sub(1, 'PING');
    await sub(1, 'GET', 'nokey');
    await pub('PUBLISH', 'r3', 'payload');
    await received(2, 'push message and pmessage');
    await sub(3, 'PUBLISH', 'r3b', 'self');
    await sub(2, 'UNSUBSCRIBE', 'r3', 'r3b');
    await sub(1, 'PUNSUBSCRIBE');
    await sub(1, 'UNSUBSCRIBE');
  });
});

/**
 * Keyspace notifications: a pattern subscriber on each side records every event while the same
 * commands of every family run; a marker message ends the recording, then both sequences must be
 * equal, so each command emits Redis's event names in Redis's order.
 */
describe('keyspace notifications, as redis-server', () => {
  async function recordEvents(commands: string[][]): Promise<[string[], string[]]> {
    const record = async (subscriber: RawClient, publisher: RawClient): Promise<string[]> => {
      for (const cmd of commands) await publisher.call(...cmd);
      await publisher.call('PUBLISH', 'zz-end', 'end');
      const events: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const reply = (await subscriber.read()).toString('latin1');
        if (reply.includes('zz-end')) return events;
        events.push(reply);
      }
      throw new Error('no end marker');
    };
    return Promise.all([record(pair.ours, pubOurs), record(pair.theirs, pubTheirs)]);
  }

  it('emits the same events for commands of every family', async () => {
    await pub('CONFIG', 'SET', 'notify-keyspace-events', 'KEAnm');
    await pub('FLUSHALL');
    await sub(1, 'PSUBSCRIBE', '*');
    const [ours, theirs] = await recordEvents([
      ['SET', 's', '1'],
      ['SET', 's', '2', 'EX', '100'],
      ['APPEND', 's', 'x'],
      ['SETRANGE', 's', '0', 'ab'],
      ['INCR', 'n'],
      ['INCRBYFLOAT', 'n', '1.5'],
      ['MSET', 'm1', 'a', 'm2', 'b'],
      ['GETEX', 'm1', 'PX', '100000'],
      ['GETEX', 'm1', 'PERSIST'],
      ['GETDEL', 'm2'],
      ['SETBIT', 'bits', '3', '1'],
      ['BITOP', 'NOT', 'bits2', 'bits'],
      ['EXPIRE', 'n', '100'],
      ['PEXPIRE', 'n', '-1'],
      ['PERSIST', 's'],
      ['RENAME', 's', 's2'],
      ['COPY', 's2', 's3'],
      ['MOVE', 's3', '1'],
      ['DEL', 's2', 'nokey'],
      ['UNLINK', 'm1'],
      ['LPUSH', 'l', 'a', 'b', 'c'],
      ['RPUSH', 'l', 'd'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'z'],
      ['LSET', 'l', '0', 'q'],
      ['LREM', 'l', '0', 'z'],
      ['LTRIM', 'l', '0', '1'],
      ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
      ['LPOP', 'l'],
      ['LMPOP', '1', 'l2', 'LEFT', 'COUNT', '5'],
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSETNX', 'h', 'c', '3'],
      ['HINCRBY', 'h', 'a', '5'],
      ['HINCRBYFLOAT', 'h', 'a', '0.5'],
      ['HDEL', 'h', 'a', 'b', 'c'],
      ['SADD', 'set', 'a', 'b', 'c'],
      ['SREM', 'set', 'a'],
      ['SMOVE', 'set', 'set2', 'b'],
      ['SINTERSTORE', 'set3', 'set', 'set2'],
      ['SINTERSTORE', 'set3', 'set', 'nokey'],
      ['SPOP', 'set'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZINCRBY', 'z', '5', 'a'],
      ['ZREM', 'z', 'b'],
      ['ZPOPMIN', 'z'],
      ['ZUNIONSTORE', 'z2', '1', 'z'],
      ['ZRANGESTORE', 'z3', 'z2', '0', '-1'],
      ['GET', 'missing'],
      ['HGET', 'missing', 'f'],
      ['LRANGE', 'missing', '0', '-1'],
      ['SMEMBERS', 'missing'],
      ['ZSCORE', 'missing', 'm'],
      ['MGET', 'missing', 'h'],
      ['FLUSHDB'],
    ]);
    expect(theirs.length).toBeGreaterThan(80);
    expect(ours).toEqual(theirs);
    await sub(1, 'PUNSUBSCRIBE');
    await pub('CONFIG', 'SET', 'notify-keyspace-events', '');
  });
});
