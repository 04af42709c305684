/**
 * Randomized model test of the list commands: seeded sequences of thousands of random list
 * operations (pushes, pops with counts, ranges, sets, inserts, removals, trims, moves, LPOS with
 * options, LMPOP, and now and then a string key for WRONGTYPE) go to respkv and to redis-server,
 * and every raw reply must be identical. A second part keeps four connections per server blocking
 * in random blocking commands while random writes serve them: the blocked-client counts, which
 * clients were served and their replies must match. A failure names the seed and the step.
 */
import { describe, expect, it } from 'vitest';
import { usePair } from '../helpers/differential';
import { RawClient } from '../helpers/raw';
import { Random } from '../../src/util/random';

const pair = usePair();

const KEYS = ['a', 'b', 'c', 's'];
/** Where each blocking command names the key it tries first. */
const BLOCKING_FIRST_KEY: Record<string, number> = { BLMPOP: 3, BLPOP: 1, BRPOP: 1, BLMOVE: 1, BRPOPLPUSH: 1 };
const ELEMENTS = ['x', 'y', 'z', '', 'long-element-'.repeat(4), '1', '-2'];

function commandFor(rnd: Random): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
  const key = pick(KEYS);
  const el = () => pick(ELEMENTS);
  const index = () => String(rnd.below(13) - 6);
  const side = () => pick(['LEFT', 'RIGHT']);
  const some = () => Array.from({ length: 1 + rnd.below(4) }, el);
  const generators: Array<() => string[]> = [
    () => ['LPUSH', key, ...some()],
    () => ['RPUSH', key, ...some()],
    () => ['LPUSHX', key, ...some()],
    () => ['RPUSHX', key, el()],
    () => ['LPOP', key],
    () => ['RPOP', key],
    () => ['LPOP', key, String(rnd.below(4))],
    () => ['RPOP', key, String(rnd.below(4))],
    () => ['LLEN', key],
    () => ['LRANGE', key, index(), index()],
    () => ['LINDEX', key, index()],
    () => ['LSET', key, index(), el()],
    () => ['LINSERT', key, pick(['BEFORE', 'AFTER']), el(), el()],
    () => ['LREM', key, String(rnd.below(5) - 2), el()],
    () => ['LTRIM', key, index(), index()],
    () => ['LPOS', key, el()],
    () => ['LPOS', key, el(), 'RANK', pick(['1', '2', '-1', '-2']), 'COUNT', String(rnd.below(3)), 'MAXLEN', String(rnd.below(6))],
    () => ['LMOVE', key, pick(KEYS), side(), side()],
    () => ['RPOPLPUSH', key, pick(KEYS)],
    () => ['LMPOP', '2', key, pick(KEYS), side(), 'COUNT', String(1 + rnd.below(3))],
    () => ['BLMPOP', '0', '2', key, pick(KEYS), side(), ...(rnd.below(2) ? [] : ['COUNT', '2'])],
    () => [pick(['BLPOP', 'BRPOP']), key, pick(KEYS), '0'],
    () => ['BLMOVE', key, pick(KEYS), side(), side(), '0'],
    () => ['BRPOPLPUSH', key, pick(KEYS), '0'],
    () => ['EXISTS', key],
    () => ['TYPE', key],
    () => (rnd.below(10) === 0 ? ['SET', 's', 'string'] : ['DEL', 's']),
  ];
  return pick(generators)();
}

describe('list commands with redis-server as the model', () => {
  for (const seed of [7, 8, 9]) {
    it(`answers 3000 random list operations identically (seed ${seed})`, async () => {
      await pair.expectSame([['FLUSHALL']]);
      const rnd = new Random(seed);
      for (let step = 0; step < 3000; step++) {
        const cmd = commandFor(rnd);
        // A blocking command only runs when it cannot block: its first key must hold a list.
        const first = BLOCKING_FIRST_KEY[cmd[0]];
        if (first !== undefined) {
          const [len] = await pair.both('LLEN', cmd[first]);
          if (!len.startsWith(':') || len === ':0\r\n') continue;
        }
        const [ours, theirs] = await pair.both(...cmd);
        expect(ours, `seed ${seed} step ${step}: ${cmd.join(' ')}`).toBe(theirs);
      }
      for (const key of KEYS) await pair.expectSame([['LRANGE', key, '0', '-1']]);
    });
  }
});

/** One blocking connection to each server, and the reply each is waiting for. */
interface WaiterPair {
  conns: [RawClient, RawClient];
  pending: [Promise<string>, Promise<string>] | undefined;
  done: [string | undefined, string | undefined];
}

