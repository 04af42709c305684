/**
 * The differential harness: the same commands go to respkv and to a real redis-server, and the raw
 * reply bytes must be identical. Where Redis leaves an order unspecified (KEYS, SMEMBERS, ...) a
 * step is marked `unordered` and the elements of the top-level array are compared as multisets.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { RawClient, replyLength } from './raw';
import { RunningServer, startRedis, startRespkv } from './servers';

export type Step = string[] | { cmd: string[]; unordered?: boolean; /** compare only the reply type and not the bytes */ typeOnly?: boolean };

export interface Pair {
  respkv: RunningServer;
  redis: RunningServer;
  ours: RawClient;
  theirs: RawClient;
  /** Sends one command to both and returns both raw replies. */
  both(...args: string[]): Promise<[string, string]>;
  /** Runs steps, expecting identical replies. */
  expectSame(steps: readonly Step[]): Promise<void>;
  stop(): Promise<void>;
}

/** How long a test should allow startPair: two servers start, and a loaded machine is slow. */
export const PAIR_START_TIMEOUT_MS = 30_000;
/** A bound for one differential test of many round trips each, on a loaded machine. */
export const PAIR_TEST_TIMEOUT_MS = 30_000;

/**
 * A pair for the enclosing test file: started before its first test, stopped after its last, and
 * with `flushEach` flushed (FLUSHALL, answered alike) before every test. The returned Pair forwards
 * to the running one, so tests use it as if they had started it themselves.
 */
export function usePair(options: { respkvArgs?: string[]; redisArgs?: string[]; flushEach?: boolean } = {}): Pair {
  let current: Pair | undefined;
  beforeAll(async () => {
    current = await startPair(options.respkvArgs, options.redisArgs);
  }, PAIR_START_TIMEOUT_MS);
  afterAll(async () => {
    await current?.stop();
  });
  if (options.flushEach) {
    beforeEach(async () => {
      await current!.expectSame([['FLUSHALL']]);
    });
  }
  return new Proxy({} as Pair, { get: (_target, prop) => Reflect.get(current as Pair, prop) });
}

export async function startPair(respkvArgs: string[] = [], redisArgs: string[] = []): Promise<Pair> {
  const [respkv, redis] = await Promise.all([startRespkv(respkvArgs), startRedis(redisArgs)]);
  const ours = await RawClient.connect(respkv.port);
  const theirs = await RawClient.connect(redis.port);
  const pair: Pair = {
    respkv,
    redis,
    ours,
    theirs,
    async both(...args: string[]) {
      return Promise.all([ours.call(...args), theirs.call(...args)]);
    },
    async expectSame(steps: readonly Step[]) {
      for (const step of steps) {
        const s = Array.isArray(step) ? { cmd: step } : step;
        const [a, b] = await pair.both(...s.cmd);
        const label = s.cmd.map((x) => JSON.stringify(x)).join(' ');
        if (s.typeOnly) expect(a[0], label).toBe(b[0]);
        else if (s.unordered) expect(sortedElements(a), label).toEqual(sortedElements(b));
        else expect(a, label).toBe(b);
      }
    },
    async stop() {
      ours.close();
      theirs.close();
      await Promise.all([respkv.stop(), redis.stop()]);
    },
  };
  return pair;
}

/** The elements of a top-level aggregate reply as sorted raw strings; other replies as themselves. */
export function sortedElements(raw: string): string[] {
  const buf = Buffer.from(raw, 'latin1');
  const type = raw[0];
  if (!'*~%'.includes(type) || raw.startsWith('*-1')) return [raw];
  const headerEnd = raw.indexOf('\r\n') + 2;
  const out: string[] = [];
  let pos = headerEnd;
  const per = type === '%' ? 2 : 1;
  while (pos < buf.length) {
    let item = '';
    for (let k = 0; k < per; k++) {
      const len = replyLength(buf, pos);
      item += buf.toString('latin1', pos, pos + len);
      pos += len;
    }
    out.push(item);
  }
  return [raw.slice(0, headerEnd), ...out.sort()];
}

/** Runs steps under RESP2 and then RESP3 (HELLO 3), from an empty keyspace each time; ends in RESP2. */
export async function expectSameInBothProtocols(pair: Pair, steps: readonly Step[]): Promise<void> {
  for (const proto of ['2', '3']) {
    await pair.both('HELLO', proto);
    await pair.both('FLUSHALL');
    await pair.expectSame(steps);
  }
  await pair.both('HELLO', '2');
}

/**
 * Runs steps with every keyspace event enabled and a pattern subscriber on each server, expecting
 * identical replies and the identical sequence of event messages; returns how many there were.
 */
export async function expectSameKeyspaceEvents(pair: Pair, steps: readonly Step[]): Promise<number> {
  const subscribers = await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)]);
  try {
    await pair.expectSame([['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']]);
    for (const sub of subscribers) await sub.call('PSUBSCRIBE', '__key*@*__:*');
    await pair.expectSame([...steps, ['CONFIG', 'SET', 'notify-keyspace-events', '']]);
    const [ours, theirs] = await Promise.all(subscribers.map(messagesUntilPong));
    expect(ours).toEqual(theirs);
    return theirs.length;
  } finally {
    for (const sub of subscribers) sub.close();
  }
}

/** A subscriber's pending messages, read up to the answer of a PING sent now. */
async function messagesUntilPong(sub: RawClient): Promise<string[]> {
  sub.write('*1\r\n$4\r\nPING\r\n');
  const out: string[] = [];
  for (;;) {
    const reply = (await sub.read()).toString('latin1');
    if (reply.startsWith('*2\r\n$4\r\npong\r\n')) return out;
    out.push(reply);
  }
}

/** COMMAND INFO's reply up to its ACL categories: name, arity, flags, first, last, step, categories. */
export function commandInfoHead(raw: string): string[] {
  const lines = raw.split('\r\n');
  let i = 5;
  i += 1 + Number(lines[i].slice(1));
  i += 3;
  i += 1 + Number(lines[i].slice(1));
  return lines.slice(2, i);
}
