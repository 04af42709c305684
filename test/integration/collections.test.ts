/**
 * Hashes and sets through a real client: ioredis 5 (RESP2) stores and reads sessions in hashes and
 * tags in sets, and drains hscanStream / sscanStream while another client changes the collection:
 * every field or member present for the whole scan must come back. RESP3 replies (a map for
 * HGETALL, sets for SMEMBERS and SINTER, pairs for HRANDFIELD WITHVALUES) are checked raw after
 * HELLO 3. Randomness is seeded, so SPOP and HRANDFIELD answers are reproducible.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw';
import { decodeReply } from '../helpers/resp';
import { startInProcess } from '../helpers/servers';
import { Random } from '../../src/util/random';

let port: number;
let stop: () => Promise<void>;
let client: Redis;
let mutator: Redis;

function connect(): Redis {
  return new Redis({ port, host: '127.0.0.1', db: 4, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

beforeAll(async () => {
  ({ port, stop } = await startInProcess({}, { random: new Random(42) }));
  client = connect();
  mutator = connect();
  await Promise.all([client.connect(), mutator.connect()]);
});
afterAll(async () => {
  client?.disconnect();
  mutator?.disconnect();
  await stop();
});

/** Drains a scan stream, applying `between` after each batch; returns every element seen. */
async function drain(stream: NodeJS.ReadableStream, between: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  for await (const batch of stream as AsyncIterable<string[]>) {
    seen.push(...batch);
    await between();
  }
  return seen;
}

describe('hashes and sets through ioredis', () => {
  it('keeps a session in a hash', async () => {
    expect(await client.hset('session:1', { user: 'ann', visits: '1', cart: '' })).toBe(3);
    expect(await client.hincrby('session:1', 'visits', 4)).toBe(5);
    expect(await client.hincrbyfloat('session:1', 'score', '0.1')).toBe('0.1');
    expect(await client.hgetall('session:1')).toEqual({ user: 'ann', visits: '5', cart: '', score: '0.1' });
    expect(await client.hmget('session:1', 'user', 'none')).toEqual(['ann', null]);
    expect(await client.hdel('session:1', 'cart', 'none')).toBe(1);
    expect(await client.hlen('session:1')).toBe(3);
    expect(await client.type('session:1')).toBe('hash');
    expect(await client.object('ENCODING', 'session:1')).toBe('listpack');
    await expect(client.hincrby('session:1', 'user', 1)).rejects.toThrow('ERR hash value is not an integer');
    await client.set('plain', 'x');
    await expect(client.hget('plain', 'f')).rejects.toThrow('WRONGTYPE');
  });

  it('keeps tags in sets and combines them', async () => {
    expect(await client.sadd('tags:a', 'red', 'green', 'blue')).toBe(3);
    expect(await client.sadd('tags:b', 'green', 'blue', 'cyan')).toBe(3);
    expect((await client.sinter('tags:a', 'tags:b')).sort()).toEqual(['blue', 'green']);
    expect((await client.sunion('tags:a', 'tags:b')).sort()).toEqual(['blue', 'cyan', 'green', 'red']);
    expect(await client.sdiff('tags:a', 'tags:b')).toEqual(['red']);
    expect(await client.sintercard(2, 'tags:a', 'tags:b')).toBe(2);
    expect(await client.smismember('tags:a', 'red', 'cyan')).toEqual([1, 0]);
    expect(await client.smove('tags:a', 'tags:b', 'red')).toBe(1);
    expect(await client.scard('tags:b')).toBe(4);
    const popped = await client.spop('tags:b', 2);
    expect(popped).toHaveLength(2);
    expect(await client.scard('tags:b')).toBe(2);
    expect(await client.sadd('ids', 3, 1, 2)).toBe(3);
    expect(await client.smembers('ids')).toEqual(['1', '2', '3']);
    expect(await client.object('ENCODING', 'ids')).toBe('intset');
  });

  it('hscanStream returns every field present for the whole scan while another client writes', async () => {
    const fields = Array.from({ length: 700 }, (_, i) => `f${i}`);
    await client.hset('big', Object.fromEntries(fields.map((f) => [f, 'v'])));
    expect(await client.object('ENCODING', 'big')).toBe('hashtable');
    let round = 0;
    const seen = await drain(client.hscanStream('big', { count: 20 }), async () => {
      round++;
      await mutator.hset('big', `churn${round}`, 'x');
      await mutator.hdel('big', `churn${round - 1}`);
    });
    const seenFields = new Set(seen.filter((_, i) => i % 2 === 0));
    for (const f of fields) expect(seenFields.has(f), f).toBe(true);
    expect(round).toBeGreaterThan(10);
  });

  it('sscanStream returns every member present for the whole scan while another client writes', async () => {
    const members = Array.from({ length: 500 }, (_, i) => `m${i}`);
    await client.sadd('bigset', ...members);
    let round = 0;
    const seen = new Set(
      await drain(client.sscanStream('bigset', { count: 20, match: 'm*' }), async () => {
        round++;
        await mutator.sadd('bigset', `x${round}`);
        await mutator.srem('bigset', `x${round - 1}`);
      }),
    );
    for (const m of members) expect(seen.has(m), m).toBe(true);
    expect([...seen].some((m) => m.startsWith('x'))).toBe(false);
  });
});

describe('hashes and sets in RESP3', () => {
  it('answers a map, sets and pairs', async () => {
    const raw = await RawClient.connect(port);
    try {
      await raw.call('HELLO', '3');
      await raw.call('SELECT', '4');
      await raw.call('HSET', 'r3', 'a', '1', 'b', '2');
      await raw.call('SADD', 'r3s', '2', '1');
      expect(await raw.call('HGETALL', 'r3')).toBe('%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n');
      expect(await raw.call('SMEMBERS', 'r3s')).toBe('~2\r\n$1\r\n1\r\n$1\r\n2\r\n');
      expect(await raw.call('SINTER', 'r3s', 'nokey')).toBe('~0\r\n');
      expect(decodeReply(await raw.call('HRANDFIELD', 'r3', '2', 'WITHVALUES'))).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
      expect(await raw.call('HGET', 'r3', 'none')).toBe('_\r\n');
      expect(await raw.call('SRANDMEMBER', 'r3s', '5')).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n');
    } finally {
      raw.close();
    }
  });
});