async function blockedClients(client: RawClient): Promise<number> {
  const info = await client.call('INFO', 'clients');
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? -1);
}

/** Polls until check() holds; bounded by the test's timeout. */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 1));
}

describe('blocked clients with redis-server as the model', () => {
  for (const seed of [11, 12]) {
    it(`serves random blocked clients identically (seed ${seed})`, async (ctx) => {
      expect(await blockedClients(pair.ours)).toBeGreaterThanOrEqual(0);
      await pair.expectSame([['FLUSHALL']]);
      const rnd = new Random(seed);
      const pick = <T>(xs: readonly T[]): T => xs[rnd.below(xs.length)];
      const waiters: WaiterPair[] = [];
      for (let i = 0; i < 4; i++) {
        const conns = (await Promise.all([RawClient.connect(pair.respkv.port), RawClient.connect(pair.redis.port)])) as [RawClient, RawClient];
        waiters.push({ conns, pending: undefined, done: [undefined, undefined] });
      }
      const blocking = [
        ['BLPOP', 'a', 'b', '0'],
        ['BRPOP', 'c', '0'],
        ['BLMOVE', 'a', 'c', 'LEFT', 'RIGHT', '0'],
        ['BLMPOP', '0', '2', 'b', 'c', 'LEFT', 'COUNT', '2'],
        ['BRPOPLPUSH', 'b', 'a', '0'],
      ];
      const key = () => pick(['a', 'b', 'c']);
      const push = () => [pick(['RPUSH', 'LPUSH']), key(), ...Array.from({ length: 1 + rnd.below(3) }, () => String(rnd.below(100)))];
      // Pushes dominate; a string key (WRONGTYPE for whoever meets it) is rare and soon deleted.
      const writes = (): string[][] => {
        const r = rnd.below(22);
        if (r < 12) return [push()];
        if (r < 14) return [['LMOVE', key(), key(), 'LEFT', 'LEFT']];
        if (r < 17) return [['DEL', key()]];
        if (r < 18) return [['SET', key(), 'string']];
        if (r < 20) return [['LPOP', key()]];
        // A transaction: its pushes are served only after EXEC, from what it left behind.
        return [['MULTI'], push(), push(), ['LPOP', key()], ['EXEC']];
      };
      try {
        for (let step = 0; step < 150; step++) {
          const idle = waiters.filter((w) => w.pending === undefined);
          if (idle.length > 0 && rnd.below(2) === 0) {
            const w = pick(idle);
            const cmd = pick(blocking);
            const before = await Promise.all([blockedClients(pair.ours), blockedClients(pair.theirs)]);
            w.done = [undefined, undefined];
            w.pending = [0, 1].map((side) =>
              w.conns[side].call(...cmd).then((r) => {
                w.done[side] = r;
                return r;
              }),
            ) as [Promise<string>, Promise<string>];
            // Either it answers at once or the server counts one more blocked client.
            const controls = [pair.ours, pair.theirs];
            for (const side of [0, 1]) {
              await until(async () => w.done[side] !== undefined || (await blockedClients(controls[side])) === before[side] + 1);
            }
          } else {
            for (const cmd of writes()) {
              const [ours, theirs] = await pair.both(...cmd);
              expect(ours, `seed ${seed} step ${step}: ${cmd.join(' ')}`).toBe(theirs);
            }
          }
          const counts = await Promise.all([blockedClients(pair.ours), blockedClients(pair.theirs)]);
          expect(counts[0], `seed ${seed} step ${step}: blocked clients`).toBe(counts[1]);
          const stillBlocked = counts[0];
          // Everyone not counted blocked has (or will shortly have) its reply on both sides.
          const waiting = waiters.filter((w) => w.pending !== undefined);
          await until(() => waiting.filter((w) => w.done[0] === undefined).length === stillBlocked);
          await until(() => waiting.filter((w) => w.done[1] === undefined).length === stillBlocked);
          for (const w of waiting) {
            expect(w.done[0] === undefined, `seed ${seed} step ${step}: same clients served`).toBe(w.done[1] === undefined);
            if (w.done[0] !== undefined) {
              expect(w.done[0], `seed ${seed} step ${step}`).toBe(w.done[1]);
              w.pending = undefined;
            }
          }
        }
        for (const key of ['a', 'b', 'c']) await pair.expectSame([['TYPE', key], { cmd: ['LRANGE', key, '0', '-1'], typeOnly: true }]);
      } finally {
        for (const w of waiters) for (const c of w.conns) c.close();
      }
    });
  }
});
